/**
 * `bss2/chipConfiguration` over stdio: the configuration of a clean document is one the emulator accepts; a
 * document with errors returns the errors instead; an unknown document is a JSON-RPC error that says so.
 */
import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import { ChipConfigurationRequest, LanguageServerErrorCodes } from '../../../common/protocol/languageServer';
import { validateChipConfiguration } from '../../../common/chip/validate';
import { analyzeDocument } from '../../../server/analysis';
import { serverForSuite, exampleText, textAt } from './lspClient';

describe('language server: bss2/chipConfiguration', function () {
  this.timeout(20000);
  const client = serverForSuite();

  it('returns a valid configuration for a clean example, equal to the one the command line maps', async () => {
    const text = exampleText('adaptation.bss2');
    const uri = 'file:///work/config/adaptation.bss2';
    await client().open(uri, text);
    const result = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri });
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.configuration, 'a configuration');
    assert.deepEqual(validateChipConfiguration(result.configuration), []);
    assert.deepEqual(result.configuration, JSON.parse(JSON.stringify(analyzeDocument(text).configuration)));
  });

  it('returns the chip error that prevents a configuration, and no configuration', async () => {
    const text = exampleText('adaptation.bss2').replace('weight    = 20 ', 'weight    = 80 ');
    const uri = 'file:///work/config/heavy.bss2';
    await client().open(uri, text);
    const result = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri });
    assert.equal(result.configuration, undefined);
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['BSS2-E102']);
    assert.equal(textAt(text, result.diagnostics[0].range), '80');
    assert.equal(result.diagnostics[0].source, 'bss2');
  });

  it('follows edits: the errors of the latest version, then its configuration once fixed', async () => {
    const uri = 'file:///work/config/edited.bss2';
    const clean = exampleText('adaptation.bss2');
    await client().open(uri, clean);
    await client().replace(uri, clean.replace('tau_m      = 20 ms', 'tau_mm     = 20 ms'));
    const broken = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri });
    assert.deepEqual(broken.diagnostics.map((d) => d.code), ['BSS2-E012']);
    await client().replace(uri, clean);
    const fixed = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri });
    assert.deepEqual(fixed.diagnostics, []);
    assert.deepEqual(validateChipConfiguration(fixed.configuration), []);
  });

  it('answers an unknown document with a clear JSON-RPC error', async () => {
    await assert.rejects(
      client().connection.sendRequest(ChipConfigurationRequest.type, { uri: 'file:///work/config/never-opened.bss2' }),
      (error: unknown) => {
        assert.ok(error instanceof ResponseError);
        assert.equal(error.code, LanguageServerErrorCodes.UnknownDocument);
        assert.match(error.message, /'file:\/\/\/work\/config\/never-opened\.bss2' is not a document open on the language server/);
        return true;
      },
    );
  });
});
