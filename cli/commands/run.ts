/**
 * `bss2 run FILE [--json OUT] [--csv DIR] [--html OUT] [--seed N] [--duration T] [--fixed-pattern-noise]`: checks and maps an experiment, runs it
 * in the emulator process, and writes the results. Refuses to run a file that `bss2 check` finds errors in.
 * Exit status: 0 the run finished, 1 the file has errors, 2 bad usage or unreadable file, 3 the emulation
 * failed (e.g. numerical instability; the message names the neuron and the time).
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { Severity } from '../../server/language/diagnostic';
import { analyzeDocument } from '../../server/analysis';
import { parseDurationMs, parseSeed } from '../optionValues';
import { ChunkNotification, LoadRequest, ResultsRequest, RunRequest } from '../../common/protocol/emulator';
import { validateRunResults, type RunResults } from '../../common/results';
import { EmulatorProcess } from '../../client/emulator/emulatorProcess';
import { writeFileAtomic } from '../atomicWrite';
import { formatDiagnostic, splitLines } from '../format';
import type { CliIO, Command } from '../io';
import { readSource } from './check';
import { spikesCsv, tracesCsv } from '../resultsCsv';
import { ProgressBar } from '../progress';
import { readReportBundle, renderReportHtml } from '../../webview/report';

const USAGE = `Usage: bss2 run FILE [--json OUT] [--csv DIR] [--html OUT] [--seed N] [--duration T] [--fixed-pattern-noise]

Checks the experiment, maps it onto the chip and runs it in the emulator.

Options:
  --json OUT      write the results as JSON to OUT ('-' for standard output)
  --csv DIR       write spikes.csv and traces.csv into DIR
  --html OUT      write a self-contained report (traces, raster, weights) that opens offline in any browser
  --seed N        use seed N instead of the experiment's (an integer 0..4294967295)
  --duration T    run for T instead of the experiment's duration (e.g. 200ms, 1.5s; a bare number is ms)
  --fixed-pattern-noise
                  give every neuron circuit its own seeded mismatch of the analog parameters, as on a real
                  chip after calibration (drawn from the seed; off by default)

Exit status: 0 finished, 1 the file has errors (nothing is run), 2 bad usage or unreadable file,
3 the emulation failed.
`;

interface RunOptions {
  file: string;
  json?: string;
  csv?: string;
  html?: string;
  seed?: number;
  durationMs?: number;
  fixedPatternNoise?: boolean;
}

function parseArgs(args: string[]): RunOptions | string {
  const options: Partial<RunOptions> = {};
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string | undefined => args[++i];
    switch (arg) {
      case '--json': {
        const v = value();
        if (v === undefined) return '--json needs a file name (or - for standard output)';
        options.json = v;
        break;
      }
      case '--csv': {
        const v = value();
        if (v === undefined) return '--csv needs a directory';
        options.csv = v;
        break;
      }
      case '--html': {
        const v = value();
        if (v === undefined) return '--html needs a file name';
        options.html = v;
        break;
      }
      case '--seed': {
        const seed = parseSeed(value());
        if (typeof seed === 'string') return seed;
        options.seed = seed;
        break;
      }
      case '--duration': {
        const ms = parseDurationMs(value());
        if (typeof ms === 'string') return ms;
        options.durationMs = ms;
        break;
      }
      case '--fixed-pattern-noise':
        options.fixedPatternNoise = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') return `unknown option '${arg}'`;
        files.push(arg);
    }
  }
  if (files.length !== 1) return files.length === 0 ? 'no file given' : 'run takes one experiment file';
  return { ...options, file: files[0] } as RunOptions;
}

/** A file of the bundle beside the bundled command line (dist/emulator.js, dist/webview next to dist/cli.js). */
function bundled(name: string): string | undefined {
  const candidates = [join(__dirname, name), resolve(__dirname, '..', '..', 'dist', name)];
  return candidates.find((c) => existsSync(c));
}

function summary(results: RunResults, wallMs: number): string {
  const rows = Object.entries(results.populations).map(([name, p]) => {
    const count = p.spikes.time_ms.length;
    const rate = results.duration_ms > 0 ? count / p.size / (results.duration_ms / 1000) : 0;
    return [name, String(p.size), String(count), rate.toFixed(2)];
  });
  const header = ['population', 'size', 'spikes', 'mean rate (Hz)'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const speed = wallMs > 0 ? results.duration_ms / wallMs : Infinity;
  return [
    `${results.experiment}: ${results.duration_ms} ms of biological time in ${(wallMs / 1000).toFixed(2)} s (${speed.toFixed(2)}x real time), seed ${results.seed}`,
    line(header),
    ...rows.map(line),
    ...results.warnings.map((w) => `warning: ${w}`),
    '',
  ].join('\n');
}

export const runCommand: Command = {
  name: 'run',
  summary: 'check, map and emulate an experiment, and write its results',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr(`bss2 run: ${parsed}\n${USAGE}`);
      return 2;
    }
    const source = readSource(parsed.file);
    if ('problem' in source) {
      io.stderr(`bss2 run: ${source.problem}\n`);
      return 2;
    }
    const analysis = analyzeDocument(source.text, { seed: parsed.seed, durationMs: parsed.durationMs });
    const lines = splitLines(source.text);
    const shown = analysis.diagnostics.filter((d) => d.severity <= Severity.Warning);
    for (const d of shown) io.stderr(formatDiagnostic(parsed.file, lines, d, io.colour));
    const errors = shown.filter((d) => d.severity === Severity.Error).length;
    if (errors > 0 || !analysis.configuration) {
      io.stderr(`bss2 run: ${parsed.file} has ${errors} error${errors === 1 ? '' : 's'}; nothing was run (see 'bss2 check')\n`);
      return 1;
    }
    const script = bundled('emulator.js');
    const webview = bundled('webview');
    if (!script || (parsed.html && !webview)) {
      io.stderr(`bss2 run: ${script ? 'the report bundle (dist/webview)' : 'the emulator (dist/emulator.js)'} was not found next to the command line; run \`npm run build\` first\n`);
      return 2;
    }

    const emulator = EmulatorProcess.start(script);
    let died = false;
    emulator.onExit(() => {
      died = true;
    });
    const progress = new ProgressBar(io, process.stderr.isTTY === true);
    const started = performance.now();
    try {
      await emulator.connection.sendRequest(LoadRequest.type, {
        configuration: analysis.configuration, chunk_interval_ms: 100, ...(parsed.fixedPatternNoise ? { fixed_pattern_noise: true } : {}),
      });
      emulator.connection.onNotification(ChunkNotification.type, (chunk) => progress.update(chunk.time_ms, chunk.duration_ms));
      const status = await emulator.connection.sendRequest(RunRequest.type, {});
      progress.done();
      const results = await emulator.connection.sendRequest(ResultsRequest.type);
      const wallMs = performance.now() - started;
      const problems = validateRunResults(results);
      if (problems.length > 0) {
        io.stderr(`bss2 run: the emulator returned malformed results: ${problems.slice(0, 3).join('; ')}\n`);
        return 3;
      }
      if (parsed.json === '-') io.stdout(JSON.stringify(results) + '\n');
      else if (parsed.json) writeFileAtomic(parsed.json, JSON.stringify(results) + '\n');
      if (parsed.csv) {
        writeFileAtomic(join(parsed.csv, 'spikes.csv'), spikesCsv(results));
        writeFileAtomic(join(parsed.csv, 'traces.csv'), tracesCsv(results));
      }
      if (parsed.html) writeFileAtomic(parsed.html, renderReportHtml(results, readReportBundle(webview!)));
      const report = summary(results, wallMs);
      if (parsed.json === '-') io.stderr(report);
      else io.stdout(report);
      if (status.state === 'failed') {
        io.stderr(`bss2 run: the emulation stopped: ${status.error?.message ?? 'unknown error'}\n`);
        return 3;
      }
      return 0;
    } catch (error) {
      progress.done();
      const detail = died && emulator.stderr ? `\n${emulator.stderr.trim()}` : '';
      io.stderr(`bss2 run: the emulation failed: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
      return 3;
    } finally {
      await emulator.dispose();
    }
  },
};
