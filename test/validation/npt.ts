/**
 * Statistical validation of the barostat against LAMMPS (`node --import tsx test/validation/npt.ts`):
 * Kob–Andersen (N = 864, from test/reference/ka864.data with velocities at T = 1) under
 * Nose–Hoover NPT iso at T = 1, P = 1 (Tdamp 0.5, Pdamp 2.5, dt 0.005): after EQUIL steps, the
 * mean volume per atom and mean enthalpy per atom (E + P V, instantaneous P, as LAMMPS `enthalpy`)
 * must agree between betascape and LAMMPS `fix npt` within 3 combined standard errors (block
 * averaging). Exits 1 otherwise. Without `lmp` it prints betascape's numbers only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { createForceField } from '../../sim/forces.js';
import { runMD } from '../../sim/md.js';
import { noseHooverNpt } from '../../sim/integrate/nose-hoover-npt.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { LJ_UNITS } from '../../sim/units.js';
import { parseLammpsDataFile, writeLammpsData } from '../../sim/io/lammpsData.js';
import { LMP, kaPairCoeffs, lammpsAvailable, parseThermo, runLammpsAsync } from '../helpers/lammps.js';
import { referenceDir } from '../helpers/reference.js';
import { blockStandardError, mean } from './stats.js';

const T = 1.0, P = 1.0, DAMP = 0.5, PDAMP = 2.5, DT = 0.005;
const EQUIL = 5000, PROD = 40000, SAMPLE_EVERY = 50;

interface Series { label: string; volume: number[]; enthalpy: number[] }

function ours(dataFile: string): Series {
  const state = parseLammpsDataFile(dataFile);
  const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
  const thermostat = noseHooverNpt({ damp: DAMP, pdamp: PDAMP, pStart: P });
  const series: Series = { label: 'betascape NPT', volume: [], enthalpy: [] };
  runMD(state, ff, {
    steps: EQUIL + PROD, dt: DT, units: LJ_UNITS, thermostat, tStart: T, thermoEvery: SAMPLE_EVERY,
    onThermo: (r) => {
      if (r.step <= EQUIL) return;
      series.volume.push(r.volume / state.n);
      series.enthalpy.push(r.etotal + (r.pressure * r.volume) / state.n);
    },
  });
  return series;
}

async function lammps(dir: string, n: number): Promise<Series> {
  const { log } = await runLammpsAsync(
    `units lj
atom_style atomic
boundary p p p
read_data start.data
${kaPairCoeffs()}
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
timestep ${DT}
fix 1 all npt temp ${T} ${T} ${DAMP} iso ${P} ${P} ${PDAMP}
thermo_style custom step vol enthalpy
thermo_modify norm yes format float %.15g
thermo 0
run ${EQUIL}
thermo ${SAMPLE_EVERY}
run ${PROD}
`,
    dir,
  );
  const t = parseThermo(log);
  // thermo_modify norm yes divides the enthalpy by N, but not the volume.
  return { label: 'LAMMPS fix npt', volume: t.Volume.slice(1).map((v) => v / n), enthalpy: t.Enthalpy.slice(1) };
}

function summary(s: Series, key: 'volume' | 'enthalpy') {
  return { mean: mean(s[key]), se: blockStandardError(s[key]) };
}

const dir = mkdtempSync(join(tmpdir(), 'betascape-npt-validate-'));
try {
  const start = parseLammpsDataFile(join(referenceDir, 'ka864.data'), { typeNames: ['A', 'B'] });
  initVelocities(start, T, createRng(2024), LJ_UNITS);
  start.step = 0;
  writeLammpsData(join(dir, 'start.data'), start);
  console.log(`KA N=${start.n}, NPT iso T=${T} P=${P}: ${EQUIL} + ${PROD} steps, sampled every ${SAMPLE_EVERY}`);
  const reference = lammpsAvailable() ? lammps(dir, start.n) : undefined;
  if (!reference) console.log(`LAMMPS (${LMP}) not found: betascape numbers only.`);
  const mine = ours(join(dir, 'start.data'));
  const runs = reference ? [mine, await reference] : [mine];
  let ok = true;
  for (const key of ['volume', 'enthalpy'] as const) {
    const [a, b] = runs.map((r) => summary(r, key));
    const line = runs.map((r, k) => `${r.label} ${[a, b][k].mean.toFixed(5)} ± ${[a, b][k].se.toExponential(2)}`).join('   ');
    if (b) {
      const z = (a.mean - b.mean) / Math.hypot(a.se, b.se);
      ok &&= Math.abs(z) <= 3;
      console.log(`${key} per atom: ${line}   difference ${z.toFixed(2)} sigma`);
    } else console.log(`${key} per atom: ${line}`);
  }
  console.log(ok ? 'validation passed' : 'validation FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
