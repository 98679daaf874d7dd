/**
 * Neuron types (multi-compartment neurons) in the language: the nested `neuron { compartment { } }` statement,
 * its error recovery, and every check of the morphology and of references to compartments.
 */
import assert from 'node:assert/strict';
import { analyze, parse } from '../../../server/language';
import { Code } from '../../../server/language/codes';
import { Severity } from '../../../server/language/diagnostic';
import type { NeuronPopulation } from '../../../server/language/model';
import { marked } from './marked';

const PYRAMIDAL = `neuron Pyramidal {
    compartment soma : AdEx {
        circuits  = 2
        cm        = 200 pF
        tau_m     = 20 ms
        v_rest    = -65 mV
    }
    compartment apical : Passive {
        circuits = 2
        parent   = soma
        g_icc    = 20 nS
        cm       = 100 pF
    }
    compartment tuft : Plateau {
        parent   = apical
        tau_icc  = 5 ms
        v_spike  = -50 mV
        v_plateau = -40 mV
        plateau_duration = 20 ms
    }
    compartment basal : Passive { parent = soma, g_icc = 15 nS }
}
`;

function errorsOf(text: string) {
  return analyze(text).diagnostics.filter((d) => d.severity === Severity.Error);
}

/** The diagnostic with `code` at the «marked» range. */
function expectAt(snippet: string, code: string, message?: RegExp) {
  const { text, range } = marked(snippet);
  const all = analyze(text).diagnostics;
  const found = all.filter((d) => d.code === code);
  assert.ok(found.length > 0, `no ${code} in ${JSON.stringify(all.map((d) => `${d.code} ${d.message}`))}`);
  const at = found.find((d) => JSON.stringify(d.range) === JSON.stringify(range));
  assert.ok(at, `${code} expected at ${JSON.stringify(range)}, found at ${JSON.stringify(found.map((d) => d.range))}`);
  if (message) assert.match(at.message, message);
  return at;
}

describe('language: neuron types', () => {
  it('parses a neuron type with nested compartment blocks', () => {
    const { document, diagnostics } = parse(PYRAMIDAL);
    assert.deepEqual(diagnostics, []);
    const [neuron] = document.statements;
    assert.equal(neuron.kind, 'neuron');
    if (neuron.kind !== 'neuron') return;
    assert.equal(neuron.name?.text, 'Pyramidal');
    assert.deepEqual(neuron.compartments.map((c) => [c.name?.text, c.kind?.text, c.body?.members.length]), [
      ['soma', 'AdEx', 4],
      ['apical', 'Passive', 4],
      ['tuft', 'Plateau', 5],
      ['basal', 'Passive', 2],
    ]);
    assert.ok(neuron.closeRange);
    assert.equal(neuron.range.end.line, 21);
  });

  it('builds the morphology in depth-first order from the root, with parents, couplings and plateaus', () => {
    const a = analyze(`${PYRAMIDAL}population pyr : Pyramidal[4]\n`);
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === Severity.Error), []);
    const pyr = a.experiment!.populations[0] as NeuronPopulation;
    assert.equal(pyr.kind, 'neuron');
    assert.equal(pyr.type, 'AdEx');
    assert.equal(pyr.size, 4);
    const m = pyr.morphology!;
    assert.deepEqual(m.compartments.map((c) => [c.name, c.kind, c.parent, c.circuits.value]), [
      ['soma', 'AdEx', undefined, 2],
      ['apical', 'Passive', 0, 2],
      ['tuft', 'Plateau', 1, 1],
      ['basal', 'Passive', 0, 1],
    ]);
    assert.equal(pyr.params, m.compartments[0].params, "the population's parameters are the root's");
    assert.equal(m.compartments[1].gIcc?.value, 20);
    assert.equal(m.compartments[2].tauIcc?.value, 5);
    assert.equal(m.compartments[2].plateau?.potential.value, -40);
    assert.equal(m.compartments[2].params.v_reset.value, -40, 'the plateau is the reset potential');
    assert.equal(m.compartments[2].params.tau_refrac.value, 20, 'held for the refractory time');
    assert.equal(m.compartments[1].params.delta_T.value, 0, 'a passive compartment has no exponential term');
    assert.equal(m.compartments[1].params.v_init.value, m.compartments[1].params.v_rest.value);
  });

  it('resolves projections, stimuli and records to compartments, and names projections with them', () => {
    const a = analyze(
      `${PYRAMIDAL}population pyr : Pyramidal[4]\npopulation drive : Poisson[2]\n` +
        'projection drive -> pyr.apical { weight = 5 }\nprojection drive -> pyr[1].tuft { weight = 5 }\nprojection drive -> pyr { weight = 5 }\n' +
        'stimulus pyr[0].basal : DCSource { amplitude = 10 pA }\nrecord pyr[0].apical : v\nrecord pyr : spikes, v, w\n',
    );
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === Severity.Error), []);
    const e = a.experiment!;
    assert.deepEqual(e.projections.map((p) => [p.name, p.postCompartment]), [
      ['drive->pyr.apical', 1],
      ['drive->pyr[1].tuft', 2],
      ['drive->pyr', undefined],
    ]);
    assert.equal(e.stimuli[0].compartment, 3);
    assert.deepEqual(e.recordings.map((r) => r.compartment), [1, undefined]);
  });

  it('accepts a neuron type declared after the populations that use it', () => {
    const a = analyze(`population pyr : Pyramidal[2]\nrecord pyr.apical : v\n${PYRAMIDAL}`);
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === Severity.Error), []);
    assert.ok((a.experiment!.populations[0] as NeuronPopulation).morphology);
  });

  describe('recovery', () => {
    it('an error inside a compartment leaves the other compartments and the statements after intact', () => {
      const text = PYRAMIDAL.replace('cm       = 100 pF', 'cm       = = 100 pF') + 'population pyr : Pyramidal[2]\nrecord pyr.tuft : v\n';
      const a = analyze(text);
      const errors = a.diagnostics.filter((d) => d.severity === Severity.Error);
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0].code, Code.Expected);
      assert.equal(errors[0].range.start.line, 11);
      assert.equal(a.experiment!.recordings.length, 1);
      assert.equal(a.experiment!.recordings[0].compartment, 2);
    });

    it("a compartment's missing '}' ends at the next compartment", () => {
      const text = 'neuron N {\n    compartment soma : AdEx {\n        cm = 100 pF\n    compartment d : Passive { parent = soma, g_icc = 5 nS }\n}\npopulation p : N[1]\nrecord p.d : v\n';
      const a = analyze(text);
      const errors = a.diagnostics.filter((d) => d.severity === Severity.Error);
      assert.deepEqual(errors.map((d) => [d.code, d.range.start.line]), [[Code.Unclosed, 1]]);
      const neuron = parse(text).document.statements[0];
      assert.ok(neuron.kind === 'neuron' && neuron.compartments.length === 2);
      assert.equal(a.experiment!.recordings[0].compartment, 1);
    });

    it("a neuron type's missing '}' ends at the next statement", () => {
      const text = 'neuron N {\n    compartment soma : AdEx { cm = 100 pF }\npopulation p : N[3]\nrecord p : v\n';
      const a = analyze(text);
      const errors = a.diagnostics.filter((d) => d.severity === Severity.Error);
      assert.deepEqual(errors.map((d) => [d.code, d.range.start.line]), [[Code.Unclosed, 0]]);
      assert.equal(a.experiment!.populations[0].size, 3);
      assert.equal(a.experiment!.recordings.length, 1);
    });

    it('a line that is not a compartment is reported and skipped', () => {
      const text = 'neuron N {\n    soma : AdEx { }\n    compartment soma : AdEx { }\n}\npopulation p : N[1]\n';
      const errors = errorsOf(text);
      assert.equal(errors.length, 1);
      assert.match(errors[0].message, /expected 'compartment' or '}' in neuron type, found 'soma'/);
      assert.equal(errors[0].range.start.line, 1);
    });

    it('whatever prefix of a neuron type is left unfinished, the statement after it still parses and checks', () => {
      const tail = '\npopulation after : AdEx[3]\nrecord after : v\n';
      for (let cut = 0; cut <= PYRAMIDAL.length; cut += 7) {
        const text = PYRAMIDAL.slice(0, cut) + tail;
        const a = analyze(text);
        const after = a.experiment!.populations.find((p) => p.name === 'after');
        assert.ok(after, `population after a neuron type cut at ${cut}: ${JSON.stringify(a.diagnostics.map((d) => d.message))}`);
        assert.equal(a.experiment!.recordings.filter((r) => r.target.population === 'after').length, 1, `record after the cut at ${cut}`);
      }
    });

    it('a broken compartment header still has its block checked', () => {
      const text = 'neuron N {\n    compartment soma AdEx { tua_m = 3 ms }\n}\n';
      const codes = errorsOf(text).map((d) => d.code);
      assert.ok(codes.includes(Code.Expected));
    });
  });

  describe('checks', () => {
    const SOMA = '    compartment soma : AdEx { }\n';
    it('duplicate compartment names', () =>
      expectAt(`neuron N {\n${SOMA}    compartment «soma» : Passive { parent = soma, g_icc = 1 nS }\n}`, Code.DuplicateName, /already has a compartment 'soma'/));
    it('a neuron type defined twice, or named like a built-in type', () => {
      expectAt(`neuron N {\n${SOMA}}\nneuron «N» {\n${SOMA}}`, Code.DuplicateName, /already defined as a neuron type/);
      expectAt(`neuron «AdEx» {\n${SOMA}}`, Code.DuplicateName, /built-in type/);
    });
    it('an unknown parent, with a suggestion', () =>
      expectAt(`neuron N {\n${SOMA}    compartment d : Passive { parent = «sma», g_icc = 1 nS }\n}`, Code.UnknownParentCompartment, /did you mean 'soma'/));
    it('a cycle, and a compartment that is its own parent', () => {
      expectAt(
        `neuron N {\n${SOMA}    compartment a : Passive { parent = «b», g_icc = 1 nS }\n    compartment b : Passive { parent = a, g_icc = 1 nS }\n}`,
        Code.CompartmentCycle,
        /a -> b -> a/,
      );
      expectAt(`neuron N {\n${SOMA}    compartment a : Passive { parent = «a», g_icc = 1 nS }\n}`, Code.CompartmentCycle, /its own parent/);
    });
    it('no root, several roots, a root that is not AdEx, no compartments', () => {
      expectAt('neuron «N» {\n    compartment a : AdEx { parent = b, g_icc = 1 nS }\n    compartment b : Passive { parent = a, g_icc = 1 nS }\n}', Code.BadMorphologyRoot, /has no root/);
      expectAt(`neuron N {\n${SOMA}    compartment «d» : Passive { g_icc = 1 nS }\n}`, Code.BadMorphologyRoot, /several roots \('soma' and 'd'\)/);
      expectAt('neuron N {\n    compartment soma : «Plateau» { }\n}', Code.BadMorphologyRoot, /must be AdEx/);
      expectAt('neuron «N» {\n}', Code.BadMorphologyRoot, /no compartments/);
    });
    it('g_icc and tau_icc together; neither; a coupling on the root', () => {
      expectAt(`neuron N {\n${SOMA}    compartment d : Passive { parent = soma, g_icc = 1 nS, «tau_icc» = 2 ms }\n}`, Code.ConflictingParameters, /not both/);
      expectAt(`neuron N {\n${SOMA}    compartment «d» : Passive { parent = soma }\n}`, Code.MissingParameter, /needs its coupling to 'soma'/);
      expectAt('neuron N {\n    compartment soma : AdEx { «g_icc» = 1 nS }\n}', Code.NotForThisType, /no parent/);
    });
    it('an unknown compartment kind, with a word on conductance-based compartments', () =>
      expectAt('neuron N {\n    compartment soma : «AdExCond» { }\n}', Code.UnknownChoice, /conductance-based compartments are not supported/));
    it('a parameter of another kind of compartment', () =>
      expectAt(`neuron N {\n${SOMA}    compartment d : Passive { parent = soma, g_icc = 1 nS, «b» = 3 pA }\n}`, Code.NotForThisType, /make it AdEx/));
    it('units and ranges of compartment parameters as anywhere else', () => {
      expectAt(`neuron N {\n${SOMA}    compartment d : Passive { parent = soma, g_icc = 5 «ms» }\n}`, Code.WrongDimension);
      expectAt(`neuron N {\n    compartment soma : AdEx { circuits = «0» }\n}`, Code.OutOfRange);
    });
    it('a block on a population of a neuron type', () =>
      expectAt(`neuron N {\n${SOMA}}\npopulation p : N[2] { «tau_m» = 10 ms }`, Code.NotForThisType, /takes its parameters from the type's compartments/));
    it('an unknown population type suggests declared neuron types', () =>
      expectAt(`neuron Pyramid {\n${SOMA}}\npopulation p : «Pyramdi»[2]`, Code.UnknownPopulationType, /neuron types: Pyramid.*did you mean 'Pyramid'/));
    it('compartments of a population without them, unknown compartments, and compartments as sources', () => {
      expectAt('population p : AdEx[2]\nrecord p.«soma» : v', Code.UnknownCompartment, /no named compartments/);
      expectAt(`${PYRAMIDAL}population p : Pyramidal[2]\nrecord p[1].«apicl» : v`, Code.UnknownCompartment, /did you mean 'apical'/);
      expectAt(`${PYRAMIDAL}population p : Pyramidal[2]\nprojection p.«soma» -> p { weight = 1 }`, Code.UnknownCompartment, /compartments can only be targets/);
    });
    it('record variables of each compartment kind', () => {
      expectAt(`${PYRAMIDAL}population p : Pyramidal[2]\nrecord p.apical : v, «w»`, Code.BadRecordVariable, /a Passive compartment has v, i_syn_E, i_syn_I/);
      expectAt(`${PYRAMIDAL}population p : Pyramidal[2]\nrecord p.tuft : «spikes»`, Code.BadRecordVariable, /only the neuron's output compartment, 'soma', spikes/);
      assert.deepEqual(errorsOf(`${PYRAMIDAL}population p : Pyramidal[2]\nrecord p.soma : spikes, v, w\nrecord p.tuft : v, i_syn_E\n`), []);
    });
  });
});
