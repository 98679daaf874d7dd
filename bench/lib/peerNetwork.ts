/**
 * Exports the network the emulator actually runs (built from the mapped chip configuration by
 * networkFromConfiguration) as a plain JSON description in SI units, for the peer simulator scripts in
 * bench/peers/. Everything the peers need to build the identical network is here: the neuron parameters as
 * the chip configuration realises them (after CADC quantisation), the connectivity as the chip's rows deliver it
 * (who reaches whom, with which amplitude and receptor), the exact input spike times the emulator plays
 * (Poisson trains drawn at mapping time), step currents and the recurrent latency.
 */
import type { NetworkDescription } from '../../emulator/network';
import { INHIBITORY } from '../../emulator/models/synapticInput';

export const PEER_NETWORK_SCHEMA = 1;

export interface PeerParameterSet {
  /** Current-based exponential synapses only: the benchmark networks use AdEx, not AdExCond. */
  synapse: 'current';
  c_m_F: number; g_l_S: number; e_l_V: number; v_t_V: number; delta_t_V: number; a_S: number; b_A: number;
  tau_w_s: number; v_reset_V: number; v_spike_V: number; t_ref_s: number; i_offset_A: number; v_init_V: number;
  tau_syn_E_s: number; tau_syn_I_s: number;
}

/** One synapse group: parallel arrays. `pre` indexes the sources (input) or the neurons (recurrent). */
export interface PeerSynapses {
  pre: number[];
  post: number[];
  /** Jump of the target's synaptic current at each presynaptic spike, A (≥ 0; the receptor gives the sign). */
  amplitude_A: number[];
  /** 0 excitatory, 1 inhibitory. */
  receptor: number[];
}

export interface PeerNetwork {
  schema: typeof PEER_NETWORK_SCHEMA;
  experiment: string;
  duration_s: number;
  /** The emulator's exchange step: spikes of neurons reach their targets this much later. */
  recurrent_delay_s: number;
  parameter_sets: PeerParameterSet[];
  /** Parameter set of each neuron. */
  neuron_set: number[];
  /** Input spike times per source, s, ascending. */
  source_times_s: number[][];
  input: PeerSynapses;
  recurrent: PeerSynapses;
  step_currents: Array<{ neuron: number; times_s: number[]; amplitudes_A: number[] }>;
}

const ms = 1e-3, mV = 1e-3, pF = 1e-12, nS = 1e-9, pA = 1e-12;

export function exportPeerNetwork(experiment: string, d: NetworkDescription, duration_ms: number): PeerNetwork {
  const sets: PeerParameterSet[] = d.parameterSets.map((p, k) => {
    if (p.synapse.kind !== 'current') throw new Error(`parameter set ${k}: only current-based synapses are exported to the peers`);
    const a = p.adex;
    return {
      synapse: 'current',
      c_m_F: a.c_m * pF, g_l_S: a.g_l * nS, e_l_V: a.e_l * mV, v_t_V: a.v_t * mV, delta_t_V: a.delta_t * mV,
      a_S: a.a * nS, b_A: a.b * pA, tau_w_s: a.tau_w * ms, v_reset_V: a.v_reset * mV, v_spike_V: a.v_spike * mV,
      t_ref_s: a.t_ref * ms, i_offset_A: a.i_offset * pA, v_init_V: (a.v_init ?? a.e_l) * mV,
      tau_syn_E_s: p.synapse.tau_syn_E * ms, tau_syn_I_s: p.synapse.tau_syn_I * ms,
    };
  });
  const neuronSet = Array.from(d.neurons);
  const sourceTimes = d.sources.map((s, k) => {
    if (s.kind !== 'array') throw new Error(`source ${k} is '${s.kind}': export plays only fixed spike trains (the mapped configuration's)`);
    return s.times_ms.map((t) => t * ms);
  });
  const S = d.sources.length;
  const input: PeerSynapses = { pre: [], post: [], amplitude_A: [], receptor: [] };
  const recurrent: PeerSynapses = { pre: [], post: [], amplitude_A: [], receptor: [] };
  const { pre, post, weight, receptor } = d.synapses;
  for (let k = 0; k < pre.length; k++) {
    const set = d.parameterSets[d.neurons[post[k]]].synapse;
    const scale = receptor[k] === INHIBITORY ? set.weight_scale_I : set.weight_scale_E;
    const target = pre[k] < S ? input : recurrent;
    target.pre.push(pre[k] < S ? pre[k] : pre[k] - S);
    target.post.push(post[k]);
    target.amplitude_A.push(weight[k] * scale * pA);
    target.receptor.push(receptor[k]);
  }
  if (d.stp && d.stp.length > 0) throw new Error('short-term plasticity is not exported to the peers');
  return {
    schema: PEER_NETWORK_SCHEMA,
    experiment,
    duration_s: duration_ms * ms,
    recurrent_delay_s: (d.recurrentDelay_ms ?? d.integrator?.step_ms ?? 0.1) * ms,
    parameter_sets: sets,
    neuron_set: neuronSet,
    source_times_s: sourceTimes,
    input,
    recurrent,
    step_currents: (d.stepCurrents ?? []).map((s) => ({ neuron: s.neuron, times_s: s.times_ms.map((t) => t * ms), amplitudes_A: s.amplitudes_pA.map((x) => x * pA) })),
  };
}
