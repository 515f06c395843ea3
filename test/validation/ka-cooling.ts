/**
 * Validation of configs/ka-cooling-sweep.yaml against LAMMPS (`node --import tsx test/validation/ka-cooling.ts`):
 * Kob–Andersen N = 864, melt at T = 2, hold at T = 1, linear quench to T = 0.1 at 1e-2 and 1e-3
 * per tau (Nose–Hoover, damp 0.5, dt 0.005), 4 seeds, then the inherent structure (CG).
 *
 * betascape runs the config with `betascape sweep`. LAMMPS runs the same protocol from the same
 * start (each member's initial sample and velocities written as a data file): `fix nvt temp` at
 * 2.0, then 1.0, then the ramp 1.0 → 0.1, then `min_style cg`, `minimize 0 1e-8 100000 1000000`.
 * The trajectories part ways within a few tau (chaos), so the two codes give independent samples
 * of the same protocol; the mean e_IS per rate must agree within the seed-to-seed scatter (the
 * difference of the means within 2 standard errors, from the scatter over seeds), and e_IS must
 * fall as the cooling rate falls. Tg (two-line fit to E(T) during the quench) is printed for both.
 *
 *   --quick         rates 1e-1 and 1e-2 instead (a few minutes)
 *   --jobs N        members at once, for both codes (default 2)
 *   --out DIR       keep everything in DIR; a rerun reuses finished members and LAMMPS runs
 *   --set KEY=VALUE more config overrides (repeatable), e.g. --set seeds=[5,6,7,8]
 *
 * Exit status 1 when a check fails; without `lmp`, betascape alone runs and only the trend is checked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSweepConfig, type Member } from '../../sim/protocols/sweep.js';
import { initialSample } from '../../sim/protocols/quench-member.js';
import { fitQuenchTg } from '../../analysis/sweep/quench-tg.js';
import { writeLammpsData } from '../../sim/io/lammps-data.js';
import { lammpsPreamble, lammpsAvailable, LMP, parseLammpsRuns, runLammpsAsync } from '../helpers/lammps.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const QUICK = args.includes('--quick');
const JOBS = Number(opt('--jobs') ?? 2);
const OUT = opt('--out') ?? mkdtempSync(join(tmpdir(), 'betascape-ka-cooling-'));
const CONFIG = fileURLToPath(new URL('../../configs/ka-cooling-sweep.yaml', import.meta.url));
const BIN = fileURLToPath(new URL('../../cli/betascape.js', import.meta.url));
const EXTRA = args.flatMap((a, k) => (a === '--set' ? [args[k + 1]] : []));
const SETS = [`output=${join(OUT, 'betascape')}`, ...(QUICK ? ['quench.rates=[0.1,0.01]'] : []), ...EXTRA];

interface Result {
  rate: number;
  seed: number;
  eIS: number;
  Tg: number | null;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));

function runBetascape(): Result[] {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'sweep', CONFIG, ...SETS.flatMap((s) => ['--set', s]), '--jobs', String(JOBS), '--json'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`betascape sweep failed (exit ${r.status})`);
  console.log(`betascape sweep: ${((performance.now() - t0) / 1000).toFixed(0)} s with --jobs ${JOBS}`);
  return (JSON.parse(r.stdout) as { rate: number; seed: number; e_is_per_atom: number; Tg: number | null }[])
    .map((m) => ({ rate: m.rate, seed: m.seed, eIS: m.e_is_per_atom, Tg: m.Tg }));
}

/** The member's protocol as a LAMMPS input (it reads start.data: the member's own start). */
function lammpsInput(m: Member): string {
  const c = m.config;
  const steps = (d: number) => Math.round(d / c.dt);
  const q = c.quench;
  const quenchSteps = Math.round((q.T_start - q.T_end) / m.rate / c.dt);
  const damp = c.thermostat.damp ?? 100 * c.dt;
  return `${lammpsPreamble({ skin: c.skin, dt: c.dt })}thermo_style custom step temp pe press
thermo_modify norm yes format float %.15g
thermo 1000
fix 1 all nvt temp ${c.melt.T} ${c.melt.T} ${damp} tchain ${c.thermostat.chain}
run ${steps(c.melt.duration)}
unfix 1
fix 1 all nvt temp ${q.T_start} ${q.T_start} ${damp} tchain ${c.thermostat.chain}
run ${steps(q.hold)}
unfix 1
thermo ${c.sampling.thermo_every}
fix 1 all nvt temp ${q.T_start} ${q.T_end} ${damp} tchain ${c.thermostat.chain}
run ${quenchSteps}
unfix 1
thermo 1000
min_style cg
minimize 0 ${c.minimize.ftol} 100000 1000000
`;
}

/** e_IS and Tg of one finished LAMMPS run, from its log. */
function lammpsResult(m: Member, log: string): Result {
  const runs = parseLammpsRuns(log);
  const quench = runs[2].thermo;
  const first = quench.Step[0], last = quench.Step[quench.Step.length - 1];
  const q = m.config.quench;
  const target = quench.Step.map((s) => q.T_start + ((s - first) / (last - first)) * (q.T_end - q.T_start));
  const fit = fitQuenchTg(target.slice(1), quench.PotEng.slice(1), m.config);
  const pe = runs[3].thermo.PotEng;
  return { rate: m.rate, seed: m.seed, eIS: pe[pe.length - 1], Tg: fit?.Tg ?? null };
}

async function runLammpsAll(members: Member[]): Promise<Result[]> {
  const t0 = performance.now();
  const queue = [...members];
  const results: Result[] = [];
  const worker = async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const dir = join(OUT, 'lammps', m.name);
      mkdirSync(dir, { recursive: true });
      const logFile = join(dir, 'log.lammps');
      if (existsSync(logFile) && /Minimization stats/.test(readFileSync(logFile, 'utf8'))) {
        results.push(lammpsResult(m, readFileSync(logFile, 'utf8')));
        continue;
      }
      const { state } = initialSample(m);
      writeLammpsData(join(dir, 'start.data'), state, { title: `start of ${m.name}` });
      const { log } = await runLammpsAsync(lammpsInput(m), dir);
      results.push(lammpsResult(m, log));
      process.stderr.write(`lammps ${m.name}: e_IS ${results[results.length - 1].eIS}\n`);
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  console.log(`LAMMPS: ${((performance.now() - t0) / 1000).toFixed(0)} s, ${JOBS} runs at a time`);
  return results;
}

const { members } = loadSweepConfig(CONFIG, SETS);
console.log(`KA cooling sweep: ${members.length} members; output in ${OUT}`);
const ours = runBetascape();
const theirs = lammpsAvailable() ? await runLammpsAll(members) : [];
if (theirs.length === 0) console.log(`SKIP (${LMP} not found): the comparison with LAMMPS`);

let ok = true;
const rates = [...new Set(members.map((m) => m.rate))].sort((a, b) => b - a);
const fmt = (v: number) => v.toFixed(5);
console.log('\nper seed, e_IS per atom (betascape | LAMMPS), Tg:');
for (const r of rates) {
  for (const s of [...new Set(members.map((m) => m.seed))]) {
    const a = ours.find((x) => x.rate === r && x.seed === s)!;
    const b = theirs.find((x) => x.rate === r && x.seed === s);
    console.log(`  rate ${r} seed ${s}: ${fmt(a.eIS)} | ${b ? fmt(b.eIS) : '-'}    Tg ${a.Tg?.toFixed(3) ?? '-'} | ${b?.Tg?.toFixed(3) ?? '-'}`);
  }
}
console.log('\nper rate: mean ± std over seeds (standard error of the mean)');
const means: number[] = [];
for (const r of rates) {
  const a = ours.filter((x) => x.rate === r).map((x) => x.eIS);
  const b = theirs.filter((x) => x.rate === r).map((x) => x.eIS);
  means.push(mean(a));
  const line = (label: string, v: number[]) => `${label} ${fmt(mean(v))} ± ${fmt(std(v))} (${fmt(std(v) / Math.sqrt(v.length))})`;
  const tgs = (v: Result[]) => v.flatMap((x) => (x.Tg === null ? [] : [x.Tg]));
  const tgA = tgs(ours.filter((x) => x.rate === r)), tgB = tgs(theirs.filter((x) => x.rate === r));
  let verdict = '';
  if (b.length > 1) {
    const diff = mean(a) - mean(b);
    const se = Math.sqrt(std(a) ** 2 / a.length + std(b) ** 2 / b.length);
    const pass = Math.abs(diff) <= 2 * se;
    ok &&= pass;
    verdict = `  difference ${diff.toExponential(2)} = ${(diff / se).toFixed(2)} SE; within seed scatter: ${pass ? 'yes' : 'NO'}`;
  }
  console.log(`  rate ${r}: ${line('betascape', a)}${b.length ? `  ${line('LAMMPS', b)}` : ''}`);
  console.log(`    Tg betascape ${tgA.length ? mean(tgA).toFixed(3) : '-'}${tgB.length ? `, LAMMPS ${mean(tgB).toFixed(3)}` : ''}${verdict}`);
}
const falls = means.every((m, k) => k === 0 || m < means[k - 1]);
ok &&= falls;
console.log(`\ne_IS falls as the cooling rate falls (betascape): ${falls ? 'yes' : 'NO'}`);
if (theirs.length) {
  const lmpMeans = rates.map((r) => mean(theirs.filter((x) => x.rate === r).map((x) => x.eIS)));
  console.log(`e_IS falls as the cooling rate falls (LAMMPS): ${lmpMeans.every((m, k) => k === 0 || m < lmpMeans[k - 1]) ? 'yes' : 'no'}`);
}
console.log(ok ? '\nPASS' : '\nFAIL');
process.exit(ok ? 0 : 1);
