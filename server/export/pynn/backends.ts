/**
 * What each PyNN backend calls our things, and in which units. PyNN's own unit system (ms, mV, nA, nF, uS, Hz;
 * `a` of the AdEx types in nS) holds for the software simulators; NEST's native `aeif_psc_exp` takes NEST's
 * units (pF, nS, pA); pynn-brainscales takes hardware units: times in hardware ms/us (the chip runs 1000x
 * faster than biology), potentials in CADC LSB, weights as the 6-bit integers themselves (facts §2, §3.5, §4;
 * [PYNN] standardmodels/cells.py). Every translation is listed in docs/pynn.md.
 */
import type { NeuronParameters, NeuronPopulation } from '../../language/model';
import { type LinearVoltageMapping, mvToCadc } from '../../mapper/translateParameters';

export type BackendName = 'brainscales2' | 'neuron' | 'nest' | 'brian2';
export const BACKEND_NAMES: readonly BackendName[] = ['brainscales2', 'neuron', 'nest', 'brian2'];

export interface BackendInfo {
  name: BackendName;
  /** The module the script imports, and the name it is imported as. */
  module: string;
  alias: 'sim' | 'pynn';
  /** Script time units per biological ms: 1 for the simulators, 1/1000 for the chip (hardware ms). */
  timePerMs: number;
  /** Whether current sources (StepCurrentSource) exist. */
  currentSources: boolean;
  /** Trace variables the backend records, with the backend's name and the factor to our unit. */
  traces: Partial<Record<'v' | 'w', { recorded: string; scale: number }>>;
}

export const BACKENDS: Readonly<Record<BackendName, BackendInfo>> = {
  neuron: {
    name: 'neuron',
    module: 'pyNN.neuron',
    alias: 'sim',
    timePerMs: 1,
    currentSources: true,
    traces: { v: { recorded: 'v', scale: 1 }, w: { recorded: 'w', scale: 1000 } },
  },
  nest: {
    name: 'nest',
    module: 'pyNN.nest',
    alias: 'sim',
    timePerMs: 1,
    currentSources: true,
    // Set per cell type in the script: the native aeif_psc_exp records V_m (mV) and w (pA).
    traces: { v: { recorded: 'v', scale: 1 }, w: { recorded: 'w', scale: 1000 } },
  },
  brian2: {
    name: 'brian2',
    module: 'pyNN.brian2',
    alias: 'sim',
    timePerMs: 1,
    currentSources: true,
    traces: { v: { recorded: 'v', scale: 1 }, w: { recorded: 'w', scale: 1000 } },
  },
  brainscales2: {
    name: 'brainscales2',
    module: 'pynn_brainscales.brainscales2',
    alias: 'pynn',
    timePerMs: 1 / 1000,
    currentSources: false,
    // The membrane through the MADC; the adaptation readout is a technical voltage with no published scale.
    traces: { v: { recorded: 'v', scale: 1 } },
  },
};

/** One keyword argument of a cell type: name, Python literal, and a comment (unit, origin). */
export interface CellArgument {
  name: string;
  value: number;
  comment: string;
  /** Written as a Python int (hardware fields). */
  integer?: boolean;
}

const nA = (pA: number) => pA / 1000;
const nF = (pF: number) => pF / 1000;
const uS = (nS: number) => nS / 1000;

/** PyNN standard names and units of the AdEx types (`EIF_cond_exp_isfa_ista` and our current-based variant). */
export function pynnAdExArguments(p: NeuronParameters, conductance: boolean): CellArgument[] {
  const args: CellArgument[] = [
    { name: 'cm', value: nF(p.cm.value), comment: `nF (${p.cm.value} pF)` },
    { name: 'tau_m', value: p.tau_m.value, comment: 'ms' },
    { name: 'v_rest', value: p.v_rest.value, comment: 'mV' },
    { name: 'v_thresh', value: p.v_thresh.value, comment: 'mV, exponential threshold V_T' },
    { name: 'delta_T', value: p.delta_T.value, comment: 'mV' },
    { name: 'a', value: p.a.value, comment: 'nS (PyNN keeps a in nS)' },
    { name: 'tau_w', value: p.tau_w.value, comment: 'ms' },
    { name: 'b', value: nA(p.b.value), comment: `nA (${p.b.value} pA)` },
    { name: 'v_reset', value: p.v_reset.value, comment: 'mV' },
    { name: 'v_spike', value: p.v_spike.value, comment: 'mV, spike detection' },
    { name: 'tau_refrac', value: p.tau_refrac.value, comment: 'ms' },
    { name: 'i_offset', value: nA(p.i_offset.value), comment: `nA (${p.i_offset.value} pA)` },
    { name: 'tau_syn_E', value: p.tau_syn_E.value, comment: 'ms' },
    { name: 'tau_syn_I', value: p.tau_syn_I.value, comment: 'ms' },
  ];
  if (conductance) {
    args.push({ name: 'e_rev_E', value: p.e_rev_E.value, comment: 'mV' }, { name: 'e_rev_I', value: p.e_rev_I.value, comment: 'mV' });
  }
  return args;
}

/** NEST's native `aeif_psc_exp` (NEST units: pF, nS, pA, mV, ms). */
export function nestAeifPscExpArguments(p: NeuronParameters): CellArgument[] {
  return [
    { name: 'C_m', value: p.cm.value, comment: 'pF' },
    { name: 'g_L', value: p.cm.value / p.tau_m.value, comment: `nS (cm / tau_m, tau_m = ${p.tau_m.value} ms)` },
    { name: 'E_L', value: p.v_rest.value, comment: 'mV' },
    { name: 'V_th', value: p.v_thresh.value, comment: 'mV, exponential threshold V_T' },
    { name: 'Delta_T', value: p.delta_T.value, comment: 'mV' },
    { name: 'a', value: p.a.value, comment: 'nS' },
    { name: 'tau_w', value: p.tau_w.value, comment: 'ms' },
    { name: 'b', value: p.b.value, comment: 'pA' },
    { name: 'V_reset', value: p.v_reset.value, comment: 'mV' },
    { name: 'V_peak', value: p.v_spike.value, comment: 'mV, spike detection' },
    { name: 't_ref', value: p.tau_refrac.value, comment: 'ms' },
    { name: 'I_e', value: p.i_offset.value, comment: 'pA' },
    { name: 'tau_syn_ex', value: p.tau_syn_E.value, comment: 'ms' },
    { name: 'tau_syn_in', value: p.tau_syn_I.value, comment: 'ms' },
  ];
}

/**
 * pynn-brainscales' calibrated cells (`CalibHXNeuronCuba`/`Coba`): potentials as CADC targets through the
 * experiment's voltage mapping, times in hardware us (numerically the biological ms), the full membrane
 * capacitor (63, calix's default). `v_thresh` there is the spike comparator, our `v_spike`.
 */
export function brainscalesArguments(population: NeuronPopulation, mapping: LinearVoltageMapping): CellArgument[] {
  const p = population.params;
  const cadc = (mv: number) => Number(mvToCadc(mv, mapping).toFixed(3));
  const args: CellArgument[] = [
    { name: 'v_rest', value: cadc(p.v_rest.value), comment: `CADC LSB (${p.v_rest.value} mV)` },
    { name: 'v_reset', value: cadc(p.v_reset.value), comment: `CADC LSB (${p.v_reset.value} mV)` },
    { name: 'v_thresh', value: cadc(p.v_spike.value), comment: `CADC LSB (v_spike ${p.v_spike.value} mV: the spike comparator)` },
    { name: 'tau_m', value: p.tau_m.value, comment: `us on the chip (${p.tau_m.value} ms biological)` },
    { name: 'tau_syn_E', value: p.tau_syn_E.value, comment: `us (${p.tau_syn_E.value} ms)` },
    { name: 'tau_syn_I', value: p.tau_syn_I.value, comment: `us (${p.tau_syn_I.value} ms)` },
    { name: 'tau_refrac', value: p.tau_refrac.value, comment: `us (${p.tau_refrac.value} ms)` },
    { name: 'cm', value: 63, integer: true, comment: 'membrane capacitor, LSB (the full capacitor, calix default)' },
  ];
  if (population.type === 'AdExCond') {
    args.push(
      { name: 'e_rev_E', value: cadc(p.e_rev_E.value), comment: `CADC LSB (${p.e_rev_E.value} mV)` },
      { name: 'e_rev_I', value: cadc(p.e_rev_I.value), comment: `CADC LSB (${p.e_rev_I.value} mV)` },
    );
  }
  return args;
}

/** Parameters of an AdEx population the calibrated BrainScaleS-2 cells cannot take, with their values. */
export function uncalibratedAdExTerms(p: NeuronParameters): Array<{ name: string; value: number; unit: string }> {
  const terms: Array<{ name: string; value: number; unit: string }> = [];
  if (p.delta_T.value !== 0) terms.push({ name: 'delta_T', value: p.delta_T.value, unit: 'mV' });
  if (p.a.value !== 0) terms.push({ name: 'a', value: p.a.value, unit: 'nS' });
  if (p.b.value !== 0) terms.push({ name: 'b', value: p.b.value, unit: 'pA' });
  if (p.i_offset.value !== 0) terms.push({ name: 'i_offset', value: p.i_offset.value, unit: 'pA' });
  return terms;
}

/**
 * The custom current-based AdEx type the software backends need (PyNN 0.10 has only conductance-based AdEx
 * standard types). pyNN.neuron's AdEx cell takes `syn_type='current'`; pyNN.brian2 composes its equations from
 * the AdEx membrane and current-based exponential synapse blocks; both are the same equations as the
 * emulator's `AdEx` (adex.ts, synapticInput.ts). NEST has the native `aeif_psc_exp` instead.
 */
export function currentBasedAdExClass(backend: 'neuron' | 'brian2'): string {
  const common = `    default_parameters = {k: v for k, v in sim.EIF_cond_exp_isfa_ista.default_parameters.items() if not k.startswith('e_rev')}
    units = {k: v for k, v in sim.EIF_cond_exp_isfa_ista.units.items() if not k.startswith('e_rev')}
    recordable = ['spikes', 'v', 'w']
    conductance_based = False`;
  const doc = `    """AdEx (Brette & Gerstner 2005) with exponentially decaying current-based synapses: the emulator's AdEx.

    PyNN 0.10 has no standard cell type for it; this one takes the parameters of EIF_cond_exp_isfa_ista
    without the reversal potentials. Weights are currents in nA, negative for inhibitory projections.
    """`;
  if (backend === 'neuron') {
    return `class EIF_curr_exp_isfa_ista(sim.EIF_cond_exp_isfa_ista):
${doc}
${common}
    translations = {k: v for k, v in sim.EIF_cond_exp_isfa_ista.translations.items() if not k.startswith('e_rev')}
    extra_parameters = {'syn_type': 'current', 'syn_shape': 'exp'}
`;
  }
  return `from copy import deepcopy

from brian2 import mV, nA
from pyNN.brian2.standardmodels.cells import (
    adexp_iaf, adexp_iaf_translations, current_based_exponential_synapses, current_based_synapse_translations)
from pyNN.standardmodels import build_translations


class EIF_curr_exp_isfa_ista(sim.EIF_cond_exp_isfa_ista):
${doc}
${common}
    eqs = adexp_iaf + current_based_exponential_synapses
    translations = deepcopy(adexp_iaf_translations)
    translations.update(current_based_synapse_translations)
    state_variable_translations = build_translations(
        ('v', 'v', lambda p: p * mV, lambda p: p / mV),
        ('w', 'w', lambda p: p * nA, lambda p: p / nA),
        ('isyn_exc', 'ie', lambda p: p * nA, lambda p: p / nA),
        ('isyn_inh', 'ii', lambda p: p * nA, lambda p: p / nA))
    post_synaptic_variables = {'excitatory': 'ie', 'inhibitory': 'ii'}
    default_initial_values = {'v': -70.6, 'w': 0.0, 'isyn_exc': 0.0, 'isyn_inh': 0.0}
`;
}
