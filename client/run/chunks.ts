/**
 * Results on their way to the panels: chunks merged between redraws (at most `bss2.plots.liveUpdateRate` per
 * second), and any message cut into pieces of at most MAX_MESSAGE_BYTES of JSON, so that a 100 MB result never
 * travels as one postMessage and the extension host stays responsive.
 */
import type { ResultsChunk } from '../../common/protocol/emulator';
import type { RunResults } from '../../common/results';
import type { ToPanelMessage } from '../../common/protocol/webview';

/** 1 MiB: the largest message the extension posts to a panel. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Appends `next` to `into` (both chunks of the same run, `next` later). */
export function mergeChunks(into: ResultsChunk, next: ResultsChunk): ResultsChunk {
  const spikes: ResultsChunk['spikes'] = { ...into.spikes };
  for (const [name, trains] of Object.entries(next.spikes)) {
    const before = spikes[name];
    spikes[name] = before ? { neuron: before.neuron.concat(trains.neuron), time_ms: before.time_ms.concat(trains.time_ms) } : trains;
  }
  const traces = into.traces.slice();
  for (const piece of next.traces) {
    const i = traces.findIndex((t) => t.index === piece.index);
    const before = i >= 0 ? traces[i] : undefined;
    // Contiguous samples of the same trace join; otherwise the piece is kept as its own entry.
    if (before && Math.abs(before.t0_ms + before.values.length * before.dt_ms - piece.t0_ms) <= before.dt_ms * 1e-6 + 1e-9) {
      traces[i] = { ...before, values: before.values.concat(piece.values) };
    } else {
      traces.push(piece);
    }
  }
  return { time_ms: next.time_ms, duration_ms: next.duration_ms, spikes, traces };
}

/** Rough JSON size of numbers: 12 bytes each is an upper estimate for our values (ms with decimals, mV). */
const BYTES_PER_NUMBER = 24;

function estimateBytes(chunk: ResultsChunk): number {
  let n = 200;
  for (const [name, t] of Object.entries(chunk.spikes)) n += name.length + 40 + t.time_ms.length * 2 * BYTES_PER_NUMBER;
  for (const t of chunk.traces) n += t.population.length + (t.compartment?.length ?? 0) + 120 + t.values.length * BYTES_PER_NUMBER;
  return n;
}

/**
 * Splits a chunk into chunks whose JSON is at most `maxBytes` each (sizes estimated conservatively, so no
 * serialisation of the whole). Order is kept: spikes population by population, then traces sample by sample.
 */
export function splitChunk(chunk: ResultsChunk, maxBytes = MAX_MESSAGE_BYTES): ResultsChunk[] {
  if (estimateBytes(chunk) <= maxBytes) return [chunk];
  const perPiece = Math.max(32, Math.floor((maxBytes - 400) / BYTES_PER_NUMBER));
  const out: ResultsChunk[] = [];
  const empty = (): ResultsChunk => ({ time_ms: chunk.time_ms, duration_ms: chunk.duration_ms, spikes: {}, traces: [] });
  let current = empty();
  let budget = perPiece;
  const flush = () => {
    if (Object.keys(current.spikes).length > 0 || current.traces.length > 0) out.push(current);
    current = empty();
    budget = perPiece;
  };
  for (const [name, trains] of Object.entries(chunk.spikes)) {
    for (let start = 0; start < trains.time_ms.length || start === 0; ) {
      const take = Math.max(0, Math.min(trains.time_ms.length - start, Math.floor(budget / 2)));
      if (take === 0 && trains.time_ms.length > 0) {
        flush();
        continue;
      }
      const before = current.spikes[name];
      const neuron = trains.neuron.slice(start, start + take);
      const time_ms = trains.time_ms.slice(start, start + take);
      current.spikes[name] = before ? { neuron: before.neuron.concat(neuron), time_ms: before.time_ms.concat(time_ms) } : { neuron, time_ms };
      budget -= 2 * take + 4;
      start += take;
      if (trains.time_ms.length === 0) break;
    }
  }
  for (const trace of chunk.traces) {
    for (let start = 0; start < trace.values.length || start === 0; ) {
      const take = Math.max(0, Math.min(trace.values.length - start, budget - 8));
      if (take === 0 && trace.values.length > 0) {
        flush();
        continue;
      }
      current.traces.push({ ...trace, t0_ms: trace.t0_ms + start * trace.dt_ms, values: trace.values.slice(start, start + take) });
      budget -= take + 8;
      start += take;
      if (trace.values.length === 0) break;
    }
  }
  flush();
  return out.length > 0 ? out : [empty()];
}

/** The whole of a run as a chunk (for results too large to post as one `results` message). */
export function resultsAsChunk(results: RunResults): ResultsChunk {
  const spikes: ResultsChunk['spikes'] = {};
  for (const [name, p] of Object.entries(results.populations)) spikes[name] = p.spikes;
  return {
    time_ms: results.duration_ms,
    duration_ms: results.duration_ms,
    spikes,
    traces: results.traces.map((t, index) => ({ index, population: t.population, neuron: t.neuron, ...(t.compartment === undefined ? {} : { compartment: t.compartment }), variable: t.variable, t0_ms: t.t0_ms, dt_ms: t.dt_ms, values: t.values })),
  };
}

/**
 * The messages that show complete results in a panel: one `results` message when it is small enough, otherwise
 * a replay as a run (`runStarted`, chunks of at most `maxBytes`, `runFinished`). The replay carries spikes and
 * traces; weight snapshots only travel in a `results` message.
 */
export function resultsMessages(results: RunResults, maxBytes = MAX_MESSAGE_BYTES): ToPanelMessage[] {
  const chunk = resultsAsChunk(results);
  const weightsBytes = results.weights.reduce((n, w) => n + 100 + w.matrix.length * (w.matrix[0]?.length ?? 0) * 3, 0);
  if (estimateBytes(chunk) + weightsBytes <= maxBytes) return [{ type: 'results', results }];
  const populations: Record<string, number> = {};
  for (const [name, p] of Object.entries(results.populations)) populations[name] = p.size;
  return [
    { type: 'runStarted', experiment: results.experiment, duration_ms: results.duration_ms, populations },
    ...splitChunk(chunk, maxBytes).map((c): ToPanelMessage => ({ type: 'chunk', chunk: c })),
    { type: 'runFinished', state: 'finished' },
  ];
}

/**
 * Collects chunks and hands them on at most `ratePerSecond` times a second (the first one at once); `flush`
 * sends what is pending (at the end of a run).
 */
export class ChunkThrottle {
  private pending: ResultsChunk | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSent = -Infinity;

  constructor(
    private readonly ratePerSecond: number,
    private readonly send: (chunk: ResultsChunk) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(chunk: ResultsChunk): void {
    this.pending = this.pending ? mergeChunks(this.pending, chunk) : chunk;
    const interval = 1000 / Math.max(1, this.ratePerSecond);
    const wait = this.lastSent + interval - this.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const chunk = this.pending;
    this.pending = undefined;
    if (!chunk) return;
    this.lastSent = this.now();
    this.send(chunk);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
