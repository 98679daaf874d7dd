import assert from 'node:assert/strict';
import type { AdExParameters } from '../../../emulator/models/adex';
import { StepInput } from '../../../emulator/models/adexIntegrator';
import { Network, NetworkDescriptionError, type NetworkDescription } from '../../../emulator/network';
import { CURRENT_INPUT } from './helpers';

const cell: AdExParameters = { c_m: 200, g_l: 10, e_l: -70, v_t: -50, delta_t: 2, a: 2, b: 20, tau_w: 100, v_reset: -58, v_spike: 0, t_ref: 1, i_offset: 0 };

function poissonNet(seed: number, n = 20, rows = 40): NetworkDescription {
  const pre: number[] = [], post: number[] = [], weight: number[] = [], receptor: number[] = [];
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) { pre.push(r); post.push(j); weight.push((r * 7 + j * 13) % 64); receptor.push(r % 5 === 4 ? 1 : 0); }
  // Neuron 0 excites neuron 1 strongly.
  pre.push(rows + 0); post.push(1); weight.push(63); receptor.push(0);
  return {
    seed,
    parameterSets: [{ adex: cell, synapse: { ...CURRENT_INPUT, weight_scale_E: 3, weight_scale_I: 3 } }],
    neurons: new Array(n).fill(0),
    sources: Array.from({ length: rows }, () => ({ kind: 'poisson' as const, rate_Hz: 40 })),
    synapses: { pre, post, weight, receptor },
    record: { traces: [{ neuron: 1, variable: 'v' }], sample_ms: 1 },
  };
}

describe('emulator network core', () => {
  it('is deterministic: same seed same bits, another seed other spikes', () => {
    const run = (seed: number) => { const net = new Network(poissonNet(seed)); assert.equal(net.run(300), null); return net; };
    const a = run(11), b = run(11), c = run(12);
    assert.ok(a.spikes().time_ms.length > 20, 'the network is active');
    assert.deepEqual(a.spikes(), b.spikes());
    assert.deepEqual(a.recordedTraces(), b.recordedTraces());
    assert.notDeepEqual(a.spikes().time_ms, c.spikes().time_ms);
  });

  it('gathers the events of the neurons on the adaptive path by look-up as by scanning the fan-outs', () => {
    // Several synapses from one row to one neuron (their order kept), spikes of many rows per step.
    const d = poissonNet(4, 64, 48);
    const syn = d.synapses, more = (a: ArrayLike<number>, ...x: number[]) => [...Array.from(a), ...x];
    const net = new Network({
      ...d,
      sources: d.sources.map(() => ({ kind: 'poisson' as const, rate_Hz: 400 })),
      synapses: { pre: more(syn.pre, 3, 3), post: more(syn.post, 5, 5), weight: more(syn.weight, 17, 29), receptor: more(syn.receptor, 0, 1) },
    });
    const flags = new Uint8Array(64), listed = Int32Array.from([5, 9, 63]);
    for (const i of listed) flags[i] = 1;
    const events = (input: StepInput) => Array.from({ length: input.count }, (_, e) => `${input.target[e]} ${input.offset[e]} ${input.channel[e]} ${input.amount[e]}`);
    let compared = 0;
    for (let step = 0; step < 200; step++) {
      net.advanceStep();
      const scanned = new StepInput(), looked = new StepInput();
      net.gather(flags, scanned, null, 0);
      net.gather(flags, looked, listed, listed.length);
      // Per neuron the same events in the same order (across neurons the order may differ).
      const byNeuron = (list: string[]) => Array.from(listed, (i) => list.filter((x) => x.startsWith(`${i} `)).join('|'));
      assert.deepEqual(byNeuron(events(looked)), byNeuron(events(scanned)));
      assert.equal(looked.count, scanned.count);
      compared += scanned.count;
    }
    assert.ok(compared > 200, `events compared: ${compared}`);
  });

  it('records spikes sorted by time, counts them per neuron, samples traces on their grid', () => {
    const net = new Network(poissonNet(3));
    net.run(200);
    const s = net.spikes();
    for (let k = 1; k < s.time_ms.length; k++) assert.ok(s.time_ms[k] >= s.time_ms[k - 1]);
    const counts = new Array(20).fill(0);
    s.neuron.forEach((n) => counts[n]++);
    assert.deepEqual(Array.from(net.spikeCounts), counts);
    const tr = net.recordedTraces()[0];
    assert.equal(tr.dt_ms, 1);
    assert.equal(tr.values.length, 201);
  });

  it('delivers a neuron spike to its targets after the recurrent delay', () => {
    // A long hold makes each neuron fire once.
    const lif = { ...cell, delta_t: 0, a: 0, b: 0, v_spike: -50, t_ref: 100 };
    const net = new Network({
      seed: 1,
      parameterSets: [{ adex: lif, synapse: { ...CURRENT_INPUT, weight_scale_E: 50 } }],
      neurons: [0, 0],
      sources: [{ kind: 'array', times_ms: [5] }],
      synapses: { pre: [0, 1], post: [0, 1], weight: [63, 63], receptor: [0, 0] },
      recurrentDelay_ms: 2,
    });
    net.run(30);
    const s = net.spikes();
    const first = (n: number) => s.time_ms[s.neuron.indexOf(n)];
    assert.ok(s.neuron.includes(1), 'neuron 1 is driven by neuron 0');
    // Neuron 1 gets the same kick as neuron 0 did, 2 ms after neuron 0's first spike; so its first spike lags that
    // one by the delay plus neuron 0's own latency after the source event.
    const lag = first(1) - first(0);
    assert.ok(Math.abs(lag - (2 + (first(0) - 5))) < 1e-6, `lag ${lag}`);
  });

  it('delivers every source spike once, at its exact time, whatever the order of the sources', () => {
    // Three spike arrays with interleaved, off-grid times onto one silent neuron: its excitatory current must be
    // the closed-form sum of exponentials (τ_syn = 5 ms), on the propagator and on the adaptive path alike.
    const times = [[0.03, 2.71, 2.75], [0.99, 2.72], [0.5, 2.73, 7.77]];
    const weights = [10, 20, 30];
    const run = (adaptive: boolean) => {
      // The adaptive path is forced by a V_lin far below rest (V_T so high that the exponential term is nothing).
      const adex = adaptive ? { ...cell, delta_t: 2, v_t: 100, v_spike: 200 } : { ...cell, delta_t: 0, v_spike: 100 };
      const net = new Network({
        seed: 1,
        parameterSets: [{ adex, synapse: CURRENT_INPUT }],
        neurons: [0],
        sources: times.map((t) => ({ kind: 'array' as const, times_ms: t })),
        synapses: { pre: [0, 1, 2], post: [0, 0, 0], weight: weights, receptor: [0, 0, 0] },
        record: { traces: [{ neuron: 0, variable: 'i_syn_E' }], sample_ms: 0.1 },
        integrator: adaptive ? { linearMargin: 200 } : {},
      });
      net.run(10);
      assert.equal(adaptive ? net.group.fastSteps : net.group.exactSteps, 0, 'the intended path was taken');
      return net.recordedTraces()[0].values;
    };
    const expected = (t: number) => times.reduce((sum, ts, k) => sum + ts.filter((x) => x < t).reduce((a, x) => a + weights[k] * Math.exp(-(t - x) / 5), 0), 0);
    for (const values of [run(false), run(true)]) {
      assert.equal(values.length, 101);
      // 1e-6 pA: the propagator path reads event responses from tables interpolated to ~1e-8 relative.
      values.forEach((x, j) => assert.ok(Math.abs(x - expected(j * 0.1)) < 1e-6, `at ${(j * 0.1).toFixed(1)} ms: ${x} vs ${expected(j * 0.1)}`));
    }
  });

  it('rejects a bad description with every problem named', () => {
    const d = poissonNet(1, 2, 2);
    d.synapses = { pre: [0, 9], post: [0, 5], weight: [64, 1], receptor: [0, 2] };
    try {
      new Network(d);
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof NetworkDescriptionError);
      const names = e.problems.map((p) => p.parameter);
      assert.deepEqual(names, ['synapses[0].weight', 'synapses[1].pre', 'synapses[1].post', 'synapses[1].receptor']);
    }
  });

  it('short-term depression on a source weakens its later events', () => {
    const lif = { ...cell, delta_t: 0, a: 0, b: 0, v_spike: 100, t_ref: 0 };
    const peakOf = (withStp: boolean) => {
      const net = new Network({
        seed: 1,
        parameterSets: [{ adex: lif, synapse: CURRENT_INPUT }],
        neurons: [0],
        sources: [{ kind: 'array', times_ms: [1, 3, 5, 7, 9] }],
        synapses: { pre: [0], post: [0], weight: [60], receptor: [0] },
        stp: withStp ? [[0, { mode: 'depressing', utilization: 7, recovery: 0 }]] : [],
        record: { traces: [{ neuron: 0, variable: 'i_syn_E' }], sample_ms: 0.1 },
      });
      net.run(12);
      return Math.max(...net.recordedTraces()[0].values);
    };
    assert.ok(peakOf(true) < 0.7 * peakOf(false));
  });

  it('correlation sensors see pre-before-post pairings of the running network', () => {
    const lif = { ...cell, delta_t: 0, a: 0, b: 0, v_spike: -50, t_ref: 100 };
    const net = new Network({
      seed: 1,
      parameterSets: [{ adex: lif, synapse: { ...CURRENT_INPUT, weight_scale_E: 50 } }],
      neurons: [0],
      sources: [{ kind: 'array', times_ms: [5] }, { kind: 'array', times_ms: [8] }],
      synapses: { pre: [0, 1], post: [0, 0], weight: [63, 0], receptor: [0, 0] },
      correlation: { tau_plus_ms: 5, tau_minus_ms: 5, eta_plus: 20, eta_minus: 20, baseline: 200 },
    });
    net.run(50);
    const c = net.correlation!;
    const posts = net.spikes().time_ms;
    assert.ok(posts.length === 1 && posts[0] > 5 && posts[0] < 8, `post spikes ${posts}`);
    assert.ok(c.read(0).causal < 200 && c.read(0).acausal === 200, 'source 0 fired before the spikes');
    // Nearest-neighbour: every post spike pairs with the one pre spike at 5 ms.
    const expected = posts.reduce((sum, t) => sum + 20 * Math.exp(-(t - 5) / 5), 0);
    assert.ok(Math.abs(c.causal[0] - expected) < 1e-9);
    assert.ok(c.read(1).acausal < 200 && c.read(1).causal === 200, 'source 1 fired after it');
    assert.ok(Math.abs(c.acausal[1] - 20 * Math.exp(-(8 - posts[0]) / 5)) < 1e-9);
  });
});
