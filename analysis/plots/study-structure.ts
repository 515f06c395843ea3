/**
 * The study's figure of local structure against local modulus: the shear modulus G of each voxel
 * against the mean Voronoi volume of its atoms, a panel per sample (its first seed), soft-zone
 * voxels (G below the soft percentile) apart; null when no glass has a structure stage (older runs).
 */
import { panelChart, seriesColor, type PanelOptions } from './charts.js';
import { unitText } from './figure.js';
import { bySample, type StudyFigure } from './study.js';
import type { FigureGlass } from './study-inputs.js';

const lengthUnit = (units: string) => (units === 'metal' ? 'Å' : 'σ');

export function structureScatter(members: FigureGlass[], samples: string[]): StudyFigure | null {
  const ms = members.filter((m) => m.structure);
  if (ms.length === 0) return null;
  const panels: PanelOptions[] = samples.filter((s) => bySample(ms, s).length > 0).map((sample) => {
    const m = bySample(ms, sample)[0];
    const st = m.structure!;
    const used = st.voxels.G.flatMap((g, v) => (g !== null && st.voxels.volume[v] !== null ? [v] : []));
    const part = (soft: boolean) => used.filter((v) => (st.voxels.G[v]! < st.soft_threshold) === soft);
    const rho = st.rho_G_volume === null ? '–' : st.rho_G_volume.toFixed(2);
    return {
      title: `${sample} (seed ${m.seed}), ρ = ${rho}`, xLabel: `Voronoi volume per atom (${lengthUnit(m.units)}³)`, yLabel: `G (${unitText(m.heterogeneity.stress_unit)})`,
      series: [
        { label: 'soft zones', group: sample, x: part(true).map((v) => st.voxels.volume[v]!), y: part(true).map((v) => st.voxels.G[v]!), color: seriesColor(1), markers: true as const },
        { label: 'rest', group: sample, x: part(false).map((v) => st.voxels.volume[v]!), y: part(false).map((v) => st.voxels.G[v]!), color: seriesColor(0), markers: 'open' as const },
      ],
    };
  });
  return {
    id: 'structure-modulus', title: 'Local shear modulus against local Voronoi volume',
    caption: 'Each point is one voxel of the local-moduli grid of the first seed of a sample: its shear modulus G against the mean Voronoi cell volume of its atoms (plain Voronoi of the relaxed IS); filled: soft zones (G below the soft percentile), open: the rest; voxels with G ≤ 0 are left out. ρ: Spearman over the voxels.',
    fig: panelChart({ panels, columns: Math.min(3, panels.length), title: 'Structure against local modulus' }),
  };
}
