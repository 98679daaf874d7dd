/**
 * Multi-compartment neurons on the floor plan: which circuits each logical neuron and each of its compartments
 * occupies, and the outline of the group. A logical neuron lies in one backend block, over both neuron rows
 * (facts §3.4: circuits join their right neighbour, or the circuit of the other row in the same column); the
 * outline therefore runs over three horizontal bands: neuron row 0, the gap between the rows (closed where a
 * column is used in both rows, as `connect_vertical` joins them) and neuron row 1. Pure, shared by the chip view
 * and its tests.
 */
import type { ChipConfiguration } from '../../common/chip/configuration';
import { TOPOLOGY } from '../../common/chip/limits';

export interface Cell {
  hemisphere: number;
  column: number;
}

export interface PlacedCompartment {
  name: string;
  cells: Cell[];
}

export interface PlacedLogicalNeuron {
  /** Index into `ChipConfiguration.logicalNeurons`. */
  index: number;
  population: string;
  neuron: number;
  /** "pyr[0]". */
  label: string;
  compartments: PlacedCompartment[];
  /** Index of the output compartment (the soma). */
  output: number;
  /** All circuits of the neuron, compartment by compartment. */
  cells: Cell[];
}

export interface LogicalNeuronPlacement {
  neurons: PlacedLogicalNeuron[];
  /** For each circuit of a multi-compartment neuron, by `hemisphere * neuronColumns + column`. */
  at: Map<number, { neuron: number; compartment: number }>;
}

export function cellKey(c: Cell): number {
  return c.hemisphere * TOPOLOGY.neuronColumns + c.column;
}

export function placeLogicalNeurons(config: ChipConfiguration): LogicalNeuronPlacement {
  const at = new Map<number, { neuron: number; compartment: number }>();
  const neurons = (config.logicalNeurons ?? []).map((l, index): PlacedLogicalNeuron => {
    const compartments = l.compartments.map((c, ci): PlacedCompartment => {
      const cells: Cell[] = [];
      for (const n of c.circuits) {
        const circuit = config.neurons[n];
        if (!circuit) continue; // the configuration was validated; a dangling index draws nothing
        const cell = { hemisphere: circuit.hemisphere, column: circuit.column };
        cells.push(cell);
        at.set(cellKey(cell), { neuron: index, compartment: ci });
      }
      return { name: c.name, cells };
    });
    return { index, population: l.population, neuron: l.index, label: `${l.population}[${l.index}]`, compartments, output: l.output, cells: compartments.flatMap((c) => c.cells) };
  });
  return { neurons, at };
}

/** Band 0: neuron row 0; band 1: the gap between the rows; band 2: neuron row 1. */
export type Band = 0 | 1 | 2;
export type Side = 'top' | 'bottom' | 'left' | 'right';

/** One unit edge of a group's outline: the `side` of the tile at (`band`, `column`). */
export interface OutlineEdge {
  band: Band;
  column: number;
  side: Side;
}

/**
 * The boundary of the union of a group's tiles: its circuits in bands 0 and 2, and the gap (band 1) of each column
 * it uses in both rows. Each tile side whose neighbour tile is not in the group is an edge.
 */
export function outlineEdges(cells: readonly Cell[]): OutlineEdge[] {
  const tiles = new Set<string>();
  const tile = (band: number, column: number) => `${band}:${column}`;
  for (const c of cells) tiles.add(tile(c.hemisphere === 0 ? 0 : 2, c.column));
  for (const c of cells) if (c.hemisphere === 0 && tiles.has(tile(2, c.column))) tiles.add(tile(1, c.column));
  const edges: OutlineEdge[] = [];
  for (const key of tiles) {
    const [band, column] = key.split(':').map(Number) as [Band, number];
    if (!tiles.has(tile(band - 1, column))) edges.push({ band, column, side: 'top' });
    if (!tiles.has(tile(band + 1, column))) edges.push({ band, column, side: 'bottom' });
    if (!tiles.has(tile(band, column - 1))) edges.push({ band, column, side: 'left' });
    if (!tiles.has(tile(band, column + 1))) edges.push({ band, column, side: 'right' });
  }
  return edges;
}
