import assert from 'node:assert/strict';
import { analyze } from '../../../server/language';
import { Code, LANGUAGE_CODES } from '../../../server/language/codes';
import { Severity } from '../../../server/language/diagnostic';
import { marked } from './marked';

const PYR = 'neuron Pyr {\n    compartment soma : AdEx { }\n    compartment apical : Passive { parent = soma, g_icc = 20 nS }\n}\n';
const deep = '['.repeat(40) + '1 ms' + ']'.repeat(40);
const deepMarked = '['.repeat(32) + '«[»' + '['.repeat(7) + '1 ms' + ']'.repeat(40);

/** One snippet per code: the diagnostic with that code must appear exactly at the marked range. */
const CASES: Array<{ code: string; snippet: string; message?: RegExp; data?: Record<string, unknown> }> = [
  { code: Code.InvalidCharacter, snippet: 'population p : AdEx[10] { cm = 200 pF«;» }', message: /invalid character ';'/ },
  { code: Code.UnterminatedString, snippet: 'experiment e { label = «"abc }»', message: /closing/ },
  { code: Code.Expected, snippet: 'population p «AdEx»[10]', message: /expected ':'/ },
  { code: Code.Unclosed, snippet: 'population p : AdEx[10] «{»\n    cm = 200 pF\n\nrecord p : spikes', message: /never closed/ },
  { code: Code.TooDeep, snippet: `population s : SpikeArray[1] { times = ${deepMarked} }`, message: /nested more than 32/ },
  { code: Code.NumberTooLarge, snippet: 'experiment e { duration = «1e400» ms }', message: /too large/ },
  { code: Code.DuplicateName, snippet: 'population p : AdEx[10]\npopulation «p» : AdEx[20]', message: /already defined/ },
  { code: Code.DuplicateParameter, snippet: 'population p : AdEx[10] { tau_m = 10 ms, «tau_m» = 20 ms }', message: /set twice/ },
  { code: Code.UnknownParameter, snippet: 'population p : AdEx[10] { «tua_m» = 20 ms }', message: /did you mean 'tau_m'/, data: { suggestion: 'tau_m' } },
  { code: Code.UndefinedPopulation, snippet: 'population cell : AdEx[10]\nrecord «cel» : spikes', message: /undefined population 'cel'; did you mean 'cell'/ },
  { code: Code.UnknownPopulationType, snippet: 'population p : «Adex»[10]', message: /did you mean 'AdEx'/, data: { suggestion: 'AdEx' } },
  { code: Code.UnknownStimulusType, snippet: 'population p : AdEx[1]\nstimulus p : «StepCurent» { amplitude = 100 pA }', message: /StepCurrent/ },
  { code: Code.UnknownUnit, snippet: 'population p : AdEx[10] { v_rest = -70 «mv» }', message: /did you mean 'mV'/, data: { suggestion: 'mV' } },
  { code: Code.WrongDimension, snippet: 'population p : AdEx[10] { tau_m = 20 «mV» }', message: /expected a time, found a voltage \(mV\)/ },
  { code: Code.MissingUnit, snippet: 'population p : AdEx[10] { tau_m = «20» }', message: /needs a unit of time, e\.g\. 20 ms/, data: { unit: 'ms' } },
  { code: Code.WrongType, snippet: 'population p : AdEx[10] { tau_m = «[20 ms]» }', message: /expected a time .* found a list/ },
  { code: Code.OutOfRange, snippet: 'population p : AdEx[«0»]', message: /at least 1/ },
  { code: Code.OutOfRange, snippet: 'population p : AdEx[1] { tau_m = «-5 ms» }', message: /greater than 0 ms, found -5 ms/ },
  { code: Code.OutOfRange, snippet: 'population p : AdEx[4]\nprojection p -> p { connector = fixed_probability(«1.5»), weight = 1 }', message: /between 0 and 1/, data: { min: 0, max: 1, nearest: 1, unit: '' } },
  { code: Code.NotInteger, snippet: 'population p : AdEx[«2.5»]', message: /whole number/ },
  { code: Code.BadSlice, snippet: 'population p : AdEx[10]\nrecord p«[5..12]» : spikes', message: /outside population 'p' of size 10/ },
  { code: Code.BadSlice, snippet: 'population p : AdEx[10]\nrecord p«[5..5]» : spikes', message: /empty/ },
  { code: Code.BadRecordVariable, snippet: 'population d : Poisson[10]\nrecord d : «v»', message: /sources only have spikes/ },
  { code: Code.UnknownChoice, snippet: 'population p : AdEx[10]\nprojection p -> p { receptor = «excitory», weight = 1 }', message: /did you mean 'excitatory'/ },
  { code: Code.UnknownChoice, snippet: 'population p : AdEx[10]\nprojection p -> p { connector = «all_to_al», weight = 1 }', message: /did you mean 'all_to_all'/ },
  { code: Code.WrongArguments, snippet: 'population p : AdEx[10]\nprojection p -> p { connector = «fixed_probability()», weight = 1 }', message: /takes one argument/ },
  { code: Code.BadConnectionList, snippet: 'population a : AdEx[2]\nprojection a -> a { connector = from_list([[0, «5», 10]]) }', message: /post index 5 is outside/ },
  { code: Code.NotNeuronPopulation, snippet: 'population a : AdEx[2]\npopulation d : Poisson[2]\nprojection a -> «d» { weight = 1 }', message: /must target neurons/ },
  { code: Code.NotForThisType, snippet: 'population p : AdEx[10] { «e_rev_E» = 0 mV }', message: /AdExCond/ },
  { code: Code.UnknownCompartment, snippet: 'population p : AdEx[10]\nrecord p.«apical» : v', message: /no named compartments/ },
  { code: Code.UnknownCompartment, snippet: `${PYR}population p : Pyr[2]\nrecord p[0].«apicl» : v`, message: /has no compartment 'apicl'.*did you mean 'apical'/, data: { suggestion: 'apical' } },
  { code: Code.BadMorphologyRoot, snippet: 'neuron Pyr {\n    compartment soma : AdEx { }\n    compartment «apical» : Passive { g_icc = 20 nS }\n}', message: /several roots/ },
  { code: Code.BadMorphologyRoot, snippet: 'neuron Pyr {\n    compartment soma : «Passive» { }\n}', message: /must be AdEx/ },
  { code: Code.BadMorphologyRoot, snippet: 'neuron «Pyr» {\n    compartment soma : AdEx { parent = a, g_icc = 1 nS }\n    compartment a : Passive { parent = soma, g_icc = 1 nS }\n}', message: /no root|cycle/ },
  { code: Code.CompartmentCycle, snippet: 'neuron Pyr {\n    compartment soma : AdEx { }\n    compartment a : Passive { parent = «b», g_icc = 10 nS }\n    compartment b : Passive { parent = a, g_icc = 10 nS }\n}', message: /a -> b -> a .* form a cycle/ },
  { code: Code.UnknownParentCompartment, snippet: 'neuron Pyr {\n    compartment soma : AdEx { }\n    compartment apical : Passive { parent = «som», g_icc = 20 nS }\n}', message: /no compartment 'som'.*did you mean 'soma'/ },
  { code: Code.MissingParameter, snippet: 'population p : AdEx[1]\nstimulus p : «DCSource» { start = 10 ms }', message: /needs 'amplitude'/ },
  { code: Code.SpikeListCount, snippet: 'population s : SpikeArray[3] { times = «[[1 ms], [2 ms]]» }', message: /2 lists of spike times for 3 neurons/ },
  { code: Code.ConflictingParameters, snippet: 'population p : AdEx[1]\nstimulus p : StepCurrent { times = [0 ms, 10 ms], amplitudes = «[100 pA]» }', message: /2 times but 1 amplitudes/ },
  { code: Code.ConflictingParameters, snippet: 'population p : AdEx[1]\nstimulus p : StepCurrent { «start» = 0 ms, times = [0 ms], amplitudes = [1 pA] }', message: /cannot be combined/ },
  { code: Code.StopBeforeStart, snippet: 'population d : Poisson[1] { start = 100 ms, stop = «50 ms» }', message: /later than its start/ },
  { code: Code.UnknownProjection, snippet: 'population p : AdEx[2]\nplasticity r on «p -> p» every 10 ms { }', message: /no projection p -> p/ },
  { code: Code.UnknownConverter, snippet: 'population p : AdEx[1]\nrecord p : v @ «madcc»', message: /did you mean 'madc'/, data: { suggestion: 'madc' } },
  { code: Code.ConverterWithoutAnalog, snippet: 'population p : AdEx[1]\nrecord p : spikes @ «cadc»', message: /records spikes only/ },
  { code: Code.NoExperiment, snippet: '«»population p : AdEx[1]', message: /no experiment statement/ },
  { code: Code.UnsortedTimes, snippet: 'population s : SpikeArray[1] { times = «[20 ms, 10 ms]» }', message: /sorted/ },
  { code: Code.AfterEnd, snippet: 'experiment e { duration = 100 ms }\npopulation s : SpikeArray[1] { times = [10 ms, «150 ms»] }', message: /1 spike time/ },
  { code: Code.ZeroWeight, snippet: 'population p : AdEx[2]\nprojection «p -> p» { connector = all_to_all }', message: /no weight/ },
];

describe('diagnostic codes of the language', () => {
  for (const c of CASES) {
    it(`${c.code} at the marked range: ${c.snippet.split('\n').pop()!.slice(0, 60)}`, () => {
      const { text, range } = marked(c.snippet);
      const found = analyze(text).diagnostics.filter((d) => d.code === c.code);
      assert.ok(found.length > 0, `no ${c.code} in ${JSON.stringify(analyze(text).diagnostics.map((d) => d.code))}`);
      const at = found.find((d) => JSON.stringify(d.range) === JSON.stringify(range));
      assert.ok(at, `${c.code} expected at ${JSON.stringify(range)}, found at ${JSON.stringify(found.map((d) => d.range))}`);
      assert.equal(at.source, 'bss2');
      if (c.message) assert.match(at.message, c.message);
      if (c.data) assert.deepEqual(at.data, c.data);
      const info = LANGUAGE_CODES.find((i) => i.code === c.code);
      assert.equal(at.severity, info?.severity);
    });
  }

  it('every registered code is exercised above', () => {
    const tested = new Set(CASES.map((c) => c.code));
    assert.deepEqual(LANGUAGE_CODES.map((i) => i.code).filter((code) => !tested.has(code)), []);
  });

  it('codes are unique, in the language ranges, and documented', () => {
    const codes = LANGUAGE_CODES.map((i) => i.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const info of LANGUAGE_CODES) {
      assert.match(info.code, info.severity === Severity.Error ? /^BSS2-E0\d\d$/ : /^BSS2-W0\d\d$/);
      for (const field of [info.title, info.explanation, info.example, info.fix]) assert.ok(field.length > 0, info.code);
    }
    assert.deepEqual(Object.values(Code).sort(), [...codes].sort());
  });

  for (const info of LANGUAGE_CODES) {
    it(`the documented example of ${info.code} (${info.title}) reports it`, () => {
      const codes = analyze(info.example).diagnostics.map((d) => d.code);
      assert.ok(codes.includes(info.code), `${info.code} not in ${codes.join(', ')}`);
    });
  }

  it('the duplicate-name error points back at the first definition', () => {
    const { text } = marked('population «p» : AdEx[10]\npopulation p : AdEx[20]');
    const d = analyze(text).diagnostics.find((x) => x.code === Code.DuplicateName)!;
    assert.deepEqual(d.relatedInformation?.map((r) => r.range), [marked('population «p» : AdEx[10]').range]);
  });

  it('a too-deep value does not overflow the stack', () => {
    const text = `population s : SpikeArray[1] { times = ${'['.repeat(100000)} }\nrecord s : spikes\nrecord q : spikes`;
    const codes = analyze(text).diagnostics.map((d) => d.code);
    assert.ok(codes.includes(Code.TooDeep));
    assert.ok(codes.includes(Code.UndefinedPopulation), 'the statements after it are still checked');
    assert.ok(analyze(`population s : SpikeArray[1] { times = ${deep} }`).diagnostics.some((d) => d.code === Code.TooDeep));
  });
});
