/**
 * `bss2 check FILE... [--json]`: the diagnostics of experiment files, as a compiler prints them (or as JSON
 * with LSP Diagnostic objects). Exit code 1 when any file has an error, 2 when a file cannot be read or the
 * arguments are wrong, 0 otherwise.
 */
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../server/analysis';
import { Severity, type Diagnostic } from '../../server/language/diagnostic';
import { formatDiagnostic, formatSummary, splitLines } from '../format';
import type { CliIO, Command } from '../io';

/** What checking one file yields; later stages add their findings (chip resources, ...) here. */
export interface FileReport {
  diagnostics: Diagnostic[];
}

/** The per-file step of `check`: every stage that contributes diagnostics runs through this one function. */
export function analyzeFile(text: string): FileReport {
  const analysis = analyzeDocument(text);
  return { diagnostics: analysis.diagnostics };
}

const USAGE = `Usage: bss2 check FILE... [--json]

Checks experiment files (.bss2) and prints every problem as file:line:col: severity CODE: message,
with the source line and a caret under the offending text.

Options:
  --json   print {"files":[{"file": ..., "diagnostics": [LSP Diagnostic, ...]}]} on stdout instead

Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 a file could not be read or bad usage.
`;

/** Reads a file, or returns a sentence that says why it cannot be read. */
export function readSource(path: string): { text: string } | { problem: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' :
      code === 'EISDIR' ? 'it is a directory, not a file' :
      code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
      (error as Error).message;
    return { problem: `cannot read '${path}': ${reason}` };
  }
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'check experiment files and print their diagnostics',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const json = args.includes('--json');
    const options = args.filter((a) => a.startsWith('-') && a !== '-');
    const unknown = options.filter((a) => a !== '--json');
    if (unknown.length > 0) {
      io.stderr(`bss2 check: unknown option '${unknown[0]}'\n${USAGE}`);
      return 2;
    }
    const files = args.filter((a) => !options.includes(a));
    if (files.length === 0) {
      io.stderr(`bss2 check: no file given\n${USAGE}`);
      return 2;
    }
    let unreadable = false;
    let errors = 0;
    let warnings = 0;
    const results: Array<{ file: string; diagnostics: Diagnostic[] }> = [];
    for (const file of files) {
      const source = readSource(file);
      if ('problem' in source) {
        io.stderr(`bss2 check: ${source.problem}\n`);
        unreadable = true;
        continue;
      }
      const report = analyzeFile(source.text);
      results.push({ file, diagnostics: report.diagnostics });
      errors += report.diagnostics.filter((d) => d.severity === Severity.Error).length;
      warnings += report.diagnostics.filter((d) => d.severity === Severity.Warning).length;
      if (!json) {
        const lines = splitLines(source.text);
        for (const d of report.diagnostics) io.stdout(formatDiagnostic(file, lines, d, io.colour));
      }
    }
    if (json) {
      io.stdout(JSON.stringify({ files: results }, null, 2) + '\n');
    } else if (results.length > 0) {
      io.stdout(formatSummary(results.length, errors, warnings));
    }
    if (unreadable) return 2;
    return errors > 0 ? 1 : 0;
  },
};
