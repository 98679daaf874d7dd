/**
 * The PyNN export as text: what each backend's script says (cell types, units, weights, connectors, sources,
 * recording, footer), that every script is valid Python, that the script carries the emulator's exact inputs,
 * and the diagnostics for what a backend cannot express.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Severity } from '../../../server/language/diagnostic';
import { analyzeDocument } from '../../../server/analysis';
import { BACKEND_NAMES, ExportCode, exportToPyNN, type BackendName } from '../../../server/export/pynn';

const root = join(__dirname, '..', '..', '..');
const example = (name: string) => readFileSync(join(root, 'examples', `${name}.bss2`), 'utf8');
const EXAMPLES = ['adaptation', 'ei_network', 'stdp', 'synfire'];

function exported(text: string, backend: BackendName, extra: Partial<Parameters<typeof exportToPyNN>[1]> = {}) {
  return exportToPyNN(text, { backend, fileName: 'test.bss2', ...extra });
}

function script(text: string, backend: BackendName, extra: Partial<Parameters<typeof exportToPyNN>[1]> = {}): string {
  const r = exported(text, backend, extra);
  assert.ok(r.script, `no script: ${r.diagnostics.filter((d) => d.severity === Severity.Error).map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return r.script;
}

const codes = (r: ReturnType<typeof exportToPyNN>) => r.diagnostics.map((d) => d.code);

/** The list a data function of the script returns, parsed (the literals are Python lists of numbers). */
function dataOf(text: string, fn: string): unknown {
  const start = text.indexOf(`def ${fn}():`);
  assert.ok(start >= 0, `${fn} is in the script`);
  const body = text.slice(text.indexOf('return', start) + 'return'.length, text.indexOf('\n\n', start + 1) > 0 ? text.indexOf('\n\n\n', start) : undefined);
  return JSON.parse(body.replace(/\(/g, '[').replace(/\)/g, ']').replace(/,(\s*[\]])/g, '$1'));
}

const PYTHON = '/usr/bin/python3';

describe('PyNN export: scripts', () => {
  it('pyNN.neuron: current-based AdEx as a documented custom type, PyNN units, signed weights', () => {
    const s = script(example('adaptation'), 'neuron');
    assert.match(s, /^import pyNN\.neuron as sim$/m);
    assert.match(s, /^class EIF_curr_exp_isfa_ista\(sim\.EIF_cond_exp_isfa_ista\):/m);
    assert.match(s, /extra_parameters = \{'syn_type': 'current', 'syn_shape': 'exp'\}/);
    assert.match(s, /cell = sim\.Population\(1, EIF_curr_exp_isfa_ista\(/);
    assert.match(s, /cm=0\.2,\s+# nF \(200 pF\)/);
    assert.match(s, /b=0\.06,\s+# nA \(60 pA\)/);
    assert.match(s, /a=2\.0,\s+# nS/);
    assert.match(s, /cell\.initialize\(v=-70\.0, w=0\.0\)/);
    // weight_scale 2 pA (the default): 20 steps = 0.04 nA; inhibitory current-based weights are negative.
    assert.match(s, /sim\.StaticSynapse\(weight=0\.04, delay=SOURCE_DELAY\)/);
    assert.match(s, /sim\.StaticSynapse\(weight=-0\.126, delay=SOURCE_DELAY\)/);
    assert.match(s, /receptor_type='inhibitory', label='cue->cell'/);
    assert.match(s, /sim\.StepCurrentSource\(times=\[100\.0, 400\.0\], amplitudes=\[0\.5, 0\.0\]\)\.inject_into\(cell\)/);
    assert.match(s, /cell\.record\(\['v', 'w'\], sampling_interval=0\.1\)/);
    assert.match(s, /\('cell', 0, 1, 'w', 'w', 1000\.0, 0\.0, 'pA'\)/);
    assert.match(s, /sim\.run\(DURATION_MS\)/);
    assert.match(s, /'schema': 1,/);
    assert.match(s, /^RESULTS = 'adaptation\.neuron\.results\.json'$/m);
  });

  it('pyNN.nest: the native aeif_psc_exp in NEST units', () => {
    const s = script(example('adaptation'), 'nest');
    assert.match(s, /^import pyNN\.nest as sim$/m);
    assert.match(s, /sim\.native_cell_type\('aeif_psc_exp'\)\(/);
    assert.match(s, /C_m=200\.0,\s+# pF/);
    assert.match(s, /g_L=10\.0,\s+# nS \(cm \/ tau_m/);
    assert.match(s, /V_peak=-40\.0,/);
    assert.match(s, /b=60\.0,\s+# pA/);
    assert.match(s, /cell\.initialize\(V_m=-70\.0, w=0\.0\)/);
    assert.match(s, /cell\.record\(\['V_m', 'w'\]/);
    assert.doesNotMatch(s, /class EIF_curr_exp_isfa_ista/);
  });

  it('pyNN.brian2: the custom type composed from PyNN\'s own equation blocks', () => {
    const s = script(example('adaptation'), 'brian2');
    assert.match(s, /^import pyNN\.brian2 as sim$/m);
    assert.match(s, /eqs = adexp_iaf \+ current_based_exponential_synapses/);
    assert.match(s, /post_synaptic_variables = \{'excitatory': 'ie', 'inhibitory': 'ii'\}/);
  });

  it('BrainScaleS-2: calibrated cells in hardware units, integer weights, no delays', () => {
    const r = exported(example('synfire'), 'brainscales2');
    assert.ok(r.script);
    const s = r.script;
    assert.match(s, /^import pynn_brainscales\.brainscales2 as pynn$/m);
    assert.match(s, /pynn\.cells\.CalibHXNeuronCuba\(/);
    // -65 mV with the default mapping (-65 mV at CADC 80, 3 LSB per mV) is CADC 80; v_spike -40 mV is 155.
    assert.match(s, /v_rest=80\.0,\s+# CADC LSB \(-65 mV\)/);
    assert.match(s, /v_thresh=155\.0,\s+# CADC LSB \(v_spike -40 mV/);
    assert.match(s, /tau_m=10\.0,\s+# us on the chip/);
    assert.match(s, /cm=63,/);
    assert.match(s, /pynn\.standardmodels\.synapses\.StaticSynapse\(weight=40\)/);
    assert.match(s, /pynn\.standardmodels\.synapses\.StaticSynapse\(weight=-30\)/);
    assert.doesNotMatch(s, /delay=/);
    assert.match(s, /pynn\.run\(DURATION_MS \/ 1000\.0\)/);
    assert.match(s, /^TIME_TO_MS = 1000\.0/m);
    // Spike times in hardware ms: the kick at 100 ms biological is 0.1 ms on the chip.
    assert.deepEqual(dataOf(s, 'spike_trains_kick'), Array.from({ length: 40 }, () => [0.1, 0.4, 0.7]));
    assert.ok(codes(r).includes(ExportCode.AdExTermsNotCalibrated), 'delta_T and b of the chain are reported');
  });

  it('every example is valid Python for every backend that takes it', function () {
    if (!existsSync(PYTHON)) this.skip();
    this.timeout(60000);
    for (const name of EXAMPLES) {
      for (const backend of BACKEND_NAMES) {
        const r = exported(example(name), backend);
        if (!r.script) {
          assert.equal(backend, 'brainscales2', `${name} exports to ${backend}`);
          continue;
        }
        const check = spawnSync(PYTHON, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: r.script, encoding: 'utf8' });
        assert.equal(check.status, 0, `${name} for ${backend}: ${check.stderr}`);
      }
    }
  });

  it('plays the emulator\'s exact Poisson trains and connections', () => {
    const text = example('adaptation');
    const s = script(text, 'neuron');
    const configuration = analyzeDocument(text).configuration!;
    const drive = configuration.externalSources.filter((e) => e.population === 'drive').sort((a, b) => a.index - b.index);
    assert.deepEqual(dataOf(s, 'spike_trains_drive'), drive.map((e) => e.timesUs)); // hardware us = biological ms
    const ei = script(example('ei_network'), 'neuron');
    const pairs = dataOf(ei, 'connections_exc_exc') as Array<[number, number]>;
    const sources = analyzeDocument(example('ei_network')).configuration!;
    const projection = sources.source.projections.indexOf('exc->exc');
    const synapses = sources.synapseRows.reduce((n, r) => n + r.projection.filter((p) => p === projection).length, 0);
    assert.equal(pairs.length, synapses, 'as many connections as the chip configuration has synapses for exc->exc');
    assert.ok(pairs.every(([i, j]) => i >= 0 && i < 320 && j >= 0 && j < 320));
  });

  it('offers PyNN\'s own Poisson generators and connectors, saying they draw other spikes and synapses', () => {
    const r = exported(example('ei_network'), 'neuron', { poisson: 'generators', connectivity: 'connectors' });
    assert.ok(r.script);
    assert.match(r.script, /sim\.SpikeSourcePoisson\(rate=10\.0, start=0\.0, duration=200\.0\)/);
    assert.match(r.script, /sim\.FixedProbabilityConnector\(0\.05, rng=sim\.NumpyRNG\(seed=SEED\)\)/);
    assert.match(r.script, /sim\.FixedNumberPreConnector\(20, rng=sim\.NumpyRNG\(seed=SEED\)\)/);
    assert.ok(codes(r).includes(ExportCode.PoissonRegenerated));
    assert.ok(codes(r).includes(ExportCode.ConnectivityRedrawn));
    assert.doesNotMatch(r.script, /def connections_/);
  });

  it('conductance-based AdEx is PyNN\'s EIF_cond_exp_isfa_ista with positive weights in uS', () => {
    const text = `experiment c { duration = 50 ms }
population n : AdExCond[2] { weight_scale = 0.05 nS }
population s : SpikeArray[2] { times = [5 ms] }
projection s -> n { connector = from_list([[0, 1, 10], [1, 0]]), weight = 20, receptor = inhibitory }
record n : spikes, v, i_syn_E
`;
    const r = exported(text, 'neuron');
    assert.ok(r.script);
    assert.match(r.script, /sim\.EIF_cond_exp_isfa_ista\(/);
    assert.match(r.script, /e_rev_I=-80\.0,/);
    assert.match(r.script, /FromListConnector\(\[\(i, j, w \* 0\.00005\) for i, j, w in connections_s_n\(\)\], column_names=\['weight'\]\)/);
    assert.deepEqual(dataOf(r.script, 'connections_s_n'), [[0, 1, 10], [1, 0, 20]]);
    const unrecordable = r.diagnostics.find((d) => d.code === ExportCode.RecordingNotExported);
    assert.ok(unrecordable, 'i_syn_E is reported');
    assert.equal(unrecordable.range.start.line, 4);
    assert.equal(text.split('\n')[4].slice(unrecordable.range.start.character, unrecordable.range.end.character), 'i_syn_E');
  });
});

describe('PyNN export: what cannot be expressed', () => {
  it('refuses a file with errors, pointing at them', () => {
    const r = exported('experiment e {}\npopulation p : AdEx[4] { tua_m = 20 ms }\n', 'neuron');
    assert.equal(r.script, null);
    assert.ok(codes(r).includes('BSS2-E012'));
    assert.ok(codes(r).includes(ExportCode.SourceHasErrors));
  });

  it('BrainScaleS-2 refuses a plasticity rule it cannot translate, naming the rule', () => {
    const r = exported(example('stdp'), 'brainscales2');
    assert.equal(r.script, null);
    const d = r.diagnostics.find((x) => x.code === ExportCode.PlasticityRefused);
    assert.ok(d);
    assert.equal(d.severity, Severity.Error);
    assert.match(d.message, /plasticity rule 'stdp'/);
    assert.equal(example('stdp').split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), 'stdp');
  });

  for (const backend of ['brainscales2', 'neuron', 'nest', 'brian2'] as const) {
    it(`${backend}: refuses a multi-compartment neuron type at the population's type (E505)`, () => {
      const text = example('dendritic_coincidence');
      const r = exported(text, backend);
      assert.equal(r.script, null);
      const d = r.diagnostics.find((x) => x.code === ExportCode.MultiCompartmentRefused);
      assert.ok(d, JSON.stringify(r.diagnostics.map((x) => x.code)));
      assert.equal(d.severity, Severity.Error);
      assert.match(d.message, /population 'cell' is of neuron type 'Pyramidal' with 2 compartments/);
      assert.equal(text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), 'Pyramidal');
    });
  }

  it('software backends export a plastic projection static, with a warning and a note in the results', () => {
    const r = exported(example('stdp'), 'neuron');
    assert.ok(r.script);
    const d = r.diagnostics.find((x) => x.code === ExportCode.PlasticityNotExported);
    assert.ok(d);
    assert.equal(d.severity, Severity.Warning);
    assert.match(r.script, /drive->cell: plasticity rule 'stdp' was not exported; weights stayed static/);
  });

  it('BrainScaleS-2 refuses an experiment that does not fit the chip; the simulators take it', () => {
    const text = 'experiment big { duration = 10 ms }\npopulation p : AdEx[600]\nrecord p : spikes\n';
    const chip = exported(text, 'brainscales2');
    assert.equal(chip.script, null);
    assert.ok(codes(chip).includes(ExportCode.ChipMappingFailed));
    assert.ok(exported(text, 'neuron').script);
  });

  it('BrainScaleS-2 refuses inhibitory projections onto conductance-based cells, which pynn-brainscales rejects', () => {
    const text = 'experiment c { duration = 10 ms }\npopulation n : AdExCond[2]\npopulation s : SpikeArray[1] { times = [1 ms] }\nprojection s -> n { connector = all_to_all, weight = 5, receptor = inhibitory }\n';
    const chip = exported(text, 'brainscales2');
    assert.equal(chip.script, null);
    const d = chip.diagnostics.find((x) => x.code === ExportCode.ProjectionRefused);
    assert.ok(d);
    assert.equal(text.split('\n')[3].slice(d.range.start.character, d.range.end.character), 'inhibitory');
    assert.ok(exported(text, 'neuron').script);
  });

  it('background generators, short-term plasticity and current stimuli on the chip are reported', () => {
    const text = `experiment b { duration = 20 ms }
population n : AdEx[4]
population bg : BackgroundPoisson[8] { rate = 50 Hz }
population src : SpikeArray[1] { times = [1 ms] }
projection bg -> n { connector = all_to_all, weight = 10, receptor = excitatory }
projection src -> n { connector = all_to_all, weight = 10, receptor = excitatory, stp = depressing }
stimulus n[0] : DCSource { amplitude = 100 pA }
record n : spikes
`;
    const neuron = exported(text, 'neuron');
    assert.ok(neuron.script);
    assert.ok(codes(neuron).includes(ExportCode.BackgroundPoissonApproximated));
    assert.ok(codes(neuron).includes(ExportCode.StpNotExported));
    assert.match(neuron.script, /bg = sim\.Population\(8, sim\.SpikeSourcePoisson\(rate=50\.0/);
    const chip = exported(text, 'brainscales2');
    assert.ok(chip.script, chip.diagnostics.map((d) => d.message).join('\n'));
    assert.match(chip.script, /pynn\.cells\.SpikeSourcePoissonOnChip\(rate=50000\.0, seed=\d+\)/);
    assert.ok(codes(chip).includes(ExportCode.StimulusNotExported));
    assert.ok(codes(chip).includes(ExportCode.StpNotExported));
  });
});
