/**
 * Translation of the neuron parameters (internal units ms, mV, pA, nS, pF) into the chip's terms, with the
 * checks against the calibratable ranges (warning outside) and the hard ranges (error outside).
 *
 *   hardware time (us)  = biological time (ms) * 1000 / SPEEDUP           (facts §2: 1 us on chip = 1 ms bio)
 *   CADC (LSB)          = cadcReference + (v - mvAtReference) * cadcPerMv  (the experiment's voltage mapping)
 *   nominal CapMem      = linear through calix's CADC calibration points (CapMem 70..550 -> CADC 20..220)
 *   refractory          = counter (0..255) of one of the two clocks 250 MHz / 2^(s+1) of the backend block
 *
 * Currents and conductances stay in bio-equivalent units (see common/chip/configuration.ts).
 */
import type { BackendBlock } from '../../common/chip/configuration';
import {
  ADAPTATION,
  CALIBRATION,
  FIELDS,
  MEMBRANE_CAPACITANCE,
  REFRACTORY,
  SPEEDUP,
  TOPOLOGY,
  backendBlockOfColumn,
  backendClockHz,
  nominalCapmemOfCadc,
} from '../../common/chip/limits';
import type { CompartmentKind, NeuronPopulation, Valued, VoltageMapping } from '../language/model';
import type { NeuronCircuit } from '../../common/chip/configuration';
import { MapperCode } from './codes';
import { type MapContext, fmt, rangeOf } from './context';
import type { PlacedCircuit, Placement } from './placeNeurons';

/**
 * Key of a circuit's parameters: the population, or for a neuron type the population and the compartment
 * (`pyr.apical`), also the name diagnostics use for the compartment.
 */
export function hardwareKey(population: NeuronPopulation, compartment: number): string {
  const morphology = population.morphology;
  return morphology ? `${population.name}.${morphology.compartments[compartment].name}` : population.name;
}

/** A compartment seen as a population of its own (its name `pyr.apical`, its parameters), for translation and messages. */
export function compartmentAsPopulation(population: NeuronPopulation, compartment: number): NeuronPopulation {
  const c = population.morphology?.compartments[compartment];
  if (!c) return population;
  return { ...population, name: hardwareKey(population, compartment), nameRange: c.nameRange, params: c.params };
}

/** Kind of the compartment a circuit belongs to ('AdEx' for one-circuit neurons). */
export function compartmentKindOf(c: PlacedCircuit): CompartmentKind {
  return c.population.morphology?.compartments[c.compartment].kind ?? 'AdEx';
}

/**
 * The per-population part of a neuron circuit's configuration: everything but its place, its identity and its
 * refractory counter, which depends on the clocks its backend block ends up with.
 */
export type HardwareParameters = Omit<
  NeuronCircuit,
  'hemisphere' | 'row' | 'column' | 'population' | 'index' | 'compartment' | 'addressOut' | 'refractoryCounter' | 'refractoryClock'
> & { refractoryUs: number };

export function bioMsToHardwareUs(ms: number): number {
  return (ms * 1000) / SPEEDUP;
}

export function hardwareUsToBioMs(us: number): number {
  return (us * SPEEDUP) / 1000;
}

export interface LinearVoltageMapping {
  mvAtReference: number;
  cadcReference: number;
  cadcPerMv: number;
}

export function resolveVoltageMapping(m: VoltageMapping): LinearVoltageMapping {
  return { mvAtReference: m.mvAtReference.value, cadcReference: m.cadcReference.value, cadcPerMv: m.cadcPerMv.value };
}

export function mvToCadc(v: number, m: LinearVoltageMapping): number {
  return m.cadcReference + (v - m.mvAtReference) * m.cadcPerMv;
}

export function cadcToMv(cadc: number, m: LinearVoltageMapping): number {
  return m.mvAtReference + (cadc - m.cadcReference) / m.cadcPerMv;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

interface RangeCheck {
  parameter: string;
  value: Valued;
  hardwareValue: number;
  hardwareUnit: string;
  feasible?: readonly [number, number];
  hard?: readonly [number, number];
  source: string;
  /** Hardware value -> the user's value in internal units, for the quick fix. */
  toUser: (hw: number) => number;
  userUnit: string;
}

function checkRange(ctx: MapContext, population: NeuronPopulation, c: RangeCheck): void {
  const where = rangeOf(c.value, population.nameRange);
  // Messages are written only for a value out of range: formatting them for every parameter costs more than the check.
  const hwText = (): string => `${fmt(c.hardwareValue)} ${c.hardwareUnit}`.trim();
  const userText = (): string => `${fmt(c.value.value)} ${c.userUnit}`;
  if (c.hard && (c.hardwareValue < c.hard[0] || c.hardwareValue > c.hard[1])) {
    const nearest = c.toUser(clamp(c.hardwareValue, c.hard[0], c.hard[1]));
    ctx.error(
      MapperCode.AnalogOutOfHardRange,
      where,
      `${c.parameter} of population '${population.name}' is ${userText()}, ${hwText()} on the chip, outside the range the chip can be set to, ` +
        `${fmt(c.hard[0])}..${fmt(c.hard[1])} ${c.hardwareUnit} (${c.source})`,
      { parameter: c.parameter, found: c.value.value, nearest, unit: c.userUnit, hardwareValue: c.hardwareValue, limit: c.hard },
    );
    return;
  }
  if (c.feasible && (c.hardwareValue < c.feasible[0] || c.hardwareValue > c.feasible[1])) {
    const nearest = c.toUser(clamp(c.hardwareValue, c.feasible[0], c.feasible[1]));
    ctx.warning(
      MapperCode.AnalogNotCalibratable,
      where,
      `${c.parameter} of population '${population.name}' is ${userText()}, ${hwText()} on the chip, outside the calibratable range ` +
        `${fmt(c.feasible[0])}..${fmt(c.feasible[1])} ${c.hardwareUnit} (${c.source}); expect deviations from the model`,
      { parameter: c.parameter, found: c.value.value, nearest, unit: c.userUnit, hardwareValue: c.hardwareValue, limit: c.feasible },
    );
  }
}

const CALIX_NEURON = '[CALIX] spiking/neuron.py, facts §3.5';
const CADC_RANGE = '8-bit CADC, [HALDLS] cadc.h';

/** Translates and checks one neuron population; the diagnostics point at each parameter's token. */
export function translateParameters(
  ctx: MapContext,
  population: NeuronPopulation,
  mapping: LinearVoltageMapping,
  kind: CompartmentKind = 'AdEx',
): HardwareParameters {
  const p = population.params;
  // A passive compartment has no comparator, reset or adaptation; a plateau compartment no adaptation and no
  // exponential term: their unused parameters are translated (the circuit has the fields) but not checked.
  const spiking = kind !== 'Passive';
  const adapting = kind === 'AdEx';
  const time = (parameter: string, v: Valued, limits: { feasible?: readonly [number, number]; hard?: readonly [number, number] }, source: string): number => {
    const us = bioMsToHardwareUs(v.value);
    checkRange(ctx, population, {
      parameter,
      value: v,
      hardwareValue: us,
      hardwareUnit: 'us',
      feasible: limits.feasible,
      hard: limits.hard,
      source,
      toUser: hardwareUsToBioMs,
      userUnit: 'ms',
    });
    return us;
  };
  const voltage = (parameter: string, v: Valued, feasible: readonly [number, number] | undefined, source: string): number => {
    const cadc = mvToCadc(v.value, mapping);
    checkRange(ctx, population, {
      parameter,
      value: v,
      hardwareValue: cadc,
      hardwareUnit: 'CADC LSB',
      feasible,
      hard: FIELDS.cadcValue,
      source: feasible ? `${source}; hard: ${CADC_RANGE}` : CADC_RANGE,
      toUser: (hw) => cadcToMv(hw, mapping),
      userUnit: 'mV',
    });
    return cadc;
  };

  const tauMemUs = time('tau_m', p.tau_m, CALIBRATION.tauMemUs, `${CALIX_NEURON}; hard: [CALIX] constants.py tau_mem_range`);
  const tauSynExcUs = time('tau_syn_E', p.tau_syn_E, CALIBRATION.tauSynUs, `${CALIX_NEURON}; hard: [CALIX] constants.py tau_syn_range`);
  const tauSynInhUs = time('tau_syn_I', p.tau_syn_I, CALIBRATION.tauSynUs, `${CALIX_NEURON}; hard: [CALIX] constants.py tau_syn_range`);
  const leakCadc = voltage('v_rest', p.v_rest, CALIBRATION.leakCadc.feasible, CALIX_NEURON);
  const resetCadc = spiking
    ? voltage(kind === 'Plateau' ? 'v_plateau' : 'v_reset', p.v_reset, CALIBRATION.resetCadc.feasible, CALIX_NEURON)
    : mvToCadc(p.v_reset.value, mapping);
  const thresholdCadc = spiking ? voltage('v_spike', p.v_spike, CALIBRATION.thresholdCadc.feasible, CALIX_NEURON) : mvToCadc(p.v_spike.value, mapping);
  const lif = p.delta_T.value === 0;
  // With delta_T = 0 the exponential term is off, so its threshold is never configured.
  const expThresholdCadc = lif ? thresholdCadc : voltage('v_thresh', p.v_thresh, undefined, '');
  const initialCadc = voltage('v_init', p.v_init, undefined, '');

  return {
    model: population.type,
    tauMemUs,
    tauSynExcUs,
    tauSynInhUs,
    tauAdaptationUs: adapting
      ? time('tau_w', p.tau_w, ADAPTATION.tauUs, 'assumed equal to the membrane\'s, [CALIX] constants.py tau_mem_range; UNVERIFIED for the adaptation integrator')
      : bioMsToHardwareUs(p.tau_w.value),
    leakCadc,
    resetCadc,
    thresholdCadc,
    expThresholdCadc,
    expSlopeCadc: p.delta_T.value * mapping.cadcPerMv,
    initialCadc,
    reversalExcCadc: mvToCadc(p.e_rev_E.value, mapping),
    reversalInhCadc: mvToCadc(p.e_rev_I.value, mapping),
    // calix's default target, the full capacitor: the bio capacitance is carried by cmPf (configuration.ts).
    membraneCapacitance: MEMBRANE_CAPACITANCE.defaultLsb,
    cmPf: p.cm.value,
    adaptationANs: p.a.value,
    adaptationBPa: p.b.value,
    offsetCurrentPa: p.i_offset.value,
    weightScale: p.weight_scale.value,
    refractoryUs: bioMsToHardwareUs(p.tau_refrac.value),
    capmem: {
      vLeak: capmemOf(leakCadc),
      vReset: capmemOf(resetCadc),
      vThreshold: capmemOf(thresholdCadc),
      vExp: capmemOf(expThresholdCadc),
    },
  };
}

function capmemOf(cadc: number): number {
  return clamp(nominalCapmemOfCadc(cadc), FIELDS.capmemValue[0], FIELDS.capmemValue[1]);
}

/** Longest refractory time the chip can count: 255 steps of the slowest clock (scale 15, ~3.8 kHz). */
export const MAX_REFRACTORY_US = (FIELDS.refractoryCounter[1] / backendClockHz(FIELDS.clockScale[1])) * 1e6;

/**
 * Quantisation error above which a refractory time is reported. calix aims at <= 3 % (30 counter steps), but the
 * fastest clock has 8 ns steps, so short times (e.g. the 0.1 ms default, 0.1 us on the chip, 4 % off) cannot do
 * better; 5 % keeps the warning for times that two shared clocks really serve badly.
 */
const REFRACTORY_TOLERANCE = 0.05;

export interface RefractorySetting {
  counter: number;
  clock: 'fast' | 'slow';
}

/** Smallest clock scale (finest steps) whose 255-step counter still reaches `us`. */
function scaleFor(us: number): number {
  for (let s = FIELDS.clockScale[0]; s <= FIELDS.clockScale[1]; s++) {
    if (Math.round((us * backendClockHz(s)) / 1e6) <= FIELDS.refractoryCounter[1]) return s;
  }
  return FIELDS.clockScale[1];
}

/**
 * Chooses the two refractory clocks of each backend block and each circuit's counter, the way calix does
 * ([CALIX] spiking/refractory_period.py): times up to the block's mean go to the fast clock, the others to the
 * slow one, each clock as fast as its longest time allows. Reports unrealisable and imprecise times once per
 * population.
 */
export function assignRefractory(
  ctx: MapContext,
  placement: Placement,
  hardware: Map<string, HardwareParameters>,
): { blocks: BackendBlock[]; perCircuit: RefractorySetting[] } {
  const blocks: BackendBlock[] = [];
  const perCircuit: RefractorySetting[] = new Array(placement.circuits.length);
  const reported = new Set<string>();
  const timesByBlock: number[][] = Array.from({ length: TOPOLOGY.backendBlocks }, () => []);
  // Only comparators count: a passive compartment, or a circuit of a compartment that another circuit compares
  // for, never starts a refractory period (it takes its comparator's setting, see the mapper).
  const counts = (c: PlacedCircuit): boolean => c.comparator && compartmentKindOf(c) !== 'Passive';
  for (const c of placement.circuits) {
    if (!counts(c)) continue;
    const t = hardware.get(hardwareKey(c.population, c.compartment))!.refractoryUs;
    if (t <= MAX_REFRACTORY_US) timesByBlock[backendBlockOfColumn(c.column)].push(t);
  }
  for (const times of timesByBlock) {
    if (times.length === 0) {
      blocks.push({ clockScaleFast: 0, clockScaleSlow: 0 });
      continue;
    }
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const fastMax = Math.max(0, ...times.filter((t) => t <= mean));
    const slowTimes = times.filter((t) => t > mean);
    const slowMax = slowTimes.length > 0 ? Math.max(...slowTimes) : fastMax;
    blocks.push({ clockScaleFast: scaleFor(fastMax), clockScaleSlow: scaleFor(slowMax) });
  }

  placement.circuits.forEach((c, i) => {
    if (!counts(c)) {
      perCircuit[i] = { counter: 0, clock: 'fast' };
      return;
    }
    const population = compartmentAsPopulation(c.population, c.compartment);
    const t = hardware.get(population.name)!.refractoryUs;
    const where = rangeOf(population.params.tau_refrac, population.nameRange);
    // A plateau compartment's refractory time is its plateau duration.
    const parameter = compartmentKindOf(c) === 'Plateau' ? 'plateau_duration' : 'tau_refrac';
    if (t > MAX_REFRACTORY_US) {
      perCircuit[i] = { counter: FIELDS.refractoryCounter[1], clock: 'slow' };
      if (!reported.has(population.name)) {
        reported.add(population.name);
        ctx.error(
          MapperCode.RefractoryUnrealizable,
          where,
          `${parameter} of population '${population.name}' is ${fmt(population.params.tau_refrac.value)} ms, ${fmt(t)} us on the chip; the longest refractory time is ` +
            `${fmt(MAX_REFRACTORY_US)} us (255 steps of 250 MHz / 2^16; [HALDLS] neuron.h RefractoryTime, ClockScale)`,
          { parameter, found: population.params.tau_refrac.value, nearest: hardwareUsToBioMs(MAX_REFRACTORY_US), unit: 'ms', limit: MAX_REFRACTORY_US },
        );
      }
      return;
    }
    const block = blocks[backendBlockOfColumn(c.column)];
    const options = (['fast', 'slow'] as const).map((clock) => {
      const hz = backendClockHz(clock === 'fast' ? block.clockScaleFast : block.clockScaleSlow);
      const counter = Math.round((t * hz) / 1e6);
      const realised = (counter / hz) * 1e6;
      return { clock, counter, realised, error: t === 0 ? 0 : Math.abs(realised - t) / t };
    });
    const usable = options.filter((o) => o.counter <= FIELDS.refractoryCounter[1]);
    const best = usable.reduce((a, b) => (b.error < a.error ? b : a));
    perCircuit[i] = { counter: best.counter, clock: best.clock };
    const [lo, hi] = REFRACTORY.calibratedUs;
    const imprecise = best.error > REFRACTORY_TOLERANCE;
    const uncalibrated = t > 0 && (t < lo || t > hi);
    if ((imprecise || uncalibrated) && !reported.has(population.name)) {
      reported.add(population.name);
      ctx.warning(
        MapperCode.RefractoryQuantised,
        where,
        `${parameter} of population '${population.name}' is ${fmt(population.params.tau_refrac.value)} ms, realised as ${best.counter} steps = ${fmt(best.realised)} us on the chip ` +
          (uncalibrated
            ? `(outside the calibrated range ${lo}..${hi} us, [CALIX] spiking/refractory_period.py)`
            : `(${fmt(best.error * 100)} % off: the two refractory clocks of backend block ${backendBlockOfColumn(c.column)} are shared by all its neurons, [HALDLS] neuron.h)`),
        { parameter, found: population.params.tau_refrac.value, nearest: hardwareUsToBioMs(clamp(best.realised, lo, hi)), unit: 'ms' },
      );
    }
  });
  return { blocks, perCircuit };
}
