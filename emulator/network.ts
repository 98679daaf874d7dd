/**
 * The emulator's network core: many AdEx neurons on typed arrays, fed by sources and by each other through a
 * synapse table, recorded as spikes (sorted by time), spike counts and sampled traces. Input is a plain
 * description (numbers and arrays), so that the chip-configuration adapter can build it; no I/O here.
 *
 * Time advances in base steps of h (0.1 ms bio by default). In each step: the sources' spikes in [t, t + h) are
 * taken from a min-heap of every source's next spike time; every spike of presynaptic stream p is fanned out
 * through p's synapses (CSR: for each p, its (post, amplitude, receptor) entries) at the spike's exact time,
 * scaled by p's STP efficacy if STP is on, as kicks summed per neuron (`AdExGroup.addFanOuts`); neurons advance
 * (adexIntegrator.ts), and only the neurons on the adaptive path get their events listed one by one (`gather`);
 * their spikes reach their targets `recurrentDelay_ms` later (≥ h: the chip's neurons exchange events through
 * its routing, which the emulator models as this fixed latency).
 *
 * Presynaptic stream indices: 0..S-1 are the sources, S..S+N-1 the neurons.
 * Determinism: every random stream is derived from `seed` and the source's index (common/random.ts).
 */
import type { RunawayError, ParameterProblem } from './models/adex';
import {
  AdExGroup, CHANNEL_STIMULUS, type FanOutGatherer, type IntegratorOptions, type NeuronParameters, SpikeSink, StepInput,
} from './models/adexIntegrator';
import { type BackgroundDescription, BackgroundGenerator, validateBackground } from './models/backgroundGenerator';
import { type CorrelationParameters, CorrelationSensors } from './models/correlationSensor';
import { type PoissonDescription, PoissonSource, validatePoisson } from './models/poissonSource';
import { SpikeArraySource, validateSpikeTimes } from './models/spikeArray';
import { type StepCurrentDescription, StepCurrentCursor, validateStepCurrent } from './models/stepCurrent';
import { type StpDescription, StpDriver, validateStp } from './models/stp';
import { EXCITATORY, INHIBITORY } from './models/synapticInput';
import {
  type CompartmentalNeuronDescription, CompartmentGroup, standInParameterSets, validateCompartmentalNeurons,
} from './models/compartmentalNeuron';
import { FIELDS } from '../common/chip/limits';
import { createStream } from '../common/random';
import { grown } from './typedArrays';

const WEIGHT_MAX = FIELDS.weight[1];

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
  /** The STP driver (index into NetworkDescription.stpDrivers) each synapse's events pass through; -1: none. */
  stpDriver?: ArrayLike<number>;
}

/**
 * A synapse driver with short-term plasticity. Its state is shared by every event it takes (facts §5.3; the
 * choice is argued in docs/emulator.md): each event of each of `streams` uses it once, whether or not a synapse
 * of the driver's rows matches the event's label, and the synapses listed with this driver are scaled by it.
 */
export interface StpDriverDescription {
  stp: StpDescription;
  streams: readonly number[];
}

export interface NetworkDescription {
  seed: number;
  parameterSets: readonly NeuronParameters[];
  /** Parameter set of each neuron; its length is the neuron count. */
  neurons: ArrayLike<number>;
  sources: readonly SourceDescription[];
  synapses: SynapseTable;
  /**
   * STP of each presynaptic stream that has it (index → description): a driver of its own for the stream, acting
   * on all its synapses. `stpDrivers` describes drivers shared by several streams.
   */
  stp?: ReadonlyArray<readonly [number, StpDescription]>;
  stpDrivers?: readonly StpDriverDescription[];
  /** Correlation sensing on every synapse, with these parameters. */
  correlation?: CorrelationParameters;
  stepCurrents?: readonly StepCurrentDescription[];
  record?: { traces: ReadonlyArray<{ neuron: number; variable: TraceVariableName }>; sample_ms: number };
  recurrentDelay_ms?: number;
  integrator?: IntegratorOptions;
  /** Multi-compartment neurons (models/compartmentalNeuron.ts): their circuits are integrated there, not by the group. */
  compartmentNeurons?: readonly CompartmentalNeuronDescription[];
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
  /** Writes the source's next spike time (ms, ascending; Infinity when it has no more) to out[0]. */
  nextSpikeInto(out: Float64Array): void;
}

export class Network implements FanOutGatherer {
  readonly group: AdExGroup;
  /** The multi-compartment neurons, or null when the network has none. */
  readonly compartments: CompartmentGroup | null;
  readonly sourceCount: number;
  readonly neuronCount: number;
  readonly step: number;
  /** Current time (ms, biological). */
  time = 0;
  /** Spikes per neuron since the start. */
  readonly spikeCounts: Uint32Array;
  readonly correlation: CorrelationSensors | null;
  error: RunawayError | null = null;
  /** Debugger hook: sees every event delivered from presynaptic stream `pre` at time `t` (emulator/breakpoints.ts). */
  deliveryObserver: ((pre: number, t: number) => void) | null = null;

  private readonly sources: SourceRunner[];
  private readonly rowStart: Int32Array;
  private readonly synPost: Int32Array;
  /** Each neuron's incoming synapses: table slots, ascending, at [inStart[i], inStart[i + 1]) of inSlot. */
  private readonly inStart: Int32Array;
  private readonly inSlot: Int32Array;
  /** What one look-up in inSlot costs, in scanned targets: the bisection's steps over the largest fan-in, plus two. */
  private readonly lookUpCost: number;
  private readonly synChannel: Uint8Array;
  private readonly synAmount: Float64Array;
  /** STP drivers; the drivers each stream's events pass (CSR); the driver of each synapse slot (-1: none). */
  private readonly stpDrivers: StpDriver[];
  private readonly streamDriverStart: Int32Array;
  private readonly streamDrivers: Int32Array;
  private readonly synDriver: Int32Array;
  /** Efficacy of each driver for the event being delivered. */
  private readonly driverEfficacy: Float64Array;
  private readonly stepCurrents: StepCurrentCursor[];
  private readonly input = new StepInput();
  private readonly sink = new SpikeSink();
  private readonly delay: number;
  // Typed arrays, grown by doubling, for everything a run appends to: the step loop allocates nothing else.
  /** Neuron spikes on their way to their targets (due time, stream), in time order: entries head..tail-1. */
  private pendingTime = new Float64Array(1024);
  private pendingPre = new Int32Array(1024);
  private pendingHead = 0;
  private pendingTail = 0;
  /** Every neuron spike so far, in time order: spikeCount entries. */
  private spikeNeuron = new Int32Array(1024);
  private spikeTime = new Float64Array(1024);
  private spikeCount = 0;
  private readonly traces: RecordedTrace[];
  private readonly samplesEvery: number;
  private stepIndex = 0;
  /** The step's presynaptic events for the correlation sensors (time, stream), in delivery order; and their time order. */
  private preEventTime = new Float64Array(64);
  private preEventPre = new Int32Array(64);
  private preEventOrder = new Int32Array(64);
  private preEventCount = 0;
  // Min-heap of the sources' next spike times.
  private readonly heapTime: Float64Array;
  private readonly heapSource: Int32Array;
  private heapSize = 0;
  // The step's presynaptic spikes that reached the group as fan-outs: offset, CSR range, scale.
  private fanOffset = new Float64Array(64);
  private fanStart = new Int32Array(64);
  private fanEnd = new Int32Array(64);
  private fanScale = new Float64Array(64);
  private fanCount = 0;
  private order = new Int32Array(64);
  /** Passes one time between the delivery helpers without boxing it (see advanceStep). */
  private readonly scratch = new Float64Array(1);

  constructor(d: NetworkDescription) {
    const problems = validateDescription(d);
    if (problems.length > 0) throw new NetworkDescriptionError(problems);
    // The circuits of multi-compartment neurons run in `compartments`; the group carries inert stand-ins for them,
    // whose state arrays mirror the compartments (so traces, the debugger and the PPU read them as any neuron's).
    const standIn = d.compartmentNeurons?.length ? standInParameterSets(d.parameterSets, d.neurons, d.compartmentNeurons) : null;
    this.group = new AdExGroup(standIn?.parameterSets ?? d.parameterSets, standIn?.neurons ?? d.neurons, d.integrator, d.synapses.pre.length);
    this.step = this.group.step;
    this.compartments = standIn ? new CompartmentGroup(d.compartmentNeurons!, d.parameterSets, d.neurons, this.group, this.step, d.integrator) : null;
    this.neuronCount = d.neurons.length;
    this.sourceCount = d.sources.length;
    this.spikeCounts = new Uint32Array(this.neuronCount);
    this.delay = d.recurrentDelay_ms ?? this.step;
    this.sources = d.sources.map((s, k) => {
      if (s.kind === 'poisson') return new PoissonSource(s, createStream(d.seed, 'source', k));
      if (s.kind === 'array') return new SpikeArraySource(s.times_ms);
      return new BackgroundGenerator(s);
    });
    this.heapTime = new Float64Array(this.sourceCount);
    this.heapSource = new Int32Array(this.sourceCount);
    this.sources.forEach((src, k) => {
      src.nextSpikeInto(this.scratch);
      this.heapPush(this.scratch[0], k);
    });

    // CSR by presynaptic stream, amplitudes scaled once by the target's weight scale.
    const streams = this.sourceCount + this.neuronCount;
    const { pre, post, weight, receptor } = d.synapses;
    const m = pre.length;
    this.rowStart = new Int32Array(streams + 1);
    for (let s = 0; s < m; s++) this.rowStart[pre[s] + 1]++;
    for (let p = 0; p < streams; p++) this.rowStart[p + 1] += this.rowStart[p];
    const cursor = this.rowStart.slice(0, streams);
    // The group's own table: fan-outs through it run in its WebAssembly kernel.
    this.synPost = this.group.synapsePost;
    this.synChannel = this.group.synapseChannel;
    this.synAmount = this.group.synapseAmount;
    // STP drivers: the per-stream ones (`stp`) first, then the shared ones (`stpDrivers`).
    const drivers: StpDriverDescription[] = [...(d.stp ?? []).map(([p, stp]) => ({ stp, streams: [p] })), ...(d.stpDrivers ?? [])];
    const ownDriver = new Int32Array(streams).fill(-1);
    (d.stp ?? []).forEach(([p], j) => { ownDriver[p] = j; });
    const sharedOffset = (d.stp ?? []).length;
    this.synDriver = new Int32Array(m).fill(-1);
    for (let s = 0; s < m; s++) {
      const k = cursor[pre[s]]++;
      const set = d.parameterSets[d.neurons[post[s]]].synapse;
      this.synPost[k] = post[s];
      this.synChannel[k] = receptor[s] === INHIBITORY ? INHIBITORY : EXCITATORY;
      this.synAmount[k] = weight[s] * (receptor[s] === INHIBITORY ? set.weight_scale_I : set.weight_scale_E);
      const shared = d.synapses.stpDriver?.[s] ?? -1;
      this.synDriver[k] = shared >= 0 ? sharedOffset + shared : ownDriver[pre[s]];
    }
    this.inStart = new Int32Array(this.neuronCount + 1);
    for (let k = 0; k < m; k++) this.inStart[this.synPost[k] + 1]++;
    for (let i = 0; i < this.neuronCount; i++) this.inStart[i + 1] += this.inStart[i];
    this.inSlot = new Int32Array(m);
    const inCursor = this.inStart.slice(0, this.neuronCount);
    for (let k = 0; k < m; k++) this.inSlot[inCursor[this.synPost[k]]++] = k;
    let fanIn = 0;
    for (let i = 0; i < this.neuronCount; i++) fanIn = Math.max(fanIn, this.inStart[i + 1] - this.inStart[i]);
    this.lookUpCost = Math.ceil(Math.log2(fanIn + 1)) + 2;
    this.stpDrivers = drivers.map((x) => new StpDriver(x.stp));
    this.driverEfficacy = new Float64Array(drivers.length).fill(1);
    this.streamDriverStart = new Int32Array(streams + 1);
    for (const x of drivers) for (const p of x.streams) this.streamDriverStart[p + 1]++;
    for (let p = 0; p < streams; p++) this.streamDriverStart[p + 1] += this.streamDriverStart[p];
    this.streamDrivers = new Int32Array(this.streamDriverStart[streams]);
    const driverCursor = this.streamDriverStart.slice(0, streams);
    drivers.forEach((x, j) => { for (const p of x.streams) this.streamDrivers[driverCursor[p]++] = j; });
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
    this.fanCount = 0;
    this.preEventCount = 0;
    const heapTime = this.heapTime, heapSource = this.heapSource;
    // Floating-point numbers travel through typed arrays here, not as call arguments or return values: V8 boxes
    // those of calls it does not inline, and a million events per second made that garbage collection's work.
    const scratch = this.scratch;
    // Source spikes and delayed neuron spikes in one time order (sources first on ties), so that a driver
    // shared by both sees its events in order.
    const pendingTime = this.pendingTime;
    for (;;) {
      const tSource = this.heapSize > 0 ? heapTime[0] : Infinity;
      const tPending = this.pendingHead < this.pendingTail ? pendingTime[this.pendingHead] : Infinity;
      if (tSource < t1 && tSource <= tPending) {
        const k = heapSource[0];
        scratch[0] = tSource;
        this.deliver(k, t0);
        this.sources[k].nextSpikeInto(scratch);
        this.heapReplaceTop();
      } else if (tPending < t1) {
        scratch[0] = tPending;
        this.deliver(this.pendingPre[this.pendingHead], t0);
        this.pendingHead++;
      } else break;
    }
    if (this.fanCount > 0) {
      this.group.addFanOuts(this.fanOffset, this.fanStart, this.fanEnd, this.fanScale, this.fanCount, this.synPost, this.synChannel, this.synAmount);
    }
    for (let q = 0; q < this.stepCurrents.length; q++) {
      const c = this.stepCurrents[q];
      for (let j = c.nextBefore(t1); j >= 0; j = c.nextBefore(t1)) {
        const neuron = c.source.neuron, offset = c.source.times_ms[j] - t0, amount = c.source.amplitudes_pA[j];
        if (this.compartments !== null && this.compartments.owns[neuron] === 1) {
          this.compartments.input.push(neuron, offset, CHANNEL_STIMULUS, amount);
          continue;
        }
        input.push(neuron, offset, CHANNEL_STIMULUS, amount);
        this.group.addEvent(neuron, offset, CHANNEL_STIMULUS, amount);
      }
    }

    const sink = this.sink;
    sink.clear();
    const err = this.group.integrate(t0, input, sink, this) ?? (this.compartments !== null ? this.compartments.integrate(t0, sink, this) : null);
    if (err !== null) {
      this.error = err;
      return err;
    }
    // This step's spikes in time order (ties by neuron): insertion sort, there are few.
    const count = sink.count;
    if (this.order.length < count) this.order = new Int32Array(count * 2);
    const order = this.order;
    for (let j = 0; j < count; j++) {
      const tj = sink.time[j], nj = sink.neuron[j];
      let b = j - 1;
      while (b >= 0 && (sink.time[order[b]] > tj || (sink.time[order[b]] === tj && sink.neuron[order[b]] > nj))) { order[b + 1] = order[b]; b--; }
      order[b + 1] = j;
    }
    if (this.spikeCount + count > this.spikeTime.length) this.growSpikes(this.spikeCount + count);
    if (this.pendingTail + count > this.pendingTime.length) this.makePendingRoom(count);
    const spikeNeuron = this.spikeNeuron, spikeTime = this.spikeTime, dueTime = this.pendingTime, duePre = this.pendingPre;
    for (let q = 0; q < count; q++) {
      const j = order[q];
      const n = sink.neuron[j], t = sink.time[j];
      spikeNeuron[this.spikeCount] = n;
      spikeTime[this.spikeCount++] = t;
      this.spikeCounts[n]++;
      if (this.rowStart[this.sourceCount + n + 1] > this.rowStart[this.sourceCount + n]) {
        dueTime[this.pendingTail] = t + this.delay;
        duePre[this.pendingTail++] = this.sourceCount + n;
      }
    }
    if (this.correlation !== null) this.updateCorrelation(order, count);
    this.stepIndex++;
    this.time = this.stepIndex * h;
    if (this.samplesEvery > 0 && this.stepIndex % this.samplesEvery === 0) this.sample();
    return null;
  }

  /** The spikes from the k-th on (in the order of `spikes`), as views: valid until the next step. */
  spikesFrom(k: number): { neuron: Int32Array; time_ms: Float64Array } {
    const from = Math.min(Math.max(0, k), this.spikeCount);
    return { neuron: this.spikeNeuron.subarray(from, this.spikeCount), time_ms: this.spikeTime.subarray(from, this.spikeCount) };
  }

  /** All spikes so far, sorted by time (ties by neuron index). */
  spikes(): { neuron: number[]; time_ms: number[] } {
    return { neuron: Array.from(this.spikeNeuron.subarray(0, this.spikeCount)), time_ms: Array.from(this.spikeTime.subarray(0, this.spikeCount)) };
  }

  private growSpikes(needed: number): void {
    const n = Math.max(needed, this.spikeTime.length * 2);
    this.spikeTime = grown(this.spikeTime, n);
    this.spikeNeuron = grown(this.spikeNeuron, n);
  }

  /** Room for `count` more pending spikes at the tail: the delivered ones are dropped first, then the arrays grow. */
  private makePendingRoom(count: number): void {
    const live = this.pendingTail - this.pendingHead;
    const n = live + count > this.pendingTime.length / 2 ? Math.max(live + count, this.pendingTime.length) * 2 : this.pendingTime.length;
    const t = n === this.pendingTime.length ? this.pendingTime : new Float64Array(n);
    const p = n === this.pendingPre.length ? this.pendingPre : new Int32Array(n);
    t.set(this.pendingTime.subarray(this.pendingHead, this.pendingTail));
    p.set(this.pendingPre.subarray(this.pendingHead, this.pendingTail));
    this.pendingTime = t; this.pendingPre = p;
    this.pendingHead = 0; this.pendingTail = live;
  }

  recordedTraces(): RecordedTrace[] {
    return this.traces;
  }

  /**
   * Takes the spike of presynaptic stream `pre` at time scratch[0] into the step that starts at t0: its fan-out
   * is listed (and added to the neurons once per step, `AdExGroup.addFanOuts`, in delivery order).
   */
  private deliver(pre: number, t0: number): void {
    // Debugger hook (emulator/breakpoints.ts): null unless a breakpoint watches deliveries.
    if (this.deliveryObserver !== null) this.deliveryObserver(pre, this.scratch[0]);
    const start = this.rowStart[pre], end = this.rowStart[pre + 1];
    const d0 = this.streamDriverStart[pre], d1 = this.streamDriverStart[pre + 1];
    if (d1 === d0) {
      if (end > start) this.pushFanOut(start, end, this.scratch[0] - t0, 1);
    } else {
      // Every driver the event passes uses its STP state once; then each run of synapses behind one driver gets
      // that driver's efficacy (the chip adapter lists a stream's synapses driver by driver).
      for (let j = d0; j < d1; j++) {
        const drv = this.streamDrivers[j];
        this.driverEfficacy[drv] = this.stpDrivers[drv].onEvent(this.scratch[0]);
      }
      const synDriver = this.synDriver;
      for (let a = start; a < end;) {
        const drv = synDriver[a];
        let b = a + 1;
        while (b < end && synDriver[b] === drv) b++;
        this.pushFanOut(a, b, this.scratch[0] - t0, drv < 0 ? 1 : this.driverEfficacy[drv]);
        a = b;
      }
    }
    if (this.correlation !== null) {
      if (this.preEventCount === this.preEventTime.length) this.growPreEvents();
      this.preEventTime[this.preEventCount] = this.scratch[0];
      this.preEventPre[this.preEventCount++] = pre;
    }
  }

  private growPreEvents(): void {
    const n = this.preEventTime.length * 2;
    this.preEventTime = grown(this.preEventTime, n);
    this.preEventPre = grown(this.preEventPre, n);
    this.preEventOrder = new Int32Array(n);
  }

  private pushFanOut(start: number, end: number, offset: number, scale: number): void {
    if (this.fanCount === this.fanOffset.length) this.growFanOuts();
    const f = this.fanCount++;
    this.fanOffset[f] = offset; this.fanStart[f] = start; this.fanEnd[f] = end; this.fanScale[f] = scale;
  }

  /** Recovered fraction r of STP driver j (`stp` drivers first, then `stpDrivers`), for read-out and tests. */
  stpRecovered(j: number): number {
    return this.stpDrivers[j].recovered;
  }

  /** Lists the step's fanned-out events of the neurons on the adaptive path into the step's input. */
  gather(flags: Uint8Array, input: StepInput, listed: Int32Array | null, count: number): void {
    const post = this.synPost, channel = this.synChannel, amount = this.synAmount;
    if (listed !== null && this.lookUpCheaper(count)) {
      // Each listed neuron's synapses in each fan-out's range, found by bisecting its incoming slots.
      const inStart = this.inStart, inSlot = this.inSlot;
      for (let f = 0; f < this.fanCount; f++) {
        const offset = this.fanOffset[f], scale = this.fanScale[f], start = this.fanStart[f], end = this.fanEnd[f];
        for (let q = 0; q < count; q++) {
          const i = listed[q];
          let lo = inStart[i], hi = inStart[i + 1];
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (inSlot[mid] < start) lo = mid + 1;
            else hi = mid;
          }
          for (let j = lo, last = inStart[i + 1]; j < last && inSlot[j] < end; j++) {
            const k = inSlot[j];
            input.push(i, offset, channel[k], amount[k] * scale);
          }
        }
      }
      return;
    }
    for (let f = 0; f < this.fanCount; f++) {
      const offset = this.fanOffset[f], scale = this.fanScale[f];
      for (let k = this.fanStart[f], end = this.fanEnd[f]; k < end; k++) {
        const i = post[k];
        if (flags[i] === 1) input.push(i, offset, channel[k], amount[k] * scale);
      }
    }
  }

  /** Whether looking up `count` neurons' synapses in this step's fan-outs costs less than scanning their targets. */
  private lookUpCheaper(count: number): boolean {
    let targets = 0;
    for (let f = 0; f < this.fanCount; f++) targets += this.fanEnd[f] - this.fanStart[f];
    return count * this.fanCount * this.lookUpCost < targets;
  }

  private growFanOuts(): void {
    const n = this.fanOffset.length * 2;
    this.fanOffset = grown(this.fanOffset, n); this.fanStart = grown(this.fanStart, n);
    this.fanEnd = grown(this.fanEnd, n); this.fanScale = grown(this.fanScale, n);
  }

  private heapPush(time: number, source: number): void {
    if (!(time < Infinity)) return;
    const ht = this.heapTime, hs = this.heapSource;
    let j = this.heapSize++;
    while (j > 0) {
      const parent = (j - 1) >> 1;
      if (ht[parent] <= time) break;
      ht[j] = ht[parent]; hs[j] = hs[parent];
      j = parent;
    }
    ht[j] = time; hs[j] = source;
  }

  /** Replaces the top's time by scratch[0] (Infinity: removes it) and restores the heap. */
  private heapReplaceTop(): void {
    const ht = this.heapTime, hs = this.heapSource;
    let time = this.scratch[0];
    let source = hs[0];
    if (!(time < Infinity)) {
      const last = --this.heapSize;
      if (last === 0) return;
      time = ht[last]; source = hs[last];
    }
    const size = this.heapSize;
    let j = 0;
    for (;;) {
      let child = 2 * j + 1;
      if (child >= size) break;
      if (child + 1 < size && ht[child + 1] < ht[child]) child++;
      if (ht[child] >= time) break;
      ht[j] = ht[child]; hs[j] = hs[child];
      j = child;
    }
    ht[j] = time; hs[j] = source;
  }

  /**
   * Feeds the step's pre events and its `postCount` spikes (sink entries in the order postOrder) to the sensors in
   * time order (pre first on ties).
   */
  private updateCorrelation(postOrder: Int32Array, postCount: number): void {
    const c = this.correlation!;
    const preTime = this.preEventTime, preCount = this.preEventCount;
    // The pre events in time order, ties in delivery order (a stable insertion sort: they are nearly sorted).
    const preIdx = this.preEventOrder;
    for (let j = 0; j < preCount; j++) {
      const tj = preTime[j];
      let b = j - 1;
      while (b >= 0 && preTime[preIdx[b]] > tj) { preIdx[b + 1] = preIdx[b]; b--; }
      preIdx[b + 1] = j;
    }
    let a = 0, b = 0;
    while (a < preCount || b < postCount) {
      const tPre = a < preCount ? preTime[preIdx[a]] : Infinity;
      const tPost = b < postCount ? this.sink.time[postOrder[b]] : Infinity;
      if (tPre <= tPost) { c.onPre(this.preEventPre[preIdx[a]], tPre); a++; }
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

  // ---- plasticity processor access (emulator/ppu/runtime.ts) ------------------------------------------------
  // Called between steps only. Everything else the PPU reads is public already: spikeCounts, correlation, group.v.

  /**
   * The fan-out slot of the `occurrence`-th synapse from presynaptic stream `pre` to neuron `post` (the table's
   * order within one stream is kept, see the constructor), or -1.
   */
  synapseSlot(pre: number, post: number, occurrence = 0): number {
    let seen = 0;
    for (let k = this.rowStart[pre], end = this.rowStart[pre + 1]; k < end; k++) {
      if (this.synPost[k] === post && seen++ === occurrence) return k;
    }
    return -1;
  }

  /** Sets what one spike through slot k delivers: weight x the target's weight scale (pA or nS). */
  setSynapseAmplitude(k: number, amount: number): void {
    this.synAmount[k] = amount;
  }

  synapseAmplitude(k: number): number {
    return this.synAmount[k];
  }

  /** Adds to a neuron's injected current, pA (the offset current a plasticity rule programs). */
  addNeuronCurrent(neuron: number, pA: number): void {
    this.group.stim[neuron] += pA;
  }
  // ---- end of plasticity processor access -------------------------------------------------------------------
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
  const shared = d.stpDrivers ?? [];
  shared.forEach((x, j) => {
    problems.push(...validateStp(x.stp, `stpDrivers[${j}].stp`));
    for (const p of x.streams) {
      if (!(Number.isInteger(p) && p >= 0 && p < streams)) problems.push({ parameter: `stpDrivers[${j}].streams`, message: `no presynaptic stream ${p}` });
    }
  });
  const withOwn = new Set((d.stp ?? []).map(([p]) => p));
  const takes = shared.map((x) => new Set(x.streams));
  const drv = d.synapses.stpDriver;
  if (drv !== undefined) {
    if (drv.length !== pre.length) problems.push({ parameter: 'synapses.stpDriver', message: 'must have one entry per synapse' });
    else {
      for (let s = 0; s < pre.length && problems.length <= 20; s++) {
        const j = drv[s];
        if (j === -1) continue;
        if (!(Number.isInteger(j) && j >= 0 && j < shared.length)) problems.push({ parameter: `synapses[${s}].stpDriver`, message: `no STP driver ${j} (0..${shared.length - 1}, or -1)` });
        else if (!takes[j].has(pre[s])) problems.push({ parameter: `synapses[${s}].stpDriver`, message: `STP driver ${j} does not take stream ${pre[s]}` });
        else if (withOwn.has(pre[s])) problems.push({ parameter: `synapses[${s}].stpDriver`, message: `stream ${pre[s]} already has a driver of its own in stp` });
      }
    }
  }
  (d.stepCurrents ?? []).forEach((s, k) => {
    if (!(Number.isInteger(s.neuron) && s.neuron >= 0 && s.neuron < n)) problems.push({ parameter: `stepCurrents[${k}].neuron`, message: `no neuron ${s.neuron}` });
    problems.push(...validateStepCurrent(s, `stepCurrents[${k}]`));
  });
  if (d.compartmentNeurons) problems.push(...validateCompartmentalNeurons(d.compartmentNeurons, d.parameterSets, d.neurons));
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
