/**
 * The plot panels inside VS Code: one WebviewPanel per kind, reused, opened beside the editor. Each loads its
 * bundle from dist/webview (the only local resource root) under the CSP of webview/html.ts; command links are off.
 * Every message from a panel passes `validateFromPanel` before anything acts on it; a malformed one is logged and
 * dropped.
 */
import * as vscode from 'vscode';
import type { PanelKind, ToPanelMessage, FromPanelMessage } from '../../common/protocol/webview';
import { validateFromPanel } from '../../common/protocol/webview';
import { buildPanelHtml, createNonce } from '../../webview/html';
import { PanelFeed } from './panelFeed';

export type OpenablePanel = Exclude<PanelKind, 'report'>;

const TITLES: Record<OpenablePanel, string> = {
  traces: 'BSS-2 Traces',
  raster: 'BSS-2 Raster',
  weights: 'BSS-2 Weights',
  chip: 'BSS-2 Chip',
};

export interface PanelRequests {
  selectPopulation(population: string, neuron: number | undefined): void;
  exportFile(panel: PanelKind, fileName: string, data: Uint8Array): void;
}

export class PanelHost implements vscode.Disposable {
  readonly feed = new PanelFeed();
  private readonly panels = new Map<OpenablePanel, { panel: vscode.WebviewPanel; ready: boolean }>();
  private readonly root: vscode.Uri;

  constructor(
    extensionUri: vscode.Uri,
    private readonly output: vscode.OutputChannel,
    private readonly requests: PanelRequests,
  ) {
    this.root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  }

  /** Opens (or reveals) a panel beside the active editor. */
  show(kind: OpenablePanel, preserveFocus = true): void {
    const existing = this.panels.get(kind);
    if (existing) {
      existing.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      `bss2.${kind}`,
      TITLES[kind],
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      {
        enableScripts: true,
        enableCommandUris: false,
        enableForms: false,
        localResourceRoots: [this.root],
        retainContextWhenHidden: true,
      },
    );
    const entry = { panel, ready: false };
    this.panels.set(kind, entry);
    const webview = panel.webview;
    webview.html = buildPanelHtml({
      panel: kind,
      title: TITLES[kind],
      nonce: createNonce(),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.root, `${kind}.js`)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.root, `${kind}.css`)).toString(),
    });
    webview.onDidReceiveMessage((raw: unknown) => this.receive(kind, entry, raw));
    panel.onDidDispose(() => {
      if (this.panels.get(kind) === entry) this.panels.delete(kind);
    });
  }

  isOpen(kind: OpenablePanel): boolean {
    return this.panels.has(kind);
  }

  /** Sends to every open panel that shows this kind of message and has said it is ready. */
  post(messages: ToPanelMessage | ToPanelMessage[]): void {
    const list = Array.isArray(messages) ? messages : [messages];
    for (const [kind, entry] of this.panels) {
      if (!entry.ready) continue; // it gets everything from the feed when it is ready
      for (const message of list) {
        if (kind === 'chip' ? message.type === 'chip' || message.type === 'settings' : message.type !== 'chip') {
          void entry.panel.webview.postMessage(message);
        }
      }
    }
  }

  private receive(kind: OpenablePanel, entry: { panel: vscode.WebviewPanel; ready: boolean }, raw: unknown): void {
    const checked = validateFromPanel(raw);
    if (!checked.ok) {
      this.output.appendLine(`panel ${kind}: ignored a malformed message: ${checked.problems.slice(0, 3).join('; ')}`);
      return;
    }
    const message: FromPanelMessage = checked.message;
    switch (message.type) {
      case 'ready':
        entry.ready = true;
        for (const m of this.feed.replay(kind)) void entry.panel.webview.postMessage(m);
        return;
      case 'selectPopulation':
        this.requests.selectPopulation(message.population, message.neuron);
        return;
      case 'exportCsv':
        this.requests.exportFile(message.panel, message.fileName, Buffer.from(message.csv, 'utf8'));
        return;
      case 'exportPng':
        this.requests.exportFile(message.panel, message.fileName, Buffer.from(message.dataUrl.slice(message.dataUrl.indexOf(',') + 1), 'base64'));
        return;
      case 'log':
        this.output.appendLine(`panel ${kind}: ${message.level}: ${message.message}`);
        return;
    }
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}
