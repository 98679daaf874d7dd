/**
 * The status-bar item for the active `.bss2` file: its chip usage (`BSS-2 412/512 neurons`) from the language
 * server, refreshed when the file changes (debounced) or another editor becomes active. Click: Show Chip.
 */
import * as vscode from 'vscode';
import { chipUsageStatus } from './statusText';
import type { Studio } from './studio';

const REFRESH_DELAY_MS = 400;

export class ChipUsageStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('bss2.chipUsage', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(private readonly studio: Studio) {
    this.item.name = 'BrainScaleS-2 Chip Usage';
    this.item.command = 'bss2.showChip';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule(REFRESH_DELAY_MS);
      }),
    );
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'bss2') {
      this.item.hide();
      return;
    }
    const generation = ++this.generation;
    try {
      const result = await this.studio.chipConfiguration(document, false);
      if (generation !== this.generation) return; // a newer refresh is on its way
      const status = chipUsageStatus(result.resources, result.diagnostics.length);
      this.item.text = status.text;
      this.item.tooltip = status.tooltip;
      this.item.backgroundColor = status.overLimit ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.show();
    } catch (error) {
      // The server may still be starting, or the document not yet open on it: try again shortly.
      this.studio.log(`status bar: ${(error as Error).message}`);
      if (generation === this.generation) this.schedule(2 * REFRESH_DELAY_MS);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
