import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, openExampleCopy, waitFor, workspaceRoot } from './helpers';

interface ResultsFile {
  schema: number;
  experiment: string;
  duration_ms: number;
  populations: Record<string, { size: number; spikes: { neuron: number[]; time_ms: number[] } }>;
}

/** JSON files under `dir` (recursively) written at or after `since`. */
function resultsFilesSince(dir: string, since: number): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...resultsFilesSince(path, since));
    else if (entry.name.endsWith('.json') && statSync(path).mtimeMs >= since - 1000) found.push(path);
  }
  return found;
}

function readResults(path: string): ResultsFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as ResultsFile;
    return parsed.schema === 1 && parsed.experiment === 'adaptation' ? parsed : undefined;
  } catch {
    return undefined; // still being written
  }
}

const STATISTICS_TITLE = /^(\d+) spikes · ([\d.]+) Hz mean$/;

async function codeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  // Resolve up to 50 lenses so titles of lazily resolved ones are filled in.
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 50)) ?? [];
}

function lensLine(document: vscode.TextDocument, pattern: RegExp): number {
  const line = document.getText().split('\n').findIndex((l) => pattern.test(l));
  assert.ok(line >= 0, `no line matching ${pattern} in ${document.uri.fsPath}`);
  return line;
}

describe('running an experiment', function () {
  this.timeout(120_000);
  let document: vscode.TextDocument;
  let results: ResultsFile;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    document = await openExampleCopy('adaptation');
  });

  it('offers Run, Debug, Show plots and Export to PyNN above the experiment', async () => {
    const line = lensLine(document, /^experiment\b/);
    const titles = await waitFor(
      async () => {
        const t = (await codeLenses(document)).filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
        return t.length >= 4 ? t : undefined;
      },
      30_000,
      () => `no CodeLens row above line ${line + 1} (experiment)`,
    );
    for (const title of ['Run', 'Debug', 'Show plots', 'Export to PyNN…']) assert.ok(titles.some((t) => t.includes(title)), `lens "${title}" missing; have ${titles.join(' | ')}`);
  });

  it('Run Experiment writes a results file into the results folder', async () => {
    const folder = join(workspaceRoot(), vscode.workspace.getConfiguration('bss2').get<string>('results.folder') ?? 'results');
    const started = Date.now();
    await vscode.commands.executeCommand('bss2.runExperiment', document.uri);
    results = await waitFor(
      () => resultsFilesSince(folder, started).map(readResults).find((r) => r !== undefined),
      90_000,
      () => `no results file for 'adaptation' in ${folder} (files there: ${resultsFilesSince(folder, 0).join(', ') || 'none'})`,
    );
    assert.equal(results.duration_ms, 500);
    assert.ok(results.populations.cell.spikes.time_ms.length > 0, 'the adapting cell did not fire during the current step');
    assert.equal(results.populations.drive.size, 32);
  });

  it('shows spike statistics above each population after the run, matching the results file', async function () {
    if (!results) this.skip();
    const expected: Record<string, number> = {};
    for (const [name, population] of Object.entries(results.populations)) expected[name] = population.spikes.time_ms.length;
    const lines = Object.fromEntries(Object.keys(expected).map((name) => [name, lensLine(document, new RegExp(`^population\\s+${name}\\b`))]));
    const stats = await waitFor(
      async () => {
        const lenses = await codeLenses(document);
        const byPopulation: Record<string, vscode.CodeLens> = {};
        for (const [name, line] of Object.entries(lines)) {
          const lens = lenses.find((l) => l.range.start.line === line && STATISTICS_TITLE.test(l.command?.title ?? ''));
          if (!lens) return undefined;
          byPopulation[name] = lens;
        }
        return byPopulation;
      },
      30_000,
      () => `expected a "N spikes · R Hz mean" lens above each of ${Object.keys(lines).join(', ')}`,
    );
    for (const [name, lens] of Object.entries(stats)) {
      const [, spikes] = STATISTICS_TITLE.exec(lens.command!.title)!;
      assert.equal(Number(spikes), expected[name], `lens above '${name}' says ${lens.command!.title}; the results file has ${expected[name]} spikes`);
      assert.equal(lens.command!.command, 'bss2.showRaster');
    }
  });

  it('keeps the statistics after an edit', async function () {
    if (!results) this.skip();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '# edited after the run\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const line = lensLine(document, /^population\s+cell\b/);
    await waitFor(
      async () => ((await codeLenses(document)).some((l) => l.range.start.line === line && STATISTICS_TITLE.test(l.command?.title ?? '')) ? true : undefined),
      30_000,
      () => `the statistics lens above 'cell' (now line ${line + 1}) went away after an edit`,
    );
  });
});
