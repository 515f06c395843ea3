/**
 * Chemical element symbols, for files that other programs read (extended XYZ for ASE and OVITO).
 *
 * Lennard-Jones species have no element. Where a file needs one, LAMMPS type t is written as the
 * element with atomic number Z = t (type 1 → H, 2 → He, 3 → Li, ...), unless the model file names
 * an `element` for each species. Z = type is the rule ASE itself applies to LAMMPS data files and
 * dumps that carry no element names (`read_lammps_data`, `lammps-dump-text`), so an ASE user sees
 * the same symbol for an atom in `final.data`, `trajectory.dump` and `final.xyz`; it needs no
 * table, works for any number of species, and no metallic glass contains H or He, so the symbols
 * cannot be mistaken for the alloy's chemistry.
 */

/** Symbols by atomic number: ELEMENT_SYMBOLS[Z - 1]. */
export const ELEMENT_SYMBOLS: readonly string[] = (
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu ' +
  'Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr ' +
  'Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

const SYMBOL_SET = new Set(ELEMENT_SYMBOLS);

export function isElementSymbol(s: string): boolean {
  return SYMBOL_SET.has(s);
}

/** The default element of 0-based type t: atomic number t + 1. */
export function defaultElement(t: number): string {
  const s = ELEMENT_SYMBOLS[t];
  if (s === undefined) throw new RangeError(`no element with atomic number ${t + 1}`);
  return s;
}

/**
 * The element symbol of each type: `elements` when given, else the type names when every one is
 * an element symbol (EAM runs: Cu, Zr), else Z = type for all (Lennard-Jones species A, B).
 */
export function elementsOfTypes(typeNames: readonly string[], elements?: readonly string[]): string[] {
  if (elements) return [...elements];
  if (typeNames.every(isElementSymbol)) return [...typeNames];
  return typeNames.map((_, t) => defaultElement(t));
}

/** The model's `element` of each species when it gives them (LJ model files), else undefined. */
export function speciesElements(species: readonly { element?: string }[]): string[] | undefined {
  return species.every((s) => s.element !== undefined) ? species.map((s) => s.element!) : undefined;
}
