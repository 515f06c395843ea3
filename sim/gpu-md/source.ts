/**
 * Pieces of gpu.js kernel source shared by the resident kernels. Kernels are strings (gpu.js
 * compiles them; no TypeScript transform may touch them) with their sizes written in as literals.
 * Every index is an integer held in an f32, exact below 2^24; divisions that must give an integer
 * are written floor((a + 0.5) / b), which no rounding of the quotient can push across an integer.
 */

/**
 * Declares `${v}0` .. `${v}{channels-1}` from texel `index` of `arr`: on GL a whole texel read once
 * (`const t = a[i]; t[0]`, the only form that reads GL pipeline textures right), elsewhere
 * `a[i][c]`, the only form webasm accepts (docs/gpu.md, gotcha 4).
 */
export function fetch(v: string, arr: string, index: string, vec4: boolean, channels = 4): string {
  const names = Array.from({ length: channels }, (_, c) => c);
  if (vec4) return `const ${v} = ${arr}[${index}];\n${names.map((c) => `const ${v}${c} = ${v}[${c}];`).join('\n')}\n`;
  return `const ${v}i = ${index};\n${names.map((c) => `const ${v}${c} = ${arr}[${v}i][${c}];`).join('\n')}\n`;
}

/** `q = floor(a / b)` and `r = a - q b` for non-negative integers a, b. */
export const divmod = (q: string, r: string, a: string, b: number | string) =>
  `const ${q} = Math.floor((${a} + 0.5) / ${b});\nconst ${r} = ${a} - ${q} * ${b};\n`;

/**
 * A number as a float kernel expression. gpu.js types integer-valued literals as int, and casts
 * them in arithmetic but not in a ternary's branches or Math.min/max arguments, where GLSL then
 * refuses to mix them with floats: there `(k + 0.5 - 0.5)` is a float (folded by the compiler).
 */
export const lit = (x: number) => (Number.isInteger(x) ? `(${x} + 0.5 - 0.5)` : `${x}`);

/**
 * The cell offset (ox, oy, oz) in {-1, 0, 1}^3 of stencil entry s in 0..26, s = 9 (ox + 1) +
 * 3 (oy + 1) + (oz + 1).
 */
export const STENCIL = (s: string) => `${divmod('sx9', 'sr9', s, 9)}${divmod('sy3', 'sz3', 'sr9', 3)}
const ox = sx9 - 1;
const oy = sy3 - 1;
const oz = sz3 - 1;
`;
