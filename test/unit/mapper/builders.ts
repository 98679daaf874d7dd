/**
 * Builds checked experiments (server/language/model.ts) for mapper tests, as the checker would produce them:
 * every value the test sets explicitly gets its own source range, so tests can assert where a diagnostic points.
 * Each statement is put on its own line; a value's range is on that line at a distinct character offset.
 */
import type {
  BackgroundPoissonPopulation,
  Connector,
  Experiment,
  NeuronParameters,
  NeuronPopulation,
  PoissonPopulation,
  Projection,
  Recording,
  RecordVariable,
  SpikeArrayPopulation,
  Stimulus,
  Valued,
} from '../../../server/language/model';
import { type Range, range } from '../../../server/language/position';

let nextLine = 0;
function newLine(): number {
  return nextLine++;
}

/** A range on `line` starting at character `at`, 4 characters long. */
function token(line: number, at: number): Range {
  return range(line, at, line, at + 4);
}

const DEFAULTS: Record<keyof NeuronParameters, number> = {
  cm: 281,
  tau_m: 9.3667,
  v_rest: -70.6,
  v_thresh: -50.4,
  delta_T: 2,
  a: 4,
  tau_w: 144,
  b: 80.5,
  v_reset: -70.6,
  v_spike: -40,
  tau_refrac: 0.1,
  i_offset: 0,
  tau_syn_E: 5,
  tau_syn_I: 5,
  e_rev_E: 0,
  e_rev_I: -80,
  v_init: -70.6,
  weight_scale: 2,
};
const PARAMETER_NAMES = Object.keys(DEFAULTS) as Array<keyof NeuronParameters>;

export function neurons(name: string, size: number, params: Partial<Record<keyof NeuronParameters, number>> = {}, type: 'AdEx' | 'AdExCond' = 'AdEx'): NeuronPopulation {
  const line = newLine();
  const values = {} as NeuronParameters;
  PARAMETER_NAMES.forEach((key, k) => {
    const explicit = params[key];
    values[key] = explicit === undefined ? { value: key === 'v_init' ? (params.v_rest ?? DEFAULTS.v_init) : DEFAULTS[key] } : { value: explicit, range: token(line, 100 + 10 * k) };
  });
  return {
    kind: 'neuron',
    type,
    name,
    size,
    params: values,
    nameRange: token(line, 11),
    range: range(line, 0, line, 400),
    sizeRange: token(line, 30),
    typeRange: token(line, 20),
  };
}

function base(name: string, size: number) {
  const line = newLine();
  return { line, name, size, nameRange: token(line, 11), range: range(line, 0, line, 400), sizeRange: token(line, 30), typeRange: token(line, 20) };
}

export function poisson(name: string, size: number, rateHz: number, startMs = 0, stopMs = Infinity): PoissonPopulation {
  const { line, ...b } = base(name, size);
  return { ...b, kind: 'source', type: 'Poisson', rate: { value: rateHz, range: token(line, 50) }, start: { value: startMs }, stop: { value: stopMs } };
}

export function spikeArray(name: string, size: number, times: number[][] | number[]): SpikeArrayPopulation {
  const { line, ...b } = base(name, size);
  const lists = Array.isArray(times[0]) ? (times as number[][]) : Array.from({ length: size }, () => [...(times as number[])]);
  return { ...b, kind: 'source', type: 'SpikeArray', times: lists, timesRange: token(line, 50) };
}

export function background(name: string, size: number, rateHz: number, seed?: number): BackgroundPoissonPopulation {
  const { line, ...b } = base(name, size);
  const p: BackgroundPoissonPopulation = { ...b, kind: 'source', type: 'BackgroundPoisson', rate: { value: rateHz, range: token(line, 50) } };
  if (seed !== undefined) p.seed = { value: seed, range: token(line, 60) };
  return p;
}

export interface ProjectionOptions {
  connector?: Connector;
  weight?: number;
  receptor?: 'excitatory' | 'inhibitory';
  splitWeights?: boolean;
  delay?: number;
  stp?: { mode: 'depressing' | 'facilitating'; utilization: number; recovery: number };
  pre?: [number, number];
  post?: [number, number];
}

export function project(pre: { name: string; size: number }, post: { name: string; size: number }, o: ProjectionOptions = {}): Projection {
  const line = newLine();
  const p: Projection = {
    name: `${pre.name}->${post.name}`,
    range: range(line, 0, line, 400),
    pre: { population: pre.name, start: o.pre?.[0] ?? 0, end: o.pre?.[1] ?? pre.size, range: token(line, 11) },
    post: { population: post.name, start: o.post?.[0] ?? 0, end: o.post?.[1] ?? post.size, range: token(line, 20) },
    connector: { ...(o.connector ?? { kind: 'all_to_all' }), range: token(line, 40) } as Connector,
    weight: { value: o.weight ?? 10, range: token(line, 60) },
    receptor: o.receptor ?? 'excitatory',
    receptorRange: token(line, 70),
    splitWeights: o.splitWeights ?? false,
  };
  if (o.delay !== undefined) p.delay = { value: o.delay, range: token(line, 80) };
  if (o.stp) p.stp = { mode: o.stp.mode, utilization: { value: o.stp.utilization, range: token(line, 90) }, recovery: { value: o.stp.recovery, range: token(line, 95) }, range: token(line, 85) };
  return p;
}

export function record(pop: { name: string; size: number }, variables: RecordVariable[], slice?: [number, number]): Recording {
  const line = newLine();
  return {
    range: range(line, 0, line, 100),
    target: { population: pop.name, start: slice?.[0] ?? 0, end: slice?.[1] ?? pop.size, range: token(line, 7) },
    variables,
    variableRanges: variables.map((_, k) => token(line, 30 + 10 * k)),
  };
}

export function step(pop: { name: string; size: number }, index: number, times: number[], amplitudes: number[]): Stimulus {
  const line = newLine();
  return { range: range(line, 0, line, 100), target: { population: pop.name, start: index, end: index + 1, range: token(line, 9) }, type: 'StepCurrent', times, amplitudes };
}

export interface ExperimentParts {
  populations: Experiment['populations'];
  projections?: Projection[];
  recordings?: Recording[];
  stimuli?: Stimulus[];
  durationMs?: number;
  seed?: number;
  mapping?: { mvAtReference: number; cadcReference: number; cadcPerMv: number };
}

export function experiment(parts: ExperimentParts): Experiment {
  const line = newLine();
  const m = parts.mapping ?? { mvAtReference: -65, cadcReference: 80, cadcPerMv: 3 };
  const v = (value: number): Valued => ({ value });
  return {
    name: 'test',
    nameRange: token(line, 11),
    duration: { value: parts.durationMs ?? 100, range: token(line, 30) },
    seed: { value: parts.seed ?? 1234 },
    voltageMapping: { mvAtReference: v(m.mvAtReference), cadcReference: v(m.cadcReference), cadcPerMv: v(m.cadcPerMv) },
    populations: parts.populations,
    projections: parts.projections ?? [],
    stimuli: parts.stimuli ?? [],
    recordings: parts.recordings ?? [],
    plasticity: [],
  };
}

/** The E/I network of examples/ei_network.bss2, built directly. */
export function eiNetwork(seed = 42): Experiment {
  const exc = neurons('exc', 320, { tau_m: 20, v_rest: -65, v_reset: -65, v_spike: -50, tau_refrac: 2 });
  const inh = neurons('inh', 80, { tau_m: 10, v_rest: -65, v_reset: -65, v_spike: -50, tau_refrac: 1 });
  const drive = poisson('drive', 100, 10);
  return experiment({
    seed,
    durationMs: 200,
    populations: [exc, inh, drive],
    projections: [
      project(drive, exc, { connector: { kind: 'fixed_indegree', n: 20 }, weight: 20 }),
      project(drive, inh, { connector: { kind: 'fixed_indegree', n: 20 }, weight: 20 }),
      project(exc, exc, { connector: { kind: 'fixed_probability', p: 0.05 }, weight: 8 }),
      project(exc, inh, { connector: { kind: 'fixed_probability', p: 0.05 }, weight: 8 }),
      project(inh, exc, { connector: { kind: 'fixed_probability', p: 0.1 }, weight: 30, receptor: 'inhibitory' }),
      project(inh, inh, { connector: { kind: 'fixed_probability', p: 0.1 }, weight: 30, receptor: 'inhibitory' }),
    ],
    recordings: [record(exc, ['spikes']), record(inh, ['spikes']), record(exc, ['v'], [0, 2]), record(inh, ['v'], [0, 4])],
  });
}
