/**
 * Thermo lines on stdout, as LAMMPS prints them during a run: a header naming the columns and
 * their units, then one row per thermo step. For runs off a terminal (nohup, Slurm, a pipe),
 * where no progress bar is drawn.
 */
import type { ThermoRow } from '../md.js';
import type { Units } from '../units.js';

const COLUMNS = ['Step', 'Temp', 'PotEng', 'KinEng', 'TotEng', 'Press'] as const;

export function thermoHeader(units: Units): string {
  const L = units.labels;
  return `thermo (units ${units.name}: Temp ${L.temperature}, energies ${L.energy}/atom, Press ${L.pressure})\n` +
    COLUMNS.map((c, k) => (k === 0 ? c.padStart(10) : c.padStart(15))).join('');
}

export function thermoLine(r: ThermoRow): string {
  return String(r.step).padStart(10) + [r.temperature, r.pe, r.ke, r.etotal, r.pressure].map((v) => format(v).padStart(15)).join('');
}

/** Eight significant digits, as LAMMPS's %.8g. */
function format(v: number): string {
  return v === 0 ? '0' : String(Number(v.toPrecision(8)));
}
