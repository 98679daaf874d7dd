import assert from 'node:assert/strict';
import type { ChipConfiguration } from '../../../common/chip/configuration';
import { validateChipConfiguration } from '../../../common/chip/validate';
import { mapExperiment } from '../../../server/mapper';
import { background, eiNetwork, experiment, neurons, project, record, spikeArray, step } from '../mapper/builders';

function mapped(): ChipConfiguration {
  const { configuration } = mapExperiment(eiNetwork());
  assert.ok(configuration);
  return JSON.parse(JSON.stringify(configuration)) as ChipConfiguration;
}

describe('chip configuration validator', () => {
  it('accepts every mapper output', () => {
    const cell = neurons('cell', 3, {}, 'AdExCond');
    const bg = background('bg', 3, 20);
    const cue = spikeArray('cue', 2, [5, 12.5]);
    const examples = [
      eiNetwork(),
      experiment({
        populations: [cell, bg, cue],
        projections: [project(bg, cell, { connector: { kind: 'one_to_one' } }), project(cue, cell, { weight: 100, splitWeights: true, receptor: 'inhibitory', stp: { mode: 'facilitating', utilization: 3, recovery: 9 } })],
        recordings: [record(cell, ['v', 'w'])],
        stimuli: [step(cell, 2, [1, 2], [50, 0])],
      }),
    ];
    for (const exp of examples) {
      const { configuration, diagnostics } = mapExperiment(exp);
      assert.ok(configuration, JSON.stringify(diagnostics));
      assert.deepEqual(validateChipConfiguration(JSON.parse(JSON.stringify(configuration))), []);
    }
  });

  it('names the path of a value outside its hard range', () => {
    const config = mapped();
    config.neurons[3].tauMemUs = 5000;
    assert.deepEqual(validateChipConfiguration(config), ['neurons[3].tauMemUs: expected a number in 0.1..2000, found 5000']);
  });

  it('rejects 7-bit weights, bad labels and mismatched synapse arrays', () => {
    const config = mapped();
    config.synapseRows[0].weights[1] = 64;
    config.synapseRows[1].labels[0] = -1;
    config.synapseRows[2].columns.pop();
    const problems = validateChipConfiguration(config);
    assert.deepEqual(problems, [
      'synapseRows[0].weights[1]: expected an integer in 0..63, found 64',
      'synapseRows[1].labels[0]: expected an integer in 0..63, found -1',
      'synapseRows[2]: columns, weights, labels and projection must have the same length',
    ]);
  });

  it('rejects another schema version, missing and unknown fields', () => {
    assert.match(validateChipConfiguration({ ...mapped(), schema: 2 })[0], /^schema: .*schema 1, found 2/);
    const config = mapped() as unknown as Record<string, unknown>;
    delete config.durationUs;
    config.extra = true;
    const problems = validateChipConfiguration(config);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^durationUs: expected a finite number/);
    assert.equal(problems[1], 'extra: unknown field');
    assert.deepEqual(validateChipConfiguration(null), ['(root): expected an object, found null']);
  });

  it('rejects inconsistent placements, row modes and MADC channels', () => {
    const config = mapped();
    config.neurons[1].column = config.neurons[0].column;
    config.neurons[1].hemisphere = config.neurons[0].hemisphere;
    config.neurons[1].row = config.neurons[0].row;
    const row = config.synapseRows[0];
    row.mode = row.mode === 'excitatory' ? 'inhibitory' : 'excitatory';
    config.recording.madc = [
      { hemisphere: 0, column: 2, observable: 'v' },
      { hemisphere: 0, column: 4, observable: 'v' },
    ];
    const problems = validateChipConfiguration(config);
    assert.ok(problems.some((p) => p.startsWith('neurons[1]: circuit (hemisphere 0, column 0) is already used by neurons[0]')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('synapseRows[0].mode:')), problems.join('\n'));
    assert.ok(problems.includes('recording.madc: the two MADC channels must be in columns of different parity'), problems.join('\n'));
  });

  it('rejects unsorted spike times and out-of-range generator fields', () => {
    const cell = neurons('cell', 1);
    const bg = background('bg', 1, 20);
    const cue = spikeArray('cue', 1, [5, 6]);
    const { configuration } = mapExperiment(experiment({ populations: [cell, bg, cue], projections: [project(bg, cell), project(cue, cell)] }));
    assert.ok(configuration);
    const config = JSON.parse(JSON.stringify(configuration)) as ChipConfiguration;
    config.externalSources[0].timesUs = [6, 5];
    config.backgroundGenerators[0].period = 70000;
    assert.deepEqual(validateChipConfiguration(config), [
      'externalSources[0].timesUs[1]: times must be sorted, found 5 after 6',
      'backgroundGenerators[0].period: expected an integer in 0..65535, found 70000',
    ]);
  });
});
