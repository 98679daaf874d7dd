/**
 * Semantic tokens over stdio: decoded against the legend the server announces, on a real example and on a
 * broken file.
 */
import assert from 'node:assert/strict';
import { SemanticTokensRequest } from 'vscode-languageserver-protocol/node';
import { serverForSuite, exampleText } from './lspClient';

describe('language server: semantic tokens', function () {
  this.timeout(20000);
  const client = serverForSuite();

  /** Decodes the relative encoding into `text:type[:declaration]` strings, in document order. */
  async function tokens(uri: string, text: string): Promise<string[]> {
    await client().open(uri, text);
    const legend = client().initializeResult!.capabilities.semanticTokensProvider!.legend;
    const { data } = (await client().connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }))!;
    assert.equal(data.length % 5, 0);
    const lines = text.split('\n');
    const out: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
      const decl = data[i + 4] & 1 ? ':declaration' : '';
      out.push(`${lines[line].slice(character, character + data[i + 2])}:${legend.tokenTypes[data[i + 3]]}${decl}`);
    }
    return out;
  }

  it('classifies names, types, parameters, units and numbers of an example', async () => {
    const all = await tokens('file:///work/adaptation.bss2', exampleText('adaptation.bss2'));
    const at = (first: string, n: number): string[] => all.slice(all.indexOf(first), all.indexOf(first) + n);
    assert.deepEqual(at('population:keyword', 8), [
      'population:keyword', 'cell:variable:declaration', 'AdEx:class', '1:number', 'cm:property', '200:number', 'pF:unit', 'tau_m:property',
    ]);
    assert.deepEqual(at('projection:keyword', 9), [
      'projection:keyword', 'drive:variable', 'cell:variable', 'connector:property', 'all_to_all:enumMember',
      'weight:property', '20:number', '# the chip\'s 6-bit synaptic weight, 0..63:comment', 'receptor:property',
    ]);
    assert.ok(all.includes('v:property') && all.includes('StepCurrent:class') && all.includes('-70:number'));
    assert.equal(all[0], '# Spike-frequency adaptation in one AdEx neuron, driven by a current step.:comment');
  });

  it('classifies a plasticity header and connector calls, and survives broken text', async () => {
    const text = exampleText('stdp.bss2');
    const stdp = await tokens('file:///work/stdp.bss2', text);
    const i = stdp.indexOf('plasticity:keyword');
    const period = /every (\d+) ms/.exec(text)![1];
    assert.deepEqual(stdp.slice(i, i + 7), ['plasticity:keyword', 'stdp:function:declaration', 'drive:variable', 'cell:variable', 'every:keyword', `${period}:number`, 'ms:unit']);
    const broken = await tokens('file:///work/broken.bss2', 'population p : AdEx[ {\n  tau_m = 2 ms\nprojection p -> q { connector = fixed_probability(0.1) }\n');
    assert.ok(broken.includes('p:variable:declaration'), broken.join(' '));
    assert.ok(broken.includes('fixed_probability:function'), broken.join(' '));
  });
});
