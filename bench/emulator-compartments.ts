/**
 * Speed of multi-compartment neurons in the emulator core: a full chip's 512 circuits as 128 neurons of four
 * circuits (soma 2 circuits AdEx, apical 1 circuit passive, tuft 1 circuit plateau; a chain soma-apical-tuft with
 * 20 and 10 nS), every circuit with 256 input rows, each row its own Poisson source, 1 s of biological time.
 * Run: npx tsx bench/emulator-compartments.ts [--repeat N] [--rate HZ] [--g NS]
 * Prints CPU and wall time per run (median, min) and where the neuron-steps went (propagator vs adaptive path).
 */
import { TOPOLOGY } from '../common/chip/limits';
import { createStream } from '../common/random';
import type { NeuronParameters } from '../emulator/models/adexIntegrator';
import type { CompartmentalNeuronDescription } from '../emulator/models/compartmentalNeuron';
import { Network, type NetworkDescription, type SourceDescription } from '../emulator/network';
import { median, min } from './lib/stats';

const argValue = (name: string, fallback: number) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const repeat = argValue('--repeat', 5);
const rate = argValue('--rate', 5);
const scaleG = argValue('--g', 1);
const DURATION_MS = 1000;
const CIRCUITS = TOPOLOGY.atomicNeurons;
const ROWS = 256;

const synapse = { kind: 'current' as const, tau_syn_E: 5, tau_syn_I: 5, weight_scale_E: 1, weight_scale_I: 1 };
const passive = { v_t: -50, delta_t: 0, a: 0, b: 0, tau_w: 100, v_reset: -65, v_spike: 0, t_ref: 0, i_offset: 0 };
const sets: NeuronParameters[] = [
  { adex: { ...passive, c_m: 100, g_l: 5, e_l: -65, v_t: -50, delta_t: 2, a: 2, b: 20, v_reset: -65, v_spike: -40, t_ref: 2 }, synapse },
  { adex: { ...passive, c_m: 100, g_l: 5, e_l: -65 }, synapse },
  { adex: { ...passive, c_m: 100, g_l: 5, e_l: -65 }, synapse },
  { adex: { ...passive, c_m: 100, g_l: 5, e_l: -65, v_spike: -50, v_reset: -30, t_ref: 40 }, synapse },
];

function chip(seed: number): NetworkDescription {
  const sources: SourceDescription[] = Array.from({ length: 2 * ROWS }, () => ({ kind: 'poisson', rate_Hz: rate }));
  const pre: number[] = [], post: number[] = [], weight: number[] = [], receptor: number[] = [];
  const random = createStream(seed, 'bench weights');
  for (let c = 0; c < CIRCUITS; c++) {
    const hemisphere = c < CIRCUITS / 2 ? 0 : 1;
    for (let r = 0; r < ROWS; r++) {
      pre.push(hemisphere * ROWS + r); post.push(c);
      weight.push(Math.floor(random.nextFloat() * 24));
      receptor.push(r % 5 === 4 ? 1 : 0);
    }
  }
  const neurons = Array.from({ length: CIRCUITS }, (_, c) => c % 4);
  const compartmentNeurons: CompartmentalNeuronDescription[] = Array.from({ length: CIRCUITS / 4 }, (_, k) => ({
    label: `pyr[${k}]`,
    compartments: [
      { name: 'soma', circuits: [4 * k, 4 * k + 1], comparators: [4 * k] },
      { name: 'apical', circuits: [4 * k + 2], comparators: [] },
      { name: 'tuft', circuits: [4 * k + 3], comparators: [4 * k + 3], eventOutput: false },
    ],
    couplings: [{ a: 0, b: 1, conductance_nS: 20 * scaleG }, { a: 1, b: 2, conductance_nS: 10 * scaleG }],
    output: 0,
  }));
  // The margin of the propagator path (CompartmentOptions.exponentialMargin) rides on the integrator options.
  const integrator = process.argv.includes('--margin') ? ({ exponentialMargin: argValue('--margin', 2) } as object) : undefined;
  return { seed, parameterSets: sets, neurons, sources, synapses: { pre, post, weight, receptor }, compartmentNeurons, ...(integrator ? { integrator } : {}) };
}

const wall: number[] = [], cpu: number[] = [];
let last: Network | undefined;
for (let r = 0; r < repeat; r++) {
  const net = new Network(chip(77 + r));
  const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
  const error = net.run(DURATION_MS);
  const c = process.cpuUsage(c0);
  wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
  cpu.push((c.user + c.system) / 1000);
  if (error) throw new Error(error.message);
  last = net;
}
const net = last!, group = net.compartments!;
console.log(`${CIRCUITS / 4} neurons of 3 compartments (4 circuits), ${ROWS} Poisson rows at ${rate} Hz per circuit, couplings ×${scaleG}, ${DURATION_MS} ms bio, ${repeat} runs`);
console.log(`CPU per run (ms): ${cpu.map((t) => t.toFixed(0)).join(', ')}; median ${median(cpu).toFixed(0)}, min ${min(cpu).toFixed(0)}; wall median ${median(wall).toFixed(0)} ms`);
console.log(`output rate ${(net.spikes().time_ms.length / (CIRCUITS / 4)).toFixed(1)} Hz; neuron-steps: ${group.fastSteps} propagator, ${group.exactSteps} adaptive (${group.rkSteps} RK steps)`);
