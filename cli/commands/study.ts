import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { lockRunDir } from '../../sim/io/run-lock.js';
import { formatDuration, overrides, withConfigArgs, withForce, type ConfigArgs } from '../config-args.js';
import { checkMemberDirs, checkWrittenBy } from '../../sim/protocols/run-dir.js';
import { memberStatus } from '../../sim/protocols/quench-member.js';
import { runPool } from '../pool.js';
import { runWorkQueue } from '../work-queue.js';
import { createProgress } from '../progress.js';
import { loadStudy } from '../../analysis/study/config.js';
import { analyseGlass, glassTasks, isAnalysisCurrent, type StudyTask } from '../../analysis/study/glass-analysis.js';
import { writeStudyOutputs } from '../../analysis/study/outputs.js';
import type { StudyWorkerMessage } from '../study-worker.js';
import type { GlassAnalysis } from '../../analysis/study/results.js';
import { largeTasks, type LargeGlassAnalysis } from '../../analysis/study/large-glass.js';

/** The resolved study config in the output directory (also what marks a directory as a study's). */
const STUDY_FILE = 'study.yaml';

interface StudyArgs extends ConfigArgs {
  jobs: number;
  json: boolean;
  quiet: boolean;
  force: boolean;
}

const WORKER_URL = new URL('../study-worker.ts', import.meta.url);

/** Analyses on worker threads, `jobs` at a time; every member's stages are skipped where done. */
async function runAnalyses(todo: StudyTask[], jobs: number, log: (m: string) => void): Promise<{ done: GlassAnalysis[]; large: LargeGlassAnalysis[]; failures: string[] }> {
  const done: GlassAnalysis[] = [];
  const large: LargeGlassAnalysis[] = [];
  const failures: string[] = [];
  let inputFailure: string | undefined;
  // How far the run is, and the time left at the pace of the glasses finished so far.
  const t0 = performance.now();
  let finished = 0;
  const tally = (left = todo.length - ++finished) =>
    ` [${finished} of ${todo.length}${left > 0 ? `; about ${formatDuration(((performance.now() - t0) / 1000 / finished) * left)} left` : ''}]`;
  await runWorkQueue<StudyTask, StudyWorkerMessage>({
    url: WORKER_URL, tasks: todo, jobs,
    onMessage: (m, task) => {
      if (m.type === 'log') {
        log(m.message);
        return false;
      }
      if (m.type === 'large') {
        large.push(m.analysis);
        log(`analysed ${m.analysis.sample} (${m.analysis.n} atoms) seed ${m.analysis.seed}: G relative width ${m.analysis.heterogeneity.modulus_relative_width.toFixed(3)}${tally()}`);
      } else if (m.type === 'done') {
        done.push(m.analysis);
        log(`analysed ${m.analysis.sample} seed ${m.analysis.seed}: β ${m.analysis.spectrum.kind}, intensity ${m.analysis.spectrum.beta_intensity.toFixed(3)}, fluctuation ${m.analysis.crafm.fluctuation_relative.toFixed(4)} (std/mean)${tally()}`);
      } else {
        failures.push(`${task.sample} seed ${task.seed}: ${m.message}`);
        if (m.input) inputFailure ??= m.message;
      }
      return true;
    },
    onCrash: (task, reason) => failures.push(`${task.sample} seed ${task.seed}: ${reason}`),
  });
  if (inputFailure) throw new InputError(inputFailure);
  return { done, large, failures };
}

export const studyCommand = {
  builder: (y: Argv) =>
    withForce(withConfigArgs(y as Argv<ConfigArgs>))
      .option('jobs', { type: 'number', default: 2, describe: 'glasses quenched / analysed at once, on worker threads' })
      .option('json', { type: 'boolean', default: false, describe: 'print the results (table, correlations, effects, verdict) as JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress lines' })
      .example('$0 study configs/beta-heterogeneity-small.yaml', 'the small study (minutes on 2 cores)')
      .example('$0 study configs/beta-heterogeneity.yaml --set activation.events=20 --jobs 2', ''),
  handler: async (argv: StudyArgs) => {
    if (!(Number.isInteger(argv.jobs) && argv.jobs >= 1)) throw new InputError(`--jobs: must be a whole number >= 1, got ${argv.jobs}`);
    const t0 = performance.now();
    const study = loadStudy(argv.config, overrides(argv));
    for (const w of study.warnings) process.stderr.write(`betascape: warning: ${w}\n`);
    const log = (m: string) => void (argv.quiet || process.stderr.write(`${m}\n`));
    lockRunDir(study.output, 'betascape study', (m) => process.stderr.write(`betascape: note: ${m}\n`));
    checkWrittenBy(study.output, STUDY_FILE, 'a betascape study', argv.force);
    checkMemberDirs([...study.glasses, ...study.large].map((m) => m.member), argv.force);
    const studyYaml = join(study.output, STUDY_FILE);
    writeFileSync(studyYaml, `# resolved study config (betascape study ${argv.config})\n${study.text}`);

    // 1. Quenches (finished members are reused).
    const pending = [...study.glasses, ...study.large].filter((m) => memberStatus(m.member.dir) !== 'done').map((m) => m.member);
    log(`study ${study.config.name ?? argv.config}: ${study.config.samples.length} samples × ${study.glasses.length / study.config.samples.length} seeds = ${study.glasses.length} glasses${study.large.length ? ` and ${study.large.length} large` : ''}; ${pending.length} to quench; output ${study.output}`);
    const view = createProgress({ quiet: argv.quiet, tty: process.stderr.isTTY === true, every: 15 });
    const pool = await runPool(pending, argv.jobs, view);
    view.stop();
    if (pool.failures.length > 0) {
      const f = pool.failures[0];
      const msg = `${pool.failures.length} quench(es) failed; ${f.member}: ${f.message}`;
      throw f.input ? new InputError(msg) : new Error(msg);
    }
    const tQuench = performance.now();

    // 2. Analyses: reuse analysis.json where every stage is current (checked cheaply in this thread).
    const all = glassTasks(study);
    const current = all.map(isAnalysisCurrent);
    const todo = all.filter((_, k) => !current[k]);
    const reused = all.filter((_, k) => current[k]).map((t) => analyseGlass(t, log));
    log(`${reused.length} glasses already analysed; analysing ${todo.length}`);
    const { done, large, failures } = await runAnalyses([...todo, ...largeTasks(study)], argv.jobs, log);
    if (failures.length > 0) throw new Error(`${failures.length} analysis(es) failed; ${failures[0]}`);
    const tAnalysis = performance.now();

    // 3. Results, figures, report.
    // In config order (sample, then seed), whatever order the workers finished in: the bootstrap
    // resamples by position, so the order must not depend on timing.
    const order = study.config.samples.map((x) => x.name);
    const members = [...reused, ...done].sort((a, b) => order.indexOf(a.sample) - order.indexOf(b.sample) || a.seed - b.seed);
    const { report, results } = writeStudyOutputs(study, members, large.sort((a, b) => order.indexOf(a.sample) - order.indexOf(b.sample) || a.seed - b.seed), {
      quench_s: (tQuench - t0) / 1000, analysis_s: (tAnalysis - tQuench) / 1000, total_s: (performance.now() - t0) / 1000,
    });
    if (argv.json) return void process.stdout.write(readFileSync(join(study.output, 'results.json'), 'utf8'));
    for (const p of results.verdict) console.log(p + '\n');
    console.log(`results: ${join(study.output, 'results.csv')}, ${join(study.output, 'results.json')}`);
    console.log(`report:  ${report}`);
  },
};
