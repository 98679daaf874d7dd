/**
 * exp(A) of a small dense matrix (row-major Float64Array, n × n) by scaling and squaring with a Taylor
 * series (Moler & Van Loan 2003, "Nineteen dubious ways to compute the exponential of a matrix", method 3).
 * Used once per parameter set to build the exact propagators of the linear part of the neuron dynamics;
 * never in the time-stepping loop. The matrices here are small (≤ 8) with moderate norms, for which this
 * method is accurate to near machine precision.
 */

export function matrixExponential(a: Float64Array, n: number): Float64Array {
  let norm = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += Math.abs(a[i * n + j]);
    norm = Math.max(norm, row);
  }
  // Scale so that the norm is ≤ 1/2; 24 Taylor terms then leave a remainder below 1e-30.
  // A non-finite norm would ask for infinitely many squarings; the parameter checks keep it finite, this keeps
  // a bug elsewhere from turning into a hang.
  if (!Number.isFinite(norm)) throw new RangeError(`matrix exponential of a matrix with norm ${norm}`);
  const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scale = Math.pow(2, -squarings);
  const x = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) x[k] = a[k] * scale;

  let result = identity(n);
  let term = identity(n);
  for (let k = 1; k <= 24; k++) {
    term = multiply(term, x, n);
    for (let m = 0; m < n * n; m++) term[m] /= k;
    for (let m = 0; m < n * n; m++) result[m] += term[m];
  }
  for (let s = 0; s < squarings; s++) result = multiply(result, result, n);
  return result;
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function multiply(p: Float64Array, q: Float64Array, n: number): Float64Array {
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const pik = p[i * n + k];
      if (pik === 0) continue;
      for (let j = 0; j < n; j++) r[i * n + j] += pik * q[k * n + j];
    }
  }
  return r;
}
