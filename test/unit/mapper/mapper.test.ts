import assert from 'node:assert/strict';
import { validateChipConfiguration } from '../../../common/chip/validate';
import { Severity } from '../../../server/language/diagnostic';
import { MAPPER_CODES, MapperCode, mapExperiment, renderResourceTable } from '../../../server/mapper';
import { background, eiNetwork, experiment, neurons, poisson, project, record, spikeArray, step } from './builders';
import { deliveredConnections, requested, summed } from './delivery';

describe('mapper: whole experiments', () => {
  it('maps the E/I network cleanly, and the configuration validates', () => {
    const result = mapExperiment(eiNetwork());
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.configuration);
    assert.deepEqual(validateChipConfiguration(result.configuration), []);
    assert.equal(result.configuration.neurons.length, 400);
    assert.equal(result.resources.neuronCircuits.total.used, 400);
  });

  it('delivers exactly the connections of every projection through the chip event path', () => {
    const exp = eiNetwork(7);
    const { configuration } = mapExperiment(exp);
    assert.ok(configuration);
    const expected = requested(exp);
    const delivered = summed(deliveredConnections(configuration));
    assert.equal(delivered.size, expected.size);
    for (const [key, w] of expected) assert.equal(delivered.get(key), w, key);
  });

  it('realises split weights as parallel rows that add up', () => {
    const cell = neurons('cell', 2);
    const drive = spikeArray('drive', 1, [1]);
    const exp = experiment({ populations: [cell, drive], projections: [project(drive, cell, { weight: 150, splitWeights: true })] });
    const { configuration, diagnostics } = mapExperiment(exp);
    assert.deepEqual(diagnostics, []);
    assert.ok(configuration);
    assert.equal(configuration.synapseRows.length, 3);
    assert.deepEqual(summed(deliveredConnections(configuration)).get('drive[0]->cell[0]'), 150);
  });

  it('routes background generators with their label mask and encodes their rate', () => {
    const cell = neurons('cell', 10);
    const bg = background('bg', 20, 50, 99);
    const exp = experiment({ populations: [cell, bg], projections: [project(bg, cell, { connector: { kind: 'one_to_one' } })] });
    const { configuration, diagnostics } = mapExperiment(exp);
    assert.deepEqual(diagnostics, []);
    assert.ok(configuration);
    const [g] = configuration.backgroundGenerators;
    assert.equal(g.mask, 31);
    assert.equal(g.seed, 99);
    const realised = (250e6 * (g.rate + 1)) / 256 / (g.period + 1);
    assert.ok(Math.abs(realised - 50 * 1000 * 32) / (50 * 1000 * 32) < 0.01, `realised ${realised}`);
    const delivered = summed(deliveredConnections(configuration));
    assert.equal(delivered.size, 10);
    assert.equal(delivered.get('bg[3]->cell[3]'), 10);
  });

  it('reports five different violations of one experiment, all at once', () => {
    const a = neurons('a', 300, { tau_m: 3000 });
    const b = neurons('b', 213);
    const drive = poisson('drive', 4, 10);
    const exp = experiment({
      populations: [a, b, drive],
      projections: [
        project(drive, a, { weight: 70 }),
        project(drive, a, { weight: 5, delay: 1, receptor: 'inhibitory' }),
        project(drive, a, { weight: 5, stp: { mode: 'depressing', utilization: 16, recovery: 2 } }),
      ],
    });
    const codes = new Set(mapExperiment(exp).diagnostics.map((d) => d.code));
    for (const code of [MapperCode.TooManyNeurons, MapperCode.WeightTooLarge, MapperCode.DelayUnsupported, MapperCode.AnalogOutOfHardRange, MapperCode.StpFieldOutOfRange]) {
      assert.ok(codes.has(code), `missing ${code} in ${[...codes].join(', ')}`);
    }
  });

  it('is deterministic: the same input gives identical JSON, another seed other connectivity', () => {
    const one = JSON.stringify(mapExperiment(eiNetwork(3)).configuration);
    const two = JSON.stringify(mapExperiment(eiNetwork(3)).configuration);
    const other = JSON.stringify(mapExperiment(eiNetwork(4)).configuration);
    assert.equal(one, two);
    assert.notEqual(one, other);
  });

  it('places populations in file order, hemisphere 0 first', () => {
    const { configuration } = mapExperiment(eiNetwork());
    assert.ok(configuration);
    const inh = configuration.neurons.filter((n) => n.population === 'inh');
    assert.deepEqual([inh[0].hemisphere, inh[0].column], [1, 64]);
    assert.ok(configuration.neurons.every((n) => n.row === n.hemisphere));
  });

  it('records membranes through the MADC (different parity) and the rest through the CADC', () => {
    const cell = neurons('cell', 4);
    const exp = experiment({ populations: [cell], recordings: [record(cell, ['spikes', 'v'])], stimuli: [step(cell, 1, [10, 20], [100, 0])] });
    const { configuration } = mapExperiment(exp);
    assert.ok(configuration);
    assert.deepEqual(configuration.recording.madc.map((c) => c.column), [0, 1]);
    assert.deepEqual(configuration.recording.cadc.map((c) => c.column), [2, 3]);
    assert.deepEqual(configuration.stimuli, [{ hemisphere: 0, column: 1, timesUs: [10, 20], amplitudesPa: [100, 0] }]);
  });

  it('translates parameters into hardware units', () => {
    const cell = neurons('cell', 1, { tau_m: 20, v_rest: -65, v_spike: -50, tau_refrac: 2, tau_syn_E: 5 });
    const { configuration } = mapExperiment(experiment({ populations: [cell], durationMs: 500 }));
    assert.ok(configuration);
    const n = configuration.neurons[0];
    assert.equal(n.tauMemUs, 20);
    assert.equal(n.tauSynExcUs, 5);
    assert.equal(n.leakCadc, 80);
    assert.equal(n.thresholdCadc, 125);
    assert.equal(configuration.durationUs, 500);
    const scale = n.refractoryClock === 'fast' ? configuration.backendBlocks[0].clockScaleFast : configuration.backendBlocks[0].clockScaleSlow;
    assert.ok(Math.abs((n.refractoryCounter / (250e6 / 2 ** (scale + 1))) * 1e6 - 2) < 0.02);
    assert.equal(n.capmem.vLeak, Math.round(70 + ((80 - 20) * 480) / 200));
  });

  it('renders the resource report as a table', () => {
    const table = renderResourceTable(mapExperiment(eiNetwork()).resources);
    assert.match(table, /neuron circuits\s+400 \/ 512 \(78 %\)/);
    assert.match(table, /background generators\s+0 \/ 8/);
  });

  it('reports only registered codes with the registered severity', () => {
    const registry = new Map(MAPPER_CODES.map((c) => [c.code, c.severity]));
    assert.equal(registry.size, MAPPER_CODES.length);
    assert.equal(new Set(Object.values(MapperCode)).size, MAPPER_CODES.length);
    for (const c of MAPPER_CODES) assert.match(c.code, c.severity === Severity.Error ? /^BSS2-E1\d\d$/ : c.severity === Severity.Warning ? /^BSS2-W1\d\d$/ : /^BSS2-I1\d\d$/);
    const a = neurons('a', 600, { tau_m: 100, v_rest: -90 });
    const exp = experiment({ populations: [a], recordings: [record(a, ['v', 'w'])] });
    for (const d of mapExperiment(exp).diagnostics) assert.equal(registry.get(d.code), d.severity, d.code);
  });
});
