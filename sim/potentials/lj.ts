import type { State } from '../state.js';
import { reserveForceRoom, type NeighborList } from '../neighbor.js';
import type { ComputeFlags, ForceOutput, Potential } from './potential.js';
import type { LJModel } from './lj-model.js';
import type { LJSpec } from './spec.js';
import { ljEnergy, ljTables, type LJTables } from './lj-pair.js';
import { ljOnList } from '../wasm/lj-kernel.js';
import { pairRegionHessian } from './pair-hessian.js';
import { phases } from '../phase-profile.js';

export { kobAndersen, wahnstrom, LJ_PRESETS, type LJModel, type LJPairParams } from './lj-model.js';

/**
 * Truncated (and optionally shifted) multi-species Lennard-Jones, as LAMMPS `pair_style lj/cut`.
 * Per-pair constants are precomputed once (ljTables, sim/potentials/lj-pair.ts, which also has the
 * pair law); the pair loop over the half list (Newton's third law, minimum image only for pairs
 * listed as crossing a boundary) is the WebAssembly kernel sim/wasm/assembly/lj.ts, run in place
 * on the list's own WebAssembly memory.
 */
export class LennardJones implements Potential {
  readonly name = 'lj/cut';
  readonly ntypes: number;
  readonly spec: LJSpec;
  readonly tables: LJTables;
  private readonly cut: Float64Array;

  constructor(readonly model: LJModel) {
    this.spec = { kind: 'lj', model };
    this.ntypes = model.species.length;
    this.cut = Float64Array.from(model.pairs.flat().map((p) => p.cutoff));
    this.tables = ljTables(model);
  }

  cutoff(ti: number, tj: number): number {
    return this.cut[ti * this.ntypes + tj];
  }

  /** Energy of one pair at distance r (for tests and tables). */
  pairEnergy(ti: number, tj: number, r: number): number {
    const p = ti * this.ntypes + tj;
    return r * r >= this.tables.cutsq[p] ? 0 : ljEnergy(this.tables, p, 1 / (r * r));
  }

  /** φ' = 4ε(6 s⁶ − 12 s¹²)/r and φ'' = 4ε(156 s¹² − 42 s⁶)/r², s = σ/r (the cut-off's shift does not enter). */
  pairCurvature(ti: number, tj: number, r: number): [number, number] {
    const { epsilon, sigma } = this.model.pairs[ti][tj];
    const s6 = (sigma / r) ** 6, s12 = s6 * s6;
    return [(4 * epsilon * (6 * s6 - 12 * s12)) / r, (4 * epsilon * (156 * s12 - 42 * s6)) / (r * r)];
  }

  /** The analytic Hessian of the region `atoms` from φ' and φ'' (pair-hessian.ts). */
  regionHessian(state: State, nlist: NeighborList, atoms: number[]): Float64Array {
    return pairRegionHessian(state, nlist, atoms, (a, b) => this.cutoff(a, b), (a, b, r) => this.pairCurvature(a, b, r));
  }

  compute(state: State, nlist: NeighborList, flags: ComputeFlags, out: ForceOutput): void {
    // The list lives in WebAssembly memory, and so does the pair loop (sim/wasm/list-memory.ts).
    const memory = nlist.memory;
    if (!memory) throw new Error('LJ: compute needs a list made by buildNeighbors');
    const { x, type, box, n } = state;
    const vatom = flags.energyVirial ? flags.perAtomVirial ?? null : null;
    reserveForceRoom(nlist, this.tables.packed.length, vatom !== null);
    if (!flags.energyVirial) {
      ljOnList(memory, x, type, box, this.tables, 0, n, state.f, { virial: null, pe: null, vatom: null }, phases);
      return;
    }
    out.virial.fill(0);
    const pe = flags.perAtomEnergy ?? null;
    pe?.fill(0);
    const o = { virial: out.virial, pe, vatom };
    out.energy = ljOnList(memory, x, type, box, this.tables, 0, n, state.f, o, phases);
  }
}
