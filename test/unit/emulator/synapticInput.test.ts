import assert from 'node:assert/strict';
import type { AdExParameters } from '../../../emulator/models/adex';
import { CURRENT_INPUT, singleNeuron } from './helpers';

const lif: AdExParameters = { c_m: 200, g_l: 10, e_l: -70, v_t: -50, delta_t: 0, a: 0, b: 0, tau_w: 100, v_reset: -65, v_spike: -20, t_ref: 0, i_offset: 0 };

describe('emulator synaptic input and subthreshold response against closed forms', () => {
  it('leaky integration of a step current matches V(t) = E_L + R I (1 - exp(-(t - t0)/τ_m)) within 1e-6 mV', () => {
    const I = 150, onset = 2.35; // off-grid onset
    const net = singleNeuron(lif, { stepCurrents: [{ neuron: 0, times_ms: [onset], amplitudes_pA: [I] }], record: { traces: [{ neuron: 0, variable: 'v' }], sample_ms: 0.1 } });
    net.run(100);
    const tau = lif.c_m / lif.g_l;
    const v = net.recordedTraces()[0].values;
    let worst = 0;
    v.forEach((x, j) => {
      const t = j * 0.1;
      const expected = t < onset ? lif.e_l : lif.e_l + (I / lif.g_l) * (1 - Math.exp(-(t - onset) / tau));
      worst = Math.max(worst, Math.abs(x - expected));
    });
    assert.ok(worst < 1e-6, `worst error ${worst} mV (target 0.1 mV)`);
  });

  for (const nearThreshold of [false, true]) {
    it(`an exponential PSC gives the double-exponential PSP within 1e-4 mV (${nearThreshold ? 'adaptive path near threshold' : 'propagator path'})`, () => {
      const tauS = 5, q = 30 * 5; // 30 LSB × 5 pA per LSB
      const tEvent = 3.037; // off-grid arrival
      // The adaptive path is forced by a V_lin far below rest (V_T high enough that the exponential term is
      // e^-85, i.e. nothing): the same PSP must come out of both paths.
      const adex = nearThreshold ? { ...lif, delta_t: 2, v_t: 100 } : lif;
      const net = singleNeuron(adex, {
        sources: [{ kind: 'array', times_ms: [tEvent] }],
        synapses: { pre: [0], post: [0], weight: [30], receptor: [0] },
        record: { traces: [{ neuron: 0, variable: 'v' }, { neuron: 0, variable: 'i_syn_E' }], sample_ms: 0.1 },
        integrator: nearThreshold ? { linearMargin: 200 } : {},
      }, { ...CURRENT_INPUT, tau_syn_E: tauS, weight_scale_E: 5 });
      net.run(60);
      const tauM = lif.c_m / lif.g_l;
      const [v, iE] = net.recordedTraces();
      let worstV = 0, worstI = 0;
      v.values.forEach((x, j) => {
        const t = j * 0.1 - tEvent;
        const expected = t <= 0 ? lif.e_l : lif.e_l + (q / lif.c_m) * ((tauM * tauS) / (tauS - tauM)) * (Math.exp(-t / tauS) - Math.exp(-t / tauM));
        worstV = Math.max(worstV, Math.abs(x - expected));
        worstI = Math.max(worstI, Math.abs(iE.values[j] - (t <= 0 ? 0 : q * Math.exp(-t / tauS))));
      });
      assert.equal(net.spikes().time_ms.length, 0);
      if (nearThreshold) assert.equal(net.group.fastSteps, 0, 'every step took the adaptive path');
      else assert.equal(net.group.exactSteps, 0, 'every step took the propagator path');
      assert.ok(worstV < 1e-4, `worst V error ${worstV} mV (target 0.1 mV)`);
      assert.ok(worstI < 1e-4, `worst I error ${worstI} pA`);
    });
  }

  it('inhibitory input hyperpolarises and is reported as a negative current', () => {
    const net = singleNeuron(lif, {
      sources: [{ kind: 'array', times_ms: [1] }],
      synapses: { pre: [0], post: [0], weight: [63], receptor: [1] },
      record: { traces: [{ neuron: 0, variable: 'v' }, { neuron: 0, variable: 'i_syn_I' }], sample_ms: 0.1 },
    });
    net.run(10);
    const [v, iI] = net.recordedTraces();
    assert.ok(Math.min(...v.values) < lif.e_l - 0.1);
    assert.ok(Math.min(...iI.values) < -1);
  });

  it('conductance-based input: depolarises below E_rev and does nothing at E_rev', () => {
    const cond = { kind: 'conductance' as const, tau_syn_E: 5, tau_syn_I: 5, weight_scale_E: 0.5, weight_scale_I: 0.5, e_rev_E: 0, e_rev_I: -80 };
    const run = (eRev: number) => {
      const net = singleNeuron(lif, {
        sources: [{ kind: 'array', times_ms: [1] }],
        synapses: { pre: [0], post: [0], weight: [40], receptor: [0] },
        record: { traces: [{ neuron: 0, variable: 'v' }], sample_ms: 0.1 },
      }, { ...cond, e_rev_E: eRev });
      net.run(20);
      return Math.max(...net.recordedTraces()[0].values) - lif.e_l;
    };
    assert.ok(run(0) > 1, 'a 20 nS conductance towards 0 mV depolarises');
    assert.ok(Math.abs(run(lif.e_l)) < 1e-9, 'no current at the reversal potential');
    // Driving force shrinks as V approaches E_rev: a reversal closer to rest gives a smaller PSP.
    assert.ok(run(-50) < run(0));
  });
});
