/**
 * Statistical validation of the barostat against LAMMPS (`node --import tsx test/validation/npt.ts`),
 * two cases run by both codes from the same data file:
 * - Kob–Andersen (N = 864, test/reference/ka864.data, velocities at T = 1), NPT iso T = 1, P = 1
 *   (Tdamp 0.5, Pdamp 2.5, dt 0.005);
 * - Cu64Zr36 with CuZr_mm.eam.fs (N = 500, melted at 2000 K), NPT iso at 1500 K, P = 0
 *   (Tdamp 0.1 ps, Pdamp 1 ps, dt 2 fs).
 * After equilibration, the mean volume per atom and mean enthalpy per atom (E + P V with the
 * instantaneous P, as LAMMPS `enthalpy`) must agree within 3 combined standard errors (block
 * averaging). Exits 1 otherwise. Without `lmp` it prints betascape's numbers only.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { loadEam } from '../../sim/potentials/eam.js';
import type { Potential } from '../../sim/potentials/potential.js';
import { createForceField } from '../../sim/forces.js';
import { runMD } from '../../sim/md.js';
import { noseHooverNpt } from '../../sim/integrate/nose-hoover-npt.js';
import { langevin } from '../../sim/integrate/langevin.js';
import { initVelocities } from '../../sim/velocities.js';
import { buildSample } from '../../sim/init.js';
import { createRng } from '../../sim/random.js';
import { LJ_UNITS, METAL_UNITS, type Units } from '../../sim/units.js';
import type { State } from '../../sim/state.js';
import { parseLammpsDataFile, writeLammpsData } from '../../sim/io/lammps-data.js';
import { lammpsPreamble, LMP, kaPairCoeffs, lammpsAvailable, parseThermo, runLammpsAsync } from '../helpers/lammps.js';
import { referenceDir } from '../helpers/reference.js';
import { blockStandardError, mean } from './stats.js';

interface Case {
  name: string;
  units: Units;
  potential: () => Potential;
  skin: number;
  /** LAMMPS lines after read_data that set the same potential. */
  pairLines: string;
  start: () => State;
  T: number;
  P: number;
  damp: number;
  pdamp: number;
  dt: number;
  equil: number;
  prod: number;
}

const SAMPLE_EVERY = 50;
const CUZR = '/usr/share/lammps/potentials/CuZr_mm.eam.fs';

const cases: Case[] = [
  {
    name: 'KA N=864 at T=1, P=1', units: LJ_UNITS, potential: () => new LennardJones(kobAndersen()), skin: 0.3,
    pairLines: kaPairCoeffs(), T: 1, P: 1, damp: 0.5, pdamp: 2.5, dt: 0.005, equil: 5000, prod: 40000,
    start: () => {
      const s = parseLammpsDataFile(join(referenceDir, 'ka864.data'), { typeNames: ['A', 'B'] });
      initVelocities(s, 1, createRng(2024), LJ_UNITS);
      return s;
    },
  },
  {
    name: 'Cu64Zr36 (CuZr_mm.eam.fs) N=500 at 1500 K, P=0', units: METAL_UNITS, potential: () => loadEam(CUZR, ['Cu', 'Zr']),
    skin: 2.0, pairLines: `pair_style eam/fs\npair_coeff * * ${CUZR} Cu Zr`, T: 1500, P: 0, damp: 0.1, pdamp: 1, dt: 0.002,
    equil: 3000, prod: 25000,
    start: () => {
      const eam = loadEam(CUZR, ['Cu', 'Zr']);
      const s = buildSample({ n: 500, composition: [0.64, 0.36], masses: eam.masses, typeNames: ['Cu', 'Zr'], density: 0.0585, placement: 'lattice' }, createRng(7));
      initVelocities(s, 2000, createRng(8), METAL_UNITS);
      runMD(s, createForceField(eam, 2.0), { steps: 3000, dt: 0.002, units: METAL_UNITS, thermostat: langevin({ damp: 0.1, seed: 9 }), tStart: 2000, tStop: 1500 });
      return s;
    },
  },
];

interface Series { label: string; volume: number[]; enthalpy: number[] }

function ours(c: Case, dataFile: string): Series {
  const state = parseLammpsDataFile(dataFile);
  const ff = createForceField(c.potential(), c.skin);
  const series: Series = { label: 'betascape', volume: [], enthalpy: [] };
  const begin = state.step;
  runMD(state, ff, {
    steps: c.equil + c.prod, dt: c.dt, units: c.units, tStart: c.T, thermoEvery: SAMPLE_EVERY,
    thermostat: noseHooverNpt({ damp: c.damp, pdamp: c.pdamp, pStart: c.P }),
    onThermo: (r) => {
      if (r.step - begin <= c.equil) return;
      series.volume.push(r.volume / state.n);
      series.enthalpy.push(r.etotal + (r.pressure * r.volume) / state.n / c.units.nktv2p);
    },
  });
  return series;
}

async function lammps(c: Case, dir: string, n: number): Promise<Series> {
  const { log } = await runLammpsAsync(
    `${lammpsPreamble({ units: c.units.name, pair: c.pairLines, skin: c.skin, dt: c.dt })}fix 1 all npt temp ${c.T} ${c.T} ${c.damp} iso ${c.P} ${c.P} ${c.pdamp}
thermo_style custom step vol enthalpy
thermo_modify norm yes format float %.15g
thermo 0
run ${c.equil}
thermo ${SAMPLE_EVERY}
run ${c.prod}
`,
    dir,
  );
  const t = parseThermo(log);
  // thermo_modify norm yes divides the enthalpy by N, but not the volume.
  return { label: 'LAMMPS fix npt', volume: t.Volume.slice(1).map((v) => v / n), enthalpy: t.Enthalpy.slice(1) };
}

async function validate(c: Case): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-npt-validate-'));
  try {
    const start = c.start();
    start.step = 0;
    start.time = 0;
    writeLammpsData(join(dir, 'start.data'), start);
    console.log(`\n${c.name}: NPT iso, ${c.equil} + ${c.prod} steps, sampled every ${SAMPLE_EVERY}`);
    const reference = lammpsAvailable() ? lammps(c, dir, start.n) : undefined;
    if (!reference) console.log(`LAMMPS (${LMP}) not found: betascape numbers only.`);
    const runs = [ours(c, join(dir, 'start.data'))];
    if (reference) runs.push(await reference);
    let ok = true;
    for (const key of ['volume', 'enthalpy'] as const) {
      const stats = runs.map((r) => ({ label: r.label, mean: mean(r[key]), se: blockStandardError(r[key]) }));
      const line = stats.map((s) => `${s.label} ${s.mean.toFixed(5)} ± ${s.se.toExponential(2)}`).join('   ');
      if (stats.length < 2) {
        console.log(`  ${key} per atom: ${line}`);
        continue;
      }
      const z = (stats[0].mean - stats[1].mean) / Math.hypot(stats[0].se, stats[1].se);
      ok &&= Math.abs(z) <= 3;
      const unit = key === 'volume' ? `${c.units.labels.length}^3` : c.units.labels.energy;
      console.log(`  ${key} per atom (${unit}): ${line}   difference ${z.toFixed(2)} sigma`);
    }
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let ok = true;
for (const c of cases) {
  if (c.units.name === 'metal' && !existsSync(CUZR)) {
    console.log(`\n${c.name}: skipped (${CUZR} not found; Debian package lammps-data)`);
    continue;
  }
  ok = (await validate(c)) && ok;
}
console.log(ok ? '\nvalidation passed' : '\nvalidation FAILED');
process.exitCode = ok ? 0 : 1;
