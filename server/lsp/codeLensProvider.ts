/**
 * CodeLens over the connection, and the run statistics that feed it: the client reports each finished run with
 * `bss2/runStatistics`; the server keeps the last report per document (an edit or closing the document does not
 * drop it) and asks the client to refresh its lenses when it supports that.
 */
import { CodeLensRefreshRequest, type ClientCapabilities, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { RunStatisticsNotification, runStatisticsProblems, type RunStatisticsParams } from '../../common/protocol/languageServer';
import { codeLenses } from '../languageService/codeLens';
import type { AnalysisCache } from './analysisCache';

export class RunStatisticsStore {
  private readonly byUri = new Map<string, RunStatisticsParams>();

  get(uri: string): RunStatisticsParams | undefined {
    return this.byUri.get(uri);
  }

  /** Keeps the newest report per document, for at most MAX_DOCUMENTS documents (the oldest report goes first). */
  set(statistics: RunStatisticsParams): void {
    this.byUri.delete(statistics.uri);
    this.byUri.set(statistics.uri, statistics);
    if (this.byUri.size > RunStatisticsStore.MAX_DOCUMENTS) this.byUri.delete(this.byUri.keys().next().value!);
  }

  static readonly MAX_DOCUMENTS = 256;

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

export function registerCodeLens(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  cache: AnalysisCache,
  statistics: RunStatisticsStore,
  capabilities: () => ClientCapabilities,
): void {
  connection.onCodeLens((p) => {
    const document = documents.get(p.textDocument.uri);
    return document ? codeLenses(cache.syntax(document), document.uri, statistics.get(document.uri)) : [];
  });

  connection.onNotification(RunStatisticsNotification.method, (params: unknown) => {
    const problems = runStatisticsProblems(params);
    if (problems.length > 0) {
      connection.console.warn(`bss2: ignored a malformed ${RunStatisticsNotification.method} notification: ${problems.slice(0, 5).join('; ')}`);
      return;
    }
    statistics.set(params as RunStatisticsParams);
    if (capabilities().workspace?.codeLens?.refreshSupport) {
      connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => {
        connection.console.warn(`bss2: the client did not refresh CodeLens: ${String(error)}`);
      });
    }
  });
}
