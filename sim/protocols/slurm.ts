/**
 * `sweep --emit slurm`: a Slurm job-array script with one array task per member, each running
 * `betascape quench` on the member's resolved config (which also resumes a requeued task from
 * its checkpoint), and a README saying how to submit it and collect the results.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/checkpoint.js';
import type { Member } from './sweep.js';
import { FILES } from './quench-member.js';

export const SLURM_SCRIPT = 'sweep.sbatch';

/** Shell single-quoting. */
function shq(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Wall-time limit HH:MM:SS from an estimate in seconds (doubled, at least an hour). */
function slurmTime(seconds: number): string {
  const s = Math.max(3600, Math.ceil((2 * seconds) / 3600) * 3600);
  const h = Math.floor(s / 3600);
  return `${String(h).padStart(2, '0')}:00:00`;
}

export interface SlurmOptions {
  name: string;
  runDir: string;
  /** Estimated seconds of the longest member, for --time. */
  longestSeconds: number;
  /** The betascape script each task runs with node (unless BETASCAPE says otherwise). */
  cli: string;
}

/** Writes RUN_DIR/slurm/sweep.sbatch and README.txt; returns their paths. */
export function emitSlurm(members: Member[], opts: SlurmOptions): { script: string; readme: string } {
  const dir = join(opts.runDir, 'slurm');
  mkdirSync(dir, { recursive: true });
  // Members on engine lammps with lammps.mpi_ranks > 1 start `mpirun -np N` inside their task.
  const ranks = Math.max(1, ...members.map((m) => (m.config.engine === 'lammps' ? m.config.lammps?.mpi_ranks ?? 1 : 1)));
  const script = [
    '#!/bin/bash',
    `# Slurm job array for the betascape sweep '${opts.name}': ${members.length} members, one array task each.`,
    '# Each task runs `betascape quench` on its member\'s resolved config; a requeued task resumes from',
    '# its checkpoint. Submit: sbatch ' + shq(join(dir, SLURM_SCRIPT)) + '   Afterwards: betascape collect ' + shq(opts.runDir),
    `#SBATCH --job-name=betascape-${opts.name}`,
    `#SBATCH --array=0-${members.length - 1}`,
    `#SBATCH --ntasks=${ranks}`,
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --time=${slurmTime(opts.longestSeconds)}`,
    `#SBATCH --output=${join(dir, '%x-%A_%a.out')}`,
    '# Add --partition / --account lines here as your cluster needs.',
    'set -euo pipefail',
    '',
    `BETASCAPE=\${BETASCAPE:-"node ${opts.cli}"}`,
    'MEMBERS=(',
    ...members.map((m) => `  ${shq(m.dir)}`),
    ')',
    'MEMBER="${MEMBERS[$SLURM_ARRAY_TASK_ID]}"',
    `exec $BETASCAPE quench "$MEMBER/${FILES.config}" --quiet`,
    '',
  ].join('\n');
  const readme = [
    `Slurm job array for the betascape sweep '${opts.name}' (${members.length} members).`,
    '',
    `1. Check ${SLURM_SCRIPT}: the time limit (${slurmTime(opts.longestSeconds)}, twice the estimate for the`,
    '   slowest member on one core) and any --partition / --account lines your cluster needs.',
    '   BETASCAPE may name another way to start betascape (default: node on this checkout).',
    `2. Submit:            sbatch ${join(dir, SLURM_SCRIPT)}`,
    `   One task locally:  SLURM_ARRAY_TASK_ID=0 bash ${join(dir, SLURM_SCRIPT)}`,
    '3. Tasks that fail or time out can be resubmitted (sbatch --array=<ids> ...): each member',
    '   continues from its last checkpoint; finished members are left alone.',
    `4. Collect the results: betascape collect ${opts.runDir}`,
    '   (writes sweep-table.csv and sweep-table.json there).',
    '',
    'Members (array index: directory):',
    ...members.map((m, k) => `  ${k}: ${m.dir}`),
    '',
  ].join('\n');
  const scriptPath = join(dir, SLURM_SCRIPT);
  writeFileAtomic(scriptPath, script);
  writeFileAtomic(join(dir, 'README.txt'), readme);
  return { script: scriptPath, readme: join(dir, 'README.txt') };
}
