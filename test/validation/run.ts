/**
 * Statistical validation against LAMMPS (`npm run validate`): the mean potential energy per atom of
 * Kob–Andersen at T = 1.0 (NVT) must be the same in betascape and in LAMMPS within statistical
 * error. Both start from the same data file (ka864 from test/reference with velocities created
 * at T = 1) and run Nose–Hoover NVT (damp 0.5, chain 3, dt 0.005): EQUIL steps of equilibration,
 * then PROD steps sampled every SAMPLE_EVERY steps. Betascape's Langevin thermostat (damp 0.5)
 * is run on the same protocol and must agree as well. The error of every mean comes from block
 * averaging; the script exits with status 1 when a difference exceeds 3 combined standard errors.
 * Without `lmp`, betascape's two thermostats are compared with each other only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LennardJones, kobAndersen } from '../../sim/potentials/lj.js';
import { createForceField } from '../../sim/forces.js';
import { runMD } from '../../sim/md.js';
import type { Thermostat } from '../../sim/integrate/thermostat.js';
import { noseHoover } from '../../sim/integrate/nose-hoover.js';
import { langevin } from '../../sim/integrate/langevin.js';
import { initVelocities } from '../../sim/velocities.js';
import { createRng } from '../../sim/random.js';
import { LJ_UNITS } from '../../sim/units.js';
import { parseLammpsDataFile, writeLammpsData } from '../../sim/io/lammps-data.js';
import { lammpsPreamble, LMP, lammpsAvailable, parseThermo, runLammpsAsync } from '../helpers/lammps.js';
import { referenceDir } from '../helpers/reference.js';
import { blockStandardError, mean } from './stats.js';

const T = 1.0, DAMP = 0.5, DT = 0.005;
const EQUIL = 2000, PROD = 40000, SAMPLE_EVERY = 50;
const units = LJ_UNITS;

interface Estimate {
  label: string;
  mean: number;
  /** Standard error of the mean from block averaging. */
  se: number;
  samples: number;
  meanT: number;
  seconds: number;
}

function estimate(label: string, pe: number[], temps: number[], seconds: number): Estimate {
  return { label, mean: mean(pe), se: blockStandardError(pe), samples: pe.length, meanT: mean(temps), seconds };
}

/** Our NVT run from the data file: equilibration, then production sampled every SAMPLE_EVERY steps. */
function runBetascape(label: string, dataFile: string, thermostat: Thermostat): Estimate {
  const t0 = performance.now();
  const state = parseLammpsDataFile(dataFile);
  const ff = createForceField(new LennardJones(kobAndersen()), 0.3);
  const opts = { dt: DT, units, thermostat, tStart: T };
  runMD(state, ff, { ...opts, steps: EQUIL });
  const pe: number[] = [], temps: number[] = [];
  const begin = state.step;
  runMD(state, ff, {
    ...opts, steps: PROD, thermoEvery: SAMPLE_EVERY,
    onThermo: (row) => {
      if (row.step === begin) return; // the first row is the end of the equilibration
      pe.push(row.pe);
      temps.push(row.temperature);
    },
  });
  return estimate(label, pe, temps, (performance.now() - t0) / 1000);
}

/** The same Nose–Hoover protocol in LAMMPS, in the background (it has a core of its own). */
async function runReference(dir: string): Promise<Estimate> {
  const { log } = await runLammpsAsync(
    `${lammpsPreamble({ dt: DT })}fix 1 all nvt temp ${T} ${T} ${DAMP}
thermo_style custom step temp pe
thermo_modify norm yes format float %.15g
thermo 0
run ${EQUIL}
thermo ${SAMPLE_EVERY}
run ${PROD}
`,
    dir,
  );
  const thermo = parseThermo(log);
  // Drop the first row (step EQUIL), as for betascape.
  const wall = /Total wall time: (\d+):(\d+):(\d+)/.exec(log);
  const seconds = wall ? 3600 * Number(wall[1]) + 60 * Number(wall[2]) + Number(wall[3]) : NaN;
  return estimate(`LAMMPS fix nvt`, thermo.PotEng.slice(1), thermo.Temp.slice(1), seconds);
}

/** Prints a comparison of two estimates and says whether they agree within 3 combined sigma. */
function compare(a: Estimate, b: Estimate): boolean {
  const diff = a.mean - b.mean;
  const sigma = Math.hypot(a.se, b.se);
  const ok = Math.abs(diff) <= 3 * sigma;
  console.log(`${a.label} - ${b.label}: ${diff.toExponential(3)} = ${(diff / sigma).toFixed(2)} sigma (combined sigma ${sigma.toExponential(3)}) ${ok ? 'OK' : 'FAIL (> 3 sigma)'}`);
  return ok;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'betascape-validate-'));
  try {
    const start = parseLammpsDataFile(join(referenceDir, 'ka864.data'), { typeNames: ['A', 'B'] });
    initVelocities(start, T, createRng(12345), units);
    start.step = 0;
    const dataFile = join(dir, 'start.data');
    writeLammpsData(dataFile, start);
    console.log(`KA N=${start.n}, NVT T=${T}, dt ${DT}: ${EQUIL} steps equilibration + ${PROD} production, PE sampled every ${SAMPLE_EVERY} steps`);

    const reference = lammpsAvailable() ? runReference(dir) : undefined;
    if (!reference) console.log(`LAMMPS (${LMP}) not found: comparing betascape's thermostats with each other only.`);
    const ours = [
      runBetascape('betascape Nose-Hoover', dataFile, noseHoover({ damp: DAMP })),
      runBetascape('betascape Langevin', dataFile, langevin({ damp: DAMP, seed: 777 })),
    ];
    const results = reference ? [await reference, ...ours] : ours;

    console.log('\nrun                      <PE>/atom        std. error   samples  <T>      seconds');
    for (const r of results) {
      console.log(`${r.label.padEnd(24)} ${r.mean.toFixed(6).padStart(11)}  ${r.se.toExponential(3).padStart(14)}  ${String(r.samples).padStart(7)}  ${r.meanT.toFixed(4)}  ${r.seconds.toFixed(1).padStart(7)}`);
    }
    console.log();
    const [ref, ...others] = results;
    const ok = others.map((r) => compare(r, ref)).every(Boolean);
    console.log(ok ? '\nvalidation passed' : '\nvalidation FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
