/**
 * Where the cursor is, read from the text itself rather than from the syntax tree: while the user types, the
 * statement under the cursor is usually broken, and the tree may have dropped exactly the part being written.
 * Scanning the text up to the cursor (skipping `#` comments and strings) still tells which block we are in.
 */
import type { Position } from '../language/position';

export interface EnclosingBlock {
  /** The statement keyword that opened the block. */
  keyword: string;
  /** The text of the statement header, from its keyword to the `{`. */
  header: string;
}

export interface CursorContext {
  /** The text of the current line before the cursor, without a trailing comment. */
  linePrefix: string;
  /** The text of the current statement before the cursor (inside a block: since the last `{`, `,` or line start). */
  block?: EnclosingBlock;
  /** True when the cursor is inside a comment or a string. */
  inCommentOrString: boolean;
}

const STATEMENT_START = /(?:^|\n)[ \t]*(experiment|neuron|population|projection|stimulus|record|plasticity)\b[^\n]*$/;
/** A compartment header inside a neuron type, up to its `{`. */
const COMPARTMENT_START = /(?:^|\n)[ \t]*(compartment)\b[^\n]*$/;

export function offsetAt(text: string, position: Position): number {
  let line = 0;
  let offset = 0;
  while (line < position.line) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
    line++;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + position.character, end);
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export function cursorContext(text: string, position: Position): CursorContext {
  const end = offsetAt(text, position);
  let depth = 0;
  let openedAt = -1;
  /** The `{` that opened the second level (a compartment's block inside a neuron type). */
  let innerAt = -1;
  let inComment = false;
  let inString = false;
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (inComment) {
      if (c === '\n') inComment = false;
    } else if (inString) {
      if (c === '"' || c === '\n') inString = false;
    } else if (c === '#') inComment = true;
    else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 0) openedAt = i;
      if (depth === 1) innerAt = i;
      depth++;
    } else if (c === '}') depth = Math.max(0, depth - 1);
  }
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  const linePrefix = text.slice(lineStart, end);
  let block: EnclosingBlock | undefined;
  if (depth > 0 && openedAt >= 0) {
    const before = text.slice(0, openedAt);
    const match = STATEMENT_START.exec(before);
    if (match) block = { keyword: match[1], header: before.slice(before.length - match[0].length).trim() };
    else block = { keyword: '', header: '' };
    if (block.keyword === 'neuron' && depth >= 2 && innerAt > openedAt) {
      const inner = text.slice(0, innerAt);
      const compartment = COMPARTMENT_START.exec(inner);
      block = compartment ? { keyword: 'compartment', header: inner.slice(inner.length - compartment[0].length).trim() } : { keyword: '', header: '' };
    }
  }
  return { linePrefix, block, inCommentOrString: inComment || inString };
}
