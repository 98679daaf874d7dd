/**
 * Run Experiment, Stop, Show Plots and Debug Experiment. A run uses the text in the editor as it is (unsaved
 * edits included; the document is never saved or changed), streams results into the raster and traces panels
 * beside the editor, shows progress with a Cancel button, and afterwards keeps the results file, sends the
 * statistics to the language server (CodeLens) and updates the hover data.
 */
import * as vscode from 'vscode';
import { RunStatisticsNotification } from '../../common/protocol/languageServer';
import type { RunResults } from '../../common/results';
import { resolveResultsFolder, saveResults } from '../run/resultsStore';
import { RunInProgressError } from '../run/runController';
import { runStatistics } from '../run/statistics';
import type { Studio } from '../studio';

const RUNNING_CONTEXT = 'bss2.running';

export function registerRunCommands(studio: Studio): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('bss2.runExperiment', (arg?: unknown) => runExperiment(studio, arg)),
    vscode.commands.registerCommand('bss2.stopExperiment', () => stopExperiment(studio)),
    vscode.commands.registerCommand('bss2.showPlots', async (arg?: unknown) => {
      if (arg !== undefined) {
        const document = await studio.documentFor(arg);
        if (document) {
          const results = studio.lastResults.get(document.uri.toString());
          if (results && studio.panels.feed.lastResults !== results) {
            studio.lastDocument = document.uri;
            studio.panels.post(studio.panels.feed.showResults(results));
          }
        }
      }
      studio.panels.show('raster');
      studio.panels.show('traces');
    }),
    vscode.commands.registerCommand('bss2.debugExperiment', (arg?: unknown) => debugExperiment(studio, arg)),
  ];
}

async function stopExperiment(studio: Studio): Promise<void> {
  if (!studio.runs.running) {
    vscode.window.setStatusBarMessage('BrainScaleS-2: no experiment is running', 3000);
    return;
  }
  await studio.runs.cancel();
}

export async function runExperiment(studio: Studio, arg?: unknown): Promise<void> {
  if (!studio.requireTrust('Running experiments')) return;
  const document = await studio.documentFor(arg);
  if (!document) return;
  if (studio.runs.running) {
    const choice = await vscode.window.showWarningMessage('BrainScaleS-2: an experiment is already running.', 'Stop It');
    if (choice) await studio.runs.cancel();
    return;
  }
  const name = vscode.workspace.asRelativePath(document.uri, false);
  const settings = studio.settings(document.uri);
  let result;
  try {
    result = await studio.chipConfiguration(document, true);
  } catch (error) {
    void vscode.window.showErrorMessage(`BrainScaleS-2: ${name} could not be mapped: ${(error as Error).message}`);
    return;
  }
  if (!result.configuration) {
    const first = result.diagnostics[0];
    const where = first ? ` First: ${name}:${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.message}` : '';
    const n = result.diagnostics.length;
    const choice = await vscode.window.showErrorMessage(`BrainScaleS-2: ${name} has ${n} error${n === 1 ? '' : 's'}; nothing was run.${where}`, 'Show Problems');
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  const configuration = result.configuration;
  studio.lastDocument = document.uri;
  studio.panels.post(studio.panels.feed.setChip(configuration));
  studio.panels.show('raster');
  studio.panels.show('traces');
  await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
  const startedAt = new Date();
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Running ${configuration.experiment}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => void studio.runs.cancel());
        let reported = 0;
        return studio.runs.run({
          configuration,
          liveUpdateRate: settings.liveUpdateRate,
          fixedPatternNoise: settings.fixedPatternNoise,
          sink: {
            started: (message) => studio.panels.post(studio.panels.feed.runStarted(message)),
            chunk: (chunk) => studio.panels.post(studio.panels.feed.chunk(chunk)),
            progress: (timeMs, durationMs) => {
              const percent = durationMs > 0 ? Math.min(100, (100 * timeMs) / durationMs) : 0;
              progress.report({ increment: percent - reported, message: `${Math.round(timeMs)} of ${Math.round(durationMs)} ms` });
              reported = percent;
            },
          },
        });
      },
    );
    studio.panels.post(studio.panels.feed.runFinished({ type: 'runFinished', state: outcome.state, ...(outcome.error ? { error: outcome.error.slice(0, 10_000) } : {}) }));
    const seconds = (outcome.wallMs / 1000).toFixed(2);
    studio.log(`run: ${configuration.experiment}: ${outcome.state} after ${seconds} s${outcome.error ? `: ${outcome.error}` : ''}`);
    if (outcome.results) {
      const results = outcome.results;
      studio.lastResults.set(document.uri.toString(), results);
      if (outcome.state === 'finished') studio.panels.post(studio.panels.feed.showResults(results));
      void studio.client.sendNotification(RunStatisticsNotification.type, runStatistics(studio.client.code2ProtocolConverter.asUri(document.uri), results));
      keepResults(studio, document, results, startedAt, outcome.state);
    }
    if (outcome.state === 'failed') {
      const choice = await vscode.window.showErrorMessage(`BrainScaleS-2: ${configuration.experiment} failed: ${outcome.error ?? 'unknown error'}`, 'Show Output');
      if (choice) studio.output.show(true);
    } else if (outcome.state === 'finished') {
      vscode.window.setStatusBarMessage(`$(check) ${configuration.experiment}: ${outcome.results?.duration_ms ?? 0} ms emulated in ${seconds} s`, 8000);
    } else {
      vscode.window.setStatusBarMessage(`BrainScaleS-2: ${configuration.experiment} cancelled`, 5000);
    }
  } catch (error) {
    if (error instanceof RunInProgressError) void vscode.window.showWarningMessage(`BrainScaleS-2: ${error.message}`);
    else void vscode.window.showErrorMessage(`BrainScaleS-2: the run failed: ${(error as Error).message}`);
  } finally {
    await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
  }
}

/** One JSON file per run under the results folder (atomic); skipped with a log line where there is no folder. */
function keepResults(studio: Studio, document: vscode.TextDocument, results: RunResults, date: Date, state: 'finished' | 'cancelled' | 'failed'): void {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = workspaceFolder?.scheme === 'file' ? workspaceFolder.fsPath : undefined;
  const folder = resolveResultsFolder(base, studio.settings(document.uri).resultsFolder);
  if (!folder) {
    studio.log('results: not kept (no workspace folder on disk; set bss2.results.folder to an absolute path to keep them)');
    return;
  }
  try {
    const path = saveResults(folder, results, date, state);
    studio.log(`results: ${path}`);
  } catch (error) {
    void vscode.window.showWarningMessage(`BrainScaleS-2: the results could not be written to ${folder}: ${(error as Error).message}`);
  }
}

async function debugExperiment(studio: Studio, arg?: unknown): Promise<void> {
  if (!studio.requireTrust('Debugging experiments')) return;
  const document = await studio.documentFor(arg);
  if (!document) return;
  if (document.isUntitled || document.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('BrainScaleS-2: save the experiment to a file before debugging it.');
    return;
  }
  if (document.isDirty) {
    // The debugger reads the file from disk; saving is the user's choice, never done behind their back.
    const choice = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(document.uri, false)} has unsaved changes; the debugger runs the saved file.`,
      'Save and Debug',
      'Debug Saved Version',
    );
    if (!choice) return;
    if (choice === 'Save and Debug' && !(await document.save())) return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const started = await vscode.debug.startDebugging(folder, {
    type: 'bss2',
    request: 'launch',
    name: `Debug ${vscode.workspace.asRelativePath(document.uri, false)}`,
    program: document.uri.fsPath,
  });
  if (!started) void vscode.window.showErrorMessage('BrainScaleS-2: the debug session did not start; see the Debug Console.');
}
