/**
 * Publishes diagnostics as the user types: debounced per document, computed against one version of the text,
 * and dropped if the document changed meanwhile, so a stale result is never published over a newer one. Every
 * publication carries the version it was computed for; a closed document gets an empty list.
 *
 * The debounce is short (DEFAULT_DEBOUNCE_MS): it only merges changes that arrive together (a paste, an undo
 * of many edits, a fast typist), and it is part of the latency `bench/lspLatency.ts` measures (edit sent ->
 * diagnostics of that version received). Documents above LARGE_DOCUMENT_CHARS are analysed in a worker
 * thread, so that the server keeps answering while a large file is validated.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../language/diagnostic';
import type { AnalysisCache } from './analysisCache';
import type { AnalysisWorker } from './analysisWorker';
import { diagnosticsDocUri } from './diagnosticsDoc';
import { collectWhenIdle } from './idleCollection';

export const DEFAULT_DEBOUNCE_MS = 8;
/** Above this size a document is validated in the worker thread (about 50 ms of analysis on the main thread). */
export const LARGE_DOCUMENT_CHARS = 200_000;
/** At most this many diagnostics are published per document: a file of garbage must not send megabytes. */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents with a worker job running, and whether another run is due when it ends. */
  private readonly inWorker = new Map<string, { again: boolean }>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: AnalysisCache,
    private readonly worker?: AnalysisWorker,
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
    const running = this.inWorker.get(uri);
    if (running) running.again = false;
    this.send(uri, undefined, []);
  }

  private publish(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    if (this.worker && document.getText().length > LARGE_DOCUMENT_CHARS) {
      this.publishFromWorker(document, this.worker);
      return;
    }
    const version = document.version;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = this.cache.get(document).diagnostics;
    } catch (error) {
      this.connection.console.error(`bss2: analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return;
    }
    // The text may have changed while we worked; a newer run is already scheduled then.
    if (this.documents.get(uri)?.version !== version) return;
    this.send(uri, version, diagnostics);
    collectWhenIdle();
  }

  private publishFromWorker(document: TextDocument, worker: AnalysisWorker): void {
    const uri = document.uri;
    const running = this.inWorker.get(uri);
    if (running) {
      // One job per document at a time; the newest text is analysed when the running job ends.
      running.again = true;
      return;
    }
    const state = { again: false };
    this.inWorker.set(uri, state);
    const version = document.version;
    worker
      .analyze(document.getText())
      .then((diagnostics) => {
        const current = this.documents.get(uri);
        if (current?.version === version) this.send(uri, version, diagnostics);
        else if (current) state.again = true;
      })
      .catch((error: unknown) => {
        this.connection.console.error(`bss2: analysis of ${uri} failed: ${String(error)}`);
      })
      .finally(() => {
        this.inWorker.delete(uri);
        const current = this.documents.get(uri);
        if (state.again && current) this.schedule(current, 0);
      });
  }

  private send(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    const published = diagnostics.slice(0, MAX_PUBLISHED_DIAGNOSTICS).map((d) => ({
      ...d,
      codeDescription: { href: diagnosticsDocUri(d.code) },
      relatedInformation: d.relatedInformation?.map((r) => ({
        location: { uri: r.uri ?? uri, range: r.range },
        message: r.message,
      })),
    }));
    this.connection.sendDiagnostics({ uri, version, diagnostics: published }).catch(() => undefined);
  }
}
