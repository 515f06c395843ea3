import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { LJ_PRESETS, type LJModel, type LJPairParams } from '../potentials/lj.js';
import { InputError } from '../errors.js';
import { isElementSymbol } from '../elements.js';

/**
 * A user-defined Lennard-Jones mixture in YAML or JSON (see configs/models/*.yaml):
 *
 *   name: my-mixture
 *   species: [{ name: A, mass: 1 }, { name: B, mass: 1 }]
 *   # optional, per species: the element symbol written for it in extended XYZ files (ASE, OVITO),
 *   # e.g. { name: A, mass: 1, element: Ni }; all species or none; default Z = type (H, He, ...)
 *   pairs:
 *     A-A: { epsilon: 1.0, sigma: 1.0, cutoff: 2.5 }   # cutoff in length units, or
 *     A-B: { epsilon: 1.5, sigma: 0.8, cutoff_sigma: 2.5 }  # in units of this pair's sigma
 *     B-B: { epsilon: 0.5, sigma: 0.88, cutoff: 2.2 }
 *   shift: true                 # energy shifted to zero at the cut-off (default true)
 *   composition: { A: 0.8, B: 0.2 }
 *   density: 1.2
 */
const pairSchema = z
  .strictObject({
    epsilon: z.number().positive(),
    sigma: z.number().positive(),
    cutoff: z.number().positive().optional(),
    cutoff_sigma: z.number().positive().optional(),
  })
  .refine((p) => (p.cutoff === undefined) !== (p.cutoff_sigma === undefined), {
    message: 'give exactly one of cutoff or cutoff_sigma',
  });

const modelSchema = z.strictObject({
  name: z.string().min(1),
  units: z.literal('lj').default('lj'),
  species: z.array(z.strictObject({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a name of letters, digits and _'),
    mass: z.number().positive(),
    element: z.string().refine(isElementSymbol, { message: 'an element symbol (H, He, ..., Cu, Zr, ...)' }).optional(),
  })).min(1),
  pairs: z.record(z.string(), pairSchema),
  shift: z.boolean().default(true),
  composition: z.record(z.string(), z.number().nonnegative()),
  density: z.number().positive(),
});

/** Formats the first problem of a failed schema check as "key.path: message". */
function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${path || '(top level)'}: ${issue.message}`;
}

export function parseModel(text: string, file: string): LJModel {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    throw new InputError(`${file}:${pos.line}: ${e.message.split('\n')[0]}`);
  }
  const result = modelSchema.safeParse(parseYaml(text));
  if (!result.success) throw new InputError(`${file}: ${describeIssue(result.error.issues[0])}`);
  const m = result.data;
  const names = m.species.map((s) => s.name);
  const index = (name: string, key: string) => {
    const k = names.indexOf(name);
    if (k < 0) throw new InputError(`${file}: ${key}: unknown species '${name}' (species: ${names.join(', ')})`);
    return k;
  };
  const nt = names.length;
  const elements = m.species.map((s) => s.element);
  if (elements.some((e) => e !== undefined)) {
    const k = elements.indexOf(undefined);
    if (k >= 0) throw new InputError(`${file}: species[${k}].element: give an element for every species or for none`);
    const twice = elements.findIndex((e, j) => elements.indexOf(e) !== j);
    if (twice >= 0) throw new InputError(`${file}: species[${twice}].element: '${elements[twice]}' is already the element of another species`);
  }
  const table: (LJPairParams | undefined)[][] = Array.from({ length: nt }, () => new Array(nt).fill(undefined));
  for (const [key, p] of Object.entries(m.pairs)) {
    const parts = key.split('-');
    if (parts.length !== 2) throw new InputError(`${file}: pairs.${key}: expected a key 'X-Y' naming two species`);
    const [a, b] = parts.map((s) => index(s, `pairs.${key}`));
    if (table[a][b]) throw new InputError(`${file}: pairs.${key}: pair given twice`);
    const params = { epsilon: p.epsilon, sigma: p.sigma, cutoff: p.cutoff ?? p.cutoff_sigma! * p.sigma };
    table[a][b] = params;
    table[b][a] = params;
  }
  for (let a = 0; a < nt; a++) {
    for (let b = a; b < nt; b++) {
      if (!table[a][b]) throw new InputError(`${file}: pairs: missing pair ${names[a]}-${names[b]}`);
    }
  }
  const composition = names.map((s) => m.composition[s] ?? 0);
  for (const s of Object.keys(m.composition)) index(s, `composition.${s}`);
  if (!composition.some((c) => c > 0)) throw new InputError(`${file}: composition: at least one fraction must be > 0`);
  return {
    name: m.name,
    species: m.species,
    pairs: table as LJPairParams[][],
    shift: m.shift,
    composition,
    density: m.density,
  };
}

/** A preset name (`ka`, `wahnstrom`) or the path of a model file. */
export function resolveModel(nameOrPath: string): LJModel {
  const preset = LJ_PRESETS[nameOrPath];
  if (preset) return preset();
  if (!existsSync(nameOrPath)) {
    throw new InputError(`--model: '${nameOrPath}' is neither a preset (${Object.keys(LJ_PRESETS).join(', ')}) nor a model file`);
  }
  return parseModel(readFileSync(nameOrPath, 'utf8'), nameOrPath);
}
