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
import { renderResourceTable, type ResourceReport } from '../../server/mapper';

/** What checking one file yields: its diagnostics and what it uses of the chip. */
export interface FileReport {
  diagnostics: Diagnostic[];
  resources?: ResourceReport;
}

/** The per-file step of `check`: every stage that contributes diagnostics runs through this one function. */
export function analyzeFile(text: string): FileReport {
  // Poisson trains are not needed to count resources; drawing them would only cost time.
  const analysis = analyzeDocument(text, { generateSpikeTrains: false });
  return { diagnostics: analysis.diagnostics, resources: analysis.resources };
}

const USAGE = `Usage: bss2 check FILE... [--json] [--quiet]

Checks experiment files (.bss2) and prints every problem as file:line:col: severity CODE: message,
with the source line and a caret under the offending text, then what each file uses of the chip.

Options:
  --json       print {"files":[{"file": ..., "diagnostics": [LSP Diagnostic, ...], "resources": {...}}]} on stdout
  --quiet, -q  leave out the resource tables

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
    const quiet = args.includes('--quiet') || args.includes('-q');
    const options = args.filter((a) => a.startsWith('-') && a !== '-');
    const unknown = options.filter((a) => !['--json', '--quiet', '-q'].includes(a));
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
    const results: Array<{ file: string; diagnostics: Diagnostic[]; resources?: ResourceReport }> = [];
    for (const file of files) {
      const source = readSource(file);
      if ('problem' in source) {
        io.stderr(`bss2 check: ${source.problem}\n`);
        unreadable = true;
        continue;
      }
      const report = analyzeFile(source.text);
      results.push({ file, diagnostics: report.diagnostics, ...(report.resources ? { resources: report.resources } : {}) });
      errors += report.diagnostics.filter((d) => d.severity === Severity.Error).length;
      warnings += report.diagnostics.filter((d) => d.severity === Severity.Warning).length;
      if (!json) {
        const lines = splitLines(source.text);
        for (const d of report.diagnostics) io.stdout(formatDiagnostic(file, lines, d, io.colour));
        if (report.resources && !quiet) io.stdout(`${file}: chip resources\n${renderResourceTable(report.resources)}\n`);
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
