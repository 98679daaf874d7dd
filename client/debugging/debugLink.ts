/**
 * What the extension does around a `bss2` debug session, free of the VS Code API so that it is unit-tested:
 * completing a launch configuration (F5 without a launch.json) and reading the adapter's `bss2.results` event,
 * which carries the results recorded up to each stop (docs/debugging.md). The event body crosses a process
 * boundary, so it is validated before the plot panels see it.
 */
import type { RunResults } from '../../common/results';
import { validateRunResults } from '../../common/results';
import { DEBUG_TYPE, DEFAULT_LAUNCH_CONFIGURATION, resolveLaunchConfiguration, type LaunchCheck } from '../debug/launchConfiguration';

/** The custom DAP event of the adapter (client/debug/debugSession.ts RESULTS_EVENT). */
export const RESULTS_EVENT = 'bss2.results';

/** The configurations a new launch.json starts with. */
export function initialLaunchConfigurations(): Array<Record<string, unknown>> {
  return [{ ...DEFAULT_LAUNCH_CONFIGURATION }];
}

/**
 * F5 without a launch.json gives an empty configuration (no type, request or name): it becomes the default one
 * for the experiment in the editor. Anything else is kept as the user wrote it.
 */
export function fillLaunchConfiguration(config: Record<string, unknown>, activeBss2File: string | undefined): Record<string, unknown> {
  const empty = config.type === undefined && config.request === undefined && config.name === undefined;
  if (!empty) return config;
  return { ...config, ...DEFAULT_LAUNCH_CONFIGURATION, ...(activeBss2File ? { program: activeBss2File } : {}) };
}

/**
 * The configuration the adapter is started with: defaults filled, every field checked (messages name the field).
 * Fields VS Code adds of its own (`__sessionId`, `__configurationTarget`, ...) are kept.
 */
export function completeLaunchConfiguration(config: Record<string, unknown>, activeBss2File: string | undefined): { ok: true; configuration: Record<string, unknown> } | { ok: false; error: string } {
  const filled = fillLaunchConfiguration(config, activeBss2File);
  const checked: LaunchCheck = resolveLaunchConfiguration(filled, { activeFile: activeBss2File });
  if (!checked.ok) return checked;
  const configuration: Record<string, unknown> = { ...filled, ...checked.configuration };
  // A `seed: null` (the schema's "the experiment's own seed") is dropped: the adapter reads absence the same way.
  for (const key of ['seed', 'stepDuration', 'duration'] as const) if (!(key in checked.configuration)) delete configuration[key];
  return { ok: true, configuration };
}

export interface DebugResults {
  program: string;
  time_ms: number;
  reason: string;
  results: RunResults;
}

/** Checks the body of a `bss2.results` event; a problem names the field. */
export function readResultsEvent(body: unknown): { ok: true; event: DebugResults } | { ok: false; error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, error: `${RESULTS_EVENT}: the event body must be an object` };
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof b.program !== 'string' || b.program === '') problems.push('program: expected the path of the experiment');
  if (typeof b.time_ms !== 'number' || !Number.isFinite(b.time_ms) || b.time_ms < 0) problems.push('time_ms: expected a time >= 0 in ms');
  if (typeof b.reason !== 'string') problems.push('reason: expected a string');
  if (problems.length === 0) problems.push(...validateRunResults(b.results).map((p) => `results.${p}`));
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join('; ');
    return { ok: false, error: `${RESULTS_EVENT}: ${shown}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}` };
  }
  return { ok: true, event: { program: b.program as string, time_ms: b.time_ms as number, reason: b.reason as string, results: b.results as RunResults } };
}

export { DEBUG_TYPE };
