import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { REPO_ROOT } from '../../sim/repo-root.js';
import { writeFileAtomic } from '../../sim/io/checkpoint.js';
import { configToYaml, type Member } from '../../sim/protocols/sweep.js';
import { formatDuration, loadSweepArgs, overrides, withConfigArgs, withForce, type ConfigArgs } from '../config-args.js';
import { checkMemberDirs, checkSweepDir, SWEEP_CONFIG_FILE } from '../../sim/protocols/run-dir.js';
import { FILES, memberStatus } from '../../sim/protocols/quench-member.js';
import { readSummary } from '../../analysis/sweep/member.js';
import { VERSION } from '../../sim/protocols/manifest.js';
import { lockRunDir } from '../../sim/io/run-lock.js';
import { createProgress } from '../progress.js';
import { runPool } from '../pool.js';
import { emitSlurm } from '../../sim/protocols/slurm.js';
import { checkLammpsEngine } from '../../sim/lammps/quench.js';
import { estimateSeconds } from '../../sim/protocols/run-estimate.js';
import { formatTable, sortRows, tableRow, writeTable } from '../../analysis/sweep/table.js';

interface SweepArgs extends ConfigArgs {
  force: boolean;
  jobs?: number;
  quiet: boolean;
  json: boolean;
  emit?: string;
}

/** Where the members' directories live. */
function runDirOf(members: Member[]): string {
  const m = members[0];
  return m.dir.slice(0, m.dir.length - m.name.length - 1);
}

export const sweepCommand = {
  builder: (y: Argv) =>
    withForce(withConfigArgs(y))
      .option('jobs', { type: 'number', describe: `members run at once (default: the number of cores, ${availableParallelism()} here)` })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
      .option('json', { type: 'boolean', default: false, describe: 'print the sweep table (a list of members) as JSON on stdout' })
      .option('emit', { choices: ['slurm'], describe: 'write a Slurm job-array script (one task per member) instead of running' })
      .example('$0 sweep configs/ka-cooling-sweep.yaml --jobs 2', '')
      .example('$0 sweep configs/ka-cooling-sweep.yaml --set quench.rates=[0.01] --set seeds=2 --set output=/tmp/run', '')
      .example('$0 sweep configs/ka-cooling-sweep.yaml --emit slurm', ''),
  handler: async (argv: SweepArgs) => {
    const jobs = argv.jobs ?? availableParallelism();
    if (!(Number.isInteger(jobs) && jobs >= 1)) throw new InputError(`--jobs: must be a whole number >= 1, got ${argv.jobs}`);
    const { config, members } = loadSweepArgs(argv);
    const runDir = runDirOf(members);
    lockRunDir(runDir, 'betascape sweep', (m) => process.stderr.write(`betascape: note: ${m}\n`));
    checkMemberDirs(members, argv.force);
    checkSweepDir(runDir, config, argv.force);
    const name = config.name ?? runDir.split('/').pop()!;
    mkdirSync(runDir, { recursive: true });
    writeFileAtomic(join(runDir, SWEEP_CONFIG_FILE), configToYaml(config, [
      `Resolved sweep config (from ${argv.config}${overrides(argv).length ? ` with --set ${overrides(argv).join(' --set ')}` : ''}).`,
      'Rerun `betascape sweep` on it to resume; `betascape collect` on this directory for the table.',
    ]));
    writeFileAtomic(join(runDir, 'sweep.json'), JSON.stringify({
      betascape: VERSION, config: argv.config, set: overrides(argv), members: members.map((m) => m.name),
    }, null, 2) + '\n');
    const view = createProgress({ quiet: argv.quiet, tty: process.stderr.isTTY === true });

    if (argv.emit === 'slurm') {
      for (const m of members) {
        mkdirSync(m.dir, { recursive: true });
        if (memberStatus(m.dir) === 'new') writeFileAtomic(join(m.dir, FILES.config), configToYaml(m.config, [
          `Resolved config of sweep member ${m.name}; run it with: betascape quench ${join(m.dir, FILES.config)}`,
        ]));
      }
      const longest = Math.max(...members.map(estimateSeconds));
      const { script, readme } = emitSlurm(members, { name, runDir, longestSeconds: longest, cli: fileURLToPath(new URL('cli/betascape.js', REPO_ROOT)) });
      console.log(`wrote ${script} (${members.length} array tasks) and ${readme}`);
      console.log(`submit: sbatch ${script}`);
      console.log(`afterwards: betascape collect ${runDir}`);
      return;
    }

    checkLammpsEngine(config);
    const status = members.map((m) => memberStatus(m.dir));
    const count = (s: string) => status.filter((x) => x === s).length;
    // Longest first, so that the last members to start are short ones (better use of the workers).
    const pending = members.filter((_, k) => status[k] !== 'done').sort((a, b) => estimateSeconds(b) - estimateSeconds(a));
    const workers = Math.min(jobs, pending.length);
    view.info(
      `sweep ${name}: ${members.length} members (${count('done')} finished, ${count('resume')} to resume, ${count('new')} new) in ${runDir}` +
        (pending.length ? `; ${workers} at a time, about ${formatDuration(pending.reduce((s, m) => s + estimateSeconds(m), 0) / workers)}` : ''),
    );
    const { failures } = await runPool(pending, jobs, view);
    view.stop();

    const summaries = members.filter((m) => memberStatus(m.dir) === 'done').map((m) => readSummary(m.dir));
    const rows = sortRows(summaries.map(tableRow));
    const [csv, json] = writeTable(runDir, rows);
    if (argv.json) console.log(JSON.stringify(rows));
    else {
      console.log(formatTable(rows));
      console.log(`\ntable: ${csv}, ${json}`);
    }
    if (failures.length > 0) {
      for (const f of failures) process.stderr.write(`betascape: error: member ${f.member} failed: ${f.message}\n`);
      process.exitCode = failures.every((f) => f.input) ? 2 : 1;
    }
  },
};
