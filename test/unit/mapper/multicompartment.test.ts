/**
 * Multi-compartment neurons on the chip: placement at each rule's boundary (facts §3.4), fan-in of a compartment
 * of k circuits, the translation conventions of common/chip/configuration.ts, and the validator accepting what
 * the mapper writes. Experiments are written in the language and go through the real checker and mapper.
 */
import assert from 'node:assert/strict';
import { validateChipConfiguration } from '../../../common/chip/validate';
import { CALIBRATION, MULTICOMPARTMENT, TOPOLOGY } from '../../../common/chip/limits';
import { analyze } from '../../../server/language';
import { Severity } from '../../../server/language/diagnostic';
import { MapperCode, mapExperiment } from '../../../server/mapper';
import { mvToCadc, resolveVoltageMapping } from '../../../server/mapper/translateParameters';

function mapped(text: string) {
  const analysis = analyze(text);
  const languageErrors = analysis.diagnostics.filter((d) => d.severity === Severity.Error);
  assert.deepEqual(languageErrors, [], 'the test file itself must be valid');
  assert.ok(analysis.experiment);
  return { ...mapExperiment(analysis.experiment), experiment: analysis.experiment, text };
}

const errors = (r: ReturnType<typeof mapped>) => r.diagnostics.filter((d) => d.severity === Severity.Error);
const slice = (text: string, d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }) =>
  text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);

/** A soma and `n - 1` passive compartments in a chain, each of `circuits` circuits (the soma of `somaCircuits`). */
function chain(n: number, circuits = 1, somaCircuits = circuits): string {
  const lines = ['neuron Chain {', `    compartment soma : AdEx { circuits = ${somaCircuits} }`];
  for (let i = 1; i < n; i++) {
    lines.push(`    compartment d${i} : Passive { parent = ${i === 1 ? 'soma' : `d${i - 1}`}, g_icc = 20 nS, circuits = ${circuits} }`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A one-compartment neuron type of `circuits` circuits (width ceil(circuits / 2) columns). */
function wide(name: string, circuits: number): string {
  return `neuron ${name} {\n    compartment soma : AdEx { circuits = ${circuits} }\n}\n`;
}

describe('mapper: multi-compartment placement', () => {
  it(`places ${MULTICOMPARTMENT.maxCompartments} compartments and refuses ${MULTICOMPARTMENT.maxCompartments + 1} at the population's type`, () => {
    const ok = mapped(`${chain(MULTICOMPARTMENT.maxCompartments)}population p : Chain[1]\n`);
    assert.deepEqual(errors(ok), []);
    assert.equal(ok.configuration!.logicalNeurons![0].compartments.length, 254);
    assert.deepEqual(validateChipConfiguration(ok.configuration), []);

    const over = mapped(`${chain(MULTICOMPARTMENT.maxCompartments + 1)}population p : Chain[1]\n`);
    const d = errors(over).find((x) => x.code === MapperCode.TooManyCompartments);
    assert.ok(d, JSON.stringify(errors(over)));
    assert.equal(slice(over.text, d), 'Chain');
    assert.equal(d.range.start.line, over.text.split('\n').length - 2, 'at the population statement');
    assert.match(d.message, /has 255 compartments; a logical neuron has at most 254/);
    assert.equal(over.configuration, undefined);
  });

  it('places a neuron of exactly 128 columns (256 circuits) and refuses 129 columns', () => {
    const ok = mapped(`${wide('W', 256)}population p : W[1]\n`);
    assert.deepEqual(errors(ok), []);
    const columns = new Set(ok.configuration!.neurons.map((n) => n.column));
    assert.equal(columns.size, 128);
    assert.equal(Math.min(...columns), 0);
    assert.equal(Math.max(...columns), 127);

    const over = mapped(`${wide('W', 257)}population p : W[1]\n`);
    const d = errors(over).find((x) => x.code === MapperCode.LogicalNeuronTooWide);
    assert.ok(d, JSON.stringify(errors(over)));
    assert.match(d.message, /takes 257 circuits, 129 columns x 2 rows; a logical neuron spans at most 128 columns x 2 rows = 256 circuits/);
    assert.equal(slice(over.text, d), 'W');
  });

  it('places a neuron that ends at column 127 in block 0, and moves one that would cross to column 128', () => {
    // 120 columns, then 8: the second ends exactly at column 127.
    const fits = mapped(`${wide('A', 240)}${wide('B', 16)}population a : A[1]\npopulation b : B[1]\n`);
    assert.deepEqual(errors(fits), []);
    const b = fits.configuration!.neurons.filter((n) => n.population === 'b').map((n) => n.column);
    assert.equal(Math.min(...b), 120);
    assert.equal(Math.max(...b), 127);

    // 120 columns, then 9: columns 120..128 would cross the boundary, so the neuron starts at column 128.
    const moved = mapped(`${wide('A', 240)}${wide('B', 18)}population a : A[1]\npopulation b : B[1]\n`);
    assert.deepEqual(errors(moved), []);
    const columns = moved.configuration!.neurons.filter((n) => n.population === 'b').map((n) => n.column);
    assert.equal(Math.min(...columns), 128);
    assert.equal(Math.max(...columns), 136);
    for (const n of moved.configuration!.logicalNeurons!) {
      const blocks = new Set(n.compartments.flatMap((c) => c.circuits).map((i) => Math.floor(moved.configuration!.neurons[i].column / 128)));
      assert.equal(blocks.size, 1, 'a logical neuron stays in one backend block');
    }
    assert.deepEqual(validateChipConfiguration(moved.configuration), []);
  });

  it('refuses, naming the neuron, a neuron that fits neither the rest of its block nor the next one', () => {
    // Three neurons of 100 columns: the first in block 0, the second moved to block 1, the third nowhere.
    const r = mapped(`${wide('H', 200)}population p : H[3]\n`);
    const d = errors(r).find((x) => x.code === MapperCode.LogicalNeuronDoesNotFit);
    assert.ok(d, JSON.stringify(errors(r)));
    assert.match(d.message, /neuron p\[2\] of type 'H' needs 100 columns x 2 rows; only 28 columns are left in backend block 1/);
    assert.equal(slice(r.text, d), '3');
    assert.equal(r.diagnostics.filter((x) => x.code === MapperCode.LogicalNeuronDoesNotFit).length, 1, 'reported once per population');
  });

  it('never gives a circuit to two compartments, and one-circuit neurons take the free circuits around the boxes', () => {
    const text = `${chain(5, 3)}population m : Chain[7]\npopulation s : AdEx[300]\n`;
    const r = mapped(text);
    assert.deepEqual(errors(r), []);
    const config = r.configuration!;
    const places = config.neurons.map((n) => `${n.hemisphere}:${n.column}`);
    assert.equal(new Set(places).size, places.length, 'one circuit per place');
    const owned = config.logicalNeurons!.flatMap((n) => n.compartments.flatMap((c) => c.circuits));
    assert.equal(new Set(owned).size, owned.length, 'each circuit in one compartment');
    assert.equal(owned.length, 7 * 15);
    for (const n of config.logicalNeurons!) {
      n.compartments.forEach((c, k) => c.circuits.forEach((i) => assert.equal(config.neurons[i].compartment, k)));
    }
    // 15 circuits: 8 columns, 16 cells of which one stays free; the singles start after the boxes in row 0.
    const boxes = 7 * 8;
    const singles = config.neurons.filter((n) => n.population === 's');
    assert.equal(singles[0].hemisphere, 0);
    assert.equal(singles[0].column, boxes);
    assert.equal(singles.filter((n) => n.hemisphere === 0).length, TOPOLOGY.neuronColumns - boxes);
    assert.deepEqual(validateChipConfiguration(config), []);
  });

  it('keeps the placement of files without neuron types as it was (population order, row 0 first)', () => {
    const r = mapped('population a : AdEx[300]\npopulation b : AdEx[10]\n');
    const config = r.configuration!;
    assert.equal(config.logicalNeurons, undefined);
    config.neurons.forEach((n, i) => {
      assert.equal(n.hemisphere * 256 + n.column, i);
      assert.equal(n.compartment, 0);
      assert.equal(n.thresholdEnabled, undefined);
    });
  });
});

describe('mapper: fan-in of a compartment of k circuits', () => {
  for (const k of [1, 2]) {
    const available = k * TOPOLOGY.synapseRowsPerHemisphere;
    const text = (sources: number) =>
      `${chain(2, k, 1)}population p : Chain[1]\npopulation drive : Poisson[${sources}] { rate = 1 Hz }\n` +
      'projection drive -> p.d1 { connector = all_to_all, weight = 10 }\n';

    it(`accepts ${available} rows into a compartment of ${k} circuit${k > 1 ? 's' : ''}`, () => {
      const r = mapped(text(available));
      assert.deepEqual(errors(r), []);
      const fanIn = r.resources.fanIn.find((f) => f.population === 'p.d1');
      assert.deepEqual(fanIn, { population: 'p.d1', rows: available, available });
      // The rows are spread over the compartment's circuits, none over its 256.
      const config = r.configuration!;
      const circuits = config.logicalNeurons![0].compartments[1].circuits;
      const perCircuit = circuits.map((i) => {
        const n = config.neurons[i];
        return config.synapseRows.filter((row) => row.hemisphere === n.hemisphere && row.columns.includes(n.column)).length;
      });
      assert.deepEqual(perCircuit, circuits.map(() => TOPOLOGY.synapseRowsPerHemisphere));
      // Nothing lands on the soma.
      const soma = config.neurons[config.logicalNeurons![0].compartments[0].circuits[0]];
      assert.equal(config.synapseRows.filter((row) => row.hemisphere === soma.hemisphere && row.columns.includes(soma.column)).length, 0);
    });

    it(`refuses ${available + 1} rows into a compartment of ${k} circuit${k > 1 ? 's' : ''}, at the projection's target`, () => {
      const r = mapped(text(available + 1));
      const d = errors(r).find((x) => x.code === MapperCode.FanInTooLarge);
      assert.ok(d, JSON.stringify(errors(r).map((x) => x.message)));
      assert.match(d.message, new RegExp(`compartment 'd1' of neuron p\\[0\\] needs ${available + 1} synapse rows, but its ${k} circuit`));
      assert.equal(slice(r.text, d), 'p.d1');
      assert.equal(d.data?.limit, available);
    });
  }
});

describe('mapper: translation of compartments', () => {
  const text = `experiment t { duration = 100 ms }
neuron Pyr {
    compartment soma : AdEx {
        circuits = 2, cm = 200 pF, tau_m = 20 ms, v_rest = -65 mV, delta_T = 2 mV, a = 3 nS, b = 40 pA
        v_spike = -40 mV, v_reset = -60 mV, tau_refrac = 2 ms, i_offset = 100 pA, weight_scale = 4 pA
    }
    compartment apical : Passive { parent = soma, circuits = 3, cm = 150 pF, tau_m = 15 ms, v_rest = -65 mV, tau_icc = 5 ms }
    compartment tuft : Plateau { parent = apical, g_icc = 10 nS, v_spike = -50 mV, v_plateau = -45 mV, plateau_duration = 20 ms }
}
population pyr : Pyr[2]
population drive : SpikeArray[1] { times = [10 ms] }
projection drive -> pyr { weight = 10 }
record pyr[1].apical : v
record pyr : spikes, v
stimulus pyr[0].apical : DCSource { amplitude = 30 pA }
`;
  const r = mapped(text);
  const config = r.configuration!;
  const mapping = resolveVoltageMapping(r.experiment.voltageMapping);
  const neuron = config.logicalNeurons![1];
  const circuitsOf = (k: number) => neuron.compartments[k].circuits.map((i) => config.neurons[i]);

  it('maps without errors, and the validator accepts the configuration', () => {
    assert.deepEqual(errors(r), []);
    assert.deepEqual(validateChipConfiguration(config), []);
    assert.deepEqual(neuron.compartments.map((c) => [c.name, c.circuits.length]), [['soma', 2], ['apical', 3], ['tuft', 1]]);
    assert.equal(neuron.output, 0);
  });

  it('splits a compartment\'s capacitance and offset current over its circuits with the same tau_m', () => {
    const soma = circuitsOf(0);
    assert.deepEqual(soma.map((n) => n.cmPf), [100, 100]);
    assert.deepEqual(soma.map((n) => n.offsetCurrentPa), [50, 50]);
    assert.deepEqual(soma.map((n) => n.tauMemUs), [20, 20]);
    assert.deepEqual(soma.map((n) => n.weightScale), [4, 4]);
    const apical = circuitsOf(1);
    for (const n of apical) assert.ok(Math.abs(n.cmPf - 50) < 1e-9);
    assert.deepEqual(apical.map((n) => n.tauMemUs), [15, 15, 15]);
  });

  it('gives each compartment one comparator; only the soma\'s sends events; exp and adaptation on the soma\'s comparator only', () => {
    const [s0, s1] = circuitsOf(0);
    assert.equal(s0.thresholdEnabled, true);
    assert.equal(s0.eventOutput, true);
    assert.ok(s0.expSlopeCadc > 0);
    assert.equal(s0.adaptationANs, 3);
    assert.equal(s0.adaptationBPa, 40);
    assert.equal(s1.thresholdEnabled, false);
    assert.equal(s1.eventOutput, false);
    assert.deepEqual([s1.expSlopeCadc, s1.adaptationANs, s1.adaptationBPa], [0, 0, 0]);
    assert.equal(s1.refractoryCounter, s0.refractoryCounter, 'one membrane, one refractory setting');
    for (const n of circuitsOf(1)) {
      assert.equal(n.thresholdEnabled, false, 'a passive compartment has no comparator');
      assert.deepEqual([n.expSlopeCadc, n.adaptationANs, n.adaptationBPa, n.eventOutput], [0, 0, 0, false]);
    }
    // The population's circuits in the source map are the output circuits.
    const entry = config.source.populations.find((p) => p.name === 'pyr')!;
    assert.deepEqual(entry.circuits, config.logicalNeurons!.map((n) => n.compartments[0].circuits[0]));
    assert.deepEqual(entry.logicalNeurons, [0, 1]);
  });

  it('makes a plateau compartment a comparator without output whose reset is the plateau potential, held for the plateau duration', () => {
    const [tuft] = circuitsOf(2);
    assert.equal(tuft.thresholdEnabled, true);
    assert.equal(tuft.eventOutput, false);
    assert.ok(Math.abs(tuft.resetCadc - mvToCadc(-45, mapping)) < 1e-9);
    assert.ok(Math.abs(tuft.thresholdCadc - mvToCadc(-50, mapping)) < 1e-9);
    assert.ok(tuft.resetCadc > tuft.leakCadc, 'the plateau lies above the leak');
    const block = config.backendBlocks[Math.floor(tuft.column / 128)];
    const scale = tuft.refractoryClock === 'fast' ? block.clockScaleFast : block.clockScaleSlow;
    const realisedUs = (tuft.refractoryCounter / (250e6 / 2 ** (scale + 1))) * 1e6;
    assert.ok(Math.abs(realisedUs - 20) / 20 < 0.05, `plateau held ${realisedUs} us`);
    assert.deepEqual([tuft.expSlopeCadc, tuft.adaptationANs, tuft.adaptationBPa], [0, 0, 0]);
  });

  it('couples compartments with g_icc, or with cm / tau_icc of the child compartment', () => {
    assert.deepEqual(neuron.couplings, [
      { a: 0, b: 1, conductanceNs: 150 / 5 },
      { a: 1, b: 2, conductanceNs: 10 },
    ]);
  });

  it('records a compartment\'s membrane on a circuit of that compartment; the population\'s on the output circuit', () => {
    const channels = [...config.recording.madc, ...config.recording.cadc];
    const apical = circuitsOf(1);
    assert.ok(channels.some((ch) => ch.observable === 'v' && apical.some((n) => n.hemisphere === ch.hemisphere && n.column === ch.column)));
    for (const l of config.logicalNeurons!) {
      const out = config.neurons[l.compartments[0].circuits[0]];
      assert.ok(channels.some((ch) => ch.hemisphere === out.hemisphere && ch.column === out.column));
    }
  });

  it('injects a stimulus of a compartment into that compartment\'s circuit', () => {
    assert.equal(config.stimuli.length, 1);
    const [stimulus] = config.stimuli;
    const apical = config.logicalNeurons![0].compartments[1].circuits.map((i) => config.neurons[i]);
    assert.ok(apical.some((n) => n.hemisphere === stimulus.hemisphere && n.column === stimulus.column));
    assert.deepEqual(stimulus.amplitudesPa, [30]);
  });

  it('warns at tau_icc outside the calibratable inter-compartment time constant', () => {
    const [lo, hi] = CALIBRATION.tauIccUs.feasible;
    const t = `neuron N {\n    compartment soma : AdEx { }\n    compartment d : Passive { parent = soma, tau_icc = ${hi * 2} ms }\n}\npopulation p : N[1]\n`;
    const w = mapped(t).diagnostics.find((d) => d.code === MapperCode.AnalogNotCalibratable && /inter-compartment/.test(d.message));
    assert.ok(w);
    assert.equal(w.severity, Severity.Warning);
    assert.equal(slice(t, w), `${hi * 2} ms`);
    assert.match(w.message, new RegExp(`outside the calibratable inter-compartment time constant ${lo}..${hi} us`));
    const inside = `neuron N {\n    compartment soma : AdEx { }\n    compartment d : Passive { parent = soma, tau_icc = ${hi} ms }\n}\npopulation p : N[1]\n`;
    assert.equal(mapped(inside).diagnostics.filter((d) => /inter-compartment/.test(d.message)).length, 0);
  });
});
