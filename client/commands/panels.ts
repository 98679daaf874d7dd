/** Show Traces / Raster / Weights / Chip: open (or reveal) the panel beside the editor. */
import * as vscode from 'vscode';
import type { OpenablePanel } from '../panels/panelHost';
import type { Studio } from '../studio';

const PANEL_COMMANDS: Array<[string, OpenablePanel]> = [
  ['bss2.showTraces', 'traces'],
  ['bss2.showRaster', 'raster'],
  ['bss2.showWeights', 'weights'],
  ['bss2.showChip', 'chip'],
];

export function registerPanelCommands(studio: Studio): vscode.Disposable[] {
  return PANEL_COMMANDS.map(([id, kind]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      if (kind === 'chip') await refreshChip(studio, arg);
      studio.panels.show(kind, false);
    }),
  );
}

/** The chip panel shows the active experiment's configuration, also before any run. */
async function refreshChip(studio: Studio, arg: unknown): Promise<void> {
  const active = vscode.window.activeTextEditor?.document;
  const document = arg !== undefined ? await studio.documentFor(arg) : active?.languageId === 'bss2' ? active : undefined;
  if (!document) return;
  try {
    const result = await studio.chipConfiguration(document, false);
    if (result.configuration) studio.panels.post(studio.panels.feed.setChip(result.configuration));
    else if (!studio.panels.feed.configuration) {
      void vscode.window.showInformationMessage(`BrainScaleS-2: ${vscode.workspace.asRelativePath(document.uri, false)} has errors; the chip shows its last mapping once they are fixed.`);
    }
  } catch (error) {
    studio.log(`chip: ${(error as Error).message}`);
  }
}
