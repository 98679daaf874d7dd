/**
 * Translation of multi-compartment neurons (common/chip/configuration.ts `LogicalNeuron`, facts §3.4): how a
 * compartment's parameters are split over its circuits, which circuit compares, and the conductances that couple
 * compartments.
 *
 * The circuits of a compartment share one membrane, and the emulator (like the chip's shorted circuits) sums
 * their capacitances, leak conductances, offset currents and synaptic inputs. So a compartment of capacitance C
 * on k circuits gives each C / k with the same tau_m (the leak conductances C / (k tau_m) add up to C / tau_m),
 * i_offset / k, and the same synaptic time constants and weight_scale (a weight's effect on the compartment does
 * not depend on which circuit's synapse carries it). One circuit per compartment (the first of its run)
 * compares against the threshold; the exponential term and adaptation live on that circuit of an AdEx
 * compartment only. A passive compartment has no comparator; a plateau compartment's comparator starts the
 * plateau (reset = v_plateau held for plateau_duration, the refractory time) and sends no event.
 *
 * Couplings: g_icc (nS), or tau_icc converted with the compartment's own capacitance, g = cm / tau_icc
 * (pF / ms = nS). Public calix calibrates the inter-compartment time constant between 0.1 and 30 us on the
 * chip (facts §3.4 [CALIX] spiking/neuron.py), i.e. 0.1 to 30 ms biological: outside that a warning.
 */
import type { LogicalNeuron, NeuronCircuit } from '../../common/chip/configuration';
import { CALIBRATION } from '../../common/chip/limits';
import type { NeuronPopulation } from '../language/model';
import { MapperCode } from './codes';
import { type MapContext, fmt } from './context';
import type { PlacedCircuit, Placement } from './placeNeurons';
import { bioMsToHardwareUs, compartmentKindOf, hardwareUsToBioMs } from './translateParameters';

/** The coupling conductance (nS) of compartment k to its parent, from g_icc or tau_icc. */
export function couplingConductanceNs(population: NeuronPopulation, k: number): number {
  const c = population.morphology!.compartments[k];
  if (c.gIcc) return c.gIcc.value;
  if (c.tauIcc) return c.params.cm.value / c.tauIcc.value;
  return 0;
}

/** Couplings of every placed neuron type, per population; warns once per neuron type about uncalibratable tau_icc. */
export function planCouplings(ctx: MapContext, placement: Placement): Map<string, LogicalNeuron['couplings']> {
  const out = new Map<string, LogicalNeuron['couplings']>();
  const warned = new Set<string>();
  for (const name of placement.logicalByPopulation.keys()) {
    const population = placement.logicalNeurons[placement.logicalByPopulation.get(name)![0]]?.population;
    const morphology = population?.morphology;
    if (!morphology) continue;
    const couplings: LogicalNeuron['couplings'] = [];
    morphology.compartments.forEach((c, k) => {
      if (c.parent === undefined) return;
      const g = couplingConductanceNs(population, k);
      couplings.push({ a: c.parent, b: k, conductanceNs: g });
      if (warned.has(morphology.name)) return;
      const tauMs = c.tauIcc ? c.tauIcc.value : c.params.cm.value / g;
      const tauUs = bioMsToHardwareUs(tauMs);
      const [lo, hi] = CALIBRATION.tauIccUs.feasible;
      if (tauUs >= lo && tauUs <= hi) return;
      const nearestUs = Math.min(hi, Math.max(lo, tauUs));
      const given = c.tauIcc ? `tau_icc ${fmt(tauMs)} ms` : `g_icc ${fmt(g)} nS, with cm ${fmt(c.params.cm.value)} pF a tau_icc of ${fmt(tauMs)} ms,`;
      ctx.warning(
        MapperCode.AnalogNotCalibratable,
        (c.tauIcc ?? c.gIcc)?.range ?? c.nameRange,
        `compartment '${c.name}' of neuron type '${morphology.name}': ${given} is ${fmt(tauUs)} us on the chip, outside the calibratable inter-compartment time constant ` +
          `${lo}..${hi} us ([CALIX] spiking/neuron.py, facts §3.4); expect deviations from the model`,
        c.tauIcc
          ? { parameter: 'tau_icc', found: tauMs, nearest: hardwareUsToBioMs(nearestUs), unit: 'ms', hardwareValue: tauUs, limit: [lo, hi] }
          : { parameter: 'g_icc', found: g, nearest: c.params.cm.value / hardwareUsToBioMs(nearestUs), unit: 'nS', hardwareValue: tauUs, limit: [lo, hi] },
      );
    });
    for (const c of morphology.compartments) if (c.parent !== undefined) warned.add(morphology.name);
    out.set(name, couplings);
  }
  return out;
}

/** One circuit of a multi-compartment neuron, from its compartment's translated parameters (see the header). */
export function shapeCircuit(circuit: NeuronCircuit, placed: PlacedCircuit, placement: Placement): NeuronCircuit {
  const kind = compartmentKindOf(placed);
  const logical = placement.logicalNeurons[placement.logicalByPopulation.get(placed.population.name)![placed.index]];
  const k = logical.compartments[placed.compartment].length;
  const active = placed.comparator && kind === 'AdEx';
  return {
    ...circuit,
    cmPf: circuit.cmPf / k,
    offsetCurrentPa: circuit.offsetCurrentPa / k,
    expSlopeCadc: active ? circuit.expSlopeCadc : 0,
    adaptationANs: active ? circuit.adaptationANs : 0,
    adaptationBPa: active ? circuit.adaptationBPa : 0,
    thresholdEnabled: placed.comparator && kind !== 'Passive',
    eventOutput: placed.output,
  };
}
