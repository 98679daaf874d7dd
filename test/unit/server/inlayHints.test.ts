/**
 * Inlay hints over stdio: the chip value after each time, rate and membrane voltage, in a clean example and in
 * a file with errors.
 */
import assert from 'node:assert/strict';
import { InlayHintRequest } from 'vscode-languageserver-protocol/node';
import { serverForSuite, exampleText } from './lspClient';

describe('language server: inlay hints', function () {
  this.timeout(20000);
  const client = serverForSuite();

  async function hintsOf(uri: string, text: string): Promise<string[]> {
    await client().open(uri, text);
    const lines = text.split('\n');
    const hints = (await client().connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
    }))!;
    // Each hint as "text before it on its line => label".
    return hints.map((h) => `${lines[h.position.line].slice(0, h.position.character).trim()} => ${h.label as string}`);
  }

  it('shows hardware times, rates and CADC values next to the values of an example', async () => {
    const hints = await hintsOf('file:///work/adaptation.bss2', exampleText('adaptation.bss2'));
    assert.ok(hints.includes('tau_m      = 20 ms => 20 us on chip'), hints.join('\n'));
    assert.ok(hints.includes('v_rest     = -70 mV => CADC 65'), hints.join('\n'));
    assert.ok(hints.includes('duration = 500 ms => 500 us on chip'), hints.join('\n'));
    assert.ok(hints.includes('population drive : Poisson[32] { rate = 20 Hz => 20000 Hz on chip'), hints.join('\n'));
    assert.ok(!hints.some((h) => h.startsWith('cm ')), 'no chip value is claimed for the capacitance');
  });

  it('still shows them in a file with errors', async () => {
    const hints = await hintsOf('file:///work/broken.bss2', 'population p : AdEx[900] {\n  tau_syn_E = 3 ms\n  oops =\n}\nprojection p -> q\n');
    assert.deepEqual(hints, ['tau_syn_E = 3 ms => 3 us on chip']);
  });
});
