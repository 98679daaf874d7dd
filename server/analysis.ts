/**
 * One analysis of a document, as every front end needs it (the language server, `bss2 check`, `bss2 map`,
 * `bss2 run`): parse and check the text, then map what was understood onto the chip. Chip-limit diagnostics are
 * reported even while other statements have errors, so the user sees every problem at once; a configuration is
 * only offered when nothing at all is in error.
 */
import type { ChipConfiguration } from '../common/chip/configuration';
import { Severity, type Diagnostic } from './language/diagnostic';
import { analyze, type Analysis } from './language';
import { comparePositions } from './language/position';
import { mapExperiment, type MapOptions, type ResourceReport } from './mapper';

export interface DocumentAnalysis {
  /** Language and chip diagnostics, in document order. */
  diagnostics: Diagnostic[];
  analysis: Analysis;
  resources?: ResourceReport;
  /** Present only when the file has no error at all. */
  configuration?: ChipConfiguration;
}

export interface AnalyzeOptions extends MapOptions {
  /** Replace the experiment's seed (`bss2 run --seed`). */
  seed?: number;
  /** Replace the experiment's duration, ms (`bss2 run --duration`). */
  durationMs?: number;
}

export function analyzeDocument(text: string, options: AnalyzeOptions = {}): DocumentAnalysis {
  const analysis = analyze(text);
  const experiment = analysis.experiment;
  if (!experiment) return { diagnostics: analysis.diagnostics, analysis };
  if (options.seed !== undefined) experiment.seed = { value: options.seed };
  if (options.durationMs !== undefined) experiment.duration = { value: options.durationMs };
  const mapping = mapExperiment(experiment, options);
  const diagnostics = [...analysis.diagnostics, ...mapping.diagnostics].sort(
    (a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end),
  );
  const clean = !diagnostics.some((d) => d.severity === Severity.Error);
  return {
    diagnostics,
    analysis,
    resources: mapping.resources,
    configuration: clean ? mapping.configuration : undefined,
  };
}
