/**
 * Simulated contact-resonance AFM: a map of the sample's Young's modulus (Pa, pixel size in m)
 * becomes a map of first contact-resonance frequencies.
 *
 *  1. The tip probes a region of the contact's size. The kernel radius a0 is the Hertz contact
 *     radius for the map's mean modulus; each pixel's effective modulus is the average of the
 *     map over the periodic disc of radius a0 around it, weighted by the Hertz pressure
 *     p(r) ∝ sqrt(1 - r^2/a0^2) (a pixel alone when a0 is below half a pixel).
 *  2. Hertz: E* from the effective modulus with the sample and tip Poisson ratios, contact
 *     stiffness k* = 2 a E* (a for that E*).
 *  3. The cantilever's first contact mode for k* / k_c (cantilever.ts).
 * Pixels whose effective modulus is not positive have no contact resonance: NaN, counted.
 */
import { InputError } from '../../sim/errors.js';
import type { Map2D } from '../heterogeneity/fields.js';
import { contactRadius, contactStiffness, reducedModulus } from './hertz.js';
import { contactResonanceFrequency } from './cantilever.js';

/** Probe and contact parameters, SI units. */
export interface Probe {
  /** Cantilever spring constant k_c (N/m) and free first-mode resonance f0 (Hz). */
  kc: number;
  f0: number;
  /** Tip radius (m), static load (N), tip Young's modulus (Pa) and Poisson ratio. */
  tipRadius: number;
  load: number;
  tipModulus: number;
  tipPoisson: number;
}

/**
 * Tap300Al-G (the paper's probe: ~40 N/m, ~300 kHz, tip radius ~10 nm), a silicon tip with the
 * isotropic values CR-AFM work commonly takes for Si (E = 165 GPa, nu = 0.22), and a static load
 * of 100 nN (a deflection of 2.5 nm; the paper does not state its load).
 */
export const TAP300AL_G: Probe = { kc: 40, f0: 300e3, tipRadius: 10e-9, load: 100e-9, tipModulus: 165e9, tipPoisson: 0.22 };

export function checkProbe(p: Probe): void {
  for (const [k, v] of Object.entries(p)) {
    const ok = k === 'tipPoisson' ? v >= 0 && v < 0.5 : Number.isFinite(v) && v > 0;
    if (!ok) throw new InputError(`probe parameter ${k} out of range: ${v}`);
  }
}

export interface ContactResonance {
  reducedModulus: number;
  contactRadius: number;
  contactStiffness: number;
  frequency: number;
}

/** The contact resonance on a homogeneous sample of Young's modulus E (Pa) and Poisson ratio nu. */
export function contactResonance(E: number, nu: number, p: Probe): ContactResonance {
  const Es = reducedModulus(E, nu, p.tipModulus, p.tipPoisson);
  const k = contactStiffness(p.load, p.tipRadius, Es);
  return { reducedModulus: Es, contactRadius: contactRadius(p.load, p.tipRadius, Es), contactStiffness: k, frequency: contactResonanceFrequency(k, p.kc, p.f0) };
}

/** Hertz-pressure-weighted periodic disc average of a map (radius in the map's length unit). */
export function tipAverage(m: Map2D, radius: number): Map2D {
  const [hx, hy] = m.cell;
  const rx = Math.floor(radius / hx), ry = Math.floor(radius / hy);
  const taps: { dx: number; dy: number; w: number }[] = [];
  for (let dy = -ry; dy <= ry; dy++) {
    for (let dx = -rx; dx <= rx; dx++) {
      const q = ((dx * hx) ** 2 + (dy * hy) ** 2) / (radius * radius);
      if (q < 1) taps.push({ dx, dy, w: Math.sqrt(1 - q) });
    }
  }
  const out = new Float64Array(m.nx * m.ny);
  const wsum = taps.reduce((s, t) => s + t.w, 0);
  for (let y = 0; y < m.ny; y++) {
    for (let x = 0; x < m.nx; x++) {
      let s = 0;
      for (const t of taps) {
        const xx = (((x + t.dx) % m.nx) + m.nx) % m.nx, yy = (((y + t.dy) % m.ny) + m.ny) % m.ny;
        s += t.w * m.values[yy * m.nx + xx];
      }
      out[y * m.nx + x] = s / wsum;
    }
  }
  return { ...m, values: out };
}

export interface FrequencyMap {
  /** Frequencies (Hz) and the effective (tip-averaged) Young's modulus (Pa), per pixel. */
  frequency: Map2D;
  effectiveModulus: Map2D;
  /** The kernel radius a0 (m), from the mean modulus, and the contact at the mean modulus. */
  kernelRadius: number;
  atMean: ContactResonance;
  /** Pixels with a non-positive effective modulus (frequency NaN). */
  nonPositive: number;
}

/** The contact at the map's mean modulus (its radius is the tip kernel's); modulus in Pa, nu the sample's Poisson ratio. */
export function meanContact(modulus: Map2D, nu: number, p: Probe): ContactResonance {
  checkProbe(p);
  if (!(nu > -1 && nu < 0.5)) throw new InputError(`sample Poisson ratio must be in (-1, 0.5), got ${nu}`);
  let mean = 0;
  for (const v of modulus.values) mean += v;
  mean /= modulus.values.length;
  if (!(mean > 0)) throw new InputError(`the mean sample modulus must be > 0, got ${mean} Pa`);
  return contactResonance(mean, nu, p);
}

/**
 * Whether a tip-averaged map means what a tip reads: both edges at least two contact diameters
 * (4 a), so that two contacts that do not overlap fit along each edge. Narrower, every two tip
 * positions share part of their contact and the disc covers more than a fifth of the periodic map:
 * the map's spread is then set by the box, not by the sample.
 */
export function tipFitsMap(m: Map2D, contactRadius: number): boolean {
  return Math.min(m.nx * m.cell[0], m.ny * m.cell[1]) >= 4 * contactRadius;
}

/** modulus: Young's modulus map in Pa with pixel sizes in m; nu: the sample's Poisson ratio. */
export function frequencyMap(modulus: Map2D, nu: number, p: Probe, opts: { tipAverage?: boolean } = {}): FrequencyMap {
  const atMean = meanContact(modulus, nu, p);
  const kernelRadius = atMean.contactRadius;
  const effective = opts.tipAverage === false ? modulus : tipAverage(modulus, Math.max(kernelRadius, 0.5 * Math.min(...modulus.cell)));
  const f = new Float64Array(effective.values.length);
  let nonPositive = 0;
  effective.values.forEach((E, k) => {
    if (E > 0) f[k] = contactResonance(E, nu, p).frequency;
    else { f[k] = NaN; nonPositive++; }
  });
  return { frequency: { ...modulus, values: f }, effectiveModulus: effective, kernelRadius, atMean, nonPositive };
}
