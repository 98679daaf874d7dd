/**
 * Robustness of the emulator process (dist/emulator.js, spawned as clients spawn it; `npm run build` first):
 * framing at any byte, the message size limit, bounded result chunks, malformed-message storms, numerical
 * instability, determinism, and seeded randomness only. Each test prints its figures. FUZZ_LONG=1 runs the
 * longer variants.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ChipConfiguration } from '../../../common/chip/configuration';
import {
  ChunkNotification, HelloRequest, LoadRequest, ReadStateRequest, ResetRequest, ResultsRequest, RunRequest, type ResultsChunk,
} from '../../../common/protocol/emulator';
import { validateRunResults } from '../../../common/results';
import { MAX_CHUNK_BYTES, splitChunk } from '../../../emulator/process/chunks';
import { MAX_MESSAGE_BYTES } from '../../../emulator/process/messageSizeGuard';
import { EmulatorSession } from '../../../emulator/session';
import { analyzeDocument } from '../../../server/analysis';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'dist', 'emulator.js');
const LONG = process.env.FUZZ_LONG === '1';

function configurationOf(example: string, durationMs?: number): ChipConfiguration {
  const analysis = analyzeDocument(readFileSync(join(root, 'examples', example), 'utf8'), { durationMs });
  assert.ok(analysis.configuration);
  return analysis.configuration;
}

function frame(body: string): Buffer {
  const b = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'ascii'), b]);
}

interface Raw {
  child: ChildProcessWithoutNullStreams;
  connection: MessageConnection;
  exited: () => boolean;
}

function start(): Raw {
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  return { child, connection, exited: () => exited };
}

function stop(raw: Raw): void {
  raw.connection.dispose();
  raw.child.kill();
}

/** Writes raw bytes and waits until the pipe took them. */
const write = (raw: Raw, bytes: Buffer | string): Promise<void> => new Promise((resolve, reject) => raw.child.stdin.write(bytes, (e) => (e ? reject(e) : resolve())));

/** The next raw JSON-RPC response with this id, read off stdout by hand (for requests sent as raw bytes). */
function responseTo(raw: Raw, id: number): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  return new Promise((resolve) => {
    raw.connection.onNotification(() => undefined);
    let buffered = '';
    const onData = (d: Buffer) => {
      buffered += d.toString('utf8');
      const m = new RegExp(`\\{[^{}]*"id":${id}[,}][\\s\\S]*`).exec(buffered);
      if (!m) return;
      const body = /Content-Length: (\d+)\r\n\r\n/;
      // Re-frame: find the message that carries the id.
      for (let k = 0; ;) {
        const h = body.exec(buffered.slice(k));
        if (!h) return;
        const startAt = k + h.index + h[0].length, len = Number(h[1]);
        const text = buffered.slice(startAt, startAt + len);
        if (text.length < len) return;
        const message = JSON.parse(text) as { id?: unknown; result?: unknown; error?: { code: number; message: string } };
        if (message.id === id) {
          raw.child.stdout.off('data', onData);
          resolve(message);
          return;
        }
        k = startAt + len;
      }
    };
    raw.child.stdout.on('data', onData);
  });
}

describe('emulator process robustness', function () {
  this.timeout(120000);

  it('a request split at every byte boundary, and a configuration split at random bytes, are read intact', async () => {
    const raw = start();
    try {
      const hello = frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: HelloRequest.type.method }));
      const answer = responseTo(raw, 1);
      for (let k = 0; k < hello.length; k++) {
        await write(raw, hello.subarray(k, k + 1));
        await new Promise((r) => setImmediate(r));
      }
      assert.equal(((await answer).result as { protocol: number }).protocol, 1);

      const load = frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: LoadRequest.type.method, params: { configuration: configurationOf('ei_network.bss2', 20) } }));
      const splits = fc.sample(fc.uniqueArray(fc.integer({ min: 1, max: load.length - 1 }), { minLength: 20, maxLength: 200 }), { numRuns: 1, seed: 11 })[0].sort((a, b) => a - b);
      const loaded = responseTo(raw, 2);
      let from = 0;
      for (const at of [...splits, load.length]) {
        await write(raw, load.subarray(from, at));
        from = at;
      }
      const result = (await loaded).result as { neurons: number };
      console.log(`      ${hello.length} one-byte writes; a ${(load.length / 1e3).toFixed(0)} kB load in ${splits.length + 1} pieces`);
      assert.equal(result.neurons, 400);
    } finally {
      stop(raw);
    }
  });

  it(`takes a message of ${LONG ? '64 MiB' : '8 MiB'} and answers one just over 64 MiB with an error, then goes on serving`, async () => {
    const raw = start();
    try {
      // Padding inside params: the configuration is invalid, which is answered; the point is that it is read.
      const pad = (bytes: number, id: number) => {
        const head = `{"jsonrpc":"2.0","id":${id},"method":"${LoadRequest.type.method}","params":{"configuration":{},"x":"`;
        const tail = '"}}';
        return frame(head + 'a'.repeat(bytes - Buffer.byteLength(head) - tail.length) + tail);
      };
      const t0 = performance.now();
      // Reading a full 64 MiB message takes ~15 s on a busy machine: FUZZ_LONG=1 does it, the default 8 MiB.
      const under = pad(LONG ? MAX_MESSAGE_BYTES : 8 * 1024 * 1024, 3);
      const underAnswer = responseTo(raw, 3);
      await write(raw, under);
      const a = await underAnswer;
      assert.ok(a.error && /configuration/.test(a.error.message), `answered: ${JSON.stringify(a.error)}`);
      const t1 = performance.now();
      const over = pad(MAX_MESSAGE_BYTES + 1, 4);
      const overAnswer = responseTo(raw, 4);
      await write(raw, over);
      const b = await overAnswer;
      assert.ok(b.error && b.error.code === -32600 && /more than the emulator accepts/.test(b.error.message), JSON.stringify(b.error));
      const t2 = performance.now();
      const hello = await raw.connection.sendRequest(HelloRequest.type);
      assert.equal(hello.protocol, 1);
      assert.equal(raw.exited(), false);
      console.log(`      ${(under.length / 2 ** 20).toFixed(0)} MiB message read and answered in ${(t1 - t0).toFixed(0)} ms; 64 MiB + 1 byte rejected in ${(t2 - t1).toFixed(0)} ms`);
    } finally {
      stop(raw);
    }
  });

  it('streams results in chunks of at most 1 MiB that add up to the results', async () => {
    // A backlog far above 1 MiB: the E/I network's 400 neurons for 0.6 s, every membrane through the CADC, notified only
    // at the end.
    const raw = start();
    try {
      const chunks: ResultsChunk[] = [];
      let largest = 0;
      raw.child.stdout.on('data', () => undefined);
      raw.connection.onNotification(ChunkNotification.type, (c) => {
        chunks.push(c);
        largest = Math.max(largest, Buffer.byteLength(JSON.stringify(c)));
      });
      const config = configurationOf('ei_network.bss2', 600);
      const everyMembrane = config.neurons.filter((n) => !config.recording.madc.some((m) => m.hemisphere === n.hemisphere && m.column === n.column))
        .map((n) => ({ hemisphere: n.hemisphere, column: n.column, observable: 'v' as const }));
      const configuration: ChipConfiguration = { ...config, recording: { ...config.recording, cadc: everyMembrane } };
      await raw.connection.sendRequest(LoadRequest.type, { configuration, chunk_interval_ms: 1e9 });
      await raw.connection.sendRequest(RunRequest.type, {});
      const results = await raw.connection.sendRequest(ResultsRequest.type);
      const total = Buffer.byteLength(JSON.stringify(results));
      const spikes = chunks.reduce((s, c) => s + Object.values(c.spikes).reduce((a, t) => a + t.time_ms.length, 0), 0);
      const expected = Object.values(results.populations).reduce((s, p) => s + p.spikes.time_ms.length, 0);
      console.log(`      results ${(total / 1e6).toFixed(1)} MB in ${chunks.length} chunks, largest ${(largest / 1024).toFixed(0)} KiB`);
      assert.ok(largest <= MAX_CHUNK_BYTES, `largest chunk ${largest} bytes`);
      assert.equal(spikes, expected, 'the chunks carry every spike');
      assert.ok(chunks.length > 1 && chunks.length >= Math.floor(total / MAX_CHUNK_BYTES), `the ${total}-byte backlog was split (${chunks.length} chunks)`);
      const samples = chunks.reduce((s, c) => s + c.traces.reduce((a, t) => a + t.values.length, 0), 0);
      assert.equal(samples, results.traces.reduce((s, t) => s + t.values.length, 0), 'the chunks carry every sample');
    } finally {
      stop(raw);
    }
  });

  it('splitChunk: pieces of at most the bound that append to the original chunk', () => {
    const n = 40000;
    const chunk: ResultsChunk = {
      time_ms: 5, duration_ms: 10,
      spikes: { a: { neuron: Array.from({ length: n }, (_, i) => i % 97), time_ms: Array.from({ length: n }, (_, i) => i * 1e-3 + Math.PI) }, empty: { neuron: [], time_ms: [] } },
      traces: [{ index: 0, population: 'a', neuron: 0, variable: 'v', t0_ms: 0, dt_ms: 0.1, values: Array.from({ length: n }, (_, i) => -65 + Math.sin(i)) }],
    };
    const pieces = splitChunk(chunk, 64 * 1024);
    assert.ok(pieces.length > 4);
    for (const p of pieces) assert.ok(Buffer.byteLength(JSON.stringify(p)) <= 64 * 1024);
    const neuron = pieces.flatMap((p) => p.spikes.a?.neuron ?? []), values = pieces.flatMap((p) => p.traces.flatMap((t) => t.values));
    assert.deepEqual(neuron, chunk.spikes.a.neuron);
    assert.deepEqual(values, chunk.traces[0].values);
    assert.ok(pieces.some((p) => p.spikes.empty), 'an empty train still arrives');
    for (const p of pieces) for (const t of p.traces) assert.ok(Math.abs(t.t0_ms - 0.1 * chunk.traces[0].values.indexOf(t.values[0])) < 1e-9);
  });

  it(`survives ${LONG ? '100,000' : '10,000'} malformed JSON-RPC messages`, async () => {
    const raw = start();
    const count = LONG ? 100000 : 10000;
    try {
      const bodies = fc.sample(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.constant('{"jsonrpc":"2.0","id":1,"method":'),
          fc.constant('{"jsonrpc":"2.0","id":null,"method":"bss2/emulator/load","params":[1]}'),
          fc.constant('{"jsonrpc":"2.0","method":"bss2/emulator/run","params":{"until_ms":"soon"}}'),
          fc.record({ jsonrpc: fc.constant('2.0'), id: fc.oneof(fc.integer(), fc.string()), method: fc.string(), params: fc.anything() }).map((m) => JSON.stringify(m)),
          fc.constant('\u0000\uffff\ud800'),
        ),
        { numRuns: count, seed: 20261125 },
      );
      const t0 = performance.now();
      for (let k = 0; k < bodies.length; k += 500) await write(raw, Buffer.concat(bodies.slice(k, k + 500).map(frame)));
      const hello = await raw.connection.sendRequest(HelloRequest.type);
      const t1 = performance.now();
      assert.equal(hello.protocol, 1);
      assert.equal(raw.exited(), false);
      console.log(`      ${count} malformed messages in ${(t1 - t0).toFixed(0)} ms, 0 crashes`);
    } finally {
      stop(raw);
    }
  });

  it('a numerical instability is a typed error naming neuron and time; the state stays readable; reset and rerun work', async () => {
    const config = configurationOf('adaptation.bss2', 100);
    // A huge negative offset current drives the membrane below the physical range.
    const broken: ChipConfiguration = { ...config, neurons: config.neurons.map((n) => ({ ...n, offsetCurrentPa: -1e9 })) };
    const raw = start();
    try {
      await raw.connection.sendRequest(LoadRequest.type, { configuration: broken });
      const status = await raw.connection.sendRequest(RunRequest.type, {});
      assert.equal(status.state, 'failed');
      assert.ok(status.error, 'the failure is described');
      console.log(`      ${status.error!.message}`);
      assert.match(status.error!.message, /neuron/);
      assert.match(status.error!.message, /\d+(\.\d+)? ms/);
      const state = await raw.connection.sendRequest(ReadStateRequest.type, { population: config.neurons[0].population });
      assert.ok(state.neurons.length > 0);
      const results = await raw.connection.sendRequest(ResultsRequest.type);
      assert.deepEqual(validateRunResults(results), [], 'the partial results are valid');
      assert.ok(!JSON.stringify(results).includes('null'), 'no NaN (written as null) reaches the results');
      const again = await raw.connection.sendRequest(ResetRequest.type);
      assert.equal(again.time_ms, 0);
      const rerun = await raw.connection.sendRequest(RunRequest.type, {});
      assert.equal(rerun.state, 'failed', 'the same configuration fails the same way after a reset');
      await raw.connection.sendRequest(LoadRequest.type, { configuration: config });
      const fine = await raw.connection.sendRequest(RunRequest.type, {});
      assert.equal(fine.state, 'finished');
    } finally {
      stop(raw);
    }
  });

  it(`100 repeats of a seeded run give bit-identical results (${LONG ? 'E/I network, 400 neurons' : 'adaptation example'})`, () => {
    const config = LONG ? configurationOf('ei_network.bss2', 20) : configurationOf('adaptation.bss2', 200);
    let first: string | undefined;
    const t0 = performance.now();
    for (let r = 0; r < 100; r++) {
      const session = new EmulatorSession();
      session.load(config);
      session.advance(Infinity, Infinity);
      const { wall_ms: _w, ...rest } = session.results() as unknown as Record<string, unknown>;
      const text = JSON.stringify(rest);
      if (first === undefined) first = text;
      else assert.equal(text, first, `repeat ${r} differs`);
    }
    console.log(`      100 runs of ${config.neurons.length} neuron(s) × ${config.durationUs} us hw identical (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  });

  it('no Math.random in the emulator: every random number comes from the seeded streams of common/random.ts', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(root, 'emulator'));
    files.push(join(root, 'common', 'random.ts'));
    const offenders = files.filter((f) => /Math\s*\.\s*random/.test(readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    console.log(`      ${files.length} source files checked`);
    assert.deepEqual(offenders, []);
  });
});
