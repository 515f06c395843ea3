/**
 * An error in something the user gave us (a file, a flag, a config key). The CLI prints its
 * message as one line, without a stack trace, and exits non-zero.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** An error at a known line of a file: "FILE:LINE: what was expected". */
export function fileError(file: string, line: number, message: string): InputError {
  return new InputError(`${file}:${line}: ${message}`);
}

/**
 * Dynamics or a minimization that blew up (LAMMPS: "Lost atoms"): non-finite numbers or atoms
 * flying apart, from the user's time step or starting configuration rather than a bug.
 */
export class BlowUpError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'BlowUpError';
  }
}
