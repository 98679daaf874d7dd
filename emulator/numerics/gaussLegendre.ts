/**
 * Gauss–Legendre quadrature: the n nodes on [-1, 1] (roots of the Legendre polynomial P_n) and their weights,
 * exact for polynomials of degree 2n - 1. The AdEx upswing's tail integrates the time to V_spike with it.
 */
export interface Quadrature {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** Newton's method on P_n from the classic starting guesses cos(π (k - 1/4) / (n + 1/2)) (Abramowitz & Stegun 22.16.6). */
export function gaussLegendre(n: number): Quadrature {
  const nodes = new Float64Array(n), weights = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let x = Math.cos((Math.PI * (k + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      // P_n(x) and P_n'(x) by the three-term recurrence.
      let p0 = 1, p1 = x;
      for (let m = 2; m <= n; m++) {
        const p2 = ((2 * m - 1) * x * p1 - (m - 1) * p0) / m;
        p0 = p1; p1 = p2;
      }
      derivative = (n * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[k] = x;
    weights[k] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return { nodes, weights };
}
