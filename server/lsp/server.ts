/**
 * Wires the pure language service to an LSP connection. Each feature lives in its own handler module; this
 * file only owns the document store and the lifecycle.
 */
import { TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher } from './diagnosticsPublisher';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const diagnostics = new DiagnosticsPublisher(connection, documents);

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    },
    serverInfo: { name: 'bss2-language-server' },
  }));

  documents.onDidOpen((e) => diagnostics.schedule(e.document, 0));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document));
  documents.onDidClose((e) => diagnostics.clear(e.document.uri));

  documents.listen(connection);
  connection.listen();
}
