/**
 * How the command line ends on an error: a user mistake (bad flag, bad value, malformed file) in
 * one line on stderr (one per problem of a config) and exit code 2; an internal failure in one
 * line and exit code 1 (BETASCAPE_DEBUG=1 prints the stack).
 */
import { InputError } from './errors.js';
import { ConfigError } from './config/problems.js';

/** Prints `message` as one line "betascape: error: ..." and exits with `code`. */
export function failWith(message: string, code: number): never {
  process.stderr.write(`betascape: error: ${message.trim().replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(code);
}

export function exitOnError(err: unknown): never {
  if (process.env.BETASCAPE_DEBUG && err instanceof Error) console.error(err.stack);
  if (err instanceof ConfigError) {
    for (const p of err.problems) process.stderr.write(`betascape: error: ${p.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exit(2);
  }
  if (err instanceof InputError) failWith(err.message, 2);
  const message = err instanceof Error ? err.message : String(err);
  const io = err instanceof Error && 'code' in err && typeof (err as NodeJS.ErrnoException).code === 'string';
  failWith(io ? message : `${message} (internal error; BETASCAPE_DEBUG=1 shows the stack)`, io ? 2 : 1);
}
