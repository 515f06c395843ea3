/**
 * What a run records about itself (manifest.json): betascape version, git commit of the source tree,
 * node, host, start and end, and one entry per session (a resume adds one).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../repo-root.js';

export const VERSION = JSON.parse(readFileSync(new URL('package.json', REPO_ROOT), 'utf8')).version as string;

let gitInfo: { commit: string | null; dirty: boolean | null } | undefined;

/** Commit of the source tree, when it is a git checkout (read-only git commands). */
function sourceCommit(): { commit: string | null; dirty: boolean | null } {
  if (gitInfo) return gitInfo;
  const root = fileURLToPath(REPO_ROOT);
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  try {
    gitInfo = { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no').length > 0 };
  } catch {
    gitInfo = { commit: null, dirty: null };
  }
  return gitInfo;
}

/** A new manifest: provenance plus the run's own fields; `sessions` is filled by each run. */
export function newManifest(fields: Record<string, unknown>, started: string): Record<string, unknown> {
  const git = sourceCommit();
  return {
    betascape: VERSION, git_commit: git.commit, git_dirty: git.dirty, ...fields,
    node: process.version, host: hostname(), started, finished: null, sessions: [],
  };
}
