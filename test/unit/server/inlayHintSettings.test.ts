/**
 * Inlay-hint settings over stdio: the server reads `bss2.inlayHints.hardwareValues` and
 * `bss2.inlayHints.resources` through workspace/configuration, pulls them again on
 * workspace/didChangeConfiguration and asks the client to refresh its hints; resource hints (placement, rows and
 * drivers) appear once the file maps.
 */
import assert from 'node:assert/strict';
import {
  ConfigurationRequest, DidChangeConfigurationNotification, InlayHintRefreshRequest, InlayHintRequest,
} from 'vscode-languageserver-protocol/node';
import { exampleText, serverForSuite, type LspClient } from './lspClient';

const settings = { hardwareValues: true, resources: true };

describe('language server: inlay-hint settings', function () {
  this.timeout(20000);
  let refreshes = 0;
  const asked: string[] = [];
  const client = serverForSuite([], { workspace: { configuration: true, inlayHint: { refreshSupport: true } } }, (c: LspClient) => {
    c.connection.onRequest(ConfigurationRequest.type, (p) => {
      asked.push(...p.items.map((i) => i.section ?? ''));
      return p.items.map((i) => (i.section === 'bss2.inlayHints' ? { ...settings } : null));
    });
    c.connection.onRequest(InlayHintRefreshRequest.method, () => {
      refreshes++;
      return null;
    });
  });

  const uri = 'file:///work/adaptation.bss2';
  const text = exampleText('adaptation.bss2');

  async function labels(): Promise<string[]> {
    const hints = (await client().connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
    }))!;
    return hints.map((h) => h.label as string);
  }

  async function change(next: typeof settings): Promise<void> {
    Object.assign(settings, next);
    const before = refreshes;
    await client().connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const deadline = Date.now() + 5000;
    while (refreshes === before) {
      if (Date.now() > deadline) throw new Error('no workspace/inlayHint/refresh after the change');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('reads the settings section and shows both kinds by default', async () => {
    await client().open(uri, text);
    const all = await labels();
    assert.ok(asked.includes('bss2.inlayHints'), `asked for ${asked.join(', ')}`);
    assert.ok(all.includes('20 us on chip'), all.join(' | '));
    assert.ok(all.some((l) => /^hemisphere \d, columns \d+\.\.\d+ \(1\)$/.test(l)), `placement of cell: ${all.join(' | ')}`);
    assert.ok(all.some((l) => /^\d+ rows?, \d+ drivers?$/.test(l)), `rows and drivers of a projection: ${all.join(' | ')}`);
  });

  it('turns off hardware values, then resources, each followed by a refresh', async () => {
    await change({ hardwareValues: false, resources: true });
    const resourcesOnly = await labels();
    assert.ok(resourcesOnly.length > 0 && resourcesOnly.every((l) => /hemisphere|rows?,/.test(l)), resourcesOnly.join(' | '));
    await change({ hardwareValues: true, resources: false });
    const valuesOnly = await labels();
    assert.ok(valuesOnly.length > 0 && valuesOnly.every((l) => /on chip|^CADC/.test(l)), valuesOnly.join(' | '));
    await change({ hardwareValues: false, resources: false });
    assert.deepEqual(await labels(), []);
    await change({ hardwareValues: true, resources: true });
  });
});
