/**
 * What a chip configuration occupies: placed neuron circuits, synapse drivers, synapse rows and synapses, PADI
 * buses, each against the chip's totals from limits.ts. Pure, shared by the chip view and its tests.
 */
import type { ChipConfiguration, NeuronCircuit, SynapseDriver } from '../../common/chip/configuration';
import { TOPOLOGY, busOfDriver } from '../../common/chip/limits';

export interface Usage {
  used: number;
  total: number;
}

export interface ChipUsage {
  neurons: Usage;
  drivers: Usage;
  synapseRows: Usage;
  synapses: Usage;
  /** Per hemisphere, the PADI buses with at least one used driver. */
  padiBuses: Usage;
  /** Circuit at `hemisphere * neuronColumns + column`, if placed. */
  circuitAt: Map<number, NeuronCircuit>;
  /** Used drivers by `hemisphere * driversPerHemisphere + index`. */
  driverAt: Map<number, SynapseDriver>;
  /** Projection index of each used synapse row, by `hemisphere * rowsPerHemisphere + row`. */
  rowProjection: Map<number, number>;
}

export function driverIsUsed(d: SynapseDriver): boolean {
  return d.rowModeTop !== 'disabled' || d.rowModeBottom !== 'disabled';
}

export function chipUsage(config: ChipConfiguration): ChipUsage {
  const circuitAt = new Map<number, NeuronCircuit>();
  for (const n of config.neurons) circuitAt.set(n.hemisphere * TOPOLOGY.neuronColumns + n.column, n);
  const driverAt = new Map<number, SynapseDriver>();
  const buses = new Set<number>();
  for (const d of config.synapseDrivers) {
    if (!driverIsUsed(d)) continue;
    driverAt.set(d.hemisphere * TOPOLOGY.synapseDriversPerHemisphere + d.index, d);
    buses.add(d.hemisphere * TOPOLOGY.padiBusesPerHemisphere + busOfDriver(d.index).bus);
  }
  const rowProjection = new Map<number, number>();
  let synapses = 0;
  for (const r of config.synapseRows) {
    if (r.columns.length === 0) continue;
    rowProjection.set(r.hemisphere * TOPOLOGY.synapseRowsPerHemisphere + r.row, r.projection[0] ?? 0);
    synapses += r.columns.length;
  }
  return {
    neurons: { used: circuitAt.size, total: TOPOLOGY.atomicNeurons },
    drivers: { used: driverAt.size, total: TOPOLOGY.hemispheres * TOPOLOGY.synapseDriversPerHemisphere },
    synapseRows: { used: rowProjection.size, total: TOPOLOGY.hemispheres * TOPOLOGY.synapseRowsPerHemisphere },
    synapses: { used: synapses, total: TOPOLOGY.hemispheres * TOPOLOGY.synapseRowsPerHemisphere * TOPOLOGY.synapsesPerRow },
    padiBuses: { used: buses.size, total: TOPOLOGY.hemispheres * TOPOLOGY.padiBusesPerHemisphere },
    circuitAt,
    driverAt,
    rowProjection,
  };
}
