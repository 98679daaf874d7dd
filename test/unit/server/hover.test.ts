/**
 * Hover over stdio: a parameter's meaning, SI value, chip value and calibratable range; a population's size,
 * placement and fan-in; a unit's dimension; on a clean example and on a file with errors.
 */
import assert from 'node:assert/strict';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { serverForSuite, exampleText, positionOf, textAt } from './lspClient';

describe('language server: hover', function () {
  this.timeout(20000);
  const client = serverForSuite();

  let counter = 0;
  async function hoverAt(text: string, needle: string, delta = 0, occurrence = 0): Promise<{ value: string; hover: Hover }> {
    const uri = `file:///work/hover${counter++}.bss2`;
    await client().open(uri, text);
    const hover = await client().connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, needle, delta, occurrence) });
    assert.ok(hover, `a hover at '${needle}'`);
    return { value: (hover.contents as MarkupContent).value, hover };
  }

  it('explains a time constant: SI value, hardware time and calibratable range', async () => {
    const text = exampleText('adaptation.bss2');
    const { value, hover } = await hoverAt(text, 'tau_m', 2);
    assert.match(value, /Membrane time constant/);
    assert.match(value, /Value: 20 ms = 0\.02 s/);
    assert.match(value, /On chip: 20 us on chip/);
    assert.match(value, /Calibratable: 0\.5 us to 60 us on chip \(0\.5 ms to 60 ms in the experiment\)/);
    assert.equal(textAt(text, hover.range!), 'tau_m      = 20 ms');
  });

  it('gives the CADC reading of a voltage through the experiment\'s mapping', async () => {
    const { value } = await hoverAt(exampleText('adaptation.bss2'), 'v_rest', 1);
    // cadc = 80 + (-70 mV + 65 mV) * 3 per mV = 65 with the default mapping.
    assert.match(value, /Value: -70 mV = -0\.07 V/);
    assert.match(value, /CADC reading 65 /);
    assert.match(value, /Calibratable: CADC 50 to 160/);
    const remapped = 'experiment e { cadc_per_mV = 2 }\npopulation p : AdEx[1] { v_rest = -70 mV }\n';
    assert.match((await hoverAt(remapped, 'v_rest')).value, /CADC reading 70 /);
  });

  it('shows a population\'s size, placement and fan-in', async () => {
    const text = exampleText('ei_network.bss2');
    const { value, hover } = await hoverAt(text, 'projection exc -> inh', 'projection exc -> '.length + 1);
    assert.equal(textAt(text, hover.range!), 'inh');
    assert.match(value, /population inh\*\* : AdEx\[80\]/);
    assert.match(value, /Placement: hemisphere \d, columns \d+\.\.\d+ \(80\)/);
    assert.match(value, /Fan-in: at most \d+ of 256 synapse rows/);
  });

  it('names the dimension of a unit', async () => {
    const text = exampleText('adaptation.bss2');
    const { value, hover } = await hoverAt(text, '200 pF', 5);
    assert.equal(textAt(text, hover.range!), 'pF');
    assert.match(value, /picofarad, a unit of capacitance \(1 pF = 1e-12 F\)/);
  });

  it('still works in a file with errors', async () => {
    const text = 'population p : AdEx[900] {\n  tau_m = 20 mV\n  tau_syn_E = 3 ms\n  oops =\n}\nprojection p -> q { weight = 99 }\n';
    const { value } = await hoverAt(text, 'tau_syn_E');
    assert.match(value, /On chip: 3 us on chip/);
    assert.match((await hoverAt(text, 'projection p', 11)).value, /AdEx\[900\][\s\S]*Placement: not mapped, .*BSS2-E\d+/);
    assert.match((await hoverAt(text, '-> q', 3)).value, /no population of this name/);
  });

  it('shows the synapse rows and drivers a projection uses, or why it is not mapped', async () => {
    const text = exampleText('ei_network.bss2');
    const { value, hover } = await hoverAt(text, 'projection drive -> exc', 'projection drive '.length);
    assert.equal(textAt(text, hover.range!), 'drive -> exc');
    assert.match(value, /\*\*projection drive -> exc\*\*/);
    assert.match(value, /Uses \d+ synapse rows and \d+ synapse drivers in hemisphere [01]( and 1)? \(6400 synapses\)/);
    const keyword = await hoverAt(text, 'projection drive -> exc', 2);
    assert.equal(keyword.value, value, 'the keyword shows the same');
    const broken = 'experiment e { duration = 10 ms }\npopulation s : Poisson[2] { rate = 5 Hz }\npopulation c : AdEx[1]\nprojection s -> c { weight = 99 }\n';
    const why = (await hoverAt(broken, 's -> c', 2)).value;
    assert.match(why, /Rows and drivers: not mapped, .*weight 99 exceeds the 6-bit synapse weight.*\[BSS2-E102\]/);
  });

  it('shows the CapMem value a mapped membrane voltage is written as', async () => {
    const { value } = await hoverAt(exampleText('adaptation.bss2'), 'v_rest', 1);
    assert.match(value, /On chip \(mapped\): CapMem leak potential \d+/);
  });
});
