/**
 * The rest of the AdEx upswing as a quadrature (adexIntegrator.ts, `upswingTail`): the Gauss–Legendre rule it uses,
 * and spike times of neurons that start high on the upswing, against the independent RK4 reference.
 */
import assert from 'node:assert/strict';
import { gaussLegendre } from '../../../emulator/numerics/gaussLegendre';
import { referenceAdEx } from './reference/adexReference';
import { maxAbsDifference, singleNeuron } from './helpers';

describe('emulator Gauss–Legendre quadrature', () => {
  it('integrates x^k over [-1, 1] exactly up to k = 2n - 1, and not beyond', () => {
    for (const n of [1, 2, 5, 8]) {
      const { nodes, weights } = gaussLegendre(n);
      const integral = (k: number) => nodes.reduce((sum, x, j) => sum + weights[j] * x ** k, 0);
      for (let k = 0; k < 2 * n; k++) {
        const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
        assert.ok(Math.abs(integral(k) - exact) < 1e-14, `n = ${n}, k = ${k}: ${integral(k)} vs ${exact}`);
      }
      assert.ok(Math.abs(integral(2 * n) - 2 / (2 * n + 1)) > 1e-6, `n = ${n}: degree 2n is not exact`);
    }
  });
});

describe('emulator AdEx upswing from V_T + 5 Δ_T on, as a quadrature', function () {
  this.timeout(60000);
  const cell = { c_m: 200, g_l: 10, e_l: -70, v_t: -50, delta_t: 2, a: 4, b: 40, tau_w: 100, v_reset: -58, v_spike: 0, t_ref: 2, i_offset: 0 };

  for (const [u0, current] of [[5.5, 300], [7, 500], [12, 350]] as const) {
    it(`starting at V_T + ${u0} Δ_T, ${current} pA: the first spike without an RK step, on time, and the spikes after it`, () => {
      const adex = { ...cell, i_offset: current, v_init: cell.v_t + u0 * cell.delta_t };
      const net = singleNeuron(adex);
      assert.equal(net.run(0.2), null);
      assert.equal(net.spikes().time_ms.length, 1, 'the first spike falls in the first steps');
      assert.equal(net.group.rkSteps, 0, 'the upswing took no RK step');
      assert.equal(net.run(300), null);
      const got = net.spikes().time_ms;
      const ref = referenceAdEx({ ...cell, i_offset: current }, () => 0, [], 300, { v0: adex.v_init }).spikes;
      assert.ok(ref.length >= 4, `the reference fires repeatedly (${ref.length})`);
      assert.equal(got.length, ref.length, 'the same number of spikes');
      // Measured: the first spike 4e-14 .. 1e-8 ms from the reference (whose own error is ~5e-7 ms).
      assert.ok(Math.abs(got[0] - ref[0]) < 2e-6, `first spike ${got[0]} vs ${ref[0]} ms`);
      // w at the spike comes from the same quadrature: a wrong w moves every later spike (measured 3e-6 .. 1.4e-5 ms;
      // without the closed-form ln z part of w, 5.5e-4 ms).
      assert.ok(maxAbsDifference(got, ref) < 5e-5, `max spike-time error ${maxAbsDifference(got, ref)} ms`);
    });
  }
});
