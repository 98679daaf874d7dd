/**
 * The analytic response of a discretised passive cable (a chain of compartments), computed here independently of
 * the emulator's integrator: an eigen-decomposition of the symmetric coupling matrix, then one closed form per mode.
 */

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: values and column eigenvectors. */
export function jacobi(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => r.slice());
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p][q]) < 1e-300) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k][p], mkq = m[k][q];
          m[k][p] = c * mkp - s * mkq; m[k][q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p][k], mqk = m[q][k];
          m[p][k] = c * mpk - s * mqk; m[q][k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq; v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: m.map((r, i) => r[i]), vectors: v };
}

/**
 * The discretised cable's response to an exponential current q e^{-(t - t0)/τ} into compartment `j` (Koch 1999
 * ch. 3): C u' = -(G + L) u + I e_j, u = V - E_L. With S = C^{-1/2}(G + L)C^{-1/2} = Φ Λ Φᵀ each mode obeys
 * x' = -λ x + b e^{-s/τ}, x = b (e^{-s/τ} - e^{-λ s})/(λ - 1/τ).
 */
export function cableResponse(c: number[], gl: number[], g: number[], j: number, q: number, tau: number): (i: number, s: number) => number {
  const n = c.length;
  const k = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) k[i][i] += gl[i];
  g.forEach((gi, i) => { k[i][i] += gi; k[i + 1][i + 1] += gi; k[i][i + 1] -= gi; k[i + 1][i] -= gi; });
  const sym = k.map((row, a) => row.map((x, b) => x / Math.sqrt(c[a] * c[b])));
  const { values, vectors } = jacobi(sym);
  return (i, s) => {
    if (s <= 0) return 0;
    let u = 0;
    for (let m = 0; m < n; m++) {
      const lam = values[m];
      const weight = (vectors[i][m] * vectors[j][m] * q) / Math.sqrt(c[i] * c[j]);
      u += (weight * (Math.exp(-s / tau) - Math.exp(-lam * s))) / (lam - 1 / tau);
    }
    return u;
  };
}
