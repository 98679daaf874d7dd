/**
 * Small readings of `.bss2` text the extension needs without the language server: where a population is
 * declared (to reveal it from a panel), which word is under the cursor, and an example's one-line summary.
 */

export interface TextSpan {
  line: number;
  start: number;
  end: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The name in `population NAME ...`, zero-based line and columns; undefined when not declared. */
export function findPopulationDeclaration(text: string, name: string): TextSpan | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const pattern = new RegExp(`^(\\s*population\\s+)(${escapeRegExp(name)})\\b`);
  const lines = text.split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    const match = pattern.exec(lines[line]);
    if (match) return { line, start: match[1].length, end: match[1].length + name.length };
  }
  return undefined;
}

/** The identifier at `character` of `lineText`, with its columns. */
export function identifierAt(lineText: string, character: number): { name: string; start: number; end: number } | undefined {
  const word = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = word.exec(lineText); m; m = word.exec(lineText)) {
    if (m.index <= character && character <= m.index + m[0].length) return { name: m[0], start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/** The first comment line of an example, without `#`: what the quick pick shows as its description. */
export function exampleSummary(text: string): string {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*#\s?(.*)$/.exec(line);
    if (m) {
      if (m[1].trim()) return m[1].trim();
      continue;
    }
    if (line.trim()) break;
  }
  return '';
}

/** A file name in `folder` (given as existing names) that is free: `stdp.bss2`, else `stdp-2.bss2`, ... */
export function freeFileName(base: string, exists: (name: string) => boolean): string {
  if (!exists(base)) return base;
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : '';
  for (let n = 2; ; n++) {
    const name = `${stem}-${n}${ext}`;
    if (!exists(name)) return name;
  }
}
