import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../server/language';
import { Code } from '../../../server/language/codes';
import type { NeuronPopulation, SpikeArrayPopulation } from '../../../server/language/model';
import { CELL_PARAMETERS } from '../../../server/language/parameters';

const root = join(__dirname, '..', '..', '..');

function clean(text: string) {
  const a = analyze(text);
  assert.deepEqual(a.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  assert.equal(a.complete, true);
  return a.experiment!;
}

describe('checker: the model', () => {
  it('builds the adaptation example in internal units', () => {
    const e = clean(readFileSync(join(root, 'examples', 'adaptation.bss2'), 'utf8'));
    assert.equal(e.name, 'adaptation');
    assert.equal(e.duration.value, 500);
    assert.equal(e.seed.value, 7);
    const cell = e.populations.find((p) => p.name === 'cell') as NeuronPopulation;
    assert.equal(cell.type, 'AdEx');
    assert.equal(cell.params.cm.value, 200);
    assert.equal(cell.params.i_offset.value, 0);
    assert.equal(cell.params.b.value, 60);
    assert.equal(cell.params.v_init.value, -70, 'v_init defaults to v_rest');
    assert.equal(cell.params.weight_scale.value, 2);
    assert.deepEqual(cell.params.tau_m.range, { start: { line: 8, character: 17 }, end: { line: 8, character: 22 } });
    const cue = e.populations.find((p) => p.name === 'cue') as SpikeArrayPopulation;
    assert.deepEqual(cue.times, [[5, 12.5, 40], [5, 12.5, 40]], 'one list is shared by every neuron');
    assert.deepEqual(e.projections.map((p) => [p.name, p.connector.kind, p.weight.value, p.receptor]), [
      ['drive->cell', 'all_to_all', 20, 'excitatory'],
      ['cue->cell', 'one_to_one', 63, 'inhibitory'],
    ]);
    assert.deepEqual(e.stimuli.map((s) => [s.type, s.target.start, s.target.end, s.times, s.amplitudes]), [['StepCurrent', 0, 1, [100, 400], [500, 0]]]);
    assert.deepEqual(e.recordings.map((r) => [r.target.population, r.variables]), [['cell', ['spikes', 'v', 'w']], ['drive', ['spikes']]]);
    assert.deepEqual(e.voltageMapping.cadcReference.value, 80);
  });

  it('a population without a body gets every documented default', () => {
    const e = clean('experiment e {}\npopulation p : AdEx[10]\npopulation q : AdExCond[2] { e_rev_I = -75 mV }');
    const [p, q] = e.populations as NeuronPopulation[];
    for (const spec of CELL_PARAMETERS.AdEx) {
      const expected = spec.name === 'v_init' ? -70.6 : spec.default;
      assert.equal(p.params[spec.name as keyof NeuronPopulation['params']].value, expected, spec.name);
      assert.equal(p.params[spec.name as keyof NeuronPopulation['params']].range, undefined);
    }
    assert.equal(p.params.cm.value, 281);
    assert.equal(q.params.e_rev_I.value, -75);
    assert.equal(q.params.e_rev_E.value, 0);
    assert.equal(q.params.weight_scale.value, 0.03);
  });

  it('sources, connectors, STP, delay, stimuli in the times form and plasticity rules', () => {
    const e = clean(`experiment e { duration = 1 s, seed = 4, cadc_per_mV = 2.5 }
population n : AdEx[4]
population d : Poisson[8] { rate = 2 kHz, start = 10 ms, stop = 0.5 s }
population bg : BackgroundPoisson[3] { rate = 5 Hz, seed = 9 }
population s : SpikeArray[2] { times = [[1 ms, 20 ms], []] }
projection d[0..4] -> n { connector = fixed_probability(0.25), weight = 5, stp = depressing, stp_utilization = 3 }
projection d[4..8] -> n { connector = fixed_indegree(2), weight = 70, split_weights = true, delay = 1 ms }
projection bg -> n[1..3] { connector = from_list([[0, 1], [2, 0, 7]]), weight = 3, receptor = inhibitory }
projection s -> n[0] { connector = one_to_one, weight = 1 }
projection s -> n[0] { weight = 2 }
stimulus n[1..3] : StepCurrent { times = [0 ms, 5 ms, 10 ms], amplitudes = [1 nA, -200 pA, 0 pA] }
stimulus n : DCSource { amplitude = 50 pA, start = 1 ms }
plasticity r on d[0..4] -> n, s -> n[0] every 20 ms { weight = weight }`);
    assert.equal(e.voltageMapping.cadcPerMv.value, 2.5);
    const [, d, bg, s] = e.populations;
    assert.deepEqual(d.type === 'Poisson' && [d.rate.value, d.start.value, d.stop.value], [2000, 10, 500]);
    assert.deepEqual(bg.type === 'BackgroundPoisson' && [bg.rate.value, bg.seed?.value], [5, 9]);
    assert.deepEqual(s.type === 'SpikeArray' && s.times, [[1, 20], []]);
    const [p1, p2, p3, p4, p5] = e.projections;
    assert.deepEqual(p1.connector, { kind: 'fixed_probability', p: 0.25, range: p1.connector.range });
    assert.deepEqual([p1.stp?.mode, p1.stp?.utilization.value, p1.stp?.recovery.value], ['depressing', 3, 8]);
    assert.deepEqual([p2.connector.kind === 'fixed_indegree' && p2.connector.n, p2.weight.value, p2.splitWeights, p2.delay?.value], [2, 70, true, 1]);
    assert.deepEqual(p3.connector.kind === 'from_list' && p3.connector.connections, [[0, 1, 3], [2, 0, 7]]);
    assert.deepEqual([p3.receptor, p3.post.start, p3.post.end], ['inhibitory', 1, 3]);
    assert.deepEqual([p4.name, p5.name], ['s->n[0]', 's->n[0]#2']);
    assert.deepEqual(e.stimuli.map((x) => [x.type, x.times, x.amplitudes]), [
      ['StepCurrent', [0, 5, 10], [1000, -200, 0]],
      ['DCSource', [1], [50]],
    ]);
    const [rule] = e.plasticity;
    assert.deepEqual([rule.name, rule.projections, rule.period.value, rule.bodyText], ['r', ['d[0..4]->n', 's->n[0]', 's->n[0]#2'], 20, ' weight = weight ']);
  });

  it('every example in examples/ checks clean', () => {
    const files = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.bss2'));
    assert.ok(files.includes('adaptation.bss2'));
    for (const file of files) {
      const a = analyze(readFileSync(join(root, 'examples', file), 'utf8'));
      assert.deepEqual(a.diagnostics.map((d) => `${file}:${d.range.start.line + 1}: ${d.code} ${d.message}`), [], file);
    }
  });
});

describe('checker: partial models and independence of statements', () => {
  it('an invalid value is reported and keeps its default; the population stays in the model', () => {
    const a = analyze('experiment e {}\npopulation p : AdEx[2] { tau_m = 5 mV, cm = 100 pF }');
    assert.deepEqual(a.diagnostics.map((d) => d.code), [Code.WrongDimension]);
    assert.equal(a.complete, false);
    const p = a.experiment!.populations[0] as NeuronPopulation;
    assert.equal(p.params.tau_m.value, 9.3667);
    assert.equal(p.params.cm.value, 100);
  });

  it('a broken population is left out, and what refers to it is left out without further errors', () => {
    const a = analyze('experiment e {}\npopulation p : Adex[2]\npopulation q : AdEx[2]\nprojection p -> q { weight = 1 }\nrecord p : spikes, v\nrecord q : v');
    assert.deepEqual(a.diagnostics.map((d) => d.code), [Code.UnknownPopulationType]);
    assert.deepEqual(a.experiment!.populations.map((p) => p.name), ['q']);
    assert.deepEqual(a.experiment!.projections, []);
    assert.deepEqual(a.experiment!.recordings.map((r) => r.target.population), ['q']);
  });

  it('five errors in five statements are all reported', () => {
    const a = analyze(`experiment e { duration = 1 s, sed = 3 }
population p : AdEx[4] { tau_m = 20 mV }
population p : AdEx[2]
projection p -> nowhere { weight = 1 }
record p : voltage`);
    assert.deepEqual(a.diagnostics.map((d) => [d.code, d.range.start.line]), [
      [Code.UnknownParameter, 0],
      [Code.WrongDimension, 1],
      [Code.DuplicateName, 2],
      [Code.UndefinedPopulation, 3],
      [Code.BadRecordVariable, 4],
    ]);
  });

  it('references may come before the definition', () => {
    clean('experiment e {}\nrecord p : spikes\npopulation p : AdEx[1]');
  });

  it('a negative weight says how inhibition is written', () => {
    const d = analyze('population p : AdEx[1]\nprojection p -> p { weight = -3 }').diagnostics.find((x) => x.code === Code.OutOfRange);
    assert.match(d!.message, /receptor = inhibitory/);
  });

  it('fixed_indegree cannot exceed the number of sources', () => {
    const d = analyze('population p : AdEx[3]\nprojection p -> p { connector = fixed_indegree(4), weight = 1 }').diagnostics.find((x) => x.code === Code.OutOfRange);
    assert.match(d!.message, /between 1 and 3/);
  });
});
