/**
 * The WebAssembly propagator (emulator/wasm/assembly/adexPropagator.ts) against the JavaScript kernel it replaces:
 * the same networks give the same bits (spike times, every state variable, runaway reports), over networks that
 * take every branch of the kernel: the two-lane path, refractory holds, the adaptive hand-over, the band's sub-steps, the exponential's
 * table, the LIF limit, several parameter sets whose neurons interleave, an odd neuron count, and a runaway.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { AdExParameters } from '../../../emulator/models/adex';
import { Network, type NetworkDescription } from '../../../emulator/network';
import { STATE_CAPACITY, propagatorModule } from '../../../emulator/wasm/adexPropagatorModule';
import { CURRENT_INPUT } from './helpers';

const cell: AdExParameters = { c_m: 200, g_l: 10, e_l: -70, v_t: -50, delta_t: 2, a: 2, b: 20, tau_w: 100, v_reset: -58, v_spike: 0, t_ref: 2, i_offset: 0 };

/** n neurons under Poisson rows; neuron k uses parameter set setOf(k); neuron 0 excites neuron 1 strongly. */
function network(
  kernel: 'wasm' | 'javascript', sets: AdExParameters[], setOf: (k: number) => number, n: number, rows = 48, rate_Hz = 30, scaleI = 3,
  conductanceSets: readonly number[] = [],
): Network {
  const pre: number[] = [], post: number[] = [], weight: number[] = [], receptor: number[] = [];
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) { pre.push(r); post.push(j); weight.push((r * 7 + j * 13) % 64); receptor.push(r % 5 === 4 ? 1 : 0); }
  pre.push(rows); post.push(1); weight.push(63); receptor.push(0);
  const description: NetworkDescription = {
    seed: 5,
    parameterSets: sets.map((adex, k) => ({
      adex,
      synapse: conductanceSets.includes(k)
        ? { kind: 'conductance' as const, tau_syn_E: 5, tau_syn_I: 5, weight_scale_E: 0.2, weight_scale_I: 0.2, e_rev_E: 0, e_rev_I: -80 }
        : { ...CURRENT_INPUT, weight_scale_E: 3, weight_scale_I: scaleI },
    })),
    neurons: Array.from({ length: n }, (_, k) => setOf(k)),
    sources: Array.from({ length: rows }, () => ({ kind: 'poisson' as const, rate_Hz })),
    synapses: { pre, post, weight, receptor },
    integrator: { kernel },
  };
  return new Network(description);
}

/** Every bit of the run: spikes, and each neuron's state at the end. */
function bits(net: Network, duration: number): { error: string | null; spikes: string; state: string } {
  const err = net.run(duration);
  const g = net.group;
  const hex = (a: ArrayLike<number>) => Buffer.from(Float64Array.from(a).buffer).toString('hex');
  const s = net.spikes();
  return {
    error: err === null ? null : err.message,
    spikes: `${s.neuron.join(',')}|${hex(s.time_ms)}`,
    state: [g.v, g.w, g.synE, g.synI].map(hex).join('|'),
  };
}

function sameBits(build: (kernel: 'wasm' | 'javascript') => Network, duration: number): { spikes: number; fast: number; exact: number; band: number } {
  const js = build('javascript'), wasm = build('wasm');
  assert.equal(js.group.kernel, 'javascript');
  assert.equal(wasm.group.kernel, 'wasm');
  const a = bits(js, duration), b = bits(wasm, duration);
  assert.equal(b.error, a.error);
  assert.ok(b.spikes === a.spikes, 'the same spikes, bit for bit');
  assert.ok(b.state === a.state, 'the same state, bit for bit');
  assert.equal(wasm.group.fastSteps, js.group.fastSteps);
  assert.equal(wasm.group.exactSteps, js.group.exactSteps);
  assert.equal(wasm.group.bandSteps, js.group.bandSteps);
  return { spikes: wasm.spikes().time_ms.length, fast: wasm.group.fastSteps, exact: wasm.group.exactSteps, band: wasm.group.bandSteps };
}

describe('emulator WebAssembly propagator', function () {
  this.timeout(120000);

  it('is what Node runs by default: this engine has WebAssembly SIMD', () => {
    assert.notEqual(propagatorModule(), null);
    assert.equal(network('wasm', [cell], () => 0, 4).group.kernel, 'wasm');
  });

  it('a group that fills the state block of the kernel: the same bits; one neuron more takes the JavaScript kernel', () => {
    // The block's arrays lie STATE_STRIDE bytes apart: the last neuron must not reach into the next array.
    const r = sameBits((k) => network(k, [cell], () => 0, STATE_CAPACITY, 2, 400), 40);
    assert.ok(r.spikes > 0 && r.fast > STATE_CAPACITY * 100, `spiking, on the propagator: ${JSON.stringify(r)}`);
    const larger = network('wasm', [cell], () => 0, STATE_CAPACITY + 1, 2, 400);
    assert.equal(larger.group.kernel, 'javascript');
    assert.equal(larger.run(5), null);
  });

  it('the committed binary is the compiled source (npm run build:wasm regenerates it)', () => {
    // Throws (exit code 1, naming the stale module) when the source changed without a rebuild.
    execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' });
  });

  it('one parameter set, an even count of neighbouring neurons: the same bits as JavaScript', () => {
    const r = sameBits((k) => network(k, [cell], () => 0, 64), 400);
    assert.ok(r.spikes > 100 && r.exact > 1000 && r.fast > 100000 && r.band > 100, `spiking, with every path: ${JSON.stringify(r)}`);
  });

  it('interleaved parameter sets (tonic, LIF, adapting), an odd count: the same bits as JavaScript', () => {
    const lif = { ...cell, delta_t: 0, a: 0, b: 0, v_spike: -50, t_ref: 1 };
    const adapting = { ...cell, g_l: 12, tau_w: 300, b: 60, i_offset: 150 };
    const r = sameBits((k) => network(k, [cell, lif, adapting], (j) => (j * 7) % 3, 37), 400);
    assert.ok(r.spikes > 50, `spiking: ${JSON.stringify(r)}`);
  });

  it('parameter sets in blocks (quads of each set, and quads across the boundary): the same bits as JavaScript', () => {
    const r = sameBits((k) => network(k, [cell, { ...cell, g_l: 12, b: 40 }], (j) => (j < 22 ? 0 : 1), 45), 300);
    assert.ok(r.spikes > 50, `spiking: ${JSON.stringify(r)}`);
  });

  it('a parameter set per neuron (fixed-pattern noise), one of them conductance-based: the same bits as JavaScript', () => {
    const sets = Array.from({ length: 13 }, (_, k) => ({ ...cell, g_l: 10 + 0.1 * k, v_t: -50 + 0.05 * k }));
    const r = sameBits((k) => network(k, sets, (j) => j, 13, 48, 30, 3, [5]), 300);
    assert.ok(r.spikes > 20 && r.band > 0, `spiking, with the band's sub-steps on the scalar path: ${JSON.stringify(r)}`);
  });

  it('strong drive (long moves of the exponential, read from its table): the same bits as JavaScript', () => {
    const r = sameBits((k) => network(k, [{ ...cell, delta_t: 0.5 }], () => 0, 16, 48, 200), 200);
    assert.ok(r.spikes > 100, `spiking: ${JSON.stringify(r)}`);
  });

  it('a runaway on the propagator path: the same report from both', () => {
    const js = bits(network('javascript', [cell], () => 0, 9, 48, 30, 1e9), 200);
    const wasm = bits(network('wasm', [cell], () => 0, 9, 48, 30, 1e9), 200);
    assert.match(wasm.error ?? '', /neuron \d+ ran away at t = /);
    assert.deepEqual(wasm, js);
  });
});
