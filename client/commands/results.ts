/**
 * Export Results (the results on screen as JSON, CSV or a self-contained HTML report) and Import Results (open
 * a results file, e.g. an earlier run from the results folder, in the panels; with results already on screen the
 * raster and traces panels overlay the two runs, and a Markdown table of the differences is offered).
 */
import * as vscode from 'vscode';
import { compareResults, importResults as readImported, type ResultsComparison } from '../../common/importResults';
import type { RunResults } from '../../common/results';
import { spikesCsv, tracesCsv } from '../../cli/resultsCsv';
import { readReportBundle, renderReportHtml } from '../../webview/report';
import { listResults, resolveResultsFolder, safeFileStem } from '../run/resultsStore';
import type { Studio } from '../studio';

export function registerResultsCommands(studio: Studio): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('bss2.exportResults', () => exportResults(studio)),
    vscode.commands.registerCommand('bss2.importResults', (arg?: unknown) => importResults(studio, arg)),
  ];
}

interface Format extends vscode.QuickPickItem {
  extension: string;
  render(results: RunResults): string;
}

async function exportResults(studio: Studio): Promise<void> {
  const results = studio.panels.feed.lastResults;
  if (!results) {
    void vscode.window.showInformationMessage('BrainScaleS-2: no results yet. Run an experiment or import a results file first.');
    return;
  }
  const formats: Format[] = [
    { label: 'JSON', description: 'all results (docs/results.md schema)', extension: 'json', render: (r) => JSON.stringify(r, null, 1) + '\n' },
    { label: 'Spikes CSV', description: 'population, neuron, time_ms', extension: 'spikes.csv', render: spikesCsv },
    { label: 'Traces CSV', description: 'recorded membrane traces', extension: 'traces.csv', render: tracesCsv },
    {
      label: 'HTML report',
      description: 'traces, raster and weights in one file that opens offline in any browser',
      extension: 'html',
      render: (r) => renderReportHtml(r, readReportBundle(studio.context.asAbsolutePath('dist/webview'))),
    },
  ];
  const format = await vscode.window.showQuickPick(formats, { title: `Export results of ${results.experiment}` });
  if (!format) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${safeFileStem(results.experiment)}.${format.extension}`;
  const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined, saveLabel: 'Export' });
  if (!target) return;
  let text: string;
  try {
    text = format.render(results);
  } catch (error) {
    void vscode.window.showErrorMessage(`BrainScaleS-2: the export failed: ${(error as Error).message}`);
    return;
  }
  await studio.writeFile(target, text);
  studio.log(`exported ${format.label} to ${target.fsPath || target.toString()}`);
}

async function importResults(studio: Studio, arg: unknown): Promise<void> {
  let uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' && arg ? vscode.Uri.parse(arg) : undefined;
  if (!uri) uri = await pickResultsFile(studio);
  if (!uri) return;
  let text: string;
  try {
    text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch (error) {
    void vscode.window.showErrorMessage(`BrainScaleS-2: cannot read ${uri.fsPath || uri.toString()}: ${(error as Error).message}`);
    return;
  }
  const name = vscode.workspace.asRelativePath(uri, false);
  // Results files, NEO-style spike trains (JSON) and spike CSV: common/importResults.ts.
  const imported = readImported(text, name);
  if (!imported.ok) {
    void vscode.window.showErrorMessage(`BrainScaleS-2: ${imported.error}`);
    return;
  }
  for (const w of imported.warnings) studio.log(`import ${name}: ${w}`);
  const previous = studio.panels.feed.lastResults;
  if (previous) {
    // The imported run over the one on screen: rasters side by side, traces on one axis, a differences table.
    const label = uri.path.slice(uri.path.lastIndexOf('/') + 1) || name;
    studio.panels.post(studio.panels.feed.showComparison(previous, 'emulator', { label, results: imported.results }));
  } else {
    studio.panels.post(studio.panels.feed.showResults(imported.results));
    if (imported.results.weights.length > 0) studio.panels.show('weights');
  }
  studio.panels.show('raster');
  studio.panels.show('traces');
  studio.log(`opened results ${uri.fsPath || uri.toString()}`);
  if (previous) {
    const compare = `Compare with ${previous.experiment}`;
    const choice = await vscode.window.showInformationMessage(`BrainScaleS-2: opened ${name}${imported.warnings.length ? ` (${imported.warnings.length} warnings in the output channel)` : ''}.`, compare);
    if (choice === compare) {
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: comparisonMarkdown(compareResults(previous, imported.results)) });
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  }
}

function cell(x: number | null, digits = 1): string {
  return x === null ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

/** The comparison as a Markdown table: spike counts, rates and first-spike times per population. */
export function comparisonMarkdown(c: ResultsComparison): string {
  const rows = c.populations.map(
    (p) =>
      `| ${p.population} | ${p.spikes_a} | ${p.spikes_b} | ${p.spike_difference >= 0 ? '+' : ''}${p.spike_difference} | ${cell(p.mean_rate_a_hz, 2)} | ${cell(p.mean_rate_b_hz, 2)} | ${cell(p.first_spike_difference_ms, 2)} | ${cell(p.mean_abs_first_spike_difference_ms, 2)} |`,
  );
  return [
    `# ${c.a.experiment} (A) vs ${c.b.experiment} (B)`,
    '',
    `A: ${c.a.duration_ms} ms; B: ${c.b.duration_ms} ms.`,
    '',
    '| population | spikes A | spikes B | B - A | rate A (Hz) | rate B (Hz) | first spike B - A (ms) | mean abs first-spike difference (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...(c.only_in_a.length ? [`Only in A: ${c.only_in_a.join(', ')}`] : []),
    ...(c.only_in_b.length ? [`Only in B: ${c.only_in_b.join(', ')}`] : []),
    '',
  ].join('\n');
}

/** A quick pick of the kept runs (newest first), with "Browse…" for any other file. */
async function pickResultsFile(studio: Studio): Promise<vscode.Uri | undefined> {
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = workspaceFolder?.scheme === 'file' ? workspaceFolder.fsPath : undefined;
  const folder = resolveResultsFolder(base, studio.settings().resultsFolder);
  const runs = folder ? listResults(folder) : [];
  const browse = { label: '$(folder-opened) Browse…', uri: undefined as vscode.Uri | undefined };
  const items = [
    ...runs.map((r) => ({ label: r.fileName, description: `${(r.bytes / 1024).toFixed(0)} KiB`, detail: new Date(r.modified).toLocaleString(), uri: vscode.Uri.file(r.path) })),
    browse,
  ];
  const picked = runs.length > 0 ? await vscode.window.showQuickPick(items, { title: 'Import results', placeHolder: 'A kept run, or browse for a results file (JSON, NEO spike trains, spike CSV)' }) : browse;
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Results (JSON, CSV)': ['json', 'csv'] }, defaultUri: folder ? vscode.Uri.file(folder) : workspaceFolder });
  return chosen?.[0];
}
