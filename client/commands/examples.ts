/**
 * New Experiment from Example: pick one of the bundled examples, then open it as an untitled document or save
 * a copy into the workspace. An existing file is never replaced without the user confirming it.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { exampleSummary, freeFileName } from '../sourceText';
import type { Studio } from '../studio';

export function registerExampleCommands(studio: Studio): vscode.Disposable[] {
  return [vscode.commands.registerCommand('bss2.newExperimentFromExample', (name?: unknown) => newFromExample(studio, name))];
}

async function newFromExample(studio: Studio, preset: unknown): Promise<void> {
  const folder = vscode.Uri.joinPath(studio.context.extensionUri, 'examples');
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    void vscode.window.showErrorMessage('BrainScaleS-2: the bundled examples are missing from this installation.');
    return;
  }
  const examples = await Promise.all(
    entries
      .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.bss2'))
      .map(async ([name]) => {
        const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name))).toString('utf8');
        return { label: name.replace(/\.bss2$/, ''), detail: exampleSummary(text), name, text };
      }),
  );
  examples.sort((a, b) => a.label.localeCompare(b.label));
  const example =
    typeof preset === 'string' ? examples.find((e) => e.label === preset || e.name === preset) : await vscode.window.showQuickPick(examples, { title: 'New Experiment from Example', matchOnDetail: true });
  if (!example) return;

  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  const where = workspace
    ? await vscode.window.showQuickPick(
        [
          { label: 'Open as Untitled', description: 'save it where you like later', save: false },
          { label: 'Save into the Workspace…', description: workspace.fsPath, save: true },
        ],
        { title: `New experiment from ${example.label}` },
      )
    : { save: false };
  if (!where) return;
  if (!where.save || !workspace) {
    const document = await vscode.workspace.openTextDocument({ language: 'bss2', content: example.text });
    await vscode.window.showTextDocument(document);
    return;
  }
  const suggested = workspace.scheme === 'file' ? freeFileName(example.name, (n) => existsSync(vscode.Uri.joinPath(workspace, n).fsPath)) : example.name;
  const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(workspace, suggested), filters: { 'BrainScaleS-2 experiment': ['bss2'] }, saveLabel: 'Create' });
  if (!target) return;
  if (await exists(target)) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
    if (open?.isDirty) {
      void vscode.window.showWarningMessage(`BrainScaleS-2: ${vscode.workspace.asRelativePath(target, false)} is open with unsaved changes; choose another name.`);
      return;
    }
    const replace = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target, false)} already exists. Replace it with the ${example.label} example?`, { modal: true }, 'Replace');
    if (replace !== 'Replace') return;
  }
  await studio.writeFile(target, example.text);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
