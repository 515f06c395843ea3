/** The betascape command line; errors end as sim/exit-on-error.ts says. */
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { exitOnError, failWith } from '../sim/exit-on-error.js';

// A reader that closed the pipe (`betascape validate ... | head -1`) has all it wanted: end quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  exitOnError(err);
});

/**
 * The commands by name, in the order --help lists them, with their usage and description. Only the
 * named command's module is loaded (each pulls in its part of the sources, which costs start-up
 * time); `--help` and a mistyped name need only the names and descriptions.
 */
const COMMANDS: Record<string, { command: string; describe: string; load: () => Promise<object> }> = {
  eval: { command: 'eval', load: async () => (await import('./commands/eval.js')).evalCommand,
    describe: 'Energy, pressure tensor and forces of one configuration' },
  md: { command: 'md', load: async () => (await import('./commands/md.js')).mdCommand,
    describe: 'Run molecular dynamics (NVE, Nose-Hoover NVT or NPT, Langevin) from a data file or a new sample; --engine lammps runs it in LAMMPS' },
  minimize: { command: 'minimize', load: async () => (await import('./commands/minimize.js')).minimizeCommand,
    describe: 'Minimize the energy of a configuration (inherent structure): FIRE, CG or L-BFGS, at fixed box or relaxing the box to a pressure' },
  potential: { command: 'potential', load: async () => (await import('./commands/potential.js')).potentialCommand,
    describe: 'Write interatomic potential files' },
  validate: { command: 'validate <config>', load: async () => (await import('./commands/validate.js')).validateCommand,
    describe: 'Check a sweep, study or MD-DMA config (and --set overrides) without running anything; the kind is detected' },
  quench: { command: 'quench <config>', load: async () => (await import('./commands/quench.js')).quenchCommand,
    describe: 'Run one member (melt, quench, anneal, Tg, inherent structure) into the config\'s output directory' },
  sweep: { command: 'sweep <config>', load: async () => (await import('./commands/sweep.js')).sweepCommand,
    describe: 'Run every member of a config (alloys × rates × seeds × anneal variants) on worker threads; rerun to resume' },
  collect: { command: 'collect <run-dir>', load: async () => (await import('./commands/collect.js')).collectCommand,
    describe: 'Gather the finished members of a sweep (or Slurm array) into sweep-table.csv and .json' },
  'modulus-map': { command: 'modulus-map', load: async () => (await import('./commands/modulus-map.js')).modulusMapCommand,
    describe: 'Local elastic constants on a voxel grid (T = 0: +-strain with non-affine relaxation; T > 0: stress fluctuations): maps, .gsf, statistics' },
  crafm: { command: 'crafm <dir>', load: async () => (await import('./commands/crafm.js')).crafmCommand,
    describe: 'Simulated contact-resonance AFM: frequency map from a modulus map (Hertz contact + clamped cantilever with a tip spring)' },
  activate: { command: 'activate', load: async () => (await import('./commands/activate.js')).activateCommand,
    describe: 'Saddles and barriers around a glass minimum: ART-nouveau-style activations in parallel, seeded and resumable' },
  inherent: { command: 'inherent', load: async () => (await import('./commands/inherent.js')).inherentCommand,
    describe: 'Inherent structures of a trajectory: minimize every k-th frame, identify distinct minima, metabasins (Doliwa-Heuer), energy distributions' },
  neb: { command: 'neb', load: async () => (await import('./commands/neb.js')).nebCommand,
    describe: 'Climbing-image nudged elastic band between two minima: the barrier and the energy profile of the path' },
  plot: { command: 'plot', load: async () => (await import('./commands/plot.js')).plotCommand,
    describe: 'Figures from run directories (SVG and PNG)' },
  spectrum: { command: 'spectrum <kind>', load: async () => (await import('./commands/spectrum.js')).spectrumCommand,
    describe: 'Loss spectra: MD-DMA sweeps (dma), the anelastic spectrum of sampled events (events), a toy barrier model (barriers)' },
  measured: { command: 'measured <file>', load: async () => (await import('./commands/measured.js')).measuredCommand,
    describe: 'Import a measured DMA export (CSV/TSV/TXT) into SI units (K, Pa); says what it detected (columns, units, separator, decimal mark)' },
  compare: { command: 'compare <simulated> <measured>', load: async () => (await import('./commands/compare.js')).compareCommand,
    describe: "Compare two loss spectra normalised like the paper's Fig. 2 (E''/E''_max vs T/T_α-peak or T/Tg); --invert: the measured activation-energy spectrum" },
  study: { command: 'study <config>', load: async () => (await import('./commands/study.js')).studyCommand,
    describe: 'The heterogeneity ↔ β-relaxation study: quench, activations, local moduli, CR-AFM, loss spectra for every sample × seed; table, correlations, figures, report.html (rerun to resume)' },
  rdf: { command: 'rdf', load: async () => (await import('./commands/rdf.js')).rdfCommand,
    describe: 'Radial distribution functions g(r), total and partial (normalised as LAMMPS compute rdf), and coordination numbers' },
  sq: { command: 'sq', load: async () => (await import('./commands/sq.js')).sqCommand,
    describe: 'Structure factors S(q): Faber-Ziman partials and Bhatia-Thornton, from g(r) by Fourier transform and directly on the box’s q-vectors' },
  voronoi: { command: 'voronoi', load: async () => (await import('./commands/voronoi.js')).voronoiCommand,
    describe: 'Voronoi or radical (Laguerre) tessellation: per-atom cell volume, faces and Voronoi index <n3,n4,n5,n6>; icosahedra and common indices per type' },
  relax: { command: 'relax', load: async () => (await import('./commands/relax.js')).relaxCommandModule,
    describe: 'Dynamics: MSD, self-intermediate scattering F_s(q*, t) and τ_α of a dump, or the Kob-Andersen τ_α(T) workflow with a VFT fit' },
};

try {
  // The command is the first word that is not an option (global options may come before it).
  const named = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const commands = named !== undefined && Object.hasOwn(COMMANDS, named)
    ? [{ command: COMMANDS[named].command, describe: COMMANDS[named].describe, ...(await COMMANDS[named].load()) }]
    : Object.values(COMMANDS).map(({ command, describe }) => ({ command, describe, handler: () => {} }));
  let cli = yargs(hideBin(process.argv))
    .scriptName('betascape')
    .usage('$0 <command> [options]\n\nMolecular dynamics and potential-energy landscapes of model metallic glasses.');
  for (const command of commands) cli = cli.command(command as CommandModule);
  // Every command takes these two (a command's own description of them replaces these).
  await cli
    .option('json', { type: 'boolean', default: false, global: true, describe: 'print the result (or the summary record) as JSON on stdout' })
    .option('quiet', { type: 'boolean', default: false, global: true, describe: 'no progress or notes on stderr (warnings still)' })
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) exitOnError(err);
      failWith(msg, 2);
    })
    .parseAsync();
} catch (err) {
  exitOnError(err);
}
