/**
 * What the commands share inside VS Code: the output channel, the language client, the supervised emulator, the
 * run controller, the panels, and the last results of each document (for hovers). Thin: the logic lives in the
 * vscode-free modules it holds.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ChipConfigurationRequest, type ChipConfigurationParams, type ChipConfigurationResult } from '../common/protocol/languageServer';
import type { RunResults } from '../common/results';
import { isDefaultVoltageMapping, readSettings, type Bss2Settings } from './config';
import { EmulatorSupervisor } from './emulator/supervisor';
import { PanelHost } from './panels/panelHost';
import { RunController } from './run/runController';
import { findPopulationDeclaration } from './sourceText';
import { writeFileAtomic } from '../cli/atomicWrite';

export const OUTPUT_NAME = 'BrainScaleS-2';

export class Studio implements vscode.Disposable {
  readonly supervisor: EmulatorSupervisor;
  readonly runs: RunController;
  readonly panels: PanelHost;
  /** Last results per document URI: the hover's raster. */
  readonly lastResults = new Map<string, RunResults>();
  /** The document of the last run or opened results: where panel clicks reveal populations. */
  lastDocument: vscode.Uri | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
    readonly client: LanguageClient,
  ) {
    this.supervisor = new EmulatorSupervisor({
      script: context.asAbsolutePath('dist/emulator.js'),
      log: (line) => this.log(line),
      onFailure: (_failure, message) => {
        void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
          if (choice) this.output.show(true);
        });
      },
      confirmRestart: async (restarts, windowMs) => {
        const choice = await vscode.window.showWarningMessage(
          `The BrainScaleS-2 emulator failed ${restarts} times in ${Math.round(windowMs / 60000)} minutes. Start it again?`,
          { modal: true, detail: 'The output channel "BrainScaleS-2" shows what it reported.' },
          'Start Again',
        );
        return choice === 'Start Again';
      },
    });
    this.runs = new RunController(this.supervisor, (line) => this.log(line));
    this.panels = new PanelHost(context.extensionUri, output, {
      selectPopulation: (population, neuron) => void this.revealPopulation(population, neuron),
      exportFile: (panel, fileName, data) => void this.saveExport(fileName, data),
    });
    this.panels.feed.setSettings(this.settings().liveUpdateRate);
    this.disposables.push(
      this.panels,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bss2.plots.liveUpdateRate')) this.panels.post(this.panels.feed.setSettings(this.settings().liveUpdateRate));
      }),
    );
  }

  settings(scope?: vscode.Uri): Bss2Settings {
    const configuration = vscode.workspace.getConfiguration(undefined, scope);
    return readSettings((key) => configuration.get(key));
  }

  log(line: string): void {
    // The log channel adds the time stamp.
    this.output.appendLine(line);
  }

  /** Asks the language server for the chip configuration of an open document, with the run settings applied. */
  async chipConfiguration(document: vscode.TextDocument, forRun: boolean): Promise<ChipConfigurationResult> {
    const params: ChipConfigurationParams = { uri: this.client.code2ProtocolConverter.asUri(document.uri) };
    if (forRun) {
      const s = this.settings(document.uri);
      if (s.seed !== undefined) params.seed = s.seed;
      if (!isDefaultVoltageMapping(s.voltageMapping)) params.defaultVoltageMapping = s.voltageMapping;
    }
    return this.client.sendRequest(ChipConfigurationRequest.type, params);
  }

  /** A `.bss2` document from a command argument (URI or its string), else the active editor's. */
  async documentFor(arg: unknown): Promise<vscode.TextDocument | undefined> {
    let uri: vscode.Uri | undefined;
    if (arg instanceof vscode.Uri) uri = arg;
    else if (typeof arg === 'string' && arg) {
      try {
        uri = vscode.Uri.parse(arg, true);
      } catch {
        void vscode.window.showErrorMessage(`BrainScaleS-2: '${arg}' is not a file URI.`);
        return undefined;
      }
    }
    if (uri) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri!.toString());
      try {
        return open ?? (await vscode.workspace.openTextDocument(uri));
      } catch (error) {
        void vscode.window.showErrorMessage(`BrainScaleS-2: cannot open ${uri.fsPath || uri.toString()}: ${(error as Error).message}`);
        return undefined;
      }
    }
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'bss2') return active;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'bss2')?.document;
    if (visible) return visible;
    void vscode.window.showInformationMessage('BrainScaleS-2: open a .bss2 experiment first.');
    return undefined;
  }

  /** Commands that execute something re-check trust: a restricted workspace edits and checks, never runs. */
  requireTrust(what: string): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage(`BrainScaleS-2: ${what} is disabled in Restricted Mode. Trust this workspace to ${what.toLowerCase()}.`, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return false;
  }

  async revealPopulation(population: string, neuron?: number): Promise<void> {
    const uri = this.lastDocument;
    if (!uri) return;
    const document = await vscode.workspace.openTextDocument(uri);
    const span = findPopulationDeclaration(document.getText(), population);
    if (!span) {
      this.log(`panel: population '${population}' is not declared in ${uri.fsPath}`);
      return;
    }
    const range = new vscode.Range(span.line, span.start, span.line, span.end);
    await vscode.window.showTextDocument(document, { selection: range, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    if (neuron !== undefined) vscode.window.setStatusBarMessage(`${population}[${neuron}]`, 4000);
  }

  /** A panel's CSV or PNG: the user picks where; the file is written atomically. */
  async saveExport(fileName: string, data: Uint8Array): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined, saveLabel: 'Export' });
    if (!target) return;
    await this.writeFile(target, data);
    this.log(`exported ${target.fsPath || target.toString()}`);
  }

  async writeFile(target: vscode.Uri, data: Uint8Array | string): Promise<void> {
    try {
      if (target.scheme === 'file') writeFileAtomic(target.fsPath, data);
      else await vscode.workspace.fs.writeFile(target, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    } catch (error) {
      void vscode.window.showErrorMessage(`BrainScaleS-2: could not write ${target.fsPath || target.toString()}: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
