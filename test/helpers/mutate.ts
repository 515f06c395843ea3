/**
 * Corruptions of a text file for fuzz tests: truncations, inserted junk (digits, signs, keywords of
 * the formats), deletions, dropped and doubled lines.
 */
import fc from 'fast-check';

/** Tokens inserted by default: numbers, signs, separators, keywords of LAMMPS files. */
const TOKENS = ['0', '1', '9', '-', '.', 'e', 'x', ' ', '\n', '#', 'Atoms', 'ITEM:', '\t', '99999999999'];

function mutationOf(tokens: string[]) {
  const junk = fc.array(fc.constantFrom(...tokens), { maxLength: 6 }).map((a) => a.join(''));
  return fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: junk }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('dupLine' as const), at: fc.nat() }),
  );
}
type Mutation = ReturnType<typeof mutationOf> extends fc.Arbitrary<infer M> ? M : never;

/** Applies the mutations in turn (positions taken modulo the current length). */
export function mutate(text: string, muts: Mutation[]): string {
  for (const m of muts) {
    const at = text.length ? m.at % text.length : 0;
    if (m.kind === 'truncate') text = text.slice(0, at);
    else if (m.kind === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
    else if (m.kind === 'delete') text = text.slice(0, at) + text.slice(at + m.len);
    else {
      const lines = text.split('\n');
      const k = m.at % lines.length;
      if (m.kind === 'dropLine') lines.splice(k, 1);
      else lines.splice(k, 0, lines[k]);
      text = lines.join('\n');
    }
  }
  return text;
}

/** One to three mutations, inserting `tokens` (default: numbers and LAMMPS keywords). */
export function mutationsWith(tokens: string[] = TOKENS) {
  return fc.array(mutationOf(tokens), { minLength: 1, maxLength: 3 });
}

export const mutations = mutationsWith();
