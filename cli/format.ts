/**
 * Compiler-style rendering of diagnostics for terminals:
 *
 *   examples/x.bss2:8:5: error BSS2-E012: unknown parameter 'tua_m' for AdEx population 'cell'; did you mean 'tau_m'?
 *       8 |     tua_m = 20 ms
 *         |     ^~~~~
 *
 * Lines and columns are 1-based here (people count from 1); columns count UTF-16 code units, as LSP does.
 */
import { Severity, type Diagnostic } from '../server/language/diagnostic';

const SEVERITY_WORD: Record<Severity, string> = {
  [Severity.Error]: 'error',
  [Severity.Warning]: 'warning',
  [Severity.Information]: 'info',
  [Severity.Hint]: 'hint',
};

const COLOUR: Record<Severity, string> = {
  [Severity.Error]: '\x1b[1;31m',
  [Severity.Warning]: '\x1b[1;33m',
  [Severity.Information]: '\x1b[1;36m',
  [Severity.Hint]: '\x1b[1;36m',
};
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

export function severityWord(severity: Severity): string {
  return SEVERITY_WORD[severity] ?? 'error';
}

/** Splits text into lines the way LSP counts them (`\n`, `\r\n` and `\r`). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function formatDiagnostic(file: string, lines: readonly string[], d: Diagnostic, colour: boolean): string {
  const paint = (code: string, s: string) => (colour ? `${code}${s}${RESET}` : s);
  const { line, character } = d.range.start;
  const word = severityWord(d.severity);
  const out = [
    `${paint(BOLD, `${file}:${line + 1}:${character + 1}:`)} ${paint(COLOUR[d.severity] ?? '', `${word} ${d.code}:`)} ${d.message}`,
  ];
  const source = lines[line];
  if (source !== undefined) {
    const number = String(line + 1);
    const gutter = ' '.repeat(number.length);
    const start = Math.min(character, source.length);
    const end = d.range.end.line === line ? Math.min(Math.max(d.range.end.character, start + 1), Math.max(source.length, start + 1)) : Math.max(source.length, start + 1);
    // Keep tabs in the indentation so that the caret lines up under the source.
    const indent = source.slice(0, start).replace(/[^\t]/g, ' ');
    const marker = '^' + '~'.repeat(Math.max(0, end - start - 1));
    out.push(`  ${number} | ${source}`);
    out.push(`  ${gutter} | ${indent}${paint(COLOUR[d.severity] ?? '', marker)}`);
  }
  for (const related of d.relatedInformation ?? []) {
    const where = related.uri ?? file;
    out.push(`${where}:${related.range.start.line + 1}:${related.range.start.character + 1}: note: ${related.message}`);
  }
  return out.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatSummary(files: number, errors: number, warnings: number): string {
  const checked = `${plural(files, 'file')} checked`;
  if (errors === 0 && warnings === 0) return `${checked}: no problems found\n`;
  return `${checked}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`;
}
