import assert from 'node:assert/strict';
import { exportPeerNetwork } from '../../../bench/lib/peerNetwork';
import { mapText } from '../../../bench/lib/pipeline';
import { benchNetwork, benchNetworkSizes, DRIVE_INDEGREE, EXC_INDEGREE, INH_INDEGREE } from '../../../bench/networks/fullChip';
import { networkFromConfiguration } from '../../../emulator/chip/networkFromConfiguration';

describe('benchmark peer-network export', () => {
  const neurons = 64;
  const config = mapText(benchNetwork({ neurons, durationMs: 200 }), 'bench.bss2');
  const emulated = networkFromConfiguration(config);
  const peer = exportPeerNetwork(config.experiment, emulated.description, emulated.duration_ms);
  const sizes = benchNetworkSizes(neurons);

  it('exports every synapse the chip configuration delivers, split into input and recurrent', () => {
    assert.equal(peer.input.pre.length + peer.recurrent.pre.length, emulated.description.synapses.pre.length);
    // Every connector is a fixed in-degree, so the counts are known exactly from the experiment.
    assert.equal(peer.input.pre.length, neurons * DRIVE_INDEGREE);
    assert.equal(peer.recurrent.pre.length, neurons * (EXC_INDEGREE + INH_INDEGREE));
    assert.equal(peer.recurrent.receptor.filter((r) => r === 1).length, neurons * INH_INDEGREE);
    const inDegree = new Array<number>(neurons).fill(0);
    for (const post of [...peer.input.post, ...peer.recurrent.post]) inDegree[post]++;
    assert.deepEqual(new Set(inDegree), new Set([DRIVE_INDEGREE + EXC_INDEGREE + INH_INDEGREE]));
    // Inhibitory synapses come from the inhibitory population (the last circuits of the placement's order).
    const populationOf = config.neurons.map((n) => n.population);
    peer.recurrent.pre.forEach((pre, k) => assert.equal(populationOf[pre] === 'inh', peer.recurrent.receptor[k] === 1, `synapse ${k} from neuron ${pre}`));
  });

  it('converts amplitudes and parameters to SI exactly as the emulator uses them', () => {
    const { pre, post, weight, receptor } = emulated.description.synapses;
    const S = emulated.description.sources.length;
    const k = Array.from(pre).findIndex((p) => p < S);
    const set = emulated.description.parameterSets[emulated.description.neurons[post[k]]];
    assert.equal(receptor[k], 0);
    assert.ok(Math.abs(peer.input.amplitude_A[0] - weight[k] * set.synapse.weight_scale_E * 1e-12) < 1e-24);
    assert.equal(peer.input.amplitude_A[0], 24 * 4e-12);
    assert.equal(peer.parameter_sets.length, emulated.description.parameterSets.length);
    emulated.description.parameterSets.forEach((p, i) => {
      const e = peer.parameter_sets[i];
      assert.ok(Math.abs(e.c_m_F - p.adex.c_m * 1e-12) < 1e-24);
      assert.ok(Math.abs(e.v_t_V - p.adex.v_t * 1e-3) < 1e-15);
      assert.ok(Math.abs(e.tau_syn_E_s - 5e-3) < 1e-12);
    });
    const cms = new Set(peer.neuron_set.map((s) => peer.parameter_sets[s].g_l_S / peer.parameter_sets[s].c_m_F));
    assert.equal(cms.size, 2, 'excitatory (tau_m 20 ms) and inhibitory (10 ms) neurons');
    assert.equal(peer.neuron_set.length, sizes.exc + sizes.inh);
  });

  it('plays the emulator’s own input spike times', () => {
    assert.equal(peer.source_times_s.length, sizes.drive);
    emulated.description.sources.forEach((s, i) => {
      assert.equal(s.kind, 'array');
      if (s.kind === 'array') assert.deepEqual(peer.source_times_s[i], s.times_ms.map((t) => t * 1e-3));
    });
    assert.ok(peer.source_times_s.flat().length > 0);
    assert.equal(peer.recurrent_delay_s, 1e-4);
  });
});
