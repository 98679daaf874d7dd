/**
 * The `bss2` debugger inside VS Code: the DebugConfigurationProvider (F5 without a launch.json debugs the
 * experiment in the editor; every launch.json entry is checked with messages that name the field; nothing starts
 * in Restricted Mode), and the adapter's `bss2.results` event, which puts the run up to the current stop into the
 * raster and traces panels.
 */
import * as vscode from 'vscode';
import { completeLaunchConfiguration, DEBUG_TYPE, fillLaunchConfiguration, initialLaunchConfigurations, readResultsEvent, RESULTS_EVENT } from '../debugging/debugLink';
import type { Studio } from '../studio';

/** The `.bss2` file in the active editor, if it is one on disk (what `${file}` and an empty configuration mean). */
function activeBss2File(): string | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'bss2' && document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
}

class Bss2DebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly studio: Studio) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return initialLaunchConfigurations() as vscode.DebugConfiguration[];
  }

  /** Before variables are substituted: trust, and the defaults for F5 without a launch.json. */
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // Workspace Trust: a restricted workspace edits and checks experiments, never runs them.
    if (!this.studio.requireTrust('Debugging experiments')) return undefined;
    const active = activeBss2File();
    const filled = fillLaunchConfiguration(config, active);
    if (filled !== config && !active) {
      void vscode.window.showInformationMessage('BrainScaleS-2: open a .bss2 experiment (saved to a file) to debug it, or add a "bss2" entry to launch.json.');
      return undefined;
    }
    return filled as vscode.DebugConfiguration;
  }

  /** After `${workspaceFolder}`, `${file}`, ... are substituted: every field is checked. */
  resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    const checked = completeLaunchConfiguration(config, activeBss2File());
    if (!checked.ok) {
      void vscode.window.showErrorMessage(`BrainScaleS-2: ${checked.error}`, 'Open launch.json').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.debug.configure');
      });
      return undefined;
    }
    return checked.configuration as vscode.DebugConfiguration;
  }
}

export function registerDebugIntegration(studio: Studio): vscode.Disposable[] {
  /** Sessions whose results have reached the panels (the panels open beside the editor once per session). */
  const shown = new WeakSet<vscode.DebugSession>();
  return [
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new Bss2DebugConfigurationProvider(studio)),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { provideDebugConfigurations: () => initialLaunchConfigurations() as vscode.DebugConfiguration[] }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== RESULTS_EVENT) return;
      const read = readResultsEvent(e.body);
      if (!read.ok) {
        studio.log(`debugger: ignored a malformed event: ${read.error}`);
        return;
      }
      const { program, time_ms, reason, results } = read.event;
      const uri = vscode.Uri.file(program);
      studio.lastDocument = uri;
      studio.panels.post(studio.panels.feed.showResults(results));
      if (reason === 'finished') studio.lastResults.set(uri.toString(), results);
      if (!shown.has(e.session)) {
        shown.add(e.session);
        studio.panels.show('raster');
        studio.panels.show('traces');
      }
      studio.log(`debugger: ${results.experiment} at ${time_ms} ms (${reason}): results shown in the panels`);
    }),
  ];
}
