/**
 * Placement of neuron populations onto the chip's atomic neuron circuits.
 *
 * Deterministic and simple: populations in the order of the file, each neuron on the next free circuit, filling
 * hemisphere 0 (neuron row 0) column 0..255, then hemisphere 1. Consecutive columns walk through all eight neuron
 * event outputs (column / 32) and so through all four PADI buses ((column / 32) mod 4, facts §9.2): the events of
 * every population larger than 32 neurons are spread over several buses, which is what the routing needs.
 * A logical neuron takes one circuit today; `compartment` leaves room for multi-compartment neurons.
 */
import { TOPOLOGY } from '../../common/chip/limits';
import type { NeuronPopulation } from '../language/model';
import { MapperCode } from './codes';
import type { MapContext } from './context';

export interface PlacedCircuit {
  hemisphere: 0 | 1;
  column: number;
  population: NeuronPopulation;
  index: number;
}

export interface Placement {
  circuits: PlacedCircuit[];
  /** Per neuron population: circuit index of each member (only populations that were placed completely). */
  byPopulation: Map<string, number[]>;
  /** Circuit index at hemisphere * 256 + column, -1 if free. */
  circuitAt: Int32Array;
}

export function placeNeurons(ctx: MapContext): Placement {
  const neuronPopulations = ctx.experiment.populations.filter((p): p is NeuronPopulation => p.kind === 'neuron');
  const circuits: PlacedCircuit[] = [];
  const byPopulation = new Map<string, number[]>();
  const circuitAt = new Int32Array(TOPOLOGY.atomicNeurons).fill(-1);
  const total = neuronPopulations.reduce((sum, p) => sum + p.size, 0);
  let overflowReported = false;

  for (const population of neuronPopulations) {
    const free = TOPOLOGY.atomicNeurons - circuits.length;
    if (population.size > free) {
      if (!overflowReported) {
        overflowReported = true;
        const others = neuronPopulations.filter((p) => p !== population);
        ctx.error(
          MapperCode.TooManyNeurons,
          population.sizeRange,
          `population '${population.name}' needs ${population.size} neuron circuits but only ${free} of the chip's ${TOPOLOGY.atomicNeurons} are left ` +
            `(all neuron populations together need ${total}; limit: 2 rows x 256 columns, facts §1, [HALCO] neuron.h)`,
          { limit: TOPOLOGY.atomicNeurons, found: total, nearest: free, parameter: 'size' },
          others.map((p) => ({ range: p.sizeRange, message: `population '${p.name}' uses ${p.size} circuits` })),
        );
      }
      continue;
    }
    const members: number[] = [];
    for (let i = 0; i < population.size; i++) {
      const slot = circuits.length;
      const hemisphere = Math.floor(slot / TOPOLOGY.neuronColumns) as 0 | 1;
      const column = slot % TOPOLOGY.neuronColumns;
      circuitAt[slot] = slot;
      members.push(slot);
      circuits.push({ hemisphere, column, population, index: i });
    }
    byPopulation.set(population.name, members);
  }
  return { circuits, byPopulation, circuitAt };
}
