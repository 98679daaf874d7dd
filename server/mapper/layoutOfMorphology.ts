/**
 * The layout of one multi-compartment neuron on the 2-row neuron grid of a backend block (facts §3.4).
 *
 * Compartments are taken in depth-first order from the soma (the order of the checked morphology) and their
 * circuits laid out one after the other along a U: along row 0 from the left, then back along row 1 from the
 * right. A neuron of n circuits is w = ceil(n / 2) columns wide:
 *
 *     row 0:  [s][s][a][a]      s soma (2 circuits), a apical (2), t tuft (1, child of apical),
 *     row 1:  [.][b][b][t]      b basal (2, child of soma); . unused (kept free): 7 circuits, 4 columns
 *              ^ the box's first column: the soma's first circuit is the neuron's output
 *
 * Every compartment is one connected run of circuits: neighbours in a row are shorted with `connect_right`, the
 * two circuits at the turn with `connect_vertical`. Compartments are coupled to their parent through the soma
 * line with its tunable conductance (`connect_soma`, `i_bias_nmda`), so any tree of compartments has this
 * layout, whatever its branching. The first circuit of each compartment's run carries its comparator; the
 * soma's first circuit (row 0, the box's first column) is the neuron's output.
 *
 * Limits: at most 254 compartments (`CompartmentOnLogicalNeuron`), at most 128 columns, i.e. 256 circuits
 * (`NeuronColumnOnLogicalNeuron`), both [HALCO] neuron.h.
 */
import { MULTICOMPARTMENT } from '../../common/chip/limits';
import type { NeuronPopulation } from '../language/model';
import { MapperCode } from './codes';
import type { MapContext } from './context';

export interface MorphologyLayout {
  /** Total circuits of one neuron, and the columns its box takes (both rows). */
  circuits: number;
  width: number;
  /** Cell of each circuit, in layout order (compartment runs one after the other). */
  cells: Array<{ row: 0 | 1; columnOffset: number }>;
  /** Compartment of each cell. */
  compartmentOfCell: number[];
  /** Cells (indices into `cells`) of each compartment. */
  compartmentCells: number[][];
}

/** The cell of position p of n along the U of width w. */
export function cellOfPosition(p: number, width: number): { row: 0 | 1; columnOffset: number } {
  return p < width ? { row: 0, columnOffset: p } : { row: 1, columnOffset: width - 1 - (p - width) };
}

/** The layout of a population's neuron type, or undefined after reporting why it cannot be placed. */
export function layoutOfMorphology(ctx: MapContext, population: NeuronPopulation): MorphologyLayout | undefined {
  const morphology = population.morphology!;
  const compartments = morphology.compartments;
  const related = [{ range: morphology.nameRange, message: `neuron type '${morphology.name}'` }];
  if (compartments.length > MULTICOMPARTMENT.maxCompartments) {
    ctx.error(
      MapperCode.TooManyCompartments,
      population.typeRange,
      `neuron type '${morphology.name}' of population '${population.name}' has ${compartments.length} compartments; a logical neuron has at most ` +
        `${MULTICOMPARTMENT.maxCompartments} (CompartmentOnLogicalNeuron, [HALCO] neuron.h, facts §3.4)`,
      { population: population.name, found: compartments.length, limit: MULTICOMPARTMENT.maxCompartments },
      [{ range: compartments[MULTICOMPARTMENT.maxCompartments].nameRange, message: `compartment ${MULTICOMPARTMENT.maxCompartments + 1}, '${compartments[MULTICOMPARTMENT.maxCompartments].name}', is one too many` }, ...related],
    );
    return undefined;
  }
  const counts = compartments.map((c) => Math.round(c.circuits.value));
  const circuits = counts.reduce((a, b) => a + b, 0);
  const maxCircuits = MULTICOMPARTMENT.maxColumns * MULTICOMPARTMENT.rows;
  const width = Math.ceil(circuits / MULTICOMPARTMENT.rows);
  if (circuits > maxCircuits) {
    ctx.error(
      MapperCode.LogicalNeuronTooWide,
      population.typeRange,
      `a neuron of type '${morphology.name}' (population '${population.name}') takes ${circuits} circuits, ${width} columns x 2 rows; a logical neuron spans at most ` +
        `${MULTICOMPARTMENT.maxColumns} columns x 2 rows = ${maxCircuits} circuits and never crosses a backend block (NeuronColumnOnLogicalNeuron, [HALCO] neuron.h, facts §3.4)`,
      { population: population.name, found: circuits, limit: maxCircuits, columns: width },
      [
        ...compartments
          .map((c, i) => ({ c, n: counts[i] }))
          .filter(({ n }) => n > 1)
          .sort((a, b) => b.n - a.n)
          .slice(0, 3)
          .map(({ c, n }) => ({ range: c.circuits.range ?? c.nameRange, message: `compartment '${c.name}' takes ${n} circuits` })),
        ...related,
      ],
    );
    return undefined;
  }
  const cells: MorphologyLayout['cells'] = [];
  const compartmentOfCell: number[] = [];
  const compartmentCells: number[][] = compartments.map(() => []);
  counts.forEach((n, c) => {
    for (let k = 0; k < n; k++) {
      compartmentCells[c].push(cells.length);
      compartmentOfCell.push(c);
      cells.push(cellOfPosition(cells.length, width));
    }
  });
  return { circuits, width, cells, compartmentOfCell, compartmentCells };
}
