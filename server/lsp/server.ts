/**
 * Wires the pure language service to an LSP connection. Each feature lives in its own handler module; this
 * file only owns the document store and the lifecycle.
 */
import { TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './analysisCache';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { LANGUAGE_FEATURE_CAPABILITIES, registerLanguageFeatures } from './languageFeatures';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new AnalysisCache();
  const diagnostics = new DiagnosticsPublisher(connection, documents, cache);
  registerLanguageFeatures(connection, documents, cache);

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      ...LANGUAGE_FEATURE_CAPABILITIES,
    },
    serverInfo: { name: 'bss2-language-server' },
  }));

  documents.onDidOpen((e) => diagnostics.schedule(e.document, 0));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document));
  documents.onDidClose((e) => {
    cache.forget(e.document.uri);
    diagnostics.clear(e.document.uri);
  });

  documents.listen(connection);
  connection.listen();
}
