/**
 * Recording (facts §8, §12.16-18): spikes of every circuit; analog observables through one of two converters.
 *
 * - The MADC samples at its full rate (29.4 MSample/s) at most two neurons, whose columns differ in parity: the
 *   even and the odd columns each have their own readout line ([GRENADE] madc_readout.cpp, "MADCReadoutView
 *   sources can't both be located in even or odd neuron columns"). It reads whatever the neuron's readout
 *   multiplexer shows: membrane, excitatory or inhibitory synaptic input, or adaptation ([HALDLS] neuron.h
 *   `ReadoutSource`), so every analog variable can be recorded on it. It stores at most `MADC.maxSamples`
 *   samples per run unless run in continuous mode ([HALDLS] madc.h `number_of_samples`).
 * - The CADC samples every neuron, periodically through the PPU at the shortest period whose samples fit the
 *   DRAM buffer (>= 1.7 us, <= 204 800 samples).
 *
 * A record statement may ask for a converter (`@ madc`, `@ cadc`); a request the chip cannot satisfy is an
 * error at the request. Without one, the first two membranes (`v`) in file order whose columns differ in parity
 * go to the MADC (after the explicit MADC requests), everything else to the CADC.
 * The readout multiplexer shows one observable of a neuron at a time: a second one is an information note (the
 * emulator records both in one run; the chip needs one run per observable).
 */
import type { AnalogChannel, AnalogObservable, RecordingConfiguration } from '../../common/chip/configuration';
import { CADC, MADC, SPEEDUP } from '../../common/chip/limits';
import type { Recording } from '../language/model';
import { MapperCode } from './codes';
import { fmt, type MapContext, type Related } from './context';
import { type Placement, representativeCircuits } from './placeNeurons';

/** One analog observable of one neuron that a record statement asks for. */
interface ChannelRequest {
  statement: number;
  population: string;
  neuron: number;
  circuit: number;
  channel: AnalogChannel;
  /** Whether another observable of the same neuron was asked for earlier. */
  second: boolean;
}

/** Hardware time the MADC's sample memory covers at its default rate: 65 535 / 29.4 MSample/s = 2229 us. */
export const MADC_WINDOW_US = (MADC.maxSamples / MADC.samplesPerSecond) * 1e6;

export function planRecording(ctx: MapContext, placement: Placement, durationUs: number): RecordingConfiguration {
  const requests = analogRequests(ctx, placement);
  const madc: ChannelRequest[] = [];
  const cadc: AnalogChannel[] = [];
  const recordings = ctx.experiment.recordings;

  // Explicit MADC requests first, in file order, so that the automatic choice never takes their place.
  const explicit = requests.filter((r) => recordings[r.statement].converter === 'madc');
  const requestedNeurons = new Set(explicit.map((r) => r.circuit)).size;
  const rejected = new Set<number>();
  for (const r of explicit) {
    const problem = madcProblem(madc, r);
    if (!problem) {
      madc.push(r);
      continue;
    }
    cadc.push(r.channel);
    if (rejected.has(r.statement)) continue;
    rejected.add(r.statement);
    reportMadcProblem(ctx, problem, r, requestedNeurons, explicit);
  }
  for (const statement of new Set(explicit.map((r) => r.statement))) {
    if (durationUs > MADC_WINDOW_US) reportMadcWindow(ctx, recordings[statement], durationUs);
  }

  for (const r of requests) {
    const converter = recordings[r.statement].converter;
    if (converter === 'madc') continue;
    const automatic = converter === undefined && r.channel.observable === 'v' && !r.second;
    if (automatic && madc.length < MADC.maxNeurons && !madcProblem(madc, r)) madc.push(r);
    else cadc.push(r.channel);
  }
  const cadcPeriodUs = Math.max(CADC.minPeriodUs, durationUs / CADC.maxSamplesDram);
  return { spikes: 'all', madc: madc.map((r) => r.channel), madcSamplesPerSecond: MADC.samplesPerSecond, cadc, cadcPeriodUs };
}

/** Every analog observable of every recorded neuron, once, in file order; a second observable of a neuron is noted. */
function analogRequests(ctx: MapContext, placement: Placement): ChannelRequest[] {
  const requests: ChannelRequest[] = [];
  const observed = new Map<number, { observable: AnalogObservable; statement: number }>();
  const seen = new Set<string>();
  ctx.experiment.recordings.forEach((recording, statement) => {
    // A compartment's membrane is recorded on its first circuit (all its circuits share it); no compartment: the output.
    const circuits = representativeCircuits(placement, recording.target.population, recording.compartment);
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
        requests.push({
          statement,
          population: recording.target.population,
          neuron: i,
          circuit,
          channel: { hemisphere: c.hemisphere, column: c.column, observable: variable },
          second: before !== undefined,
        });
      }
    });
  });
  return requests;
}

type MadcProblem =
  | { kind: 'full' }
  | { kind: 'parity'; other: ChannelRequest }
  | { kind: 'sameNeuron'; other: ChannelRequest };

/** Why `r` cannot join the channels already on the MADC, if it cannot. */
function madcProblem(madc: ChannelRequest[], r: ChannelRequest): MadcProblem | undefined {
  const same = madc.find((m) => m.circuit === r.circuit);
  if (same) return { kind: 'sameNeuron', other: same };
  if (madc.length >= MADC.maxNeurons) return { kind: 'full' };
  const parity = madc.find((m) => m.channel.column % 2 === r.channel.column % 2);
  if (parity) return { kind: 'parity', other: parity };
  return undefined;
}

function name(r: ChannelRequest): string {
  return `${r.population}[${r.neuron}]`;
}

function reportMadcProblem(ctx: MapContext, problem: MadcProblem, r: ChannelRequest, requestedNeurons: number, explicit: ChannelRequest[]): void {
  const recordings = ctx.experiment.recordings;
  const recording = recordings[r.statement];
  const range = recording.converterRange ?? recording.range;
  const data = { converter: 'madc', population: r.population, neuron: r.neuron };
  if (problem.kind === 'full') {
    const others = [...new Set(explicit.map((e) => e.statement))].filter((s) => s !== r.statement);
    const here = new Set(explicit.filter((e) => e.statement === r.statement).map((e) => e.circuit)).size;
    ctx.error(
      MapperCode.MadcTooManyNeurons,
      range,
      `${requestedNeurons} neurons are recorded on the MADC (${here} by this statement); it records at most ${MADC.maxNeurons} ` +
        `([GRENADE] madc_readout.cpp): ${name(r)} and the neurons after it do not fit`,
      { ...data, requested: requestedNeurons, limit: MADC.maxNeurons },
      others.map((s) => ({ range: recordings[s].converterRange ?? recordings[s].range, message: 'also recorded on the MADC here' })),
    );
    return;
  }
  const other = problem.other;
  const related: Related[] = [
    { range: recordings[other.statement].converterRange ?? recordings[other.statement].range, message: `${name(other)} is recorded on the MADC here` },
  ];
  if (problem.kind === 'sameNeuron') {
    ctx.error(
      MapperCode.MadcParity,
      range,
      `${name(r)} is recorded on the MADC with ${other.channel.observable} and ${r.channel.observable}: the MADC reads one readout line per neuron, which shows one observable at a time ([HALDLS] neuron.h ReadoutSource)`,
      { ...data, observables: [other.channel.observable, r.channel.observable] },
      related,
    );
    return;
  }
  const a = other.channel.column;
  const b = r.channel.column;
  const parity = a % 2 === 0 ? 'even' : 'odd';
  ctx.error(
    MapperCode.MadcParity,
    range,
    `${name(other)} and ${name(r)} are placed in columns ${a} and ${b}, both ${parity}: the MADC reads its two neurons from the even and the odd readout line ` +
      `([GRENADE] madc_readout.cpp "MADCReadoutView sources can't both be located in even or odd neuron columns")`,
    { ...data, columns: [a, b] },
    related,
  );
}

/** The MADC stores `MADC.maxSamples` samples per run: an explicit request for a longer experiment records only its beginning on the chip. */
function reportMadcWindow(ctx: MapContext, recording: Recording, durationUs: number): void {
  const windowMs = MADC_WINDOW_US * (SPEEDUP / 1000);
  ctx.warning(
    MapperCode.MadcSampleMemory,
    recording.converterRange ?? recording.range,
    `the MADC stores at most ${MADC.maxSamples} samples per run ([HALDLS] madc.h), ${fmt(windowMs)} ms biological at 29.4 MSample/s, ` +
      `and the experiment lasts ${fmt(durationUs * (SPEEDUP / 1000))} ms: the emulator records the whole trace, the chip only its first ${fmt(windowMs)} ms unless the MADC runs in continuous mode`,
    { converter: 'madc', windowMs, durationMs: durationUs * (SPEEDUP / 1000) },
  );
}
