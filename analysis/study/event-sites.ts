/**
 * Where the events of a glass's β spectrum happen in its local shear-modulus map: an exploratory
 * measure, added after the study's decision rules were fixed and never part of the verdict.
 *
 * The events are the distinct events of the glass's catalogue (landscape/catalogue.csv), the ones
 * its event spectrum sums. Each event moves atom i by d_i between its two minima (− → +, minimum
 * image) and gives it the weight w_i = |d_i|² / Σ_j |d_j|². Atom i lies in the voxel the modulus
 * map puts it in (analysis/heterogeneity/voxels.ts on the map's reference); a voxel's percentile is
 * its G's mid-rank among the used voxels, pct = (rank − ½)/n ∈ (0, 1). Voxels with G ≤ 0 (or none)
 * are not used: their atoms leave both the weights (renormalised over the rest) and the null, and
 * are counted. Then
 *
 *   p_e = Σ_i w_i pct(voxel(i))                 the event's site percentile,
 *   p_0 = (1/N_used) Σ_i pct(voxel(i))          what an event with no preference for G would give,
 *   Δp  = ⟨p_e⟩_events − p_0                    < 0: events sit in softer voxels than atoms do.
 *
 * p_0 is not ½ because voxels hold different numbers of atoms (an event that moves every atom
 * alike gives p_e = p_0 exactly). The soft voxels are those below the soft_percentile-th
 * percentile of G (the heterogeneity stage's threshold); their share of the event weight is set
 * beside their share of the atoms.
 */
import { join } from 'node:path';
import { minimumImageDisplacement, type Box } from '../../sim/box.js';
import { decodeF64 } from '../../sim/io/checkpoint.js';
import { InputError } from '../../sim/errors.js';
import type { State } from '../../sim/state.js';
import { readEvent } from '../../landscape/activation/events.js';
import { percentileSorted } from '../heterogeneity/statistics.js';
import { voxelCount, voxelGrid } from '../heterogeneity/voxels.js';
import type { ModuliFile } from '../heterogeneity/report.js';
import { readCatalogue } from '../spectra/event-catalogue.js';
import { clusterBootstrap, type ClusteredInterval } from './cluster-bootstrap.js';
import { meanInterval, ranks, spearman, type MeanInterval } from './statistics.js';

/** One event: its number (the attempt that first found it), barrier, and its two minima (3N, unwrapped). */
export interface SiteEvent {
  event: number;
  barrier: number;
  minus: Float64Array;
  plus: Float64Array;
}

export interface EventSitesInput {
  box: Box;
  /** Voxel of each atom (index (iz·ny + iy)·nx + ix) and G of each voxel (null or ≤ 0: not used). */
  voxelOf: ArrayLike<number>;
  G: ArrayLike<number | null>;
  /** Soft voxels: G below this percentile (0–100) of the used voxels' G. */
  softPercentile: number;
  events: SiteEvent[];
}

export interface EventSite {
  event: number;
  /** E_forward of the catalogue (saddle − minimum 1, energy units). */
  barrier: number;
  /** p_e; null when the event moves no atom of a used voxel. */
  percentile: number | null;
  /** Share of the (renormalised) weight in soft voxels; null as percentile. */
  soft_weight: number | null;
  /** Share of Σ|d|² in voxels not used (G ≤ 0), before renormalising. */
  left_out_weight: number;
}

export interface EventSitesResult {
  /** The catalogue's distinct events, and those with a percentile. */
  events: number;
  events_used: number;
  /** ⟨p_e⟩ over the events, p_0, Δp = ⟨p_e⟩ − p_0 (null without an event). */
  event_percentile: number | null;
  null_percentile: number;
  shift: number | null;
  soft_percentile: number;
  soft_threshold: number;
  /** Mean over events of the weight in soft voxels, against the share of the used atoms in them. */
  soft_weight_fraction: number | null;
  soft_atom_fraction: number;
  /** Spearman ρ of p_e with the barrier over the events (null below 3 events or for a constant side). */
  rho_percentile_barrier: number | null;
  voxels_used: number;
  /** Voxels with G ≤ 0 (or undefined), their atoms, and the mean share of Σ|d|² that fell in them. */
  left_out_voxels: number;
  left_out_atoms: number;
  left_out_weight: number | null;
  /** Atoms in another voxel than moduli.json counts there (half the summed count differences; 0 expected). */
  reassigned_atoms: number;
  per_event: EventSite[];
}

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);

/** Percentile of each voxel's G among the used voxels (mid-ranks), NaN for voxels not used. */
export function voxelPercentiles(G: ArrayLike<number | null>): Float64Array {
  const used = Array.from(G, (g, v) => (g !== null && g > 0 ? v : -1)).filter((v) => v >= 0);
  const r = ranks(used.map((v) => G[v]!));
  const out = new Float64Array(G.length).fill(NaN);
  used.forEach((v, k) => { out[v] = (r[k] - 0.5) / used.length; });
  return out;
}

/** The site percentiles of a glass's events in its G map (see the file comment). */
export function eventSites(input: EventSitesInput): Omit<EventSitesResult, 'reassigned_atoms'> {
  const { voxelOf, G } = input;
  const pct = voxelPercentiles(G);
  const usedG = Float64Array.from(Array.from(G).filter((g): g is number => g !== null && g > 0)).sort();
  const threshold = percentileSorted(usedG, input.softPercentile);
  const n = voxelOf.length;
  const atomPct = Float64Array.from({ length: n }, (_, i) => pct[voxelOf[i]]);
  const used = (i: number) => !Number.isNaN(atomPct[i]);
  const soft = (i: number) => used(i) && G[voxelOf[i]]! < threshold;
  let usedAtoms = 0, softAtoms = 0, sumPct = 0;
  for (let i = 0; i < n; i++) {
    if (!used(i)) continue;
    usedAtoms++;
    sumPct += atomPct[i];
    if (soft(i)) softAtoms++;
  }
  const p0 = sumPct / usedAtoms;
  const perEvent = input.events.map((e): EventSite => {
    const d = minimumImageDisplacement(input.box, e.minus, e.plus);
    let all = 0, kept = 0, weighted = 0, inSoft = 0;
    for (let i = 0; i < n; i++) {
      const d2 = d[3 * i] ** 2 + d[3 * i + 1] ** 2 + d[3 * i + 2] ** 2;
      all += d2;
      if (!used(i)) continue;
      kept += d2;
      weighted += d2 * atomPct[i];
      if (soft(i)) inSoft += d2;
    }
    const ok = kept > 0;
    return {
      event: e.event, barrier: e.barrier, percentile: ok ? weighted / kept : null, soft_weight: ok ? inSoft / kept : null,
      left_out_weight: all > 0 ? (all - kept) / all : 0,
    };
  });
  const withSite = perEvent.filter((e) => e.percentile !== null);
  const pe = mean(withSite.map((e) => e.percentile!));
  const rho = withSite.length >= 3 ? spearman(withSite.map((e) => e.percentile!), withSite.map((e) => e.barrier)) : NaN;
  const leftOutVoxels = Array.from(G).filter((g) => !(g !== null && g > 0)).length;
  return {
    events: perEvent.length, events_used: withSite.length, event_percentile: pe, null_percentile: p0, shift: pe === null ? null : pe - p0,
    soft_percentile: input.softPercentile, soft_threshold: threshold,
    soft_weight_fraction: mean(withSite.map((e) => e.soft_weight!)), soft_atom_fraction: softAtoms / usedAtoms,
    rho_percentile_barrier: Number.isFinite(rho) ? rho : null,
    voxels_used: usedG.length, left_out_voxels: leftOutVoxels, left_out_atoms: n - usedAtoms, left_out_weight: mean(perEvent.map((e) => e.left_out_weight)),
    per_event: perEvent,
  };
}

/** The catalogue's distinct events (landscape/catalogue.csv) with their two minima from the event files. */
export function catalogueSiteEvents(landscapeDir: string): SiteEvent[] {
  const cat = readCatalogue(landscapeDir);
  return cat.events.map((c) => {
    const k = Number(c.extra.event);
    const e = Number.isInteger(k) ? readEvent(join(landscapeDir, 'events'), k) : undefined;
    if (!e?.minus || !e.plus) throw new InputError(`${cat.file}: event ${c.extra.event ?? '(no event column)'} has no event file with both minima in ${join(landscapeDir, 'events')}`);
    return { event: k, barrier: c.forward, minus: decodeF64(e.minus.x), plus: decodeF64(e.plus.x) };
  });
}

/**
 * The stage: the catalogue's events of `landscapeDir` on the map of moduli.json, atoms binned on
 * the map's reference `ref` (the IS relaxed as the heterogeneity stage relaxes it) with edge `voxel`.
 */
export function eventSitesStage(landscapeDir: string, ref: State, moduli: ModuliFile, voxel: number, softPercentile: number): EventSitesResult {
  const grid = voxelGrid(ref, voxel);
  const { nx, ny, nz } = moduli.grid;
  if (grid.nx !== nx || grid.ny !== ny || grid.nz !== nz) {
    throw new InputError(`moduli.json: grid ${nx}×${ny}×${nz}, the voxel ${voxel} gives ${grid.nx}×${grid.ny}×${grid.nz}; rerun the heterogeneity stage`);
  }
  const events = catalogueSiteEvents(landscapeDir);
  for (const e of events) {
    if (e.minus.length !== 3 * ref.n) throw new InputError(`${landscapeDir}: event ${e.event} has ${e.minus.length / 3} atoms, the glass ${ref.n}`);
  }
  const atoms = moduli.fields.atoms;
  const reassigned = Array.from(grid.atoms).reduce((a, c, v) => a + Math.abs(c - atoms[v]), 0) / 2;
  if (moduli.fields.G.length !== voxelCount(grid)) throw new InputError(`moduli.json: G has ${moduli.fields.G.length} values for ${voxelCount(grid)} voxels`);
  return { ...eventSites({ box: ref.box, voxelOf: grid.voxelOf, G: moduli.fields.G, softPercentile, events }), reassigned_atoms: reassigned };
}

/**
 * Per sample: Δp over its glasses with events (t interval, n − 1 df), and ⟨p_e⟩, p_0 and the soft
 * weight and atom fractions over the same glasses (so that ⟨p_e⟩ − p_0 = Δp).
 */
export interface EventSitesSample {
  sample: string;
  /** Glasses with the stage, and events with a site over them. */
  glasses: number;
  events: number;
  shift: MeanInterval;
  event_percentile: MeanInterval;
  null_percentile: MeanInterval;
  soft_weight_fraction: MeanInterval;
  soft_atom_fraction: MeanInterval;
}

/** The exploratory event-site summary of a study (results.json `event_sites`): reported, never decided on. */
export interface EventSitesSummary {
  note: string;
  samples: EventSitesSample[];
  /** Mean Δp over every glass with a value, two-level bootstrap (samples, then glasses). */
  all: ClusteredInterval;
}

export const EVENT_SITES_NOTE = 'Exploratory, added after the decision rules were fixed; not part of them and not used by the verdict.';

/** The summary over the study's glasses (null when no glass has the stage). */
export function eventSitesSummary(
  glasses: { sample: string; sites?: EventSitesResult }[], samples: string[], o: { level: number; resamples: number; seed: number },
): EventSitesSummary | null {
  const have = glasses.filter((g) => g.sites !== undefined);
  if (have.length === 0) return null;
  const values = (gs: typeof have, f: (s: EventSitesResult) => number | null) => gs.map((g) => f(g.sites!)).filter((v): v is number => v !== null && Number.isFinite(v));
  const rows = samples.map((sample): EventSitesSample => {
    const gs = have.filter((g) => g.sample === sample);
    const withEvents = gs.filter((g) => g.sites!.shift !== null && Number.isFinite(g.sites!.shift));
    const mi = (f: (s: EventSitesResult) => number | null) => meanInterval(values(withEvents, f), o.level);
    return {
      sample, glasses: gs.length, events: gs.reduce((a, g) => a + g.sites!.events_used, 0),
      shift: mi((s) => s.shift), event_percentile: mi((s) => s.event_percentile), null_percentile: mi((s) => s.null_percentile),
      soft_weight_fraction: mi((s) => s.soft_weight_fraction), soft_atom_fraction: mi((s) => s.soft_atom_fraction),
    };
  });
  const clusters = samples.map((s) => values(have.filter((g) => g.sample === s), (x) => x.shift));
  const all = clusterBootstrap(clusters, (v) => mean(v) ?? NaN, o);
  return { note: EVENT_SITES_NOTE, samples: rows, all };
}
