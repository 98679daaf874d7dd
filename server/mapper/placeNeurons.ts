/**
 * Placement of neuron populations onto the chip's atomic neuron circuits.
 *
 * Deterministic and simple. Multi-compartment neurons (populations of a neuron type) come first, in the order of
 * the file, each on the next free columns of the 2-row grid (layoutOfMorphology.ts), never across the backend
 * block boundary at column 127/128 (facts §3.4): a neuron that would cross it starts at column 128 instead.
 * Then the one-circuit neurons, populations in the order of the file, each neuron on the next free circuit,
 * filling hemisphere 0 (neuron row 0) column 0..255, then hemisphere 1. Consecutive columns walk through all
 * eight neuron event outputs (column / 32) and so through all four PADI buses ((column / 32) mod 4, facts §9.2):
 * the events of every population larger than 32 neurons are spread over several buses, which is what the
 * routing needs. Without multi-compartment neurons this is exactly the placement of earlier versions.
 */
import { MULTICOMPARTMENT, TOPOLOGY } from '../../common/chip/limits';
import type { NeuronPopulation } from '../language/model';
import { MapperCode } from './codes';
import type { MapContext } from './context';
import { type MorphologyLayout, layoutOfMorphology } from './layoutOfMorphology';

export interface PlacedCircuit {
  hemisphere: 0 | 1;
  column: number;
  population: NeuronPopulation;
  index: number;
  /** Compartment of the circuit in its population's morphology (0 for one-circuit neurons). */
  compartment: number;
  /** The circuit whose events are the neuron's spikes (every one-circuit neuron; the soma's comparator). */
  output: boolean;
  /** The circuit that compares against the threshold in its compartment (the first circuit of its run). */
  comparator: boolean;
}

/** A placed multi-compartment neuron: circuit indices of each compartment (first one: its comparator). */
export interface PlacedLogicalNeuron {
  population: NeuronPopulation;
  index: number;
  compartments: number[][];
  /** First column of the neuron's box and its width (both rows). */
  column: number;
  width: number;
}

export interface Placement {
  circuits: PlacedCircuit[];
  /**
   * Per neuron population: circuit index of each member (only populations that were placed completely); for a
   * multi-compartment neuron, its output circuit.
   */
  byPopulation: Map<string, number[]>;
  /** Circuit index at hemisphere * 256 + column, -1 if free. */
  circuitAt: Int32Array;
  /** Multi-compartment neurons, and per population the index of each member into this list. */
  logicalNeurons: PlacedLogicalNeuron[];
  logicalByPopulation: Map<string, number[]>;
  /** The layout each placed population's neurons follow. */
  layouts: Map<string, MorphologyLayout>;
}

/** Circuits a reference to `compartment` of member `index` reaches (the output circuit without a compartment). */
export function circuitsOfCompartment(placement: Placement, population: string, index: number, compartment: number | undefined): number[] {
  const logical = placement.logicalByPopulation.get(population);
  if (logical && compartment !== undefined) {
    const neuron = placement.logicalNeurons[logical[index]];
    return neuron ? neuron.compartments[compartment] : [];
  }
  const c = placement.byPopulation.get(population)?.[index];
  return c === undefined ? [] : [c];
}

/** Per member of a population, the circuit that represents the compartment (its comparator / first circuit). */
export function representativeCircuits(placement: Placement, population: string, compartment: number | undefined): number[] | undefined {
  const members = placement.byPopulation.get(population);
  if (!members) return undefined;
  if (compartment === undefined || !placement.logicalByPopulation.has(population)) return members;
  return members.map((_, i) => circuitsOfCompartment(placement, population, i, compartment)[0]);
}

export function placeNeurons(ctx: MapContext): Placement {
  const neuronPopulations = ctx.experiment.populations.filter((p): p is NeuronPopulation => p.kind === 'neuron');
  const circuits: PlacedCircuit[] = [];
  const byPopulation = new Map<string, number[]>();
  const circuitAt = new Int32Array(TOPOLOGY.atomicNeurons).fill(-1);
  const logicalNeurons: PlacedLogicalNeuron[] = [];
  const logicalByPopulation = new Map<string, number[]>();
  const layouts = new Map<string, MorphologyLayout>();
  const columns = TOPOLOGY.neuronColumns;
  // A logical neuron never crosses a backend block (facts §3.4), so neurons are packed block by block.
  const blockColumns = TOPOLOGY.backendBlockColumns;
  /** Cells inside a multi-compartment neuron's box that no circuit of it uses: kept free of other neurons. */
  const reserved = new Uint8Array(TOPOLOGY.atomicNeurons);
  let nextColumn = 0;

  // Multi-compartment neurons: boxes of `width` columns x 2 rows, side by side.
  for (const population of neuronPopulations) {
    if (!population.morphology) continue;
    const layout = layoutOfMorphology(ctx, population);
    if (!layout) continue;
    const members: number[] = [];
    const logical: number[] = [];
    let placed = true;
    for (let i = 0; i < population.size; i++) {
      let start = nextColumn;
      if (Math.floor(start / blockColumns) !== Math.floor((start + layout.width - 1) / blockColumns)) {
        start = (Math.floor(start / blockColumns) + 1) * blockColumns; // would cross column 127/128: next block
      }
      if (start + layout.width > columns) {
        const block = Math.floor(nextColumn / blockColumns);
        const left = Math.max(0, Math.min(columns, (block + 1) * blockColumns) - nextColumn);
        ctx.error(
          MapperCode.LogicalNeuronDoesNotFit,
          population.sizeRange,
          `neuron ${population.name}[${i}] of type '${population.morphology.name}' needs ${layout.width} columns x ${MULTICOMPARTMENT.rows} rows; only ${left} column${left === 1 ? ' is' : 's are'} left ` +
            `in backend block ${Math.min(block, TOPOLOGY.backendBlocks - 1)} and a logical neuron cannot cross the boundary between columns ` +
            `${blockColumns - 1} and ${blockColumns} ([HALCO] neuron.h, facts §3.4)`,
          { population: population.name, neuron: i, found: layout.width, limit: left, placed: i },
          [{ range: population.morphology.nameRange, message: `neuron type '${population.morphology.name}': ${layout.circuits} circuits, ${layout.width} columns per neuron` }],
        );
        placed = false;
        break;
      }
      const compartments: number[][] = layout.compartmentCells.map(() => []);
      layout.cells.forEach((cell, position) => {
        const column = start + cell.columnOffset;
        const slot = cell.row * columns + column;
        const compartment = layout.compartmentOfCell[position];
        const first = compartments[compartment].length === 0;
        circuitAt[slot] = circuits.length;
        compartments[compartment].push(circuits.length);
        circuits.push({ hemisphere: cell.row, column, population, index: i, compartment, output: compartment === 0 && first, comparator: first });
      });
      for (let offset = 0; offset < layout.width; offset++) {
        for (let row = 0; row < MULTICOMPARTMENT.rows; row++) {
          const slot = row * columns + start + offset;
          if (circuitAt[slot] < 0) reserved[slot] = 1;
        }
      }
      members.push(compartments[0][0]);
      logical.push(logicalNeurons.length);
      logicalNeurons.push({ population, index: i, compartments, column: start, width: layout.width });
      nextColumn = start + layout.width;
    }
    if (!placed) continue;
    layouts.set(population.name, layout);
    byPopulation.set(population.name, members);
    logicalByPopulation.set(population.name, logical);
  }

  // One-circuit neurons on the free circuits, row 0 first.
  const free = (): number => {
    let n = 0;
    for (let slot = 0; slot < TOPOLOGY.atomicNeurons; slot++) if (circuitAt[slot] < 0 && !reserved[slot]) n++;
    return n;
  };
  const single = neuronPopulations.filter((p) => !p.morphology);
  const footprint = (p: NeuronPopulation): number => {
    const layout = layouts.get(p.name);
    return layout ? layout.width * MULTICOMPARTMENT.rows * p.size : p.morphology ? 0 : p.size;
  };
  const total = neuronPopulations.reduce((sum, p) => sum + footprint(p), 0);
  let overflowReported = false;
  let slot = 0;
  // Counted once and kept up to date: counting per population made placing many small populations quadratic.
  let left = free();
  for (const population of single) {
    if (population.size > left) {
      if (!overflowReported) {
        overflowReported = true;
        const others = neuronPopulations.filter((p) => p !== population && footprint(p) > 0);
        ctx.error(
          MapperCode.TooManyNeurons,
          population.sizeRange,
          `population '${population.name}' needs ${population.size} neuron circuits but only ${left} of the chip's ${TOPOLOGY.atomicNeurons} are left ` +
            `(all neuron populations together need ${total}; limit: 2 rows x 256 columns, facts §1, [HALCO] neuron.h)`,
          { limit: TOPOLOGY.atomicNeurons, found: total, nearest: left, parameter: 'size' },
          others.map((p) => ({ range: p.sizeRange, message: `population '${p.name}' uses ${footprint(p)} circuits` })),
        );
      }
      continue;
    }
    const members: number[] = [];
    for (let i = 0; i < population.size; i++) {
      while (circuitAt[slot] >= 0 || reserved[slot]) slot++;
      const hemisphere = Math.floor(slot / columns) as 0 | 1;
      const column = slot % columns;
      circuitAt[slot] = circuits.length;
      members.push(circuits.length);
      circuits.push({ hemisphere, column, population, index: i, compartment: 0, output: true, comparator: true });
    }
    left -= population.size;
    byPopulation.set(population.name, members);
  }
  return { circuits, byPopulation, circuitAt, logicalNeurons, logicalByPopulation, layouts };
}
