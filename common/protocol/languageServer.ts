/**
 * Requests the language server answers beyond the LSP, declared once and imported by the server and by every
 * client (the extension, tests). A client asks for the chip configuration of an open document instead of
 * parsing and mapping the file itself, so what it runs is exactly what the editor checked.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { ChipConfiguration } from '../chip/configuration';
import type { Diagnostic } from '../../server/language/diagnostic';
import type { ResourceReport } from '../../server/mapper/resources';
import { checkObject, finiteNumber, integer, record, string, type Check } from '../validation';

export interface ChipConfigurationParams {
  /** URI of a document the client has opened on the server. */
  uri: string;
  /** Map with this seed instead of the experiment's own (the `bss2.seed` setting); an unsigned 32-bit integer. */
  seed?: number;
  /**
   * The mV <-> CADC mapping for an experiment that does not set its own (the `bss2.voltageMapping.*` settings);
   * a mapping member the file sets wins over this default.
   */
  defaultVoltageMapping?: { mvAtReference: number; cadcReference: number; cadcPerMv: number };
}

export interface ChipConfigurationResult {
  /** The mapped configuration, present only when the document has no error. */
  configuration?: ChipConfiguration;
  /** Empty with a configuration; otherwise the errors that prevent one (warnings do not). */
  diagnostics: Diagnostic[];
  /** What the experiment uses of the chip, also while it has errors (absent without an `experiment`). */
  resources?: ResourceReport;
}

/** JSON-RPC error codes of the language server's own requests. */
export const LanguageServerErrorCodes = {
  /** The URI names no document open on the server. */
  UnknownDocument: -32602,
  /** A run setting in the request is out of range (seed, default voltage mapping). */
  InvalidParams: -32602,
} as const;

export namespace ChipConfigurationRequest {
  export const method = 'bss2/chipConfiguration';
  export const type = new RequestType<ChipConfigurationParams, ChipConfigurationResult, void>(method);
}

/** Spike statistics of one population in a finished run. */
export interface PopulationRunStatistics {
  size: number;
  spikes: number;
  mean_rate_hz: number;
}

/**
 * client -> server after a run: the server keeps the last statistics per document (an edit does not drop them)
 * and refreshes CodeLens, which then shows `412 spikes · 8.2 Hz mean` above each population.
 */
export interface RunStatisticsParams {
  uri: string;
  experiment: string;
  duration_ms: number;
  populations: Record<string, PopulationRunStatistics>;
}

export namespace RunStatisticsNotification {
  export const method = 'bss2/runStatistics';
  export const type = new NotificationType<RunStatisticsParams>(method);
}

const checkRunStatistics: Check<RunStatisticsParams> = checkObject<RunStatisticsParams>({
  uri: string(),
  experiment: string(),
  duration_ms: finiteNumber(0),
  populations: record(
    checkObject<PopulationRunStatistics>({ size: integer(0), spikes: integer(0), mean_rate_hz: finiteNumber(0) }),
  ),
});

/** The problems of a `bss2/runStatistics` notification as it arrived ("path: what is wrong"); empty when valid. */
export function runStatisticsProblems(value: unknown): string[] {
  return checkRunStatistics(value, '');
}
