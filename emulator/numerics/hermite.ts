/**
 * Threshold-crossing location inside an integration step: the cubic Hermite interpolant through the step's end
 * values and slopes (the dense output both AdEx integrators have for free), and the first point where it reaches
 * a level. The single-neuron and the compartmental integrators time a spike within a step with it.
 */

/** θ in [0, 1] where the cubic Hermite interpolant (p0, m0·h, p1, m1·h) first reaches `level` (bisection). */
export function hermiteRoot(p0: number, m0: number, p1: number, m1: number, level: number): number {
  let lo = 0, hi = 1;
  // The interpolant may overshoot; find the first sign change on a coarse grid, then bisect.
  for (let g = 1; g <= 16; g++) {
    const s = g / 16;
    if (hermiteValue(p0, m0, p1, m1, s) >= level) { hi = s; lo = (g - 1) / 16; break; }
  }
  for (let it = 0; it < 48; it++) {
    const mid = 0.5 * (lo + hi);
    if (hermiteValue(p0, m0, p1, m1, mid) >= level) hi = mid; else lo = mid;
  }
  return hi;
}

export function hermiteValue(p0: number, m0: number, p1: number, m1: number, s: number): number {
  const s2 = s * s, s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * m1;
}
