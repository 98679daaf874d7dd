/**
 * The messages between a client (the extension, the `bss2` command line, the debug adapter) and the emulator
 * process, declared once and imported by both ends. JSON-RPC 2.0 over stdio (vscode-jsonrpc framing).
 *
 * Life cycle: `load` a chip configuration (validated on arrival), then `run` (resolves when the run stops:
 * finished, paused, cancelled or failed) while `chunk` notifications stream the results recorded so far;
 * `pause` / `cancel` stop a run, `step` advances a loaded run by steps or by a duration, `readState` reads
 * neuron variables, `results` returns everything recorded.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { RunResults, SpikeTrains, TraceVariable } from '../results';

export const EMULATOR_PROTOCOL_VERSION = 1;

/** JSON-RPC error codes the emulator answers with, besides the standard ones (-32700 parse, -32602 params ...). */
export const EmulatorErrorCodes = {
  /** The request needs a loaded configuration. */
  NotLoaded: -33001,
  /** The configuration failed validation; `data.problems` lists what and where. */
  InvalidConfiguration: -33002,
  /** A run is in progress; pause or cancel it first. */
  Busy: -33003,
  /** The run already reached its end; `reset` to run again. */
  Finished: -33005,
} as const;

export type RunState = 'idle' | 'loaded' | 'running' | 'paused' | 'finished' | 'cancelled' | 'failed';

export interface RunStatus {
  state: RunState;
  /** Current simulation time, biological ms. */
  time_ms: number;
  duration_ms: number;
  /** Present when state is 'failed'. */
  error?: { message: string; population?: string; neuron?: number; time_ms?: number };
}

export interface HelloResult {
  protocol: typeof EMULATOR_PROTOCOL_VERSION;
  version: string;
}

export interface LoadParams {
  /** A chip configuration (common/chip/configuration.ts); checked on arrival, never trusted. */
  configuration: unknown;
  /** Minimum wall-clock interval between `chunk` notifications, ms (default 50). */
  chunk_interval_ms?: number;
}

export interface LoadResult {
  experiment: string;
  neurons: number;
  duration_ms: number;
  seed: number;
  step_ms: number;
}

export interface RunParams {
  /** Stop (state 'paused') at this biological time; default: the end of the experiment. */
  until_ms?: number;
}

export interface StepParams {
  /** Advance by this many integration steps (default 1) ... */
  steps?: number;
  /** ... or by this biological duration. */
  duration_ms?: number;
}

export interface ReadStateParams {
  population: string;
  /** Neuron indices within the population; default: all. */
  neurons?: number[];
}

export interface NeuronState {
  neuron: number;
  v: number;
  w: number;
  i_syn_E: number;
  i_syn_I: number;
  refractory: boolean;
  spike_count: number;
}

export interface ReadStateResult {
  time_ms: number;
  neurons: NeuronState[];
}

/** What was recorded since the previous chunk. Spike times are sorted within each population. */
export interface ResultsChunk {
  time_ms: number;
  duration_ms: number;
  spikes: Record<string, SpikeTrains>;
  /** Samples appended to each trace; `index` refers to the order of `traces` in the final results. */
  traces: Array<{ index: number; population: string; neuron: number; variable: TraceVariable; t0_ms: number; dt_ms: number; values: number[] }>;
}

export namespace HelloRequest {
  export const type = new RequestType0<HelloResult, void>('bss2/emulator/hello');
}
export namespace LoadRequest {
  export const type = new RequestType<LoadParams, LoadResult, void>('bss2/emulator/load');
}
export namespace RunRequest {
  export const type = new RequestType<RunParams, RunStatus, void>('bss2/emulator/run');
}
export namespace PauseRequest {
  export const type = new RequestType0<RunStatus, void>('bss2/emulator/pause');
}
export namespace CancelRequest {
  export const type = new RequestType0<RunStatus, void>('bss2/emulator/cancel');
}
export namespace StepRequest {
  export const type = new RequestType<StepParams, RunStatus, void>('bss2/emulator/step');
}
export namespace ResetRequest {
  export const type = new RequestType0<RunStatus, void>('bss2/emulator/reset');
}
export namespace StatusRequest {
  export const type = new RequestType0<RunStatus, void>('bss2/emulator/status');
}
export namespace ReadStateRequest {
  export const type = new RequestType<ReadStateParams, ReadStateResult, void>('bss2/emulator/readState');
}
export namespace ResultsRequest {
  export const type = new RequestType0<RunResults, void>('bss2/emulator/results');
}
export namespace ChunkNotification {
  export const type = new NotificationType<ResultsChunk>('bss2/emulator/chunk');
}
