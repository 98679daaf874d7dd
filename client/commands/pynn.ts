/**
 * Export to PyNN…: translates the experiment in the editor (unsaved edits included) into a PyNN script for the
 * chosen backend and opens it as an untitled Python document; nothing is written or run until the user saves it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportToPyNN, type BackendName } from '../../server/export/pynn';
import { Severity } from '../../server/language/diagnostic';
import type { Studio } from '../studio';

const BACKENDS: Array<{ label: string; description: string; backend: BackendName }> = [
  { label: 'BrainScaleS-2 (pynn_brainscales)', description: 'the chip itself; only what maps onto it', backend: 'brainscales2' },
  { label: 'NEST (pyNN.nest)', description: 'software simulation', backend: 'nest' },
  { label: 'NEURON (pyNN.neuron)', description: 'software simulation', backend: 'neuron' },
  { label: 'Brian 2 (pyNN.brian2)', description: 'software simulation', backend: 'brian2' },
];

export function registerPyNNCommands(studio: Studio): vscode.Disposable[] {
  return [vscode.commands.registerCommand('bss2.exportPyNN', (arg?: unknown) => exportPyNN(studio, arg))];
}

async function exportPyNN(studio: Studio, arg: unknown): Promise<void> {
  const document = await studio.documentFor(arg);
  if (!document) return;
  const picked = await vscode.window.showQuickPick(BACKENDS, { title: 'Export to PyNN: backend' });
  if (!picked) return;
  const fileName = path.basename(document.uri.path) || 'experiment.bss2';
  let result;
  try {
    result = exportToPyNN(document.getText(), { backend: picked.backend, fileName });
  } catch (error) {
    void vscode.window.showErrorMessage(`BrainScaleS-2: the PyNN export failed: ${(error as Error).message}`);
    return;
  }
  for (const d of result.diagnostics) {
    studio.log(`pynn export: ${fileName}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
  }
  if (result.script === null) {
    const first = result.diagnostics.find((d) => d.severity === Severity.Error) ?? result.diagnostics[0];
    const where = first ? `${fileName}:${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.message}` : 'see the output channel';
    const choice = await vscode.window.showErrorMessage(`BrainScaleS-2: no ${picked.label} script: ${where}`, 'Show Output');
    if (choice) studio.output.show(true);
    return;
  }
  const script = await vscode.workspace.openTextDocument({ language: 'python', content: result.script });
  await vscode.window.showTextDocument(script, { viewColumn: vscode.ViewColumn.Beside });
  const warnings = result.diagnostics.filter((d) => d.severity === Severity.Warning).length;
  if (warnings > 0) {
    void vscode.window.showWarningMessage(`BrainScaleS-2: the ${picked.label} script approximates ${warnings} thing${warnings === 1 ? '' : 's'}; details in the output channel and at the top of the script.`);
  }
}
