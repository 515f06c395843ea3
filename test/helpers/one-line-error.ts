/** Bad input ends in exactly one line on stderr, matching `pattern`, and exit status 2. */
import * as assert from 'uvu/assert';

export function assertOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp, what: string): void {
  assert.is(r.code, 2, `${what}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0], pattern);
}
