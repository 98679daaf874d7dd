/**
 * The checked experiment: what the semantic checker produces from a syntax tree that has no errors in the
 * parts it needs, and what the mapper consumes.
 *
 * Internal unit system (every quantity is converted once, at the edge, by units.ts):
 *   time ms, voltage mV, current pA, conductance nS, capacitance pF, frequency Hz.
 * It is consistent without factors: pF * mV / ms = pA and nS * mV = pA, so the AdEx equations can be written
 * in these units as they stand in the paper.
 *
 * Every value remembers the source range it came from (`undefined` when it is a default), so that later
 * stages (the mapper, the language server) can point at the exact token.
 */
import type { Range } from './position';

/** A number in internal units and where it was written (undefined: the documented default was used). */
export interface Valued {
  value: number;
  range?: Range;
}

export type CellType = 'AdEx' | 'AdExCond';
export type SourceType = 'Poisson' | 'SpikeArray' | 'BackgroundPoisson';
export type PopulationType = CellType | SourceType;

/** Parameters of an AdEx neuron population, PyNN `EIF_cond_exp_isfa_ista` names, internal units. */
export interface NeuronParameters {
  cm: Valued; // pF
  tau_m: Valued; // ms
  v_rest: Valued; // mV
  v_thresh: Valued; // mV, exponential threshold V_T
  delta_T: Valued; // mV, 0 gives the LIF limit
  a: Valued; // nS
  tau_w: Valued; // ms
  b: Valued; // pA
  v_reset: Valued; // mV
  v_spike: Valued; // mV, spike detection (threshold comparator)
  tau_refrac: Valued; // ms
  i_offset: Valued; // pA
  tau_syn_E: Valued; // ms
  tau_syn_I: Valued; // ms
  e_rev_E: Valued; // mV, AdExCond only (present with its default for AdEx, unused)
  e_rev_I: Valued; // mV, AdExCond only
  v_init: Valued; // mV, initial membrane potential (defaults to v_rest)
  /** Amplitude of one weight LSB: pA per LSB (AdEx) or nS per LSB (AdExCond). */
  weight_scale: Valued;
}

interface PopulationBase {
  name: string;
  nameRange: Range;
  /** The whole statement. */
  range: Range;
  size: number;
  sizeRange: Range;
  typeRange: Range;
}

export interface NeuronPopulation extends PopulationBase {
  kind: 'neuron';
  /** 'AdEx' for a population of a neuron type (its compartments are current-based AdEx/leaky integrators). */
  type: CellType;
  /** The neuron's parameters; for a neuron type, those of its root compartment (the soma). */
  params: NeuronParameters;
  /** Present when the population's type is a declared neuron type (`population pyr : Pyramidal[4]`). */
  morphology?: Morphology;
}

/** `AdEx`: active (comparator, exponential term, adaptation); `Passive`: leak and synaptic input; `Plateau`: passive + plateau comparator. */
export type CompartmentKind = 'AdEx' | 'Passive' | 'Plateau';

/** One compartment of a neuron type, internal units. */
export interface Compartment {
  name: string;
  nameRange: Range;
  kind: CompartmentKind;
  kindRange: Range;
  /** Neuron circuits the compartment is made of (its membrane is their shared membrane). */
  circuits: Valued;
  /** Index of the parent compartment in `Morphology.compartments`; undefined for the root. */
  parent?: number;
  /** Coupling to the parent: a conductance (nS, `g_icc`) or a time constant (ms, `tau_icc`, g = cm / tau_icc). */
  gIcc?: Valued;
  tauIcc?: Valued;
  /**
   * Membrane parameters. Passive and Plateau compartments use cm, tau_m, v_rest, i_offset, tau_syn_*, v_init and
   * weight_scale; the others keep their defaults and are switched off by the mapper.
   */
  params: NeuronParameters;
  /** Plateau compartments: the plateau potential (mV) and how long it is held (ms); `params.v_spike` is its threshold. */
  plateau?: { potential: Valued; duration: Valued };
}

/** A declared neuron type: its compartments in depth-first order from the root (index 0, the output compartment). */
export interface Morphology {
  name: string;
  nameRange: Range;
  compartments: Compartment[];
}

export interface PoissonPopulation extends PopulationBase {
  kind: 'source';
  type: 'Poisson';
  rate: Valued; // Hz
  start: Valued; // ms
  /** ms; Infinity when it runs to the end of the experiment. */
  stop: Valued;
}

export interface SpikeArrayPopulation extends PopulationBase {
  kind: 'source';
  type: 'SpikeArray';
  /** One sorted list of times (ms) per neuron (a single list in the file is copied to every neuron). */
  times: number[][];
  timesRange?: Range;
}

export interface BackgroundPoissonPopulation extends PopulationBase {
  kind: 'source';
  type: 'BackgroundPoisson';
  rate: Valued; // Hz, per neuron of the population
  /** Seed of the on-chip generator; undefined: derived from the experiment seed. */
  seed?: Valued;
}

export type Population = NeuronPopulation | PoissonPopulation | SpikeArrayPopulation | BackgroundPoissonPopulation;

/** A half-open index range [start, end) of a population. */
export interface Selection {
  population: string;
  start: number;
  end: number;
  /** Range of the whole reference (`pop[0..3]`). */
  range: Range;
}

export type Connector =
  | { kind: 'all_to_all'; range?: Range }
  | { kind: 'one_to_one'; range?: Range }
  | { kind: 'fixed_probability'; p: number; range?: Range }
  | { kind: 'fixed_indegree'; n: number; range?: Range }
  /** Indices count from the start of the pre/post selections (like PyNN's FromListConnector on a view). */
  | { kind: 'from_list'; connections: Array<[pre: number, post: number, weight: number]>; range?: Range };

export type Receptor = 'excitatory' | 'inhibitory';

/** Short-term plasticity of the synapse drivers that carry a projection, in the chip's 4-bit terms. */
export interface ShortTermPlasticity {
  mode: 'depressing' | 'facilitating';
  utilization: Valued; // 0..15
  recovery: Valued; // 0..15
  range?: Range;
}

export interface Projection {
  /** `drive->cell`: the name used in results and in plasticity rules. */
  name: string;
  range: Range;
  pre: Selection;
  post: Selection;
  /** Index of the target compartment in the post population's morphology; undefined: the output compartment. */
  postCompartment?: number;
  connector: Connector;
  /** Weight in chip LSB (0..63 per synapse row); above 63 only with `split_weights`. */
  weight: Valued;
  receptor: Receptor;
  receptorRange?: Range;
  /** Realise weights above 63 with ceil(w / 63) parallel rows, as PyNN for BSS-2 does. */
  splitWeights: boolean;
  stp?: ShortTermPlasticity;
  /** Seed offset for random connectors; the connectivity is drawn from the experiment seed. */
  /**
   * Transmission delay in ms, present only when the file sets `delay` (the chip has none: the chip checks
   * report any nonzero value at `delay.range`).
   */
  delay?: Valued;
}

export interface Stimulus {
  range: Range;
  target: Selection;
  type: 'StepCurrent' | 'DCSource';
  /** Index of the compartment the current flows into (neuron types); undefined: the output compartment. */
  compartment?: number;
  /** Piecewise-constant current: amplitude[i] (pA) from times[i] (ms) until times[i+1]; 0 before times[0]. */
  times: number[];
  amplitudes: number[];
}

export type RecordVariable = 'spikes' | 'v' | 'w' | 'i_syn_E' | 'i_syn_I';

/** The converters that sample analog observables (facts §12.16-18): the fast MADC or the column-parallel CADC. */
export type Converter = 'madc' | 'cadc';

export interface Recording {
  range: Range;
  target: Selection;
  /** Index of the recorded compartment in the population's morphology; undefined: the output compartment. */
  compartment?: number;
  variables: RecordVariable[];
  variableRanges: Range[];
  /** `@ madc` / `@ cadc`: the converter asked for; absent, the mapper chooses (first two membranes on the MADC). */
  converter?: Converter;
  /** Range of the converter's name. */
  converterRange?: Range;
}

/**
 * A plasticity rule. Its body belongs to the plasticity-processor language; the foundation keeps its
 * header and the raw body so that later stages can compile it.
 */
export interface PlasticityRule {
  name: string;
  nameRange: Range;
  range: Range;
  /** Projection names (`pre->post`) the rule updates. */
  projections: string[];
  projectionRanges: Range[];
  period: Valued; // ms
  /** Source text of the body between the braces, and where it starts. */
  bodyText: string;
  bodyRange: Range;
}

/** How membrane voltages in mV map onto the chip's CADC readings: cadc = reference + (v - mvAtReference) * perMv. */
export interface VoltageMapping {
  mvAtReference: Valued; // mV at the reference reading, default -65 mV
  cadcReference: Valued; // CADC LSB, default 80
  cadcPerMv: Valued; // CADC LSB per mV, default 3
}

export interface Experiment {
  name: string;
  nameRange?: Range;
  duration: Valued; // ms (biological)
  seed: Valued;
  voltageMapping: VoltageMapping;
  populations: Population[];
  projections: Projection[];
  stimuli: Stimulus[];
  recordings: Recording[];
  plasticity: PlasticityRule[];
}
