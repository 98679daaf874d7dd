/**
 * One analysis per document version, shared by every feature: completion, hover and the rest run on the same
 * result instead of parsing and mapping the text again for each request.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type DocumentAnalysis } from '../analysis';
import type { Document } from '../language/ast';
import { parse } from '../language/parser';

export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; text: string; result: DocumentAnalysis }>();
  private readonly parsed = new Map<string, { version: number; syntax: Document }>();

  /** Whether the analysis of this version is at hand (no work to answer from it). */
  has(document: TextDocument): boolean {
    return this.entries.get(document.uri)?.version === document.version;
  }

  get(document: TextDocument): DocumentAnalysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached.result;
    const text = document.getText();
    // An edit that leaves the text as it was (typing over a selection the characters it held, a formatter with
    // nothing to change) keeps the previous version's analysis: the analysis is a pure function of the text.
    // The previous version's analysis also lets an edit that cannot change the mapping skip it (server/mappingReuse.ts).
    const result = cached && cached.text === text ? cached.result : analyzeDocument(text, {}, cached?.result);
    this.entries.set(document.uri, { version: document.version, text, result });
    return result;
  }

  /**
   * The syntax tree alone, for features that need no checking or mapping (completion, outline, navigation):
   * right after an edit, parsing is a fraction of the full analysis of a large file.
   */
  syntax(document: TextDocument): Document {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached.result.analysis.syntax;
    const parsed = this.parsed.get(document.uri);
    if (parsed && parsed.version === document.version) return parsed.syntax;
    const syntax = parse(document.getText()).document;
    this.parsed.set(document.uri, { version: document.version, syntax });
    return syntax;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.parsed.delete(uri);
  }
}
