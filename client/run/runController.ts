/**
 * One run at a time, from a chip configuration to results: load it into the supervised emulator, run it while
 * chunks stream to the panels (throttled), then fetch the results. Free of the VS Code API; the extension passes
 * the configuration and a sink for what the panels and the progress notification show.
 *
 * Cancelling is always possible: `cancel` asks the emulator to stop (it stops within one run slice); if it does not
 * answer within CANCEL_TIMEOUT_MS the process is killed, which ends the run at once.
 */
import type { ChipConfiguration } from '../../common/chip/configuration';
import { CancelRequest, ChunkNotification, LoadRequest, ResultsRequest, RunRequest, type LoadParams, type ResultsChunk, type RunStatus } from '../../common/protocol/emulator';
import { resultsChunkProblems, type RunEndState, type RunStartedMessage } from '../../common/protocol/webview';
import { validateRunResults, type RunResults } from '../../common/results';
import type { EmulatorSupervisor } from '../emulator/supervisor';
import { ChunkThrottle } from './chunks';

export const CANCEL_TIMEOUT_MS = 2000;

export interface RunSink {
  started(message: RunStartedMessage): void;
  /** Merged chunks, at most `liveUpdateRate` per second. */
  chunk(chunk: ResultsChunk): void;
  progress?(timeMs: number, durationMs: number): void;
}

export interface RunRequestOptions {
  configuration: ChipConfiguration;
  liveUpdateRate: number;
  fixedPatternNoise: boolean;
  sink: RunSink;
}

export interface RunOutcome {
  state: RunEndState;
  /** What was recorded (also for a cancelled or failed run, when the emulator could still answer). */
  results?: RunResults;
  /** Why the run failed, for the user. */
  error?: string;
  wallMs: number;
}

export class RunInProgressError extends Error {}

export class RunController {
  private active: { cancelled: boolean; cancel: () => Promise<void> } | undefined;

  constructor(
    private readonly supervisor: EmulatorSupervisor,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  get running(): boolean {
    return this.active !== undefined;
  }

  async run(options: RunRequestOptions): Promise<RunOutcome> {
    if (this.active) throw new RunInProgressError('an experiment is already running; stop it first');
    const started = performance.now();
    const state = { cancelled: false, cancel: async () => undefined as void };
    this.active = state;
    const throttle = new ChunkThrottle(options.liveUpdateRate, (c) => options.sink.chunk(c));
    let subscription: { dispose(): void } | undefined;
    try {
      const emulator = await this.supervisor.acquire();
      const connection = emulator.connection;
      state.cancel = async () => {
        state.cancelled = true;
        const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), CANCEL_TIMEOUT_MS).unref?.());
        const answer = await Promise.race([connection.sendRequest(CancelRequest.type).then(() => 'ok' as const, () => 'gone' as const), timeout]);
        if (answer === 'timeout') this.supervisor.kill(`it did not cancel within ${CANCEL_TIMEOUT_MS} ms`);
      };
      if (state.cancelled) return { state: 'cancelled', wallMs: performance.now() - started };
      const { configuration } = options;
      const load: LoadParams = {
        configuration,
        chunk_interval_ms: Math.round(1000 / Math.max(1, options.liveUpdateRate)),
        ...(options.fixedPatternNoise ? { fixed_pattern_noise: true } : {}),
      };
      const loaded = await this.supervisor.loading(connection.sendRequest(LoadRequest.type, load));
      this.log(`run: ${loaded.experiment}: ${loaded.neurons} neurons, ${loaded.duration_ms} ms, seed ${loaded.seed}`);
      const populations: Record<string, number> = {};
      for (const p of configuration.source.populations) populations[p.name] = p.size;
      options.sink.started({ type: 'runStarted', experiment: loaded.experiment, duration_ms: loaded.duration_ms, populations });
      subscription = connection.onNotification(ChunkNotification.type, (chunk) => {
        // The emulator is another process: a chunk that fails validation is logged and dropped, never merged.
        const problems = resultsChunkProblems(chunk);
        if (problems.length > 0) {
          this.log(`run: dropped a malformed results chunk from the emulator: ${problems.slice(0, 3).join('; ')}`);
          return;
        }
        options.sink.progress?.(chunk.time_ms, chunk.duration_ms);
        throttle.push(chunk);
      });
      if (state.cancelled) return { state: 'cancelled', wallMs: performance.now() - started };
      let status: RunStatus;
      try {
        status = await connection.sendRequest(RunRequest.type, {});
      } catch (error) {
        throttle.flush();
        if (state.cancelled) return { state: 'cancelled', wallMs: performance.now() - started };
        return { state: 'failed', error: `the emulator stopped: ${message(error)}`, wallMs: performance.now() - started };
      }
      throttle.flush();
      const end: RunEndState = status.state === 'failed' ? 'failed' : status.state === 'cancelled' || state.cancelled ? 'cancelled' : 'finished';
      const error = status.state === 'failed' ? failureText(status) : undefined;
      let results: RunResults | undefined;
      try {
        const raw = await connection.sendRequest(ResultsRequest.type);
        const problems = validateRunResults(raw);
        if (problems.length > 0) return { state: 'failed', error: `the emulator returned malformed results: ${problems.slice(0, 3).join('; ')}`, wallMs: performance.now() - started };
        results = raw;
      } catch (e) {
        if (end === 'finished') return { state: 'failed', error: `the results could not be read: ${message(e)}`, wallMs: performance.now() - started };
      }
      return { state: end, results, error, wallMs: performance.now() - started };
    } catch (error) {
      if (state.cancelled) return { state: 'cancelled', wallMs: performance.now() - started };
      return { state: 'failed', error: message(error), wallMs: performance.now() - started };
    } finally {
      subscription?.dispose();
      throttle.dispose();
      this.active = undefined;
    }
  }

  /** Stops the run in progress (no-op without one); resolves once the emulator stopped or was killed. */
  async cancel(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.log('run: cancel requested');
    await active.cancel();
  }
}

function message(error: unknown): string {
  if (error instanceof Error) {
    const problems = (error as { data?: { problems?: unknown } }).data?.problems;
    const detail = Array.isArray(problems) && problems.length > 0 ? `: ${problems.slice(0, 3).join('; ')}` : '';
    return error.message + detail;
  }
  return String(error);
}

function failureText(status: RunStatus): string {
  const e = status.error;
  if (!e) return 'the emulation failed';
  const where = [e.population ? `population ${e.population}` : '', e.neuron !== undefined ? `neuron ${e.neuron}` : '', e.time_ms !== undefined ? `at ${e.time_ms} ms` : ''].filter(Boolean).join(', ');
  return where ? `${e.message} (${where})` : e.message;
}
