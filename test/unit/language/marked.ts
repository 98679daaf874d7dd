/**
 * Test snippets with the expected range marked inline: `tau_m = 20 «mV»` is the text `tau_m = 20 mV` with the
 * range of `mV`. Positions are computed like LSP's (zero-based lines, UTF-16 characters).
 */
import type { Range } from '../../../server/language/position';

export function marked(source: string): { text: string; range: Range } {
  const open = source.indexOf('«');
  const close = source.indexOf('»');
  if (open < 0 || close < open) throw new Error(`snippet without «range»: ${source}`);
  const text = source.slice(0, open) + source.slice(open + 1, close) + source.slice(close + 1);
  return { text, range: { start: positionAt(text, open), end: positionAt(text, close - 1) } };
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    } else if (c === '\r') {
      // \r\n: the line ends after the \n.
    }
  }
  return { line, character: offset - lineStart };
}
