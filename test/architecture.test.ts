/**
 * The layering of docs/architecture.md, checked on the sources: imports point down only
 * (cli → analysis → landscape → sim), no module reaches itself through others (type imports
 * included), and cli/ stays a thin layer.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const LAYERS = ['sim', 'landscape', 'analysis', 'cli'];

/** TypeScript sources of the layers (the AssemblyScript kernels are compiled apart). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'assembly' || f === 'build' ? [] : sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const files = LAYERS.flatMap((l) => sources(join(root, l))).map((f) => relative(root, f));
const graph = new Map(files.map((f) => {
  const text = readFileSync(join(root, f), 'utf8');
  const targets = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)]
    .map((m) => relative(root, resolve(dirname(join(root, f)), (m[1] ?? m[2]).replace(/\.js$/, '.ts'))))
    .filter((t) => files.includes(t));
  return [f, targets];
}));

test('imports point down the layers only', () => {
  const rank = (f: string) => LAYERS.indexOf(f.split('/')[0]);
  const up = [...graph].flatMap(([f, ts]) => ts.filter((t) => rank(t) > rank(f)).map((t) => `${f} → ${t}`));
  assert.equal(up, []);
});

test('no import cycles', () => {
  // Tarjan's strongly connected components; a component of more than one module is a cycle.
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  assert.equal(cycles, []);
});

test('cli/ is a thin layer: no file over 300 lines, about 120 a command in all', () => {
  const lines = files.filter((f) => f.startsWith('cli/')).map((f) => [f, readFileSync(join(root, f), 'utf8').split('\n').length] as const);
  assert.equal(lines.filter(([, n]) => n > 300), []);
  const total = lines.reduce((s, [, n]) => s + n, 0);
  assert.ok(total <= 2700, `cli/ has ${total} lines (22 commands)`);
});

test.run();
