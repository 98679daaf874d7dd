/**
 * Short-term plasticity per synapse driver: all events a driver takes share its state, whichever source sent
 * them, and only the synapses behind that driver are scaled by it (docs/emulator.md, "Short-term plasticity").
 */
import * as assert from 'node:assert/strict';
import { stpUtilization } from '../../../emulator/models/stp';
import { Network, NetworkDescriptionError, type NetworkDescription } from '../../../emulator/network';
import { CURRENT_INPUT } from './helpers';

const lif = { c_m: 200, g_l: 10, e_l: -70, v_t: -50, delta_t: 0, a: 0, b: 0, tau_w: 100, v_reset: -70, v_spike: 100, t_ref: 0, i_offset: 0 };
const depressing = { mode: 'depressing' as const, utilization: 7, recovery: 15 };

/** Two sources (A at 1 ms, B at 1.5 ms), A → neuron 0, B → neuron 1, weight 40 each. */
function twoSources(extra: Partial<NetworkDescription>): NetworkDescription {
  return {
    seed: 1,
    parameterSets: [{ adex: lif, synapse: CURRENT_INPUT }],
    neurons: [0, 0],
    sources: [{ kind: 'array', times_ms: [1] }, { kind: 'array', times_ms: [1.5] }],
    synapses: { pre: [0, 1], post: [0, 1], weight: [40, 40], receptor: [0, 0] },
    ...extra,
  };
}

/** The synaptic current neuron i received from its single event, undoing the exponential decay since then. */
function amplitude(net: Network, i: number, eventTime: number): number {
  return net.group.synE[i] * Math.exp((net.time - eventTime) / CURRENT_INPUT.tau_syn_E);
}

describe('emulator short-term plasticity per synapse driver', () => {
  it('a driver shared by two sources: the second source sees the state the first one used', () => {
    const U = stpUtilization(depressing.utilization);
    const shared = new Network(twoSources({ stpDrivers: [{ stp: depressing, streams: [0, 1] }], synapses: { pre: [0, 1], post: [0, 1], weight: [40, 40], receptor: [0, 0], stpDriver: [0, 0] } }));
    shared.run(2);
    const own = new Network(twoSources({ stp: [[0, depressing], [1, depressing]] }));
    own.run(2);
    const a = amplitude(shared, 0, 1), b = amplitude(shared, 1, 1.5);
    assert.ok(Math.abs(a - 40) < 1e-9, `first event at full efficacy, got ${a}`);
    // Between 1 and 1.5 ms the driver recovers by (1 - r)(1 - exp(-0.5 / τ_rec)), τ_rec = 100 ms.
    const r = 1 - U * Math.exp(-0.5 / 100);
    assert.ok(Math.abs(b - 40 * r) < 1e-9, `second source scaled by the shared state ${r}, got ${b / 40}`);
    assert.ok(Math.abs(amplitude(own, 1, 1.5) - 40) < 1e-9, 'with a driver per source the second one is not depressed');
    console.log(`      shared driver: efficacy of B after A = ${(b / 40).toFixed(4)} (separate drivers: 1)`);
  });

  it('an event uses the driver even when no synapse of its rows matches its label', () => {
    // Source A reaches the driver but has no synapse; B's synapse is behind the driver.
    const net = new Network(twoSources({
      stpDrivers: [{ stp: depressing, streams: [0, 1] }],
      synapses: { pre: [1], post: [1], weight: [40], receptor: [0], stpDriver: [0] },
    }));
    net.run(2);
    assert.ok(amplitude(net, 1, 1.5) < 40 * 0.6, 'A depleted the driver B uses');
    assert.ok(net.stpRecovered(0) < 0.4);
  });

  it('scales only the synapses behind the driver: a source on two drivers, one with STP', () => {
    const net = new Network({
      ...twoSources({}),
      sources: [{ kind: 'array', times_ms: [1, 1.2] }],
      stpDrivers: [{ stp: depressing, streams: [0] }],
      synapses: { pre: [0, 0], post: [0, 1], weight: [40, 40], receptor: [0, 0], stpDriver: [0, -1] },
    });
    net.run(2);
    const decay = Math.exp(-0.2 / CURRENT_INPUT.tau_syn_E);
    const withStp = amplitude(net, 0, 1.2) - 40 * decay; // the second event's share
    const without = amplitude(net, 1, 1.2) - 40 * decay;
    assert.ok(Math.abs(without - 40) < 1e-9, `the synapse on the plain driver keeps its weight, got ${without}`);
    assert.ok(withStp < 0.6 * 40, `the synapse behind the STP driver is depressed, got ${withStp}`);
  });

  it('rejects synapses that name a driver their stream does not reach', () => {
    assert.throws(
      () => new Network(twoSources({ stpDrivers: [{ stp: depressing, streams: [0] }], synapses: { pre: [0, 1], post: [0, 1], weight: [40, 40], receptor: [0, 0], stpDriver: [0, 0] } })),
      (e: unknown) => e instanceof NetworkDescriptionError && e.problems.some((p) => p.parameter === 'synapses[1].stpDriver' && /does not take stream 1/.test(p.message)),
    );
  });
});
