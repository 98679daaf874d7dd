/**
 * One test per chip limit the language can express (facts §12): the limit itself maps, one step past it is
 * reported with the right code at the right token.
 */
import assert from 'node:assert/strict';
import { BACKGROUND, EVENTS, FIELDS, TOPOLOGY } from '../../../common/chip/limits';
import { Severity, type Diagnostic } from '../../../server/language/diagnostic';
import type { Experiment } from '../../../server/language/model';
import type { Range } from '../../../server/language/position';
import { MapperCode, type MapOptions, mapExperiment } from '../../../server/mapper';
import { MAX_REFRACTORY_US } from '../../../server/mapper/translateParameters';
import { background, experiment, neurons, poisson, project, record, spikeArray } from './builders';
import { deliveredConnections, summed } from './delivery';

function codes(exp: Experiment, options?: MapOptions): string[] {
  return mapExperiment(exp, options).diagnostics.map((d) => d.code);
}

function only(exp: Experiment, code: string, options?: MapOptions): Diagnostic {
  const found = mapExperiment(exp, options).diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, found ${found.length}`);
  return found[0];
}

function assertRange(d: Diagnostic, r: Range | undefined): void {
  assert.ok(r);
  assert.deepEqual(d.range, r);
}

describe('mapper: chip limits at their boundary', () => {
  it('§12.1 neuron circuits: 512 map, 513 do not', () => {
    const fits = experiment({ populations: [neurons('a', 500), neurons('b', 12)] });
    assert.deepEqual(codes(fits), []);
    const a = neurons('a', 500);
    const b = neurons('b', 13);
    const d = only(experiment({ populations: [a, b] }), MapperCode.TooManyNeurons);
    assertRange(d, b.sizeRange);
    assert.equal(d.data?.nearest, 12);
    assert.deepEqual(d.relatedInformation?.map((r) => r.range), [a.sizeRange]);
  });

  it('§12.2 weight: 63 maps, 64 is an error unless split across rows', () => {
    const cell = neurons('cell', 1);
    const drive = spikeArray('drive', 1, [1]);
    assert.deepEqual(codes(experiment({ populations: [cell, drive], projections: [project(drive, cell, { weight: 63 })] })), []);
    const p = project(drive, cell, { weight: 64 });
    const d = only(experiment({ populations: [cell, drive], projections: [p] }), MapperCode.WeightTooLarge);
    assertRange(d, p.weight.range);
    assert.equal(d.data?.nearest, 63);
    assert.equal(d.data?.splitRows, 2);
    const split = mapExperiment(experiment({ populations: [cell, drive], projections: [project(drive, cell, { weight: 64, splitWeights: true })] }));
    assert.deepEqual(split.diagnostics, []);
    assert.equal(split.resources.synapseRows.perHemisphere[0].used, 2);
  });

  it('§12.3 weight sign: 0 maps, -1 is an error', () => {
    const cell = neurons('cell', 1);
    const drive = spikeArray('drive', 1, [1]);
    assert.deepEqual(codes(experiment({ populations: [cell, drive], projections: [project(drive, cell, { weight: 0 })] })), []);
    const p = project(drive, cell, { weight: -1 });
    assertRange(only(experiment({ populations: [cell, drive], projections: [p] }), MapperCode.NegativeWeight), p.weight.range);
  });

  it('§12.4 delay: 0 maps, anything else is an error at the delay', () => {
    const cell = neurons('cell', 1);
    const drive = spikeArray('drive', 1, [1]);
    assert.deepEqual(codes(experiment({ populations: [cell, drive], projections: [project(drive, cell, { delay: 0 })] })), []);
    const p = project(drive, cell, { delay: 0.1 });
    const d = only(experiment({ populations: [cell, drive], projections: [p] }), MapperCode.DelayUnsupported);
    assertRange(d, p.delay?.range);
    assert.equal(d.data?.nearest, 0);
  });

  it('§12.5 fan-in: 256 rows per neuron map, 257 do not', () => {
    const cell = neurons('cell', 2);
    const ok = poisson('drive', 256, 1);
    assert.deepEqual(codes(experiment({ populations: [cell, ok], projections: [project(ok, cell)] })), []);
    const drive = poisson('drive', 200, 1);
    const extra = poisson('extra', 57, 1);
    const main = project(drive, cell);
    const other = project(extra, cell);
    const d = only(experiment({ populations: [cell, drive, extra], projections: [main, other] }), MapperCode.FanInTooLarge);
    assertRange(d, main.post.range);
    assert.equal(d.data?.found, 257);
    assert.deepEqual(d.relatedInformation?.map((r) => r.range), [other.range]);
  });

  it('§12.6 fan-in per PADI bus: 64 rows map, 65 do not', () => {
    const cell = neurons('cell', 1);
    const drive = spikeArray('drive', 1, [1]);
    const at = (w: number) => experiment({ populations: [cell, drive], projections: [project(drive, cell, { weight: w, splitWeights: true })] });
    assert.deepEqual(codes(at(63 * 64)), []);
    const exp = at(63 * 65);
    const d = only(exp, MapperCode.FanInPerBusTooLarge);
    assertRange(d, exp.projections[0].pre.range);
    assert.equal(d.data?.found, 65);
  });

  it('§12.7 synapse rows per PADI bus: 64 map, 65 do not, naming the competing projection', () => {
    const a = neurons('a', 1);
    const b = neurons('b', 1);
    const drive = spikeArray('drive', 1, [1]);
    const at = (rowsA: number) =>
      experiment({
        populations: [a, b, drive],
        projections: [
          project(drive, a, { weight: 63 * rowsA, splitWeights: true }),
          project(drive, b, { weight: 63 * 32, splitWeights: true, receptor: 'inhibitory' }),
        ],
      });
    assert.deepEqual(codes(at(32)), []);
    const exp = at(33);
    const d = only(exp, MapperCode.RowsPerBusExhausted);
    assertRange(d, exp.projections[0].range);
    assert.equal(d.data?.found, 65);
    assert.deepEqual(d.relatedInformation?.map((r) => r.range), [exp.projections[1].range]);
  });

  it('§12.7 drivers per address group: as many as a compare mask can keep apart, not a fixed 8', () => {
    // 768 external sources fill bus 0 with address classes 3, 2 and 1 (from address 255 down); each class
    // uses all 64 labels, so a driver of class 1 must compare row-select bit 1 against class 3 and 2: 16 of
    // the 32 drivers can do that (the former fixed share was 8).
    const cell = neurons('cell', 1);
    const many = spikeArray('many', 768, [1]);
    const at = (rows: number) =>
      experiment({ populations: [cell, many], projections: [project(many, cell, { pre: [512, 513], weight: 63 * rows, splitWeights: true })] });
    const fits = mapExperiment(at(32));
    assert.deepEqual(fits.diagnostics, []);
    assert.ok(fits.configuration);
    assert.equal(fits.configuration.synapseDrivers.length, 16);
    assert.equal(summed(deliveredConnections(fits.configuration)).get('many[512]->cell[0]'), 63 * 32);
    const exp = at(34);
    const d = only(exp, MapperCode.RowsPerBusExhausted);
    assertRange(d, exp.projections[0].range);
    assert.equal(d.data?.found, 17);
    assert.equal(d.data?.limit, 16);
    assert.equal(d.data?.unit, 'drivers');
    assert.match(d.message, /address group 1 need 17 drivers/);
  });

  it('§12.7 the true limit holds for a bus shared by several address groups: 64 rows map, 65 do not', () => {
    // Sources of two classes on bus 0 share the bus's 64 rows: an on-chip neuron (class 0) and drive[6], the
    // external source that the spreading over the emptiest buses puts on bus 0 (class 3).
    const cell = neurons('cell', 2);
    const drive = spikeArray('drive', 7, [1]);
    const at = (rows: number) =>
      experiment({
        populations: [cell, drive],
        projections: [
          project(cell, cell, { pre: [0, 1], post: [1, 2], weight: 63 * 32, splitWeights: true }),
          project(drive, cell, { pre: [6, 7], post: [0, 1], weight: 63 * rows, splitWeights: true, receptor: 'inhibitory' }),
        ],
      });
    const fits = mapExperiment(at(32));
    assert.deepEqual(fits.diagnostics, []);
    assert.ok(fits.configuration);
    assert.equal(fits.resources.synapseRows.perPadiBus[0].used, 64);
    const sums = summed(deliveredConnections(fits.configuration));
    assert.equal(sums.get('cell[0]->cell[1]'), 63 * 32);
    assert.equal(sums.get('drive[6]->cell[0]'), -63 * 32);
    const d = only(at(33), MapperCode.RowsPerBusExhausted);
    assert.equal(d.data?.found, 65);
    assert.equal(d.data?.limit, 64);
  });

  it('§12.8 event labels: 256 sources per bus index (1024 external sources) map, 1025 do not', () => {
    const perBus = 256 * TOPOLOGY.padiBusesPerHemisphere;
    assert.deepEqual(codes(experiment({ populations: [spikeArray('s', perBus, [1])] })), []);
    const s = spikeArray('s', perBus + 1, [1]);
    assertRange(only(experiment({ populations: [s] }), MapperCode.LabelsPerBusExhausted), s.sizeRange);
  });

  it('§12.11-12 refractory time: the longest countable maps, beyond it is an error', () => {
    // Realisable, though outside the calibrated 40 ns..32 us: a warning, no error.
    assert.deepEqual(codes(experiment({ populations: [neurons('a', 1, { tau_refrac: MAX_REFRACTORY_US })] })), [MapperCode.RefractoryQuantised]);
    assert.deepEqual(codes(experiment({ populations: [neurons('a', 1, { tau_refrac: 32 })] })), []);
    const a = neurons('a', 1, { tau_refrac: MAX_REFRACTORY_US * 1.01 });
    const d = only(experiment({ populations: [a] }), MapperCode.RefractoryUnrealizable);
    assertRange(d, a.params.tau_refrac.range);
    assert.ok(Math.abs((d.data?.nearest as number) - MAX_REFRACTORY_US) < 1e-9);
  });

  it('§12.12 refractory times far apart in one backend block are reported as imprecise', () => {
    const a = neurons('a', 1, { tau_refrac: 0.5 });
    const b = neurons('b', 1, { tau_refrac: 1 });
    const c = neurons('c', 1, { tau_refrac: 30 });
    const d = neurons('d', 1, { tau_refrac: 0.06 });
    const diagnostics = mapExperiment(experiment({ populations: [a, b, c, d] })).diagnostics.filter((x) => x.code === MapperCode.RefractoryQuantised);
    assert.ok(diagnostics.length >= 1);
    assert.deepEqual(diagnostics[0].range, d.params.tau_refrac.range);
  });

  it('§12.13 tau_m: calibratable up to 60 us, settable up to 2000 us', () => {
    const with_ = (tau_m: number) => {
      const a = neurons('a', 1, { tau_m });
      return { a, result: mapExperiment(experiment({ populations: [a] })) };
    };
    assert.deepEqual(with_(60).result.diagnostics, []);
    assert.deepEqual(with_(0.5).result.diagnostics, []);
    const warn = with_(60.01);
    assert.deepEqual(warn.result.diagnostics.map((d) => d.code), [MapperCode.AnalogNotCalibratable]);
    assertRange(warn.result.diagnostics[0], warn.a.params.tau_m.range);
    assert.equal(warn.result.diagnostics[0].data?.nearest, 60);
    assert.ok(warn.result.configuration, 'a warning still gives a configuration');
    assert.deepEqual(with_(2000).result.diagnostics.map((d) => d.code), [MapperCode.AnalogNotCalibratable]);
    const error = with_(2000.01);
    assert.deepEqual(error.result.diagnostics.map((d) => d.code), [MapperCode.AnalogOutOfHardRange]);
    assert.equal(error.result.diagnostics[0].data?.nearest, 2000);
    assert.equal(error.result.configuration, undefined);
    assert.deepEqual(with_(0.1).result.diagnostics.map((d) => d.code), [MapperCode.AnalogNotCalibratable]);
    assert.deepEqual(with_(0.099).result.diagnostics.map((d) => d.code), [MapperCode.AnalogOutOfHardRange]);
  });

  it('§12.13 tau_syn: calibratable up to 30 us, settable up to 100 us', () => {
    const at = (tau_syn_I: number) => codes(experiment({ populations: [neurons('a', 1, { tau_syn_I })] }));
    assert.deepEqual(at(30), []);
    assert.deepEqual(at(30.1), [MapperCode.AnalogNotCalibratable]);
    assert.deepEqual(at(100), [MapperCode.AnalogNotCalibratable]);
    assert.deepEqual(at(100.1), [MapperCode.AnalogOutOfHardRange]);
  });

  it('§12.13 voltages through the default mapping: leak 50..160 CADC, threshold up to 220, CADC 0..255', () => {
    // v = -65 mV + (cadc - 80) / 3: cadc 50 is -75 mV, 220 is -18.33 mV, 255 is -6.67 mV.
    const rest = (v_rest: number) => codes(experiment({ populations: [neurons('a', 1, { v_rest, v_reset: -70 })] }));
    assert.deepEqual(rest(-75), []);
    assert.deepEqual(rest(-75.1), [MapperCode.AnalogNotCalibratable]);
    const spike = (v_spike: number) => codes(experiment({ populations: [neurons('a', 1, { v_spike })] }));
    assert.deepEqual(spike(-65 + 140 / 3), []);
    assert.deepEqual(spike(-65 + 140 / 3 + 0.01), [MapperCode.AnalogNotCalibratable]);
    assert.deepEqual(spike(-65 + 175 / 3), [MapperCode.AnalogNotCalibratable]);
    const a = neurons('a', 1, { v_spike: -65 + 175 / 3 + 0.01 });
    const d = only(experiment({ populations: [a] }), MapperCode.AnalogOutOfHardRange);
    assertRange(d, a.params.v_spike.range);
    assert.ok(Math.abs((d.data?.nearest as number) - (-65 + 175 / 3)) < 1e-9);
  });

  it('§12.13 voltages follow the experiment\'s own mapping', () => {
    const mapping = { mvAtReference: -70, cadcReference: 100, cadcPerMv: 2 };
    assert.deepEqual(codes(experiment({ populations: [neurons('a', 1, { v_rest: -95, v_reset: -95, v_spike: -60 })], mapping })), []);
    assert.deepEqual(codes(experiment({ populations: [neurons('a', 1, { v_rest: -95.1, v_reset: -95, v_spike: -60 })], mapping })), [MapperCode.AnalogNotCalibratable]);
  });

  it('§12.15 background generators: 8 map, the 9th does not', () => {
    const at = (n: number) => experiment({ populations: Array.from({ length: n }, (_, i) => background(`bg${i}`, 1, 10)) });
    assert.deepEqual(codes(at(8)), []);
    const exp = at(9);
    const d = only(exp, MapperCode.TooManyBackgroundSources);
    assertRange(d, exp.populations[8].typeRange);
    assert.equal(d.relatedInformation?.length, 8);
  });

  it('§12.15 background rate x size: up to the 250 MHz generator clock', () => {
    const limitBio = BACKGROUND.maxTotalRateHz / 256 / 1000; // Hz per neuron for 256 neurons
    assert.ok(!codes(experiment({ populations: [background('bg', 256, limitBio)] })).includes(MapperCode.BackgroundRateTooHigh));
    const bg = background('bg', 256, limitBio * 1.001);
    const d = only(experiment({ populations: [bg] }), MapperCode.BackgroundRateTooHigh);
    assertRange(d, bg.rate.range);
  });

  it('§12.15 a background population drives one hemisphere only', () => {
    const big = neurons('big', 300);
    const bg = background('bg', 1, 10);
    const d = only(experiment({ populations: [big, bg], projections: [project(bg, big)] }), MapperCode.BackgroundTwoHemispheres);
    assertRange(d, bg.nameRange);
  });

  it('§12.16-17 recording: one analog observable per neuron (information note), MADC for two membranes', () => {
    const cell = neurons('cell', 1);
    assert.deepEqual(codes(experiment({ populations: [cell], recordings: [record(cell, ['spikes', 'v'])] })), []);
    const r = record(cell, ['v', 'w']);
    const d = only(experiment({ populations: [cell], recordings: [r] }), MapperCode.SecondAnalogObservable);
    assertRange(d, r.variableRanges[1]);
    assert.equal(d.severity, Severity.Information);
  });

  it('§12.24 duration: the 43-bit system time is the limit', () => {
    const maxUs = (FIELDS.systime[1] / 125e6) * 1e6;
    assert.deepEqual(codes(experiment({ populations: [], durationMs: maxUs })), []);
    const exp = experiment({ populations: [], durationMs: maxUs * 1.0001 });
    assertRange(only(exp, MapperCode.DurationTooLong), exp.duration.range);
  });

  it('§9.3 external spikes: the playback memory holds 4 194 304', () => {
    const options = { generateSpikeTrains: false };
    const at = (durationMs: number) => experiment({ populations: [poisson('drive', 1000, 1000)], durationMs });
    const ms = EVENTS.playbackInstructions / 1000; // 1000 sources at 1 spike per ms
    assert.deepEqual(codes(at(ms), options), []);
    const exp = at(ms + 0.01);
    const d = only(exp, MapperCode.PlaybackMemoryExceeded, options);
    assertRange(d, (exp.populations[0] as { rate: { range?: Range } }).rate.range);
  });

  it('STP fields: 15 maps, 16 does not', () => {
    const cell = neurons('cell', 1);
    const drive = spikeArray('drive', 1, [1]);
    const at = (utilization: number) => experiment({ populations: [cell, drive], projections: [project(drive, cell, { stp: { mode: 'depressing', utilization, recovery: 3 } })] });
    assert.deepEqual(codes(at(15)), []);
    const exp = at(16);
    assertRange(only(exp, MapperCode.StpFieldOutOfRange), exp.projections[0].stp?.utilization.range);
  });
});
