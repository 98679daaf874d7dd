import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openExampleCopy, waitFor } from './helpers';

describe('debugging an experiment', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(async () => {
    await vscode.debug.stopDebugging();
  });

  it('starts a bss2 session without a launch.json for the file in the editor, and sends its results at the first stop', async () => {
    const document = await openExampleCopy('adaptation');
    const events: vscode.DebugSessionCustomEvent[] = [];
    const listener = vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => events.push(e));
    try {
      // A configuration without a program: the provider fills in the active .bss2 file and checks every field.
      const started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(document.uri), { type: 'bss2', request: 'launch', name: 'F5' });
      assert.equal(started, true);
      const session = await waitFor(() => vscode.debug.activeDebugSession, 30_000, () => 'no active debug session');
      assert.equal(session.type, 'bss2');
      assert.equal(session.configuration.program, document.uri.fsPath);
      assert.equal(session.configuration.stopOnEntry, true);
      const results = await waitFor(() => events.find((e) => e.event === 'bss2.results'), 60_000, () => `custom events: ${events.map((e) => e.event).join(', ') || 'none'}`);
      const body = results.body as { program: string; time_ms: number; reason: string };
      assert.equal(body.program, document.uri.fsPath);
      assert.equal(body.time_ms, 0);
      assert.equal(body.reason, 'entry');
    } finally {
      listener.dispose();
    }
  });

  it('refuses a launch configuration with a broken field, starting nothing', async () => {
    await openExampleCopy('adaptation');
    const started = await vscode.debug.startDebugging(undefined, { type: 'bss2', request: 'launch', name: 'broken', program: '/tmp/x.bss2', seed: -1 });
    assert.equal(started, false);
    assert.equal(vscode.debug.activeDebugSession, undefined);
  });
});
