/**
 * The emulator's network core: many AdEx neurons on typed arrays, fed by sources and by each other through a
 * synapse table, recorded as spikes (sorted by time), spike counts and sampled traces. Input is a plain
 * description (numbers and arrays), so that the chip-configuration adapter can build it; no I/O here.
 *
 * Time advances in base steps of h (0.1 ms bio by default). In each step: sources emit spikes in [t, t + h);
 * every spike of presynaptic stream p is fanned out through p's synapses (CSR: for each p, its (post, amplitude,
 * receptor) entries) as events at the spike's exact time, scaled by p's STP efficacy if STP is on; neurons
 * advance (adexIntegrator.ts); their spikes reach their targets `recurrentDelay_ms` later (≥ h: the chip's
 * neurons exchange events through its routing, which the emulator models as this fixed latency).
 *
 * Presynaptic stream indices: 0..S-1 are the sources, S..S+N-1 the neurons.
 * Determinism: every random stream is derived from `seed` and the source's index (random.ts).
 */
import type { RunawayError, ParameterProblem } from './models/adex';
import {
  AdExGroup, CHANNEL_STIMULUS, type IntegratorOptions, type NeuronParameters, SpikeSink, StepInput,
} from './models/adexIntegrator';
import { type BackgroundDescription, BackgroundGenerator, validateBackground } from './models/backgroundGenerator';
import { type CorrelationParameters, CorrelationSensors } from './models/correlationSensor';
import { type PoissonDescription, PoissonSource, validatePoisson } from './models/poissonSource';
import { SpikeArraySource, validateSpikeTimes } from './models/spikeArray';
import { type StepCurrentDescription, StepCurrentCursor, validateStepCurrent } from './models/stepCurrent';
import { type StpDescription, StpDriver, validateStp } from './models/stp';
import { EXCITATORY, INHIBITORY } from './models/synapticInput';
import { WEIGHT_MAX } from './chipConstants';
import { createRandom } from './random';

export type SourceDescription =
  | ({ kind: 'poisson' } & PoissonDescription)
  | { kind: 'array'; times_ms: readonly number[] }
  | ({ kind: 'background' } & BackgroundDescription);

export type TraceVariableName = 'v' | 'w' | 'i_syn_E' | 'i_syn_I';

export interface SynapseTable {
  /** Presynaptic stream (0..S-1 sources, S.. neurons), postsynaptic neuron, weight 0..63, receptor 0 = E, 1 = I. */
  pre: ArrayLike<number>;
  post: ArrayLike<number>;
  weight: ArrayLike<number>;
  receptor: ArrayLike<number>;
}

export interface NetworkDescription {
  seed: number;
  parameterSets: readonly NeuronParameters[];
  /** Parameter set of each neuron; its length is the neuron count. */
  neurons: ArrayLike<number>;
  sources: readonly SourceDescription[];
  synapses: SynapseTable;
  /** STP of each presynaptic stream that has it (index → description). */
  stp?: ReadonlyArray<readonly [number, StpDescription]>;
  /** Correlation sensing on every synapse, with these parameters. */
  correlation?: CorrelationParameters;
  stepCurrents?: readonly StepCurrentDescription[];
  record?: { traces: ReadonlyArray<{ neuron: number; variable: TraceVariableName }>; sample_ms: number };
  recurrentDelay_ms?: number;
  integrator?: IntegratorOptions;
}

export interface RecordedTrace {
  neuron: number;
  variable: TraceVariableName;
  t0_ms: number;
  dt_ms: number;
  values: number[];
}

/** Thrown by the constructor with every problem of a description. */
export class NetworkDescriptionError extends Error {
  constructor(readonly problems: ParameterProblem[]) {
    super(problems.map((p) => `${p.parameter}: ${p.message}`).join('\n'));
    this.name = 'NetworkDescriptionError';
  }
}

interface SourceRunner {
  spikesIn(t0: number, t1: number, emit: (time: number) => void): void;
}

export class Network {
  readonly group: AdExGroup;
  readonly sourceCount: number;
  readonly neuronCount: number;
  readonly step: number;
  /** Current time (ms, biological). */
  time = 0;
  /** Spikes per neuron since the start. */
  readonly spikeCounts: Uint32Array;
  readonly correlation: CorrelationSensors | null;
  error: RunawayError | null = null;

  private readonly sources: SourceRunner[];
  private readonly rowStart: Int32Array;
  private readonly synPost: Int32Array;
  private readonly synChannel: Uint8Array;
  private readonly synAmount: Float64Array;
  private readonly stp: Array<StpDriver | undefined>;
  private readonly stepCurrents: StepCurrentCursor[];
  private readonly input = new StepInput();
  private readonly sink = new SpikeSink();
  private readonly delay: number;
  private pendingTime: number[] = [];
  private pendingPre: number[] = [];
  private pendingHead = 0;
  private spikeNeuron: number[] = [];
  private spikeTime: number[] = [];
  private readonly traces: RecordedTrace[];
  private readonly samplesEvery: number;
  private stepIndex = 0;
  private readonly preEvents: number[] = [];

  constructor(d: NetworkDescription) {
    const problems = validateDescription(d);
    if (problems.length > 0) throw new NetworkDescriptionError(problems);
    this.group = new AdExGroup(d.parameterSets, d.neurons, d.integrator);
    this.step = this.group.step;
    this.neuronCount = d.neurons.length;
    this.sourceCount = d.sources.length;
    this.spikeCounts = new Uint32Array(this.neuronCount);
    this.delay = d.recurrentDelay_ms ?? this.step;
    this.sources = d.sources.map((s, k) => {
      if (s.kind === 'poisson') return new PoissonSource(s, createRandom(d.seed, k));
      if (s.kind === 'array') return new SpikeArraySource(s.times_ms);
      const g = new BackgroundGenerator(s);
      return { spikesIn: (t0: number, t1: number, emit: (time: number) => void) => g.spikesIn(t0, t1, (t) => emit(t)) };
    });

    // CSR by presynaptic stream, amplitudes scaled once by the target's weight scale.
    const streams = this.sourceCount + this.neuronCount;
    const { pre, post, weight, receptor } = d.synapses;
    const m = pre.length;
    this.rowStart = new Int32Array(streams + 1);
    for (let s = 0; s < m; s++) this.rowStart[pre[s] + 1]++;
    for (let p = 0; p < streams; p++) this.rowStart[p + 1] += this.rowStart[p];
    const cursor = this.rowStart.slice(0, streams);
    this.synPost = new Int32Array(m);
    this.synChannel = new Uint8Array(m);
    this.synAmount = new Float64Array(m);
    for (let s = 0; s < m; s++) {
      const k = cursor[pre[s]]++;
      const set = d.parameterSets[d.neurons[post[s]]].synapse;
      this.synPost[k] = post[s];
      this.synChannel[k] = receptor[s] === INHIBITORY ? INHIBITORY : EXCITATORY;
      this.synAmount[k] = weight[s] * (receptor[s] === INHIBITORY ? set.weight_scale_I : set.weight_scale_E);
    }
    this.stp = new Array<StpDriver | undefined>(streams);
    for (const [p, desc] of d.stp ?? []) this.stp[p] = new StpDriver(desc);
    this.correlation = d.correlation
      ? new CorrelationSensors(Int32Array.from(pre), Int32Array.from(post), streams, this.neuronCount, d.correlation)
      : null;
    this.stepCurrents = (d.stepCurrents ?? []).map((s) => new StepCurrentCursor(s));
    const rec = d.record;
    this.samplesEvery = rec ? Math.max(1, Math.round(rec.sample_ms / this.step)) : 0;
    this.traces = (rec?.traces ?? []).map((t) => ({ neuron: t.neuron, variable: t.variable, t0_ms: 0, dt_ms: this.samplesEvery * this.step, values: [] }));
    this.sample();
  }

  /** Advances to `until_ms` (rounded up to whole steps). Returns the runaway error that stopped it, if any. */
  run(until_ms: number): RunawayError | null {
    const steps = Math.ceil((until_ms - this.time) / this.step - 1e-9);
    for (let s = 0; s < steps && this.error === null; s++) this.advanceStep();
    return this.error;
  }

  /** Advances one base step. */
  advanceStep(): RunawayError | null {
    if (this.error !== null) return this.error;
    const h = this.step;
    const t0 = this.stepIndex * h;
    const t1 = t0 + h;
    const input = this.input;
    input.clear();
    this.preEvents.length = 0;
    for (let k = 0; k < this.sources.length; k++) this.sources[k].spikesIn(t0, t1, (t) => this.deliver(k, t, t0));
    while (this.pendingHead < this.pendingTime.length && this.pendingTime[this.pendingHead] < t1) {
      this.deliver(this.pendingPre[this.pendingHead], this.pendingTime[this.pendingHead], t0);
      this.pendingHead++;
    }
    if (this.pendingHead > 4096 && this.pendingHead * 2 > this.pendingTime.length) {
      this.pendingTime = this.pendingTime.slice(this.pendingHead);
      this.pendingPre = this.pendingPre.slice(this.pendingHead);
      this.pendingHead = 0;
    }
    for (const c of this.stepCurrents) c.changesIn(t0, t1, (t, a) => input.push(c.source.neuron, t - t0, CHANNEL_STIMULUS, a));

    const sink = this.sink;
    sink.clear();
    const err = this.group.advance(t0, input, sink);
    if (err !== null) {
      this.error = err;
      return err;
    }
    // This step's spikes in time order (ties by neuron).
    const order = Array.from({ length: sink.count }, (_, j) => j).sort((a, b) => sink.time[a] - sink.time[b] || sink.neuron[a] - sink.neuron[b]);
    for (const j of order) {
      const n = sink.neuron[j], t = sink.time[j];
      this.spikeNeuron.push(n);
      this.spikeTime.push(t);
      this.spikeCounts[n]++;
      if (this.rowStart[this.sourceCount + n + 1] > this.rowStart[this.sourceCount + n]) {
        this.pendingTime.push(t + this.delay);
        this.pendingPre.push(this.sourceCount + n);
      }
    }
    if (this.correlation !== null) this.updateCorrelation(order);
    this.stepIndex++;
    this.time = this.stepIndex * h;
    if (this.samplesEvery > 0 && this.stepIndex % this.samplesEvery === 0) this.sample();
    return null;
  }

  /** All spikes so far, sorted by time (ties by neuron index). */
  spikes(): { neuron: number[]; time_ms: number[] } {
    return { neuron: this.spikeNeuron.slice(), time_ms: this.spikeTime.slice() };
  }

  recordedTraces(): RecordedTrace[] {
    return this.traces;
  }

  private deliver(pre: number, t: number, t0: number): void {
    const driver = this.stp[pre];
    const efficacy = driver === undefined ? 1 : driver.onEvent(t);
    const input = this.input;
    const offset = t - t0;
    for (let k = this.rowStart[pre], end = this.rowStart[pre + 1]; k < end; k++) {
      input.push(this.synPost[k], offset, this.synChannel[k], this.synAmount[k] * efficacy);
    }
    if (this.correlation !== null) this.preEvents.push(t, pre);
  }

  /** Feeds the step's pre and post events to the sensors in time order (pre first on ties). */
  private updateCorrelation(postOrder: number[]): void {
    const c = this.correlation!;
    const pre = this.preEvents;
    const preIdx = Array.from({ length: pre.length / 2 }, (_, j) => j).sort((a, b) => pre[2 * a] - pre[2 * b]);
    let a = 0, b = 0;
    while (a < preIdx.length || b < postOrder.length) {
      const tPre = a < preIdx.length ? pre[2 * preIdx[a]] : Infinity;
      const tPost = b < postOrder.length ? this.sink.time[postOrder[b]] : Infinity;
      if (tPre <= tPost) { c.onPre(pre[2 * preIdx[a] + 1], tPre); a++; }
      else { c.onPost(this.sink.neuron[postOrder[b]], tPost); b++; }
    }
  }

  private sample(): void {
    for (const tr of this.traces) {
      const i = tr.neuron;
      const g = this.group;
      tr.values.push(tr.variable === 'v' ? g.v[i] : tr.variable === 'w' ? g.w[i] : g.synapticCurrent(i, tr.variable === 'i_syn_E' ? 0 : 1));
    }
  }
}

function validateDescription(d: NetworkDescription): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  if (!Number.isInteger(d.seed)) problems.push({ parameter: 'seed', message: `seed must be an integer, got ${d.seed}` });
  const n = d.neurons.length;
  const streams = d.sources.length + n;
  d.sources.forEach((s, k) => {
    const where = `sources[${k}]`;
    if (s.kind === 'poisson') problems.push(...validatePoisson(s, where));
    else if (s.kind === 'array') problems.push(...validateSpikeTimes(s.times_ms, where));
    else if (s.kind === 'background') problems.push(...validateBackground(s, where));
    else problems.push({ parameter: `${where}.kind`, message: `unknown source kind ${String((s as { kind: unknown }).kind)}` });
  });
  const { pre, post, weight, receptor } = d.synapses;
  if (post.length !== pre.length || weight.length !== pre.length || receptor.length !== pre.length) {
    problems.push({ parameter: 'synapses', message: 'pre, post, weight and receptor must have the same length' });
    return problems;
  }
  for (let s = 0; s < pre.length; s++) {
    const where = `synapses[${s}]`;
    if (!(Number.isInteger(pre[s]) && pre[s] >= 0 && pre[s] < streams)) problems.push({ parameter: `${where}.pre`, message: `no presynaptic stream ${pre[s]} (0..${streams - 1})` });
    if (!(Number.isInteger(post[s]) && post[s] >= 0 && post[s] < n)) problems.push({ parameter: `${where}.post`, message: `no neuron ${post[s]} (0..${n - 1})` });
    if (!(Number.isInteger(weight[s]) && weight[s] >= 0 && weight[s] <= WEIGHT_MAX)) problems.push({ parameter: `${where}.weight`, message: `weight must be an integer in 0..${WEIGHT_MAX}, got ${weight[s]}` });
    if (receptor[s] !== EXCITATORY && receptor[s] !== INHIBITORY) problems.push({ parameter: `${where}.receptor`, message: `receptor must be 0 (excitatory) or 1 (inhibitory)` });
    if (problems.length > 20) return problems;
  }
  for (const [p, s] of d.stp ?? []) {
    if (!(Number.isInteger(p) && p >= 0 && p < streams)) problems.push({ parameter: `stp[${p}]`, message: `no presynaptic stream ${p}` });
    problems.push(...validateStp(s, `stp[${p}]`));
  }
  (d.stepCurrents ?? []).forEach((s, k) => {
    if (!(Number.isInteger(s.neuron) && s.neuron >= 0 && s.neuron < n)) problems.push({ parameter: `stepCurrents[${k}].neuron`, message: `no neuron ${s.neuron}` });
    problems.push(...validateStepCurrent(s, `stepCurrents[${k}]`));
  });
  const step = d.integrator?.step_ms ?? 0.1;
  if (d.recurrentDelay_ms !== undefined && !(d.recurrentDelay_ms >= step)) {
    problems.push({ parameter: 'recurrentDelay_ms', message: `must be ≥ the base step (${step} ms), got ${d.recurrentDelay_ms}` });
  }
  if (d.record) {
    const r = d.record.sample_ms / step;
    if (!(Math.abs(r - Math.round(r)) < 1e-9 && Math.round(r) >= 1)) {
      problems.push({ parameter: 'record.sample_ms', message: `must be a whole multiple of the base step (${step} ms), got ${d.record.sample_ms}` });
    }
    d.record.traces.forEach((t, k) => {
      if (!(Number.isInteger(t.neuron) && t.neuron >= 0 && t.neuron < n)) problems.push({ parameter: `record.traces[${k}].neuron`, message: `no neuron ${t.neuron}` });
    });
  }
  return problems;
}
