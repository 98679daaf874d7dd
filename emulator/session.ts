/**
 * One emulation, as the process serves it: a loaded chip configuration, the network built from it, the run's
 * progress, and the results in the user's terms (population names and indices, biological ms). Knows nothing
 * of JSON-RPC; the process (process/server.ts) translates requests into these calls.
 */
import type { ChipConfiguration } from '../common/chip/configuration';
import { validateChipConfiguration } from '../common/chip/validate';
import type { NeuronState, ReadStateResult, ResultsChunk, RunState, RunStatus } from '../common/protocol/emulator';
import { RESULTS_SCHEMA_VERSION, TRACE_UNITS, type RunResults, type SpikeTrains, type Trace } from '../common/results';
import { type EmulatedNetwork, type EmulationOptions, networkFromConfiguration } from './chip/networkFromConfiguration';
import { Network, NetworkDescriptionError } from './network';
import { BreakpointError, BreakpointSet, resolveProjection } from './breakpoints';
import type { ReadWeightsResult, SetBreakpointsParams, SetBreakpointsResult, StopReason } from '../common/protocol/emulator';
import type { RuleExecutionState } from './ppu/interpreter';
import { PpuRuntime, type RuleBreakpoint } from './ppu/runtime';

/** A request that cannot be served in the session's current state, or with these arguments. */
export class SessionError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-loaded' | 'invalid-configuration' | 'invalid-argument' | 'finished',
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

interface Loaded {
  config: ChipConfiguration;
  emulated: EmulatedNetwork;
  network: Network;
  /** The plasticity processors running the configuration's rules (emulator/ppu/). */
  ppu: PpuRuntime;
  /** What earlier chunks carried: the network's spikes (its list is in time order), each spike-array source's, and
   * each trace's (decimated) samples. */
  chunkSpikes: SpikeCursor;
  chunkTraceCursor: number[];
}

/** How far into the spikes a reader got: the network's list (in time order) and each spike-array source's times. */
interface SpikeCursor {
  spike: number;
  sources: number[];
}

function noChunksYet(): Pick<Loaded, 'chunkSpikes' | 'chunkTraceCursor'> {
  return { chunkSpikes: { spike: 0, sources: [] }, chunkTraceCursor: [] };
}

export class EmulatorSession {
  private loaded: Loaded | undefined;
  private runState: RunState = 'idle';
  private failure: RunStatus['error'];
  // Debugger breakpoints (emulator/breakpoints.ts): null when none are set, so that a run pays nothing for them.
  private breakpointParams: SetBreakpointsParams | undefined;
  private breakpoints: BreakpointSet | null = null;
  private lastStop: StopReason | undefined;

  load(configuration: unknown, options: EmulationOptions = {}): { experiment: string; neurons: number; duration_ms: number; seed: number; step_ms: number } {
    const problems = validateChipConfiguration(configuration);
    if (problems.length > 0) {
      throw new SessionError(`the chip configuration is invalid: ${problems.slice(0, 5).join('; ')}`, 'invalid-configuration', problems);
    }
    const config = configuration as ChipConfiguration;
    const emulated = networkFromConfiguration(config, config.seed, options);
    let network: Network;
    try {
      network = new Network(emulated.description);
    } catch (error) {
      // What the schema cannot express (e.g. a multi-compartment neuron the emulator cannot run) arrives here.
      if (!(error instanceof NetworkDescriptionError)) throw error;
      const problems = error.problems.map((p) => `${p.parameter}: ${p.message}`);
      throw new SessionError(`the chip configuration cannot be emulated: ${problems.slice(0, 5).join('; ')}`, 'invalid-configuration', problems);
    }
    this.loaded = { config, emulated, network, ppu: new PpuRuntime(config, emulated, network), ...noChunksYet() };
    this.runState = 'loaded';
    this.failure = undefined;
    this.lastStop = undefined;
    this.breakpoints = null;
    this.breakpointParams = undefined;
    return {
      experiment: config.experiment,
      neurons: config.neurons.length,
      duration_ms: emulated.duration_ms,
      seed: config.seed,
      step_ms: this.loaded.network.step,
    };
  }

  /** Back to time 0 with the same configuration. */
  reset(): RunStatus {
    const loaded = this.require();
    const network = new Network(loaded.emulated.description);
    const ppu = new PpuRuntime(loaded.config, loaded.emulated, network);
    ppu.breakpoints = loaded.ppu.breakpoints;
    this.loaded = { ...loaded, network, ppu, ...noChunksYet() };
    this.runState = 'loaded';
    this.failure = undefined;
    this.lastStop = undefined;
    this.breakpoints = this.breakpointParams ? BreakpointSet.rearm(this.breakpointParams, loaded.config, loaded.emulated, network) : null;
    return this.status();
  }

  /** The core's base step, ms bio. */
  get stepMs(): number {
    return this.require().network.step;
  }

  get state(): RunState {
    return this.runState;
  }

  set state(state: RunState) {
    this.runState = state;
  }

  status(): RunStatus {
    const loaded = this.loaded;
    return {
      state: this.runState,
      time_ms: loaded ? loaded.network.time : 0,
      duration_ms: loaded ? loaded.emulated.duration_ms : 0,
      ...(this.failure ? { error: this.failure } : {}),
      ...(this.lastStop ? { stop: this.lastStop } : {}),
    };
  }

  /** Throws unless a configuration is loaded and its run can go on. */
  assertRunnable(): void {
    this.require();
    if (this.runState === 'finished') throw new SessionError('the run has reached its end; reset to run it again', 'finished');
    if (this.runState === 'failed') throw new SessionError('the run stopped on an error; reset to run it again', 'finished');
  }

  /**
   * Advances towards `until_ms` (capped at the experiment's end) until the wall clock passes `deadline`
   * (performance.now() ms). Returns 'reached' at the target, 'budget' when time ran out first, 'failed' on
   * numerical instability (the state stays readable).
   */
  advance(until_ms: number, deadline: number): 'reached' | 'budget' | 'failed' | 'stopped' {
    const loaded = this.require();
    this.lastStop = undefined;
    const breakpoints = this.breakpoints;
    const network = loaded.network;
    const end = Math.min(until_ms, loaded.emulated.duration_ms);
    this.assertRunnable();
    const epsilon = network.step * 1e-6;
    // Plasticity processor: a rule stopped before a statement (debugger) finishes its period first.
    if (loaded.ppu.pausedState && loaded.ppu.runDue(network.time) === 'paused') return 'reached';
    while (network.time < end - epsilon) {
      if (breakpoints !== null) breakpoints.beforeStep();
      const t0 = network.time;
      const error = network.advanceStep();
      if (error) {
        const circuit = loaded.config.neurons[error.neuron];
        this.failure = {
          message: `numerical instability in ${circuit ? `${circuit.population}[${circuit.index}]` : `neuron ${error.neuron}`} at ${error.time_ms.toFixed(3)} ms: ${error.message}`,
          population: circuit?.population,
          neuron: circuit?.index,
          time_ms: error.time_ms,
        };
        this.runState = 'failed';
        return 'failed';
      }
      // Debugger: a breakpoint hit in this step stops the run after it.
      if (breakpoints !== null) {
        const stop = breakpoints.afterStep(t0);
        if (stop) {
          this.lastStop = stop;
          if (network.time >= loaded.emulated.duration_ms - epsilon) this.runState = 'finished';
          return 'stopped';
        }
      }
      // Plasticity processor: run the rules due now; a rule stopped before a statement pauses the run here.
      if (loaded.ppu.active && loaded.ppu.runDue(network.time) === 'paused') return 'reached';
      // A step of a full chip takes well under a millisecond, so reading the clock after each one costs little
      // and bounds how long a pause or cancel waits.
      if (performance.now() > deadline) break;
    }
    if (network.time >= loaded.emulated.duration_ms - epsilon) {
      this.runState = 'finished';
      return 'reached';
    }
    return network.time >= end - epsilon ? 'reached' : 'budget';
  }

  readState(population: string, neurons?: number[]): ReadStateResult {
    const loaded = this.require();
    const members = loaded.config.source.populations.find((p) => p.name === population);
    if (!members) throw new SessionError(`no population '${population}' in the loaded experiment`, 'invalid-argument');
    if (!members.circuits) throw new SessionError(`'${population}' is a spike source; it has no state to read`, 'invalid-argument');
    const indices = neurons ?? members.circuits.map((_, i) => i);
    const group = loaded.network.group;
    const time = loaded.network.time;
    const states: NeuronState[] = indices.map((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= members.circuits!.length) {
        throw new SessionError(`'${population}' has neurons 0..${members.circuits!.length - 1}; ${i} is not one of them`, 'invalid-argument');
      }
      const c = members.circuits![i];
      return {
        neuron: i,
        v: group.v[c],
        w: group.w[c],
        i_syn_E: group.synapticCurrent(c, 0),
        i_syn_I: group.synapticCurrent(c, 1),
        refractory: group.refractoryEnd[c] > time,
        spike_count: loaded.network.spikeCounts[c],
      };
    });
    return { time_ms: time, neurons: states };
  }

  /** Everything recorded so far. */
  results(): RunResults {
    const loaded = this.require();
    const populations: RunResults['populations'] = {};
    for (const [name, spikes] of this.spikesByPopulation(loaded)) {
      const size = loaded.config.source.populations.find((p) => p.name === name)?.size ?? 0;
      populations[name] = { size, spikes };
    }
    return {
      schema: RESULTS_SCHEMA_VERSION,
      experiment: loaded.config.experiment,
      duration_ms: loaded.emulated.duration_ms,
      seed: loaded.config.seed,
      populations,
      traces: this.traces(loaded),
      weights: loaded.ppu.snapshots.slice(),
      warnings: [...loaded.emulated.warnings, ...loaded.ppu.warnings, ...(this.failure ? [this.failure.message] : [])],
    };
  }

  /** What was recorded since the previous chunk. */
  chunk(): ResultsChunk {
    // Only what is new since the last chunk is read: the server takes a chunk every 50 ms of a run, and reading the
    // whole run each time (as the results do) made every chunk longer than the last, until a cancel waited 100 ms.
    // Concatenated, the chunks are the results (the spikes of a population in the same time and index order).
    const loaded = this.require();
    const time = loaded.network.time;
    const spikes: Record<string, SpikeTrains> = {};
    for (const [name, trains] of this.spikesSince(loaded, loaded.chunkSpikes)) {
      if (trains.time_ms.length > 0) spikes[name] = trains;
    }
    const traces: ResultsChunk['traces'] = [];
    loaded.emulated.traces.forEach((request, index) => {
      const from = loaded.chunkTraceCursor[index] ?? 0;
      const samples = this.samplesOf(loaded, index, from);
      if (samples.values.length === 0) return;
      traces.push({
        index,
        population: request.population,
        neuron: request.neuron,
        ...(request.compartment !== undefined ? { compartment: request.compartment } : {}),
        variable: request.variable,
        ...samples,
      });
      loaded.chunkTraceCursor[index] = from + samples.values.length;
    });
    return { time_ms: time, duration_ms: loaded.emulated.duration_ms, spikes, traces };
  }

  // ---- plasticity processor debugging (bss2/emulator/ruleState, setRuleBreakpoints, stepRule) ----------------

  /** The rule stopped before a statement, with its variables; undefined when no rule is stopped. */
  ruleState(): RuleExecutionState | undefined {
    return this.require().ppu.pausedState;
  }

  /** Where rules stop: before any statement of `rule` on `line` (zero-based document line), or on every line. */
  setRuleBreakpoints(breakpoints: RuleBreakpoint[]): void {
    this.require().ppu.breakpoints = breakpoints.map((b) => ({ rule: b.rule, ...(b.line !== undefined ? { line: b.line } : {}) }));
  }

  /**
   * Runs the stopped rule's current statement and stops before its next one (in the next row, or in the next rule
   * due at the same time). Returns the new state, or undefined when the period's rules have finished.
   */
  stepRule(): RuleExecutionState | undefined {
    const ppu = this.require().ppu;
    if (!ppu.pausedState) throw new SessionError('no plasticity rule is stopped before a statement', 'invalid-argument');
    ppu.stepRequested = true;
    ppu.runDue(this.require().network.time);
    ppu.stepRequested = false;
    return ppu.pausedState;
  }

  // ---- debugger breakpoints and weights (bss2/emulator/setBreakpoints, readWeights) --------------------------

  /** Replaces the breakpoints; those that cannot stop in this experiment are returned with the reason. */
  setBreakpoints(params: SetBreakpointsParams): SetBreakpointsResult {
    const loaded = this.require();
    let set: BreakpointSet;
    try {
      set = new BreakpointSet(params, loaded.config, loaded.emulated, loaded.network);
    } catch (error) {
      if (error instanceof BreakpointError) throw new SessionError(error.message, 'invalid-argument');
      throw error;
    }
    this.breakpoints?.detach();
    const empty = set.armed === 0;
    this.breakpoints = empty ? null : set;
    this.breakpointParams = empty ? undefined : params;
    this.breakpoints?.attach();
    return { rejected: set.rejected };
  }

  /** The current weights of a projection, rows [from, to) of its pre population. */
  readWeights(projection: string, from?: number, to?: number): ReadWeightsResult {
    const loaded = this.require();
    const resolved = resolveProjection(projection, loaded.config, loaded.emulated);
    if (typeof resolved === 'string') throw new SessionError(resolved, 'invalid-argument');
    const first = from ?? 0;
    const last = Math.min(to ?? resolved.preSize, resolved.preSize);
    if (!(Number.isInteger(first) && first >= 0 && first <= last)) {
      throw new SessionError(`rows must lie within 0..${resolved.preSize} with from_row <= to_row`, 'invalid-argument');
    }
    const weights: Array<Array<number | null>> = Array.from({ length: last - first }, () => new Array<number | null>(resolved.postSize).fill(null));
    const description = loaded.emulated.description;
    const { pre, post, weight, receptor } = description.synapses;
    const network = loaded.network;
    for (const s of resolved.synapses) {
      const row = resolved.streams.get(pre[s])!;
      if (row < first || row >= last) continue;
      // A plasticity rule changes the amplitude a spike delivers; the weight is that over the target's scale.
      const set = description.parameterSets[description.neurons[post[s]]].synapse;
      const scale = receptor[s] === 1 ? set.weight_scale_I : set.weight_scale_E;
      const slot = network.synapseSlot(pre[s], post[s]);
      const current = slot >= 0 && scale > 0 ? Math.round(network.synapseAmplitude(slot) / scale) : weight[s];
      weights[row - first][loaded.emulated.circuits[post[s]].index] = current;
    }
    return {
      projection, pre: resolved.pre.population, post: resolved.post.population,
      pre_size: resolved.preSize, post_size: resolved.postSize, from_row: first, weights,
    };
  }

  private require(): Loaded {
    if (!this.loaded) throw new SessionError('no chip configuration is loaded; send load first', 'not-loaded');
    return this.loaded;
  }

  /** Spikes per population up to the current time: neurons from the core, sources from their trains. */
  private spikesByPopulation(loaded: Loaded): Map<string, SpikeTrains> {
    return this.spikesSince(loaded, { spike: 0, sources: [] });
  }

  /** Each population's spikes (by time, then index) from the cursor up to now; moves the cursor past them. */
  private spikesSince(loaded: Loaded, cursor: SpikeCursor): Map<string, SpikeTrains> {
    const time = loaded.network.time;
    const events = new Map<string, Array<[number, number]>>();
    for (const p of loaded.config.source.populations) events.set(p.name, []);
    const fromCore = loaded.network.spikesFrom(cursor.spike);
    cursor.spike += fromCore.neuron.length;
    for (let k = 0; k < fromCore.neuron.length; k++) {
      const circuit = loaded.config.neurons[fromCore.neuron[k]];
      events.get(circuit.population)?.push([fromCore.time_ms[k], circuit.index]);
    }
    loaded.emulated.description.sources.forEach((source, s) => {
      if (source.kind !== 'array') return;
      const origin = loaded.emulated.sourceOrigins[s];
      const list = events.get(origin.population);
      let j = cursor.sources[s] ?? 0;
      for (; j < source.times_ms.length && source.times_ms[j] < time; j++) list?.push([source.times_ms[j], origin.index]);
      cursor.sources[s] = j;
    });
    const result = new Map<string, SpikeTrains>();
    for (const [name, list] of events) {
      list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      result.set(name, { neuron: list.map((e) => e[1]), time_ms: list.map((e) => e[0]) });
    }
    return result;
  }

  private traces(loaded: Loaded): Trace[] {
    return loaded.emulated.traces.map((request, i) => ({
      population: request.population,
      neuron: request.neuron,
      ...(request.compartment !== undefined ? { compartment: request.compartment } : {}),
      variable: request.variable,
      unit: TRACE_UNITS[request.variable],
      device: request.device,
      ...this.samplesOf(loaded, i, 0),
    }));
  }

  /** Trace i's samples at the interval its request asks for, from the `from`-th of those on. */
  private samplesOf(loaded: Loaded, i: number, from: number): { t0_ms: number; dt_ms: number; values: number[] } {
    const recorded = loaded.network.recordedTraces()[i];
    const every = Math.max(1, Math.round(loaded.emulated.traces[i].sample_ms / recorded.dt_ms));
    const dt = +(recorded.dt_ms * every).toPrecision(12);
    const values: number[] = [];
    for (let k = from * every; k < recorded.values.length; k += every) values.push(recorded.values[k]);
    return { t0_ms: recorded.t0_ms + from * dt, dt_ms: dt, values };
  }
}
