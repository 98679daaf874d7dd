/**
 * Wires the pure language service to an LSP connection. Each feature lives in its own handler module; this
 * file only owns the document store, the client's capabilities and the lifecycle.
 */
import { TextDocuments, TextDocumentSyncKind, type ClientCapabilities, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './analysisCache';
import { AnalysisWorker } from './analysisWorker';
import { RunStatisticsStore, registerCodeLens } from './codeLensProvider';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { InlayHintSettings } from './inlayHintSettings';
import { LANGUAGE_FEATURE_CAPABILITIES, registerLanguageFeatures } from './languageFeatures';

export interface ServerOptions {
  /** The server's bundle, started again as the worker thread that validates large documents (server/main.ts). */
  workerScript?: string;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  let capabilities: ClientCapabilities = {};
  const clientCapabilities = () => capabilities;
  const documents = new TextDocuments(TextDocument);
  const cache = new AnalysisCache();
  const worker = options.workerScript ? new AnalysisWorker(options.workerScript, (m) => connection.console.warn(m)) : undefined;
  const diagnostics = new DiagnosticsPublisher(connection, documents, cache, worker);
  const inlayHintSettings = new InlayHintSettings(connection, clientCapabilities);
  const statistics = new RunStatisticsStore();
  registerLanguageFeatures(connection, documents, cache, { inlayHints: () => inlayHintSettings.options });
  registerCodeLens(connection, documents, cache, statistics, clientCapabilities);

  connection.onInitialize((params) => {
    capabilities = params && typeof params.capabilities === 'object' && params.capabilities !== null ? params.capabilities : {};
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...LANGUAGE_FEATURE_CAPABILITIES,
      },
      serverInfo: { name: 'bss2-language-server' },
    };
  });
  connection.onInitialized(() => {
    inlayHintSettings.initialized().catch((error: unknown) => connection.console.warn(`bss2: reading the settings failed: ${String(error)}`));
  });

  documents.onDidOpen((e) => diagnostics.schedule(e.document, 0));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document));
  documents.onDidClose((e) => {
    cache.forget(e.document.uri);
    diagnostics.clear(e.document.uri);
  });

  connection.onExit(() => worker?.dispose());
  documents.listen(connection);
  connection.listen();
}
