/**
 * Keeps a long study's finished work in the repository, so that it survives a machine that is
 * replaced between sessions (runs/ is not committed), and puts it back to resume from.
 *
 *   node scripts/study-archive.mjs save    RUN_DIR ARCHIVE_DIR   copy finished work into the archive
 *   node scripts/study-archive.mjs restore ARCHIVE_DIR RUN_DIR   copy it back (files already there stay)
 *
 * Saved: study.yaml and every member directory whose quench is done (summary.json), with the files
 * the analysis reads and writes, but not what is bulky and rebuilt or unused by the study: the final
 * MD state (glass.data, glass.xyz), dumps (trajectory.dump, minima.dump, saddles.dump), checkpoints,
 * locks, and the per-event configurations of landscape/events/ (a glass whose analysis.json is
 * current is reused without them; an unfinished campaign reruns its events). A quench still under
 * way is saved with its checkpoints, so that it resumes from them. Restore into a checkout at the
 * same path: members name a model file by its absolute path, and a study refuses a member whose
 * config differs. docs/study.md, "Running the full study", says how the full study uses it.
 */
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const CHECKPOINTS = ['checkpoint.json', 'checkpoint.prev.json'];
const SKIPPED_FILES = new Set(['glass.data', 'glass.xyz', 'trajectory.dump', 'minima.dump', 'saddles.dump', 'run.lock', ...CHECKPOINTS]);
const SKIPPED_DIRS = new Set(['events']);

function usage(message) {
  process.stderr.write(`study-archive: ${message}\nusage: node scripts/study-archive.mjs save RUN_DIR ARCHIVE_DIR | restore ARCHIVE_DIR RUN_DIR\n`);
  process.exit(2);
}

/** Member directories (those holding a config.yaml) below `dir`. */
function memberDirs(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (existsSync(join(path, 'config.yaml'))) found.push(path);
    else found.push(...memberDirs(path));
  }
  return found;
}

const keep = (path) => {
  const name = basename(path);
  return statSync(path).isDirectory() ? !SKIPPED_DIRS.has(name) : !SKIPPED_FILES.has(name) && !name.startsWith('restart');
};
/** A quench under way: its checkpoints too. */
const keepUnderWay = (path) => keep(path) || CHECKPOINTS.includes(basename(path));

function save(run, archive) {
  if (!existsSync(join(run, 'study.yaml'))) usage(`${run}: not a study output directory (no study.yaml)`);
  cpSync(join(run, 'study.yaml'), join(archive, 'study.yaml'));
  const members = memberDirs(join(run, 'samples'));
  const done = members.filter((d) => existsSync(join(d, 'summary.json')));
  const underWay = members.filter((d) => !done.includes(d) && existsSync(join(d, CHECKPOINTS[0])));
  for (const dir of done) {
    const to = join(archive, relative(run, dir));
    cpSync(dir, to, { recursive: true, filter: keep });
    for (const f of CHECKPOINTS) rmSync(join(to, f), { force: true });
  }
  for (const dir of underWay) cpSync(dir, join(archive, relative(run, dir)), { recursive: true, filter: keepUnderWay });
  process.stdout.write(`saved ${done.length} quenched glasses and ${underWay.length} quenches under way of ${run} into ${archive}\n`);
}

function restore(archive, run) {
  if (!existsSync(join(archive, 'study.yaml'))) usage(`${archive}: not a study archive (no study.yaml)`);
  cpSync(archive, run, { recursive: true, force: false, errorOnExist: false });
  const members = memberDirs(join(archive, 'samples'));
  process.stdout.write(`restored ${members.length} glasses into ${run}\n`);
  // A model or potential file named by a path this checkout lacks: the study would refuse the member.
  const missing = new Set();
  for (const dir of members) {
    for (const [, path] of readFileSync(join(dir, 'config.yaml'), 'utf8').matchAll(/^\s*(?:model|file): (\/\S+)$/gm)) if (!existsSync(path)) missing.add(path);
  }
  for (const path of missing) process.stderr.write(`study-archive: warning: the archived glasses name ${path}, which is not here: restore into a checkout at the path they were run from\n`);
}

const [command, from, to] = process.argv.slice(2);
if (!from || !to) usage('needs a command and two directories');
if (command === 'save') save(from, to);
else if (command === 'restore') restore(from, to);
else usage(`unknown command '${command}'`);
