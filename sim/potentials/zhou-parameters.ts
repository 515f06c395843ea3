/**
 * Parameters of the Zhou–Johnson–Wadley analytic EAM for 16 metals:
 *
 *   X. W. Zhou, R. A. Johnson, H. N. G. Wadley, "Misfit-energy-increasing dislocations in
 *   vapor-deposited CoFe/NiFe multilayers", Phys. Rev. B 69, 144113 (2004), parameter table.
 *
 * The numbers are transcribed from the machine-readable copy of that table distributed with
 * LAMMPS (tools/eam_database/EAM_code, revision with the NIST Interatomic Potentials Repository
 * corrections), which is what LAMMPS users get from the `create.f` / `create_eam.py` generators.
 * Two points where copies of the table disagree, and what we use:
 *
 *   - Pt: the low-density polynomial is written in rho / rho_n with rho_n = 0.25 rho_e, not the
 *     0.85 rho_e of every other element. Only 0.25 makes F continuous at rho_n (and F(0) = 0)
 *     with the tabulated F_n0..F_n3, F_0..F_3; the LAMMPS copy records it as `rhol = 0.25`.
 *   - Ni: some transcriptions give (rho_s, eta, F_e) = (27.930410, 0.469, -2.699486) instead of
 *     (27.562031, 0.445470, -2.7). Both make F and F' continuous at rho_o = 1.15 rho_e and differ
 *     only for rho > rho_o (compression); we follow the LAMMPS copy.
 *
 * The LAMMPS copy also carries a second beta, lambda and F_3 (for f(r) and for rho > rho_e);
 * for these 16 elements they equal beta, lambda and F_3, so they are not repeated here.
 * test/zhou.test.ts checks the table's internal consistency (F(0) = 0, F and F' continuous at
 * rho_n and rho_o), which catches most transcription errors.
 */

export type ZhouLattice = 'fcc' | 'bcc' | 'hcp';

export interface ZhouElementParameters {
  symbol: string;
  atomicNumber: number;
  /** g/mol. */
  mass: number;
  /** Ground-state structure (hcp with the ideal c/a = sqrt(8/3) in the model). */
  lattice: ZhouLattice;
  /** Equilibrium nearest-neighbour distance r_e (Å). */
  re: number;
  /** f_e: density scale (f(r_e) = f_e up to the cut-off factor). */
  fe: number;
  /** Equilibrium host density rho_e and the scale rho_s of the high-density embedding branch. */
  rhoE: number;
  rhoS: number;
  /** Pair-potential exponents (alpha for the repulsive, beta for the attractive term; beta also in f(r)). */
  alpha: number;
  beta: number;
  /** Pair-potential amplitudes (eV). */
  A: number;
  B: number;
  /** Cut-off positions (in units of r_e) of the repulsive (kappa) and attractive/density (lambda) terms. */
  kappa: number;
  lambda: number;
  /** F_n0..F_n3 (eV): embedding polynomial in (rho/rho_n - 1) below rho_n. */
  Fn: readonly [number, number, number, number];
  /** F_0..F_3 (eV): embedding polynomial in (rho/rho_e - 1) between rho_n and rho_o. */
  F: readonly [number, number, number, number];
  /** eta and F_e (eV) of the high-density branch above rho_o. */
  eta: number;
  Fe: number;
  /** rho_n / rho_e (0.85; 0.25 for Pt, see above) and rho_o / rho_e (1.15). */
  rhoLow: number;
  rhoHigh: number;
}

type Row = [
  symbol: string, lattice: ZhouLattice, atomicNumber: number, mass: number,
  re: number, fe: number, rhoE: number, rhoS: number, alpha: number, beta: number,
  A: number, B: number, kappa: number, lambda: number,
  Fn0: number, Fn1: number, Fn2: number, Fn3: number,
  F0: number, F1: number, F2: number, F3: number, eta: number, Fe: number, rhoLow: number,
];

// prettier-ignore
const ROWS: Row[] = [
  //  el    lattice  Z   mass        r_e       f_e       rho_e      rho_s      alpha      beta      A         B         kappa     lambda    F_n0       F_n1       F_n2      F_n3       F_0    F_1   F_2       F_3        eta       F_e        rho_n/rho_e
  ['Cu', 'fcc', 29, 63.546,    2.556162, 1.554485, 21.175871, 21.175395, 8.127620, 4.334731, 0.396620, 0.548085, 0.308782, 0.756515, -2.170269, -0.263788, 1.088878, -0.817603, -2.19, 0.00, 0.561830, -2.100595, 0.310490, -2.186568, 0.85],
  ['Ag', 'fcc', 47, 107.8682,  2.891814, 1.106232, 14.604100, 14.604144, 9.132010, 4.870405, 0.277758, 0.419611, 0.339710, 0.750758, -1.729364, -0.255882, 0.912050, -0.561432, -1.75, 0.00, 0.744561, -1.150650, 0.783924, -1.748423, 0.85],
  ['Au', 'fcc', 79, 196.96654, 2.885034, 1.529021, 19.991632, 19.991509, 9.516052, 5.075228, 0.229762, 0.356666, 0.356570, 0.748798, -2.937772, -0.500288, 1.601954, -0.835530, -2.98, 0.00, 1.706587, -1.134778, 1.021095, -2.978815, 0.85],
  ['Ni', 'fcc', 28, 58.6934,   2.488746, 2.007018, 27.562015, 27.562031, 8.383453, 4.471175, 0.429046, 0.633531, 0.443599, 0.820658, -2.693513, -0.076445, 0.241442, -2.375626, -2.70, 0.00, 0.265390, -0.152856, 0.445470, -2.7,      0.85],
  ['Pd', 'fcc', 46, 106.42,    2.750897, 1.595417, 21.335246, 21.940073, 8.697397, 4.638612, 0.406763, 0.598880, 0.397263, 0.754799, -2.321006, -0.473983, 1.615343, -0.231681, -2.36, 0.00, 1.481742, -1.675615, 1.130000, -2.352753, 0.85],
  ['Pt', 'fcc', 78, 195.08,    2.771916, 2.336509, 33.367564, 35.205357, 7.105782, 3.789750, 0.556398, 0.696037, 0.385255, 0.770510, -1.455568, -2.149952, 0.528491, 1.222875,  -4.17, 0.00, 3.010561, -2.420128, 1.450000, -4.145597, 0.25],
  ['Al', 'fcc', 13, 26.981539, 2.863924, 1.403115, 20.418205, 23.195740, 6.613165, 3.527021, 0.314873, 0.365551, 0.379846, 0.759692, -2.807602, -0.301435, 1.258562, -1.247604, -2.83, 0.00, 0.622245, -2.488244, 0.785902, -2.824528, 0.85],
  ['Pb', 'fcc', 82, 207.2,     3.499723, 0.647872, 8.450154,  8.450063,  9.121799, 5.212457, 0.161219, 0.236884, 0.250805, 0.764955, -1.422370, -0.210107, 0.682886, -0.529378, -1.44, 0.00, 0.702726, -0.538766, 0.935380, -1.439436, 0.85],
  ['Fe', 'bcc', 26, 55.847,    2.481987, 1.885957, 20.041463, 20.041463, 9.818270, 5.236411, 0.392811, 0.646243, 0.170306, 0.340613, -2.534992, -0.059605, 0.193065, -2.282322, -2.54, 0.00, 0.200269, -0.148770, 0.391750, -2.539945, 0.85],
  ['Mo', 'bcc', 42, 95.94,     2.728100, 2.723710, 29.354065, 29.354065, 8.393531, 4.476550, 0.708787, 1.120373, 0.137640, 0.275280, -3.692913, -0.178812, 0.380450, -3.133650, -3.71, 0.00, 0.875874, 0.776222,  0.790879, -3.712093, 0.85],
  ['Ta', 'bcc', 73, 180.9479,  2.860082, 3.086341, 33.787168, 33.787168, 8.489528, 4.527748, 0.611679, 1.032101, 0.176977, 0.353954, -5.103845, -0.405524, 1.112997, -3.585325, -5.14, 0.00, 1.640098, 0.221375,  0.848843, -5.141526, 0.85],
  ['W',  'bcc', 74, 183.84,    2.740840, 3.487340, 37.234847, 37.234847, 8.900114, 4.746728, 0.882435, 1.394592, 0.139209, 0.278417, -4.946281, -0.148818, 0.365057, -4.432406, -4.96, 0.00, 0.661935, 0.348147,  0.582714, -4.961306, 0.85],
  ['Mg', 'hcp', 12, 24.305,    3.196291, 0.544323, 7.132600,  7.132600,  10.228708, 5.455311, 0.137518, 0.225930, 0.5,     1.0,      -0.896473, -0.044291, 0.162232, -0.689950, -0.90, 0.00, 0.122838, -0.226010, 0.431425, -0.899702, 0.85],
  ['Co', 'hcp', 27, 58.9332,   2.505979, 1.975299, 27.206789, 27.206789, 8.679625, 4.629134, 0.421378, 0.640107, 0.5,      1.0,      -2.541799, -0.219415, 0.733381, -1.589003, -2.56, 0.00, 0.705845, -0.687140, 0.694608, -2.559307, 0.85],
  ['Ti', 'hcp', 22, 47.88,     2.933872, 1.863200, 25.565138, 25.565138, 8.775431, 4.680230, 0.373601, 0.570968, 0.5,      1.0,      -3.203773, -0.198262, 0.683779, -2.321732, -3.22, 0.00, 0.608587, -0.750710, 0.558572, -3.219176, 0.85],
  ['Zr', 'hcp', 40, 91.224,    3.199978, 2.230909, 30.879991, 30.879991, 8.559190, 4.564902, 0.424667, 0.640054, 0.5,      1.0,      -4.485793, -0.293129, 0.990148, -3.202516, -4.51, 0.00, 0.928602, -0.981870, 0.597133, -4.509025, 0.85],
];

/** The 16 elements, by symbol, in the paper's order. */
export const ZHOU_ELEMENTS: ReadonlyMap<string, ZhouElementParameters> = new Map(
  ROWS.map(([symbol, lattice, atomicNumber, mass, re, fe, rhoE, rhoS, alpha, beta, A, B, kappa, lambda,
    Fn0, Fn1, Fn2, Fn3, F0, F1, F2, F3, eta, Fe, rhoLow]) => [symbol, {
    symbol, lattice, atomicNumber, mass, re, fe, rhoE, rhoS, alpha, beta, A, B, kappa, lambda,
    Fn: [Fn0, Fn1, Fn2, Fn3] as const, F: [F0, F1, F2, F3] as const, eta, Fe, rhoLow, rhoHigh: 1.15,
  }]),
);
