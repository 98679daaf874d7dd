/**
 * Publishes diagnostics as the user types: debounced per document, computed against one version of the text,
 * and dropped if the document changed meanwhile, so a stale result is never published over a newer one.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisCache } from './analysisCache';
import { diagnosticsDocUri } from './diagnosticsDoc';

const DEFAULT_DEBOUNCE_MS = 120;

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: AnalysisCache,
  ) {}

  schedule(document: TextDocument, delayMs = DEFAULT_DEBOUNCE_MS): void {
    const uri = document.uri;
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri);
      }, delayMs),
    );
  }

  clear(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private publish(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    const version = document.version;
    let result;
    try {
      result = this.cache.get(document);
    } catch (error) {
      this.connection.console.error(`bss2: analysis of ${uri} failed: ${String(error)}`);
      return;
    }
    // The text may have changed while we worked; a newer run is already scheduled then.
    if (this.documents.get(uri)?.version !== version) return;
    const diagnostics = result.diagnostics.map((d) => ({
      ...d,
      codeDescription: { href: diagnosticsDocUri(d.code) },
      relatedInformation: d.relatedInformation?.map((r) => ({
        location: { uri: r.uri ?? uri, range: r.range },
        message: r.message,
      })),
    }));
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}
