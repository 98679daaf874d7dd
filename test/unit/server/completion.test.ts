/**
 * Completion over stdio: keywords, types, parameters with their catalogue entries, units, population names,
 * connectors as snippets and record variables, on real examples and on text being typed.
 */
import assert from 'node:assert/strict';
import { CompletionRequest, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol/node';
import { serverForSuite, exampleText, positionOf } from './lspClient';

const uri = 'file:///work/completion.bss2';

describe('language server: completion', function () {
  this.timeout(20000);
  const client = serverForSuite();

  async function completeAt(text: string, needle: string, delta = needle.length): Promise<CompletionItem[]> {
    await client().replace(uri, text);
    const result = await client().connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, needle, delta) });
    return Array.isArray(result) ? result : (result as CompletionList | null)?.items ?? [];
  }
  const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);

  before(async () => client().open(uri, ''));

  it('offers statement keywords at the start of a line', async () => {
    const items = await completeAt('experiment e { duration = 10 ms }\npro', 'pro');
    assert.deepEqual(labels(items).sort(), ['experiment', 'neuron', 'plasticity', 'population', 'projection', 'record', 'stimulus']);
    assert.equal(items.find((i) => i.label === 'projection')!.insertTextFormat, InsertTextFormat.Snippet);
  });

  it('offers cell and source types after the colon of a population, stimulus types after a stimulus', async () => {
    assert.deepEqual(labels(await completeAt('population p : ', ': ')), ['AdEx', 'AdExCond', 'Poisson', 'SpikeArray', 'BackgroundPoisson']);
    assert.deepEqual(labels(await completeAt('population p : AdEx[2]\nstimulus p : ', 'stimulus p : ')), ['StepCurrent', 'DCSource']);
  });

  it('offers the parameters of the block with unit, default and range', async () => {
    const text = exampleText('adaptation.bss2').replace('    tau_m      = 20 ms\n', '    tau_m      = 20 ms\n    ta\n');
    const items = await completeAt(text, '    ta\n', 6);
    const tau = items.find((i) => i.label === 'tau_m');
    assert.ok(tau, `tau_m among ${labels(items).join(', ')}`);
    assert.equal(tau.detail, 'time, ms, default 9.3667 ms');
    assert.match(JSON.stringify(tau.documentation), /Membrane time constant/);
    assert.match(JSON.stringify(tau.documentation), /> 0 ms/);
    assert.ok(!labels(items).includes('e_rev_E'), 'AdEx has no reversal potentials');
    assert.ok(!labels(items).includes('rate'), 'a neuron has no rate');
    const poisson = await completeAt('population d : Poisson[3] { r', '{ r');
    assert.deepEqual(labels(poisson), ['rate', 'start', 'stop']);
  });

  it('offers units of the parameter\'s dimension after a number', async () => {
    const items = await completeAt('population p : AdEx[2] {\n  v_rest = -65 m\n}\n', '-65 m');
    assert.deepEqual(labels(items), ['V', 'mV', 'uV']);
    assert.deepEqual(labels(await completeAt('population d : Poisson[3] { rate = 20 ', '= 20 ')), ['Hz', 'kHz']);
  });

  it('offers population names after projection, record and stimulus, also in a file with errors', async () => {
    const text = 'population exc : AdEx[4] { tau_m = 20 mV }\npopulation drive : Poisson[8]\nprojection drive -> ';
    assert.deepEqual(labels(await completeAt(text, '-> ')), ['exc', 'drive']);
    assert.deepEqual(labels(await completeAt(`${text}\nrecord e`, 'record e')), ['exc', 'drive']);
  });

  it('offers connectors with snippet arguments and the choices of a parameter', async () => {
    const text = 'population a : AdEx[4]\nprojection a -> a {\n  connector = \n  receptor = \n}\n';
    const connectors = await completeAt(text, 'connector = ');
    assert.deepEqual(labels(connectors), ['all_to_all', 'one_to_one', 'fixed_probability', 'fixed_indegree', 'from_list']);
    const p = connectors.find((c) => c.label === 'fixed_probability')!;
    assert.equal(p.insertText, 'fixed_probability(${1:p})');
    assert.equal(p.insertTextFormat, InsertTextFormat.Snippet);
    assert.deepEqual(labels(await completeAt(text, 'receptor = ')), ['excitatory', 'inhibitory']);
  });

  it('offers only the record variables a population has', async () => {
    const text = 'population n : AdEx[4]\npopulation s : Poisson[4]\nrecord n : spikes, \nrecord s : ';
    assert.deepEqual(labels(await completeAt(text, 'spikes, ')), ['spikes', 'v', 'w', 'i_syn_E', 'i_syn_I']);
    assert.deepEqual(labels(await completeAt(text, 'record s : ')), ['spikes']);
  });

  it('offers nothing inside a comment', async () => {
    assert.deepEqual(await completeAt('# pop', '# pop'), []);
  });

  it('offers the rule language inside a plasticity body', async () => {
    const stdp = exampleText('stdp.bss2');
    const names = labels(await completeAt(stdp, '    dw     =', 4));
    for (const name of ['weight', 'causal', 'acausal', 'clamp', 'where', 'reset']) assert.ok(names.includes(name), name);
    assert.ok(!names.includes('population'));
  });
});
