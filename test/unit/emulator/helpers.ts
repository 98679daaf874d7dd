/** Small builders shared by the emulator tests: single neurons in a real Network. */
import type { AdExParameters } from '../../../emulator/models/adex';
import type { SynapticInputParameters } from '../../../emulator/models/synapticInput';
import { Network, type NetworkDescription } from '../../../emulator/network';

export const CURRENT_INPUT: SynapticInputParameters = { kind: 'current', tau_syn_E: 5, tau_syn_I: 5, weight_scale_E: 1, weight_scale_I: 1 };

/** Naud et al. (2008) parameter sets as reproduced in the BSS-2 demos' Brian2 script (V_spike = 0 mV, no hold). */
export const NAUD: Record<string, { adex: AdExParameters; current_pA: number }> = {
  tonic: naud(200, 10, -70, -50, 2, 2, 30, 0, -58, 500),
  adapting: naud(200, 12, -70, -50, 2, 2, 300, 60, -58, 500),
  initialBurst: naud(130, 18, -58, -50, 2, 4, 150, 120, -50, 400),
  regularBursting: naud(200, 10, -58, -50, 2, 2, 120, 100, -46, 210),
};

function naud(c_m: number, g_l: number, e_l: number, v_t: number, delta_t: number, a: number, tau_w: number, b: number, v_reset: number, current_pA: number) {
  return { adex: { c_m, g_l, e_l, v_t, delta_t, a, tau_w, b, v_reset, v_spike: 0, t_ref: 0, i_offset: 0 }, current_pA };
}

export function singleNeuron(adex: AdExParameters, extra: Partial<NetworkDescription> = {}, synapse = CURRENT_INPUT): Network {
  return new Network({
    seed: 1,
    parameterSets: [{ adex, synapse }],
    neurons: [0],
    sources: [],
    synapses: { pre: [], post: [], weight: [], receptor: [] },
    ...extra,
  });
}

export function maxAbsDifference(a: readonly number[], b: readonly number[]): number {
  let m = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
