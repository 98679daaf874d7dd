/**
 * The run settings the extension sends with `bss2/chipConfiguration` (real language server over stdio,
 * dist/server.js): the `bss2.seed` override, the default voltage mapping for files that set none, the resource
 * report for the status bar, and a clear error for out-of-range values.
 */
import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import { ChipConfigurationRequest } from '../../../common/protocol/languageServer';
import { analyzeDocument } from '../../../server/analysis';
import { exampleText, serverForSuite } from '../server/lspClient';

describe('client: run settings in bss2/chipConfiguration', function () {
  this.timeout(30000);
  const adaptation = 'file:///work/settings/adaptation.bss2';
  const network = 'file:///work/settings/ei_network.bss2';
  const client = serverForSuite([
    [adaptation, exampleText('adaptation.bss2')],
    [network, exampleText('ei_network.bss2')],
  ]);

  it('maps with the seed the settings give, the same as the command line with --seed', async () => {
    const result = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri: network, seed: 1234 });
    assert.equal(result.configuration?.seed, 1234);
    assert.deepEqual(result.configuration, JSON.parse(JSON.stringify(analyzeDocument(exampleText('ei_network.bss2'), { seed: 1234 }).configuration)));
    const own = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri: network });
    assert.notEqual(own.configuration?.seed, 1234, 'without the setting: the experiment’s own seed');
  });

  it('applies the default voltage mapping only where the file sets none', async () => {
    const mapping = { mvAtReference: -70, cadcReference: 100, cadcPerMv: 4 };
    const result = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri: adaptation, defaultVoltageMapping: mapping });
    assert.deepEqual(result.configuration?.voltageMapping, mapping);
    const own = exampleText('adaptation.bss2').replace('seed     = 7', 'seed     = 7\n    cadc_per_mV = 5');
    const uri = 'file:///work/settings/own-mapping.bss2';
    await client().open(uri, own);
    const mixed = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri, defaultVoltageMapping: mapping });
    assert.deepEqual(mixed.configuration?.voltageMapping, { mvAtReference: -70, cadcReference: 100, cadcPerMv: 5 });
  });

  it('reports the resources, also for a file with errors', async () => {
    const result = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri: network });
    assert.ok(result.resources);
    assert.equal(result.resources.neuronCircuits.total.available, 512);
    const uri = 'file:///work/settings/broken.bss2';
    await client().open(uri, exampleText('adaptation.bss2').replace('weight    = 20 ', 'weight    = 80 '));
    const broken = await client().connection.sendRequest(ChipConfigurationRequest.type, { uri });
    assert.equal(broken.configuration, undefined);
    assert.ok(broken.resources && broken.resources.neuronCircuits.total.used > 0);
  });

  it('refuses an out-of-range seed or mapping with a message naming the field', async () => {
    for (const [params, pattern] of [
      [{ uri: adaptation, seed: -1 }, /seed must be an integer from 0 to 4294967295/],
      [{ uri: adaptation, seed: 2 ** 32 }, /seed/],
      [{ uri: adaptation, defaultVoltageMapping: { mvAtReference: -65, cadcReference: 80, cadcPerMv: 0 } }, /defaultVoltageMapping/],
    ] as const) {
      await assert.rejects(client().connection.sendRequest(ChipConfigurationRequest.type, params as never), (error: unknown) => {
        assert.ok(error instanceof ResponseError);
        assert.match(error.message, pattern);
        return true;
      });
    }
  });
});
