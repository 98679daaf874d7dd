/**
 * The step loop makes (next to) no garbage: what it allocates per step becomes garbage-collection pauses in every
 * run (docs/emulator.md, "Where the time goes now"). Measured as the growth of V8's young generation over 5,000
 * steps of a warmed-up network whose neurons fire (propagator, adaptive path, spike location, recurrent
 * deliveries, Poisson and array sources, a step current), in a stretch without a collection.
 */
import assert from 'node:assert/strict';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { Network, type NetworkDescription } from '../../../emulator/network';
import { CURRENT_INPUT } from './helpers';

/** What the step loop may allocate per step: two numbers boxed for the propagator's call (16 bytes each). */
const BYTES_PER_STEP_MAX = 64;

function firingNetwork(): NetworkDescription {
  const n = 64, rows = 128;
  const pre: number[] = [], post: number[] = [], weight: number[] = [], receptor: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) { pre.push(r); post.push(j); weight.push((r * 37 + j * 11) % 64); receptor.push(r % 5 === 4 ? 1 : 0); }
  }
  for (let j = 0; j < n; j++) { pre.push(rows + j); post.push((j + 1) % n); weight.push(10); receptor.push(0); }
  return {
    seed: 5,
    parameterSets: [{
      adex: { c_m: 200, g_l: 10, e_l: -70, v_t: -50, delta_t: 2, a: 2, b: 20, tau_w: 100, v_reset: -58, v_spike: 0, t_ref: 2, i_offset: 0 },
      synapse: CURRENT_INPUT,
    }],
    neurons: new Array(n).fill(0),
    sources: [
      ...Array.from({ length: rows - 1 }, () => ({ kind: 'poisson' as const, rate_Hz: 20 })),
      { kind: 'array' as const, times_ms: Array.from({ length: 4000 }, (_, k) => 1 + k * 2.5) },
    ],
    synapses: { pre, post, weight, receptor },
    stepCurrents: [{ neuron: 3, times_ms: [100, 5000], amplitudes_pA: [200, 0] }],
  };
}

const youngBytes = () => {
  let used = 0;
  for (const s of getHeapSpaceStatistics()) if (s.space_name === 'new_space' || s.space_name === 'new_large_object_space') used += s.space_used_size;
  return used;
};

describe('emulator step loop allocations', () => {
  it(`allocates at most ${BYTES_PER_STEP_MAX} bytes per step once warmed up`, async () => {
    const gcStarts: number[] = [];
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcStarts.push(e.startTime); });
    observer.observe({ entryTypes: ['gc'] });
    try {
      const net = new Network(firingNetwork());
      assert.equal(net.run(3000), null);
      const spikesBefore = net.spikes().time_ms.length;
      assert.ok(spikesBefore > 1000, `the neurons fire (${spikesBefore} spikes)`);
      assert.ok(net.group.exactSteps > 0 && net.group.rkSteps > 0, 'the adaptive path runs');
      const measured: number[] = [];
      // A collection inside the stretch hides its allocations: such a stretch is measured again. The least of
      // three stretches counts: a function that V8 re-optimizes in a stretch allocates there while unoptimized.
      for (let attempt = 0; attempt < 8 && measured.length < 3; attempt++) {
        const steps = 5000;
        const t0 = performance.now();
        const y0 = youngBytes();
        assert.equal(net.run(net.time + steps * net.step), null);
        const y1 = youngBytes();
        const t1 = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (gcStarts.some((t) => t >= t0 && t <= t1)) continue;
        measured.push((y1 - y0) / steps);
      }
      assert.ok(measured.length > 0, 'a stretch without garbage collection was measured');
      const best = Math.min(...measured);
      console.log("BEST", measured.map((x) => x.toFixed(1)).join(" ")); assert.ok(best <= BYTES_PER_STEP_MAX, `young generation grew by ${best.toFixed(1)} bytes per step (at most ${BYTES_PER_STEP_MAX})`);
    } finally {
      observer.disconnect();
    }
  });
});
