import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import type { Argv } from 'yargs';
import { formatDuration, overrides, withConfigArgs, type ConfigArgs } from '../config-args.js';
import { configKind } from '../../sim/config/kind.js';
import { loadSweepConfig, type Member } from '../../sim/protocols/sweep.js';
import { estimateSeconds, memberSteps } from '../../sim/protocols/run-estimate.js';

function printMembers(members: Member[], head: string, label = (m: Member) => m.name): void {
  const steps = members.reduce((s, m) => s + memberSteps(m), 0);
  const seconds = members.reduce((s, m) => s + estimateSeconds(m), 0);
  console.log(head);
  for (const m of members) console.log(`  ${label(m)}: ${memberSteps(m)} steps`);
  const jobs = Math.min(availableParallelism(), members.length);
  const parallel = jobs > 1 ? ` (about ${formatDuration(seconds / jobs)} with --jobs ${jobs})` : '';
  console.log(`  ${steps} MD steps in all: about ${formatDuration(seconds)} on one core${parallel}`);
}

export const validateCommand = {
  builder: (y: Argv) =>
    withConfigArgs(y)
      .option('json', { type: 'boolean', default: false, describe: 'print the kind and the members as JSON' })
      .example('$0 validate configs/ka-cooling-sweep.yaml', '')
      .example('$0 validate configs/beta-heterogeneity.yaml', 'a study config: its samples and quenches')
      .example('$0 validate configs/ka-cooling-sweep.yaml --set quench.rates=[0.1] --set seeds=1', ''),
  handler: async (argv: ConfigArgs & { json: boolean }) => {
    const kind = configKind(argv.config);
    const sets = overrides(argv);
    if (kind === 'dma') {
      // Study and DMA config loaders pull in most of analysis/: loaded only for their kind (start-up).
      const { config, members } = (await import('../../analysis/spectra/dma-config.js')).loadDmaConfig(argv.config, sets);
      if (argv.json) return console.log(JSON.stringify({ kind, members: members.map((m) => ({ member: m.name, T: m.T, period: m.period, dir: m.dir })) }));
      console.log(`${argv.config}: ok (MD-DMA sweep, ${config.mode})`);
      console.log(`  ${members.length} member${members.length === 1 ? '' : 's'} (T, period); output ${config.output}`);
      return;
    }
    if (kind === 'study') {
      const study = (await import('../../analysis/study/config.js')).loadStudy(argv.config, sets);
      for (const w of study.warnings) process.stderr.write(`betascape: warning: ${w}\n`);
      const members = [...study.glasses, ...study.large].map((g) => g.member);
      if (argv.json) return console.log(JSON.stringify({ kind, glasses: [...study.glasses, ...study.large].map((g) => ({ sample: g.sample, seed: g.seed, n: g.member.config.n, member: g.member.name, steps: memberSteps(g.member), dir: g.member.dir })) }));
      printMembers(members, `${argv.config}: ok (study, ${study.config.samples.length} samples × ${study.glasses.length / study.config.samples.length} seeds = ${study.glasses.length} glasses${study.large.length ? `, ${study.large.length} large` : ''}; output ${study.output})\n  the quenches (the analyses after them are not estimated):`, (m) => relative(study.output, m.dir));
      return;
    }
    const { config, members, warnings } = loadSweepConfig(argv.config, sets);
    for (const w of warnings) process.stderr.write(`betascape: warning: ${w}\n`);
    if (argv.json) return console.log(JSON.stringify(members.map((m) => ({ member: m.name, alloy: m.alloy, rate: m.rate, seed: m.seed, anneal: m.anneal, steps: memberSteps(m), dir: m.dir }))));
    const out = members[0].dir.slice(0, members[0].dir.length - members[0].name.length - 1);
    printMembers(members, `${argv.config}: ok\n  ${members.length} member${members.length === 1 ? '' : 's'} of ${config.n} atoms, ${config.ensemble}, dt ${config.dt}; output ${out}`);
  },
};
