/**
 * An activation campaign's events as the loss spectrum needs them: the catalogue of distinct events
 * out of the glass minimum with their stress coupling and sampling weight (catalogue.csv), the
 * sampling estimate (sampling.json, saturation.svg), and what the spectrum needs of the glass
 * itself (glass.json: elastic constants at T = 0, Einstein frequency).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../sim/io/checkpoint.js';
import { writeCsvUnits } from '../../sim/io/csv-units.js';
import { readConfiguration } from '../../sim/io/configuration.js';
import { referenceForceField } from '../../sim/open-force-field.js';
import { boxVolume } from '../../sim/box.js';
import { unitsByName, type Units } from '../../sim/units.js';
import { EnergySurface } from '../../landscape/energy-surface.js';
import { einsteinFrequency } from '../../landscape/saddles/index.js';
import type { ActivationSetup, EventRunner } from '../../landscape/activation/events.js';
import type { Assembly } from '../../landscape/activation/assemble.js';
import { assembleCampaign } from '../../landscape/activation/campaign.js';
import { localElasticity, stressFactor } from '../heterogeneity/local-elasticity.js';
import { saturationFigure } from '../plots/landscape-plots.js';
import { saveFigure } from '../plots/figure.js';
import { estimateSampling, type SamplingEstimate } from './sampling.js';
import { formatCatalogue, STRESS_COLUMNS } from './event-catalogue.js';

const GLASS_FILE = 'glass.json';

export interface GlassReference {
  /** Box-level elastic constants (Voigt, stress unit) and the Einstein frequency (1/time). */
  voigt: number[];
  unit: string;
  einstein_frequency: number;
}

/**
 * What the catalogue needs of the starting glass, computed once per run directory into glass.json:
 * its elastic constants at T = 0 (box level, ±strain with non-affine relaxation:
 * analysis/heterogeneity/local-elasticity.ts) and its Einstein frequency (landscape/saddles/vineyard.ts).
 */
function glassReference(setup: ActivationSetup, dir: string): GlassReference {
  const path = join(dir, GLASS_FILE);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  const { potential } = setup;
  const units = unitsByName(potential.units);
  const state = readConfiguration(setup.initialData, { ...potential, units });
  const ff = referenceForceField(potential.spec, potential.skin);
  const { lx, ly, lz } = state.box;
  const surface = new EnergySurface(state, ff);
  const nuE = einsteinFrequency(surface, units, surface.current(), units.name === 'metal' ? 3.0 : 1.2);
  const le = localElasticity(state, ff, { voxel: Math.max(lx, ly, lz), units });
  const out = { voigt: Array.from(le.global), unit: le.unit, moduli: le.globalModuli, einstein_frequency: nuE };
  writeFileAtomic(path, JSON.stringify(out, null, 1) + '\n');
  return out;
}

/**
 * Writes the event catalogue (catalogue.csv: distinct events out of the initial minimum, each
 * weighted by the sampling estimate), sampling.json and saturation.svg into `dir`.
 */
function writeCatalogue(dir: string, runner: EventRunner, a: Assembly, units: Units, glass: GlassReference): SamplingEstimate {
  const sampling = estimateSampling(a.found, runner.state.n);
  const stress = stressFactor(units).factor;
  const volume = boxVolume(runner.state.box);
  const rows = a.collector.events.map((d) => {
    const f = d.first;
    return {
      event: f.event, hits: d.hits, adjacency: f.adjacency, E_forward: d.forward, E_backward: d.backward, asymmetry: d.forward - d.backward,
      ...Object.fromEntries(STRESS_COLUMNS.map((c, k) => [c, d.dsigma[k] * stress])), volume, weight: sampling.weight,
      nu0: f.nu0 ?? null, vineyard_atoms: f.vineyardAtoms ?? null,
      moved_atoms: f.movedAtoms, minima_distance: f.minimaDistance, max_atom_displacement: f.maxAtomDisplacement,
    };
  });
  const l = units.labels;
  const { csv, sidecar } = formatCatalogue({
    units: units.name, labels: { energy: l.energy, length: l.length, stress: stressFactor(units).unit, time: l.time }, volume,
    elasticConstants: glass.voigt, rows,
    header: {
      einstein_frequency: glass.einstein_frequency,
      attempts: sampling.attempts, accepted: sampling.accepted, distinct: sampling.distinct, singletons: sampling.singletons, doubletons: sampling.doubletons,
      estimated_events: sampling.estimated, events_per_site: sampling.eventsPerSite,
    },
  });
  writeFileAtomic(join(dir, 'catalogue.csv'), csv);
  writeCsvUnits(join(dir, 'catalogue.csv'), sidecar);
  writeFileAtomic(join(dir, 'sampling.json'), JSON.stringify(sampling, null, 1) + '\n');
  saveFigure(saturationFigure(a.found, sampling), join(dir, 'saturation.svg'));
  return sampling;
}

/**
 * A campaign's events 1..count turned into its files: the database (assembled anew, adjacency
 * judged with `adjacencyRadius`), the glass reference (kept in `dir`) and the catalogue, written
 * into `out` (default `dir`; another directory for the catalogue of the first attempts only).
 */
export function catalogueCampaign(
  dir: string, setup: ActivationSetup, count: number, adjacencyRadius: number, out = dir,
): { assembly: Assembly; sampling: SamplingEstimate } {
  const { runner, assembly } = assembleCampaign(out, setup, count, adjacencyRadius);
  const sampling = writeCatalogue(out, runner, assembly, unitsByName(setup.potential.units), glassReference(setup, dir));
  return { assembly, sampling };
}
