/**
 * The messages between a client (the extension, the `bss2` command line, the debug adapter) and the emulator
 * process, declared once and imported by both ends. JSON-RPC 2.0 over stdio (vscode-jsonrpc framing).
 *
 * Life cycle: `load` a chip configuration (validated on arrival), then `run` (resolves when the run stops:
 * finished, paused, cancelled or failed) while `chunk` notifications stream the results recorded so far;
 * `pause` / `cancel` stop a run, `step` advances a loaded run by steps or by a duration, `readState` reads
 * neuron variables, `results` returns everything recorded. Plasticity rules: `setRuleBreakpoints` stops a run
 * before a rule's statement, `ruleState` reads the stopped rule's statement and variables, `stepRule` runs one
 * statement (see the section at the end).
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { RunResults, SpikeTrains, Trace } from '../results';
import type { RuleExecutionState } from '../chip/ppu';

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
  /** Present when a breakpoint stopped the run (state 'paused'), see `SetBreakpointsRequest`. */
  stop?: StopReason;
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
  /**
   * Seeded per-circuit mismatch of the analog parameters, drawn from the configuration's seed (magnitudes:
   * FIXED_PATTERN_NOISE in common/chip/limits.ts). Default false: every circuit exactly as configured.
   */
  fixed_pattern_noise?: boolean;
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
  /**
   * Samples appended to each trace (the fields of `Trace` that identify it, and the new values); `index` refers to
   * the order of `traces` in the final results.
   */
  traces: Array<{ index: number } & Pick<Trace, 'population' | 'neuron' | 'compartment' | 'variable' | 't0_ms' | 'dt_ms' | 'values'>>;
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

// ---------------------------------------------------------------------------------------------------------------
// Debugging: breakpoints that stop a run by themselves (emulator/breakpoints.ts), and the projections' weights.
// `run` and `step` resolve with state 'paused' and a `stop` when one of them is hit; the run goes on from there.

/** Names a breakpoint condition may use (see docs/debugging.md for what each means at a spike or an event). */
export const CONDITION_VARIABLES = ['neuron', 't', 'v', 'w', 'i_syn_E', 'i_syn_I', 'spike_count', 'refractory'] as const;
export type ConditionVariable = (typeof CONDITION_VARIABLES)[number];

export const CONDITION_BINARY_OPERATORS = ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=', '&&', '||'] as const;
export type ConditionBinaryOperator = (typeof CONDITION_BINARY_OPERATORS)[number];

/**
 * What a non-logical operator computes (comparisons give 1 / 0), defined once: the debugger's console and the
 * emulator's breakpoint conditions must agree on it. `&&` and `||` short-circuit, so their callers handle them.
 */
export function applyArithmeticOrComparison(op: Exclude<ConditionBinaryOperator, '&&' | '||'>, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
  }
}

/** A breakpoint condition, parsed by the client (numbers in ms, mV, pA, nS); checked on arrival. Booleans are 1 / 0. */
export type ConditionExpression =
  | { kind: 'number'; value: number }
  | { kind: 'variable'; name: ConditionVariable }
  | { kind: 'unary'; op: '-' | '!'; operand: ConditionExpression }
  | { kind: 'binary'; op: ConditionBinaryOperator; left: ConditionExpression; right: ConditionExpression };

/** When a breakpoint whose condition holds actually stops, by its hit count (1 for the first hit). */
export interface HitCondition {
  op: '==' | '>=' | '>' | '<' | '<=' | '%';
  count: number;
}

interface WatchBase {
  /** The client's breakpoint id, echoed in `StopReason.breakpoints`. */
  id: number;
  condition?: ConditionExpression;
  hit?: HitCondition;
}

/** Stop after the step in which a neuron (or a spike source) of `population` spikes; `neurons` narrows it. */
export interface SpikeWatch extends WatchBase {
  population: string;
  neurons?: number[];
}

/** Stop after the step in which projection `projection` (`pre->post`, as in `source.projections`) delivers an event. */
export interface EventWatch extends WatchBase {
  projection: string;
}

/** Stop once the simulation time reaches `time_ms` (rounded up to the step). */
export interface TimeStop {
  id: number;
  time_ms: number;
}

/** Replaces every breakpoint; an empty object clears them (and running costs nothing extra again). */
export interface SetBreakpointsParams {
  spikes?: SpikeWatch[];
  events?: EventWatch[];
  times?: TimeStop[];
}

export interface SetBreakpointsResult {
  /** Breakpoints that cannot stop in the loaded experiment, with the reason; the others are armed. */
  rejected: Array<{ id: number; message: string }>;
}

/** Why a run stopped by itself. Times in biological ms. */
export interface StopReason {
  kind: 'spike' | 'event' | 'time';
  /** Every breakpoint hit in this step, the one described below first. */
  breakpoints: number[];
  /** Simulation time at the stop (the end of the step). */
  time_ms: number;
  /** spike: the neuron (or source) that spiked; event: the presynaptic population and neuron of the event. */
  population?: string;
  neuron?: number;
  projection?: string;
  /** The spike's or the event's own time, within the step. */
  event_time_ms?: number;
  /** How often this breakpoint has been hit (its condition holding) since it was set. */
  hits?: number;
}

export interface ReadWeightsParams {
  projection: string;
  /** Presynaptic neuron rows [from_row, to_row) of the weight matrix; default: all. */
  from_row?: number;
  to_row?: number;
}

export interface ReadWeightsResult {
  projection: string;
  pre: string;
  post: string;
  pre_size: number;
  post_size: number;
  from_row: number;
  /** weights[r][j]: the 6-bit weight from pre neuron from_row + r to post neuron j, null where no synapse is. */
  weights: Array<Array<number | null>>;
}

export namespace SetBreakpointsRequest {
  export const type = new RequestType<SetBreakpointsParams, SetBreakpointsResult, void>('bss2/emulator/setBreakpoints');
}
export namespace ReadWeightsRequest {
  export const type = new RequestType<ReadWeightsParams, ReadWeightsResult, void>('bss2/emulator/readWeights');
}

// ---------------------------------------------------------------------------------------------------------------
// Plasticity processor debugging (emulator/ppu/): a rule can stop before any of its statements. A run (or step)
// that reaches such a breakpoint resolves with state 'paused'; `ruleState` then shows the rule, the statement
// about to run (document line and character), the synapse row and every variable's lanes; `stepRule` runs that
// statement and stops before the next one (in the next row, or the next rule due at that time; no state when
// the period's rules are done); `run` or `step` finish the period and go on.

export interface RuleBreakpointSpec {
  /** The rule's name in the experiment. */
  rule: string;
  /** Zero-based document line of a statement of the rule; omitted: every statement of the rule. */
  line?: number;
}

export interface SetRuleBreakpointsParams {
  breakpoints: RuleBreakpointSpec[];
}

export interface RuleStateResult {
  /** Absent when no rule is stopped. */
  state?: RuleExecutionState;
}

export namespace SetRuleBreakpointsRequest {
  export const type = new RequestType<SetRuleBreakpointsParams, { count: number }, void>('bss2/emulator/setRuleBreakpoints');
}
export namespace RuleStateRequest {
  export const type = new RequestType0<RuleStateResult, void>('bss2/emulator/ruleState');
}
export namespace StepRuleRequest {
  export const type = new RequestType0<RuleStateResult, void>('bss2/emulator/stepRule');
}
