/**
 * Self-diffusion constant from the mean-squared displacement's long-time slope (Einstein relation,
 * 3D): MSD(t) → 6 D t + c once displacements are Fickian.
 *
 * The line is fitted by least squares over lags from a quarter to a half of the longest one: late
 * enough to be past the cage and the α relaxation in a run several τ_α long, early enough that
 * every lag still averages at least half the time origins. The fit is refused (null) where the
 * MSD at the window's start is below `minMsd` (1 length² by default, about the squared size of a
 * cage-escape jump in a dense liquid): the motion has not yet left the caging regime.
 */

export interface DiffusionFit {
  D: number;
  /** The lag window of the fit (time units). */
  from: number;
  to: number;
}

export function diffusionConstant(t: ArrayLike<number>, msd: ArrayLike<number>, minMsd = 1): DiffusionFit | null {
  const last = t.length - 1;
  const i0 = Math.ceil(last / 4), i1 = Math.floor(last / 2);
  if (i1 - i0 < 2 || !(msd[i0] >= minMsd)) return null;
  let st = 0, sm = 0, stt = 0, stm = 0;
  const n = i1 - i0 + 1;
  for (let i = i0; i <= i1; i++) {
    st += t[i];
    sm += msd[i];
    stt += t[i] * t[i];
    stm += t[i] * msd[i];
  }
  const slope = (n * stm - st * sm) / (n * stt - st * st);
  return slope > 0 ? { D: slope / 6, from: t[i0], to: t[i1] } : null;
}
