/**
 * Turns a chip configuration into the network the emulator core advances, the way the chip itself turns its
 * configuration into behaviour: every event carries a 14-bit label and reaches a synapse only along the chip's
 * event path (facts §9.2), never along a shortcut the mapper might have meant:
 *
 *   source label --crossbar node (label & mask == target)--> PADI bus
 *     --driver on that bus (rowSelect & compareMask == position & compareMask)--> its two rows (sign: row mode)
 *     --synapse whose 6-bit label equals label bits 5..0--> neuron column of the same hemisphere.
 *
 * Crossbar inputs: neuron circuit in column c enters at its event output c / 32; FPGA train at 8 + L2 channel;
 * background generator j at 12 + j. A configuration that routes an event nowhere simply loses it, as the chip would.
 *
 * Units: the configuration speaks hardware terms (us, CADC LSB); the core works in biological units. Hardware
 * time in us equals biological time in ms (speed-up 1000), and CADC readings map to mV through the
 * configuration's own `voltageMapping`.
 */
import type { ChipConfiguration, NeuronCircuit, SynapseDriver, SynapseRow } from '../../common/chip/configuration';
import { EVENT_LABEL, SPEEDUP, TOPOLOGY, backendClockHz, busOfDriver } from '../../common/chip/limits';
import type { TraceVariable } from '../../common/results';
import { BackgroundGenerator } from '../models/backgroundGenerator';
import type { NeuronParameters } from '../models/adexIntegrator';
import { DEFAULT_CORRELATION } from '../models/correlationSensor';
import { withFixedPatternNoise } from './fixedPatternNoise';
import { EXCITATORY, INHIBITORY } from '../models/synapticInput';
import type { NetworkDescription, SourceDescription, StpDriverDescription } from '../network';
import type { CompartmentalNeuronDescription } from '../models/compartmentalNeuron';

/** Where each presynaptic stream of the network came from, for reporting source spikes in the user's terms. */
export interface StreamOrigin {
  population: string;
  index: number;
}

export interface TraceRequest {
  population: string;
  neuron: number;
  circuit: number;
  variable: TraceVariable;
  device: 'madc' | 'cadc';
  sample_ms: number;
  /** Multi-compartment neurons: the name of the compartment the circuit belongs to. */
  compartment?: string;
}

export interface EmulatedNetwork {
  description: NetworkDescription;
  /** Network neuron i is configuration circuit i. */
  circuits: readonly NeuronCircuit[];
  /** Source streams 0..S-1 of the network, with the population member each one plays. */
  sourceOrigins: readonly StreamOrigin[];
  traces: readonly TraceRequest[];
  warnings: string[];
  duration_ms: number;
  /**
   * Where each synapse of `description.synapses` sits on the chip: (hemisphere * 256 + row) * 256 + column, for
   * the plasticity processor (emulator/ppu/runtime.ts).
   */
  synapseSites: number[];
}

interface Stream {
  input: number;
  label: number;
}

/** The core's base step, ms bio: the interval at which neurons exchange spikes and traces are sampled. */
export const EXCHANGE_STEP_MS = 0.1;

/** Hardware microseconds to biological milliseconds: numerically the same, by the speed-up of 1000. */
const usToBioMs = (us: number): number => (us * SPEEDUP) / 1000;

export interface EmulationOptions {
  /** Seeded per-circuit mismatch of the analog parameters (fixedPatternNoise.ts); off by default. */
  fixedPatternNoise?: boolean;
}

export function networkFromConfiguration(config: ChipConfiguration, seed = config.seed, options: EmulationOptions = {}): EmulatedNetwork {
  const warnings: string[] = [];
  const duration_ms = usToBioMs(config.durationUs);
  const { mvAtReference, cadcReference, cadcPerMv } = config.voltageMapping;
  const mv = (cadc: number): number => mvAtReference + (cadc - cadcReference) / cadcPerMv;

  // Neuron parameters: identical circuits share one parameter set (the core derives its propagators per set).
  const setIndex = new Map<string, number>();
  const parameterSets: NeuronParameters[] = [];
  const neurons = new Int32Array(config.neurons.length);
  let unperturbed = 0;
  config.neurons.forEach((n, i) => {
    let p = neuronParameters(n, config, mv, cadcPerMv);
    if (options.fixedPatternNoise) {
      // The chip's mismatch belongs to the configuration (its seed), not to a run's seed override.
      const noisy = withFixedPatternNoise(p, config.seed, n.hemisphere, n.column, 1 / cadcPerMv);
      p = noisy.parameters;
      // A plateau comparator's reset lies above its threshold by design, which the AdEx checks refuse: such a
      // circuit stays nominal without a warning (docs/emulator.md, "Multi-compartment neurons").
      if (!noisy.perturbed && n.eventOutput !== false) unperturbed++;
    }
    const key = JSON.stringify(p);
    let k = setIndex.get(key);
    if (k === undefined) {
      k = parameterSets.length;
      parameterSets.push(p);
      setIndex.set(key, k);
    }
    neurons[i] = k;
  });
  if (unperturbed > 0) warnings.push(`fixed-pattern noise left ${unperturbed} neuron circuit(s) nominal: their perturbed parameters would be invalid`);
  const circuitAt = new Map<number, number>();
  config.neurons.forEach((n, i) => circuitAt.set(n.hemisphere * TOPOLOGY.neuronColumns + n.column, i));

  // Sources: FPGA trains play as spike arrays; background generators are drawn up front, one stream per virtual
  // source that any synapse listens to (a spike whose random label reaches no synapse is lost, as on the chip).
  const sources: SourceDescription[] = [];
  const sourceOrigins: StreamOrigin[] = [];
  const streams: Stream[] = [];
  for (const s of config.externalSources) {
    sources.push({ kind: 'array', times_ms: s.timesUs.map(usToBioMs) });
    sourceOrigins.push({ population: s.population, index: s.index });
    streams.push({ input: TOPOLOGY.crossbarInputFirstL2 + s.l2Channel, label: s.label });
  }
  for (const g of config.backgroundGenerators) {
    const byLabel = new Map<number, number[]>();
    const generator = new BackgroundGenerator({ mode: 'poisson', period: g.period, rate: g.rate, seed: g.seed, mask: g.mask, label: g.label });
    generator.spikesIn(0, duration_ms, (time, label) => {
      const list = byLabel.get(label);
      if (list) list.push(time);
      else byLabel.set(label, [time]);
    });
    for (let i = 0; i < g.size; i++) {
      const label = (g.label & ~g.mask) | i;
      sources.push({ kind: 'array', times_ms: byLabel.get(label) ?? [] });
      sourceOrigins.push({ population: g.population, index: i });
      streams.push({ input: TOPOLOGY.crossbarInputFirstBackground + g.index, label });
    }
  }
  for (const n of config.neurons) {
    const output = Math.floor(n.column / TOPOLOGY.columnsPerEventOutput);
    streams.push({ input: output, label: (output << EVENT_LABEL.eventOutputShift) | n.addressOut });
  }

  // Follow every stream along the event path.
  const rows = new Map<number, SynapseRow>();
  for (const r of config.synapseRows) rows.set(r.hemisphere * TOPOLOGY.synapseRowsPerHemisphere + r.row, r);
  const driversOnBus = new Map<number, SynapseDriver[]>();
  for (const d of config.synapseDrivers) {
    const key = d.hemisphere * TOPOLOGY.padiBusesPerHemisphere + busOfDriver(d.index).bus;
    const list = driversOnBus.get(key);
    if (list) list.push(d);
    else driversOnBus.set(key, [d]);
  }
  const pre: number[] = [];
  const post: number[] = [];
  const weight: number[] = [];
  const receptor: number[] = [];
  const synapseSites: number[] = [];
  // Rows a plasticity rule updates keep their zero-weight synapses: a rule may let them grow.
  const plasticRows = new Set((config.ppuPrograms ?? []).flatMap((p) => p.rows.map((r) => p.hemisphere * TOPOLOGY.synapseRowsPerHemisphere + r)));
  // STP state belongs to the driver and is shared by every event it takes (docs/emulator.md, "Short-term
  // plasticity"); each synapse is scaled by the driver its row hangs on.
  const stpDrivers: StpDriverDescription[] = [];
  const stpDriverOf = new Map<string, number>();
  const stpDriver: number[] = [];
  streams.forEach((stream, s) => {
    for (const node of config.crossbar) {
      if (node.input !== stream.input || (stream.label & node.mask) !== node.target) continue;
      if (node.output >= TOPOLOGY.crossbarOutputFirstL2) continue; // to the FPGA: recorded, not delivered
      const hemisphere = Math.floor(node.output / TOPOLOGY.padiBusesPerHemisphere);
      const rowSelect = (stream.label >> EVENT_LABEL.rowSelectShift) & EVENT_LABEL.rowSelectMask;
      const synapseLabel = stream.label & EVENT_LABEL.synapseLabelMask;
      for (const driver of driversOnBus.get(node.output) ?? []) {
        const mask = driver.rowAddressCompareMask;
        if ((rowSelect & mask) !== (busOfDriver(driver.index).position & mask)) continue;
        let driverStp = -1;
        if (driver.stp) {
          const key = `${driver.hemisphere}/${driver.index}`;
          driverStp = stpDriverOf.get(key) ?? -1;
          if (driverStp < 0) {
            driverStp = stpDrivers.length;
            stpDriverOf.set(key, driverStp);
            stpDrivers.push({ stp: { mode: driver.stp.mode, utilization: driver.stp.utilization, recovery: driver.stp.recovery }, streams: [] });
          }
          const taken = stpDrivers[driverStp].streams as number[];
          if (taken[taken.length - 1] !== s) taken.push(s);
        }
        const modes = [driver.rowModeTop, driver.rowModeBottom];
        for (let k = 0; k < TOPOLOGY.rowsPerDriver; k++) {
          const mode = modes[k];
          if (mode === 'disabled') continue;
          const rowKey = hemisphere * TOPOLOGY.synapseRowsPerHemisphere + driver.index * TOPOLOGY.rowsPerDriver + k;
          const row = rows.get(rowKey);
          if (!row) continue;
          for (let j = 0; j < row.columns.length; j++) {
            if (row.labels[j] !== synapseLabel || (row.weights[j] === 0 && !plasticRows.has(rowKey))) continue;
            const target = circuitAt.get(hemisphere * TOPOLOGY.neuronColumns + row.columns[j]);
            if (target === undefined) continue; // a synapse above an unused circuit drives nothing
            pre.push(s);
            post.push(target);
            weight.push(row.weights[j]);
            receptor.push(mode === 'inhibitory' ? INHIBITORY : EXCITATORY);
            synapseSites.push(rowKey * TOPOLOGY.synapsesPerRow + row.columns[j]);
            stpDriver.push(driverStp);
          }
        }
      }
    }
  });

  for (const st of config.stimuli) {
    if (!circuitAt.has(st.hemisphere * TOPOLOGY.neuronColumns + st.column)) {
      warnings.push(`a step current targets hemisphere ${st.hemisphere}, column ${st.column}, where no neuron is placed; it is ignored`);
    }
  }
  const stepCurrents = config.stimuli
    .filter((st) => circuitAt.has(st.hemisphere * TOPOLOGY.neuronColumns + st.column))
    .map((st) => ({
      neuron: circuitAt.get(st.hemisphere * TOPOLOGY.neuronColumns + st.column)!,
      times_ms: st.timesUs.map(usToBioMs),
      amplitudes_pA: st.amplitudesPa,
    }));

  const traces = traceRequests(config, circuitAt, warnings);
  const compartmentNeurons = compartmentNeuronsOf(config);
  return {
    description: {
      seed,
      parameterSets,
      neurons,
      sources,
      synapses: { pre, post, weight, receptor, stpDriver },
      stpDrivers,
      stepCurrents,
      record: traces.length > 0 ? { traces: traces.map((t) => ({ neuron: t.circuit, variable: t.variable })), sample_ms: EXCHANGE_STEP_MS } : undefined,
      ...(compartmentNeurons.length > 0 ? { compartmentNeurons } : {}),
      // Correlation sensors are read only by plasticity rules; their baseline is the programs' calibration value.
      ...(config.ppuPrograms && config.ppuPrograms.length > 0 ? { correlation: { ...DEFAULT_CORRELATION, baseline: config.ppuPrograms[0].correlationBaselineCadc } } : {}),
    },
    circuits: config.neurons,
    sourceOrigins,
    traces,
    warnings,
    duration_ms,
    synapseSites,
  };
}

function neuronParameters(
  n: NeuronCircuit,
  config: ChipConfiguration,
  mv: (cadc: number) => number,
  cadcPerMv: number,
): NeuronParameters {
  const block = config.backendBlocks[Math.floor(n.column / TOPOLOGY.backendBlockColumns)];
  const scale = n.refractoryClock === 'fast' ? block.clockScaleFast : block.clockScaleSlow;
  const refractoryUs = (n.refractoryCounter / backendClockHz(scale)) * 1e6;
  const tau_m = usToBioMs(n.tauMemUs);
  return {
    adex: {
      c_m: n.cmPf,
      g_l: n.cmPf / tau_m,
      e_l: mv(n.leakCadc),
      v_t: mv(n.expThresholdCadc),
      delta_t: n.expSlopeCadc / cadcPerMv,
      a: n.adaptationANs,
      b: n.adaptationBPa,
      tau_w: usToBioMs(n.tauAdaptationUs),
      v_reset: mv(n.resetCadc),
      v_spike: mv(n.thresholdCadc),
      t_ref: usToBioMs(refractoryUs),
      i_offset: n.offsetCurrentPa,
      v_init: mv(n.initialCadc),
    },
    synapse:
      n.model === 'AdExCond'
        ? {
            kind: 'conductance',
            tau_syn_E: usToBioMs(n.tauSynExcUs),
            tau_syn_I: usToBioMs(n.tauSynInhUs),
            weight_scale_E: n.weightScale,
            weight_scale_I: n.weightScale,
            e_rev_E: mv(n.reversalExcCadc),
            e_rev_I: mv(n.reversalInhCadc),
          }
        : {
            kind: 'current',
            tau_syn_E: usToBioMs(n.tauSynExcUs),
            tau_syn_I: usToBioMs(n.tauSynInhUs),
            weight_scale_E: n.weightScale,
            weight_scale_I: n.weightScale,
          },
  };
}

/**
 * The traces to record, each at the rate of the converter that records it on the chip, in biological time
 * (hardware period × SPEEDUP), on the core's exchange-step grid:
 * - CADC channels every `cadcPeriodUs` (≥ 1.7 us hardware), rounded to whole steps;
 * - MADC channels at `madcSamplesPerSecond`. The chip's default MADC rate (29.4 MSample/s, one sample per
 *   0.034 us hardware = 0.034 ms biological) is finer than the step (0.1 ms), where the core's state exists:
 *   such an MADC trace is decimated to the step (every ~3rd chip sample), and its `dt_ms` says so. A slower
 *   configured MADC rate is honoured (rounded to whole steps).
 * The decimation keeps a 1 s run at 10,000 samples per channel instead of 29,400 interpolated ones that would add
 * no information the core computed.
 */
function traceRequests(config: ChipConfiguration, circuitAt: Map<number, number>, warnings: string[]): TraceRequest[] {
  const requests: TraceRequest[] = [];
  const step_ms = EXCHANGE_STEP_MS;
  const onGrid = (period_ms: number): number => Math.max(1, Math.round(period_ms / step_ms)) * step_ms;
  const madcPeriod_ms = usToBioMs(1e6 / config.recording.madcSamplesPerSecond);
  const compartmentName = new Map<number, string>();
  for (const l of config.logicalNeurons ?? []) for (const c of l.compartments) for (const j of c.circuits) compartmentName.set(j, c.name);
  const add = (channel: { hemisphere: number; column: number; observable: TraceVariable }, device: 'madc' | 'cadc') => {
    const circuit = circuitAt.get(channel.hemisphere * TOPOLOGY.neuronColumns + channel.column);
    if (circuit === undefined) {
      warnings.push(`a ${device.toUpperCase()} channel reads hemisphere ${channel.hemisphere}, column ${channel.column}, where no neuron is placed`);
      return;
    }
    const n = config.neurons[circuit];
    const sample_ms = onGrid(device === 'madc' ? madcPeriod_ms : usToBioMs(config.recording.cadcPeriodUs));
    // A channel on any circuit of a compartment records that compartment (they share one membrane).
    const compartment = compartmentName.get(circuit);
    requests.push({ population: n.population, neuron: n.index, circuit, variable: channel.observable, device, sample_ms, ...(compartment !== undefined ? { compartment } : {}) });
  };
  for (const c of config.recording.madc) add(c, 'madc');
  for (const c of config.recording.cadc) add(c, 'cadc');
  return requests;
}

/**
 * The multi-compartment neurons of a configuration, for the core (models/compartmentalNeuron.ts): network neuron i
 * is circuit i, so compartments list circuits as they are; a compartment's comparator is its circuit with
 * `thresholdEnabled` (absent: on), and that circuit's `eventOutput` (absent: on) decides whether a crossing is a
 * spike or a plateau.
 */
function compartmentNeuronsOf(config: ChipConfiguration): CompartmentalNeuronDescription[] {
  return (config.logicalNeurons ?? []).map((l) => ({
    label: `${l.population}[${l.index}]`,
    compartments: l.compartments.map((c) => {
      const comparators = c.circuits.filter((j) => config.neurons[j]?.thresholdEnabled !== false);
      const eventOutput = comparators.length === 1 ? config.neurons[comparators[0]].eventOutput !== false : true;
      return { name: c.name, circuits: c.circuits, comparators, eventOutput };
    }),
    couplings: l.couplings.map((c) => ({ a: c.a, b: c.b, conductance_nS: c.conductanceNs })),
    output: l.output,
  }));
}
