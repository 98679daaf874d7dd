/**
 * The spikes of a run packed for drawing: one row per neuron, rows grouped by population in the order the
 * results list them, spikes kept as typed arrays (structure of arrays) in population segments, each sorted by
 * time so that a zoomed view finds its first and last visible spike by binary search.
 */
import type { PopulationResults } from '../../common/results';

export interface RasterGroup {
  name: string;
  /** First row of the population; its neuron i is drawn on row `firstRow + i`. */
  firstRow: number;
  size: number;
  /** Spikes [start, end) of the packed arrays belong to this population. */
  start: number;
  end: number;
}

export interface RasterData {
  groups: RasterGroup[];
  rows: number;
  time_ms: Float64Array;
  row: Int32Array;
}

export function packRaster(populations: Record<string, PopulationResults>): RasterData {
  const names = Object.keys(populations);
  let total = 0;
  for (const name of names) total += populations[name].spikes.time_ms.length;
  const time_ms = new Float64Array(total);
  const row = new Int32Array(total);
  const groups: RasterGroup[] = [];
  let rows = 0;
  let at = 0;
  for (const name of names) {
    const { size, spikes } = populations[name];
    const start = at;
    for (let i = 0; i < spikes.time_ms.length; i++, at++) {
      time_ms[at] = spikes.time_ms[i];
      row[at] = rows + spikes.neuron[i];
    }
    groups.push({ name, firstRow: rows, size, start, end: at });
    rows += size;
  }
  return { groups, rows, time_ms, row };
}

/** First index in [start, end) whose time is >= t (end when none): the arrays are sorted within a segment. */
export function lowerBound(times: Float64Array, start: number, end: number, t: number): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The population and neuron drawn on a row, or undefined outside every population. */
export function neuronOfRow(data: RasterData, row: number): { population: string; neuron: number } | undefined {
  for (const g of data.groups) {
    if (row >= g.firstRow && row < g.firstRow + g.size) return { population: g.name, neuron: Math.floor(row - g.firstRow) };
  }
  return undefined;
}
