import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../sim/errors.js';
import { evalCommand } from './commands/eval.js';
import { mdCommand } from './commands/md.js';
import { minimizeCommand } from './commands/minimize.js';
import { potentialCommand } from './commands/potential.js';
import { validateCommand } from './commands/validate.js';
import { quenchCommand } from './commands/quench.js';
import { sweepCommand } from './commands/sweep.js';
import { collectCommand } from './commands/collect.js';
import { activateCommand } from './commands/activate.js';
import { modulusMapCommand } from './commands/modulus-map.js';
import { crafmCommand } from './commands/crafm.js';
import { inherentCommand } from './commands/inherent.js';
import { plotCommand } from './commands/plot.js';
import { spectrumCommand } from './commands/spectrum.js';
import { measuredCommand } from './commands/measured.js';
import { compareCommand } from './commands/compare.js';
import { studyCommand } from './commands/study.js';
import { ConfigError } from './config.js';

/**
 * The betascape command line. Every user mistake (bad flag, bad value, malformed file) ends in
 * one line on stderr and exit code 2; an internal failure in one line and exit code 1
 * (BETASCAPE_DEBUG=1 prints the stack).
 */
function fail(message: string, code: number): never {
  process.stderr.write(`betascape: error: ${message.trim().replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(code);
}

function report(err: unknown): never {
  if (process.env.BETASCAPE_DEBUG && err instanceof Error) console.error(err.stack);
  // A config with several problems: one line for each.
  if (err instanceof ConfigError) {
    for (const p of err.problems) process.stderr.write(`betascape: error: ${p.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exit(2);
  }
  if (err instanceof InputError) fail(err.message, 2);
  const message = err instanceof Error ? err.message : String(err);
  const io = err instanceof Error && 'code' in err && typeof (err as NodeJS.ErrnoException).code === 'string';
  fail(io ? message : `${message} (internal error; BETASCAPE_DEBUG=1 shows the stack)`, io ? 2 : 1);
}

try {
  await yargs(hideBin(process.argv))
    .scriptName('betascape')
    .usage('$0 <command> [options]\n\nMolecular dynamics and potential-energy landscapes of model metallic glasses.')
    .command(evalCommand)
    .command(mdCommand)
    .command(minimizeCommand)
    .command(potentialCommand)
    .command(validateCommand)
    .command(quenchCommand)
    .command(sweepCommand)
    .command(collectCommand)
    .command(modulusMapCommand)
    .command(crafmCommand)
    .command(activateCommand)
    .command(inherentCommand)
    .command(plotCommand)
    .command(spectrumCommand)
    .command(measuredCommand)
    .command(compareCommand)
    .command(studyCommand)
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) report(err);
      fail(msg, 2);
    })
    .parseAsync();
} catch (err) {
  report(err);
}
