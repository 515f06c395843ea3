/**
 * Hostile inputs (a measurement, not a test): runs the CLI on well over a hundred malformed or
 * hostile inputs, as a careless or hostile user would give them, and tallies what each one did.
 *
 *   node --import tsx test/validation/hostile-inputs.ts
 *
 * Outcome of a case:
 *   clean     exit 2, exactly one stderr line `betascape: error: ...`, no NaN/Infinity written
 *   ok        exit 0 where the case allows it (expect: 'either'), nothing non-finite written
 *   accepted  exit 0 on input that should have been refused, or exit 0 with NaN/Infinity written
 *   untidy    exit 2, but stderr is not one error line, NaN/Infinity was written, a file that
 *             was there before (keep) was lost or changed, or the message does not name the
 *             key, flag or file at fault (cases with `mentions`)
 *   internal  exit 1 (the CLI's "internal error": a bug)
 *   crash     any other exit, a signal, a stack trace on stderr, or a timeout
 *
 * Every input is written under a fresh mkdtemp directory (the working directory of every run, so
 * default outputs land there too). The table and the summary do not depend on the run (paths are
 * printed as $TMP); the wall time goes to stderr. Exits 0 whatever it finds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'cli/betascape.js');
const started = Date.now();
const tmp = mkdtempSync(join(tmpdir(), 'betascape-hostile-'));
const IN = join(tmp, 'in');
const OUT = join(tmp, 'out');
mkdirSync(IN);
mkdirSync(OUT);

// ---------------------------------------------------------------- the helper that runs one case

type Expect = 'refuse' | 'either';
type Outcome = 'clean' | 'ok' | 'accepted' | 'untidy' | 'internal' | 'crash';
interface Case {
  name: string;
  expect: Expect;
  args: string[];
  /** Pipe stdout into `head -c 1` (a reader that goes away). */
  pipe?: boolean;
  /** Files (written before the run) that must be there, unchanged, afterwards. */
  keep?: string[];
  /** Seconds (default 60). */
  timeout?: number;
  /** A refusal counts as clean only if its message contains this (the key or flag at fault). */
  mentions?: string;
}
interface Result {
  outcome: Outcome;
  seconds: number;
  code: number | null;
  first: string;
  why: string;
}

const norm = (s: string) => s.split(tmp).join('$TMP').split(repo).join('./');

/** Regular files under `p` (or `p` itself) last written at or after `since` (ms). */
function writtenSince(p: string, since: number, into: string[] = []): string[] {
  let st;
  try {
    st = statSync(p);
  } catch {
    return into;
  }
  if (st.isFile() && st.mtimeMs >= since) into.push(p);
  else if (st.isDirectory()) {
    try {
      for (const e of readdirSync(p)) writtenSince(join(p, e), since, into);
    } catch {
      /* an unreadable directory made on purpose */
    }
  }
  return into;
}

/**
 * Where a case may write: the paths under $TMP among its arguments (not the shared inputs), and
 * the OUT paths named inside a config file it is given.
 */
function rootsOf(k: Case): string[] {
  const roots = new Set<string>();
  k.args.forEach((path, i) => {
    if (path.startsWith(OUT) || (path.startsWith(tmp) && k.args[i - 1] === '--out')) roots.add(path);
    if (path.startsWith(IN) && /\.(ya?ml|json)$/.test(path) && existsSync(path) && statSync(path).isFile()) {
      for (const word of readFileSync(path, 'utf8').split(/[\s,{}[\]'"]+/)) if (word.startsWith(OUT)) roots.add(word);
    }
  });
  return [...roots];
}

/** NaN or Infinity as JSON/JS writes them, or nan/inf as a C-style number token. */
const NONFINITE = /(^|[^A-Za-z_])(NaN|-?Infinity)([^A-Za-z_]|$)|(^|[\s,;:[(])[-+]?(nan|inf)(?=[\s,;\])]|$)/im;

/** Runs one case and judges what it did. */
async function runCase(k: Case): Promise<Result> {
  const kept = new Map((k.keep ?? []).map((f) => [f, readFileSync(f)]));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.BETASCAPE_DEBUG;
  const t0 = Date.now();
  const timeout = k.timeout ?? 60;
  const child = k.pipe
    ? spawn('bash', ['-c', '"$0" "$@" | head -c 1 >/dev/null; exit ${PIPESTATUS[0]}', process.execPath, bin, ...k.args], { cwd: tmp, env })
    : spawn(process.execPath, [bin, ...k.args], { cwd: tmp, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(-(1 << 22))));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeout * 1000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('close', (c, s) => done([c, s])));
  clearTimeout(timer);
  const seconds = (Date.now() - t0) / 1000;
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  const first = norm(lines[0] ?? '').replace(/\(\d+(\.\d+)? s\)/g, '(… s)');
  // Non-finite numbers in what the run wrote (its output paths), and on stdout.
  const nonFinite: string[] = [];
  for (const p of rootsOf(k).flatMap((r) => writtenSince(r, t0 - 5))) {
    if (/\.(png|gsf)$/.test(p)) continue;
    if (NONFINITE.test(readFileSync(p, 'latin1'))) nonFinite.push(norm(p));
  }
  if (code === 0 && NONFINITE.test(stdout)) nonFinite.push('stdout');
  const lost = [...kept].filter(([f, bytes]) => !existsSync(f) || !readFileSync(f).equals(bytes)).map(([f]) => norm(f));
  const why: string[] = [];
  if (nonFinite.length) why.push(`non-finite in ${nonFinite.slice(0, 3).join(', ')}`);
  if (lost.length) why.push(`lost ${lost.join(', ')}`);
  let outcome: Outcome;
  if (timedOut) (outcome = 'crash'), why.unshift(`timeout ${timeout} s`);
  else if (code === null) (outcome = 'crash'), why.unshift(`signal ${signal}`);
  else if (/^\s+at\s/m.test(stderr)) (outcome = 'crash'), why.unshift('stack trace');
  else if (code === 1) outcome = 'internal';
  else if (code === 2) {
    const oneLine = lines.length === 1 && lines[0].startsWith('betascape: error:');
    const others = lines.filter((l) => !l.startsWith('betascape: error:')).length;
    if (!oneLine) why.unshift(others ? `${lines.length} stderr lines, ${others} not 'betascape: error:'` : `${lines.length} error lines`);
    if (k.mentions && !stderr.includes(k.mentions)) why.push(`the message does not name '${k.mentions}'`);
    outcome = oneLine && !why.length ? 'clean' : 'untidy';
  } else if (code === 0) {
    if (k.expect === 'refuse') why.unshift('exit 0 on bad input');
    outcome = k.expect === 'refuse' || nonFinite.length || lost.length ? 'accepted' : 'ok';
  } else (outcome = 'crash'), why.unshift(`exit ${code}`);
  return { outcome, seconds, code, first, why: why.join('; ') };
}

// ---------------------------------------------------------------- inputs

/** Writes IN/name and returns its path. */
function file(name: string, content: string | Buffer): string {
  const p = join(IN, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}
/** A directory IN/name holding the files given. */
function folder(name: string, files: Record<string, string> = {}): string {
  const d = join(IN, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}
/** An output path OUT/name (not created). */
const out = (name: string) => join(OUT, name);

/** Runs the CLI for setting up (must succeed). */
function setup(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`setup failed: betascape ${args.join(' ')}\n${r.stderr}`);
}

// The Kob-Andersen glass of 864 atoms (the shared reference, else one made here).
let ka = join(repo, '../shared/reference/ka864.data');
if (!existsSync(ka)) {
  setup('md', '--model', 'ka', '-n', '256', '--steps', '0', '-T', '1', '--out', join(tmp, 'setup-ka'), '--quiet');
  ka = join(tmp, 'setup-ka/final.data');
}
const ka256 = join(repo, 'test/fixtures/dma/ka256-glass.data');
const eamFs = '/usr/share/lammps/potentials/CuZr_mm.eam.fs';
const haveEam = existsSync(eamFs);
// A CuZr sample (500 atoms, the smallest box the EAM cut-off allows) and a KA extended XYZ file.
setup('md', '--data', ka256, '--model', 'ka', '-T', '0.5', '--steps', '0', '--out', join(tmp, 'setup-xyz'), '--quiet');
const kaXyz = join(tmp, 'setup-xyz/final.xyz');
let cuzr = '';
if (haveEam) {
  setup('md', '--potential', eamFs, '--elements', 'Cu,Zr', '-n', '500', '--composition', 'Cu:0.5,Zr:0.5', '--density', '0.059', '-T', '300', '--steps', '0', '--out', join(tmp, 'setup-cuzr'), '--quiet');
  cuzr = join(tmp, 'setup-cuzr/final.data');
}
// The template configs, with the model files their paths name.
for (const f of readdirSync(join(repo, 'configs/models'))) copyFileSync(join(repo, 'configs/models', f), join(folder('models'), f));
const kaText = readFileSync(ka, 'utf8');
const kaLines = kaText.split('\n');
const atomsAt = kaLines.findIndex((l) => /^Atoms/.test(l)) + 2; // first atom line
const dumpText = readFileSync(existsSync(join(repo, '../shared/reference/ka864.forces.dump')) ? join(repo, '../shared/reference/ka864.forces.dump') : join(repo, 'test/reference/ka864.forces.dump'), 'utf8');
const xyzText = readFileSync(kaXyz, 'utf8');
const modelText = readFileSync(join(repo, 'configs/models/ka-mixture.yaml'), 'utf8');
const eamText = haveEam ? readFileSync(eamFs, 'utf8') : '';

/** The KA data file with atom line i (0-based) replaced. */
function kaWithAtom(i: number, line: string) {
  const l = [...kaLines];
  l[atomsAt + i] = line;
  return l.join('\n');
}
/** A LAMMPS data file from its parts. */
function data(o: { natoms: number | string; ntypes?: number | string; box?: string; masses?: string | null; atoms: string[] }) {
  const box = o.box ?? '0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi';
  const masses = o.masses === null ? '' : `Masses\n\n${o.masses ?? '1 1\n2 1'}\n\n`;
  return `hostile\n\n${o.natoms} atoms\n${o.ntypes ?? 2} atom types\n\n${box}\n\n${masses}Atoms # atomic\n\n${o.atoms.join('\n')}\n`;
}
/** An fcc-ish grid of n atoms of types 1 and 2 in a box of edge L. */
function grid(n: number, L: number): string[] {
  const m = Math.ceil(Math.cbrt(n));
  const a = L / m;
  return Array.from({ length: n }, (_, i) => `${i + 1} ${1 + (i % 5 === 0 ? 1 : 0)} ${(i % m) * a + 0.1} ${(Math.floor(i / m) % m) * a + 0.1} ${Math.floor(i / m / m) * a + 0.1}`);
}

/** A quench config small enough to finish in seconds if it is (wrongly) accepted. */
const quenchBase = (over: string) => `name: hostile
model: ka
n: 256
density: 1.2
dt: 0.005
thermostat: { damp: 0.5 }
melt: { T: 2.0, duration: 0.05 }
quench: { T_start: 1.0, T_end: 0.5, hold: 0.05, rates: [10] }
tg: { glass: [0.5, 0.7], liquid: [0.8, 1.0] }
seeds: 1
sampling: { thermo_every: 2 }
output: ${out('quench')}
${over}`;
/** The same config with `key: value` lines replaced or added (YAML text). */
function quenchCfg(name: string, replace: Record<string, string>) {
  let text = quenchBase('').replace(out('quench'), out(`quench-${name}`));
  for (const [key, value] of Object.entries(replace)) {
    const re = new RegExp(`^${key}:.*$`, 'm');
    text = re.test(text) ? text.replace(re, `${key}: ${value}`) : `${text}${key}: ${value}\n`;
  }
  return file(`cfg/${name}.yaml`, text);
}

const dmaBase = (over: Record<string, string>) => {
  const keys: Record<string, string> = {
    output: out('dma-out'),
    model: 'ka',
    sample: `{ data: ${ka256} }`,
    mode: 'shear',
    strain_amplitude: '0.01',
    dt: '0.005',
    equilibrate_steps: '0',
    cycles: '2',
    transient_cycles: '1',
    samples_per_cycle: '8',
    seed: '1',
    jobs: '1',
    scans: '[{ temperatures: [0.1], periods: [0.5] }]',
    ...over,
  };
  return Object.entries(keys).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
};
const dmaCfg = (name: string, over: Record<string, string>) => file(`dma/${name}.yaml`, dmaBase({ output: out(`dma-${name}`), ...over }));

/** The small study, smaller still (one seed, two activations per glass), its output per case. */
const studyText = readFileSync(join(repo, 'configs/beta-heterogeneity-small.yaml'), 'utf8')
  .replace('n: 400', 'n: 256').replace('seeds: 2', 'seeds: 1').replace('events: 6', 'events: 2');
const studyCfg = (name: string, edit: (t: string) => string) => file(`study-${name}.yaml`, edit(studyText).replace(/^name: .*$/m, `name: hostile\noutput: ${out(`study-${name}`)}`));

/** A DMA export: T (°C), E', E'' (MPa), tan δ. */
function dmaExport(rows: [number, number, number][]) {
  return 'Temperature (°C),Storage Modulus (MPa),Loss Modulus (MPa),Tan Delta\n' + rows.map(([t, e1, e2]) => `${t},${e1},${e2},${e2 / e1}`).join('\n') + '\n';
}
const goodRows: [number, number, number][] = Array.from({ length: 12 }, (_, i) => {
  const t = 300 + 20 * i;
  return [t - 273.15, 30000 * (1 - 0.5 / (1 + Math.exp(-(t - 480) / 10))), 1000 * Math.exp(-(((t - 490) / 15) ** 2)) + 50];
});
const goodDma = file('dma-good.csv', dmaExport(goodRows));

/** An event catalogue (the header `activate` writes) with these rows. */
function catalogue(rows: string[]) {
  const C = [90, 52, 52, 0, 0, 0, 52, 90, 52, 0, 0, 0, 52, 52, 90, 0, 0, 0, 0, 0, 0, 19, 0, 0, 0, 0, 0, 0, 19, 0, 0, 0, 0, 0, 0, 19];
  return `# betascape event catalogue\n# units: lj\n# volume: 720\n# elastic_constants: ${C.join(' ')}\n# einstein_frequency: 3.1\n` +
    'event,hits,adjacency,E_forward,E_backward,asymmetry,dsigma_xx,dsigma_yy,dsigma_zz,dsigma_xy,dsigma_xz,dsigma_yz,volume,weight,nu0,vineyard_atoms,moved_atoms,minima_distance,max_atom_displacement\n' +
    rows.map((r) => r + '\n').join('');
}
const catRow = (eF: string, eB: string, extra = '0.1,0.1,0.1,0.2,0,0,720,1,3,20,5,0.8,0.5') => `1,1,exact,${eF},${eB},${Number(eF) - Number(eB)},${extra}`;

/** landscape.json of a tiny search. */
function landscape(minima: unknown, saddles: unknown, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ units: 'lj', n_atoms: 864, minima, saddles, events: [], ...extra });
}
const goodMinima = [{ id: 1, energy: -5000, hits: 3 }, { id: 2, energy: -4999.5, hits: 1 }, { id: 3, energy: -4999.8, hits: 1 }];
const goodSaddles = [{ id: 1, energy: -4999, minA: 1, minB: 2, initial: 1 }, { id: 2, energy: -4999.2, minA: 1, minB: 3, initial: 1 }];

/** A moduli.json as modulus-map writes it, from a real map of the 256-atom glass. */
setup('modulus-map', '--data', ka256, '--model', 'ka', '--voxel', '3', '--out', join(tmp, 'setup-map'));
const moduliText = readFileSync(join(tmp, 'setup-map/moduli.json'), 'utf8');
const moduliWith = (edit: (m: any) => void) => {
  const m = JSON.parse(moduliText);
  edit(m);
  return JSON.stringify(m);
};
const mapDir = (name: string, text: string) => folder(`map-${name}`, { 'moduli.json': text });

// An unreadable file (root reads it anyway: then exit 0 is fine).
const unreadable = file('unreadable.data', kaText);
chmodSync(unreadable, 0o000);
const root = process.getuid?.() === 0;
const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
const garbageFile = file('garbage.bin', garbage);
const emptyFile = file('empty.txt', '');
const someDir = folder('a-directory');
const missing = join(IN, 'does-not-exist.data');

// A previous md run, which a bad rerun into the same directory must leave alone.
setup('md', '--data', ka256, '--model', 'ka', '-T', '0.5', '--steps', '2', '--out', join(OUT, 'md-previous'), '--quiet');
const previousFinal = join(OUT, 'md-previous/final.data');

// An activate run directory whose landscape.json is broken (a rerun resumes from it).
const brokenAct = folder('act-broken', { 'landscape.json': '{"minima": [ {"id": 1, "energy": -5000}' });

// ---------------------------------------------------------------- the cases

const KA = ['--model', 'ka'];
const EVAL = (d: string, ...more: string[]) => ['eval', '--data', d, ...KA, ...more];
const MD = (...more: string[]) => ['md', ...KA, '--steps', '20', '--quiet', ...more];
const EAM = ['--potential', eamFs, '--elements', 'Cu,Zr'];

const cases: Case[] = [
  // -- the command line itself
  { name: 'no command', expect: 'refuse', args: [] },
  { name: 'unknown command', expect: 'refuse', args: ['frobnicate'] },
  { name: 'unknown flag', expect: 'refuse', args: [...EVAL(ka), '--frobnicate', '3'] },
  { name: 'flag without value', expect: 'refuse', args: ['eval', '--data'] },

  // -- eval: flags
  { name: 'eval no --data', expect: 'refuse', args: ['eval', ...KA] },
  { name: 'eval no potential', expect: 'refuse', args: ['eval', '--data', ka] },
  { name: 'eval --model and --potential', expect: 'refuse', args: [...EVAL(ka), '--potential', eamFs] },
  { name: 'eval unknown model', expect: 'refuse', args: ['eval', '--data', ka, '--model', 'argon-ish'] },
  { name: 'eval --model ka --units metal', expect: 'refuse', args: [...EVAL(ka), '--units', 'metal'] },
  { name: 'eval --skin -1', expect: 'refuse', args: [...EVAL(ka), '--skin', '-1'] },
  { name: 'eval --skin NaN', expect: 'refuse', args: [...EVAL(ka), '--skin', 'NaN'] },
  { name: 'eval --skin 1e300', expect: 'refuse', args: [...EVAL(ka), '--skin', '1e300'] },
  { name: 'eval --backend quantum', expect: 'refuse', args: [...EVAL(ka), '--backend', 'quantum'] },
  { name: 'eval --threads 0', expect: 'refuse', args: [...EVAL(ka), '--backend', 'threads', '--threads', '0'] },
  { name: 'eval --threads 1e9', expect: 'refuse', args: [...EVAL(ka), '--backend', 'threads', '--threads', '1e9'] },
  { name: 'eval --threads with cpu', expect: 'refuse', args: [...EVAL(ka), '--threads', '2'] },
  { name: 'eval --dump into missing dir', expect: 'refuse', args: [...EVAL(ka), '--dump', join(IN, 'no/such/dir/f.dump')] },
  { name: 'eval --dump is a directory', expect: 'refuse', args: [...EVAL(ka), '--dump', someDir] },

  // -- missing, unreadable, wrong-kind files
  { name: 'eval data missing', expect: 'refuse', args: EVAL(missing) },
  { name: 'eval data is a directory', expect: 'refuse', args: EVAL(someDir) },
  { name: 'eval data unreadable', expect: root ? 'either' : 'refuse', args: EVAL(unreadable) },
  { name: 'eval data /dev/null', expect: 'refuse', args: EVAL('/dev/null') },
  { name: 'eval data empty', expect: 'refuse', args: EVAL(emptyFile) },
  { name: 'eval data binary garbage', expect: 'refuse', args: EVAL(garbageFile) },
  { name: 'eval data is a dump', expect: 'refuse', args: EVAL(file('dump-as-data.data', dumpText)) },

  // -- LAMMPS data files
  { name: 'data 0 atoms', expect: 'refuse', args: EVAL(file('zero.data', data({ natoms: 0, atoms: [] }))) },
  { name: 'data no Atoms section', expect: 'refuse', args: EVAL(file('no-atoms.data', kaText.slice(0, kaText.indexOf('Atoms')))) },
  { name: 'data no Masses section', expect: 'either', args: EVAL(file('no-masses.data', data({ natoms: 250, masses: null, atoms: grid(250, 6) , box: '0 6 xlo xhi\n0 6 ylo yhi\n0 6 zlo zhi' }))) },
  { name: 'data fewer atoms than declared', expect: 'refuse', args: EVAL(file('fewer.data', kaText.replace('864 atoms', '900 atoms'))) },
  { name: 'data more atoms than declared', expect: 'refuse', args: EVAL(file('more.data', kaText.replace('864 atoms', '800 atoms'))) },
  { name: 'data 1e12 atoms declared', expect: 'refuse', args: EVAL(file('huge-count.data', kaText.replace('864 atoms', '1000000000000 atoms'))) },
  { name: 'data 1e12 atom types', expect: 'refuse', args: EVAL(file('huge-types.data', kaText.replace('2 atom types', '1000000000000 atom types'))) },
  { name: 'data -5 atoms', expect: 'refuse', args: EVAL(file('negative-count.data', kaText.replace('864 atoms', '-5 atoms'))) },
  { name: 'data non-numeric coordinate', expect: 'refuse', args: EVAL(file('text-coord.data', kaWithAtom(3, '2 2 0.63 abc 1.07 0 0 0'))) },
  { name: 'data NaN coordinate', expect: 'refuse', args: EVAL(file('nan-coord.data', kaWithAtom(3, '2 2 0.63 nan 1.07 0 0 0'))) },
  { name: 'data 1e308 coordinate', expect: 'refuse', args: EVAL(file('huge-coord.data', kaWithAtom(3, '2 2 0.63 1e308 1.07 0 0 0'))) },
  { name: 'data short atom line', expect: 'refuse', args: EVAL(file('short-line.data', kaWithAtom(3, '2 2 0.63'))) },
  { name: 'data atom type 3 of 2', expect: 'refuse', args: EVAL(file('type3.data', kaWithAtom(3, '2 3 0.63 1.2 1.07 0 0 0'))) },
  { name: 'data atom type 0', expect: 'refuse', args: EVAL(file('type0.data', kaWithAtom(3, '2 0 0.63 1.2 1.07 0 0 0'))) },
  { name: 'data duplicate atom id', expect: 'refuse', args: EVAL(file('dup-id.data', kaWithAtom(3, kaLines[atomsAt].replace(/^\d+/, '7').replace(/ 0\.71/, ' 5.71')))) },
  { name: 'data inverted box', expect: 'refuse', args: EVAL(file('inverted.data', kaText.replace(/^0 (\S+) xlo xhi/m, '$1 0 xlo xhi'))) },
  { name: 'data zero-width box', expect: 'refuse', args: EVAL(file('flat.data', kaText.replace(/^0 (\S+) zlo zhi/m, '0 0 zlo zhi'))) },
  { name: 'data tilt out of range', expect: 'either', args: EVAL(file('tilt.data', kaText.replace(/(zlo zhi)/, '$1\n50 0 0 xy xz yz'))) },
  { name: 'data tilt non-numeric', expect: 'refuse', args: EVAL(file('tilt-text.data', kaText.replace(/(zlo zhi)/, '$1\n1 x 0 xy xz yz'))) },
  { name: 'data box smaller than cut-off', expect: 'either', args: EVAL(file('tiny-box.data', data({ natoms: 8, atoms: grid(8, 2), box: '0 2 xlo xhi\n0 2 ylo yhi\n0 2 zlo zhi' }))) },
  { name: 'data atoms far outside box', expect: 'either', args: EVAL(file('outside.data', kaWithAtom(3, '2 2 0.63 1000.5 1.07 0 0 0'))) },
  { name: 'data Velocities cut short', expect: 'refuse', args: EVAL(file('vel-short.data', kaText.trimEnd().split('\n').slice(0, -5).join('\n') + '\n')) },
  { name: 'data Velocities line short', expect: 'refuse', args: EVAL(file('vel-line.data', kaText.trimEnd().split('\n').map((l, i, all) => (i === all.length - 1 ? l.split(' ').slice(0, 3).join(' ') : l)).join('\n') + '\n')) },
  { name: 'data unknown section', expect: 'refuse', args: EVAL(file('bonds.data', `${kaText.trimEnd()}\n\nBonds\n\n1 1 1 2\n`)) },
  { name: 'data mass 0 (md)', expect: 'refuse', args: MD('--data', file('mass0.data', kaText.replace(/^1 1$/m, '1 0')), '-T', '1', '--out', out('md-mass0')) },
  { name: 'data mass -1 (md)', expect: 'refuse', args: MD('--data', file('mass-neg.data', kaText.replace(/^1 1$/m, '1 -1')), '-T', '1', '--out', out('md-massneg')) },

  // -- LAMMPS dumps (rdf, inherent)
  { name: 'dump empty', expect: 'refuse', args: ['rdf', '--dump', emptyFile, '--rmax', '4', '--bins', '50'] },
  { name: 'dump binary garbage', expect: 'refuse', args: ['rdf', '--dump', garbageFile, '--rmax', '4', '--bins', '50'] },
  { name: 'dump 1e12 atoms declared', expect: 'refuse', args: ['rdf', '--dump', file('huge.dump', dumpText.replace(/NUMBER OF ATOMS\n864/, 'NUMBER OF ATOMS\n1000000000000')), '--rmax', '4', '--bins', '50'] },
  { name: 'dump truncated frame', expect: 'refuse', args: ['rdf', '--dump', file('trunc.dump', dumpText.slice(0, Math.floor(dumpText.length / 2))), '--rmax', '4', '--bins', '50'] },
  { name: 'dump no BOX BOUNDS', expect: 'refuse', args: ['rdf', '--dump', file('nobox.dump', dumpText.replace(/ITEM: BOX BOUNDS pp pp pp\n.*\n.*\n.*\n/, '')), '--rmax', '4', '--bins', '50'] },
  { name: 'dump no position columns', expect: 'refuse', args: ['rdf', '--dump', file('nox.dump', dumpText.replace('id type x y z', 'id type a b c')), '--rmax', '4', '--bins', '50'] },
  { name: 'dump non-numeric value', expect: 'refuse', args: ['rdf', '--dump', file('text.dump', dumpText.replace(/\n2 2 \S+/, '\n2 2 oops')), '--rmax', '4', '--bins', '50'] },
  { name: 'dump frames differ in atoms', expect: 'either', args: ['rdf', '--dump', file('two.dump', dumpText + dumpText.replace(/NUMBER OF ATOMS\n864/, 'NUMBER OF ATOMS\n863').replace(/\n864 [^\n]*/, '')), '--rmax', '4', '--bins', '50'] },
  { name: 'inherent dump garbage', expect: 'refuse', args: ['inherent', '--dump', garbageFile, ...KA, '--every', '1', '--out', out('is-garbage')] },
  { name: 'inherent dump missing', expect: 'refuse', args: ['inherent', '--dump', missing, ...KA, '--every', '1', '--out', out('is-missing')] },

  // -- extended XYZ (md --data *.xyz)
  { name: 'xyz count not a number', expect: 'refuse', args: MD('--data', file('count.xyz', xyzText.replace(/^\d+/, 'many')), '-T', '1', '--out', out('xyz-count')) },
  { name: 'xyz count too large', expect: 'refuse', args: MD('--data', file('big.xyz', xyzText.replace(/^\d+/, '1000000000000')), '-T', '1', '--out', out('xyz-big')) },
  { name: 'xyz no Lattice', expect: 'refuse', args: MD('--data', file('nolat.xyz', xyzText.replace(/Lattice="[^"]*" /, '')), '-T', '1', '--out', out('xyz-nolat')) },
  { name: 'xyz Lattice of 8 numbers', expect: 'refuse', args: MD('--data', file('lat8.xyz', xyzText.replace(/Lattice="(\S+) /, 'Lattice="')), '-T', '1', '--out', out('xyz-lat8')) },
  { name: 'xyz unknown Properties type', expect: 'refuse', args: MD('--data', file('props.xyz', xyzText.replace('pos:R:3', 'pos:Q:3')), '-T', '1', '--out', out('xyz-props')) },
  { name: 'xyz NaN position', expect: 'refuse', args: MD('--data', file('nan.xyz', xyzText.split('\n').map((l, i) => (i === 2 ? l.replace(/^(\S+) \S+/, '$1 NaN') : l)).join('\n')), '-T', '1', '--out', out('xyz-nan')) },
  { name: 'xyz truncated', expect: 'refuse', args: MD('--data', file('trunc.xyz', xyzText.slice(0, Math.floor(xyzText.length / 2))), '-T', '1', '--out', out('xyz-trunc')) },

  // -- EAM tables
  ...(haveEam
    ? ([
        { name: 'eam truncated', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', file('trunc.eam.fs', eamText.slice(0, Math.floor(eamText.length / 2))), '--elements', 'Cu,Zr'] },
        { name: 'eam element count 3 of 2 names', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', file('count3.eam.fs', eamText.replace(/^2\s+Cu\s+Zr/m, '3  Cu  Zr')), '--elements', 'Cu,Zr'] },
        { name: 'eam nrho 0', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', file('nrho0.eam.fs', eamText.replace(/^10000 /m, '0 ')), '--elements', 'Cu,Zr'] },
        { name: 'eam text in table', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', file('text.eam.fs', eamText.replace('-1.73205080800000E-0001', 'banana')), '--elements', 'Cu,Zr'] },
        { name: 'eam empty file', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', file('empty.eam.fs', ''), '--elements', 'Cu,Zr'] },
        { name: 'eam element not in file', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', eamFs, '--elements', 'Cu,Ni'] },
        { name: 'eam one element for two types', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', eamFs, '--elements', 'Cu'] },
        { name: 'eam no --elements', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', eamFs] },
        { name: 'eam fs read as eam/alloy', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', eamFs, '--elements', 'Cu,Zr', '--pair-style', 'eam/alloy'] },
        { name: 'eam unknown extension', expect: 'refuse', args: ['eval', '--data', cuzr, '--potential', file('CuZr.txt', eamText), '--elements', 'Cu,Zr'] },
        { name: 'eam --units lj', expect: 'refuse', args: ['eval', '--data', cuzr, ...EAM, '--units', 'lj'] },
        { name: 'eam md --n without --density', expect: 'refuse', args: ['md', ...EAM, '-n', '500', '--composition', 'Cu:0.5,Zr:0.5', '-T', '300', '--steps', '2', '--out', out('eam-nodens'), '--quiet'] },
        { name: 'eam composition sums to 1.5', expect: 'refuse', args: ['md', ...EAM, '-n', '500', '--composition', 'Cu:1,Zr:0.5', '--density', '0.059', '-T', '300', '--steps', '2', '--out', out('eam-comp'), '--quiet'] },
        { name: 'eam composition unknown element', expect: 'refuse', args: ['md', ...EAM, '-n', '500', '--composition', 'Cu:0.5,Xx:0.5', '--density', '0.059', '-T', '300', '--steps', '2', '--out', out('eam-compxx'), '--quiet'] },
      ] as Case[])
    : []),

  // -- LJ model files
  { name: 'model file missing', expect: 'refuse', args: EVAL(ka).map((a) => (a === 'ka' ? join(IN, 'models/nope.yaml') : a)) },
  { name: 'model no species', expect: 'refuse', args: ['eval', '--data', ka, '--model', file('m/nospecies.yaml', modelText.replace(/species:\n(  - .*\n)+/, ''))] },
  { name: 'model negative sigma', expect: 'refuse', args: ['eval', '--data', ka, '--model', file('m/negsigma.yaml', modelText.replace('sigma: 0.8,', 'sigma: -0.8,'))] },
  { name: 'model epsilon .nan', expect: 'refuse', args: ['eval', '--data', ka, '--model', file('m/nan.yaml', modelText.replace('epsilon: 1.5', 'epsilon: .nan'))] },
  { name: 'model cutoff 0', expect: 'refuse', args: ['eval', '--data', ka, '--model', file('m/cut0.yaml', modelText.replace(/cutoff_sigma: 2.5 }/, 'cutoff_sigma: 0 }'))] },
  { name: 'model pair of unknown species', expect: 'refuse', args: ['eval', '--data', ka, '--model', file('m/pairC.yaml', modelText.replace('B-B:', 'B-C:'))] },
  { name: 'model missing pair', expect: 'refuse', args: ['eval', '--data', ka, '--model', file('m/nopair.yaml', modelText.replace(/  A-B: .*\n/, ''))] },
  { name: 'model composition sums to 2', expect: 'refuse', args: ['md', '--model', file('m/comp2.yaml', modelText.replace('{ A: 0.8, B: 0.2 }', '{ A: 1.8, B: 0.2 }')), '-n', '256', '-T', '1', '--steps', '2', '--out', out('model-comp2'), '--quiet'] },
  { name: 'model units metal', expect: 'refuse', args: ['eval', '--data', ka, '--model', file('m/metal.yaml', modelText.replace('units: lj', 'units: metal'))] },
  { name: 'model unknown key', expect: 'refuse', args: ['eval', '--data', ka, '--model', file('m/key.yaml', modelText + 'colour: blue\n')] },
  { name: 'model is a sweep config', expect: 'refuse', args: ['eval', '--data', ka, '--model', join(repo, 'configs/quench-small.yaml')] },
  { name: 'model one species for 2 types', expect: 'refuse', args: ['eval', '--data', ka, '--model', file('m/one.yaml', modelText.replace(/  - \{ name: B.*\n/, '').replace(/  A-B: .*\n  B-B: .*\n/, '').replace('{ A: 0.8, B: 0.2 }', '{ A: 1 }'))] },

  // -- md: flags and hostile runs
  { name: 'md neither --data nor -n', expect: 'refuse', args: MD('-T', '1', '--out', out('md-none')) },
  { name: 'md --data and -n', expect: 'refuse', args: MD('--data', ka, '-n', '256', '-T', '1', '--out', out('md-both')) },
  { name: 'md no --steps', expect: 'refuse', args: ['md', ...KA, '--data', ka, '-T', '1', '--out', out('md-nosteps')] },
  { name: 'md no --out', expect: 'refuse', args: MD('--data', ka, '-T', '1') },
  { name: 'md -n 0', expect: 'refuse', args: MD('-n', '0', '-T', '1', '--out', out('md-n0')) },
  { name: 'md -n -5', expect: 'refuse', args: MD('-n', '-5', '-T', '1', '--out', out('md-nneg')) },
  { name: 'md -n 2.5', expect: 'refuse', args: MD('-n', '2.5', '-T', '1', '--out', out('md-nfrac')) },
  { name: 'md -n NaN', expect: 'refuse', args: MD('-n', 'NaN', '-T', '1', '--out', out('md-nnan')) },
  { name: 'md -n 1e12', expect: 'refuse', args: MD('-n', '1e12', '-T', '1', '--out', out('md-nhuge')) },
  { name: 'md --steps -1', expect: 'refuse', args: ['md', ...KA, '--data', ka, '-T', '1', '--steps', '-1', '--out', out('md-stepsneg'), '--quiet'] },
  { name: 'md --steps 1.5', expect: 'refuse', args: ['md', ...KA, '--data', ka, '-T', '1', '--steps', '1.5', '--out', out('md-stepsfrac'), '--quiet'] },
  { name: 'md --dt 0', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--dt', '0', '--out', out('md-dt0')) },
  { name: 'md --dt -0.005', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--dt', '-0.005', '--out', out('md-dtneg')) },
  { name: 'md --dt NaN', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--dt', 'NaN', '--out', out('md-dtnan')) },
  { name: 'md --dt 0.1 (blows up)', expect: 'either', args: ['md', ...KA, '--data', ka, '-T', '1', '--dt', '0.1', '--steps', '300', '--quiet', '--out', out('md-dt01')] },
  { name: 'md -T -1', expect: 'refuse', args: MD('--data', ka, '-T', '-1', '--out', out('md-Tneg')) },
  { name: 'md -T NaN', expect: 'refuse', args: MD('--data', ka, '-T', 'NaN', '--out', out('md-Tnan')) },
  { name: 'md -T 1e300', expect: 'refuse', args: MD('--data', ka, '-T', '1e300', '--out', out('md-Thuge')) },
  { name: 'md --T-stop -1', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--T-stop', '-1', '--out', out('md-Tstop')) },
  { name: 'md --velocity-T -1', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--velocity-T', '-1', '--out', out('md-vT')) },
  { name: 'md --damp 0', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--damp', '0', '--out', out('md-damp0')) },
  { name: 'md --ensemble foo', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--ensemble', 'foo', '--out', out('md-ens')) },
  { name: 'md npt -P NaN', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--ensemble', 'npt', '-P', 'NaN', '--out', out('md-Pnan')) },
  { name: 'md npt --pdamp -1', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--ensemble', 'npt', '-P', '0', '--pdamp', '-1', '--out', out('md-pdamp')) },
  { name: 'md -P with nvt', expect: 'refuse', args: MD('--data', ka, '-T', '1', '-P', '1', '--out', out('md-Pnvt')) },
  { name: 'md --density 0', expect: 'refuse', args: MD('-n', '256', '-T', '1', '--density', '0', '--out', out('md-dens0')) },
  { name: 'md --density -1', expect: 'refuse', args: MD('-n', '256', '-T', '1', '--density', '-1', '--out', out('md-densneg')) },
  { name: 'md --density 1e-9 -n 500', expect: 'either', args: MD('-n', '500', '-T', '1', '--density', '1e-9', '--out', out('md-dilute')) },
  { name: 'md --density 1e3 (overlap)', expect: 'either', args: MD('-n', '256', '-T', '1', '--density', '1000', '--out', out('md-dense')) },
  { name: 'md random placement, dense', expect: 'either', args: MD('-n', '256', '-T', '1', '--placement', 'random', '--density', '5', '--out', out('md-random')) },
  { name: 'md --composition bad syntax', expect: 'refuse', args: MD('-n', '256', '-T', '1', '--composition', 'A=0.8;B', '--out', out('md-comp')) },
  { name: 'md --seed 1.5', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--seed', '1.5', '--out', out('md-seed')) },
  { name: 'md --seed 2147483648', expect: 'either', args: MD('--data', ka, '-T', '1', '--seed', '2147483648', '--out', out('md-seedbig')) },
  { name: 'md --thermo-every 0', expect: 'either', args: MD('--data', ka, '-T', '1', '--thermo-every', '0', '--out', out('md-th0')) },
  { name: 'md --thermo-every -1', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--thermo-every', '-1', '--out', out('md-thneg')) },
  { name: 'md --dump-every -1', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--dump-every', '-1', '--out', out('md-dumpneg')) },
  { name: 'md --zero-momentum-every 0', expect: 'either', args: MD('--data', ka, '-T', '1', '--zero-momentum-every', '0', '--out', out('md-zm0')) },
  { name: 'md two atoms 0.01 apart', expect: 'either', args: MD('--data', file('close.data', kaWithAtom(1, kaLines[atomsAt].replace(/^\d+ \d+ (\S+)/, (_m, x) => `7 1 ${Number(x) + 0.01}`))), '-T', '1', '--out', out('md-close')) },
  { name: 'md two atoms on top', expect: 'either', args: MD('--data', file('same.data', kaWithAtom(1, kaLines[atomsAt].replace(/^\d+/, '7'))), '-T', '1', '--out', out('md-same')) },
  { name: 'md --out is a file', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--out', file('plain-file', 'x')) },
  { name: 'md --out under /dev/null', expect: 'refuse', args: MD('--data', ka, '-T', '1', '--out', '/dev/null/run') },
  { name: 'md bad rerun into earlier run', expect: 'refuse', args: MD('--data', ka, '-T', '-3', '--out', join(OUT, 'md-previous')), keep: [previousFinal] },
  { name: 'md stdout closed (| head -c 1)', expect: 'either', pipe: true, args: ['md', ...KA, '--data', ka256, '-T', '0.5', '--steps', '200', '--thermo-every', '1', '--out', out('md-pipe')] },

  // -- minimize
  { name: 'minimize no --min', expect: 'refuse', args: ['minimize', '--data', ka, ...KA, '--out', out('min-a.data')] },
  { name: 'minimize --min newton', expect: 'refuse', args: ['minimize', '--data', ka, ...KA, '--min', 'newton', '--out', out('min-b.data')] },
  { name: 'minimize --ftol -1', expect: 'refuse', args: ['minimize', '--data', ka, ...KA, '--min', 'cg', '--ftol', '-1', '--out', out('min-c.data')] },
  { name: 'minimize --ftol NaN', expect: 'refuse', args: ['minimize', '--data', ka, ...KA, '--min', 'cg', '--ftol', 'NaN', '--out', out('min-d.data')] },
  { name: 'minimize --dmax 0', expect: 'refuse', args: ['minimize', '--data', ka, ...KA, '--min', 'fire', '--dmax', '0', '--out', out('min-e.data')] },
  { name: 'minimize --max-iterations -1', expect: 'refuse', args: ['minimize', '--data', ka, ...KA, '--min', 'cg', '--max-iterations', '-1', '--out', out('min-f.data')] },
  { name: 'minimize --fire-dt 0', expect: 'refuse', args: ['minimize', '--data', ka, ...KA, '--min', 'fire', '--fire-dt', '0', '--out', out('min-g.data')] },
  { name: 'minimize iso --pressure NaN', expect: 'refuse', args: ['minimize', '--data', ka, ...KA, '--min', 'cg', '--box-relax', 'iso', '--pressure', 'NaN', '--out', out('min-h.data')] },
  { name: 'minimize iso --pressure -1e6', expect: 'either', args: ['minimize', '--data', ka256, ...KA, '--min', 'fire', '--box-relax', 'iso', '--pressure=-1e6', '--max-iterations', '300', '--out', out('min-i.data')] },
  { name: 'minimize --out into missing dir', expect: 'refuse', args: ['minimize', '--data', ka, ...KA, '--min', 'cg', '--out', join(IN, 'no/such/dir/is.data')] },
  { name: 'minimize two atoms on top', expect: 'either', args: ['minimize', '--data', join(IN, 'same.data'), ...KA, '--min', 'fire', '--max-iterations', '200', '--out', out('min-same.data')] },

  // -- potential zhou
  { name: 'zhou unknown element', expect: 'refuse', args: ['potential', 'zhou', '--elements', 'Cu,Unobtainium', '--out', out('z1.eam.alloy')] },
  { name: 'zhou empty elements', expect: 'refuse', args: ['potential', 'zhou', '--elements', '', '--out', out('z2.eam.alloy')] },
  { name: 'zhou --nr 1', expect: 'refuse', args: ['potential', 'zhou', '--elements', 'Cu', '--nr', '1', '--out', out('z3.eam.alloy')] },
  { name: 'zhou --nr 1e12', expect: 'refuse', args: ['potential', 'zhou', '--elements', 'Cu', '--nr', '1e12', '--out', out('z4.eam.alloy')] },
  { name: 'zhou --dr -1', expect: 'refuse', args: ['potential', 'zhou', '--elements', 'Cu', '--dr', '-1', '--out', out('z5.eam.alloy')] },
  { name: 'zhou --cutoff 0', expect: 'refuse', args: ['potential', 'zhou', '--elements', 'Cu', '--cutoff', '0', '--out', out('z6.eam.alloy')] },
  { name: 'zhou --out is a directory', expect: 'refuse', args: ['potential', 'zhou', '--elements', 'Cu', '--out', someDir] },
  { name: 'zhou duplicate element', expect: 'refuse', args: ['potential', 'zhou', '--elements', 'Cu,Cu', '--out', out('z7.eam.alloy')] },

  // -- sweep configs (validate / quench / sweep)
  { name: 'validate config missing', expect: 'refuse', args: ['validate', join(IN, 'nope.yaml')] },
  { name: 'validate config empty', expect: 'refuse', args: ['validate', file('cfg/empty.yaml', '')] },
  { name: 'validate config is a directory', expect: 'refuse', args: ['validate', someDir] },
  { name: 'validate binary garbage', expect: 'refuse', args: ['validate', file('cfg/garbage.yaml', garbage)] },
  { name: 'validate top-level list', expect: 'refuse', args: ['validate', file('cfg/list.yaml', '- n: 500\n- model: ka\n')] },
  { name: 'validate YAML syntax error', expect: 'refuse', args: ['validate', quenchCfg('syntax', { melt: '{ T: 2.0, duration: [' })] },
  { name: 'validate alias bomb', expect: 'refuse', args: ['validate', file('cfg/bomb.yaml', 'a: &a [x,x,x,x,x,x,x,x,x]\n' + 'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill('*' + 'abcdefghi'[i]).join(',')}]`).join('\n') + '\n')] },
  { name: 'validate unresolved alias', expect: 'refuse', args: ['validate', quenchCfg('alias', { n: '*nope' })] },
  { name: 'validate unknown tag', expect: 'refuse', args: ['validate', quenchCfg('tag', { n: '!!python/object:os.system 500' })] },
  { name: 'validate custom tag', expect: 'refuse', args: ['validate', quenchCfg('tag2', { density: '!expr 1.2*1' })] },
  { name: 'validate duplicate key', expect: 'refuse', args: ['validate', file('cfg/dup.yaml', quenchBase('n: 300\n'))] },
  { name: 'validate unknown key', expect: 'refuse', args: ['validate', quenchCfg('unknown', { nn: '500' })] },
  { name: 'validate n: "many"', expect: 'refuse', args: ['validate', quenchCfg('nstr', { n: 'many' })] },
  { name: 'validate n: 1e12', expect: 'refuse', args: ['validate', quenchCfg('nhuge', { n: '1e12' })] },
  { name: 'validate n: 0', expect: 'refuse', args: ['validate', quenchCfg('n0', { n: '0' })] },
  { name: 'validate n: .nan', expect: 'refuse', args: ['validate', quenchCfg('nnan', { n: '.nan' })] },
  { name: 'validate melt.duration: 1e300', expect: 'refuse', args: ['validate', quenchCfg('melt', { melt: '{ T: 2.0, duration: 1e300 }' })] },
  { name: 'validate melt.T: -2', expect: 'refuse', args: ['validate', quenchCfg('meltT', { melt: '{ T: -2.0, duration: 1 }' })] },
  { name: 'validate rate 1e-320', expect: 'refuse', args: ['validate', quenchCfg('rate', { quench: '{ T_start: 1.0, T_end: 0.5, hold: 0.05, rates: [1e-320] }' })] },
  { name: 'validate rates: []', expect: 'refuse', args: ['validate', quenchCfg('rates0', { quench: '{ T_start: 1.0, T_end: 0.5, hold: 0.05, rates: [] }' })] },
  { name: 'validate rate range count 1e9', expect: 'refuse', args: ['validate', quenchCfg('range', { quench: '{ T_start: 1.0, T_end: 0.5, hold: 0.05, rates: { from: 0.01, to: 0.1, count: 1e9 } }' })] },
  { name: 'validate T_end above T_start', expect: 'either', args: ['validate', quenchCfg('Tup', { quench: '{ T_start: 0.5, T_end: 1.0, hold: 0.05, rates: [1] }' })] },
  { name: 'validate density: 1e-9', expect: 'refuse', args: ['validate', quenchCfg('dens', { density: '1e-9' })] },
  { name: 'validate seeds: 2147483648', expect: 'refuse', args: ['validate', quenchCfg('seeds', { seeds: '2147483648' })] },
  { name: 'validate seeds: 0', expect: 'refuse', args: ['validate', quenchCfg('seeds0', { seeds: '0' })] },
  { name: 'validate seeds: [1, 1]', expect: 'refuse', args: ['validate', quenchCfg('seedsdup', { seeds: '[1, 1]' })] },
  { name: 'validate dt: 2', expect: 'refuse', args: ['validate', quenchCfg('dt2', { dt: '2' })] },
  { name: 'validate dt: 0', expect: 'refuse', args: ['validate', quenchCfg('dt0', { dt: '0' })] },
  { name: 'validate ensemble: nve', expect: 'refuse', args: ['validate', quenchCfg('nve', { ensemble: 'magic' })] },
  { name: 'validate model file missing', expect: 'refuse', args: ['validate', quenchCfg('modelmissing', { model: 'models/nope.yaml' })] },
  { name: 'validate model and potential', expect: 'refuse', args: ['validate', quenchCfg('modelpot', { potential: `{ file: ${eamFs}, elements: [Cu, Zr] }` })] },
  { name: 'validate tg windows reversed', expect: 'refuse', args: ['validate', quenchCfg('tg', { tg: '{ glass: [0.7, 0.5], liquid: [0.8, 1.0] }' })] },
  { name: 'validate output under /dev/null', expect: 'either', args: ['validate', quenchCfg('outnull', { output: '/dev/null/run' })] },
  { name: 'validate --set without =', expect: 'refuse', args: ['validate', quenchCfg('ok1', {}), '--set', 'nonsense'] },
  { name: 'validate --set n=abc', expect: 'refuse', args: ['validate', quenchCfg('ok2', {}), '--set', 'n=abc'] },
  { name: 'validate --set rates=[', expect: 'refuse', args: ['validate', quenchCfg('ok3', {}), '--set', 'quench.rates=['] },
  { name: 'validate --set into a scalar', expect: 'refuse', args: ['validate', quenchCfg('ok4', {}), '--set', 'n.x=3'] },
  { name: 'validate --set __proto__', expect: 'refuse', args: ['validate', quenchCfg('ok5', {}), '--set', '__proto__.polluted=1'] },
  { name: 'validate --json | head -c 1', expect: 'either', pipe: true, args: ['validate', join(repo, 'configs/quench-small.yaml'), '--json'] },
  { name: 'quench output under /dev/null', expect: 'refuse', args: ['quench', quenchCfg('qnull', { output: '/dev/null/run' }), '--quiet'] },
  { name: 'quench n: 1e12', expect: 'refuse', args: ['quench', quenchCfg('qhuge', { n: '1e12' }), '--quiet'] },
  { name: 'quench dt: 2 via --set', expect: 'refuse', args: ['quench', quenchCfg('qdt', {}), '--set', 'dt=2', '--quiet'] },
  { name: 'sweep --jobs 0', expect: 'refuse', args: ['sweep', quenchCfg('sj0', {}), '--jobs', '0', '--quiet'] },
  { name: 'sweep --jobs -1', expect: 'refuse', args: ['sweep', quenchCfg('sjneg', {}), '--jobs', '-1', '--quiet'] },
  { name: 'sweep --emit pbs', expect: 'refuse', args: ['sweep', quenchCfg('semit', {}), '--emit', 'pbs'] },
  { name: 'sweep unresolved alias', expect: 'refuse', args: ['sweep', join(IN, 'cfg/alias.yaml'), '--quiet', '--jobs', '1'] },

  // -- collect
  { name: 'collect missing dir', expect: 'refuse', args: ['collect', join(IN, 'no-run')] },
  { name: 'collect a file', expect: 'refuse', args: ['collect', emptyFile] },
  { name: 'collect empty dir', expect: 'refuse', args: ['collect', folder('empty-run')] },
  { name: 'collect broken member', expect: 'either', args: ['collect', (() => { const d = folder('broken-run/rate-1e-1_seed-1', { 'result.json': '{"rate": 0.1, "seed":', 'config.yaml': 'n: [' }); return dirname(d); })()] },

  // -- study
  { name: 'study config missing', expect: 'refuse', args: ['study', join(IN, 'nope-study.yaml'), '--quiet'] },
  { name: 'study samples: []', expect: 'refuse', args: ['study', studyCfg('nosamples', (t) => t.replace(/samples:\n(  - .*\n)+/, 'samples: []\n').replace(/^annealing:.*\n^cooling:.*\n/m, '')), '--quiet'] },
  { name: 'study annealing names unknown sample', expect: 'refuse', args: ['study', studyCfg('anneal', (t) => t.replace('annealed: ka-annealed', 'annealed: nobody')), '--quiet'] },
  { name: 'study duplicate sample names', expect: 'refuse', args: ['study', studyCfg('dupname', (t) => t.replace('name: wahnstrom,', 'name: ka,')), '--quiet'] },
  { name: 'study sample model missing', expect: 'refuse', args: ['study', studyCfg('model', (t) => t.replace('models/ka-weak-ab.yaml', 'models/nope.yaml')), '--quiet'] },
  { name: 'study activation.events: -1', expect: 'refuse', args: ['study', studyCfg('events', (t) => t.replace('events: 2', 'events: -1')), '--quiet'] },
  { name: 'study voxel: 0', expect: 'refuse', args: ['study', studyCfg('voxel', (t) => t.replace('voxel: 2.1', 'voxel: 0')), '--quiet'] },
  { name: 'study spectrum.points: 1e12', expect: 'refuse', mentions: 'points', timeout: 15, args: ['study', studyCfg('points', (t) => t.replace('points: 240', 'points: 1e12')), '--quiet'] },
  { name: 'study seeds: 2147483648', expect: 'refuse', mentions: 'seeds', args: ['study', studyCfg('seeds', (t) => t.replace('seeds: 1', 'seeds: 2147483648')), '--quiet'] },
  { name: 'study --jobs 0', expect: 'refuse', args: ['study', studyCfg('jobs', (t) => t), '--jobs', '0', '--quiet'] },
  { name: 'study base.n: 1e12', expect: 'refuse', args: ['study', studyCfg('n', (t) => t.replace('n: 256', 'n: 1e12')), '--quiet'] },

  // -- spectrum dma
  { name: 'dma config missing', expect: 'refuse', args: ['spectrum', 'dma', join(IN, 'nope-dma.yaml')] },
  { name: 'dma cycles: 0', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('cycles', { cycles: '0' })] },
  { name: 'dma strain_amplitude: -0.01', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('amp', { strain_amplitude: '-0.01' })] },
  { name: 'dma strain_amplitude: 50', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('amp50', { strain_amplitude: '50' })] },
  { name: 'dma scans: []', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('scans', { scans: '[]' })] },
  { name: 'dma temperature -1', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('temp', { scans: '[{ temperatures: [-1], periods: [10] }]' })] },
  { name: 'dma period 1e-320', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('period', { scans: '[{ temperatures: [0.1], periods: [1e-320] }]' })] },
  { name: 'dma period 1e300', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('periodhuge', { scans: '[{ temperatures: [0.1], periods: [1e300] }]' })], timeout: 10 },
  { name: 'dma mode: torsion', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('mode', { mode: 'torsion' })] },
  { name: 'dma dt: 2', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('dt', { dt: '2' })] },
  { name: 'dma sample data missing', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('data', { sample: '{ data: nope.data }' })] },
  { name: 'dma sample data is garbage', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('datagarbage', { sample: `{ data: ${garbageFile} }` })] },
  { name: 'dma quench n: 1e12', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('qn', { sample: '{ quench: { n: 1e12 } }' })] },
  { name: 'dma jobs: 0', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('jobs', { jobs: '0' })] },
  { name: 'dma alias bomb', expect: 'refuse', args: ['spectrum', 'dma', file('dma/bomb.yaml', dmaBase({}) + 'x0: &x0 [1,1,1,1,1,1,1,1,1,1]\n' + Array.from({ length: 8 }, (_, i) => `x${i + 1}: &x${i + 1} [${Array(10).fill(`*x${i}`).join(',')}]`).join('\n') + '\n')] },
  { name: 'dma --set cycles=1e300', expect: 'refuse', args: ['spectrum', 'dma', dmaCfg('ok', {}), '--set', 'cycles=1e300'] },

  // -- spectrum events
  { name: 'events catalogue missing', expect: 'refuse', args: ['spectrum', 'events', missing, '--frequency', '0.1'] },
  { name: 'events catalogue empty', expect: 'refuse', args: ['spectrum', 'events', emptyFile, '--frequency', '0.1'] },
  { name: 'events catalogue garbage', expect: 'refuse', args: ['spectrum', 'events', garbageFile, '--frequency', '0.1'] },
  { name: 'events no rows', expect: 'either', args: ['spectrum', 'events', file('cat-empty.csv', catalogue([])), '--frequency', '0.1', '--T-min', '0.1', '--T-max', '0.5', '--out', out('ev-norows')] },
  { name: 'events negative barrier', expect: 'refuse', args: ['spectrum', 'events', file('cat-neg.csv', catalogue([catRow('-0.5', '0.3')])), '--frequency', '0.1', '--out', out('ev-neg')] },
  { name: 'events NaN barrier', expect: 'refuse', args: ['spectrum', 'events', file('cat-nan.csv', catalogue([catRow('NaN', '0.3')])), '--frequency', '0.1', '--out', out('ev-nan')] },
  { name: 'events short row', expect: 'refuse', args: ['spectrum', 'events', file('cat-short.csv', catalogue(['1,1,exact,0.5'])), '--frequency', '0.1', '--out', out('ev-short')] },
  { name: 'events --frequency 0', expect: 'refuse', args: ['spectrum', 'events', file('cat-good.csv', catalogue([catRow('0.5', '0.3')])), '--frequency', '0'] },
  { name: 'events --frequency -1', expect: 'refuse', args: ['spectrum', 'events', join(IN, 'cat-good.csv'), '--frequency', '-1'] },
  { name: 'events --frequency-hz without --Tg', expect: 'refuse', args: ['spectrum', 'events', join(IN, 'cat-good.csv'), '--frequency-hz', '1'] },
  { name: 'events --frequency and --frequency-hz', expect: 'refuse', args: ['spectrum', 'events', join(IN, 'cat-good.csv'), '--frequency', '0.1', '--frequency-hz', '1', '--Tg', '0.4'] },
  { name: 'events T-min above T-max', expect: 'refuse', args: ['spectrum', 'events', join(IN, 'cat-good.csv'), '--frequency', '0.1', '--T-min', '1', '--T-max', '0.5'] },
  { name: 'events --points 0', expect: 'refuse', args: ['spectrum', 'events', join(IN, 'cat-good.csv'), '--frequency', '0.1', '--T-min', '0.1', '--T-max', '0.5', '--points', '0'] },
  { name: 'events --points 1e12', expect: 'refuse', args: ['spectrum', 'events', join(IN, 'cat-good.csv'), '--frequency', '0.1', '--T-min', '0.1', '--T-max', '0.5', '--points', '1e12'] },
  { name: 'events tension without bulk modulus', expect: 'refuse', args: ['spectrum', 'events', join(IN, 'cat-good.csv'), '--frequency', '0.1', '--T-min', '0.1', '--T-max', '0.5', '--mode', 'tension', '--shear-modulus', '20'] },
  { name: 'events --shear-modulus -20', expect: 'refuse', args: ['spectrum', 'events', join(IN, 'cat-good.csv'), '--frequency', '0.1', '--T-min', '0.1', '--T-max', '0.5', '--shear-modulus', '-20'] },

  // -- spectrum barriers and plot dgraph on broken landscapes
  { name: 'barriers run dir missing', expect: 'refuse', args: ['spectrum', 'barriers', join(IN, 'no-run')] },
  { name: 'barriers landscape not JSON', expect: 'refuse', args: ['spectrum', 'barriers', folder('ls-notjson', { 'landscape.json': 'minima: [1, 2' })] },
  { name: 'barriers landscape {}', expect: 'refuse', args: ['spectrum', 'barriers', folder('ls-empty', { 'landscape.json': '{}' })] },
  { name: 'barriers landscape no saddles', expect: 'refuse', args: ['spectrum', 'barriers', folder('ls-nosaddle', { 'landscape.json': landscape(goodMinima, []) })] },
  { name: 'barriers saddle names missing minimum', expect: 'refuse', args: ['spectrum', 'barriers', folder('ls-dangling', { 'landscape.json': landscape(goodMinima, [{ id: 1, energy: -4999, minA: 1, minB: 99 }]) })] },
  { name: 'barriers energy as string', expect: 'refuse', args: ['spectrum', 'barriers', folder('ls-string', { 'landscape.json': landscape([{ id: 1, energy: 'low' }], goodSaddles) })] },
  { name: 'barriers saddle below minimum', expect: 'refuse', args: ['spectrum', 'barriers', folder('ls-below', { 'landscape.json': landscape(goodMinima, [{ id: 1, energy: -6000, minA: 1, minB: 2, initial: 1 }]) })] },
  { name: 'barriers --frequency 0', expect: 'refuse', args: ['spectrum', 'barriers', folder('ls-good', { 'landscape.json': landscape(goodMinima, goodSaddles) }), '--frequency', '0'] },
  { name: 'barriers --tau0 -1', expect: 'refuse', args: ['spectrum', 'barriers', join(IN, 'ls-good'), '--tau0', '-1'] },
  { name: 'barriers --gamma 0', expect: 'refuse', args: ['spectrum', 'barriers', join(IN, 'ls-good'), '--gamma', '0'] },
  { name: 'barriers --gamma -1', expect: 'refuse', args: ['spectrum', 'barriers', join(IN, 'ls-good'), '--gamma', '-1'] },
  { name: 'events --gamma 0', expect: 'refuse', mentions: 'gamma', args: ['spectrum', 'events', join(IN, 'cat-good.csv'), '--frequency-hz', '1', '--Tg', '0.4', '--gamma', '0'] },
  { name: 'barriers --fragility 0', expect: 'refuse', args: ['spectrum', 'barriers', join(IN, 'ls-good'), '--fragility', '0'] },
  { name: 'barriers --points 1', expect: 'refuse', args: ['spectrum', 'barriers', join(IN, 'ls-good'), '--points', '1'] },
  { name: 'barriers --Tg -1', expect: 'refuse', args: ['spectrum', 'barriers', join(IN, 'ls-good'), '--Tg', '-1'] },
  { name: 'dgraph dir missing', expect: 'refuse', args: ['plot', 'dgraph', join(IN, 'no-run')] },
  { name: 'dgraph no landscape.json', expect: 'refuse', args: ['plot', 'dgraph', folder('ls-none')] },
  { name: 'dgraph landscape not JSON', expect: 'refuse', args: ['plot', 'dgraph', join(IN, 'ls-notjson'), '--out', out('dg1.svg')] },
  { name: 'dgraph no minima', expect: 'refuse', args: ['plot', 'dgraph', folder('ls-nominima', { 'landscape.json': landscape([], []) }), '--out', out('dg2.svg')] },
  { name: 'dgraph --delta-e 0', expect: 'refuse', args: ['plot', 'dgraph', join(IN, 'ls-good'), '--delta-e', '0', '--out', out('dg3.svg')] },
  { name: 'dgraph --delta-e -1', expect: 'refuse', args: ['plot', 'dgraph', join(IN, 'ls-good'), '--delta-e', '-1', '--out', out('dg4.svg')] },
  { name: 'dgraph --start 999', expect: 'refuse', args: ['plot', 'dgraph', join(IN, 'ls-good'), '--start', '999', '--out', out('dg5.svg')] },
  { name: 'dgraph --bin 0', expect: 'refuse', args: ['plot', 'dgraph', join(IN, 'ls-good'), '--bin', '0', '--out', out('dg6.svg')] },

  // -- activate
  { name: 'activate --events 0', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '0', '--out', out('act-0')] },
  { name: 'activate --events -1', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '-1', '--out', out('act-neg')] },
  { name: 'activate --events 2.5', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '2.5', '--out', out('act-frac')] },
  { name: 'activate --jobs 0', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--jobs', '0', '--out', out('act-j0')] },
  { name: 'activate --push-radius 0', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--push-radius', '0', '--out', out('act-push')] },
  { name: 'activate --saddle-ftol -1', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--saddle-ftol', '-1', '--out', out('act-ftol')] },
  { name: 'activate --eigen-threshold 1', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--eigen-threshold', '1', '--out', out('act-eig')] },
  { name: 'activate --vineyard-radius -1', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--vineyard-radius', '-1', '--out', out('act-vin')] },
  { name: 'activate --out is a file', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--out', join(IN, 'plain-file')] },
  { name: 'activate resume broken landscape', expect: 'either', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--out', brokenAct] },
  { name: 'activate resume broken activate.json', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--out', folder('act-settings', { 'activate.json': '{"data": ' })] },
  { name: 'activate resume broken event file', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--out', (() => { const d = folder('act-event/events', { 'event-000001.json': '{"event": 1, "status": "ok", "saddle_energy": "high"' }); return dirname(d); })()], keep: [join(IN, 'act-event/events/event-000001.json')] },
  { name: 'activate resume, other glass', expect: 'refuse', args: ['activate', '--data', ka256, ...KA, '--events', '1', '--out', folder('act-other', { 'glass.json': '{"voigt": [1,2,3]}', 'initial.data': kaText, 'landscape.json': landscape([{ id: 1, energy: -1 }], []) })], keep: [join(IN, 'act-other/initial.data')] },

  // -- neb
  { name: 'neb nothing to do', expect: 'refuse', args: ['neb', ...KA] },
  { name: 'neb --from only', expect: 'refuse', args: ['neb', ...KA, '--from', ka256] },
  { name: 'neb different atom counts', expect: 'refuse', args: ['neb', ...KA, '--from', ka256, '--to', ka, '--out', out('neb-counts')] },
  { name: 'neb --landscape and --from', expect: 'refuse', args: ['neb', ...KA, '--landscape', join(IN, 'ls-good'), '--minima', '1,2', '--from', ka256, '--to', ka256] },
  { name: 'neb landscape without minima.dump', expect: 'refuse', args: ['neb', ...KA, '--landscape', join(IN, 'ls-good'), '--minima', '1,2'] },
  { name: 'neb --minima 1', expect: 'refuse', args: ['neb', ...KA, '--landscape', join(IN, 'ls-good'), '--minima', '1'] },
  { name: 'neb --minima a,b', expect: 'refuse', args: ['neb', ...KA, '--landscape', join(IN, 'ls-good'), '--minima', 'a,b'] },
  { name: 'neb --images 0', expect: 'refuse', args: ['neb', ...KA, '--from', ka256, '--to', ka256, '--images', '0'] },
  { name: 'neb --images -1', expect: 'refuse', args: ['neb', ...KA, '--from', ka256, '--to', ka256, '--images', '-1'] },
  { name: 'neb --spring 0', expect: 'refuse', args: ['neb', ...KA, '--from', ka256, '--to', ka256, '--spring', '0'] },
  { name: 'neb same minimum both ends', expect: 'either', args: ['neb', ...KA, '--from', ka256, '--to', ka256, '--images', '3', '--max-iterations', '50', '--out', out('neb-same')] },

  // -- inherent
  { name: 'inherent neither --dump nor --data', expect: 'refuse', args: ['inherent', ...KA, '--every', '1', '--out', out('is-none')] },
  { name: 'inherent --every 0', expect: 'refuse', args: ['inherent', ...KA, '--dump', join(repo, 'test/reference/ka864.forces.dump'), '--every', '0', '--out', out('is-e0')] },
  { name: 'inherent --data without -T', expect: 'refuse', args: ['inherent', ...KA, '--data', ka256, '--steps', '10', '--every', '5', '--out', out('is-noT')] },
  { name: 'inherent --data without --steps', expect: 'refuse', args: ['inherent', ...KA, '--data', ka256, '-T', '0.3', '--every', '5', '--out', out('is-nosteps')] },
  { name: 'inherent --ftol 0', expect: 'refuse', args: ['inherent', ...KA, '--data', ka256, '-T', '0.3', '--steps', '10', '--every', '5', '--ftol', '0', '--out', out('is-ftol0')] },
  { name: 'inherent --bins 0', expect: 'refuse', args: ['inherent', ...KA, '--data', ka256, '-T', '0.3', '--steps', '10', '--every', '5', '--bins', '0', '--out', out('is-bins0')] },
  { name: 'inherent --every beyond --steps', expect: 'either', args: ['inherent', ...KA, '--data', ka256, '-T', '0.3', '--steps', '10', '--every', '100', '--out', out('is-every')] },

  // -- modulus-map and crafm
  { name: 'modulus-map --voxel 0', expect: 'refuse', args: ['modulus-map', '--data', ka256, ...KA, '--voxel', '0', '--out', out('mm-0')] },
  { name: 'modulus-map --voxel -1', expect: 'refuse', args: ['modulus-map', '--data', ka256, ...KA, '--voxel', '-1', '--out', out('mm-neg')] },
  { name: 'modulus-map --voxel 1e-3', expect: 'refuse', args: ['modulus-map', '--data', ka256, ...KA, '--voxel', '1e-3', '--out', out('mm-tiny')] },
  { name: 'modulus-map --voxel 100', expect: 'either', args: ['modulus-map', '--data', ka256, ...KA, '--voxel', '100', '--out', out('mm-big')] },
  { name: 'modulus-map --delta 0', expect: 'refuse', args: ['modulus-map', '--data', ka256, ...KA, '--voxel', '3', '--delta', '0', '--out', out('mm-d0')] },
  { name: 'modulus-map --soft-percentile 150', expect: 'refuse', args: ['modulus-map', '--data', ka256, ...KA, '--voxel', '3', '--soft-percentile', '150', '--out', out('mm-pct')] },
  { name: 'modulus-map --temperature -1', expect: 'refuse', args: ['modulus-map', '--data', ka256, ...KA, '--voxel', '3', '--temperature', '-1', '--out', out('mm-T')] },
  { name: 'modulus-map --bins 0', expect: 'refuse', args: ['modulus-map', '--data', ka256, ...KA, '--voxel', '3', '--bins', '0', '--out', out('mm-bins')] },
  { name: 'modulus-map T>0 --every 0', expect: 'refuse', args: ['modulus-map', '--data', ka256, ...KA, '--voxel', '3', '--temperature', '0.1', '--steps', '20', '--equilibrate', '0', '--every', '0', '--out', out('mm-every')] },
  { name: 'crafm dir missing', expect: 'refuse', args: ['crafm', join(IN, 'no-map')] },
  { name: 'crafm no moduli.json', expect: 'refuse', args: ['crafm', folder('map-none')] },
  { name: 'crafm moduli.json garbage', expect: 'refuse', args: ['crafm', mapDir('garbage', 'not json at all'), '--out', out('cr-garbage')] },
  { name: 'crafm moduli.json {}', expect: 'refuse', args: ['crafm', mapDir('empty', '{}'), '--out', out('cr-empty')] },
  { name: 'crafm moduli.json wrong format', expect: 'refuse', args: ['crafm', mapDir('format', moduliText.replace('betascape-moduli-1', 'betascape-moduli-99')), '--out', out('cr-format')] },
  { name: 'crafm moduli.json negative G', expect: 'refuse', mentions: 'moduli.json', args: ['crafm', mapDir('negG', moduliWith((m) => { m.fields.G = m.fields.G.map((g: number) => -g); m.fields.E = m.fields.E.map((g: number) => -g); m.global.G = -m.global.G; m.global.E = -m.global.E; })), '--out', out('cr-neg')] },
  { name: 'crafm moduli.json null voxel', expect: 'refuse', mentions: 'moduli.json', args: ['crafm', mapDir('nullG', moduliWith((m) => { m.fields.G[0] = null; m.fields.E[0] = null; })), '--out', out('cr-null')] },
  { name: 'crafm grid larger than fields', expect: 'refuse', args: ['crafm', mapDir('grid', moduliWith((m) => { m.grid.nx = 1000; })), '--out', out('cr-grid')] },
  { name: 'crafm global nu 0.7', expect: 'refuse', args: ['crafm', mapDir('nu', moduliWith((m) => { m.global.nu = 0.7; })), '--out', out('cr-nu07')] },
  { name: 'crafm --tip-radius 0', expect: 'refuse', args: ['crafm', mapDir('good', moduliText), '--tip-radius', '0', '--out', out('cr-r0')] },
  { name: 'crafm --tip-poisson 0.6', expect: 'refuse', args: ['crafm', join(IN, 'map-good'), '--tip-poisson', '0.6', '--out', out('cr-nu')] },
  { name: 'crafm --load -1', expect: 'refuse', args: ['crafm', join(IN, 'map-good'), '--load', '-1', '--out', out('cr-load')] },
  { name: 'crafm --cantilever-k 0', expect: 'refuse', args: ['crafm', join(IN, 'map-good'), '--cantilever-k', '0', '--out', out('cr-k0')] },
  { name: 'crafm --profile-row 999', expect: 'refuse', mentions: 'profile-row', args: ['crafm', join(IN, 'map-good'), '--profile-row', '999', '--out', out('cr-row')] },
  { name: 'crafm --bins 0', expect: 'refuse', args: ['crafm', join(IN, 'map-good'), '--bins', '0', '--out', out('cr-bins')] },

  // -- measured DMA exports and compare
  { name: 'measured missing', expect: 'refuse', args: ['measured', missing] },
  { name: 'measured empty', expect: 'refuse', args: ['measured', emptyFile] },
  { name: 'measured binary garbage', expect: 'refuse', args: ['measured', garbageFile] },
  { name: 'measured a directory', expect: 'refuse', args: ['measured', someDir] },
  { name: 'measured header only', expect: 'refuse', args: ['measured', file('dma-header.csv', dmaExport([]))] },
  { name: 'measured single row', expect: 'refuse', args: ['measured', file('dma-one.csv', dmaExport(goodRows.slice(0, 1)))] },
  { name: 'measured constant temperature', expect: 'refuse', args: ['measured', file('dma-constT.csv', dmaExport(goodRows.map(([, a, b]) => [100, a, b])))] },
  { name: 'measured negative moduli', expect: 'refuse', args: ['measured', file('dma-neg.csv', dmaExport(goodRows.map(([t, a, b]) => [t, -a, -b])))] },
  { name: 'measured NaN cells', expect: 'refuse', args: ['measured', file('dma-nan.csv', dmaExport(goodRows).replace(/\n([^,\n]+),([^,\n]+),/, '\n$1,NaN,'))] },
  { name: 'measured all-zero loss', expect: 'either', args: ['measured', file('dma-zero.csv', dmaExport(goodRows.map(([t, a]) => [t, a, 0])))] },
  { name: 'measured --columns T=Nope', expect: 'refuse', args: ['measured', goodDma, '--columns', 'T=Nope'] },
  { name: 'measured --columns garbage', expect: 'refuse', args: ['measured', goodDma, '--columns', '===,,'] },
  { name: 'measured --columns T=99', expect: 'refuse', args: ['measured', goodDma, '--columns', 'T=99'] },
  { name: 'measured --temperature-unit X', expect: 'refuse', args: ['measured', goodDma, '--temperature-unit', 'X'] },
  { name: 'compare simulated missing', expect: 'refuse', args: ['compare', missing, goodDma] },
  { name: 'compare measured garbage', expect: 'refuse', args: ['compare', goodDma, garbageFile] },
  { name: 'compare JSON not a spectrum', expect: 'refuse', args: ['compare', file('notspectrum.json', '{"hello": "world"}'), goodDma] },
  { name: 'compare --Tg-measured -5', expect: 'refuse', args: ['compare', goodDma, goodDma, '--Tg-measured', '-5', '--axis', 'Tg', '--Tg-simulated', '400'] },
  { name: 'compare --lambda banana', expect: 'refuse', args: ['compare', goodDma, goodDma, '--invert', '--lambda', 'banana'] },
  { name: 'compare --invert --tau0 0', expect: 'refuse', args: ['compare', goodDma, goodDma, '--invert', '--tau0', '0'] },
  { name: 'compare --invert --frequency -1', expect: 'refuse', args: ['compare', goodDma, goodDma, '--invert', '--frequency', '-1'] },
  { name: 'compare zero loss', expect: 'refuse', args: ['compare', goodDma, join(IN, 'dma-zero.csv'), '--out', out('cmp-zero')] },
  { name: 'compare --invert zero loss', expect: 'refuse', args: ['compare', goodDma, join(IN, 'dma-zero.csv'), '--invert', '--out', out('cmp-zero-inv')] },
  { name: 'compare flat spectra', expect: 'either', args: ['compare', file('flat1.csv', dmaExport(goodRows.map(([t, a]) => [t, a, 5]))), join(IN, 'flat1.csv'), '--out', out('cmp-flat')] },

  // -- rdf, sq, voronoi
  { name: 'rdf --rmax 0', expect: 'refuse', args: ['rdf', '--data', ka, '--rmax', '0', '--bins', '50'] },
  { name: 'rdf --rmax -1', expect: 'refuse', args: ['rdf', '--data', ka, '--rmax', '-1', '--bins', '50'] },
  { name: 'rdf --rmax 100 (above half box)', expect: 'refuse', args: ['rdf', '--data', ka, '--rmax', '100', '--bins', '50'] },
  { name: 'rdf --bins 0', expect: 'refuse', args: ['rdf', '--data', ka, '--rmax', '4', '--bins', '0'] },
  { name: 'rdf --bins 1e12', expect: 'refuse', args: ['rdf', '--data', ka, '--rmax', '4', '--bins', '1e12'] },
  { name: 'rdf --data and --dump', expect: 'refuse', args: ['rdf', '--data', ka, '--dump', join(repo, 'test/reference/ka864.forces.dump'), '--rmax', '4', '--bins', '50'] },
  { name: 'rdf neither --data nor --dump', expect: 'refuse', args: ['rdf', '--rmax', '4', '--bins', '50'] },
  { name: 'rdf --every 0', expect: 'refuse', args: ['rdf', '--dump', join(repo, 'test/reference/ka864.forces.dump'), '--every', '0', '--rmax', '4', '--bins', '50'] },
  { name: 'rdf --smooth -1', expect: 'refuse', args: ['rdf', '--data', ka, '--rmax', '4', '--bins', '50', '--smooth', '-1'] },
  { name: 'rdf 0-atom data', expect: 'refuse', args: ['rdf', '--data', join(IN, 'zero.data'), '--rmax', '4', '--bins', '50'] },
  { name: 'rdf --json | head -c 1', expect: 'either', pipe: true, args: ['rdf', '--data', ka, '--rmax', '4', '--bins', '400', '--json'] },
  { name: 'sq --qmax 0', expect: 'refuse', args: ['sq', '--data', ka, '--qmax', '0'] },
  { name: 'sq --qmax -1', expect: 'refuse', args: ['sq', '--data', ka, '--qmax', '-1'] },
  { name: 'sq --qmax NaN', expect: 'refuse', args: ['sq', '--data', ka, '--qmax', 'NaN'] },
  { name: 'sq --dq 0', expect: 'refuse', args: ['sq', '--data', ka, '--qmax', '10', '--dq', '0'] },
  { name: 'sq --max-vectors 0', expect: 'refuse', args: ['sq', '--data', ka, '--qmax', '10', '--method', 'direct', '--max-vectors', '0'] },
  { name: 'sq --rmax 100', expect: 'refuse', args: ['sq', '--data', ka, '--qmax', '10', '--method', 'fourier', '--rmax', '100'] },
  { name: 'sq --qmax 1e6', expect: 'refuse', args: ['sq', '--data', ka, '--qmax', '1e6', '--method', 'direct'], timeout: 60 },
  { name: 'voronoi --radii negative', expect: 'refuse', args: ['voronoi', '--data', ka, '--radii', '1:-0.5,2:0.44'] },
  { name: 'voronoi --radii garbage', expect: 'refuse', args: ['voronoi', '--data', ka, '--radii', 'big,small'] },
  { name: 'voronoi --radii type 7', expect: 'refuse', args: ['voronoi', '--data', ka, '--radii', '1:0.5,7:0.44'] },
  { name: 'voronoi --face-area-fraction 2', expect: 'refuse', args: ['voronoi', '--data', ka, '--face-area-fraction', '2'] },
  { name: 'voronoi --top 0', expect: 'refuse', args: ['voronoi', '--data', ka, '--top', '0'] },
  { name: 'voronoi two atoms on top', expect: 'refuse', args: ['voronoi', '--data', join(IN, 'same.data'), '--out', out('vor-same')] },
  { name: 'voronoi one atom', expect: 'either', args: ['voronoi', '--data', file('one.data', data({ natoms: 1, atoms: ['1 1 5 5 5'] })), '--out', out('vor-one')] },
];

// ---------------------------------------------------------------- run and report

// A few at a time (each run is mostly the start-up of node and tsx); results in case order.
const results: Result[] = new Array(cases.length);
let next = 0;
let finished = 0;
async function worker() {
  while (next < cases.length) {
    const i = next++;
    results[i] = await runCase(cases[i]);
    process.stderr.write(`\r${++finished}/${cases.length} `);
  }
}
await Promise.all(Array.from({ length: Math.min(4, availableParallelism()) }, worker));
process.stderr.write('\n');
const commandOf = (args: string[]) => (['plot', 'spectrum', 'potential'].includes(args[0]) ? args.slice(0, 2).join(' ') : (args[0] ?? '(none)'));
const pad = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));
console.log(`${pad('#', 4)}${pad('case', 40)}${pad('command', 18)}${pad('expect', 8)}${pad('outcome', 10)}first stderr line`);
results.forEach((r, i) => {
  const k = cases[i];
  console.log(`${pad(String(i + 1), 4)}${pad(k.name, 40)}${pad(commandOf(k.args), 18)}${pad(k.expect, 8)}${pad(r.outcome, 10)}${pad(r.first || '(none)', 110)}`);
});
const outcomes: Outcome[] = ['clean', 'ok', 'accepted', 'untidy', 'internal', 'crash'];
const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
console.log(`\nsummary: total ${results.length}, ` + outcomes.map((o) => `${o} ${count(o)}`).join(', '));
const bad = results.map((r, i) => ({ r, k: cases[i], i })).filter(({ r }) => r.outcome !== 'clean' && r.outcome !== 'ok');
console.log(`\nnot clean (${bad.length}):`);
for (const { r, k, i } of bad) {
  console.log(`#${i + 1} ${k.name} [${r.outcome}, exit ${r.code}${r.why ? '; ' + r.why : ''}]`);
  console.log(`    betascape ${norm(k.args.map((a) => (/[\s'"*&![\]{}]/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' '))}${k.pipe ? ' | head -c 1' : ''}`);
  console.log(`    ${r.first ? r.first.slice(0, 300) : '(no stderr)'}`);
}
chmodSync(unreadable, 0o644);
rmSync(tmp, { recursive: true, force: true });
const slowest = results.map((r, i) => ({ s: r.seconds, name: cases[i].name })).sort((a, b) => b.s - a.s).slice(0, 8);
process.stderr.write(`slowest: ${slowest.map((x) => `${x.name} ${x.s.toFixed(1)} s`).join(', ')}\n`);
process.stderr.write(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.exit(0);
