import type { Range } from './position';

/** LSP DiagnosticSeverity values, so that diagnostics serialise to LSP objects unchanged. */
export const enum Severity {
  Error = 1,
  Warning = 2,
  Information = 3,
  Hint = 4,
}

/** Another place in the same or another document that takes part in a diagnostic (LSP DiagnosticRelatedInformation). */
export interface RelatedInformation {
  /** Document URI; `undefined` while the analysis does not know it (filled in by whoever knows the URI). */
  uri?: string;
  range: Range;
  message: string;
}

/**
 * A diagnostic in the shape of an LSP Diagnostic. `code` is a stable identifier (`BSS2-E012`) documented in
 * docs/diagnostics.md; `data` carries what a quick fix needs (e.g. the nearest legal value).
 */
export interface Diagnostic {
  range: Range;
  severity: Severity;
  code: string;
  source: 'bss2';
  message: string;
  relatedInformation?: RelatedInformation[];
  data?: Record<string, unknown>;
}
