/** Pure computations behind the weights view: snapshot lookup and the weight histogram. */
import type { WeightSnapshot } from '../../common/results';

/** The projections that have snapshots, in order of first appearance, with their snapshots sorted by time. */
export function snapshotsByProjection(snapshots: WeightSnapshot[]): Map<string, WeightSnapshot[]> {
  const out = new Map<string, WeightSnapshot[]>();
  for (const s of snapshots) {
    const list = out.get(s.projection) ?? [];
    list.push(s);
    out.set(s.projection, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.time_ms - b.time_ms);
  return out;
}

/** Count of synapses per weight value 0..maxWeight; absent synapses (null) are not counted. */
export function weightHistogram(matrix: Array<Array<number | null>>, maxWeight: number): number[] {
  const counts = new Array<number>(maxWeight + 1).fill(0);
  for (const row of matrix) for (const w of row) if (w !== null && w >= 0 && w <= maxWeight) counts[w]++;
  return counts;
}

/** Pre- and postsynaptic population of a projection named `pre->post` (the mapper's naming). */
export function endsOfProjection(name: string): { pre: string; post: string } | undefined {
  const at = name.indexOf('->');
  return at > 0 ? { pre: name.slice(0, at).trim(), post: name.slice(at + 2).trim() } : undefined;
}
