/**
 * Splits a results chunk so that no notification is larger than a bound (1 MiB by default): a run that has
 * produced 100 MB of results since the last notification reaches the client as a stream of small messages, which
 * the extension host parses one at a time between other work instead of as one long block.
 *
 * Splitting keeps the meaning of a chunk: spikes are appended per population and trace samples per trace index,
 * so a sequence of pieces appended in order gives exactly the original chunk (each piece carries the same
 * time_ms; a trace piece's t0_ms is its first sample's time).
 */
import type { ResultsChunk } from '../../common/protocol/emulator';

export const MAX_CHUNK_BYTES = 1 << 20;

/** Upper bound of the JSON size of one number as JSON.stringify writes it ("-1.2345678901234567e-123,"). */
const NUMBER_BYTES = 26;

type TracePiece = ResultsChunk['traces'][number];

function emptyChunk(c: ResultsChunk): ResultsChunk {
  return { time_ms: c.time_ms, duration_ms: c.duration_ms, spikes: {}, traces: [] };
}

function bytesOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** The chunk itself if it fits in `maxBytes`, else pieces that each do (in the order to append them). */
export function splitChunk(chunk: ResultsChunk, maxBytes = MAX_CHUNK_BYTES): ResultsChunk[] {
  if (bytesOf(chunk) <= maxBytes) return [chunk];
  // Room for the numbers of one piece, leaving space for names and the envelope.
  const perPiece = Math.max(1, Math.floor((maxBytes / 2) / NUMBER_BYTES));
  const pieces: ResultsChunk[] = [];
  let current = emptyChunk(chunk);
  let used = bytesOf(current);
  const flush = () => {
    if (Object.keys(current.spikes).length > 0 || current.traces.length > 0) pieces.push(current);
    current = emptyChunk(chunk);
    used = bytesOf(current);
  };
  const place = (bytes: number, add: (c: ResultsChunk) => void) => {
    if (used + bytes > maxBytes) flush();
    add(current);
    used += bytes;
  };
  for (const [population, trains] of Object.entries(chunk.spikes)) {
    const n = trains.neuron.length;
    for (let from = 0; from < n || from === 0; from += perPiece / 2) {
      const to = Math.min(n, from + perPiece / 2);
      const part = { neuron: trains.neuron.slice(from, to), time_ms: trains.time_ms.slice(from, to) };
      const bytes = bytesOf({ [population]: part }) + 1;
      place(bytes, (c) => {
        const have = c.spikes[population];
        if (have) { have.neuron.push(...part.neuron); have.time_ms.push(...part.time_ms); } else c.spikes[population] = part;
      });
      if (n === 0) break;
    }
  }
  for (const trace of chunk.traces) {
    const n = trace.values.length;
    for (let from = 0; from < n || from === 0; from += perPiece) {
      const to = Math.min(n, from + perPiece);
      const part: TracePiece = { ...trace, t0_ms: trace.t0_ms + from * trace.dt_ms, values: trace.values.slice(from, to) };
      place(bytesOf(part) + 1, (c) => c.traces.push(part));
      if (n === 0) break;
    }
  }
  flush();
  return pieces;
}
