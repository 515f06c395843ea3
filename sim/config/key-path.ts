/** Key paths into plain config data, and how problem lines print them. */

/** A path of keys and list indices into a config, e.g. ['quench', 'rates', 0]. */
export type KeyPath = (string | number)[];

/** `quench.rates[0]`; the empty path is `(top level)`. */
export function formatPath(path: KeyPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(top level)';
}

export function isPrefix(a: KeyPath, b: KeyPath): boolean {
  return a.length <= b.length && a.every((p, i) => p === b[i]);
}

export function valueAt(obj: unknown, path: KeyPath): unknown {
  let v = obj;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
