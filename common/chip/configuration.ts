/**
 * The chip configuration: everything the emulator (or, one day, the real chip) needs to run an experiment, as
 * plain JSON data. The mapper writes it, the emulator reads it; neither side shares any other type. Like the
 * chip's own configuration it speaks hardware terms: placed neuron circuits, synapse drivers and rows with 6-bit
 * weights and labels, crossbar nodes, background generators and FPGA spike trains, with times in hardware
 * microseconds (1 us on the chip emulates 1 ms of biology, `SPEEDUP` in limits.ts).
 *
 * Units used below:
 *   - times: hardware us (`...Us`);
 *   - voltages: CADC LSB (`...Cadc`, may be fractional: they are calibration targets), converted to and from
 *     mV by `voltageMapping`;
 *   - `capmem`: the nominal CapMem cell values (0..1022) the reference software would start from, see limits.ts
 *     `nominalCapmemOfCadc`; the real values come from a per-chip calibration;
 *   - currents and conductances (`...Pa`, `...Ns`, `cmPf`, `weightScale`): bio-equivalent units, i.e. the
 *     values of the biological model the circuit emulates. Public calix has no calibration for the AdEx
 *     exponential and adaptation terms (facts §3.5), so no CapMem value is claimed for them.
 *
 * The schema is versioned; readers refuse versions they do not know (see validate.ts).
 */

import type { PpuProgram } from './ppu';

export const CHIP_CONFIGURATION_SCHEMA = 1;

export type Hemisphere = 0 | 1;
export type RowMode = 'excitatory' | 'inhibitory';

/** One atomic neuron circuit, placed, with the logical neuron it belongs to. */
export interface NeuronCircuit {
  hemisphere: Hemisphere;
  /** Neuron row; the neuron row of hemisphere h is row h. */
  row: Hemisphere;
  column: number;
  /**
   * Logical neuron: population name, index in the population, and the compartment the circuit belongs to (an index
   * into its `LogicalNeuron.compartments`; 0 for a neuron of one circuit).
   */
  population: string;
  index: number;
  compartment: number;
  model: 'AdEx' | 'AdExCond';
  /** 8-bit `address_out`; the 14-bit event label is (column / 32) << 8 | addressOut. */
  addressOut: number;
  tauMemUs: number;
  tauSynExcUs: number;
  tauSynInhUs: number;
  tauAdaptationUs: number;
  leakCadc: number;
  resetCadc: number;
  /** Spike comparator threshold (`v_spike`). */
  thresholdCadc: number;
  /** Exponential term: threshold V_T and slope Delta_T (0: LIF). */
  expThresholdCadc: number;
  expSlopeCadc: number;
  initialCadc: number;
  /** Reversal potentials (AdExCond; carried for AdEx too, unused). */
  reversalExcCadc: number;
  reversalInhCadc: number;
  /** Membrane capacitor size, 0..63 LSB (63 = ~2.2 pF). */
  membraneCapacitance: number;
  /** Bio-equivalent membrane capacitance, adaptation a and b, offset current. */
  cmPf: number;
  adaptationANs: number;
  adaptationBPa: number;
  offsetCurrentPa: number;
  /** Amplitude of one weight LSB: pA (AdEx) or nS (AdExCond). */
  weightScale: number;
  /** Refractory counter 0..255 and which of its backend block's two clocks drives it. */
  refractoryCounter: number;
  refractoryClock: 'fast' | 'slow';
  capmem: { vLeak: number; vReset: number; vThreshold: number; vExp: number };
  /**
   * The spike comparator (`threshold.enable`); absent: on. In a compartment of several circuits only one circuit
   * compares; a passive dendrite has none.
   */
  thresholdEnabled?: boolean;
  /**
   * Whether a threshold crossing leaves the circuit as an event (`event_routing.enable_digital`); absent: yes.
   * A dendrite's comparator with its output off starts only the circuit's refractory period, during which the
   * reset holds the shared membrane at `resetCadc`: with a reset above the leak this is the chip's plateau
   * potential (facts §3.4 "plateau potentials / NMDA-like").
   */
  eventOutput?: boolean;
}

/**
 * A logical neuron of several circuits (facts §3.2 `multicompartment`, §3.4). Circuits of one compartment are
 * shorted together (`connect_right` within a row, `connect_vertical` between the rows) and share one membrane:
 * their capacitances, leak conductances and synaptic inputs add up. Compartments are coupled through the
 * inter-compartment conductance of the soma line (`connect_soma`, `enable_conductance`, `i_bias_nmda`).
 * All circuits lie in one backend block (columns b*128..b*128+127, both rows). Neurons of one circuit are not
 * listed here.
 */
export interface LogicalNeuron {
  population: string;
  index: number;
  /** Compartment c: its name in the experiment and its circuits (indices into `neurons`). */
  compartments: Array<{ name: string; circuits: number[] }>;
  /** Couplings between two compartments (indices into `compartments`), bio-equivalent conductance in nS. */
  couplings: Array<{ a: number; b: number; conductanceNs: number }>;
  /** The compartment whose events are the neuron's spikes (the soma). */
  output: number;
}

/** The common backend of columns b*128..b*128+127 (both rows): its two refractory clocks, scale 0..15. */
export interface BackendBlock {
  clockScaleFast: number;
  clockScaleSlow: number;
}

/**
 * A crossbar node: an event entering `input` (0..7 neuron event outputs, 8..11 L2 from the FPGA, 12..19 background
 * generators) leaves on `output` (0..3 top PADI buses, 4..7 bottom, 8..11 L2 to the FPGA) iff
 * (label & mask) === target, on the 14-bit label. Nodes not listed drop everything.
 */
export interface CrossbarNode {
  input: number;
  output: number;
  mask: number;
  target: number;
}

/**
 * A synapse driver (0..127 per hemisphere), listening to PADI bus index % 4 at position index / 4. An event
 * reaches it iff (rowSelect & rowAddressCompareMask) === (position & rowAddressCompareMask), where rowSelect is
 * label bits 10..6. It drives rows 2*index and 2*index+1.
 */
export interface SynapseDriver {
  hemisphere: Hemisphere;
  index: number;
  rowAddressCompareMask: number;
  rowModeTop: RowMode | 'disabled';
  rowModeBottom: RowMode | 'disabled';
  /** Short-term plasticity in the driver's 4-bit terms; absent: STP off. */
  stp?: { mode: 'depressing' | 'facilitating'; utilization: number; recovery: number; offset: number };
}

/**
 * The used synapses of one row, as parallel arrays sorted by column: a synapse at column j with label l and weight
 * w receives the events whose label bits 5..0 equal l and drives neuron column j of the same hemisphere. Synapses
 * not listed have weight 0. `projection` indexes `source.projections`.
 */
export interface SynapseRow {
  hemisphere: Hemisphere;
  row: number;
  mode: RowMode;
  columns: number[];
  weights: number[];
  labels: number[];
  projection: number[];
}

/** A spike train the FPGA plays into the chip: label (14 bit) and sorted times (hardware us, 8 ns grid). */
export interface ExternalSource {
  population: string;
  index: number;
  l2Channel: number;
  label: number;
  timesUs: number[];
}

/**
 * An on-chip background generator in binned Poisson mode: every (period + 1) cycles of the 250 MHz clock it
 * emits a spike with probability (rate + 1) / 256, with label `label` whose bits selected by `mask` are drawn at
 * random per spike. Virtual source i of the population has label (label & ~mask) | i.
 */
export interface BackgroundGenerator {
  index: number;
  population: string;
  size: number;
  period: number;
  rate: number;
  seed: number;
  mask: number;
  label: number;
}

/** A piecewise-constant current into one circuit: amplitudesPa[i] from timesUs[i] until timesUs[i+1]. */
export interface StepCurrent {
  hemisphere: Hemisphere;
  column: number;
  timesUs: number[];
  amplitudesPa: number[];
}

export type AnalogObservable = 'v' | 'w' | 'i_syn_E' | 'i_syn_I';

export interface AnalogChannel {
  hemisphere: Hemisphere;
  column: number;
  observable: AnalogObservable;
}

export interface RecordingConfiguration {
  /** Spikes of every circuit are recorded (the chip sends them all to the FPGA). */
  spikes: 'all';
  /** At most two circuits, columns of different parity, at `madcSamplesPerSecond`. */
  madc: AnalogChannel[];
  madcSamplesPerSecond: number;
  /** Any number of circuits, sampled every `cadcPeriodUs`. */
  cadc: AnalogChannel[];
  cadcPeriodUs: number;
}

/** Where configuration entities came from, so that results are reported in the user's terms. */
export interface SourceMap {
  populations: Array<{
    name: string;
    type: 'AdEx' | 'AdExCond' | 'Poisson' | 'SpikeArray' | 'BackgroundPoisson';
    size: number;
    /**
     * Neuron populations: index into `neurons` of each population member; for a multi-compartment neuron, the
     * circuit whose events are its spikes (a circuit of its output compartment).
     */
    circuits?: number[];
    /** Multi-compartment populations: index into `logicalNeurons` of each member. */
    logicalNeurons?: number[];
    /** Poisson/SpikeArray: index into `externalSources`. BackgroundPoisson: index into `backgroundGenerators`. */
    externalSources?: number[];
    backgroundGenerator?: number;
  }>;
  /** Projection names (`pre->post`), indexed by `SynapseRow.projection`. */
  projections: string[];
}

export interface ChipConfiguration {
  schema: typeof CHIP_CONFIGURATION_SCHEMA;
  experiment: string;
  /** Unsigned 32-bit experiment seed (streams in common/random.ts derive from it). */
  seed: number;
  durationUs: number;
  /** cadc = cadcReference + (v_mV - mvAtReference) * cadcPerMv. */
  voltageMapping: { mvAtReference: number; cadcReference: number; cadcPerMv: number };
  backendBlocks: BackendBlock[];
  neurons: NeuronCircuit[];
  crossbar: CrossbarNode[];
  synapseDrivers: SynapseDriver[];
  synapseRows: SynapseRow[];
  externalSources: ExternalSource[];
  backgroundGenerators: BackgroundGenerator[];
  stimuli: StepCurrent[];
  recording: RecordingConfiguration;
  source: SourceMap;
  /**
   * Compiled plasticity rules (ppu.ts), one per rule and hemisphere. Optional, so configurations written before
   * the plasticity processor was emulated still load; the schema stays 1.
   */
  ppuPrograms?: PpuProgram[];
  /** Multi-compartment neurons (optional, like `ppuPrograms`; absent: every logical neuron is one circuit). */
  logicalNeurons?: LogicalNeuron[];
}
