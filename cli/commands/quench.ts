import type { Argv } from 'yargs';
import { singleMember } from '../../sim/protocols/sweep.js';
import { loadSweepArgs, withConfigArgs, withForce, type ConfigArgs } from '../config-args.js';
import { checkMemberDirs } from '../../sim/protocols/run-dir.js';
import { memberStatus } from '../../sim/protocols/quench-member.js';
import { runMember } from '../../analysis/sweep/member.js';
import { createProgress } from '../progress.js';
import { doneLine } from '../pool.js';
import { tableRow } from '../../analysis/sweep/table.js';

export const quenchCommand = {
  builder: (y: Argv) =>
    withForce(withConfigArgs(y))
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result (rate, seed, e_is_per_atom, Tg, dir, ...) as JSON' })
      .example('$0 quench configs/quench-small.yaml --set quench.rates=[0.1] --set seeds=[1]', '')
      .example('$0 quench runs/ka-cooling-sweep/rate-1e-2_seed-1/config.yaml', 'rerun or resume one member of a sweep'),
  handler: async (argv: ConfigArgs & { quiet: boolean; json: boolean; force: boolean }) => {
    const member = singleMember(loadSweepArgs(argv), 'quench');
    checkMemberDirs([member], argv.force);
    const view = createProgress({ quiet: argv.quiet, tty: process.stderr.isTTY === true });
    const status = memberStatus(member.dir);
    if (status === 'done') view.info(`${member.name}: already finished in ${member.dir}`);
    const summary = await runMember(member, { progress: (p) => view.update(p), warn: (m) => view.warn(`betascape: warning: ${m}`), info: (m) => view.info(m) });
    view.finish(member.name, doneLine(summary));
    view.stop();
    if (argv.json) console.log(JSON.stringify(tableRow(summary)));
    else console.log(`${member.name}: e_IS ${summary.e_is_per_atom} per atom, Tg ${summary.Tg ?? '-'}; results in ${member.dir}`);
  },
};
