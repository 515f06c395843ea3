/**
 * Hertz contact of a spherical tip on a flat sample (Johnson, "Contact Mechanics", 1985, ch. 4), SI
 * units: reduced modulus 1/E* = (1 - nu_s^2)/E_s + (1 - nu_t^2)/E_t, contact radius
 * a = (3 F R / 4 E*)^(1/3), normal contact stiffness k* = dF/d(indentation) = 2 a E*.
 */
export function reducedModulus(sampleModulus: number, samplePoisson: number, tipModulus: number, tipPoisson: number): number {
  return 1 / ((1 - samplePoisson * samplePoisson) / sampleModulus + (1 - tipPoisson * tipPoisson) / tipModulus);
}

export function contactRadius(load: number, tipRadius: number, reduced: number): number {
  return Math.cbrt((3 * load * tipRadius) / (4 * reduced));
}

export function contactStiffness(load: number, tipRadius: number, reduced: number): number {
  return 2 * contactRadius(load, tipRadius, reduced) * reduced;
}
