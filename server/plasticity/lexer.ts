/**
 * Tokens of the plasticity-rule language. The body of a `plasticity` block starts in the middle of the file, so
 * every token's range is in document coordinates: the lexer is given the position of the body's first character.
 */
import type { Position, Range } from '../language/position';

export type RuleTokenKind = 'name' | 'number' | 'op' | 'newline' | 'eof' | 'invalid';

export interface RuleToken {
  kind: RuleTokenKind;
  text: string;
  range: Range;
  /** Offset in the body text. */
  offset: number;
}

/** Longest first, so that `<<` wins over `<`. */
const OPERATORS = ['..', '<<', '>>', '<=', '>=', '==', '!=', '(', ')', '{', '}', '[', ']', ',', ':', ';', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '~'];

export function lexRule(text: string, start: Position): RuleToken[] {
  const tokens: RuleToken[] = [];
  let line = start.line;
  let lineStart = -start.character; // offset of the (virtual) start of the current line
  const pos = (offset: number): Position => ({ line, character: offset - lineStart });
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      // Line breaks as the document's lexer has them (LF, CRLF or a lone CR), so that lines agree; the token's range
      // is empty, at the end of the line's text, where a message about it belongs.
      const width = c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      tokens.push({ kind: 'newline', text: text.slice(i, i + width), range: { start: pos(i), end: pos(i) }, offset: i });
      i += width;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    const from = i;
    if (isNameStart(text.charCodeAt(i))) {
      while (i < text.length && isNamePart(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'name', text: text.slice(from, i), range: { start: pos(from), end: pos(i) }, offset: from });
      continue;
    }
    if (isDigit(text.charCodeAt(i))) {
      if (c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
        i += 2;
        while (i < text.length && /[0-9a-fA-F_]/.test(text[i])) i++;
      } else {
        while (i < text.length && (isDigit(text.charCodeAt(i)) || text[i] === '_')) i++;
        // A fraction, but not the `..` of a range.
        if (text[i] === '.' && text[i + 1] !== '.' && /[0-9]/.test(text[i + 1] ?? '')) {
          i++;
          while (i < text.length && /[0-9_]/.test(text[i])) i++;
        }
        if ((text[i] === 'e' || text[i] === 'E') && /[-+0-9]/.test(text[i + 1] ?? '')) {
          i += 2;
          while (i < text.length && /[0-9]/.test(text[i])) i++;
        }
      }
      tokens.push({ kind: 'number', text: text.slice(from, i), range: { start: pos(from), end: pos(i) }, offset: from });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: 'op', text: op, range: { start: pos(from), end: pos(i) }, offset: from });
      continue;
    }
    i++;
    tokens.push({ kind: 'invalid', text: c, range: { start: pos(from), end: pos(i) }, offset: from });
  }
  tokens.push({ kind: 'eof', text: '', range: { start: pos(i), end: pos(i) }, offset: i });
  return tokens;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c);
}

/** The numeric value of a number token (hex or decimal, `_` separators allowed). */
export function numberValue(text: string): number {
  const clean = text.replace(/_/g, '');
  return /^0[xX]/.test(clean) ? parseInt(clean.slice(2), 16) : Number(clean);
}
