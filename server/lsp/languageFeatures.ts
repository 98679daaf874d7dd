/**
 * Registers the editor features of the language service on a connection. Each handler finds the document,
 * takes its cached analysis and hands both to a pure function of server/languageService/.
 */
import { CodeActionKind, ResponseError, type Connection, type ServerCapabilities, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../languageService/codeActions';
import { complete } from '../languageService/completion';
import { hover } from '../languageService/hover';
import { inlayHints } from '../languageService/inlayHints';
import { definition, prepareRename, references, rename, RenameError } from '../languageService/navigation';
import { formatDocument, formatRange } from '../languageService/formatting';
import { TOKEN_MODIFIERS, TOKEN_TYPES, semanticTokens } from '../languageService/semanticTokens';
import { documentSymbols, foldingRanges, selectionRange, workspaceSymbols } from '../languageService/symbols';
import type { AnalysisCache } from './analysisCache';
import { registerChipConfigurationRequest } from './chipConfigurationRequest';

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
  semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
};

export function registerLanguageFeatures(connection: Connection, documents: TextDocuments<TextDocument>, cache: AnalysisCache): void {
  const withDocument = <T>(uri: string, empty: T, run: (document: TextDocument) => T): T => {
    const document = documents.get(uri);
    return document ? run(document) : empty;
  };
  const syntax = (document: TextDocument) => cache.syntax(document);

  connection.onCompletion((p) => withDocument(p.textDocument.uri, [], (d) => complete(d.getText(), p.position, syntax(d))));
  connection.onHover((p) => withDocument(p.textDocument.uri, null, (d) => hover(cache.get(d), p.position) ?? null));
  connection.onDocumentSymbol((p) => withDocument(p.textDocument.uri, [], (d) => documentSymbols(syntax(d))));
  connection.onWorkspaceSymbol((p) => documents.all().flatMap((d) => workspaceSymbols(syntax(d), d.uri, p.query)));
  connection.onFoldingRanges((p) => withDocument(p.textDocument.uri, [], (d) => foldingRanges(syntax(d))));
  connection.onSelectionRanges((p) => withDocument(p.textDocument.uri, [], (d) => p.positions.map((pos) => selectionRange(syntax(d), pos))));
  connection.onDefinition((p) => withDocument(p.textDocument.uri, [], (d) => definition(syntax(d), d.uri, p.position)));
  connection.onReferences((p) =>
    withDocument(p.textDocument.uri, [], (d) => references(syntax(d), d.uri, p.position, p.context.includeDeclaration)),
  );
  connection.onPrepareRename((p) => withDocument(p.textDocument.uri, null, (d) => prepareRename(syntax(d), p.position) ?? null));
  connection.onRenameRequest((p) =>
    withDocument(p.textDocument.uri, null, (d) => {
      try {
        return rename(syntax(d), d.uri, p.position, p.newName) ?? null;
      } catch (error) {
        // The editor shows the message; an invalid name is the user's input, not a server failure.
        if (error instanceof RenameError) return new ResponseError(-32602, error.message);
        throw error;
      }
    }),
  );
  connection.onDocumentFormatting((p) => withDocument(p.textDocument.uri, [], (d) => formatDocument(d.getText())));
  connection.onDocumentRangeFormatting((p) => withDocument(p.textDocument.uri, [], (d) => formatRange(d.getText(), p.range)));
  connection.languages.inlayHint.on((p) => withDocument(p.textDocument.uri, [], (d) => inlayHints(cache.get(d), p.range)));
  connection.onCodeAction((p) => withDocument(p.textDocument.uri, [], (d) => codeActions(d.getText(), d.uri, cache.get(d), p.range)));
  registerChipConfigurationRequest(connection, documents, cache);
  connection.languages.semanticTokens.on((p) => withDocument(p.textDocument.uri, { data: [] }, (d) => ({ data: semanticTokens(syntax(d)) })));
}
