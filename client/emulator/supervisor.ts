/**
 * Keeps one emulator process for the extension: started on demand, watched by a heartbeat, replaced after a
 * crash. Free of the VS Code API (the extension passes callbacks for messages and questions).
 *
 * - A process that exits rejects every pending request at once (the JSON-RPC connection is disposed on exit),
 *   and the user is told why, with the tail of its stderr.
 * - A process that stops answering (missed heartbeat: `bss2/emulator/status` unanswered) is killed, which turns
 *   a hang into the crash case above. With the defaults a hang is detected within
 *   HEARTBEAT_INTERVAL_MS + HEARTBEAT_TIMEOUT_MS = 4 s (LOAD_SILENCE_MS while a load is pending: see `loading`).
 * - Restarts are limited: after RESTART_LIMIT restarts within RESTART_WINDOW_MS the user is asked before the
 *   next one, so a configuration that kills the emulator every time cannot loop.
 * - `dispose` stops politely (stdin closed), then kills after SHUTDOWN_GRACE_MS: no orphan process.
 */
import { StatusRequest } from '../../common/protocol/emulator';
import { EmulatorProcess } from './emulatorProcess';

export const HEARTBEAT_INTERVAL_MS = 1000;
export const HEARTBEAT_TIMEOUT_MS = 3000;
/**
 * Loading a configuration is one synchronous step in the emulator (building the network, drawing spike trains)
 * that answers no heartbeat meanwhile; while a load is pending the process may stay silent this long.
 */
export const LOAD_SILENCE_MS = 60_000;
export const RESTART_LIMIT = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export type EmulatorFailure =
  /** The process exited while the extension still needed it. */
  | { kind: 'exited'; code: number | null; stderr: string }
  /** The process stopped answering and was killed. */
  | { kind: 'hung'; silentMs: number };

export interface SupervisorOptions {
  /** The bundled `dist/emulator.js`. */
  script: string;
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  restartLimit?: number;
  restartWindowMs?: number;
  /** A line for the output channel. */
  log?: (line: string) => void;
  /** The process failed; the message is ready to show the user. */
  onFailure?: (failure: EmulatorFailure, message: string) => void;
  /** Asked when the restart limit is reached; resolve true to start again anyway. */
  confirmRestart?: (restarts: number, windowMs: number) => Promise<boolean>;
  now?: () => number;
}

/** Thrown by `acquire` when the user declined a restart or the supervisor was disposed. */
export class EmulatorUnavailableError extends Error {}

export function describeFailure(failure: EmulatorFailure): string {
  if (failure.kind === 'hung') {
    return `The BrainScaleS-2 emulator stopped responding (no answer for ${(failure.silentMs / 1000).toFixed(1)} s) and was stopped. It will be restarted for the next run.`;
  }
  const last = failure.stderr.trim().split('\n').slice(-3).join(' | ');
  const code = failure.code === null ? 'was killed' : `exited with code ${failure.code}`;
  return `The BrainScaleS-2 emulator ${code}${last ? `: ${last}` : ''}. It will be restarted for the next run.`;
}

export class EmulatorSupervisor {
  private process: EmulatorProcess | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private heartbeatInFlight = false;
  /** Loads in flight: the process may be silent longer meanwhile. */
  private loads = 0;
  private lastAnswer = 0;
  /** When each restart after a failure happened, for the restart limit. */
  private restarts: number[] = [];
  private failedBefore = false;
  /** Processes we are stopping on purpose: their exit is not a failure. */
  private readonly stopping = new WeakSet<EmulatorProcess>();
  private disposed = false;
  private starting: Promise<EmulatorProcess> | undefined;

  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SupervisorOptions) {
    this.intervalMs = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
    this.timeoutMs = options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
    this.limit = options.restartLimit ?? RESTART_LIMIT;
    this.windowMs = options.restartWindowMs ?? RESTART_WINDOW_MS;
    this.now = options.now ?? Date.now;
  }

  /** The running process, if any (no process is started). */
  get current(): EmulatorProcess | undefined {
    return this.process;
  }

  /** Restarts counted against the limit right now. */
  get recentRestarts(): number {
    const since = this.now() - this.windowMs;
    this.restarts = this.restarts.filter((t) => t >= since);
    return this.restarts.length;
  }

  /** The running process, started if needed. */
  acquire(): Promise<EmulatorProcess> {
    if (this.disposed) return Promise.reject(new EmulatorUnavailableError('the emulator is shut down'));
    if (this.process?.alive) return Promise.resolve(this.process);
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async start(): Promise<EmulatorProcess> {
    if (this.failedBefore) {
      if (this.recentRestarts >= this.limit) {
        const minutes = Math.round(this.windowMs / 60000);
        this.log(`emulator: ${this.restarts.length} restarts in ${minutes} min; asking before the next one`);
        const again = (await this.options.confirmRestart?.(this.restarts.length, this.windowMs)) ?? false;
        if (!again) throw new EmulatorUnavailableError(`the emulator failed ${this.restarts.length} times in ${minutes} minutes; not restarted`);
        this.restarts = [];
      }
      this.restarts.push(this.now());
    }
    if (this.disposed) throw new EmulatorUnavailableError('the emulator is shut down');
    const process = EmulatorProcess.start(this.options.script);
    this.process = process;
    this.lastAnswer = this.now();
    this.log(`emulator: started (pid ${process.pid ?? '?'})`);
    process.onExit((code) => this.exited(process, code));
    this.startHeartbeat(process);
    return process;
  }

  private exited(process: EmulatorProcess, code: number | null): void {
    if (this.process === process) {
      this.process = undefined;
      this.stopHeartbeat();
    }
    if (this.stopping.has(process)) {
      this.log(`emulator: stopped (pid ${process.pid ?? '?'})`);
      return;
    }
    this.fail(process, { kind: 'exited', code, stderr: process.stderr });
  }

  private fail(process: EmulatorProcess, failure: EmulatorFailure): void {
    this.failedBefore = true;
    const message = describeFailure(failure);
    this.log(`emulator: pid ${process.pid ?? '?'}: ${message}`);
    if (failure.kind === 'exited' && failure.stderr.trim()) this.log(failure.stderr.trim());
    this.options.onFailure?.(failure, message);
  }

  private startHeartbeat(process: EmulatorProcess): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => this.beat(process), this.intervalMs);
    this.heartbeat.unref?.();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.heartbeatInFlight = false;
  }

  private beat(process: EmulatorProcess): void {
    if (this.process !== process || !process.alive) return;
    const silentMs = this.now() - this.lastAnswer;
    const allowedMs = this.loads > 0 ? Math.max(this.timeoutMs, LOAD_SILENCE_MS) : this.timeoutMs;
    if (this.heartbeatInFlight && silentMs >= allowedMs) {
      // A hang becomes a crash: killing rejects every pending request, the exit is then not reported twice.
      this.stopping.add(process);
      this.process = undefined;
      this.stopHeartbeat();
      this.fail(process, { kind: 'hung', silentMs });
      process.kill();
      return;
    }
    if (this.heartbeatInFlight) return;
    this.heartbeatInFlight = true;
    process.connection.sendRequest(StatusRequest.type).then(
      () => {
        this.lastAnswer = this.now();
        this.heartbeatInFlight = false;
      },
      () => {
        // Rejected because the process is gone: the exit handler reports it.
        this.heartbeatInFlight = false;
      },
    );
  }

  /**
   * Marks `work` (a `load` request) as one the emulator answers nothing else during; the hang limit is
   * LOAD_SILENCE_MS until it settles, and the silence counts from when it settles.
   */
  async loading<T>(work: Promise<T>): Promise<T> {
    this.loads++;
    try {
      return await work;
    } finally {
      this.loads--;
      this.lastAnswer = this.now();
    }
  }

  /** Kills the current process now (a run that will not cancel); the next `acquire` starts a fresh one. */
  kill(reason: string): void {
    const process = this.process;
    if (!process) return;
    this.log(`emulator: killing pid ${process.pid ?? '?'}: ${reason}`);
    this.stopping.add(process);
    this.process = undefined;
    this.stopHeartbeat();
    process.kill();
  }

  /** Polite stop, forced after the grace period; resolves when no emulator process is left. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopHeartbeat();
    const starting = this.starting;
    if (starting) await starting.catch(() => undefined);
    const process = this.process;
    this.process = undefined;
    if (process) {
      this.stopping.add(process);
      await process.dispose();
    }
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
