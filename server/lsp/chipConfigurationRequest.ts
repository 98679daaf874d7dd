/**
 * Answers `bss2/chipConfiguration`: the chip configuration of an open document from the same cached analysis
 * the diagnostics come from, or the errors that stand in its way.
 */
import { ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ChipConfigurationRequest, LanguageServerErrorCodes, type ChipConfigurationResult } from '../../common/protocol/languageServer';
import { Severity } from '../language/diagnostic';
import type { AnalysisCache } from './analysisCache';

export function registerChipConfigurationRequest(connection: Connection, documents: TextDocuments<TextDocument>, cache: AnalysisCache): void {
  connection.onRequest(ChipConfigurationRequest.type, (params) => {
    const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
    if (!document) {
      const uri = typeof params?.uri === 'string' ? `'${params.uri}'` : 'a missing uri';
      return new ResponseError<void>(LanguageServerErrorCodes.UnknownDocument, `bss2/chipConfiguration: ${uri} is not a document open on the language server; open it first (textDocument/didOpen)`);
    }
    return chipConfigurationOf(cache, document);
  });
}

function chipConfigurationOf(cache: AnalysisCache, document: TextDocument): ChipConfigurationResult {
  const analysis = cache.get(document);
  if (analysis.configuration) return { configuration: analysis.configuration, diagnostics: [] };
  const errors = analysis.diagnostics.filter((d) => d.severity === Severity.Error).map((d) => withUri(d, document.uri));
  return { diagnostics: errors };
}

/** Related places found by the analysis lie in the same document; the client needs their URI to show them. */
function withUri<T extends { relatedInformation?: { uri?: string }[] }>(diagnostic: T, uri: string): T {
  if (!diagnostic.relatedInformation) return diagnostic;
  return { ...diagnostic, relatedInformation: diagnostic.relatedInformation.map((r) => ({ ...r, uri: r.uri ?? uri })) };
}
