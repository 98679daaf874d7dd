/**
 * What a panel shows: the last completed run, or the run in progress once its first data has arrived. A new run
 * does not blank the panel: the previous results stay on screen until the first chunk of the new run replaces
 * them (issue 7). Chunks are appended in place; `version` changes whenever the shown data does.
 */
import { RESULTS_SCHEMA_VERSION, type RunResults, TRACE_UNITS } from '../../common/results';
import type { ResultsChunk } from '../../common/protocol/emulator';
import type { ComparisonRun, RunEndState, RunStartedMessage } from '../../common/protocol/webview';

export type RunPhase = 'empty' | 'waiting' | 'live' | RunEndState | 'complete';

export class RunStore {
  results: RunResults | undefined;
  phase: RunPhase = 'empty';
  /** Simulated time reached by the run on screen, ms. */
  time_ms = 0;
  error: string | undefined;
  version = 0;
  private starting: RunStartedMessage | undefined;

  /** A second run overlaid on this one (an imported PyNN run), and this run's name beside it. */
  comparison: ComparisonRun | undefined;
  label: string | undefined;

  setResults(results: RunResults, comparison?: ComparisonRun, label?: string): void {
    this.results = results;
    this.comparison = comparison;
    this.label = label;
    this.starting = undefined;
    this.phase = 'complete';
    this.time_ms = results.duration_ms;
    this.error = undefined;
    this.version++;
  }

  runStarted(message: RunStartedMessage): void {
    this.starting = message;
    this.phase = this.results ? this.phase : 'waiting';
    this.error = undefined;
  }

  /** Appends a chunk; the first chunk of a new run replaces the previous results. */
  addChunk(chunk: ResultsChunk): void {
    if (this.starting) {
      const s = this.starting;
      this.starting = undefined;
      this.comparison = undefined;
      const populations: RunResults['populations'] = {};
      for (const [name, size] of Object.entries(s.populations)) populations[name] = { size, spikes: { neuron: [], time_ms: [] } };
      this.results = { schema: RESULTS_SCHEMA_VERSION, experiment: s.experiment, duration_ms: s.duration_ms, seed: 0, populations, traces: [], weights: [], warnings: [] };
    }
    const r = this.results;
    if (!r) return; // a chunk without a run start: nothing to attach it to
    this.phase = 'live';
    this.time_ms = chunk.time_ms;
    for (const [name, trains] of Object.entries(chunk.spikes)) {
      let population = r.populations[name];
      if (!population) {
        population = { size: 1, spikes: { neuron: [], time_ms: [] } };
        r.populations[name] = population;
      }
      for (let i = 0; i < trains.time_ms.length; i++) {
        population.spikes.neuron.push(trains.neuron[i]);
        population.spikes.time_ms.push(trains.time_ms[i]);
        if (trains.neuron[i] >= population.size) population.size = trains.neuron[i] + 1;
      }
    }
    for (const piece of chunk.traces) {
      let trace = r.traces[piece.index];
      if (!trace) {
        // Chunks do not say which converter recorded a trace; the live view does not show it.
        trace = { population: piece.population, neuron: piece.neuron, ...(piece.compartment === undefined ? {} : { compartment: piece.compartment }), variable: piece.variable, unit: TRACE_UNITS[piece.variable], device: 'cadc', t0_ms: piece.t0_ms, dt_ms: piece.dt_ms, values: [] };
        r.traces[piece.index] = trace;
      }
      for (const v of piece.values) trace.values.push(v);
    }
    this.version++;
  }

  runFinished(state: RunEndState, error?: string): void {
    this.phase = state;
    this.error = error;
    this.starting = undefined;
    this.version++;
  }
}
