/** Chunks on their way to the panels: merged between redraws, cut to at most 1 MiB, nothing lost or reordered. */
import assert from 'node:assert/strict';
import type { ResultsChunk } from '../../../common/protocol/emulator';
import { validateToPanel } from '../../../common/protocol/webview';
import { ChunkThrottle, MAX_MESSAGE_BYTES, mergeChunks, resultsAsChunk, resultsMessages, splitChunk } from '../../../client/run/chunks';
import { sampleResults } from './helpers';

function bigChunk(spikes: number, samples: number): ResultsChunk {
  const neuron = Array.from({ length: spikes }, (_, i) => i % 400);
  const time_ms = Array.from({ length: spikes }, (_, i) => i * 0.001234567);
  const values = Array.from({ length: samples }, (_, i) => -65 + Math.sin(i) * 10.123456789);
  return {
    time_ms: 1000,
    duration_ms: 2000,
    spikes: { exc: { neuron, time_ms }, empty: { neuron: [], time_ms: [] } },
    traces: [{ index: 0, population: 'exc', neuron: 0, variable: 'v', t0_ms: 0, dt_ms: 0.1, values }],
  };
}

describe('client: result chunks', () => {
  it('merges consecutive chunks: spikes appended, contiguous trace samples joined', () => {
    const a: ResultsChunk = { time_ms: 1, duration_ms: 10, spikes: { p: { neuron: [0], time_ms: [0.5] } }, traces: [{ index: 0, population: 'p', neuron: 0, variable: 'v', t0_ms: 0, dt_ms: 0.5, values: [1, 2] }] };
    const b: ResultsChunk = { time_ms: 2, duration_ms: 10, spikes: { p: { neuron: [1], time_ms: [1.5] }, q: { neuron: [0], time_ms: [1.9] } }, traces: [{ index: 0, population: 'p', neuron: 0, variable: 'v', t0_ms: 1, dt_ms: 0.5, values: [3, 4] }] };
    const m = mergeChunks(a, b);
    assert.equal(m.time_ms, 2);
    assert.deepEqual(m.spikes, { p: { neuron: [0, 1], time_ms: [0.5, 1.5] }, q: { neuron: [0], time_ms: [1.9] } });
    assert.deepEqual(m.traces, [{ ...a.traces[0], values: [1, 2, 3, 4] }]);
    assert.deepEqual(a.spikes.p.neuron, [0], 'inputs are not modified');
  });

  it('splits a large chunk into messages of at most 1 MiB of JSON that add up to the original', () => {
    const chunk = bigChunk(200_000, 300_000);
    const pieces = splitChunk(chunk);
    assert.ok(pieces.length > 3, `${pieces.length} pieces`);
    for (const p of pieces) {
      const bytes = Buffer.byteLength(JSON.stringify({ type: 'chunk', chunk: p }));
      assert.ok(bytes <= MAX_MESSAGE_BYTES, `a piece of ${bytes} bytes`);
      assert.ok(validateToPanel({ type: 'chunk', chunk: p }).ok);
    }
    const merged = pieces.reduce(mergeChunks);
    assert.deepEqual(merged.spikes.exc, chunk.spikes.exc);
    assert.deepEqual(merged.spikes.empty, { neuron: [], time_ms: [] });
    assert.deepEqual(merged.traces.map((t) => t.values).flat(), chunk.traces[0].values);
    assert.deepEqual(merged.traces.length, 1, 'trace pieces are contiguous and join again');
  });

  it('keeps a small chunk whole, and a tiny limit still makes progress', () => {
    const small = bigChunk(10, 10);
    assert.deepEqual(splitChunk(small), [small]);
    const pieces = splitChunk(bigChunk(100, 100), 500);
    assert.equal(pieces.reduce(mergeChunks).spikes.exc.time_ms.length, 100);
  });

  it('sends small results as one message and large ones as a replayed run of chunks', () => {
    assert.deepEqual(resultsMessages(sampleResults()).map((m) => m.type), ['results']);
    const big = sampleResults();
    const chunk = bigChunk(100_000, 100_000);
    big.populations.exc = { size: 400, spikes: chunk.spikes.exc };
    big.traces[0].values = chunk.traces[0].values;
    big.duration_ms = 2000;
    const messages = resultsMessages(big);
    assert.equal(messages[0].type, 'runStarted');
    assert.equal(messages.at(-1)?.type, 'runFinished');
    for (const m of messages) assert.ok(Buffer.byteLength(JSON.stringify(m)) <= MAX_MESSAGE_BYTES);
    const chunks = messages.flatMap((m) => (m.type === 'chunk' ? [m.chunk] : []));
    assert.deepEqual(chunks.reduce(mergeChunks).spikes.exc, resultsAsChunk(big).spikes.exc);
  });

  it('throttles to the redraw rate: the first chunk at once, the rest merged, flush sends what waits', async () => {
    let now = 0;
    const sent: ResultsChunk[] = [];
    const throttle = new ChunkThrottle(10, (c) => sent.push(c), () => now);
    const c = (t: number): ResultsChunk => ({ time_ms: t, duration_ms: 10, spikes: { p: { neuron: [0], time_ms: [t] } }, traces: [] });
    throttle.push(c(1));
    assert.equal(sent.length, 1);
    now = 20;
    throttle.push(c(2));
    now = 50;
    throttle.push(c(3));
    assert.equal(sent.length, 1, 'within 100 ms of the last send: held back');
    throttle.flush();
    assert.deepEqual(sent[1].spikes.p.time_ms, [2, 3]);
    throttle.dispose();
  });
});
