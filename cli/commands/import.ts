/**
 * `bss2 import RESULTS [--compare OTHER] [--json]`: reads results recorded elsewhere (an exported PyNN
 * script's results file, NEO-style spike trains as JSON, spikes as CSV; common/importResults.ts) and prints a
 * summary; with --compare, the per-population differences RESULTS - OTHER (spike counts, first spike times).
 * Exit status: 0 read, 1 an input is unreadable or malformed (the message names the file and the field or
 * line), 2 bad usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compareResults, importResults, type ResultsComparison } from '../../common/importResults';
import type { RunResults } from '../../common/results';
import { overlayResults } from '../../webview/lib/overlay';
import { readReportBundle, renderReportHtml } from '../../webview/report';
import { writeFileAtomic } from '../atomicWrite';
import type { CliIO, Command } from '../io';
import { readSource } from './check';

const USAGE = `Usage: bss2 import RESULTS [--compare OTHER] [--json] [--html OUT]

Reads results recorded elsewhere into the results model and summarises them: a results file (what
'bss2 run --json' and exported PyNN scripts write), NEO-style spike trains as JSON, or spikes as CSV
(population,neuron,time_ms). See docs/pynn.md for the formats.

Options:
  --compare OTHER  also read OTHER (e.g. the emulator's 'bss2 run --json' results) and show, per population,
                   the spike counts of both, their difference and the first-spike-time difference
                   (differences are RESULTS - OTHER)
  --json           print the summary (and comparison) as JSON on standard output
  --html OUT       write a self-contained report of RESULTS; with --compare, both runs overlaid (each
                   population of RESULTS drawn below the same population of OTHER, traces on one axis)

Exit status: 0 read, 1 an input is unreadable or malformed, 2 bad usage.
`;

interface ImportArgs {
  file: string;
  compare?: string;
  json: boolean;
  html?: string;
}

function parseArgs(args: string[]): ImportArgs | string {
  const files: string[] = [];
  let compare: string | undefined;
  let json = false;
  let html: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--compare') {
      compare = args[++i];
      if (compare === undefined) return '--compare needs a results file';
    } else if (arg === '--json') json = true;
    else if (arg === '--html') {
      html = args[++i];
      if (html === undefined) return '--html needs a file name';
    }
    else if (arg.startsWith('-') && arg !== '-') return `unknown option '${arg}'`;
    else files.push(arg);
  }
  if (files.length !== 1) return files.length === 0 ? 'no results file given' : 'import takes one results file (and --compare OTHER)';
  return { file: files[0], compare, json, html };
}

function read(path: string): { results: RunResults; warnings: string[] } | { error: string } {
  const source = path === '-' ? { text: readFileSync(0, 'utf8') } : readSource(path);
  if ('problem' in source) return { error: source.problem };
  const outcome = importResults(source.text, path);
  return outcome.ok ? { results: outcome.results, warnings: outcome.warnings } : { error: outcome.error };
}

function firstSpike(times: number[]): number | null {
  let m = Infinity;
  for (const t of times) if (t < m) m = t;
  return m === Infinity ? null : m;
}

export function summariseResults(results: RunResults) {
  return Object.fromEntries(
    Object.entries(results.populations).map(([name, p]) => {
      const count = p.spikes.time_ms.length;
      const rate = results.duration_ms > 0 ? count / p.size / (results.duration_ms / 1000) : 0;
      return [name, { size: p.size, spikes: count, mean_rate_hz: rate, first_spike_ms: firstSpike(p.spikes.time_ms) }];
    }),
  );
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

const ms = (x: number | null, digits = 2) => (x === null ? '-' : x.toFixed(digits));
const signed = (x: number | null, digits = 2) => (x === null ? '-' : `${x > 0 ? '+' : ''}${x.toFixed(digits)}`);

function summaryText(name: string, results: RunResults, warnings: string[]): string {
  const summary = summariseResults(results);
  const rows = Object.entries(summary).map(([p, s]) => [p, String(s.size), String(s.spikes), s.mean_rate_hz.toFixed(2), ms(s.first_spike_ms)]);
  return [
    `${name}: experiment ${results.experiment}, ${results.duration_ms} ms, ${Object.keys(results.populations).length} populations, ${results.traces.length} traces`,
    ...table(['population', 'size', 'spikes', 'mean rate (Hz)', 'first spike (ms)'], rows),
    ...[...results.warnings, ...warnings.filter((w) => !results.warnings.includes(w))].map((w) => `note: ${w}`),
    '',
  ].join('\n');
}

function comparisonText(comparison: ResultsComparison, names: { a: string; b: string }): string {
  const rows = comparison.populations.map((p) => [
    p.population,
    String(p.spikes_b),
    String(p.spikes_a),
    signed(p.spike_difference, 0),
    p.relative_difference === null ? '-' : `${signed(p.relative_difference * 100, 1)} %`,
    signed(p.first_spike_difference_ms),
    p.neurons_compared > 0 ? `${ms(p.mean_abs_first_spike_difference_ms)} (${p.neurons_compared})` : '-',
  ]);
  const lines = [
    `differences ${names.b} - ${names.a}:`,
    ...table(['population', `spikes ${names.b}`, `spikes ${names.a}`, 'difference', 'relative', 'first spike (ms)', 'mean |Δ first| per neuron (ms)'], rows),
  ];
  if (comparison.only_in_a.length > 0) lines.push(`only in ${names.a}: ${comparison.only_in_a.join(', ')}`);
  if (comparison.only_in_b.length > 0) lines.push(`only in ${names.b}: ${comparison.only_in_b.join(', ')}`);
  if (comparison.a.duration_ms !== comparison.b.duration_ms) {
    lines.push(`note: the runs last ${comparison.b.duration_ms} ms (${names.b}) and ${comparison.a.duration_ms} ms (${names.a}); counts are not comparable one to one`);
  }
  return lines.join('\n') + '\n';
}

export const importCommand: Command = {
  name: 'import',
  summary: 'read results recorded elsewhere (PyNN, NEO, CSV) and compare them with another run',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr(`bss2 import: ${parsed}\n${USAGE}`);
      return 2;
    }
    const main = read(parsed.file);
    if ('error' in main) {
      io.stderr(`bss2 import: ${main.error}\n`);
      return 1;
    }
    let other: { results: RunResults; warnings: string[] } | undefined;
    if (parsed.compare !== undefined) {
      const read2 = read(parsed.compare);
      if ('error' in read2) {
        io.stderr(`bss2 import: ${read2.error}\n`);
        return 1;
      }
      other = read2;
    }
    // Differences are RESULTS - OTHER: OTHER (typically the emulator's run) is the reference `a`.
    const comparison = other ? compareResults(other.results, main.results) : undefined;
    if (parsed.html) {
      const webview = [join(__dirname, 'webview'), resolve(__dirname, '..', '..', 'dist', 'webview')].find((d) => existsSync(join(d, 'report.js')));
      if (!webview) {
        io.stderr('bss2 import: the report bundle (dist/webview) was not found next to the command line; run `npm run build` first\n');
        return 2;
      }
      const shown = other ? overlayResults(other.results, main.results, basename(parsed.file)) : main.results;
      writeFileAtomic(parsed.html, renderReportHtml(shown, readReportBundle(webview)));
    }
    if (parsed.json) {
      io.stdout(
        JSON.stringify({
          file: parsed.file,
          experiment: main.results.experiment,
          duration_ms: main.results.duration_ms,
          populations: summariseResults(main.results),
          warnings: [...main.results.warnings, ...main.warnings.filter((w) => !main.results.warnings.includes(w))],
          ...(comparison ? { compare: parsed.compare, comparison } : {}),
        }) + '\n',
      );
      return 0;
    }
    io.stdout(summaryText(parsed.file, main.results, main.warnings));
    if (other && comparison) {
      io.stdout(summaryText(parsed.compare!, other.results, other.warnings));
      const names = { a: basename(parsed.compare!), b: basename(parsed.file) };
      if (names.a === names.b) (names.a = parsed.compare!), (names.b = parsed.file);
      io.stdout(comparisonText(comparison, names));
    }
    return 0;
  },
};
