/**
 * Recording (facts §8, §12.16-18): spikes of every circuit; analog observables through the MADC for at most two
 * membranes (columns of different parity, first come in file order) at its full rate, everything else through
 * the CADC, sampled periodically by the PPU at the shortest period whose samples fit the DRAM buffer
 * (>= 1.7 us, <= 204 800 samples). The readout multiplexer shows one observable of a neuron at a time:
 * a second one is an information note (the emulator records both in one run; the chip needs one run per observable).
 */
import type { AnalogChannel, AnalogObservable, RecordingConfiguration } from '../../common/chip/configuration';
import { CADC, MADC } from '../../common/chip/limits';
import { MapperCode } from './codes';
import type { MapContext } from './context';
import type { Placement } from './placeNeurons';

export function planRecording(ctx: MapContext, placement: Placement, durationUs: number): RecordingConfiguration {
  const madc: AnalogChannel[] = [];
  const cadc: AnalogChannel[] = [];
  const observed = new Map<number, { observable: AnalogObservable; statement: number }>();
  const seen = new Set<string>();
  ctx.experiment.recordings.forEach((recording, statement) => {
    const circuits = placement.byPopulation.get(recording.target.population);
    if (!circuits) return;
    let warned = false;
    recording.variables.forEach((variable, v) => {
      if (variable === 'spikes') return;
      for (let i = recording.target.start; i < recording.target.end && i < circuits.length; i++) {
        const circuit = circuits[i];
        const key = `${circuit}|${variable}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const before = observed.get(circuit);
        if (before && before.observable !== variable && !warned) {
          warned = true;
          const first = ctx.experiment.recordings[before.statement];
          ctx.information(
            MapperCode.SecondAnalogObservable,
            recording.variableRanges[v] ?? recording.range,
            `${recording.target.population}[${i}] is already recorded with ${before.observable}; the chip reads one analog observable per neuron at a time ` +
              `([PYNN] recording_data.py "Can only set 1 analog record type per neuron"): the emulator records ${variable} too, on the chip it needs a second run`,
            { population: recording.target.population, neuron: i, observables: [before.observable, variable] },
            [{ range: first.range, message: `${before.observable} of ${recording.target.population}[${i}] is recorded here` }],
          );
        }
        if (!before) observed.set(circuit, { observable: variable, statement });
        const c = placement.circuits[circuit];
        const channel: AnalogChannel = { hemisphere: c.hemisphere, column: c.column, observable: variable };
        const parityFree = madc.every((m) => m.column % 2 !== c.column % 2);
        if (variable === 'v' && !before && madc.length < MADC.maxNeurons && parityFree) madc.push(channel);
        else cadc.push(channel);
      }
    });
  });
  const cadcPeriodUs = Math.max(CADC.minPeriodUs, durationUs / CADC.maxSamplesDram);
  return { spikes: 'all', madc, madcSamplesPerSecond: MADC.samplesPerSecond, cadc, cadcPeriodUs };
}
