/**
 * Every diagnostic code of the chip checks (the mapper), with its documentation. Errors `BSS2-E1xx` are
 * structural limits (counts, bits, routing) and values outside the chip's hard ranges; warnings `BSS2-W1xx` are
 * values the chip accepts but cannot calibrate, or budgets that are soft.
 */
import type { DiagnosticCodeInfo } from '../language/codeInfo';
import { Severity } from '../language/diagnostic';

export const MapperCode = {
  TooManyNeurons: 'BSS2-E101',
  WeightTooLarge: 'BSS2-E102',
  DelayUnsupported: 'BSS2-E103',
  FanInTooLarge: 'BSS2-E104',
  FanInPerBusTooLarge: 'BSS2-E105',
  RowsPerBusExhausted: 'BSS2-E106',
  LabelsPerBusExhausted: 'BSS2-E107',
  TooManyBackgroundSources: 'BSS2-E108',
  BackgroundRateTooHigh: 'BSS2-E109',
  BackgroundTwoHemispheres: 'BSS2-E110',
  AnalogOutOfHardRange: 'BSS2-E111',
  RefractoryUnrealizable: 'BSS2-E112',
  NegativeWeight: 'BSS2-E113',
  PlaybackMemoryExceeded: 'BSS2-E114',
  DurationTooLong: 'BSS2-E115',
  StpFieldOutOfRange: 'BSS2-E116',
  BackgroundRateTooLow: 'BSS2-E117',
  AnalogNotCalibratable: 'BSS2-W101',
  RefractoryQuantised: 'BSS2-W102',
  BackgroundBandwidth: 'BSS2-W104',
  BackgroundRateQuantised: 'BSS2-W105',
  SecondAnalogObservable: 'BSS2-I101',
} as const;

export type MapperCodeValue = (typeof MapperCode)[keyof typeof MapperCode];

function entry(code: string, severity: Severity, title: string, explanation: string, example: string, fix: string): DiagnosticCodeInfo {
  return { code, severity, title, explanation, example, fix };
}

const E = Severity.Error;
const W = Severity.Warning;

export const MAPPER_CODES: readonly DiagnosticCodeInfo[] = [
  entry(
    MapperCode.TooManyNeurons,
    E,
    'not enough neuron circuits',
    'The chip has 512 neuron circuits (2 rows of 256 columns); the neuron populations of the file need more.',
    'population a : AdEx[400]\npopulation b : AdEx[200]',
    'Reduce the population sizes so that they add up to at most 512.',
  ),
  entry(
    MapperCode.WeightTooLarge,
    E,
    'weight above 63',
    'A synapse stores a 6-bit weight (0..63). Larger weights need several synapses in parallel rows.',
    'projection a -> b { weight = 80 }',
    'Use a weight of at most 63, or set `split_weights = true` to spread it over ceil(w / 63) rows (each row counts against the fan-in).',
  ),
  entry(
    MapperCode.DelayUnsupported,
    E,
    'the chip has no synaptic delays',
    'Events reach the synapses without a programmable delay; the reference software refuses any nonzero delay as well.',
    'projection a -> b { delay = 1 ms }',
    'Remove `delay`, or model the delay with a chain of relay neurons.',
  ),
  entry(
    MapperCode.FanInTooLarge,
    E,
    'fan-in above 256 synapse rows',
    'Each neuron circuit has one synapse per row, 256 rows per hemisphere; a neuron that needs more rows (sources plus split weights) cannot be wired.',
    'population drive : Poisson[300]\nprojection drive -> cell { connector = all_to_all }',
    'Reduce the number of presynaptic sources or the weight splitting of the projections onto this population.',
  ),
  entry(
    MapperCode.FanInPerBusTooLarge,
    E,
    'fan-in above 64 rows on one PADI bus',
    'A source reaches the synapses through one of four PADI buses per hemisphere, each feeding 32 drivers with 2 rows; a neuron can receive at most 64 rows through one bus. On-chip neurons use the bus of their column, background generator j bus j % 4.',
    'projection drive -> cell { weight = 4100, split_weights = true }',
    'Spread the sources over several buses (external sources are spread automatically), reduce the weight splitting, or the in-degree.',
  ),
  entry(
    MapperCode.RowsPerBusExhausted,
    E,
    'not enough synapse rows on a PADI bus',
    'The projections that arrive through one PADI bus need more synapse rows than its 32 drivers provide (64 rows; rows of different address groups or STP settings do not share a driver), or an address group needs more drivers than can keep its events apart from other sources with the same synapse labels under a row_address_compare_mask.',
    'projection drive -> a { weight = 2520, split_weights = true }\nprojection drive -> b { weight = 2520, split_weights = true, receptor = inhibitory }',
    'Reduce the in-degree or the weight splitting of the projections named in the related information.',
  ),
  entry(
    MapperCode.LabelsPerBusExhausted,
    E,
    'too many sources on a PADI bus',
    'Sources on one PADI bus index are told apart by 8 label bits (2 row-select bits and the 6-bit synapse label): at most 256 per bus index.',
    'population drive : SpikeArray[1100] { times = [1 ms] }',
    'Use fewer external or background sources.',
  ),
  entry(
    MapperCode.TooManyBackgroundSources,
    E,
    'more than 8 background generators',
    'Each BackgroundPoisson population takes one of the 8 on-chip background generators.',
    '(nine `BackgroundPoisson` populations)',
    'Merge background populations or use `Poisson` (external) sources.',
  ),
  entry(
    MapperCode.BackgroundRateTooHigh,
    E,
    'background rate x size too high',
    'One generator emits at most one event per cycle of its 250 MHz clock; the rate per neuron times the number of virtual sources exceeds it (the reference software refuses this too).',
    'population bg : BackgroundPoisson[256] { rate = 1000 kHz }',
    'Lower the rate or the population size.',
  ),
  entry(
    MapperCode.BackgroundTwoHemispheres,
    E,
    'background population targets both hemispheres',
    'Background generator j reaches only PADI bus j % 4 of one hemisphere, so one BackgroundPoisson population cannot drive neurons in both hemispheres.',
    'projection bg -> big_population',
    'Split the target into populations that fit one hemisphere (256 neurons) or use a `Poisson` source.',
  ),
  entry(
    MapperCode.AnalogOutOfHardRange,
    E,
    'parameter outside what the chip can be set to',
    'The value, translated into the chip\'s terms (hardware time = biological time / 1000, voltages through the voltage mapping into CADC units 0..255), lies outside the range calibration accepts at all.',
    'population p : AdEx[1] { tau_m = 5 s }',
    'Use a value inside the range given in the message; the quick fix sets the nearest legal value.',
  ),
  entry(
    MapperCode.RefractoryUnrealizable,
    E,
    'refractory time cannot be realised',
    'The refractory counter has 8 bits and its clock is at most divided down to about 3.8 kHz; longer refractory times do not exist on the chip.',
    'population p : AdEx[1] { tau_refrac = 100 s }',
    'Use a refractory time of at most the value in the message.',
  ),
  entry(
    MapperCode.NegativeWeight,
    E,
    'negative weight',
    'Weights are magnitudes 0..63; the sign comes from the receptor (the synapse row mode).',
    'projection a -> b { weight = -5 }',
    'Write the magnitude and set `receptor = inhibitory`.',
  ),
  entry(
    MapperCode.PlaybackMemoryExceeded,
    E,
    'too many external spikes',
    'External spike trains are played from the FPGA playback memory of 4 194 304 instructions (each holds up to 3 spikes of the same time; the exact spike capacity is not published).',
    'population drive : Poisson[1000] { rate = 1 kHz }',
    'Shorten the experiment, lower the rates, or use BackgroundPoisson generators.',
  ),
  entry(
    MapperCode.DurationTooLong,
    E,
    'experiment too long',
    'The chip\'s system time has 43 bits at 125 MHz, about 19.5 hours of hardware time.',
    'experiment e { duration = 100000 s }',
    'Shorten the experiment.',
  ),
  entry(
    MapperCode.StpFieldOutOfRange,
    E,
    'short-term plasticity setting outside 0..15',
    'The synapse driver stores STP utilization and recovery in 4 bits each.',
    'projection a -> b { stp = depressing(utilization = 20, recovery = 3) }',
    'Use values 0..15.',
  ),
  entry(
    MapperCode.BackgroundRateTooLow,
    E,
    'background rate too low',
    'The slowest a generator can emit is one spike per 65 536 cycles with probability 1/256; lower rates cannot be encoded.',
    'population bg : BackgroundPoisson[1] { rate = 0.001 Hz }',
    'Raise the rate or use a Poisson (external) source.',
  ),
  entry(
    MapperCode.AnalogNotCalibratable,
    W,
    'parameter outside the calibratable range',
    'The chip can be set to this value, but the calibration of the reference software (calix) does not cover it: expect the circuit to deviate from the model.',
    'population p : AdEx[1] { tau_m = 100 ms }',
    'Use a value inside the calibratable range given in the message.',
  ),
  entry(
    MapperCode.RefractoryQuantised,
    W,
    'refractory time imprecise',
    'Each backend block has two refractory clocks for all its neurons; with the clocks chosen, this refractory time is realised more than 5 % off, or it lies outside the calibrated 40 ns..32 us range.',
    'population p : AdEx[1] { tau_refrac = 0.01 ms }',
    'Use refractory times that are closer to each other, or inside the calibrated range.',
  ),
  entry(
    MapperCode.SecondAnalogObservable,
    Severity.Information,
    'two analog observables of one neuron',
    'The chip\'s readout multiplexer connects one analog observable (v, w, i_syn_E or i_syn_I) of a neuron at a time. The emulator records all of them; on the chip this needs one run per observable.',
    'record cell : v, w',
    'Nothing to fix for the emulator. For the chip, record one analog variable per neuron, or plan one run per observable.',
  ),
  entry(
    MapperCode.BackgroundBandwidth,
    W,
    'background generator above its event bandwidth',
    'A generator delivers about 125 MEvent/s; above that events are lost.',
    'population bg : BackgroundPoisson[200] { rate = 800 kHz }',
    'Lower the rate or split the population.',
  ),
  entry(
    MapperCode.BackgroundRateQuantised,
    W,
    'background rate quantised',
    'The generator encodes its rate as a period (16 bit) and an 8-bit probability; the nearest encodable rate differs from the requested one by more than 1 %.',
    'population bg : BackgroundPoisson[1] { rate = 123456 Hz }',
    'Accept the realised rate given in the message or choose it.',
  ),
];
