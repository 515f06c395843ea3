/** The betascape command line; errors end as sim/exit-on-error.ts says. */
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { exitOnError, failWith } from '../sim/exit-on-error.js';

// A reader that closed the pipe (`betascape validate ... | head -1`) has all it wanted: end quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  exitOnError(err);
});

/**
 * The commands by name, in the order --help lists them. Only the named command's module is loaded
 * (each pulls in its part of the sources, which costs start-up time); none for `--version`; without
 * a known command name (`--help`, a typo) all are.
 */
const COMMANDS: Record<string, () => Promise<object>> = {
  eval: async () => (await import('./commands/eval.js')).evalCommand,
  md: async () => (await import('./commands/md.js')).mdCommand,
  minimize: async () => (await import('./commands/minimize.js')).minimizeCommand,
  potential: async () => (await import('./commands/potential.js')).potentialCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  quench: async () => (await import('./commands/quench.js')).quenchCommand,
  sweep: async () => (await import('./commands/sweep.js')).sweepCommand,
  collect: async () => (await import('./commands/collect.js')).collectCommand,
  'modulus-map': async () => (await import('./commands/modulus-map.js')).modulusMapCommand,
  crafm: async () => (await import('./commands/crafm.js')).crafmCommand,
  activate: async () => (await import('./commands/activate.js')).activateCommand,
  inherent: async () => (await import('./commands/inherent.js')).inherentCommand,
  neb: async () => (await import('./commands/neb.js')).nebCommand,
  plot: async () => (await import('./commands/plot.js')).plotCommand,
  spectrum: async () => (await import('./commands/spectrum.js')).spectrumCommand,
  measured: async () => (await import('./commands/measured.js')).measuredCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  study: async () => (await import('./commands/study.js')).studyCommand,
  rdf: async () => (await import('./commands/rdf.js')).rdfCommand,
  sq: async () => (await import('./commands/sq.js')).sqCommand,
  voronoi: async () => (await import('./commands/voronoi.js')).voronoiCommand,
  relax: async () => (await import('./commands/relax.js')).relaxCommandModule,
};

try {
  const named = process.argv[2];
  const loaders = named === '--version' ? [] : named !== undefined && Object.hasOwn(COMMANDS, named) ? [COMMANDS[named]] : Object.values(COMMANDS);
  const commands = await Promise.all(loaders.map((load) => load()));
  let cli = yargs(hideBin(process.argv))
    .scriptName('betascape')
    .usage('$0 <command> [options]\n\nMolecular dynamics and potential-energy landscapes of model metallic glasses.');
  for (const command of commands) cli = cli.command(command as CommandModule);
  // Every command takes these two (a command's own description of them replaces these).
  await cli
    .option('json', { type: 'boolean', default: false, global: true, describe: 'print the result (or the summary record) as JSON on stdout' })
    .option('quiet', { type: 'boolean', default: false, global: true, describe: 'no progress or notes on stderr (warnings still)' })
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) exitOnError(err);
      failWith(msg, 2);
    })
    .parseAsync();
} catch (err) {
  exitOnError(err);
}
