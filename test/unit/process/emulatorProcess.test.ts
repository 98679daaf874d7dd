/**
 * The emulator process over its real protocol: dist/emulator.js spawned as users' clients spawn it, spoken to
 * with vscode-jsonrpc. Needs `npm run build` (npm test builds first).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResponseError } from 'vscode-jsonrpc/node';
import { EmulatorProcess } from '../../../client/emulator/emulatorProcess';
import {
  CancelRequest, ChunkNotification, EmulatorErrorCodes, HelloRequest, LoadRequest, PauseRequest, ReadStateRequest,
  ResetRequest, ResultsRequest, RunRequest, StatusRequest, StepRequest, type ResultsChunk,
} from '../../../common/protocol/emulator';
import { validateRunResults } from '../../../common/results';
import type { ChipConfiguration } from '../../../common/chip/configuration';
import { analyzeDocument } from '../../../server/analysis';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'dist', 'emulator.js');

function configurationOf(example: string, durationMs?: number): ChipConfiguration {
  const text = readFileSync(join(root, 'examples', example), 'utf8');
  const analysis = analyzeDocument(text, { durationMs });
  assert.ok(analysis.configuration, `${example} should map: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  return analysis.configuration;
}

async function rejectsWith(promise: Promise<unknown>, code: number, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ResponseError, `expected a JSON-RPC error, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

describe('emulator process (JSON-RPC over stdio)', function () {
  this.timeout(60000);
  let emulator: EmulatorProcess;

  beforeEach(() => {
    emulator = EmulatorProcess.start(script);
  });
  afterEach(async () => {
    await emulator.dispose();
  });

  it('says hello with its protocol version', async () => {
    const hello = await emulator.connection.sendRequest(HelloRequest.type);
    assert.equal(hello.protocol, 1);
    assert.match(hello.version, /^\d+\.\d+\.\d+/);
  });

  it('runs the adaptation example to the end, streaming chunks that add up to the results', async () => {
    const chunks: ResultsChunk[] = [];
    emulator.connection.onNotification(ChunkNotification.type, (c) => {
      chunks.push(c);
    });
    const loaded = await emulator.connection.sendRequest(LoadRequest.type, { configuration: configurationOf('adaptation.bss2'), chunk_interval_ms: 0 });
    assert.deepEqual([loaded.experiment, loaded.neurons, loaded.duration_ms, loaded.seed], ['adaptation', 1, 500, 7]);
    const status = await emulator.connection.sendRequest(RunRequest.type, {});
    assert.equal(status.state, 'finished');
    assert.ok(Math.abs(status.time_ms - 500) < 1e-6);
    const results = await emulator.connection.sendRequest(ResultsRequest.type);
    assert.deepEqual(validateRunResults(results), []);
    const cell = results.populations.cell;
    assert.ok(cell.spikes.time_ms.length > 5, 'the step current makes the neuron fire');
    // Spike-frequency adaptation: inter-spike intervals grow during the step.
    const t = cell.spikes.time_ms;
    assert.ok(t[2] - t[1] < t[t.length - 1] - t[t.length - 2], `intervals should grow: ${t.join(', ')}`);
    assert.ok(t.every((x) => x >= 100 && x <= 400.5), 'only during the 100-400 ms step');
    const streamed = chunks.reduce((n, c) => n + (c.spikes.cell?.time_ms.length ?? 0), 0);
    assert.equal(streamed, t.length);
    const v = results.traces.find((tr) => tr.variable === 'v');
    assert.ok(v && v.unit === 'mV' && v.device === 'madc');
    assert.ok(v.values.every(Number.isFinite));
    assert.equal(chunks.flatMap((c) => c.traces.filter((tr) => tr.index === results.traces.indexOf(v))).reduce((n, c) => n + c.values.length, 0), v.values.length);
  });

  it('pauses at until_ms, steps by steps and by duration, reads state, and resets', async () => {
    await emulator.connection.sendRequest(LoadRequest.type, { configuration: configurationOf('adaptation.bss2') });
    const paused = await emulator.connection.sendRequest(RunRequest.type, { until_ms: 150 });
    assert.equal(paused.state, 'paused');
    assert.ok(Math.abs(paused.time_ms - 150) < 1e-6);
    const one = await emulator.connection.sendRequest(StepRequest.type, { steps: 1 });
    assert.ok(Math.abs(one.time_ms - 150.1) < 1e-6, `one step is 0.1 ms, got ${one.time_ms}`);
    const ten = await emulator.connection.sendRequest(StepRequest.type, { duration_ms: 10 });
    assert.ok(Math.abs(ten.time_ms - 160.1) < 1e-6);
    const state = await emulator.connection.sendRequest(ReadStateRequest.type, { population: 'cell' });
    assert.equal(state.neurons.length, 1);
    assert.ok(state.neurons[0].v > -90 && state.neurons[0].v < -30);
    assert.ok(state.neurons[0].w > 0, 'adaptation current builds up under the step');
    assert.ok(state.neurons[0].spike_count > 0);
    await rejectsWith(emulator.connection.sendRequest(ReadStateRequest.type, { population: 'nobody' }), -32602, /no population 'nobody'/);
    const reset = await emulator.connection.sendRequest(ResetRequest.type);
    assert.equal(reset.time_ms, 0);
    assert.equal(reset.state, 'loaded');
  });

  it('is deterministic: the same configuration gives the same bits', async () => {
    const configuration = configurationOf('ei_network.bss2', 200);
    const once = async () => {
      await emulator.connection.sendRequest(LoadRequest.type, { configuration });
      await emulator.connection.sendRequest(RunRequest.type, {});
      return JSON.stringify(await emulator.connection.sendRequest(ResultsRequest.type));
    };
    const a = await once();
    const b = await once();
    assert.equal(a, b);
    assert.ok(JSON.parse(a).populations.exc.spikes.time_ms.length > 0, 'the E/I network is active');
  });

  it('cancels a running experiment within 100 ms', async () => {
    const configuration = configurationOf('ei_network.bss2', 60000);
    await emulator.connection.sendRequest(LoadRequest.type, { configuration });
    const running = emulator.connection.sendRequest(RunRequest.type, {});
    await new Promise((r) => setTimeout(r, 300));
    const asked = performance.now();
    const cancelled = await emulator.connection.sendRequest(CancelRequest.type);
    const took = performance.now() - asked;
    assert.equal(cancelled.state, 'cancelled');
    assert.equal((await running).state, 'cancelled');
    assert.ok(took < 100, `cancel took ${took.toFixed(1)} ms`);
    assert.ok(cancelled.time_ms > 0 && cancelled.time_ms < 60000);
  });

  it('pause stops a run that can then go on', async () => {
    await emulator.connection.sendRequest(LoadRequest.type, { configuration: configurationOf('ei_network.bss2', 60000) });
    const running = emulator.connection.sendRequest(RunRequest.type, {});
    await new Promise((r) => setTimeout(r, 200));
    const paused = await emulator.connection.sendRequest(PauseRequest.type);
    assert.equal(paused.state, 'paused');
    const again = await emulator.connection.sendRequest(RunRequest.type, { until_ms: paused.time_ms + 5 });
    assert.ok(again.time_ms > paused.time_ms);
    await running;
  });

  it('answers bad requests with JSON-RPC errors and keeps serving', async () => {
    await rejectsWith(emulator.connection.sendRequest(RunRequest.type, {}), EmulatorErrorCodes.NotLoaded, /load first/);
    await rejectsWith(
      emulator.connection.sendRequest(LoadRequest.type, { configuration: { schema: 1, experiment: 3 } }),
      EmulatorErrorCodes.InvalidConfiguration,
      /experiment: expected a string/,
    );
    await rejectsWith(emulator.connection.sendRequest(LoadRequest.type, {} as never), -32602);
    await rejectsWith(emulator.connection.sendRequest(StepRequest.type, { steps: -3 }), -32602, /steps must be a number/);
    await rejectsWith(emulator.connection.sendRequest('bss2/emulator/noSuchThing'), -32601);
    const status = await emulator.connection.sendRequest(StatusRequest.type);
    assert.equal(status.state, 'idle');
  });
});
