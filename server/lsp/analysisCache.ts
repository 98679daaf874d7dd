/**
 * One analysis per document version, shared by every feature: completion, hover and the rest run on the same
 * result instead of parsing and mapping the text again for each request.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type DocumentAnalysis } from '../analysis';

export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; result: DocumentAnalysis }>();

  get(document: TextDocument): DocumentAnalysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached.result;
    const result = analyzeDocument(document.getText());
    this.entries.set(document.uri, { version: document.version, result });
    return result;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
