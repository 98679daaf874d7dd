/**
 * One emulation, as the process serves it: a loaded chip configuration, the network built from it, the run's
 * progress, and the results in the user's terms (population names and indices, biological ms). Knows nothing
 * of JSON-RPC; the process (process/server.ts) translates requests into these calls.
 */
import type { ChipConfiguration } from '../common/chip/configuration';
import { validateChipConfiguration } from '../common/chip/validate';
import type { NeuronState, ReadStateResult, ResultsChunk, RunState, RunStatus } from '../common/protocol/emulator';
import { RESULTS_SCHEMA_VERSION, TRACE_UNITS, type RunResults, type SpikeTrains, type Trace } from '../common/results';
import { type EmulatedNetwork, networkFromConfiguration } from './chip/networkFromConfiguration';
import { Network } from './network';

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
  /** Per population: how many of its spikes (in the sorted merge) earlier chunks carried. */
  chunkSpikeCursor: Map<string, number>;
  chunkTraceCursor: number[];
}

export class EmulatorSession {
  private loaded: Loaded | undefined;
  private runState: RunState = 'idle';
  private failure: RunStatus['error'];

  load(configuration: unknown): { experiment: string; neurons: number; duration_ms: number; seed: number; step_ms: number } {
    const problems = validateChipConfiguration(configuration);
    if (problems.length > 0) {
      throw new SessionError(`the chip configuration is invalid: ${problems.slice(0, 5).join('; ')}`, 'invalid-configuration', problems);
    }
    const config = configuration as ChipConfiguration;
    const emulated = networkFromConfiguration(config);
    this.loaded = { config, emulated, network: new Network(emulated.description), chunkSpikeCursor: new Map(), chunkTraceCursor: [] };
    this.runState = 'loaded';
    this.failure = undefined;
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
    this.loaded = { ...loaded, network: new Network(loaded.emulated.description), chunkSpikeCursor: new Map(), chunkTraceCursor: [] };
    this.runState = 'loaded';
    this.failure = undefined;
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
  advance(until_ms: number, deadline: number): 'reached' | 'budget' | 'failed' {
    const loaded = this.require();
    const network = loaded.network;
    const end = Math.min(until_ms, loaded.emulated.duration_ms);
    this.assertRunnable();
    const epsilon = network.step * 1e-6;
    while (network.time < end - epsilon) {
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
      weights: [],
      warnings: [...loaded.emulated.warnings, ...(this.failure ? [this.failure.message] : [])],
    };
  }

  /** What was recorded since the previous chunk. */
  chunk(): ResultsChunk {
    const loaded = this.require();
    const spikes: Record<string, SpikeTrains> = {};
    for (const [name, all] of this.spikesByPopulation(loaded)) {
      const from = loaded.chunkSpikeCursor.get(name) ?? 0;
      if (all.time_ms.length > from) {
        spikes[name] = { neuron: all.neuron.slice(from), time_ms: all.time_ms.slice(from) };
        loaded.chunkSpikeCursor.set(name, all.time_ms.length);
      }
    }
    const traces: ResultsChunk['traces'] = [];
    this.traces(loaded).forEach((trace, index) => {
      const from = loaded.chunkTraceCursor[index] ?? 0;
      if (trace.values.length > from) {
        traces.push({
          index,
          population: trace.population,
          neuron: trace.neuron,
          variable: trace.variable,
          t0_ms: trace.t0_ms + from * trace.dt_ms,
          dt_ms: trace.dt_ms,
          values: trace.values.slice(from),
        });
        loaded.chunkTraceCursor[index] = trace.values.length;
      }
    });
    return { time_ms: loaded.network.time, duration_ms: loaded.emulated.duration_ms, spikes, traces };
  }

  private require(): Loaded {
    if (!this.loaded) throw new SessionError('no chip configuration is loaded; send load first', 'not-loaded');
    return this.loaded;
  }

  /** Spikes per population up to the current time: neurons from the core, sources from their trains. */
  private spikesByPopulation(loaded: Loaded): Map<string, SpikeTrains> {
    const time = loaded.network.time;
    const events = new Map<string, Array<[number, number]>>();
    for (const p of loaded.config.source.populations) events.set(p.name, []);
    const fromCore = loaded.network.spikes();
    for (let k = 0; k < fromCore.neuron.length; k++) {
      const circuit = loaded.config.neurons[fromCore.neuron[k]];
      events.get(circuit.population)?.push([fromCore.time_ms[k], circuit.index]);
    }
    loaded.emulated.description.sources.forEach((source, s) => {
      if (source.kind !== 'array') return;
      const origin = loaded.emulated.sourceOrigins[s];
      const list = events.get(origin.population);
      if (!list) return;
      for (const t of source.times_ms) {
        if (t >= time) break;
        list.push([t, origin.index]);
      }
    });
    const result = new Map<string, SpikeTrains>();
    for (const [name, list] of events) {
      list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      result.set(name, { neuron: list.map((e) => e[1]), time_ms: list.map((e) => e[0]) });
    }
    return result;
  }

  private traces(loaded: Loaded): Trace[] {
    const recorded = loaded.network.recordedTraces();
    return loaded.emulated.traces.map((request, i) => {
      const samples = recorded[i].values;
      const every = Math.max(1, Math.round(request.sample_ms / recorded[i].dt_ms));
      const values: number[] = [];
      for (let k = 0; k < samples.length; k += every) values.push(samples[k]);
      return {
        population: request.population,
        neuron: request.neuron,
        variable: request.variable,
        unit: TRACE_UNITS[request.variable],
        device: request.device,
        t0_ms: recorded[i].t0_ms,
        dt_ms: +(recorded[i].dt_ms * every).toPrecision(12),
        values,
      };
    });
  }
}
