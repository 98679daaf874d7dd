/**
 * The results of a run: what `bss2 run --json` writes, what the emulator streams, what the plot panels read.
 * Times are biological milliseconds. The schema is versioned; readers refuse versions they do not know.
 * Documented for users in docs/results.md.
 */
import { type Check, arrayOf, checkObject, finiteNumber, integer, literal, oneOf, optional, record, string } from './validation';

export const RESULTS_SCHEMA_VERSION = 1;

export type TraceVariable = 'v' | 'w' | 'i_syn_E' | 'i_syn_I';
export const TRACE_VARIABLES: readonly TraceVariable[] = ['v', 'w', 'i_syn_E', 'i_syn_I'];

/** The unit each trace variable is reported in. */
export const TRACE_UNITS: Readonly<Record<TraceVariable, 'mV' | 'pA'>> = { v: 'mV', w: 'pA', i_syn_E: 'pA', i_syn_I: 'pA' };

/** Spikes of one population, sorted by time (ties by neuron index): parallel arrays. */
export interface SpikeTrains {
  neuron: number[];
  time_ms: number[];
}

export interface PopulationResults {
  size: number;
  spikes: SpikeTrains;
}

/**
 * A regularly sampled trace of one neuron. `device`: the chip's converter that records it at this rate.
 * `compartment`: for a multi-compartment neuron, the compartment (by its name in the experiment) whose membrane
 * or inputs the trace shows; absent for neurons of one compartment.
 */
export interface Trace {
  population: string;
  neuron: number;
  compartment?: string;
  variable: TraceVariable;
  unit: 'mV' | 'pA';
  device: 'madc' | 'cadc';
  t0_ms: number;
  dt_ms: number;
  values: number[];
}

/** The synapse matrix of a plastic projection at one time: matrix[pre][post], 0..63; absent synapses are null. */
export interface WeightSnapshot {
  projection: string;
  time_ms: number;
  matrix: Array<Array<number | null>>;
}

export interface RunResults {
  schema: typeof RESULTS_SCHEMA_VERSION;
  experiment: string;
  duration_ms: number;
  seed: number;
  populations: Record<string, PopulationResults>;
  traces: Trace[];
  weights: WeightSnapshot[];
  warnings: string[];
}

const checkSpikeTrains: Check<SpikeTrains> = checkObject({
  neuron: arrayOf(integer(0)),
  time_ms: arrayOf(finiteNumber()),
});

const checkTrace: Check<Trace> = checkObject({
  population: string(),
  neuron: integer(0),
  compartment: optional(string()),
  variable: oneOf(TRACE_VARIABLES),
  unit: oneOf(['mV', 'pA'] as const),
  device: oneOf(['madc', 'cadc'] as const),
  t0_ms: finiteNumber(),
  dt_ms: finiteNumber(Number.MIN_VALUE),
  values: arrayOf(finiteNumber()),
});

const checkWeightSnapshot: Check<WeightSnapshot> = checkObject({
  projection: string(),
  time_ms: finiteNumber(),
  matrix: arrayOf(arrayOf((v, path) => (v === null ? [] : integer(0, 63)(v, path)))),
});

const checkRunResults: Check<RunResults> = checkObject({
  schema: literal(RESULTS_SCHEMA_VERSION),
  experiment: string(),
  duration_ms: finiteNumber(0),
  seed: integer(0),
  populations: record(checkObject({ size: integer(1), spikes: checkSpikeTrains })),
  traces: arrayOf(checkTrace),
  weights: arrayOf(checkWeightSnapshot),
  warnings: arrayOf(string()),
});

/**
 * Checks a value read from a file or received from another process. Returns the problems found, each
 * prefixed with its JSON path; an empty list means the value is a valid RunResults.
 */
export function validateRunResults(value: unknown): string[] {
  const problems = checkRunResults(value, '');
  if (problems.length > 0) return problems;
  const results = value as RunResults;
  for (const [name, population] of Object.entries(results.populations)) {
    const { neuron, time_ms } = population.spikes;
    if (neuron.length !== time_ms.length) {
      problems.push(`populations.${name}.spikes: neuron and time_ms have different lengths`);
    }
    for (let i = 0; i < neuron.length; i++) {
      if (neuron[i] >= population.size) {
        problems.push(`populations.${name}.spikes.neuron[${i}]: ${neuron[i]} is not below the size ${population.size}`);
        break;
      }
      if (i > 0 && time_ms[i] < time_ms[i - 1]) {
        problems.push(`populations.${name}.spikes.time_ms[${i}]: spikes are not sorted by time`);
        break;
      }
    }
  }
  return problems;
}
