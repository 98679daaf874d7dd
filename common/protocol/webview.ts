/**
 * The messages between the extension and a plot panel (webview), declared once and imported by both ends.
 * Each direction is one discriminated union on `type`; each message is validated on arrival by
 * `validateToPanel` / `validateFromPanel`. A message that fails validation is dropped and logged, never acted
 * on: a webview is as untrusted as a file from a public repository (issue 13, CVE-2023-21779).
 *
 * Bodies are plain JSON (what `postMessage` structured-clones). Times are biological ms.
 */
import { type ChipConfiguration } from '../chip/configuration';
import { validateChipConfiguration } from '../chip/validate';
import { type RunResults, type SpikeTrains, TRACE_VARIABLES, type TraceVariable, validateRunResults } from '../results';
import {
  type Check,
  arrayOf,
  checkObject,
  finiteNumber,
  integer,
  literal,
  oneOf,
  optional,
  record,
  string,
} from '../validation';
import type { ResultsChunk } from './emulator';

/** The panels the extension can open; the report shows traces, raster and weights on one page. */
export type PanelKind = 'traces' | 'raster' | 'weights' | 'chip' | 'report';
export const PANEL_KINDS: readonly PanelKind[] = ['traces', 'raster', 'weights', 'chip', 'report'];

export type RunEndState = 'finished' | 'cancelled' | 'failed';

/** Upper bound of live redraws per second (issue 7); the user's setting may lower it, never raise it. */
export const MAX_LIVE_REDRAWS_PER_SECOND = 30;

/** Strings a panel sends (log lines, file names) are capped so a broken panel cannot flood the extension. */
export const MAX_PANEL_TEXT = 10_000;
/** A CSV or PNG export travels through the extension to a save dialog; cap its size (64 MiB). */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------- extension -> panel

/** The complete results of a run (a finished run, or a results file opened from disk). */
export interface ResultsMessage {
  type: 'results';
  results: RunResults;
  /** Name of this run in an overlay (e.g. "emulator"). */
  label?: string;
  /** A second run to overlay (e.g. imported from a PyNN backend): rasters side by side, traces on one axis. */
  comparison?: ComparisonRun;
}
export interface ComparisonRun {
  /** Shown in legends and the differences table (e.g. "pyNN.neuron"). */
  label: string;
  results: RunResults;
}
/** Results recorded since the previous chunk of the run in progress. */
export interface ChunkMessage {
  type: 'chunk';
  chunk: ResultsChunk;
}
/** A run starts: the panel keeps the previous run on screen until the first chunk arrives. */
export interface RunStartedMessage {
  type: 'runStarted';
  experiment: string;
  duration_ms: number;
  /** Population sizes of the new run, for the raster's neuron axis. */
  populations: Record<string, number>;
}
export interface RunFinishedMessage {
  type: 'runFinished';
  state: RunEndState;
  /** Shown as text (escaped) when the run failed. */
  error?: string;
}
/** The chip configuration of the experiment, for the chip floor plan. */
export interface ChipMessage {
  type: 'chip';
  configuration: ChipConfiguration;
}
/** User settings that affect drawing; the colour theme itself arrives as VS Code's CSS variables. */
export interface SettingsMessage {
  type: 'settings';
  liveRedrawsPerSecond: number;
}

export type ToPanelMessage =
  | ResultsMessage
  | ChunkMessage
  | RunStartedMessage
  | RunFinishedMessage
  | ChipMessage
  | SettingsMessage;

// ---------------------------------------------------------------------------------------------- panel -> extension

/** The panel's script runs and listens: the extension may now send the current results. */
export interface ReadyMessage {
  type: 'ready';
  panel: PanelKind;
}
/** The user clicked a spike, a trace or a placement: reveal the population in the editor. */
export interface SelectPopulationMessage {
  type: 'selectPopulation';
  population: string;
  neuron?: number;
}
/** Save data as CSV: the extension shows a save dialog (a webview cannot write files). */
export interface ExportCsvMessage {
  type: 'exportCsv';
  panel: PanelKind;
  fileName: string;
  csv: string;
}
/** Save the current view as PNG (`data:image/png;base64,...`). */
export interface ExportPngMessage {
  type: 'exportPng';
  panel: PanelKind;
  fileName: string;
  dataUrl: string;
}
/** A line for the `BrainScaleS-2` output channel. */
export interface LogMessage {
  type: 'log';
  level: 'info' | 'warning' | 'error';
  message: string;
}

export type FromPanelMessage = ReadyMessage | SelectPopulationMessage | ExportCsvMessage | ExportPngMessage | LogMessage;

// ------------------------------------------------------------------------------------------------------ validation

export type Validated<T> = { ok: true; message: T } | { ok: false; problems: string[] };

function boundedString(max: number): Check<string> {
  return (v, path) => {
    const problems = string()(v, path);
    if (problems.length === 0 && (v as string).length > max) problems.push(`${path}: longer than ${max} characters`);
    return problems;
  };
}

/** A file name offered to the save dialog: no path separators, no control characters. */
const fileName: Check<string> = (v, path) => {
  const problems = boundedString(255)(v, path);
  if (problems.length > 0) return problems;
  // eslint-disable-next-line no-control-regex
  if (!/^[^/\\\u0000-\u001f]+$/.test(v as string)) return [`${path}: not a plain file name`];
  return [];
};

const pngDataUrl: Check<string> = (v, path) => {
  const problems = boundedString(MAX_EXPORT_CHARS)(v, path);
  if (problems.length > 0) return problems;
  return /^data:image\/png;base64,[A-Za-z0-9+/=]*$/.test(v as string) ? [] : [`${path}: not a PNG data URL`];
};

const spikeTrains: Check<SpikeTrains> = checkObject({ neuron: arrayOf(integer(0)), time_ms: arrayOf(finiteNumber()) });

const chunkTrace: Check<ResultsChunk['traces'][number]> = checkObject({
  index: integer(0),
  population: string(),
  neuron: integer(0),
  compartment: optional(string()),
  variable: oneOf<TraceVariable>(TRACE_VARIABLES),
  t0_ms: finiteNumber(),
  dt_ms: finiteNumber(Number.MIN_VALUE),
  values: arrayOf(finiteNumber()),
});

const resultsChunk: Check<ResultsChunk> = (v, path) => {
  const problems = checkObject<ResultsChunk>({
    time_ms: finiteNumber(0),
    duration_ms: finiteNumber(0),
    spikes: record(spikeTrains),
    traces: arrayOf(chunkTrace),
  })(v, path);
  if (problems.length > 0) return problems;
  for (const [name, trains] of Object.entries((v as ResultsChunk).spikes)) {
    if (trains.neuron.length !== trains.time_ms.length) problems.push(`${path}.spikes.${name}: neuron and time_ms have different lengths`);
  }
  return problems;
};

/** Problems of a `chunk` notification as it arrives from the emulator process (empty: valid). */
export function resultsChunkProblems(value: unknown): string[] {
  return resultsChunk(value, 'chunk');
}

const fromResults: Check<RunResults> = (v, path) => validateRunResults(v).map((p) => `${path}.${p}`);
const fromConfiguration: Check<ChipConfiguration> = (v, path) => validateChipConfiguration(v).map((p) => `${path}.${p}`);

const toPanelChecks: { [K in ToPanelMessage['type']]: Check<Extract<ToPanelMessage, { type: K }>> } = {
  results: checkObject<ResultsMessage>({
    type: literal('results'),
    results: fromResults,
    label: optional(boundedString(MAX_PANEL_TEXT)),
    comparison: optional(checkObject<ComparisonRun>({ label: boundedString(MAX_PANEL_TEXT), results: fromResults })),
  }),
  chunk: checkObject<ChunkMessage>({ type: literal('chunk'), chunk: resultsChunk }),
  runStarted: checkObject<RunStartedMessage>({
    type: literal('runStarted'),
    experiment: boundedString(MAX_PANEL_TEXT),
    duration_ms: finiteNumber(0),
    populations: record(integer(1)),
  }),
  runFinished: checkObject<RunFinishedMessage>({
    type: literal('runFinished'),
    state: oneOf<RunEndState>(['finished', 'cancelled', 'failed']),
    error: optional(boundedString(MAX_PANEL_TEXT)),
  }),
  chip: checkObject<ChipMessage>({ type: literal('chip'), configuration: fromConfiguration }),
  settings: checkObject<SettingsMessage>({
    type: literal('settings'),
    liveRedrawsPerSecond: finiteNumber(1, MAX_LIVE_REDRAWS_PER_SECOND),
  }),
};

const fromPanelChecks: { [K in FromPanelMessage['type']]: Check<Extract<FromPanelMessage, { type: K }>> } = {
  ready: checkObject<ReadyMessage>({ type: literal('ready'), panel: oneOf(PANEL_KINDS) }),
  selectPopulation: checkObject<SelectPopulationMessage>({
    type: literal('selectPopulation'),
    population: boundedString(MAX_PANEL_TEXT),
    neuron: optional(integer(0)),
  }),
  exportCsv: checkObject<ExportCsvMessage>({
    type: literal('exportCsv'),
    panel: oneOf(PANEL_KINDS),
    fileName,
    csv: boundedString(MAX_EXPORT_CHARS),
  }),
  exportPng: checkObject<ExportPngMessage>({
    type: literal('exportPng'),
    panel: oneOf(PANEL_KINDS),
    fileName,
    dataUrl: pngDataUrl,
  }),
  log: checkObject<LogMessage>({
    type: literal('log'),
    level: oneOf(['info', 'warning', 'error'] as const),
    message: boundedString(MAX_PANEL_TEXT),
  }),
};

function validateUnion<T>(value: unknown, checks: Record<string, Check<unknown>>): Validated<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: ['(root): expected a message object'] };
  }
  const type = (value as { type?: unknown }).type;
  // Own-property lookup: a `type` of "constructor" or "__proto__" must not reach Object.prototype.
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(checks, type)) {
    const shown = typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type;
    return { ok: false, problems: [`type: unknown message type ${shown}; expected one of ${Object.keys(checks).join(', ')}`] };
  }
  const problems = checks[type](value, '');
  return problems.length === 0 ? { ok: true, message: value as T } : { ok: false, problems };
}

/** Checks a message arriving in a panel from the extension. */
export function validateToPanel(value: unknown): Validated<ToPanelMessage> {
  return validateUnion<ToPanelMessage>(value, toPanelChecks);
}

/** Checks a message arriving in the extension from a panel. */
export function validateFromPanel(value: unknown): Validated<FromPanelMessage> {
  return validateUnion<FromPanelMessage>(value, fromPanelChecks);
}
