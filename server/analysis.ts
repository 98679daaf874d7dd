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
import { mapExperimentStaged, remapNeuronParameters, type MapOptions, type ResourceReport, type StagedMapping } from './mapper';
import { reanchor, sameLayout } from './mappingReuse';
import type { Experiment } from './language/model';

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

/** What a later analysis of the same document needs to reuse this one's mapping (see mappingReuse.ts). */
interface MappingMemo {
  experiment: Experiment;
  options: string;
  mapping: StagedMapping;
}

const memos = new WeakMap<DocumentAnalysis, MappingMemo>();

/**
 * Analyses `text`. With `previous` (the analysis of an earlier version of the same document), the mapping is
 * reused when the checked model is structurally the same (an edit of a comment, of layout, or one that sets a
 * value back): the result is then exactly what mapping again would give, with the diagnostics' ranges moved to
 * the new text. When only neuron parameters changed (typing a time constant), only their translation and the
 * refractory clocks are computed again (server/mapper/index.ts remapNeuronParameters), with the same result.
 */
export function analyzeDocument(text: string, options: AnalyzeOptions = {}, previous?: DocumentAnalysis): DocumentAnalysis {
  const analysis = analyze(text);
  const experiment = analysis.experiment;
  if (!experiment) return { diagnostics: analysis.diagnostics, analysis };
  if (options.seed !== undefined) experiment.seed = { value: options.seed };
  if (options.durationMs !== undefined) experiment.duration = { value: options.durationMs };
  const optionsKey = JSON.stringify(options);
  const memo = previous && memos.get(previous);
  let staged: StagedMapping | undefined;
  if (memo && memo.options === optionsKey) {
    const pairs = sameLayout(memo.experiment, experiment);
    if (pairs && pairs.changed.length === 0) {
      // The same model at other places (a comment, layout, a value set back): the same mapping, moved.
      const diagnostics = reanchor(memo.mapping.result.diagnostics, pairs);
      if (diagnostics) staged = { result: { ...memo.mapping.result, diagnostics }, stage: memo.mapping.stage };
    } else if (pairs) {
      // An edit of neuron parameters only (typing a value): translate those again, keep placement and routing.
      staged = remapNeuronParameters(experiment, options, memo.mapping, pairs.changed, (kept) => reanchor(kept, pairs));
    }
  }
  // The mapper reads the model and never changes it (test/unit/server/mappingReuse.test.ts holds it to that),
  // so the model kept for the next comparison is the one that was mapped.
  staged ??= mapExperimentStaged(experiment, options);
  const mapping = staged.result;
  const diagnostics = [...analysis.diagnostics, ...mapping.diagnostics].sort(
    (a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end),
  );
  const clean = !diagnostics.some((d) => d.severity === Severity.Error);
  const result: DocumentAnalysis = {
    diagnostics,
    analysis,
    resources: mapping.resources,
    configuration: clean ? mapping.configuration : undefined,
  };
  memos.set(result, { experiment, options: optionsKey, mapping: staged });
  return result;
}
