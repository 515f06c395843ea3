/**
 * `npm run bench -- --profile`: where the wall time of the timed MD steps goes, per phase
 * (sim/phase-profile.ts), for the cpu and threads backends of every case. Shares of the wall time
 * are printed rather than seconds: they are the figures that survive a busy machine.
 */
import { PhaseProfile, profilePhases } from '../../sim/phase-profile.js';

export interface ProfiledRun {
  /** Column heading, e.g. "ka 4000 threads". */
  label: string;
  profile: PhaseProfile;
  atomSteps: number;
}

/** Runs `timed` with a phase profile being taken (added into `profile` when given). */
export function profiled<T>(timed: () => T, profile = new PhaseProfile()): { result: T; profile: PhaseProfile } {
  profilePhases(profile);
  try {
    return { result: timed(), profile };
  } finally {
    profilePhases(null);
  }
}

/** Milliseconds per phase and per detail figure, for --json. */
export function phasesMs(r: ProfiledRun): Record<string, number> {
  return Object.fromEntries([...r.profile.wall, ...r.profile.detail]);
}

const total = (p: PhaseProfile) => [...p.wall.values()].reduce((a, b) => a + b, 0);

/**
 * The table: one row per phase (shares of the wall time, in %; they add up to 100), with the
 * workers' busy time under each threads phase that waits for them (busiest and mean worker, also
 * in % of the wall time: what the host waits beyond the busiest worker is wake-up and hand-over),
 * then ns per atom-step.
 */
export function profileTable(runs: ProfiledRun[]): string[] {
  const names: string[] = [];
  for (const r of runs) for (const k of [...r.profile.wall.keys(), ...r.profile.detail.keys()]) if (!names.includes(k)) names.push(k);
  // Detail rows ("phase | figure") go right under their phase.
  const phasesOnly = names.filter((k) => !k.includes(' | '));
  const order = phasesOnly.flatMap((p) => [p, ...names.filter((k) => k.startsWith(`${p} | `))]);
  const share = (r: ProfiledRun, k: string) => {
    const ms = r.profile.wall.get(k) ?? r.profile.detail.get(k);
    return ms === undefined ? '' : `${((100 * ms) / total(r.profile)).toFixed(1)} %`;
  };
  const head = ['phase (% of wall time)', ...runs.map((r) => r.label)];
  const rows = order.map((k) => [k.includes(' | ') ? `  ${k.split(' | ')[1]}` : k, ...runs.map((r) => share(r, k))]);
  rows.push(['ns per atom-step', ...runs.map((r) => ((1e6 * total(r.profile)) / r.atomSteps).toFixed(1))]);
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(width[c]) : x.padStart(width[c]))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
