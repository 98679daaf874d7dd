import type { Severity } from './diagnostic';

/**
 * The documentation of one diagnostic code. Every code that any stage can report is registered once with
 * this information; docs/diagnostics.md is generated from the registries (scripts/gen-diagnostics-doc.ts),
 * and a test checks that no stage reports an unregistered code.
 */
export interface DiagnosticCodeInfo {
  /** Stable identifier, `BSS2-E012` (error), `BSS2-W101` (warning), `BSS2-I...` (information), `BSS2-H...` (hint). */
  code: string;
  severity: Severity;
  /** A few words: "unknown parameter". */
  title: string;
  /** What it means and why it matters, one or two sentences. */
  explanation: string;
  /** A minimal .bss2 snippet that triggers it. */
  example: string;
  /** How to fix it. */
  fix: string;
}
