import seedrandom from 'seedrandom';

/**
 * The one source of randomness: a seeded generator (seedrandom's Alea) whose state can be saved
 * and restored, so a run restarted from a checkpoint draws the same numbers.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller; the second variate is cached). */
  gaussian(): number;
  /** Serialisable state. */
  save(): RngState;
}

export interface RngState {
  alea: seedrandom.State.Alea;
  spare: number | null;
}

export function createRng(seed: number | string, restore?: RngState): Rng {
  const alea = seedrandom.alea(String(seed), restore ? { state: restore.alea } : { state: true });
  let spare: number | null = restore ? restore.spare : null;
  return {
    uniform: () => alea(),
    gaussian() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = alea();
      const v = alea();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    save: () => ({ alea: alea.state(), spare }),
  };
}
