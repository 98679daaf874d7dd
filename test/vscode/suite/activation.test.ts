import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID, openExampleCopy, waitFor } from './helpers';

describe('activation', () => {
  it('is installed under its published id', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded; loaded: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ') || 'none but built-ins'}`);
  });

  it('activates when a .bss2 file opens, which gets the bss2 language', async () => {
    const document = await openExampleCopy('adaptation');
    assert.equal(document.languageId, 'bss2');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor(() => (extension.isActive ? true : undefined), 60_000, () => `${EXTENSION_ID} still inactive after opening ${document.uri.fsPath}`);
  });

  it('registers every BrainScaleS-2 command', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !registered.has(c));
    assert.ok(missing.length === 0, `commands not registered: ${missing.join(', ')}`);
  });

  it('contributes every command in package.json under the BrainScaleS-2 category', () => {
    const json = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes?: { commands?: Array<{ command: string; category?: string }> } };
    const contributed = new Map((json.contributes?.commands ?? []).map((c) => [c.command, c.category]));
    const missing = COMMANDS.filter((c) => !contributed.has(c));
    assert.ok(missing.length === 0, `package.json contributes.commands lacks: ${missing.join(', ')}`);
    const wrong = COMMANDS.filter((c) => contributed.get(c) !== 'BrainScaleS-2');
    assert.ok(wrong.length === 0, `commands without category "BrainScaleS-2": ${wrong.join(', ')}`);
  });
});
