/**
 * Summary of Voronoi tessellations (one per frame): per type and for all atoms, the mean cell
 * volume and number of faces, the fraction of full icosahedra ⟨0,0,12,0⟩ (twelve pentagonal
 * faces and no other counted face), and the most common Voronoi indices ⟨n3, n4, n5, n6⟩.
 * Faces with fewer than 3 or more than 6 counted edges count in `faces` but not in the index.
 * Fractions are over all atoms of all frames.
 */
import { MAX_EDGES, type VoronoiTessellation } from './voronoi.js';

export interface IndexCount {
  /** ⟨n3, n4, n5, n6⟩. */
  index: [number, number, number, number];
  count: number;
  fraction: number;
}

export interface VoronoiGroupSummary {
  /** Atoms over all frames. */
  atoms: number;
  meanVolume: number;
  meanFaces: number;
  /** Fraction with index ⟨0,0,12,0⟩ and exactly 12 counted faces. */
  icosahedral: number;
  /** The most common indices, most common first (ties: the index read as numbers, smaller first). */
  top: IndexCount[];
}

export interface VoronoiSummary {
  frames: number;
  /** Largest |Σ cell volumes / box volume − 1| over frames (rounding only, ~1e-15). */
  volumeClosure: number;
  /** 'all', then each type '1', '2', … that has atoms. */
  groups: Record<string, VoronoiGroupSummary>;
}

export function summarizeVoronoi(tessellations: VoronoiTessellation[], top = 10): VoronoiSummary {
  if (tessellations.length === 0) throw new Error('summarizeVoronoi: no frames');
  const ntypes = tessellations[0].ntypes;
  const groups = ['all', ...Array.from({ length: ntypes }, (_, t) => String(t + 1))];
  const acc = groups.map(() => ({ atoms: 0, volume: 0, faces: 0, icosahedral: 0, counts: new Map<string, number>() }));
  let volumeClosure = 0;
  for (const t of tessellations) {
    let sum = 0;
    for (let i = 0; i < t.n; i++) {
      sum += t.volume[i];
      const h = t.edgeHistogram, o = i * MAX_EDGES;
      const key = `${h[o + 3]},${h[o + 4]},${h[o + 5]},${h[o + 6]}`;
      const ico = t.faces[i] === 12 && h[o + 5] === 12 ? 1 : 0;
      for (const g of [acc[0], acc[t.type[i] + 1]]) {
        g.atoms++;
        g.volume += t.volume[i];
        g.faces += t.faces[i];
        g.icosahedral += ico;
        g.counts.set(key, (g.counts.get(key) ?? 0) + 1);
      }
    }
    volumeClosure = Math.max(volumeClosure, Math.abs(sum / t.boxVolume - 1));
  }
  const out: Record<string, VoronoiGroupSummary> = {};
  groups.forEach((name, g) => {
    const a = acc[g];
    if (a.atoms === 0) return;
    const ranked = [...a.counts.entries()]
      .map(([key, count]) => ({ index: key.split(',').map(Number) as [number, number, number, number], count }))
      .sort((p, q) => q.count - p.count || compareIndex(p.index, q.index))
      .slice(0, top)
      .map(({ index, count }) => ({ index, count, fraction: count / a.atoms }));
    out[name] = { atoms: a.atoms, meanVolume: a.volume / a.atoms, meanFaces: a.faces / a.atoms, icosahedral: a.icosahedral / a.atoms, top: ranked };
  });
  return { frames: tessellations.length, volumeClosure, groups: out };
}

function compareIndex(p: number[], q: number[]): number {
  for (let k = 0; k < p.length; k++) if (p[k] !== q[k]) return p[k] - q[k];
  return 0;
}

/** ⟨n3,n4,n5,n6⟩ as text. */
export function formatIndex(index: ArrayLike<number>): string {
  return `<${Array.from(index).join(',')}>`;
}
