/**
 * Formatting to the house layout: four spaces per open brace, no trailing whitespace, at most one blank line
 * between statements, one line break at the end. It is deliberately conservative: alignment a user chose inside a line (aligned `=`,
 * aligned comments) and the indentation of continuation lines inside `[...]` or `(...)` are left alone, so
 * every example file is already formatted and formatting never changes what a file means.
 */
import type { TextEdit } from 'vscode-languageserver';
import type { Range } from '../language/position';

const INDENT = '    ';

interface LineState {
  /** Brace depth at the start of the line. */
  depth: number;
  /** Open brackets/parentheses at the start of the line (a continuation line). */
  nesting: number;
}

function scanLines(lines: string[]): LineState[] {
  const states: LineState[] = [];
  let depth = 0;
  let nesting = 0;
  for (const line of lines) {
    states.push({ depth, nesting });
    let inString = false;
    for (const c of line) {
      if (inString) {
        if (c === '"') inString = false;
      } else if (c === '#') break;
      else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      else if (c === '[' || c === '(') nesting++;
      else if (c === ']' || c === ')') nesting = Math.max(0, nesting - 1);
    }
  }
  return states;
}

function formatLine(line: string, state: LineState): string {
  const body = line.replace(/\s+$/, '');
  const content = body.trimStart();
  if (content === '') return '';
  if (state.nesting > 0) return body;
  // A line that starts by closing a block belongs to the outer level.
  const closes = /^\}+/.exec(content)?.[0].length ?? 0;
  return INDENT.repeat(Math.max(0, state.depth - closes)) + content;
}

/** The whole text in the house layout. */
export function formatText(text: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const states = scanLines(lines);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const formatted = formatLine(lines[i], states[i]);
    // Blank lines inside a multi-line list are content; elsewhere one in a row is enough.
    if (formatted === '' && states[i].nesting === 0 && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(formatted);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.length === 0 ? '' : out.join(eol) + eol;
}

/** Document formatting: one edit replacing the text, or none when it is already formatted. */
export function formatDocument(text: string): TextEdit[] {
  const formatted = formatText(text);
  if (formatted === text) return [];
  const lines = text.split(/\r?\n/);
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return [{ range: { start: { line: 0, character: 0 }, end }, newText: formatted }];
}

/** Range formatting: indentation and trailing whitespace of the lines the range touches, one edit per changed line. */
export function formatRange(text: string, range: Range): TextEdit[] {
  const lines = text.split(/\r?\n/);
  const states = scanLines(lines);
  const edits: TextEdit[] = [];
  for (let i = range.start.line; i <= Math.min(range.end.line, lines.length - 1); i++) {
    const formatted = formatLine(lines[i], states[i]);
    if (formatted !== lines[i]) edits.push({ range: { start: { line: i, character: 0 }, end: { line: i, character: lines[i].length } }, newText: formatted });
  }
  return edits;
}
