import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { formatDuration, loadSweepArgs, withConfigArgs, type ConfigArgs } from '../config-args.js';
import { estimateSeconds, memberSteps } from '../../sim/protocols/run-estimate.js';

export const validateCommand = {
  command: 'validate <config>',
  describe: 'Check a sweep config (and --set overrides) without running anything',
  builder: (y: Argv) =>
    withConfigArgs(y)
      .option('json', { type: 'boolean', default: false, describe: 'print the members as JSON' })
      .example('$0 validate configs/ka-cooling-sweep.yaml', '')
      .example('$0 validate configs/ka-cooling-sweep.yaml --set quench.rates=[0.1] --set seeds=1', ''),
  handler: (argv: ConfigArgs & { json: boolean }) => {
    const { config, members } = loadSweepArgs(argv);
    const steps = members.reduce((s, m) => s + memberSteps(m), 0);
    const seconds = members.reduce((s, m) => s + estimateSeconds(m), 0);
    if (argv.json) {
      console.log(JSON.stringify(members.map((m) => ({ member: m.name, alloy: m.alloy, rate: m.rate, seed: m.seed, anneal: m.anneal, steps: memberSteps(m), dir: m.dir }))));
      return;
    }
    const out = members[0].dir.slice(0, members[0].dir.length - members[0].name.length - 1);
    console.log(`${argv.config}: ok`);
    console.log(`  ${members.length} member${members.length === 1 ? '' : 's'} of ${config.n} atoms, ${config.ensemble}, dt ${config.dt}; output ${out}`);
    for (const m of members) console.log(`  ${m.name}: ${memberSteps(m)} steps`);
    const jobs = Math.min(availableParallelism(), members.length);
    const parallel = jobs > 1 ? ` (about ${formatDuration(seconds / jobs)} with --jobs ${jobs})` : '';
    console.log(`  ${steps} steps in all: about ${formatDuration(seconds)} on one core${parallel}`);
  },
};
