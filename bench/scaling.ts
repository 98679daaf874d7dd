/**
 * Scaling: the benchmark network (bench/networks/fullChip.ts) with 64, 128, 256 and 512 neurons, for 1, 2, 4 and
 * 8 s of biological time, run in process (EmulatorSession.advance). Every connection has a fixed in-degree, so
 * the work per neuron and second is the same at every size: wall time should be proportional to
 * neurons × seconds. Fits wall = c · neurons · seconds and reports c (the cost of one neuron-second), R² and the
 * largest relative deviation of a point from the fit; the CPU time of the process is fitted the same way, since
 * other jobs on a shared machine inflate wall time but not CPU time. A second fit, wall = seconds·(α + β·neurons),
separates the cost per biological second that does not depend on the size (the base-step loop, the input
queue) from the cost per neuron-second; "linear in both" means this fit holds.
 *
 * Run: npx tsx bench/scaling.ts [--quick] [--json OUT]
 */
import { benchMain, fmt } from './lib/cli';
import { countSpikes, runInProcess } from './lib/pipeline';
import { median, proportionalFit, twoTermFit } from './lib/stats';
import { benchNetwork } from './networks/fullChip';

export const SCALING_NEURONS = [64, 128, 256, 512] as const;
export const SCALING_SECONDS = [1, 2, 4, 8] as const;

export interface ScalingPoint {
  neurons: number;
  seconds: number;
  wall_ms: number;
  cpu_ms: number;
  spikes: number;
}

export interface ScalingResult {
  points: ScalingPoint[];
  wallFit: { perNeuronSecond_us: number; r2: number; maxRelativeDeviation: number };
  cpuFit: { perNeuronSecond_us: number; r2: number; maxRelativeDeviation: number };
  /** wall = seconds·(α + β·neurons): α ms per biological second, β µs per neuron-second. */
  affineFit: { perSecond_ms: number; perNeuronSecond_us: number; r2: number; maxRelativeDeviation: number };
  quick: boolean;
}

export async function measureScaling(o: { quick: boolean }): Promise<ScalingResult> {
  const neurons = o.quick ? [64, 512] : [...SCALING_NEURONS];
  const seconds = o.quick ? [1, 2] : [...SCALING_SECONDS];
  const repeat = o.quick ? 1 : 2;
  // Warm-up: the first runs in a process pay for the JIT, and the WebAssembly kernel runs its baseline code until
  // V8 has compiled the optimized one (a 64-neuron, 200 ms warm-up left the first point 1.5x too slow).
  runInProcess(benchNetwork({ neurons: 512, durationMs: 1000 }), 'warmup');
  const points: ScalingPoint[] = [];
  for (const n of neurons) {
    for (const s of seconds) {
      const text = benchNetwork({ neurons: n, durationMs: s * 1000 });
      const runs = Array.from({ length: repeat }, () => runInProcess(text, `bench_${n}_${s}s`));
      points.push({
        neurons: n,
        seconds: s,
        wall_ms: median(runs.map((r) => r.simulation_ms)),
        cpu_ms: median(runs.map((r) => r.cpu_ms)),
        spikes: countSpikes(runs[0].results, ['drive']),
      });
    }
  }
  const work = points.map((p) => p.neurons * p.seconds);
  const fit = (y: number[]) => {
    const f = proportionalFit(work, y);
    return { perNeuronSecond_us: f.slope * 1000, r2: f.r2, maxRelativeDeviation: f.maxRelativeDeviation };
  };
  const affine = twoTermFit(points.map((p) => p.seconds), work, points.map((p) => p.wall_ms));
  return {
    points,
    wallFit: fit(points.map((p) => p.wall_ms)),
    cpuFit: fit(points.map((p) => p.cpu_ms)),
    affineFit: { perSecond_ms: affine.alpha, perNeuronSecond_us: affine.beta * 1000, r2: affine.r2, maxRelativeDeviation: affine.maxRelativeDeviation },
    quick: o.quick,
  };
}

export function printScaling(r: ScalingResult): void {
  const seconds = [...new Set(r.points.map((p) => p.seconds))];
  console.log(`scaling: simulation wall time (ms) by neurons (rows) and biological seconds (columns)`);
  console.log(`neurons ${seconds.map((s) => `${s} s`.padStart(9)).join('')}`);
  for (const n of [...new Set(r.points.map((p) => p.neurons))]) {
    console.log(`${String(n).padStart(7)} ${seconds.map((s) => fmt(r.points.find((p) => p.neurons === n && p.seconds === s)?.wall_ms, 0).padStart(9)).join('')}`);
  }
  const f = (label: string, x: ScalingResult['wallFit']) =>
    console.log(`${label}: ${fmt(x.perNeuronSecond_us, 0)} µs per neuron and biological second, R² ${fmt(x.r2, 4)}, largest deviation from proportional ${fmt(100 * x.maxRelativeDeviation, 0)} %`);
  f('wall fit', r.wallFit);
  f('CPU fit ', r.cpuFit);
  const a = r.affineFit;
  console.log(`wall = seconds × (${fmt(a.perSecond_ms, 1)} ms + ${fmt(a.perNeuronSecond_us, 0)} µs × neurons): R² ${fmt(a.r2, 4)}, largest deviation ${fmt(100 * a.maxRelativeDeviation, 0)} %`);
}

if (require.main === module) benchMain(measureScaling, printScaling);
