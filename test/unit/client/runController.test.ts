/**
 * Run orchestration against the real emulator process: a run streams throttled chunks and ends with valid
 * results; Stop ends a long run promptly; a run whose emulator hangs is still cancelled (the process is killed).
 */
import assert from 'node:assert/strict';
import type { ResultsChunk } from '../../../common/protocol/emulator';
import type { RunStartedMessage } from '../../../common/protocol/webview';
import { validateRunResults } from '../../../common/results';
import { EmulatorSupervisor } from '../../../client/emulator/supervisor';
import { CANCEL_TIMEOUT_MS, RunController, RunInProgressError, type RunSink } from '../../../client/run/runController';
import { configurationOf, emulatorScript, processExists, waitFor } from './helpers';

function recordingSink() {
  const started: RunStartedMessage[] = [];
  const chunks: Array<{ at: number; chunk: ResultsChunk }> = [];
  const progress: number[] = [];
  const sink: RunSink = {
    started: (m) => started.push(m),
    chunk: (chunk) => chunks.push({ at: performance.now(), chunk }),
    progress: (t) => progress.push(t),
  };
  return { sink, started, chunks, progress };
}

describe('client: run controller (real emulator)', function () {
  this.timeout(90000);
  let supervisor: EmulatorSupervisor;
  let controller: RunController;

  beforeEach(() => {
    supervisor = new EmulatorSupervisor({ script: emulatorScript });
    controller = new RunController(supervisor);
  });
  afterEach(async () => {
    const pid = supervisor.current?.pid;
    if (pid) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone
      }
    }
    await supervisor.dispose();
    if (pid) assert.equal(processExists(pid), false);
  });

  it('runs an example: started, throttled chunks whose spikes add up to the results, valid results', async () => {
    const { sink, started, chunks } = recordingSink();
    const configuration = configurationOf('adaptation.bss2');
    const outcome = await controller.run({ configuration, liveUpdateRate: 5, fixedPatternNoise: false, sink });
    assert.equal(outcome.state, 'finished', outcome.error);
    assert.ok(outcome.results);
    assert.deepEqual(validateRunResults(outcome.results), []);
    assert.equal(started.length, 1);
    assert.equal(started[0].experiment, 'adaptation');
    assert.deepEqual(started[0].populations, { cell: 1, drive: 32, cue: 2 });
    // 5 per second: at least ~200 ms apart (some timer slack allowed); the last one is the flush at the end.
    for (let i = 1; i < chunks.length - 1; i++) {
      assert.ok(chunks[i].at - chunks[i - 1].at >= 150, `chunks ${i - 1} and ${i} ${(chunks[i].at - chunks[i - 1].at).toFixed(0)} ms apart`);
    }
    const streamed = chunks.reduce((n, c) => n + (c.chunk.spikes.cell?.time_ms.length ?? 0), 0);
    assert.equal(streamed, outcome.results.populations.cell.spikes.time_ms.length);
    assert.equal(controller.running, false);
  });

  it('refuses a second run while one is in progress', async () => {
    const first = controller.run({ configuration: configurationOf('ei_network.bss2', 20_000), liveUpdateRate: 30, fixedPatternNoise: false, sink: recordingSink().sink });
    await waitFor(() => controller.running, 1000, 'the run to start');
    await assert.rejects(controller.run({ configuration: configurationOf('adaptation.bss2'), liveUpdateRate: 30, fixedPatternNoise: false, sink: recordingSink().sink }), RunInProgressError);
    await controller.cancel();
    assert.equal((await first).state, 'cancelled');
  });

  it('stops a long run promptly and keeps what was recorded', async () => {
    const { sink, progress } = recordingSink();
    const run = controller.run({ configuration: configurationOf('ei_network.bss2', 600_000), liveUpdateRate: 30, fixedPatternNoise: false, sink });
    await waitFor(() => progress.length > 0, 30000, 'the first chunk');
    const asked = performance.now();
    await controller.cancel();
    const outcome = await run;
    const took = performance.now() - asked;
    assert.equal(outcome.state, 'cancelled');
    assert.ok(took < 1500, `cancelled after ${took.toFixed(0)} ms`);
    assert.ok(outcome.results, 'partial results');
    assert.ok(outcome.results.duration_ms > 0);
  });

  it('cancels a run whose emulator hangs (SIGSTOP) by killing it within the cancel timeout', async () => {
    const { sink, progress } = recordingSink();
    const run = controller.run({ configuration: configurationOf('ei_network.bss2', 600_000), liveUpdateRate: 30, fixedPatternNoise: false, sink });
    await waitFor(() => progress.length > 0, 30000, 'the first chunk');
    const pid = supervisor.current!.pid!;
    process.kill(pid, 'SIGSTOP');
    const asked = performance.now();
    await controller.cancel();
    const outcome = await run;
    const took = performance.now() - asked;
    assert.equal(outcome.state, 'cancelled');
    assert.ok(took < CANCEL_TIMEOUT_MS + 1000, `cancelled after ${took.toFixed(0)} ms`);
    await waitFor(() => !processExists(pid), 2000, 'the hung emulator to be gone');
    // The next run gets a fresh emulator.
    const next = await controller.run({ configuration: configurationOf('adaptation.bss2'), liveUpdateRate: 30, fixedPatternNoise: false, sink: recordingSink().sink });
    assert.equal(next.state, 'finished', next.error);
  });

  it('reports an invalid configuration as a failed run naming the problem', async () => {
    const configuration = { ...configurationOf('adaptation.bss2'), durationUs: -1 };
    const outcome = await controller.run({ configuration, liveUpdateRate: 30, fixedPatternNoise: false, sink: recordingSink().sink });
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.error ?? '', /durationUs/);
  });
});
