/** Small statistics for repeated measurements on a shared, noisy machine. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

export const min = (xs: readonly number[]): number => (xs.length === 0 ? NaN : Math.min(...xs));

/**
 * Least-squares fit y ≈ c·x through the origin (wall time proportional to work), with R² about the mean and the
 * largest relative deviation of a point from the fit.
 */
export function proportionalFit(x: readonly number[], y: readonly number[]): { slope: number; r2: number; maxRelativeDeviation: number } {
  let sxy = 0, sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += x[i] * y[i];
    sxx += x[i] * x[i];
  }
  const slope = sxy / sxx;
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let ssRes = 0, ssTot = 0, worst = 0;
  for (let i = 0; i < x.length; i++) {
    const fit = slope * x[i];
    ssRes += (y[i] - fit) ** 2;
    ssTot += (y[i] - mean) ** 2;
    worst = Math.max(worst, Math.abs(y[i] - fit) / fit);
  }
  return { slope, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1, maxRelativeDeviation: worst };
}

/** Measures `work` `repeat` times: wall and CPU time of this process, ms. */
export function timeRepeated(repeat: number, work: () => void): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    work();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

/**
 * Least-squares fit y ≈ α·u + β·v (two regressors, no intercept), e.g. wall = seconds·(α + β·neurons): a cost
 * per biological second that does not depend on the size (the step loop, the input queue) plus one per
 * neuron-second. Returns α, β, R² about the mean and the largest relative deviation of a point from the fit.
 */
export function twoTermFit(u: readonly number[], v: readonly number[], y: readonly number[]): { alpha: number; beta: number; r2: number; maxRelativeDeviation: number } {
  let suu = 0, svv = 0, suv = 0, suy = 0, svy = 0;
  for (let i = 0; i < y.length; i++) {
    suu += u[i] * u[i];
    svv += v[i] * v[i];
    suv += u[i] * v[i];
    suy += u[i] * y[i];
    svy += v[i] * y[i];
  }
  const det = suu * svv - suv * suv;
  const alpha = (suy * svv - svy * suv) / det;
  const beta = (svy * suu - suy * suv) / det;
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let ssRes = 0, ssTot = 0, worst = 0;
  for (let i = 0; i < y.length; i++) {
    const fit = alpha * u[i] + beta * v[i];
    ssRes += (y[i] - fit) ** 2;
    ssTot += (y[i] - mean) ** 2;
    worst = Math.max(worst, Math.abs(y[i] - fit) / fit);
  }
  return { alpha, beta, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1, maxRelativeDeviation: worst };
}
