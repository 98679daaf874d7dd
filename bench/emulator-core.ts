/**
 * Speed of the emulator core on a full chip: 512 AdEx neurons (2 hemispheres × 256), each with its full
 * 256-row fan-in, every row driven by its own Poisson source at 10 Hz (biological), 1 s of biological time.
 * Target: under 100 ms wall on one core (10× faster than biological real time).
 * Run: npx tsx bench/emulator-core.ts [--margin K] [--repeat N] [--warmup W] [--atol X] [--time-tol T]
 *   [--kernel wasm|javascript]
 * First W runs (default 1) that are printed but not counted: the process's first run pays for compiling the
 * emulator (JavaScript and WebAssembly) as it goes, ≈ 100 ms, once per process, whatever the duration simulated;
 * the target is the simulation's speed. Then prints wall and CPU time per measured run, their median and minimum,
 * and the real-time factor (on a shared machine wall exceeds CPU when other processes compete), and a digest of the
 * last run's spikes, so that a change meant to keep results bit-identical can be checked. Profile: bundle with esbuild and run `node --cpu-prof`.
 */
import { FIELDS, TOPOLOGY } from '../common/chip/limits';
import { median, min } from './lib/stats';
import { createStream } from '../common/random';
import { DEFAULT_LINEAR_MARGIN, type NeuronParameters } from '../emulator/models/adexIntegrator';
import { Network, type NetworkDescription, type SourceDescription } from '../emulator/network';

const ATOMIC_NEURONS = TOPOLOGY.atomicNeurons;
const NEURON_COLUMNS = TOPOLOGY.neuronColumns;
const SYNAPSE_ROWS_PER_SYNRAM = TOPOLOGY.synapseRowsPerHemisphere;
const WEIGHT_MAX = FIELDS.weight[1];

const argValue = (name: string, fallback: number) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const repeat = argValue('--repeat', 5);
const warmup = argValue('--warmup', 1);
const margin = argValue('--margin', DEFAULT_LINEAR_MARGIN);
const kernelArg = process.argv.includes('--kernel') ? process.argv[process.argv.indexOf('--kernel') + 1] : 'wasm';
if (kernelArg !== 'wasm' && kernelArg !== 'javascript') throw new Error(`--kernel must be wasm or javascript, got ${kernelArg}`);
const kernel: 'wasm' | 'javascript' = kernelArg;
const DURATION_MS = 1000;
const RATE_HZ = 10;
const INHIBITORY_ROW_FRACTION = 0.2;

const neuron: NeuronParameters = {
  adex: { c_m: 200, g_l: 10, e_l: -70, v_t: -50, delta_t: 2, a: 2, b: 20, tau_w: 100, v_reset: -58, v_spike: 0, t_ref: 2, i_offset: 0 },
  synapse: { kind: 'current', tau_syn_E: 5, tau_syn_I: 5, weight_scale_E: 1, weight_scale_I: 1 },
};

function fullChip(seed: number): NetworkDescription {
  const hemispheres = ATOMIC_NEURONS / NEURON_COLUMNS;
  const rows = hemispheres * SYNAPSE_ROWS_PER_SYNRAM;
  const sources: SourceDescription[] = Array.from({ length: rows }, () => ({ kind: 'poisson', rate_Hz: RATE_HZ }));
  const m = rows * NEURON_COLUMNS;
  const pre = new Int32Array(m), post = new Int32Array(m), weight = new Int32Array(m), receptor = new Int32Array(m);
  const rng = createStream(seed, 'bench weights');
  let s = 0;
  for (let row = 0; row < rows; row++) {
    const hemisphere = Math.floor(row / SYNAPSE_ROWS_PER_SYNRAM);
    const inhibitory = row % SYNAPSE_ROWS_PER_SYNRAM >= SYNAPSE_ROWS_PER_SYNRAM * (1 - INHIBITORY_ROW_FRACTION) ? 1 : 0;
    for (let col = 0; col < NEURON_COLUMNS; col++) {
      pre[s] = row;
      post[s] = hemisphere * NEURON_COLUMNS + col;
      weight[s] = rng.nextUint32() % (WEIGHT_MAX + 1);
      receptor[s] = inhibitory;
      s++;
    }
  }
  return {
    seed,
    parameterSets: [neuron],
    neurons: new Uint16Array(ATOMIC_NEURONS),
    sources,
    synapses: { pre, post, weight, receptor },
    // The integrator's own tolerances unless given.
    integrator: {
      linearMargin: margin, kernel,
      ...(process.argv.includes('--time-tol') ? { timeTolerance_ms: argValue('--time-tol', NaN) } : {}),
      ...(process.argv.includes('--atol') ? { absoluteTolerance: argValue('--atol', NaN) } : {}),
    },
  };
}

/** 1 s of biology on a full chip built from `seed`: the network, its wall and CPU time (ms). */
function timedRun(seed: number): { net: Network; wall: number; cpu: number } {
  const net = new Network(fullChip(seed));
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const err = net.run(DURATION_MS);
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  if (err) throw new Error(err.message);
  return { net, wall, cpu: (cpu.user + cpu.system) / 1000 };
}

// Other seeds than the measured runs', so that those stay comparable with and without warm-up runs.
const warmupTimes = Array.from({ length: warmup }, (_, r) => timedRun(1233 - r).wall);
const times: number[] = [];
const cpuTimes: number[] = [];
let last: Network | undefined;
for (let r = 0; r < repeat; r++) {
  // Only the last network is kept (for its spike digest): the others' memory is free for the collector.
  const run = timedRun(1234 + r);
  times.push(run.wall);
  cpuTimes.push(run.cpu);
  last = run.net;
}
const net = last!;
const spikes = net.spikes();
const g = net.group;
// FNV-1a over the spike times' and neurons' bits: equal digests mean bit-identical results.
const bits = new Uint32Array(new Float64Array(spikes.time_ms).buffer);
let digest = 0x811c9dc5;
for (let j = 0; j < bits.length; j++) digest = Math.imul(digest ^ bits[j], 0x01000193) >>> 0;
for (const n of spikes.neuron) digest = Math.imul(digest ^ n, 0x01000193) >>> 0;
const cpuMedian = median(cpuTimes), wallMedian = median(times);
console.log(`full chip: ${ATOMIC_NEURONS} AdEx neurons, ${SYNAPSE_ROWS_PER_SYNRAM} rows each, Poisson ${RATE_HZ} Hz, ${DURATION_MS} ms bio, step ${net.step} ms, V_lin margin ${margin} Δ_T, ${kernel} propagator, ${repeat} runs`);
if (warmup > 0) console.log(`warm-up, not counted (the process's first run compiles the emulator as it goes), wall (ms): ${warmupTimes.map((t) => t.toFixed(1)).join(', ')}`);
console.log(`wall per run (ms): ${times.map((t) => t.toFixed(1)).join(', ')}`);
console.log(`CPU per run (ms):  ${cpuTimes.map((t) => t.toFixed(1)).join(', ')} (wall exceeds CPU when the machine is busy${warmup > 0 ? '' : '; the first run includes the JIT\'s warm-up'})`);
console.log(`wall: median ${wallMedian.toFixed(1)} ms, min ${min(times).toFixed(1)} ms; CPU: median ${cpuMedian.toFixed(1)} ms, min ${min(cpuTimes).toFixed(1)} ms`);
console.log(`real-time factor (1 s bio / time): ${(DURATION_MS / wallMedian).toFixed(2)}× by median wall, ${(DURATION_MS / cpuMedian).toFixed(2)}× by median CPU, ${(DURATION_MS / min(cpuTimes)).toFixed(2)}× by best CPU (target ≥ 10×)`);
console.log(`mean output rate ${(spikes.time_ms.length / ATOMIC_NEURONS / (DURATION_MS / 1000)).toFixed(1)} Hz; neuron-steps: ${g.fastSteps} propagator (${g.bandSteps} of them in sub-steps, ${g.bandEventSteps} with events), ${g.exactSteps} adaptive (${g.rkSteps} RK steps); spike digest of the last run ${digest.toString(16)}`);
