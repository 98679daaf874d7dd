/**
 * Results for the panel tests. `ei_network.results.json` was recorded with `bss2 run examples/ei_network.bss2
 * --json` (seed 42); the small synthetic runs below put spikes and weights at known places so the tests can say
 * which pixel must carry which colour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults, WeightSnapshot } from '../../common/results';

export function eiNetworkResults(): RunResults {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', 'ei_network.results.json'), 'utf8')) as RunResults;
}

/** Two populations of 10: `alpha` neuron 3 fires every 10 ms in [20, 80] ms, `beta` neuron 7 every 10 ms in [150, 190]. */
export function knownSpikes(names: [string, string] = ['alpha', 'beta']): RunResults {
  const a = [20, 30, 40, 50, 60, 70, 80];
  const b = [150, 160, 170, 180, 190];
  return {
    schema: 1,
    experiment: 'known_spikes',
    duration_ms: 200,
    seed: 1,
    populations: {
      [names[0]]: { size: 10, spikes: { neuron: a.map(() => 3), time_ms: a } },
      [names[1]]: { size: 10, spikes: { neuron: b.map(() => 7), time_ms: b } },
    },
    traces: [{ population: names[0], neuron: 3, variable: 'v', unit: 'mV', device: 'madc', t0_ms: 0, dt_ms: 0.5, values: Array.from({ length: 401 }, (_, i) => -65 + 10 * Math.sin(i / 20)) }],
    weights: [],
    warnings: [],
  };
}

/** A plastic projection `drive->cell`, 16 x 8, whose weights grow with time: w(pre, post, k) = min(63, pre*4 + post + 8k). */
export function weightRun(): RunResults {
  const weights: WeightSnapshot[] = [0, 1, 2, 3].map((k) => ({
    projection: 'drive->cell',
    time_ms: k * 500,
    matrix: Array.from({ length: 16 }, (_, pre) => Array.from({ length: 8 }, (_, post) => (pre === 15 && post === 7 ? null : Math.min(63, pre * 4 + post + 8 * k)))),
  }));
  weights.push({ projection: 'cell->cell', time_ms: 0, matrix: [[null, 10], [20, null]] });
  const base = knownSpikes(['drive', 'cell']);
  return { ...base, experiment: 'stdp_weights', duration_ms: 1500, weights };
}

/** A fixed share of an XSS corpus: each would run script if it reached the page as HTML. */
export const XSS_PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '"><script>window.__xss=2</script>',
  "'><svg onload=window.__xss=3>",
  '</script><script>window.__xss=4</script>',
  '<iframe srcdoc="<script>parent.__xss=5</script>">',
  'javascript:window.__xss=6',
];
