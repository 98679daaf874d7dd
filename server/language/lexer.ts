/**
 * The lexer of the experiment language. It never throws: characters it does not understand become `invalid`
 * tokens (a run of them becomes one token, so a binary file gives a handful of errors, not millions), and an
 * unterminated string ends at the end of its line. It runs in one pass over the text (linear time).
 *
 * Ranges follow LSP conventions: zero-based lines, UTF-16 code units within the line (which is what a
 * JavaScript string index counts). `\n`, `\r\n` and a lone `\r` all end a line, as in LSP.
 *
 * The lexer is pulled token by token so that the parser can take the body of a `plasticity` block as raw text
 * (that body is another language, with operators this lexer does not know).
 */
import type { Range } from './position';

export type TokenKind =
  | 'number'
  | 'identifier'
  | 'string'
  | 'lbrace'
  | 'rbrace'
  | 'lbracket'
  | 'rbracket'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'equals'
  | 'colon'
  | 'arrow'
  | 'dotdot'
  | 'dot'
  | 'minus'
  | 'at'
  | 'newline'
  | 'invalid'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for a string, including its quotes). */
  text: string;
  range: Range;
  /** UTF-16 offsets into the document. */
  start: number;
  end: number;
  /** True when only whitespace or comments precede the token on its line. */
  lineStart: boolean;
  /** For `string`: the value with escapes resolved. */
  value?: string;
  /** For `string`: false when the closing quote is missing. For `invalid`: always false. */
  terminated?: boolean;
}

/** A token the parser makes up after scanning raw text (same shape as the lexer's). */
export function syntheticToken(kind: TokenKind, text: string, start: number, end: number, range: Range): Token {
  return { kind, text, range, start, end, lineStart: false, value: undefined, terminated: undefined };
}

export interface Comment {
  text: string;
  range: Range;
}

/** How a token kind is named in messages ("expected '}'"). */
export const TOKEN_DESCRIPTION: Record<TokenKind, string> = {
  number: 'a number',
  identifier: 'a name',
  string: 'a string',
  lbrace: "'{'",
  rbrace: "'}'",
  lbracket: "'['",
  rbracket: "']'",
  lparen: "'('",
  rparen: "')'",
  comma: "','",
  equals: "'='",
  colon: "':'",
  arrow: "'->'",
  dotdot: "'..'",
  dot: "'.'",
  minus: "'-'",
  at: "'@'",
  newline: 'the end of the line',
  invalid: 'an invalid character',
  eof: 'the end of the file',
};

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_QUOTE = 34;
const CH_HASH = 35;
const CH_BACKSLASH = 92;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 0xb5 || c === 0x3bc;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

function isBlank(c: number): boolean {
  // Also skip the BOM and no-break space, which editors and copy-paste like to insert.
  return c === CH_SPACE || c === CH_TAB || c === 0x0c || c === 0x0b || c === 0xfeff || c === 0xa0;
}

/** Whether a character can start a token (used to end a run of invalid characters). */
function startsToken(c: number): boolean {
  return (
    isBlank(c) ||
    c === CH_LF ||
    c === CH_CR ||
    c === CH_HASH ||
    c === CH_QUOTE ||
    isDigit(c) ||
    isIdentStart(c) ||
    '{}[](),=:-.@'.includes(String.fromCharCode(c))
  );
}

export class Lexer {
  private pos = 0;
  private line = 0;
  private lineStartOffset = 0;
  private atLineStart = true;
  readonly comments: Comment[] = [];

  constructor(readonly text: string) {}

  get offset(): number {
    return this.pos;
  }

  /** Position of an offset already passed by the lexer, or the current one. */
  position(): { line: number; character: number } {
    return { line: this.line, character: this.pos - this.lineStartOffset };
  }

  next(): Token {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (isBlank(c)) {
        this.pos++;
      } else if (c === CH_HASH) {
        const start = this.pos;
        const startPos = this.position();
        while (this.pos < text.length) {
          const d = text.charCodeAt(this.pos);
          if (d === CH_LF || d === CH_CR) break;
          this.pos++;
        }
        this.comments.push({ text: text.slice(start, this.pos), range: { start: startPos, end: this.position() } });
      } else {
        break;
      }
    }
    const start = this.pos;
    const startLine = this.line;
    const startCharacter = this.pos - this.lineStartOffset;
    const lineStart = this.atLineStart;
    this.atLineStart = false;

    if (this.pos >= text.length) return this.makeToken('eof', start, startLine, startCharacter, lineStart);
    const c = text.charCodeAt(this.pos);

    if (c === CH_LF || c === CH_CR) {
      this.pos += c === CH_CR && text.charCodeAt(this.pos + 1) === CH_LF ? 2 : 1;
      const token: Token = {
        kind: 'newline',
        text: text.slice(start, this.pos),
        range: { start: { line: startLine, character: startCharacter }, end: { line: startLine, character: startCharacter + 1 } },
        start,
        end: this.pos,
        lineStart,
        value: undefined,
        terminated: undefined,
      };
      this.line++;
      this.lineStartOffset = this.pos;
      this.atLineStart = true;
      return token;
    }

    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(this.pos + 1)))) {
      this.scanNumber();
      return this.makeToken('number', start, startLine, startCharacter, lineStart);
    }

    if (isIdentStart(c)) {
      this.pos++;
      while (this.pos < text.length && isIdentPart(text.charCodeAt(this.pos))) this.pos++;
      return this.makeToken('identifier', start, startLine, startCharacter, lineStart);
    }

    if (c === CH_QUOTE) return this.scanString(start, { line: startLine, character: startCharacter }, lineStart);

    this.pos++;
    switch (c) {
      case 123:
        return this.makeToken('lbrace', start, startLine, startCharacter, lineStart);
      case 125:
        return this.makeToken('rbrace', start, startLine, startCharacter, lineStart);
      case 91:
        return this.makeToken('lbracket', start, startLine, startCharacter, lineStart);
      case 93:
        return this.makeToken('rbracket', start, startLine, startCharacter, lineStart);
      case 40:
        return this.makeToken('lparen', start, startLine, startCharacter, lineStart);
      case 41:
        return this.makeToken('rparen', start, startLine, startCharacter, lineStart);
      case 44:
        return this.makeToken('comma', start, startLine, startCharacter, lineStart);
      case 61:
        return this.makeToken('equals', start, startLine, startCharacter, lineStart);
      case 58:
        return this.makeToken('colon', start, startLine, startCharacter, lineStart);
      case 45:
        if (text.charCodeAt(this.pos) === 62) {
          this.pos++;
          return this.makeToken('arrow', start, startLine, startCharacter, lineStart);
        }
        return this.makeToken('minus', start, startLine, startCharacter, lineStart);
      case 46:
        if (text.charCodeAt(this.pos) === 46) {
          this.pos++;
          return this.makeToken('dotdot', start, startLine, startCharacter, lineStart);
        }
        return this.makeToken('dot', start, startLine, startCharacter, lineStart);
      case 64:
        return this.makeToken('at', start, startLine, startCharacter, lineStart);
    }

    // Anything else: one invalid token for the whole run, keeping surrogate pairs whole.
    while (this.pos < text.length && !startsToken(text.charCodeAt(this.pos))) this.pos++;
    return this.makeToken('invalid', start, startLine, startCharacter, lineStart, false);
  }

  /** One object shape for every token keeps the hot path monomorphic (10 MB lex in about a second). */
  private makeToken(kind: TokenKind, start: number, line: number, character: number, lineStart: boolean, terminated?: boolean): Token {
    // One object shape for every token keeps this hot path monomorphic.
    return {
      kind,
      text: this.text.slice(start, this.pos),
      range: { start: { line, character }, end: { line: this.line, character: this.pos - this.lineStartOffset } },
      start,
      end: this.pos,
      lineStart,
      value: undefined,
      terminated,
    };
  }

  private scanNumber(): void {
    const text = this.text;
    while (isDigit(text.charCodeAt(this.pos))) this.pos++;
    // A `.` is a decimal point unless it starts `..` (a slice: `0..3`).
    if (text.charCodeAt(this.pos) === 46 && text.charCodeAt(this.pos + 1) !== 46) {
      this.pos++;
      while (isDigit(text.charCodeAt(this.pos))) this.pos++;
    }
    const e = text.charCodeAt(this.pos);
    if (e === 101 || e === 69) {
      const sign = text.charCodeAt(this.pos + 1);
      const digitAt = sign === 43 || sign === 45 ? this.pos + 2 : this.pos + 1;
      // Only an exponent if digits follow; otherwise `e...` is a separate name.
      if (isDigit(text.charCodeAt(digitAt))) {
        this.pos = digitAt;
        while (isDigit(text.charCodeAt(this.pos))) this.pos++;
      }
    }
  }

  private scanString(start: number, startPos: { line: number; character: number }, lineStart: boolean): Token {
    const text = this.text;
    this.pos++;
    let value = '';
    let terminated = false;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === CH_LF || c === CH_CR) break;
      if (c === CH_QUOTE) {
        this.pos++;
        terminated = true;
        break;
      }
      if (c === CH_BACKSLASH && this.pos + 1 < text.length) {
        const d = text[this.pos + 1];
        if (d !== '\n' && d !== '\r') {
          value += d === 'n' ? '\n' : d === 't' ? '\t' : d;
          this.pos += 2;
          continue;
        }
      }
      value += text[this.pos];
      this.pos++;
    }
    return {
      kind: 'string',
      text: text.slice(start, this.pos),
      range: { start: startPos, end: this.position() },
      start,
      end: this.pos,
      lineStart,
      value,
      terminated,
    };
  }

  /**
   * Reads raw text up to the `}` that balances a `{` just consumed, skipping comments and strings (a brace
   * inside them does not count). Returns the raw text and the range of the closing brace (undefined when the
   * file ends first; the text then runs to the end). Afterwards the lexer continues after the closing brace.
   */
  scanRawBlock(): { text: string; textRange: Range; close?: { range: Range; start: number; end: number } } {
    const text = this.text;
    const start = this.pos;
    const startPos = this.position();
    let depth = 0;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === CH_LF || c === CH_CR) {
        this.pos += c === CH_CR && text.charCodeAt(this.pos + 1) === CH_LF ? 2 : 1;
        this.line++;
        this.lineStartOffset = this.pos;
        continue;
      }
      if (c === CH_HASH) {
        while (this.pos < text.length && text.charCodeAt(this.pos) !== CH_LF && text.charCodeAt(this.pos) !== CH_CR) {
          this.pos++;
        }
        continue;
      }
      if (c === CH_QUOTE) {
        this.pos++;
        while (this.pos < text.length) {
          const d = text.charCodeAt(this.pos);
          if (d === CH_LF || d === CH_CR) break;
          const escaped = d === CH_BACKSLASH && this.pos + 1 < text.length;
          const e = text.charCodeAt(this.pos + 1);
          this.pos += escaped && e !== CH_LF && e !== CH_CR ? 2 : 1;
          if (d === CH_QUOTE) break;
        }
        continue;
      }
      if (c === 123) depth++;
      if (c === 125) {
        if (depth === 0) {
          const end = this.pos;
          const endPos = this.position();
          this.pos++;
          this.atLineStart = false;
          return {
            text: text.slice(start, end),
            textRange: { start: startPos, end: endPos },
            close: { range: { start: endPos, end: this.position() }, start: end, end: this.pos },
          };
        }
        depth--;
      }
      this.pos++;
    }
    return { text: text.slice(start), textRange: { start: startPos, end: this.position() } };
  }
}

/** All tokens of a text, ending with `eof` (for tests, highlighting and semantic tokens). */
export function tokenize(text: string): { tokens: Token[]; comments: Comment[] } {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'eof') break;
  }
  return { tokens, comments: lexer.comments };
}
