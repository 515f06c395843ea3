/**
 * The sweep config (configs/*.yaml, YAML or JSON): the schema with its defaults. A sweep is
 * alloys × cooling rates × anneal variants × seeds of one quench protocol (sweep.ts expands it
 * into members; docs/sweeps.md documents every key).
 *
 * Units: `lj` with an LJ model (time τ, T in ε/k_B, a rate in (ε/k_B) per τ), `metal` with an
 * EAM potential (time ps, T in K, a rate in K/ps = 1e12 K/s, pressure in bar, density in atoms/Å³);
 * durations are in time units and steps = round(duration / dt).
 */
import { z } from 'zod';
import { UNIT_SYSTEMS } from '../units.js';
import { MAX_SEEDS } from './plausibility.js';

/** Most cooling rates a log range may generate. */
const MAX_RATES = 1000;
// Schema

const num = z.number({ error: 'must be a number' });
const positive = () => num.gt(0, 'must be > 0');
const nonNegative = () => num.gte(0, 'must be >= 0');
const whole = () => z.int({ error: 'must be a whole number' });
const range = () => z.tuple([nonNegative(), nonNegative()], { error: 'must be a pair [T_low, T_high]' });

const annealSchema = z.strictObject({
  /** Ageing temperature (below Tg). */
  T: nonNegative(),
  /** Duration in time units; 0 = this variant is not annealed. */
  duration: nonNegative(),
});

const elementList = z.array(z.string().regex(/^[A-Z][a-z]?$/, 'must be an element symbol like Cu')).min(1, 'must name at least one element');

/**
 * An EAM potential: a LAMMPS file (`eam/alloy` or `eam/fs`, relative to the config file) with the
 * element of each atom type, or the Zhou–Johnson–Wadley EAM of these elements (generated as a
 * setfl file into each member's directory).
 */
const potentialSchema = z.strictObject({
  file: z.string().min(1, 'must not be empty').optional(),
  elements: elementList.optional(),
  style: z.enum(['eam/alloy', 'eam/fs']).optional(),
  zhou: elementList.optional(),
});

const alloySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, . _ or -').optional(),
  model: z.string().min(1).optional(),
  potential: potentialSchema.optional(),
  composition: z.record(z.string(), nonNegative()).optional(),
});

const fields = z.strictObject({
  /** Label of the sweep; the default output directory is runs/<name>. */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, . _ or -').optional(),
  /** LJ preset (ka, wahnstrom) or a model file (configs/models/*.yaml), relative to this file. */
  model: z.string().min(1, 'must not be empty').optional(),
  /** Or an EAM potential (metal units). */
  potential: potentialSchema.optional(),
  /** Default: lj with a model, metal with a potential. */
  units: z.enum(['lj', 'metal']).optional(),
  /** Mole fractions by species name (default: the model's). */
  composition: z.record(z.string(), nonNegative()).optional(),
  /** Several alloys in one sweep: each entry overrides model and/or composition. */
  alloys: z.array(alloySchema).min(1, 'must list at least one alloy').optional(),
  n: whole().gt(0, 'must be > 0'),
  /** Number density (default: the model's; required with a potential, atoms/Å³). */
  density: positive().optional(),
  /** Target pressure of ensemble npt (bar in metal units); the whole protocol runs at it. */
  pressure: num.optional(),
  ensemble: z.enum(['nvt', 'langevin', 'npt']).default('nvt'),
  /** MTK barostat of ensemble npt (LAMMPS fix npt). */
  barostat: z
    .strictObject({
      /** Damping time (default 1000 dt, as LAMMPS recommends). */
      pdamp: positive().optional(),
      /** iso: one strain rate; aniso: one per axis; tri: also the three tilts (LAMMPS `tri`). */
      couple: z.enum(['iso', 'aniso', 'tri']).default('iso'),
      /** Length of the barostat's Nose-Hoover chain. */
      chain: whole().gte(1, 'must be >= 1').default(3),
    })
    .optional(),
  thermostat: z
    .strictObject({
      /** Damping time (default 100 dt). */
      damp: positive().optional(),
      /** Nose-Hoover chain length. */
      chain: whole().gte(1, 'must be >= 1').default(3),
    })
    .default({ chain: 3 }),
  /** Default as LAMMPS `units`: 0.005 τ (lj), 0.001 ps (metal). */
  dt: positive().optional(),
  /** Default as LAMMPS `units`: 0.3 σ (lj), 2.0 Å (metal). */
  skin: positive().optional(),
  placement: z.enum(['lattice', 'random']).default('lattice'),
  melt: z.strictObject({ T: positive(), duration: nonNegative() }),
  quench: z.strictObject({
    T_start: nonNegative(),
    T_end: nonNegative(),
    /** Equilibration at T_start before the ramp (time units). */
    hold: nonNegative().default(0),
    rates: z.union(
      [
        z.array(positive()).min(1, 'must list at least one rate'),
        z.strictObject({ from: positive(), to: positive(), count: whole().gte(1, 'must be >= 1').lte(MAX_RATES, `must be <= ${MAX_RATES}`) }),
      ],
      { error: 'must be a list of rates or a log range { from, to, count }' },
    ),
  }),
  /** Isothermal anneal after the quench: one variant or a list (duration 0 = not annealed). */
  anneal: z.union([annealSchema, z.array(annealSchema).min(1, 'must list at least one variant')], {
    error: 'must be { T, duration } or a list of them',
  }).optional(),
  sampling: z
    .strictObject({
      thermo_every: whole().gte(1, 'must be >= 1').default(100),
      /** A LAMMPS dump frame every this many steps (0 = none). */
      snapshot_every: whole().gte(0, 'must be >= 0').default(0),
    })
    .default({ thermo_every: 100, snapshot_every: 0 }),
  /** A count (seeds 1..count) or a list of seeds. */
  seeds: z
    .union([
      whole().gte(1, 'must be >= 1').lte(MAX_SEEDS, `must be <= ${MAX_SEEDS}`),
      z.array(whole().gte(0, 'must be >= 0')).min(1, 'must list at least one seed').max(MAX_SEEDS, `must list at most ${MAX_SEEDS} seeds`),
    ], {
      error: 'must be a count or a list of seeds',
    })
    .default(1),
  /**
   * Where forces are computed (docs/backends.md): cpu (f64 reference), threads (worker threads,
   * equal to cpu to 1e-12), gpu (gpu.js, f32), auto (the fastest that works here).
   */
  backend: z.enum(['cpu', 'threads', 'gpu', 'auto']).default('cpu'),
  /** Worker threads for backend threads/auto (default: the number of cores). */
  threads: whole().gte(1, 'must be >= 1').optional(),
  /**
   * What runs the MD (melt, hold, quench, anneal): betascape itself, or LAMMPS (docs/sweeps.md).
   * No default on purpose: absent and `betascape` are the same physics (physics-key.ts).
   */
  engine: z.enum(['betascape', 'lammps']).optional(),
  /** How LAMMPS is started for engine lammps (not part of the physics: a run may move between machines). */
  lammps: z
    .strictObject({
      /** The LAMMPS executable (a name on PATH or a path). */
      command: z.string().min(1, 'must not be empty').default('lmp'),
      /** MPI ranks: above 1, `mpirun -np N` starts LAMMPS. */
      mpi_ranks: whole().gte(1, 'must be >= 1').default(1),
      /** More command-line arguments for LAMMPS, e.g. ['-sf', 'omp', '-pk', 'omp', '2']. */
      extra_args: z.array(z.string()).default([]),
      /** More arguments for mpirun, e.g. ['--allow-run-as-root'] in a container run as root. */
      mpirun_args: z.array(z.string()).default([]),
    })
    .optional(),
  /** Run directory (relative to the working directory); default runs/<name>. */
  output: z.string().min(1, 'must not be empty').optional(),
  checkpoint: z
    .strictObject({
      /** Wall-clock seconds of work between checkpoints. */
      every_s: positive().default(300),
      /** Also every this many steps (0 = only by time). */
      every_steps: whole().gte(0, 'must be >= 0').default(0),
    })
    .default({ every_s: 300, every_steps: 0 }),
  minimize: z
    .strictObject({
      method: z.enum(['cg', 'fire', 'lbfgs']).default('cg'),
      /**
       * Stop when the largest per-atom force is below this (force units: ε/σ, or eV/Å in metal
       * units, where CG on EAM glasses reaches 1e-8 and below with a few dozen extra iterations).
       */
      ftol: positive().default(1e-8),
      max_iterations: whole().gte(1, 'must be >= 1').default(100000),
    })
    .default({ method: 'cg', ftol: 1e-8, max_iterations: 100000 }),
  /** Glass transition fit: optional fixed windows [T_low, T_high] for the two lines. */
  tg: z.strictObject({ glass: range().optional(), liquid: range().optional() }).default({}),
});

/** The schema, with the defaults that depend on other keys (units, time step, skin, barostat) filled in. */
export const sweepConfigSchema = fields.transform((c) => {
  const units = c.units ?? (c.potential !== undefined || c.alloys?.some((a) => a.potential) ? 'metal' : 'lj');
  const dt = c.dt ?? UNIT_SYSTEMS[units].defaults.dt;
  const barostat = c.ensemble === 'npt' ? { pdamp: c.barostat?.pdamp ?? 1000 * dt, couple: c.barostat?.couple ?? 'iso', chain: c.barostat?.chain ?? 3 } : c.barostat;
  return {
    ...c,
    units,
    dt,
    skin: c.skin ?? UNIT_SYSTEMS[units].defaults.skin,
    barostat,
  };
});

/** A sweep config with every default filled in. */
export type SweepConfig = z.output<typeof sweepConfigSchema>;
export type AnnealVariant = z.output<typeof annealSchema>;
