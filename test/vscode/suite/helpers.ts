/** What the extension-host tests share: the workspace they run in, fresh experiment files, polling with a deadline. */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'bss2-studio.bss2-studio';

/** Command IDs the extension contributes (the shared contract). */
export const COMMANDS = [
  'bss2.runExperiment',
  'bss2.stopExperiment',
  'bss2.showTraces',
  'bss2.showRaster',
  'bss2.showWeights',
  'bss2.showChip',
  'bss2.exportResults',
  'bss2.newExperimentFromExample',
  'bss2.debugExperiment',
  'bss2.exportPyNN',
  'bss2.importResults',
  'bss2.showPlots',
] as const;

/** The folder VS Code was opened on; the runner fills it with the examples. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the extension-host tests need a workspace folder (the runner opens one with the examples)');
  return folder.uri.fsPath;
}

export function exampleText(name: string): string {
  return readFileSync(join(workspaceRoot(), 'examples', `${name}.bss2`), 'utf8');
}

let counter = 0;

/** Writes `text` to a new file under `<workspace>/tmp-tests/` (every test its own file, so no state leaks) and opens it. */
export async function openExperiment(text: string, stem: string): Promise<vscode.TextDocument> {
  const dir = join(workspaceRoot(), 'tmp-tests');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${stem}-${process.pid}-${++counter}.bss2`);
  writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Copies an example into the workspace and opens the copy. */
export async function openExampleCopy(name: string): Promise<vscode.TextDocument> {
  const dir = join(workspaceRoot(), 'tmp-tests');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${process.pid}-${++counter}.bss2`);
  copyFileSync(join(workspaceRoot(), 'examples', `${name}.bss2`), file);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return document;
}

/**
 * Polls `probe` until it returns something other than undefined; fails after `timeoutMs` with `describe()`,
 * which should say what was expected and what was seen last.
 */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function diagnosticCode(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function describeDiagnostics(list: readonly vscode.Diagnostic[]): string {
  if (list.length === 0) return 'no diagnostics';
  return list.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${diagnosticCode(d)} ${d.message}`).join('; ');
}
