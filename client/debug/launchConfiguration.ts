/**
 * The `bss2` launch configuration: what a user may write in launch.json, checked field by field with messages
 * that name the field. Free of the VS Code API, so that the extension's DebugConfigurationProvider and the debug
 * adapter itself check a configuration the same way.
 */
import { isAbsolute } from 'node:path';

export const DEBUG_TYPE = 'bss2';

export interface Bss2LaunchConfiguration {
  type: typeof DEBUG_TYPE;
  request: 'launch';
  name: string;
  /** Absolute path of the `.bss2` file to debug. */
  program: string;
  /** Stop at time 0, before the first step (default true). */
  stopOnEntry: boolean;
  /** Replaces the experiment's seed; undefined: the experiment's own. */
  seed?: number;
  /** How far `next` (Step Over) advances, biological ms; undefined: one emulator step. */
  stepDuration?: number;
  /** Replaces the experiment's duration, biological ms. */
  duration?: number;
}

/** What launch.json starts with, and what the "Debug Experiment" command uses. */
export const DEFAULT_LAUNCH_CONFIGURATION = {
  type: DEBUG_TYPE,
  request: 'launch',
  name: 'Debug experiment',
  program: '${file}',
  stopOnEntry: true,
} as const;

export type LaunchCheck = { ok: true; configuration: Bss2LaunchConfiguration } | { ok: false; error: string };

const MAX_SEED = 2 ** 32 - 1;

export interface ResolveContext {
  /** The file in the active editor: replaces a missing `program` (and `${file}` if the caller did not substitute it). */
  activeFile?: string;
}

/**
 * Fills defaults and checks every field. `program` may be missing (the active file is used) but must end up an
 * absolute path to a `.bss2` file; unknown fields are allowed (VS Code adds its own, e.g. `__sessionId`).
 */
export function resolveLaunchConfiguration(input: unknown, context: ResolveContext = {}): LaunchCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'the launch configuration must be an object' };
  }
  const c = input as Record<string, unknown>;
  const problems: string[] = [];
  if (c.type !== undefined && c.type !== DEBUG_TYPE) problems.push(`"type" must be "${DEBUG_TYPE}", found ${JSON.stringify(c.type)}`);
  if (c.request !== undefined && c.request !== 'launch') problems.push(`"request" must be "launch" (attaching to a running emulator is not supported), found ${JSON.stringify(c.request)}`);
  let program = c.program;
  if (program === undefined || program === '' || program === '${file}') program = context.activeFile;
  if (program === undefined) {
    problems.push('"program" is missing: set it to the .bss2 file to debug (for example "${file}") or open one in the editor');
  } else if (typeof program !== 'string') {
    problems.push(`"program" must be the path of a .bss2 file, found ${JSON.stringify(program)}`);
  } else if (!isAbsolute(program)) {
    problems.push(`"program" must be an absolute path (use "\${workspaceFolder}/${program}"), found "${program}"`);
  } else if (!program.endsWith('.bss2')) {
    problems.push(`"program" must be a .bss2 experiment file, found "${program}"`);
  }
  const stopOnEntry = c.stopOnEntry ?? true;
  if (typeof stopOnEntry !== 'boolean') problems.push(`"stopOnEntry" must be true or false, found ${JSON.stringify(c.stopOnEntry)}`);
  const seed = c.seed ?? undefined;
  if (seed !== undefined && !(typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    problems.push(`"seed" must be a whole number 0..${MAX_SEED} or null, found ${JSON.stringify(c.seed)}`);
  }
  const positive = (key: 'stepDuration' | 'duration'): number | undefined => {
    const v = c[key] ?? undefined;
    if (v === undefined) return undefined;
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      problems.push(`"${key}" must be a positive number of milliseconds, found ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  };
  const stepDuration = positive('stepDuration');
  const duration = positive('duration');
  if (problems.length > 0) return { ok: false, error: `invalid bss2 launch configuration: ${problems.join('; ')}` };
  return {
    ok: true,
    configuration: {
      type: DEBUG_TYPE,
      request: 'launch',
      name: typeof c.name === 'string' ? c.name : DEFAULT_LAUNCH_CONFIGURATION.name,
      program: program as string,
      stopOnEntry: stopOnEntry as boolean,
      ...(seed !== undefined ? { seed: seed as number } : {}),
      ...(stepDuration !== undefined ? { stepDuration } : {}),
      ...(duration !== undefined ? { duration } : {}),
    },
  };
}
