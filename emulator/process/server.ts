/**
 * The emulator process's JSON-RPC face (protocol in common/protocol/emulator.ts). A run advances in slices of a
 * few milliseconds of wall time and yields to the event loop between them, so that `pause` and `cancel` are
 * served within one slice and results stream out as `chunk` notifications while it runs.
 */
import { ResponseError, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  CancelRequest, ChunkNotification, EMULATOR_PROTOCOL_VERSION, EmulatorErrorCodes, HelloRequest, LoadRequest,
  PauseRequest, ReadStateRequest, ResetRequest, ResultsRequest, RunRequest, StatusRequest, StepRequest,
  ReadWeightsRequest, SetBreakpointsRequest, type SetBreakpointsParams,
  type RunStatus,
  RuleStateRequest, SetRuleBreakpointsRequest, StepRuleRequest, type RuleBreakpointSpec,
} from '../../common/protocol/emulator';
import { EmulatorSession, SessionError } from '../session';
import { splitChunk } from './chunks';

/**
 * Wall-clock length of one run slice: bounds how long a pause or cancel waits. At 15 ms a cancel sent to the E/I
 * example took the client 41–78 ms to see answered (the request waits for the slice's end, its answer behind the
 * chunks sent meanwhile); at 5 ms 15–18 ms, for a yield to the event loop 200 times a second.
 */
const SLICE_MS = 5;
const DEFAULT_CHUNK_INTERVAL_MS = 50;
const INVALID_PARAMS = -32602;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function serveEmulator(connection: MessageConnection, version: string): void {
  const session = new EmulatorSession();
  let chunkIntervalMs = DEFAULT_CHUNK_INTERVAL_MS;
  let stopRequest: 'pause' | 'cancel' | undefined;
  let running: Promise<RunStatus> | undefined;

  const fail = (error: unknown): never => {
    if (error instanceof ResponseError) throw error;
    if (error instanceof SessionError) {
      const code =
        error.kind === 'not-loaded' ? EmulatorErrorCodes.NotLoaded :
        error.kind === 'invalid-configuration' ? EmulatorErrorCodes.InvalidConfiguration :
        error.kind === 'finished' ? EmulatorErrorCodes.Finished : INVALID_PARAMS;
      throw new ResponseError(code, error.message, { problems: error.problems });
    }
    throw new ResponseError(-32603, `internal error: ${error instanceof Error ? error.message : String(error)}`);
  };
  const guard = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      return fail(error);
    }
  };
  const idle = (what: string): void => {
    if (running) throw new ResponseError(EmulatorErrorCodes.Busy, `a run is in progress; pause or cancel it before ${what}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const optionalNumber = (params: unknown, key: string, min: number): number | undefined => {
    if (params === undefined || params === null) return undefined;
    if (!isObject(params)) throw new ResponseError(INVALID_PARAMS, 'params must be an object');
    const v = params[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      throw new ResponseError(INVALID_PARAMS, `${key} must be a number >= ${min}, found ${JSON.stringify(v)}`);
    }
    return v;
  };

  async function run(until: number): Promise<RunStatus> {
    stopRequest = undefined;
    session.state = 'running';
    let lastChunk = performance.now();
    for (;;) {
      const outcome = session.advance(until, performance.now() + SLICE_MS);
      const now = performance.now();
      if (outcome !== 'budget' || now - lastChunk >= chunkIntervalMs) {
        // At most MAX_CHUNK_BYTES per notification, so that a large backlog does not block the client.
        for (const piece of splitChunk(session.chunk())) void connection.sendNotification(ChunkNotification.type, piece);
        lastChunk = now;
      }
      if (outcome === 'failed') return session.status();
      if (outcome === 'reached' || outcome === 'stopped') {
        if (session.state === 'running') session.state = 'paused';
        return session.status();
      }
      await yieldToEventLoop();
      if (stopRequest) {
        session.state = stopRequest === 'pause' ? 'paused' : 'cancelled';
        return session.status();
      }
    }
  }

  const startRun = async (until: number): Promise<RunStatus> => {
    idle('starting another');
    if (session.state === 'cancelled') throw new ResponseError(EmulatorErrorCodes.Finished, 'the run was cancelled; reset to run it again');
    guard(() => session.assertRunnable());
    running = run(until).catch(fail);
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  connection.onRequest(HelloRequest.type, () => ({ protocol: EMULATOR_PROTOCOL_VERSION, version }));
  connection.onRequest(LoadRequest.type, (params) => {
    idle('loading');
    if (!isObject(params) || !('configuration' in params)) throw new ResponseError(INVALID_PARAMS, 'load needs { configuration }');
    const interval = optionalNumber(params, 'chunk_interval_ms', 0);
    const fpn = (params as { fixed_pattern_noise?: unknown }).fixed_pattern_noise;
    if (fpn !== undefined && typeof fpn !== 'boolean') throw new ResponseError(INVALID_PARAMS, `load: fixed_pattern_noise must be true or false, got ${JSON.stringify(fpn)}`);
    const result = guard(() => session.load(params.configuration, { fixedPatternNoise: fpn === true }));
    chunkIntervalMs = interval ?? DEFAULT_CHUNK_INTERVAL_MS;
    return result;
  });
  connection.onRequest(RunRequest.type, (params) => startRun(optionalNumber(params, 'until_ms', 0) ?? Infinity));
  connection.onRequest(StepRequest.type, (params) => {
    const steps = optionalNumber(params, 'steps', 1) ?? 1;
    const duration = optionalNumber(params, 'duration_ms', 0);
    const step = guard(() => session.stepMs);
    return startRun(session.status().time_ms + (duration ?? Math.round(steps) * step));
  });
  connection.onRequest(PauseRequest.type, async () => {
    if (running) {
      stopRequest = 'pause';
      return running;
    }
    return session.status();
  });
  connection.onRequest(CancelRequest.type, async () => {
    if (running) {
      stopRequest = 'cancel';
      return running;
    }
    if (session.state !== 'idle') session.state = 'cancelled';
    return session.status();
  });
  connection.onRequest(ResetRequest.type, () => {
    idle('resetting');
    return guard(() => session.reset());
  });
  connection.onRequest(StatusRequest.type, () => session.status());
  connection.onRequest(ReadStateRequest.type, (params) => {
    if (!isObject(params) || typeof params.population !== 'string') throw new ResponseError(INVALID_PARAMS, 'readState needs { population: string, neurons?: number[] }');
    const neurons = params.neurons;
    if (neurons !== undefined && !(Array.isArray(neurons) && neurons.every((n) => typeof n === 'number'))) {
      throw new ResponseError(INVALID_PARAMS, 'neurons must be an array of neuron indices');
    }
    return guard(() => session.readState(params.population as string, neurons as number[] | undefined));
  });
  connection.onRequest(ResultsRequest.type, () => guard(() => session.results()));
  // Plasticity processor debugging: stop before a rule's statement, read its variables, step one statement.
  connection.onRequest(SetRuleBreakpointsRequest.type, (params) => {
    const list = isObject(params) ? params.breakpoints : undefined;
    if (!Array.isArray(list) || !list.every((b) => isObject(b) && typeof b.rule === 'string' && (b.line === undefined || Number.isInteger(b.line)))) {
      throw new ResponseError(INVALID_PARAMS, 'setRuleBreakpoints needs { breakpoints: [{ rule: string, line?: integer }] }');
    }
    return guard(() => {
      session.setRuleBreakpoints(list as RuleBreakpointSpec[]);
      return { count: list.length };
    });
  });
  connection.onRequest(RuleStateRequest.type, () => guard(() => ({ ...(session.ruleState() ? { state: session.ruleState() } : {}) })));
  connection.onRequest(StepRuleRequest.type, () => {
    idle('stepping a rule');
    return guard(() => {
      const state = session.stepRule();
      return state ? { state } : {};
    });
  });
  // Debugger breakpoints: armed between slices of a run too (a run picks them up at its next step).
  connection.onRequest(SetBreakpointsRequest.type, (params) => guard(() => session.setBreakpoints((params ?? {}) as SetBreakpointsParams)));
  connection.onRequest(ReadWeightsRequest.type, (params) => {
    if (!isObject(params) || typeof params.projection !== 'string') throw new ResponseError(INVALID_PARAMS, 'readWeights needs { projection: string, from_row?: number, to_row?: number }');
    const from = optionalNumber(params, 'from_row', 0);
    const to = optionalNumber(params, 'to_row', 0);
    return guard(() => session.readWeights(params.projection as string, from, to));
  });
}
