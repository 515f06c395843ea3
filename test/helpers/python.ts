/**
 * Running Python with ASE from tests: checks that the files betascape writes are read by the real
 * ASE (Debian `python3-ase`, installed by .ci/run). Skips with a message where it is absent.
 */
import { spawnSync } from 'node:child_process';

/**
 * Interpreters tried, in order: $BETASCAPE_PYTHON, `python3` on PATH, and Debian's
 * /usr/bin/python3 (where python3-ase installs ASE when PATH leads to another python3, e.g. pyenv).
 */
const CANDIDATES = [...new Set([process.env.BETASCAPE_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p))];

let found: string | null | undefined;

/** The first candidate interpreter that imports ase.io; null when none does. */
export function asePython(): string | null {
  if (found === undefined) {
    found = null;
    for (const py of CANDIDATES) {
      const r = spawnSync(py, ['-c', 'import ase.io'], { stdio: 'ignore', timeout: 60_000 });
      if (r.error === undefined && r.status === 0) {
        found = py;
        break;
      }
    }
  }
  return found;
}

/**
 * For test files: true when Python with ASE is there; otherwise prints a SKIP line naming what is
 * skipped, so that the caller registers no test.
 */
export function requireAse(what: string): boolean {
  if (asePython() !== null) return true;
  console.log(`SKIP (no python3 with ase: apt-get install python3-ase, or set BETASCAPE_PYTHON): ${what}`);
  return false;
}

/** Runs a Python script (with ASE) with the given arguments; returns its stdout, or throws with its stderr. */
export function runPython(script: string, args: string[] = []): string {
  const py = asePython();
  if (py === null) throw new Error('no python3 with ase');
  const r = spawnSync(py, ['-c', script, ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${py} exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}
