/**
 * Answers `bss2/chipConfiguration`: the chip configuration of an open document from the same cached analysis
 * the diagnostics come from, or the errors that stand in its way.
 */
import { ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ChipConfigurationRequest,
  LanguageServerErrorCodes,
  type ChipConfigurationParams,
  type ChipConfigurationResult,
} from '../../common/protocol/languageServer';
import { analyzeDocument, type DocumentAnalysis } from '../analysis';
import { Severity } from '../language/diagnostic';
import { analyze } from '../language';
import { mapExperiment } from '../mapper';
import type { AnalysisCache } from './analysisCache';

export function registerChipConfigurationRequest(connection: Connection, documents: TextDocuments<TextDocument>, cache: AnalysisCache): void {
  connection.onRequest(ChipConfigurationRequest.type, (params) => {
    const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
    if (!document) {
      const uri = typeof params?.uri === 'string' ? `'${params.uri}'` : 'a missing uri';
      return new ResponseError<void>(LanguageServerErrorCodes.UnknownDocument, `bss2/chipConfiguration: ${uri} is not a document open on the language server; open it first (textDocument/didOpen)`);
    }
    const problem = overrideProblem(params);
    if (problem) return new ResponseError<void>(LanguageServerErrorCodes.InvalidParams, `bss2/chipConfiguration: ${problem}`);
    return chipConfigurationOf(analysisWithOverrides(cache, document, params), document);
  });
}

function chipConfigurationOf(analysis: DocumentAnalysis, document: TextDocument): ChipConfigurationResult {
  const resources = analysis.resources ? { resources: analysis.resources } : {};
  if (analysis.configuration) return { configuration: analysis.configuration, diagnostics: [], ...resources };
  const errors = analysis.diagnostics.filter((d) => d.severity === Severity.Error).map((d) => withUri(d, document.uri));
  return { diagnostics: errors, ...resources };
}

// ---- run settings: the seed and the default voltage mapping a client asks for (kept apart from the cache) ----

function overrideProblem(params: ChipConfigurationParams): string | undefined {
  const { seed, defaultVoltageMapping: m } = params;
  if (seed !== undefined && seed !== null && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    return `seed must be an integer from 0 to 4294967295, found ${JSON.stringify(seed)}`;
  }
  if (m !== undefined && m !== null) {
    const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    if (typeof m !== 'object' || !finite(m.mvAtReference) || !finite(m.cadcReference) || !finite(m.cadcPerMv) || !(m.cadcPerMv > 0)) {
      return 'defaultVoltageMapping needs finite mvAtReference and cadcReference and a positive cadcPerMv';
    }
  }
  return undefined;
}

/** The cached analysis, or a fresh one when the client overrides the seed or the default voltage mapping. */
function analysisWithOverrides(cache: AnalysisCache, document: TextDocument, params: ChipConfigurationParams): DocumentAnalysis {
  const seed = typeof params.seed === 'number' ? params.seed : undefined;
  const mapping = params.defaultVoltageMapping ?? undefined;
  if (seed === undefined && !mapping) return cache.get(document);
  if (!mapping) return analyzeDocument(document.getText(), { seed });
  const analysis = analyze(document.getText());
  const experiment = analysis.experiment;
  if (!experiment) return cache.get(document);
  if (seed !== undefined) experiment.seed = { value: seed };
  // A member the file sets carries its source range; only the defaults give way to the client's mapping.
  const v = experiment.voltageMapping;
  if (!v.mvAtReference.range) v.mvAtReference = { value: mapping.mvAtReference };
  if (!v.cadcReference.range) v.cadcReference = { value: mapping.cadcReference };
  if (!v.cadcPerMv.range) v.cadcPerMv = { value: mapping.cadcPerMv };
  const mapped = mapExperiment(experiment);
  const diagnostics = [...analysis.diagnostics, ...mapped.diagnostics];
  const clean = !diagnostics.some((d) => d.severity === Severity.Error);
  return { diagnostics, analysis, resources: mapped.resources, configuration: clean ? mapped.configuration : undefined };
}

/** Related places found by the analysis lie in the same document; the client needs their URI to show them. */
function withUri<T extends { relatedInformation?: { uri?: string }[] }>(diagnostic: T, uri: string): T {
  if (!diagnostic.relatedInformation) return diagnostic;
  return { ...diagnostic, relatedInformation: diagnostic.relatedInformation.map((r) => ({ ...r, uri: r.uri ?? uri })) };
}
