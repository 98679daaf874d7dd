/**
 * The `bss2` debug adapter: the Debug Adapter Protocol on one side, the emulator process (JSON-RPC,
 * common/protocol/emulator.ts) on the other. It analyses and maps the experiment file itself (server/analysis.ts),
 * refuses a file with errors (naming file:line:col), loads the chip configuration into a fresh emulator process and
 * turns DAP requests into emulator requests:
 *
 *   continue / next (one step or `stepDuration`) / pause / restart / terminate   run, step, pause, load+reset, cancel
 *   line and function breakpoints                                                setBreakpoints (spike, event, time)
 *   Variables, Watch, Debug Console                                              readState, readWeights
 *
 * One thread (the network); its stack is one frame for the network at the current time (plus the plasticity rule
 * being executed, when the emulator can stop inside rules). Every stop sends the custom event `bss2.results` with
 * the results recorded so far, so that the plot panels can show the run up to that time (docs/debugging.md).
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  BreakpointEvent, DebugSession, Event, Handles, InitializedEvent, OutputEvent, Scope, Source, StackFrame,
  StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ResponseError } from 'vscode-jsonrpc/node';
import { SPEEDUP } from '../../common/chip/limits';
import type { ChipConfiguration } from '../../common/chip/configuration';
import type { RuleExecutionState } from '../../common/chip/ppu';
import {
  CancelRequest, HelloRequest, LoadRequest, PauseRequest, ReadStateRequest, ReadWeightsRequest, ResetRequest,
  ResultsRequest, RuleStateRequest, RunRequest, SetBreakpointsRequest, SetRuleBreakpointsRequest, StepRequest,
  StepRuleRequest, type RuleBreakpointSpec,
  type ConditionVariable, type EventWatch, type RunStatus, type SetBreakpointsParams, type SpikeWatch, type StopReason,
} from '../../common/protocol/emulator';
import type { RunResults } from '../../common/results';
import { analyzeDocument, type DocumentAnalysis } from '../../server/analysis';
import { Severity } from '../../server/language/diagnostic';
import { EmulatorProcess } from '../emulator/emulatorProcess';
import {
  evaluate, ExpressionError, formatNumber, NEURON_VARIABLES, parseExpression, parseHitCondition, parseTimeBreakpoint,
  references, toCondition, type EvaluationData, type PopulationData, type Value,
} from './expression';
import { resolveLaunchConfiguration, type Bss2LaunchConfiguration } from './launchConfiguration';
import { lineTarget, type LineTarget, type RuleStatements } from './lineTargets';

const THREAD_ID = 1;
const NETWORK_FRAME = 1;
const RULE_FRAME = 2;
/** How long the adapter waits for the client's configuration (breakpoints) before starting anyway. */
const CONFIGURATION_TIMEOUT_MS = 10000;
/** Array children shown per page in Variables. */
const PREVIEW_ITEMS = 8;

/** The custom event that carries the results recorded up to a stop (or the end); see docs/debugging.md. */
export const RESULTS_EVENT = 'bss2.results';

export interface ResultsEventBody {
  /** Absolute path of the experiment file. */
  program: string;
  /** Simulation time of the stop, biological ms. */
  time_ms: number;
  /** Why: 'entry', 'step', 'breakpoint', 'pause', 'exception', 'finished'. */
  reason: string;
  results: RunResults;
}

/** Error ids of the adapter's error responses (DAP Message.id). */
const Errors = {
  Launch: 1001,
  Program: 1002,
  Emulator: 1003,
  NotStopped: 1004,
  Evaluate: 1005,
} as const;

type Container =
  | { kind: 'simulation' }
  | { kind: 'populations' }
  | { kind: 'population'; name: string }
  | { kind: 'neuron'; population: string; index: number }
  | { kind: 'projections' }
  | { kind: 'projection'; name: string }
  | { kind: 'weightRow'; projection: string; row: number }
  | { kind: 'array'; values: Array<number | null>; unit?: string }
  | { kind: 'matrix'; rows: Array<Array<number | null>> }
  | { kind: 'rule' };

interface LineBreakpoint {
  id: number;
  /** Zero-based. */
  line: number;
  target: LineTarget;
  condition?: string;
  hitCondition?: string;
  /** Set when the breakpoint cannot stop. */
  problem?: string;
}

interface FunctionBreakpoint {
  id: number;
  name: string;
  time_ms?: number;
  problem?: string;
}

interface Stopped {
  reason: string;
  time_ms: number;
  stop?: StopReason;
  /** Zero-based line the network frame points at. */
  line: number;
  description?: string;
  /** The plasticity rule stopped before a statement, if any. */
  rule?: RuleExecutionState;
  /** Breakpoints hit in a plasticity rule. */
  hitIds?: number[];
}

export class Bss2DebugSession extends DebugSession {
  private config: Bss2LaunchConfiguration | undefined;
  private analysis: DocumentAnalysis | undefined;
  private configuration: ChipConfiguration | undefined;
  private emulator: EmulatorProcess | undefined;
  private stepMs = 0.1;
  private running = false;
  private pauseRequested = false;
  private shuttingDown = false;
  private stopped: Stopped | undefined;
  private readonly handles = new Handles<Container>();
  private nextBreakpointId = 1;
  private lineBreakpoints: LineBreakpoint[] = [];
  private functionBreakpoints: FunctionBreakpoint[] = [];
  private breakpointSource: string | undefined;
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => {
    this.configurationDone = resolve;
  });

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
  }

  /** Where dist/emulator.js is: next to this bundle. */
  protected emulatorScript(): string {
    return join(__dirname, 'emulator.js');
  }

  // ---- life cycle ----------------------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsDelayedStackTraceLoading: false,
      supportsSetVariable: false,
      supportsValueFormattingOptions: false,
      supportsSteppingGranularity: false,
    };
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): Promise<void> {
    const checked = resolveLaunchConfiguration(args);
    if (!checked.ok) {
      this.sendErrorResponse(response, { id: Errors.Launch, format: checked.error, showUser: true });
      return;
    }
    this.config = checked.configuration;
    const problem = this.analyse();
    if (problem) {
      this.sendErrorResponse(response, { id: Errors.Program, format: problem, showUser: true });
      return;
    }
    try {
      await this.startEmulator();
    } catch (error) {
      this.sendErrorResponse(response, { id: Errors.Emulator, format: `the emulator could not start: ${message(error)}`, showUser: true });
      await this.stopEmulator();
      return;
    }
    // Breakpoints can be mapped now that the file is analysed: ask the client for them.
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configured, new Promise((r) => setTimeout(r, CONFIGURATION_TIMEOUT_MS))]);
    this.sendResponse(response);
    await this.begin();
  }

  /** After launch or restart: stop on entry, or run. */
  private async begin(): Promise<void> {
    if (this.config!.stopOnEntry) {
      await this.enterStop({ reason: 'entry', time_ms: 0, line: this.experimentLine(), description: 'stopped at 0 ms, before the first step' });
    } else {
      void this.drive(() => this.emulator!.connection.sendRequest(RunRequest.type, {}), 'continue');
    }
  }

  /** Reads and analyses the program; returns the reason it cannot be debugged. */
  private analyse(): string | undefined {
    const config = this.config!;
    let text: string;
    try {
      text = readFileSync(config.program, 'utf8');
    } catch (error) {
      return `cannot read ${config.program}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : message(error)}`;
    }
    const analysis = analyzeDocument(text, { seed: config.seed, durationMs: config.duration });
    const errors = analysis.diagnostics.filter((d) => d.severity === Severity.Error);
    if (errors.length > 0 || !analysis.configuration) {
      const lines = errors.map((d) => `${config.program}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}`);
      if (lines.length === 0) lines.push(`${config.program}:1:1: error: the file declares no experiment`);
      this.sendEvent(new OutputEvent(`${lines.join('\n')}\n`, 'stderr'));
      const more = lines.length > 1 ? ` (and ${lines.length - 1} more error${lines.length > 2 ? 's' : ''}, listed in the Debug Console)` : '';
      return `${basename(config.program)} has errors, fix them before debugging: ${lines[0]}${more}`;
    }
    this.analysis = analysis;
    this.configuration = analysis.configuration;
    return undefined;
  }

  private async startEmulator(): Promise<void> {
    const emulator = EmulatorProcess.start(this.emulatorScript());
    this.emulator = emulator;
    emulator.onExit((code) => {
      if (this.shuttingDown || this.emulator !== emulator) return;
      const tail = emulator.stderr.trim();
      this.sendEvent(new OutputEvent(`the emulator process exited unexpectedly (code ${code})${tail ? `:\n${tail}` : ''}\n`, 'stderr'));
      this.sendEvent(new TerminatedEvent());
    });
    await emulator.connection.sendRequest(HelloRequest.type);
    await this.load();
  }

  private async load(): Promise<void> {
    const loaded = await this.emulator!.connection.sendRequest(LoadRequest.type, { configuration: this.configuration, chunk_interval_ms: 1000 });
    this.stepMs = loaded.step_ms;
    this.sendEvent(new OutputEvent(
      `${basename(this.config!.program)}: experiment '${loaded.experiment}', ${loaded.neurons} neurons, ${loaded.duration_ms} ms, seed ${loaded.seed}\n`,
      'console',
    ));
  }

  private async stopEmulator(): Promise<void> {
    const emulator = this.emulator;
    if (!emulator) return;
    this.shuttingDown = true;
    if (this.running) {
      try {
        await Promise.race([emulator.connection.sendRequest(CancelRequest.type), new Promise((r) => setTimeout(r, 1000))]);
      } catch {
        // The process is going away anyway.
      }
    }
    await emulator.dispose();
    this.emulator = undefined;
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.stopEmulator();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.stopEmulator();
    this.sendResponse(response);
    this.shutdown();
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments | undefined): Promise<void> {
    if (args?.arguments) {
      const checked = resolveLaunchConfiguration(args.arguments);
      if (!checked.ok) {
        this.sendErrorResponse(response, { id: Errors.Launch, format: checked.error, showUser: true });
        return;
      }
      this.config = checked.configuration;
    }
    if (!this.emulator || !this.config) {
      this.sendErrorResponse(response, { id: Errors.NotStopped, format: 'nothing to restart: the experiment is not running' });
      return;
    }
    if (this.running) await this.pauseEmulator();
    // The file may have changed since the launch: analyse it again and map the breakpoints anew.
    const problem = this.analyse();
    if (problem) {
      this.sendErrorResponse(response, { id: Errors.Program, format: problem, showUser: true });
      return;
    }
    try {
      await this.load();
      this.remapLineBreakpoints();
      await this.armBreakpoints();
    } catch (error) {
      this.sendErrorResponse(response, { id: Errors.Emulator, format: `restart failed: ${message(error)}`, showUser: true });
      return;
    }
    this.sendResponse(response);
    await this.begin();
  }

  // ---- running -------------------------------------------------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    if (!this.canRun(response)) return;
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    void this.drive(() => this.emulator!.connection.sendRequest(RunRequest.type, {}), 'continue');
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    if (!this.canRun(response)) return;
    this.sendResponse(response);
    void this.step();
  }

  /**
   * Inside a rule: run its current statement and stop before the next. Elsewhere: run to the next plasticity
   * period and stop before the first statement of the rule that runs (one step when the experiment has no rule).
   */
  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    if (!this.canRun(response)) return;
    this.sendResponse(response);
    if (!this.configuration?.ppuPrograms?.length) {
      void this.step();
    } else if (this.stopped?.rule) {
      void this.stepRule();
    } else {
      void this.runToNextRule();
    }
  }

  /** Inside a rule: finish the rule's period (stopping at breakpoints). Elsewhere: like Step Over. */
  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    if (!this.canRun(response)) return;
    this.sendResponse(response);
    if (this.stopped?.rule) void this.drive(() => this.emulator!.connection.sendRequest(StepRequest.type, { duration_ms: 0 }), 'stepOut');
    else void this.step();
  }

  private async stepRule(): Promise<void> {
    const time_ms = this.stopped!.time_ms;
    const line = this.stopped!.line;
    this.running = true;
    this.stopped = undefined;
    this.handles.reset();
    let state: RuleExecutionState | undefined;
    try {
      state = (await this.emulator!.connection.sendRequest(StepRuleRequest.type)).state;
    } catch (error) {
      this.running = false;
      await this.enterStop({ reason: 'exception', time_ms, line, description: message(error) });
      return;
    }
    this.running = false;
    if (state?.statement) {
      await this.enterStop({ reason: 'step', time_ms, line, rule: state, description: `rule ${state.rule}: before '${state.statement.text}'` });
    } else {
      await this.enterStop({ reason: 'step', time_ms, line, description: 'the plasticity rules of this period have run' });
    }
  }

  /** Runs with a breakpoint before every rule's statements, then restores the user's rule breakpoints. */
  private async runToNextRule(): Promise<void> {
    const connection = this.emulator!.connection;
    const rules = [...new Set((this.configuration!.ppuPrograms ?? []).map((p) => p.rule))];
    try {
      await connection.sendRequest(SetRuleBreakpointsRequest.type, { breakpoints: rules.map((rule) => ({ rule })) });
    } catch (error) {
      this.sendEvent(new OutputEvent(`cannot step into the plasticity rules: ${message(error)}\n`, 'stderr'));
    }
    await this.drive(async () => {
      try {
        return await connection.sendRequest(RunRequest.type, {});
      } finally {
        await this.armRuleBreakpoints();
      }
    }, 'stepIn');
  }

  private step(): Promise<void> {
    const duration = this.config!.stepDuration;
    return this.drive(() => this.emulator!.connection.sendRequest(StepRequest.type, duration !== undefined ? { duration_ms: duration } : { steps: 1 }), 'step');
  }

  protected override async pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    this.sendResponse(response);
    if (this.running) await this.pauseEmulator();
  }

  private async pauseEmulator(): Promise<void> {
    this.pauseRequested = true;
    try {
      await this.emulator?.connection.sendRequest(PauseRequest.type);
    } catch {
      // The run's own promise reports what went wrong.
    }
  }

  private canRun(response: DebugProtocol.Response): boolean {
    if (!this.emulator) {
      this.sendErrorResponse(response, { id: Errors.NotStopped, format: 'the experiment is not running' });
      return false;
    }
    if (this.running) {
      this.sendErrorResponse(response, { id: Errors.NotStopped, format: 'the experiment is running; pause it first' });
      return false;
    }
    return true;
  }

  /** Runs a run/step request to its end and reports how it stopped. */
  private async drive(request: () => Promise<RunStatus>, kind: 'continue' | 'step' | 'stepIn' | 'stepOut'): Promise<void> {
    this.running = true;
    this.pauseRequested = false;
    // A step or pause keeps pointing at the line the previous stop pointed at.
    const previousLine = this.stopped?.line ?? this.experimentLine();
    this.stopped = undefined;
    this.handles.reset();
    let status: RunStatus;
    try {
      status = await request();
    } catch (error) {
      this.running = false;
      if (this.shuttingDown) return;
      if (error instanceof ResponseError && /reached its end|cancelled/.test(error.message)) {
        await this.finish();
        return;
      }
      this.sendEvent(new OutputEvent(`the emulator refused: ${message(error)}\n`, 'stderr'));
      await this.enterStop({ reason: 'exception', time_ms: 0, line: this.experimentLine(), description: message(error) });
      return;
    }
    this.running = false;
    if (this.shuttingDown) return;
    if (status.state === 'failed') {
      const text = status.error?.message ?? 'the run failed';
      this.sendEvent(new OutputEvent(`${text}\n`, 'stderr'));
      await this.enterStop({ reason: 'exception', time_ms: status.time_ms, line: this.populationLine(status.error?.population), description: text });
      return;
    }
    if (status.stop) {
      await this.enterStop(this.breakpointStop(status.stop));
      return;
    }
    if (status.state === 'finished' || status.state === 'cancelled') {
      await this.finish();
      return;
    }
    const rule = await this.ruleState();
    if (rule?.statement) {
      const hit = this.ruleBreakpointAt(rule);
      await this.enterStop({
        reason: hit && kind === 'continue' ? 'breakpoint' : kind === 'step' || kind === 'stepIn' || kind === 'stepOut' ? 'step' : hit ? 'breakpoint' : 'pause',
        time_ms: status.time_ms, line: previousLine, rule,
        description: `rule ${rule.rule}${rule.synapseRow !== undefined ? `, synapse row ${rule.synapseRow}` : ''}: before '${rule.statement.text}'`,
        ...(hit ? { hitIds: [hit.id] } : {}),
      });
      return;
    }
    const reason = this.pauseRequested ? 'pause' : kind === 'continue' ? 'pause' : 'step';
    await this.enterStop({ reason, time_ms: status.time_ms, line: previousLine });
  }

  private async ruleState(): Promise<RuleExecutionState | undefined> {
    if (!this.configuration?.ppuPrograms?.length || !this.emulator) return undefined;
    try {
      return (await this.emulator.connection.sendRequest(RuleStateRequest.type)).state;
    } catch {
      return undefined;
    }
  }

  /** The user's rule breakpoint that stops before this statement, if any. */
  private ruleBreakpointAt(rule: RuleExecutionState): LineBreakpoint | undefined {
    return this.lineBreakpoints.find((b) => !b.problem && b.target.kind === 'rule' && b.target.rule === rule.rule &&
      (b.target.statementLine ?? this.firstStatementLine(rule.rule)) === rule.statement?.line);
  }

  private firstStatementLine(rule: string): number | undefined {
    const lines = this.ruleStatements()?.find((r) => r.rule === rule)?.lines ?? [];
    return lines.length > 0 ? Math.min(...lines) : undefined;
  }

  private breakpointStop(stop: StopReason): Stopped {
    const id = stop.breakpoints[0];
    const hitLine = this.lineBreakpoints.find((b) => b.id === id);
    const line = hitLine ? hitLine.line : this.experimentLine();
    const at = (t: number | undefined): string => (t === undefined ? '' : ` at ${formatNumber(t)} ms`);
    const description =
      stop.kind === 'spike' ? `${stop.population}[${stop.neuron}] spiked${at(stop.event_time_ms)}` :
      stop.kind === 'event' ? `${stop.projection?.replace('->', ' -> ')} delivered an event from ${stop.population}[${stop.neuron}]${at(stop.event_time_ms)}` :
      `reached${at(stop.event_time_ms)}`;
    return { reason: stop.kind === 'time' ? 'function breakpoint' : 'breakpoint', time_ms: stop.time_ms, stop, line, description };
  }

  private async enterStop(stopped: Stopped): Promise<void> {
    this.stopped = stopped;
    this.handles.reset();
    const event = new StoppedEvent(stopped.reason, THREAD_ID, stopped.description) as DebugProtocol.StoppedEvent;
    event.body.description = stopped.description ?? `${stopped.reason} at ${formatNumber(stopped.time_ms)} ms`;
    const hitIds = stopped.hitIds ?? stopped.stop?.breakpoints;
    if (hitIds) event.body.hitBreakpointIds = hitIds;
    event.body.allThreadsStopped = true;
    this.sendEvent(event);
    // The stop first (the editor shows it at once), then the results so far (may be megabytes) for the plots.
    await this.sendResults(stopped.reason, stopped.time_ms);
  }

  /** The run reached its end (or was cancelled): final results, then the session ends. */
  private async finish(): Promise<void> {
    const results = await this.sendResults('finished');
    if (results) {
      const spikes = Object.values(results.populations).reduce((n, p) => n + p.spikes.time_ms.length, 0);
      this.sendEvent(new OutputEvent(`run finished at ${formatNumber(results.duration_ms)} ms: ${spikes} spikes\n`, 'console'));
    }
    await this.stopEmulator();
    this.sendEvent(new TerminatedEvent());
  }

  private async sendResults(reason: string, time_ms?: number): Promise<RunResults | undefined> {
    try {
      const results = await this.emulator!.connection.sendRequest(ResultsRequest.type);
      const body: ResultsEventBody = { program: this.config!.program, time_ms: time_ms ?? results.duration_ms, reason, results };
      this.sendEvent(new Event(RESULTS_EVENT, body));
      return results;
    } catch {
      return undefined;
    }
  }

  protected override async customRequest(command: string, response: DebugProtocol.Response): Promise<void> {
    if (command === RESULTS_EVENT && this.emulator && !this.running) {
      try {
        const results = await this.emulator.connection.sendRequest(ResultsRequest.type);
        response.body = { program: this.config!.program, time_ms: this.stopped?.time_ms ?? 0, reason: this.stopped?.reason ?? 'entry', results } satisfies ResultsEventBody;
        this.sendResponse(response);
      } catch (error) {
        this.sendErrorResponse(response, { id: Errors.Emulator, format: message(error) });
      }
      return;
    }
    this.sendErrorResponse(response, { id: Errors.NotStopped, format: `unknown request '${command}'${command === RESULTS_EVENT ? ' while the experiment runs' : ''}` });
  }

  // ---- breakpoints ---------------------------------------------------------------------------------------------

  protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    const path = args.source.path;
    const requested: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const program = this.config?.program;
    if (!path || !program || resolve(path) !== resolve(program)) {
      response.body = {
        breakpoints: requested.map((b) => ({
          verified: false, line: b.line, reason: 'failed',
          message: program ? `only ${basename(program)}, the experiment being debugged, can stop` : 'no experiment is being debugged',
        })),
      };
      this.sendResponse(response);
      return;
    }
    this.breakpointSource = path;
    this.lineBreakpoints = requested.map((b) => {
      const line = this.convertClientLineToDebugger(b.line);
      return { id: this.nextBreakpointId++, line, target: { kind: 'none', reason: '' }, condition: b.condition, hitCondition: b.hitCondition };
    });
    this.remapLineBreakpoints();
    await this.armBreakpoints(false);
    response.body = { breakpoints: this.lineBreakpoints.map((b) => this.dapBreakpoint(b)) };
    this.sendResponse(response);
  }

  protected override async setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<void> {
    this.functionBreakpoints = args.breakpoints.map((b) => {
      const fb: FunctionBreakpoint = { id: this.nextBreakpointId++, name: b.name };
      try {
        fb.time_ms = parseTimeBreakpoint(b.name);
        const duration = this.emulatorDuration();
        if (duration !== undefined && fb.time_ms > duration) fb.problem = `the experiment ends at ${formatNumber(duration)} ms`;
        else if (fb.time_ms === 0) fb.problem = 'time 0 is where the run starts: use "stopOnEntry": true';
      } catch (error) {
        fb.problem = message(error);
      }
      return fb;
    });
    await this.armBreakpoints(false);
    response.body = {
      breakpoints: this.functionBreakpoints.map((b) => ({ id: b.id, verified: !b.problem, ...(b.problem ? { message: b.problem, reason: 'failed' as const } : {}) })),
    };
    this.sendResponse(response);
  }

  private emulatorDuration(): number | undefined {
    return this.configuration ? this.configuration.durationUs * SPEEDUP / 1000 : undefined;
  }

  /** Maps every line breakpoint onto the analysed file (after a launch or a restart that re-read it). */
  private remapLineBreakpoints(): void {
    const document = this.analysis?.analysis.syntax;
    for (const b of this.lineBreakpoints) {
      b.problem = undefined;
      b.target = document ? lineTarget(document, b.line, this.ruleStatements()) : { kind: 'none', reason: 'the file is not analysed' };
      if (b.target.kind === 'none') {
        b.problem = b.target.reason;
        continue;
      }
      if (b.target.kind === 'rule') {
        if (b.condition?.trim() || b.hitCondition?.trim()) b.problem = 'a breakpoint in a plasticity rule takes no condition or hit count';
        continue;
      }
      try {
        if (b.condition?.trim()) {
          const allowed: ConditionVariable[] = b.target.kind === 'event' || this.isSource(b.target.population) ? ['neuron', 't'] : ['neuron', 't', 'v', 'w', 'i_syn_E', 'i_syn_I', 'spike_count', 'refractory'];
          toCondition(parseExpression(b.condition), allowed);
        }
        if (b.hitCondition?.trim()) parseHitCondition(b.hitCondition);
      } catch (error) {
        b.problem = `${b.condition?.trim() && error instanceof ExpressionError && !/hit count/.test(error.message) ? 'condition' : 'hit count'}: ${message(error)}`;
      }
    }
  }

  /** Statements of the compiled plasticity rules (the lines the emulator can stop before), by rule. */
  private ruleStatements(): RuleStatements[] | undefined {
    const byRule = new Map<string, Set<number>>();
    for (const program of this.configuration?.ppuPrograms ?? []) {
      const lines = byRule.get(program.rule) ?? new Set<number>();
      for (const statement of program.statements) lines.add(statement.line);
      byRule.set(program.rule, lines);
    }
    return [...byRule].map(([rule, lines]) => ({ rule, lines: [...lines].sort((a, b) => a - b) }));
  }

  /** The user's breakpoints in plasticity rules, as the emulator takes them. */
  private async armRuleBreakpoints(): Promise<void> {
    if (!this.emulator || !this.configuration?.ppuPrograms?.length) return;
    const breakpoints: RuleBreakpointSpec[] = [];
    for (const b of this.lineBreakpoints) {
      if (b.problem || b.target.kind !== 'rule') continue;
      const line = b.target.statementLine ?? this.firstStatementLine(b.target.rule);
      breakpoints.push({ rule: b.target.rule, ...(line !== undefined ? { line } : {}) });
    }
    try {
      await this.emulator.connection.sendRequest(SetRuleBreakpointsRequest.type, { breakpoints });
    } catch (error) {
      for (const b of this.lineBreakpoints) if (b.target.kind === 'rule' && !b.problem) b.problem = `the emulator refused: ${message(error)}`;
    }
  }

  private isSource(population: string): boolean {
    return !this.configuration?.source.populations.find((p) => p.name === population)?.circuits;
  }

  /** Sends every breakpoint that can stop to the emulator; those it rejects become unverified. */
  private async armBreakpoints(announce = true): Promise<void> {
    if (!this.emulator) return;
    const spikes: SpikeWatch[] = [];
    const events: EventWatch[] = [];
    for (const b of this.lineBreakpoints) {
      if (b.problem) continue;
      const condition = b.condition?.trim() ? toCondition(parseExpression(b.condition)) : undefined;
      const hit = b.hitCondition?.trim() ? parseHitCondition(b.hitCondition) : undefined;
      const extra = { ...(condition ? { condition } : {}), ...(hit ? { hit } : {}) };
      if (b.target.kind === 'spike') spikes.push({ id: b.id, population: b.target.population, ...(b.target.neurons ? { neurons: b.target.neurons } : {}), ...extra });
      else if (b.target.kind === 'event') events.push({ id: b.id, projection: b.target.projection, ...extra });
    }
    const params: SetBreakpointsParams = {
      spikes, events,
      times: this.functionBreakpoints.filter((b) => !b.problem && b.time_ms !== undefined).map((b) => ({ id: b.id, time_ms: b.time_ms! })),
    };
    await this.armRuleBreakpoints();
    let rejected: Array<{ id: number; message: string }>;
    try {
      rejected = (await this.emulator.connection.sendRequest(SetBreakpointsRequest.type, params)).rejected;
    } catch (error) {
      rejected = [...spikes, ...events, ...params.times!].map((b) => ({ id: b.id, message: `the emulator refused the breakpoints: ${message(error)}` }));
    }
    for (const { id, message: text } of rejected) {
      const line = this.lineBreakpoints.find((b) => b.id === id);
      if (line) line.problem = text;
      const fn = this.functionBreakpoints.find((b) => b.id === id);
      if (fn) fn.problem = text;
    }
    if (announce) {
      for (const b of this.lineBreakpoints) this.sendEvent(new BreakpointEvent('changed', this.dapBreakpoint(b)));
    }
  }

  private dapBreakpoint(b: LineBreakpoint): DebugProtocol.Breakpoint {
    const source = this.breakpointSource ? new Source(basename(this.breakpointSource), this.breakpointSource) : undefined;
    if (b.problem) {
      return { id: b.id, verified: false, line: this.convertDebuggerLineToClient(b.line), message: b.problem, reason: 'failed', ...(source ? { source } : {}) };
    }
    const line = b.target.kind === 'none' ? b.line : b.target.line;
    const label = b.target.kind === 'none' ? '' : b.target.label;
    return { id: b.id, verified: true, line: this.convertDebuggerLineToClient(line), message: `stops at ${label}`, ...(source ? { source } : {}) };
  }

  // ---- stack, scopes, variables ----------------------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, this.configuration ? `${this.configuration.experiment} (emulator)` : 'emulator')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const stopped = this.stopped;
    const frames: DebugProtocol.StackFrame[] = [];
    if (stopped && this.config) {
      const source = new Source(basename(this.config.program), this.config.program);
      const rule = stopped.rule;
      if (rule?.statement) {
        const where = rule.section === 'rows' ? `synapse row ${rule.synapseRow ?? rule.rowIndex}` : 'neurons';
        frames.push(new StackFrame(
          RULE_FRAME,
          `rule ${rule.rule} (${where}, hemisphere ${rule.hemisphere})`,
          source,
          this.convertDebuggerLineToClient(rule.statement.line),
          this.convertDebuggerColumnToClient(rule.statement.character),
        ));
      }
      frames.push(new StackFrame(
        NETWORK_FRAME,
        `${this.configuration?.experiment ?? 'experiment'} @ ${formatNumber(stopped.time_ms)} ms`,
        source,
        this.convertDebuggerLineToClient(stopped.line),
        this.convertDebuggerColumnToClient(0),
      ));
    }
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const scopes: DebugProtocol.Scope[] = [];
    if (this.stopped?.rule && args.frameId === RULE_FRAME) {
      scopes.push(new Scope(`Rule ${this.stopped.rule.rule}`, this.handles.create({ kind: 'rule' }), false));
    } else if (this.stopped) {
      scopes.push(new Scope('Simulation', this.handles.create({ kind: 'simulation' }), false));
      const populations = new Scope('Populations', this.handles.create({ kind: 'populations' }), false) as DebugProtocol.Scope;
      populations.namedVariables = this.configuration?.source.populations.length;
      scopes.push(populations);
      if ((this.configuration?.source.projections.length ?? 0) > 0) {
        const projections = new Scope('Projections', this.handles.create({ kind: 'projections' }), true) as DebugProtocol.Scope;
        projections.namedVariables = this.configuration!.source.projections.length;
        scopes.push(projections);
      }
    }
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    const container = this.handles.get(args.variablesReference);
    if (!container || !this.stopped || !this.emulator) {
      response.body = { variables: [] };
      this.sendResponse(response);
      return;
    }
    try {
      response.body = { variables: await this.variablesOf(container, args) };
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, { id: Errors.Emulator, format: message(error) });
    }
  }

  private async variablesOf(container: Container, args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.Variable[]> {
    const config = this.configuration!;
    const connection = this.emulator!.connection;
    const page = (total: number): [number, number] => {
      const start = Math.max(0, args.start ?? 0);
      return [start, Math.min(total, args.count ? start + args.count : total)];
    };
    switch (container.kind) {
      case 'simulation': {
        const t = this.stopped!.time_ms;
        const vars = [
          readOnly('time', `${formatNumber(t)} ms`, 0, 'biological time'),
          readOnly('hardware time', `${formatNumber((t * 1000) / SPEEDUP)} µs`, 0, `time on the chip, ${SPEEDUP}x faster than biology`),
          readOnly('duration', `${formatNumber(this.emulatorDuration() ?? 0)} ms`),
          readOnly('seed', String(config.seed)),
        ];
        const stop = this.stopped!.stop;
        if (stop) vars.push(readOnly('stopped by', this.stopped!.description ?? stop.kind), readOnly('hits', String(stop.hits ?? 1)));
        return vars;
      }
      case 'populations':
        return config.source.populations.map((p) => {
          const neurons = !!p.circuits;
          const ref = this.handles.create({ kind: 'population', name: p.name });
          const v = readOnly(p.name, `${p.type}[${p.size}]`, ref);
          if (neurons) v.indexedVariables = p.size;
          v.namedVariables = 2;
          return v;
        });
      case 'population': {
        const p = config.source.populations.find((q) => q.name === container.name)!;
        if (args.filter === 'named' || (args.filter === undefined && args.start === undefined)) {
          const named = [readOnly('type', p.type), readOnly('size', String(p.size))];
          if (!p.circuits) named.push(readOnly('state', 'a spike source has no membrane state'));
          if (args.filter === 'named' || !p.circuits) return named;
        }
        if (!p.circuits) return [];
        const [from, to] = page(p.size);
        const neurons = Array.from({ length: to - from }, (_, i) => from + i);
        const state = await connection.sendRequest(ReadStateRequest.type, { population: p.name, neurons });
        const rows = state.neurons.map((n) => readOnly(
          `[${n.neuron}]`,
          `v = ${formatNumber(n.v)} mV, ${n.spike_count} spike${n.spike_count === 1 ? '' : 's'}${n.refractory ? ', refractory' : ''}`,
          this.handles.create({ kind: 'neuron', population: p.name, index: n.neuron }),
        ));
        return args.filter === 'indexed' ? rows : [readOnly('type', p.type), readOnly('size', String(p.size)), ...rows];
      }
      case 'neuron': {
        const state = await connection.sendRequest(ReadStateRequest.type, { population: container.population, neurons: [container.index] });
        const n = state.neurons[0];
        return [
          readOnly('v', `${formatNumber(n.v)} mV`, 0, 'membrane potential'),
          readOnly('w', `${formatNumber(n.w)} pA`, 0, 'adaptation current'),
          readOnly('i_syn_E', `${formatNumber(n.i_syn_E)} pA`, 0, 'excitatory synaptic current'),
          readOnly('i_syn_I', `${formatNumber(n.i_syn_I)} pA`, 0, 'inhibitory synaptic current'),
          readOnly('refractory', String(n.refractory)),
          readOnly('spike_count', String(n.spike_count), 0, 'spikes since the start'),
        ];
      }
      case 'projections':
        return config.source.projections.map((name) => {
          const v = readOnly(name, 'weights', this.handles.create({ kind: 'projection', name }));
          return v;
        });
      case 'projection': {
        const head = await connection.sendRequest(ReadWeightsRequest.type, { projection: container.name, from_row: 0, to_row: 0 });
        const [from, to] = page(head.pre_size);
        const rows = (await connection.sendRequest(ReadWeightsRequest.type, { projection: container.name, from_row: from, to_row: to })).weights;
        const vars = rows.map((row, r) => {
          const v = readOnly(`[${from + r}]`, preview(row), this.handles.create({ kind: 'weightRow', projection: container.name, row: from + r }));
          v.indexedVariables = head.post_size;
          return v;
        });
        if (args.filter === 'indexed') return vars;
        return [readOnly('shape', `${head.pre_size} × ${head.post_size} (${head.pre} → ${head.post}), 6-bit weights`), ...vars];
      }
      case 'weightRow': {
        const result = await connection.sendRequest(ReadWeightsRequest.type, { projection: container.projection, from_row: container.row, to_row: container.row + 1 });
        const row = result.weights[0] ?? [];
        const [from, to] = page(row.length);
        return row.slice(from, to).map((w, j) => readOnly(`[${from + j}]`, w === null ? '— (no synapse)' : String(w)));
      }
      case 'array': {
        const [from, to] = page(container.values.length);
        return container.values.slice(from, to).map((x, j) => readOnly(`[${from + j}]`, x === null ? '—' : `${formatNumber(x)}${container.unit ? ` ${container.unit}` : ''}`));
      }
      case 'rule': {
        const rule = this.stopped!.rule!;
        const vars = rule.variables.map((v) => {
          if (typeof v.value === 'number') return readOnly(v.name, String(v.value), 0, v.kind);
          const values = v.value;
          const variable = readOnly(v.name, preview(values), this.handles.create({ kind: 'array', values }), `${v.kind}${v.width ? `, ${v.width}-bit lanes` : ''}`);
          variable.indexedVariables = values.length;
          return variable;
        });
        return [
          readOnly('statement', rule.statement?.text ?? '(done)'),
          readOnly('section', rule.section === 'rows' ? `synapse row ${rule.synapseRow ?? rule.rowIndex}` : rule.section),
          readOnly('columns', preview(rule.columns), this.handles.create({ kind: 'array', values: rule.columns })),
          ...vars,
        ];
      }
      case 'matrix': {
        const [from, to] = page(container.rows.length);
        return container.rows.slice(from, to).map((row, j) => {
          const v = readOnly(`[${from + j}]`, preview(row), this.handles.create({ kind: 'array', values: row }));
          v.indexedVariables = row.length;
          return v;
        });
      }
    }
  }

  // ---- evaluate ----------------------------------------------------------------------------------------------------

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    if (!this.stopped || !this.emulator || this.running) {
      this.sendErrorResponse(response, { id: Errors.NotStopped, format: 'expressions are evaluated while the experiment is stopped' });
      return;
    }
    try {
      const expression = parseExpression(args.expression);
      const data = await this.evaluationData(references(expression));
      const value = evaluate(expression, data);
      response.body = this.present(value);
      this.sendResponse(response);
    } catch (error) {
      const text = error instanceof ExpressionError ? error.message : `cannot evaluate: ${message(error)}`;
      // A hover over text that is no expression shows nothing rather than an error.
      this.sendErrorResponse(response, { id: Errors.Evaluate, format: text, showUser: args.context !== 'hover' });
    }
  }

  private async evaluationData(refs: { names: Set<string>; projections: Set<string> }): Promise<EvaluationData> {
    const config = this.configuration!;
    const connection = this.emulator!.connection;
    const populations = new Map<string, PopulationData>();
    for (const name of refs.names) {
      const p = config.source.populations.find((q) => q.name === name);
      if (!p) continue;
      const neurons = p.circuits ? (await connection.sendRequest(ReadStateRequest.type, { population: name })).neurons : undefined;
      populations.set(name, { name, size: p.size, ...(neurons ? { neurons } : {}) });
    }
    const projections: EvaluationData['projections'] = new Map();
    for (const name of refs.projections) {
      if (!config.source.projections.includes(name)) continue;
      projections.set(name, await connection.sendRequest(ReadWeightsRequest.type, { projection: name }));
    }
    const ruleVariables = new Map<string, number | number[]>();
    for (const v of this.stopped!.rule?.variables ?? []) ruleVariables.set(v.name, v.value);
    return {
      time_ms: this.stopped!.time_ms,
      ruleVariables,
      populations,
      projections,
      populationNames: config.source.populations.map((p) => p.name),
      projectionNames: config.source.projections,
    };
  }

  private present(value: Value): DebugProtocol.EvaluateResponse['body'] {
    switch (value.kind) {
      case 'number':
        return { result: formatNumber(value.value), variablesReference: 0 };
      case 'array':
        return { result: preview(value.values, value.unit), variablesReference: this.handles.create({ kind: 'array', values: value.values, unit: value.unit }), indexedVariables: value.values.length };
      case 'matrix':
        return { result: `${value.rows.length} × ${value.rows[0]?.length ?? 0} weights`, variablesReference: this.handles.create({ kind: 'matrix', rows: value.rows }), indexedVariables: value.rows.length };
      case 'population': {
        const p = this.configuration!.source.populations.find((q) => q.name === value.data.name)!;
        return { result: `${p.type}[${p.size}]`, variablesReference: this.handles.create({ kind: 'population', name: p.name }), ...(p.circuits ? { indexedVariables: p.size } : {}) };
      }
      case 'neuron': {
        const n = value.data.neurons?.[value.index];
        const result = n ? `v = ${formatNumber(n.v)} mV, ${n.spike_count} spike${n.spike_count === 1 ? '' : 's'}` : `${value.data.name}[${value.index}] (spike source)`;
        return { result, variablesReference: n ? this.handles.create({ kind: 'neuron', population: value.data.name, index: value.index }) : 0 };
      }
      case 'projection':
        return { result: `${value.data.pre_size} × ${value.data.post_size} weights`, variablesReference: this.handles.create({ kind: 'projection', name: value.data.projection }), indexedVariables: value.data.pre_size };
    }
  }

  // ---- where things are ------------------------------------------------------------------------------------------

  private experimentLine(): number {
    const statement = this.analysis?.analysis.syntax.statements.find((s) => s.kind === 'experiment');
    return statement?.range.start.line ?? 0;
  }

  private populationLine(population: string | undefined): number {
    const statement = this.analysis?.analysis.syntax.statements.find((s) => s.kind === 'population' && s.name?.text === population);
    return statement?.range.start.line ?? this.experimentLine();
  }
}

function readOnly(name: string, value: string, variablesReference = 0, type?: string): DebugProtocol.Variable {
  return {
    name, value, variablesReference,
    presentationHint: { attributes: ['readOnly'] },
    ...(type ? { type } : {}),
  };
}

function preview(values: ReadonlyArray<number | null>, unit?: string): string {
  const shown = values.slice(0, PREVIEW_ITEMS).map((x) => (x === null ? '—' : formatNumber(x)));
  return `[${shown.join(', ')}${values.length > PREVIEW_ITEMS ? `, … ${values.length} in all` : ''}]${unit ? ` ${unit}` : ''}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Exported for tests of the variables' formatting. */
export const NEURON_VARIABLE_UNITS = NEURON_VARIABLES;
