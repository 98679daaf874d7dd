/**
 * Registers the editor features of the language service on a connection. Each handler finds the document,
 * takes its cached analysis and hands both to a pure function of server/languageService/.
 */
import { CodeActionKind, ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type DocumentSymbol, type ServerCapabilities, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../languageService/codeActions';
import { complete } from '../languageService/completion';
import { hover } from '../languageService/hover';
import { inlayHints, type InlayHintOptions } from '../languageService/inlayHints';
import { definition, prepareRename, references, rename, RenameError } from '../languageService/navigation';
import { formatDocument, formatRange } from '../languageService/formatting';
import { TOKEN_MODIFIERS, TOKEN_TYPES, semanticTokens } from '../languageService/semanticTokens';
import { documentSymbols, foldingRanges, selectionRange, workspaceSymbols } from '../languageService/symbols';
import type { AnalysisCache } from './analysisCache';
import { registerChipConfigurationRequest } from './chipConfigurationRequest';
import { LARGE_DOCUMENT_CHARS } from './diagnosticsPublisher';

export const LANGUAGE_FEATURE_CAPABILITIES: ServerCapabilities = {
  completionProvider: { triggerCharacters: [':', '=', ' ', ',', '>'] },
  hoverProvider: true,
  documentSymbolProvider: true,
  workspaceSymbolProvider: true,
  foldingRangeProvider: true,
  selectionRangeProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  inlayHintProvider: true,
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  codeLensProvider: { resolveProvider: false },
  semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
};

export interface FeatureSettings {
  inlayHints: () => InlayHintOptions;
}

/** How long a request that needs the full analysis of a large document waits for a cancellation, ms. */
const CANCELLATION_GRACE_MS = 10;

/** Workspace symbol answers are capped: a query of '' over huge files must stay a small message. */
const MAX_WORKSPACE_SYMBOLS = 1000;

/**
 * Caps for pathological files (hundreds of thousands of statements): the editor could not show more anyway,
 * and an answer of many megabytes would hold the connection. Real experiments stay far below.
 */
export const CAPS = { outlineSymbols: 5000 /* symbols and their children together */, foldingRanges: 5000, semanticTokens: 100_000 } as const;

function capOutline(symbols: DocumentSymbol[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  let budget = CAPS.outlineSymbols;
  for (const s of symbols) {
    if (budget <= 0) break;
    budget -= 1;
    if (s.children && s.children.length > budget) s.children = s.children.slice(0, budget);
    budget -= s.children?.length ?? 0;
    out.push(s);
  }
  return out;
}

/** Semantic tokens are relative to the previous one, five numbers each: cutting the tail leaves a valid list. */
function capTokens(data: number[]): number[] {
  return data.length > 5 * CAPS.semanticTokens ? data.slice(0, 5 * CAPS.semanticTokens) : data;
}

export function registerLanguageFeatures(connection: Connection, documents: TextDocuments<TextDocument>, cache: AnalysisCache, settings: FeatureSettings): void {
  /**
   * Runs a feature on an open document. A failure inside a feature is logged and answered as an error of that
   * request; it never reaches the connection (which would answer it too, without the log).
   */
  const withDocument = <T>(uri: unknown, empty: T, run: (document: TextDocument) => T, token?: CancellationToken): T | ResponseError<void> => {
    // A request cancelled while it waited in the queue is answered at once, without the work.
    if (token?.isCancellationRequested) return new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'cancelled');
    const document = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!document) return empty;
    return guarded(document, run);
  };
  /**
   * The same for features that need the full analysis: on a large document that analysis takes seconds on this
   * thread, so the request first gives a cancellation that is already on its way the chance to arrive.
   */
  const withAnalysis = <T>(uri: unknown, empty: T, run: (document: TextDocument) => T, token?: CancellationToken): T | ResponseError<void> | Promise<T | ResponseError<void>> => {
    const document = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!document || typeof document.getText() !== 'string' || document.getText().length <= LARGE_DOCUMENT_CHARS || cache.has(document)) {
      return withDocument(uri, empty, run, token);
    }
    return new Promise((resolve) => setTimeout(resolve, CANCELLATION_GRACE_MS)).then(() => withDocument(uri, empty, run, token));
  };
  const guarded = <T>(document: TextDocument, run: (document: TextDocument) => T): T | ResponseError<void> => {
    try {
      return run(document);
    } catch (error) {
      if (error instanceof ResponseError) return error;
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      connection.console.error(`bss2: a request on ${document.uri} failed: ${detail}`);
      return new ResponseError<void>(ErrorCodes.InternalError, `bss2: the language server failed on this request (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  const syntax = (document: TextDocument) => cache.syntax(document);

  connection.onCompletion((p, token) => withDocument(p?.textDocument?.uri, [], (d) => complete(d.getText(), p.position, syntax(d)), token));
  connection.onHover((p, token) => withAnalysis(p?.textDocument?.uri, null, (d) => hover(cache.get(d), p.position) ?? null, token));
  connection.onDocumentSymbol((p, token) => withDocument(p?.textDocument?.uri, [], (d) => capOutline(documentSymbols(syntax(d))), token));
  connection.onWorkspaceSymbol((p) => documents.all().flatMap((d) => workspaceSymbols(syntax(d), d.uri, typeof p?.query === 'string' ? p.query : '')).slice(0, MAX_WORKSPACE_SYMBOLS));
  connection.onFoldingRanges((p, token) => withDocument(p?.textDocument?.uri, [], (d) => foldingRanges(syntax(d)).slice(0, CAPS.foldingRanges), token));
  connection.onSelectionRanges((p, token) => withDocument(p?.textDocument?.uri, [], (d) => p.positions.map((pos) => selectionRange(syntax(d), pos)), token));
  connection.onDefinition((p, token) => withDocument(p?.textDocument?.uri, [], (d) => definition(syntax(d), d.uri, p.position), token));
  connection.onReferences((p, token) =>
    withDocument(p?.textDocument?.uri, [], (d) => references(syntax(d), d.uri, p.position, p.context.includeDeclaration), token),
  );
  connection.onPrepareRename((p, token) => withDocument(p?.textDocument?.uri, null, (d) => prepareRename(syntax(d), p.position) ?? null, token));
  connection.onRenameRequest((p, token) =>
    withDocument(p?.textDocument?.uri, null, (d) => {
      try {
        return rename(syntax(d), d.uri, p.position, p.newName) ?? null;
      } catch (error) {
        // The editor shows the message; an invalid name is the user's input, not a server failure.
        if (error instanceof RenameError) throw new ResponseError(-32602, error.message);
        throw error;
      }
    }, token),
  );
  connection.onDocumentFormatting((p, token) => withDocument(p?.textDocument?.uri, [], (d) => formatDocument(d.getText()), token));
  connection.onDocumentRangeFormatting((p, token) => withDocument(p?.textDocument?.uri, [], (d) => formatRange(d.getText(), p.range), token));
  connection.languages.inlayHint.on((p, token) => withAnalysis(p?.textDocument?.uri, [], (d) => inlayHints(cache.get(d), p.range, settings.inlayHints()), token));
  connection.onCodeAction((p, token) => withAnalysis(p?.textDocument?.uri, [], (d) => codeActions(d.getText(), d.uri, cache.get(d), p.range), token));
  registerChipConfigurationRequest(connection, documents, cache);
  connection.languages.semanticTokens.on((p, token) => withDocument(p?.textDocument?.uri, { data: [] }, (d) => ({ data: capTokens(semanticTokens(syntax(d))) }), token));
}
