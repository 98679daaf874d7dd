/**
 * Multi-compartment neurons in the emulator core (emulator/models/compartmentalNeuron.ts) and through the
 * emulator session. References are computed here, independently of the integrator: the passive cable by an
 * eigendecomposition of the symmetrised compartmental system (Jacobi rotations), the steady state by Gaussian
 * elimination, the AdEx limit by the existing single-neuron integrator.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChipConfiguration } from '../../../common/chip/configuration';
import { validateRunResults } from '../../../common/results';
import type { AdExParameters } from '../../../emulator/models/adex';
import type { NeuronParameters } from '../../../emulator/models/adexIntegrator';
import type { CompartmentalNeuronDescription } from '../../../emulator/models/compartmentalNeuron';
import { Network, NetworkDescriptionError, type NetworkDescription } from '../../../emulator/network';
import { EmulatorSession, SessionError } from '../../../emulator/session';
import { analyzeDocument } from '../../../server/analysis';
import { cableResponse } from './cableReference';
import { CURRENT_INPUT, NAUD, singleNeuron } from './helpers';

const PASSIVE_SOMA_LIMIT: Partial<AdExParameters> = { v_t: 0, delta_t: 0, a: 0, b: 0, v_reset: -65, v_spike: 500, t_ref: 0 };

/** One circuit's parameters: a leaky membrane (tau_m = c_m / g_l) with the AdEx fields the comparator may use. */
function circuit(c_m: number, g_l: number, e_l: number, extra: Partial<AdExParameters> = {}, tau_syn = 5, weightScale = 10): NeuronParameters {
  return {
    adex: { c_m, g_l, e_l, v_t: -50, delta_t: 0, a: 0, b: 0, tau_w: 100, v_reset: e_l, v_spike: 0, t_ref: 0, i_offset: 0, ...extra },
    synapse: { ...CURRENT_INPUT, tau_syn_E: tau_syn, tau_syn_I: tau_syn, weight_scale_E: weightScale, weight_scale_I: weightScale },
  };
}

/**
 * A network of one chain neuron: compartment k is circuit k (parameter set k), neighbours coupled by g[k] nS;
 * compartment 0 is the output with a comparator.
 */
function chain(sets: NeuronParameters[], g: number[], extra: Partial<NetworkDescription> = {}, comparators: number[][] = []): Network {
  const neuron: CompartmentalNeuronDescription = {
    label: 'cable[0]',
    compartments: sets.map((_, k) => ({ name: `c${k}`, circuits: [k], comparators: comparators[k] ?? (k === 0 ? [0] : []) })),
    couplings: g.map((conductance_nS, k) => ({ a: k, b: k + 1, conductance_nS })),
    output: 0,
  };
  return new Network({
    seed: 1, parameterSets: sets, neurons: sets.map((_, k) => k), sources: [], synapses: { pre: [], post: [], weight: [], receptor: [] },
    compartmentNeurons: [neuron], ...extra,
  });
}

/** Peak of a sampled trace, refined by the parabola through the largest sample and its neighbours. */
function samplePeak(values: number[], dt: number, base: number): { time: number; height: number } {
  let k = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[k]) k = i;
  const y0 = values[k - 1] - base, y1 = values[k] - base, y2 = values[k + 1] - base;
  const d = (y0 - y2) / (2 * (y0 - 2 * y1 + y2));
  return { time: (k + d) * dt, height: y1 - 0.25 * (y0 - y2) * d };
}

function finePeak(f: (s: number) => number, until: number): { time: number; height: number } {
  let best = { time: 0, height: -Infinity };
  for (let s = 0; s <= until; s += 1e-3) { const v = f(s); if (v > best.height) best = { time: s, height: v }; }
  return best;
}

describe('multi-compartment neurons: passive cable', function () {
  this.timeout(60000);
  const N = 5, C = [100, 100, 100, 100, 100], GL = [5, 5, 5, 5, 5], EL = -65;
  const tEvent = 2.037, weight = 50, scale = 10, tauSyn = 5;

  for (const [what, g] of [['g = 20 nS (τ_icc = 5 ms)', 20], ['stiff, g = 1000 nS (τ_icc = 0.1 ms)', 1000]] as const) {
    it(`an exponential PSC into one end gives the discretised cable's PSP in every compartment, ${what}`, () => {
      const couplings = new Array(N - 1).fill(g);
      const sets = C.map((c, k) => circuit(c, GL[k], EL, k === 0 ? PASSIVE_SOMA_LIMIT : {}, tauSyn, scale));
      const duration = 80;
      const net = chain(sets, couplings, {
        sources: [{ kind: 'array', times_ms: [tEvent] }],
        synapses: { pre: [0], post: [N - 1], weight: [weight], receptor: [0] },
        record: { traces: C.map((_, k) => ({ neuron: k, variable: 'v' as const })), sample_ms: 0.1 },
      });
      assert.equal(net.run(duration), null);
      const response = cableResponse(C, GL, couplings, N - 1, weight * scale, tauSyn);
      const traces = net.recordedTraces();
      let worst = 0;
      const peaks: string[] = [];
      for (let i = 0; i < N; i++) {
        traces[i].values.forEach((v, s) => { worst = Math.max(worst, Math.abs(v - EL - response(i, s * 0.1 - tEvent))); });
        const sim = samplePeak(traces[i].values, 0.1, EL);
        const ref = finePeak((s) => response(i, s), duration - tEvent);
        peaks.push(`c${i} ${ref.height.toFixed(3)} mV @ ${ref.time.toFixed(3)} ms (emulated ${sim.height.toFixed(3)} @ ${(sim.time - tEvent).toFixed(3)})`);
        assert.ok(Math.abs(sim.height / ref.height - 1) < 0.01, `peak height of c${i}: ${sim.height} vs ${ref.height}`);
        assert.ok(Math.abs(sim.time - tEvent - ref.time) < 0.1, `peak time of c${i}: ${sim.time - tEvent} vs ${ref.time}`);
      }
      console.log(`      max |V - V_ref| = ${worst.toExponential(2)} mV; ${peaks.join('; ')}`);
      assert.ok(worst < 0.1, `max deviation ${worst} mV`);
      // The kick tables' linear interpolation is the only approximation: (h/64)² λ²/8 of the kick's response.
      assert.ok(worst < 1e-4, `the propagator path is exact up to the kick tables: ${worst} mV`);
      // Attenuation and delay along the chain: the peak shrinks and comes later towards the far end.
      const heights = traces.map((t) => samplePeak(t.values, 0.1, EL).height);
      for (let i = 0; i + 1 < N; i++) assert.ok(heights[i] < heights[i + 1], 'attenuation towards compartment 0');
      assert.equal(net.spikes().neuron.length, 0);
      assert.ok(net.compartments!.fastSteps > 0 && net.compartments!.exactSteps === 0, 'all on the propagator path');
    });
  }

  it('steady state: a DC current into one end settles at the solution of the linear system', () => {
    const g = [30, 10, 50, 20];
    const c = [100, 50, 200, 80, 120], gl = [5, 2, 10, 4, 6], el = [-65, -70, -60, -65, -68];
    const sets = c.map((cm, k) => circuit(cm, gl[k], el[k], k === 0 ? PASSIVE_SOMA_LIMIT : {}));
    const I = 120;
    const net = chain(sets, g, {
      stepCurrents: [{ neuron: N - 1, times_ms: [1.23], amplitudes_pA: [I] }],
      record: { traces: c.map((_, k) => ({ neuron: k, variable: 'v' as const })), sample_ms: 0.1 },
    });
    assert.equal(net.run(600), null);
    // (G + L) V = G E_L + I e_j by Gaussian elimination.
    const n = c.length;
    const a = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (j === i ? gl[i] : j === n ? gl[i] * el[i] + (i === n - 1 ? I : 0) : 0)));
    g.forEach((gi, i) => { a[i][i] += gi; a[i + 1][i + 1] += gi; a[i][i + 1] -= gi; a[i + 1][i] -= gi; });
    for (let p = 0; p < n; p++) for (let r = p + 1; r < n; r++) { const f = a[r][p] / a[p][p]; for (let k = p; k <= n; k++) a[r][k] -= f * a[p][k]; }
    const v = new Array<number>(n);
    for (let r = n - 1; r >= 0; r--) { let s = a[r][n]; for (let k = r + 1; k < n; k++) s -= a[r][k] * v[k]; v[r] = s / a[r][r]; }
    const end = net.recordedTraces().map((t) => t.values[t.values.length - 1]);
    const worst = Math.max(...end.map((x, i) => Math.abs(x - v[i])));
    console.log(`      steady state ${v.map((x) => x.toFixed(3)).join(', ')} mV; max error ${worst.toExponential(2)} mV`);
    assert.ok(worst < 1e-6, `max error ${worst}`);
    // The current was switched on off the grid: that step is the adaptive path's, the others the propagator's.
    assert.ok(net.compartments!.exactSteps >= 1);
  });
});

describe('multi-compartment neurons: AdEx compartments', function () {
  this.timeout(60000);

  it('a compartment of two circuits takes events on either circuit\'s synapses, each with its circuit\'s weight scale', () => {
    const traceOf = (post: number, scales: [number, number]) => {
      const sets = [circuit(100, 5, -65, PASSIVE_SOMA_LIMIT, 5, scales[0]), circuit(100, 5, -65, {}, 5, scales[1]), circuit(100, 5, -65)];
      const net = new Network({
        seed: 1, parameterSets: sets, neurons: [0, 1, 2], sources: [{ kind: 'array', times_ms: [3.33] }],
        synapses: { pre: [0], post: [post], weight: [40], receptor: [0] },
        compartmentNeurons: [{ label: 'n[0]', compartments: [{ name: 'soma', circuits: [0, 1], comparators: [0] }, { name: 'dend', circuits: [2], comparators: [] }], couplings: [{ a: 0, b: 1, conductance_nS: 10 }], output: 0 }],
        record: { traces: [{ neuron: 0, variable: 'v' }, { neuron: 1, variable: 'v' }, { neuron: 1, variable: 'i_syn_E' }], sample_ms: 0.1 },
      });
      assert.equal(net.run(40), null);
      return net.recordedTraces().map((t) => t.values);
    };
    const [onFirst, , currentFirst] = traceOf(0, [10, 10]);
    const [onSecond, sameMembrane] = traceOf(1, [10, 10]);
    assert.deepEqual(onFirst, onSecond, 'the same PSP whichever circuit the synapse sits on');
    assert.deepEqual(onSecond, sameMembrane, 'both circuits show the one membrane');
    // Sampled 0.07 ms after the event; the kick table's interpolation leaves ~5e-6 pA.
    assert.ok(Math.abs(Math.max(...currentFirst) - 400 * Math.exp(-0.07 / 5)) < 1e-4, `the compartment's input current shows on every circuit: ${Math.max(...currentFirst)}`);
    const [scaled] = traceOf(1, [10, 20]);
    const peak = (v: number[]) => Math.max(...v) + 65;
    assert.ok(Math.abs(peak(scaled) / peak(onFirst) - 2) < 1e-9, 'the second circuit\'s weight scale doubles the PSP');
  });

  it('with g_icc = 0 the soma (two circuits) fires exactly as a single AdEx neuron', () => {
    const tonic = NAUD.tonic.adex;
    const { c_m, g_l, ...dynamics } = tonic;
    const half = (extra: Partial<AdExParameters>) => circuit(c_m / 2, g_l / 2, tonic.e_l, extra);
    const sets = [half(dynamics), half({}), circuit(100, 5, -65)];
    const neuron: CompartmentalNeuronDescription = {
      label: 'two[0]',
      compartments: [{ name: 'soma', circuits: [0, 1], comparators: [0] }, { name: 'dend', circuits: [2], comparators: [] }],
      couplings: [{ a: 0, b: 1, conductance_nS: 0 }],
      output: 0,
    };
    // The current enters the soma's second circuit: the compartment sums its circuits' stimuli.
    const stepCurrents = [{ neuron: 1, times_ms: [10], amplitudes_pA: [NAUD.tonic.current_pA] }];
    const net = new Network({
      seed: 1, parameterSets: sets, neurons: [0, 1, 2], sources: [], synapses: { pre: [], post: [], weight: [], receptor: [] },
      compartmentNeurons: [neuron], stepCurrents,
    });
    assert.equal(net.run(300), null);
    const single = singleNeuron(tonic, { stepCurrents: [{ neuron: 0, times_ms: [10], amplitudes_pA: [NAUD.tonic.current_pA] }] });
    assert.equal(single.run(300), null);
    const a = net.spikes(), b = single.spikes();
    assert.ok(b.time_ms.length > 20, `${b.time_ms.length} reference spikes`);
    assert.equal(a.time_ms.length, b.time_ms.length);
    assert.ok(a.neuron.every((n) => n === 0), 'spikes come from the comparator circuit');
    const worst = Math.max(...a.time_ms.map((t, k) => Math.abs(t - b.time_ms[k])));
    console.log(`      ${a.time_ms.length} spikes, max |Δt| vs the single-neuron integrator ${worst.toExponential(2)} ms`);
    assert.ok(worst < 1e-3, `max spike-time difference ${worst} ms`);
  });

  it('a strong coupling behaves as one merged compartment, converging as 1/g', () => {
    const lif: Partial<AdExParameters> = { delta_t: 0, v_spike: -50, v_reset: -65, t_ref: 2, a: 2, b: 30, tau_w: 100 };
    const merged = singleNeuron({ ...circuit(200, 10, -70, lif).adex }, { stepCurrents: [{ neuron: 0, times_ms: [10], amplitudes_pA: [300] }] });
    assert.equal(merged.run(300), null);
    const b = merged.spikes().time_ms;
    assert.ok(b.length > 5);
    const gaps: number[] = [];
    // τ_icc = C / g = 10, 1 and 0.1 µs: far stiffer than the chip's 0.1 ms, where the soma lags the dendrite by I/g.
    for (const g of [1e4, 1e5, 1e6]) {
      const sets = [circuit(100, 5, -70, lif), circuit(100, 5, -70)];
      // The current enters the dendrite; the soma's comparator sees it through the coupling.
      const net = chain(sets, [g], { stepCurrents: [{ neuron: 1, times_ms: [10], amplitudes_pA: [300] }] });
      assert.equal(net.run(300), null);
      const a = net.spikes().time_ms;
      assert.equal(a.length, b.length);
      gaps.push(Math.max(...a.map((t, k) => Math.abs(t - b[k]))));
    }
    console.log(`      ${b.length} spikes, max |Δt| vs the merged neuron for g = 10, 100, 1000 µS: ${gaps.map((x) => x.toExponential(2)).join(', ')} ms`);
    assert.ok(gaps[1] < gaps[0] / 5 && gaps[2] < gaps[1] / 5, 'the difference falls as 1/g');
    assert.ok(gaps[2] < 5e-3, `max spike-time difference ${gaps[2]} ms`);
  });
});

/**
 * A soma (AdEx, 200 pF, 20 ms, V_T -50 mV, Δ_T 2 mV, V_spike -40 mV) and a plateau dendrite (100 pF, 20 ms,
 * threshold -50 mV, plateau -30 mV for 40 ms) coupled by 5 nS (τ_icc = 20 ms), one input each (weight 63 × 10 pA,
 * τ_syn 5 ms): the parameters of examples/dendritic_coincidence.bss2.
 */
function coincidenceNeuron(somaTimes: number[], dendriteTimes: number[]): Network {
  const soma = circuit(200, 10, -65, { v_t: -50, delta_t: 2, v_spike: -40, v_reset: -65, t_ref: 2 });
  const dendrite = circuit(100, 5, -65, { delta_t: 0, v_spike: -50, v_reset: -30, t_ref: 40 });
  return new Network({
    seed: 1, parameterSets: [soma, dendrite], neurons: [0, 1],
    sources: [{ kind: 'array', times_ms: somaTimes }, { kind: 'array', times_ms: dendriteTimes }],
    synapses: { pre: [0, 1], post: [0, 1], weight: [63, 63], receptor: [0, 0] },
    compartmentNeurons: [{
      label: 'pyr[0]',
      compartments: [{ name: 'soma', circuits: [0], comparators: [0] }, { name: 'tuft', circuits: [1], comparators: [1], eventOutput: false }],
      couplings: [{ a: 0, b: 1, conductance_nS: 5 }],
      output: 0,
    }],
    record: { traces: [{ neuron: 0, variable: 'v' }, { neuron: 1, variable: 'v' }], sample_ms: 0.1 },
  });
}

describe('multi-compartment neurons: plateaus and coincidence detection', function () {
  this.timeout(60000);

  it('a dendritic input through the plateau threshold holds the dendrite at the plateau potential for its duration, without a spike', () => {
    const net = coincidenceNeuron([], [20.03]);
    let plateauStart = -1;
    for (let s = 0; s < 1200 && net.error === null; s++) {
      net.advanceStep();
      if (plateauStart < 0 && net.group.refractoryEnd[1] > net.time) plateauStart = net.group.refractoryEnd[1] - 40;
      if (plateauStart >= 0 && net.time < plateauStart + 40) assert.ok(net.group.refractoryEnd[1] > net.time, 'the plateau circuit is refractory while held');
    }
    assert.equal(net.error, null);
    const tuft = net.recordedTraces()[1].values;
    const held = tuft.map((v, k) => [v, k * 0.1] as const).filter(([v]) => v === -30).map(([, t]) => t);
    assert.ok(plateauStart > 20.03 && plateauStart < 30, `the crossing follows the input: ${plateauStart} ms`);
    // Samples at the plateau potential: a contiguous run from the crossing to crossing + 40 ms (within one step).
    assert.ok(Math.abs(held[0] - plateauStart) <= 0.1 && Math.abs(held[held.length - 1] - (plateauStart + 40)) <= 0.1, `held ${held[0]}..${held[held.length - 1]} ms`);
    assert.equal(held.length, Math.round((held[held.length - 1] - held[0]) / 0.1) + 1, 'held without a break');
    const before = tuft[Math.floor(plateauStart / 0.1)];
    assert.ok(before < -50 && before > -52, 'below the plateau threshold just before the crossing');
    const after = tuft[Math.round((plateauStart + 40) / 0.1) + 5];
    assert.ok(after < -30 && after > -50, `released and decaying afterwards: ${after} mV`);
    assert.equal(net.spikes().neuron.length, 0, 'a plateau sends no event and the soma stays below threshold');
  });

  it('coincidence detection: a somatic input during the dendritic plateau makes the soma fire, either alone does not', () => {
    const spikesOf = (soma: number[], dendrite: number[]) => {
      const net = coincidenceNeuron(soma, dendrite);
      assert.equal(net.run(150), null);
      return net.spikes();
    };
    const both = spikesOf([35], [20]);
    assert.equal(both.time_ms.length, 1, 'one spike');
    assert.equal(both.neuron[0], 0, 'from the soma circuit');
    assert.ok(both.time_ms[0] > 35 && both.time_ms[0] < 55, `spike at ${both.time_ms[0]} ms`);
    assert.equal(spikesOf([], [20]).time_ms.length, 0, 'the dendrite alone');
    assert.equal(spikesOf([35], []).time_ms.length, 0, 'the soma alone');
    assert.equal(spikesOf([10], [20]).time_ms.length, 0, 'somatic input before the plateau');
    assert.equal(spikesOf([110], [20]).time_ms.length, 0, 'somatic input long after the plateau');
    assert.equal(spikesOf([35, 58], [20]).time_ms.length, 2, 'each coincident somatic input');
  });

  it('is deterministic: same description, same bits', () => {
    const a = coincidenceNeuron([25, 50, 51.37], [20, 71.3]), b = coincidenceNeuron([25, 50, 51.37], [20, 71.3]);
    assert.equal(a.run(150), null);
    assert.equal(b.run(150), null);
    assert.deepEqual(a.spikes(), b.spikes());
    assert.deepEqual(a.recordedTraces(), b.recordedTraces());
  });

  it('a runaway names the neuron, the compartment and the time', () => {
    const soma = circuit(200, 10, -65, { v_t: -50, delta_t: 2, v_spike: 500, v_reset: -65, t_ref: 2 });
    const net = new Network({
      seed: 1, parameterSets: [soma, circuit(100, 5, -65)], neurons: [0, 1], sources: [], synapses: { pre: [], post: [], weight: [], receptor: [] },
      stepCurrents: [{ neuron: 1, times_ms: [5], amplitudes_pA: [5e4] }],
      compartmentNeurons: [{ label: 'pyr[3]', compartments: [{ name: 'soma', circuits: [0], comparators: [0] }, { name: 'apical', circuits: [1], comparators: [] }], couplings: [{ a: 0, b: 1, conductance_nS: 1 }], output: 0 }],
    });
    const error = net.run(100);
    assert.ok(error, 'stops');
    assert.match(error.message, /pyr\[3\], compartment '(soma|apical)', ran away at t = \d+\.\d+ ms/);
    assert.ok(error.time_ms > 5 && error.time_ms < 100);
    assert.ok(error.neuron === 0 || error.neuron === 1);
  });

  it('refuses descriptions it cannot run, naming the neuron and compartment', () => {
    const base = () => ({
      seed: 1, parameterSets: [circuit(100, 5, -65, { v_spike: -50 }), circuit(100, 5, -65)], neurons: [0, 1], sources: [],
      synapses: { pre: [], post: [], weight: [], receptor: [] },
    });
    const attempt = (compartmentNeurons: CompartmentalNeuronDescription[], sets?: NeuronParameters[]) => {
      try {
        new Network({ ...base(), ...(sets ? { parameterSets: sets } : {}), compartmentNeurons });
      } catch (error) {
        assert.ok(error instanceof NetworkDescriptionError);
        return error.message;
      }
      return 'accepted';
    };
    const ok: CompartmentalNeuronDescription = { label: 'n[0]', compartments: [{ name: 'soma', circuits: [0], comparators: [0] }, { name: 'dend', circuits: [1], comparators: [] }], couplings: [{ a: 0, b: 1, conductance_nS: 5 }], output: 0 };
    assert.equal(attempt([ok]), 'accepted');
    assert.match(attempt([{ ...ok, compartments: [{ name: 'soma', circuits: [0, 1], comparators: [0, 1] }] }]), /\(n\[0\]\), compartment 'soma'.*circuits 0, 1 all have their comparator on/);
    assert.match(attempt([{ ...ok, output: 1 }]), /output compartment 'dend' has no spike comparator/);
    assert.match(attempt([{ ...ok, couplings: [{ a: 0, b: 0, conductance_nS: 5 }] }]), /couplings\[0\].*two different compartments/);
    assert.match(attempt([{ ...ok, couplings: [{ a: 0, b: 1, conductance_nS: -1 }] }]), /conductance must be a finite number ≥ 0 nS/);
    assert.match(attempt([ok, { ...ok, label: 'n[1]' }]), /circuit 0 already belongs to compartmentNeurons\[0\] \(n\[0\]\), compartment 'soma'/);
    const cond: NeuronParameters = { ...circuit(100, 5, -65), synapse: { kind: 'conductance', tau_syn_E: 5, tau_syn_I: 5, weight_scale_E: 1, weight_scale_I: 1, e_rev_E: 0, e_rev_I: -80 } };
    assert.match(attempt([ok], [circuit(100, 5, -65, { v_spike: -50 }), cond]), /compartment 'dend'.*conductance-based synaptic input is not emulated/);
    assert.match(attempt([{ ...ok, compartments: [{ name: 'soma', circuits: [0, 1], comparators: [0] }] }], [circuit(100, 5, -65, { v_spike: -50 }), circuit(100, 5, -65, {}, 3)]), /different tau_syn_E/);
  });
});

describe('multi-compartment neurons through the emulator session', function () {
  this.timeout(60000);
  const root = join(__dirname, '..', '..', '..');

  /** examples/adaptation.bss2 with a passive dendrite circuit next to the cell's soma, coupled by 10 nS. */
  function withDendrite(change: (config: ChipConfiguration) => void = () => {}): ChipConfiguration {
    const analysis = analyzeDocument(readFileSync(join(root, 'examples', 'adaptation.bss2'), 'utf8'), { durationMs: 200 });
    assert.ok(analysis.configuration);
    const config = structuredClone(analysis.configuration);
    const soma = config.neurons[0];
    config.neurons.push({ ...soma, column: soma.column + 1, compartment: 1, thresholdEnabled: false, expSlopeCadc: 0, adaptationANs: 0, adaptationBPa: 0 });
    config.logicalNeurons = [{
      population: soma.population, index: soma.index,
      compartments: [{ name: 'soma', circuits: [0] }, { name: 'dend', circuits: [1] }],
      couplings: [{ a: 0, b: 1, conductanceNs: 10 }],
      output: 0,
    }];
    config.source.populations.find((p) => p.name === soma.population)!.logicalNeurons = [0];
    // The MADC records the soma circuit already; a CADC channel reads the dendrite's circuit.
    config.recording.cadc = [{ hemisphere: soma.hemisphere, column: soma.column + 1, observable: 'v' }];
    change(config);
    return config;
  }

  it('loads a configuration with logical neurons; its traces name their compartment and its spikes are the soma\'s', () => {
    const session = new EmulatorSession();
    const loaded = session.load(withDendrite());
    assert.equal(loaded.neurons, 2);
    assert.equal(session.advance(Infinity, Infinity), 'reached');
    assert.deepEqual(session.chunk().traces.map((t) => t.compartment).sort(), session.results().traces.map((t) => t.compartment).sort(), 'chunks carry the compartment too');
    const results = session.results();
    assert.deepEqual(validateRunResults(results), []);
    const somaV = results.traces.find((t) => t.device === 'madc' && t.variable === 'v');
    const dendV = results.traces.find((t) => t.device === 'cadc');
    assert.ok(somaV && dendV);
    assert.equal(somaV.compartment, 'soma');
    assert.equal(dendV.compartment, 'dend');
    assert.ok(results.traces.every((t) => t.population === 'cell' && t.neuron === 0 && t.compartment !== undefined));
    const every = Math.round(dendV.dt_ms / somaV.dt_ms);
    const gap = Math.max(...dendV.values.map((v, k) => Math.abs(v - somaV.values[k * every])));
    assert.ok(gap > 1, `two membranes: the dendrite lags the soma (up to ${gap.toFixed(2)} mV)`);
    const spikes = results.populations.cell.spikes;
    assert.ok(spikes.time_ms.length > 0 && spikes.time_ms.every((t) => t > 100), `the current step from 100 ms makes the soma fire (${spikes.time_ms.length} spikes)`);
    assert.ok(spikes.neuron.every((n) => n === 0));
    const state = session.readState('cell');
    assert.equal(state.neurons[0].spike_count, spikes.time_ms.length);
  });

  it('refuses a configuration it cannot emulate with a clear message', () => {
    const twoComparators = withDendrite((c) => {
      c.neurons[1].compartment = 0;
      delete c.neurons[1].thresholdEnabled;
      c.logicalNeurons![0].compartments = [{ name: 'soma', circuits: [0, 1] }];
      c.logicalNeurons![0].couplings = [];
    });
    const conductanceBased = withDendrite((c) => { c.neurons[1].model = 'AdExCond'; });
    for (const [config, pattern] of [
      [twoComparators, /cannot be emulated: .*cell\[0\]\), compartment 'soma': circuits 0, 1 all have their comparator on/],
      [conductanceBased, /cannot be emulated: .*compartment 'dend': conductance-based synaptic input is not emulated/],
    ] as const) {
      assert.throws(() => new EmulatorSession().load(config), (error: unknown) => {
        assert.ok(error instanceof SessionError);
        assert.equal(error.kind, 'invalid-configuration');
        assert.match(error.message, pattern);
        return true;
      });
    }
  });
});
