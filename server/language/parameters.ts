/**
 * The catalogue of the language: every statement's parameters with dimension, default, allowed range and a
 * one-line description, and the names a value can take (types, connectors, receptors, record variables). The
 * checker validates against it, the language server shows it in completion and hover, and docs/language.md
 * is written from it (scripts/gen-language-tables.ts).
 *
 * Ranges here are the physical and logical ones (a time constant is positive, a probability lies in [0, 1]).
 * What the chip can realise (weights up to 63, calibratable time constants, ...) is checked by the mapper
 * against common/chip/limits.ts, not here.
 *
 * Neuron defaults are PyNN's `EIF_cond_exp_isfa_ista` (Brette & Gerstner 2005 parameters as PyNN 0.10
 * documents them), so that a population without a body behaves like the PyNN model of the same name.
 */
import type { CellType, CompartmentKind, PopulationType, RecordVariable } from './model';
import type { Dimension } from './units';

export type ValueForm =
  /** A number with a unit of `dimension` (or a plain number when dimensionless). */
  | 'quantity'
  /** A whole number (dimensionless). */
  | 'integer'
  /** One of `choices`, written as a bare name. */
  | 'choice'
  | 'boolean'
  /** A list of times, or a list of such lists (one per neuron). */
  | 'spike_times'
  /** A flat list of quantities of `dimension`. */
  | 'quantity_list'
  /** A connector: a name or a call, see CONNECTORS. */
  | 'connector'
  /** The name of something declared in the file (a compartment's `parent`). */
  | 'name';

export interface ParameterSpec {
  name: string;
  form: ValueForm;
  dimension: Dimension;
  /** Default in internal units (or the choice / boolean); undefined when required or described by defaultText. */
  default?: number | string | boolean;
  /** The default as users read it in docs and hover: `-70.6 mV`, `v_rest`, `end of the experiment`. */
  defaultText: string;
  /** Required: the statement is incomplete without it (no default). */
  required?: boolean;
  min?: number;
  max?: number;
  /** The bound itself is not allowed (`> 0` rather than `>= 0`). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  choices?: readonly string[];
  description: string;
}

function quantity(
  name: string,
  dimension: Dimension,
  defaultValue: number | undefined,
  defaultText: string,
  description: string,
  bounds: Partial<Pick<ParameterSpec, 'min' | 'max' | 'minExclusive' | 'maxExclusive' | 'required'>> = {},
): ParameterSpec {
  return { name, form: 'quantity', dimension, default: defaultValue, defaultText, description, ...bounds };
}

function integer(
  name: string,
  defaultValue: number | undefined,
  defaultText: string,
  description: string,
  bounds: Partial<Pick<ParameterSpec, 'min' | 'max'>> = {},
): ParameterSpec {
  return { name, form: 'integer', dimension: 'dimensionless', default: defaultValue, defaultText, description, ...bounds };
}

const POSITIVE = { min: 0, minExclusive: true } as const;
const NON_NEGATIVE = { min: 0 } as const;

// ---- experiment ---------------------------------------------------------------------------------------------

/**
 * The default voltage mapping puts the calibration defaults of the reference software (leak 80 and threshold
 * 125 CADC LSB, shared/bss2/facts.md section 3.5) at -65 mV and -50 mV: cadc = 80 + (v + 65 mV) * 3 / mV.
 */
export const DEFAULT_V_AT_CADC_REFERENCE = -65;
export const DEFAULT_CADC_REFERENCE = 80;
export const DEFAULT_CADC_PER_MV = 3;

/** Duration used when the file has no `experiment` statement or does not set it. */
export const DEFAULT_DURATION_MS = 1000;

export const EXPERIMENT_PARAMETERS: readonly ParameterSpec[] = [
  quantity('duration', 'time', DEFAULT_DURATION_MS, '1000 ms', 'Biological duration of the experiment (the chip runs it 1000 times faster).', POSITIVE),
  integer('seed', 0, '0', 'Seed of every random draw: Poisson spikes, random connectors, background generators.', NON_NEGATIVE),
  quantity('v_at_cadc_reference', 'voltage', DEFAULT_V_AT_CADC_REFERENCE, '-65 mV', 'Membrane voltage that corresponds to the CADC reading `cadc_reference`.'),
  quantity('cadc_reference', 'dimensionless', DEFAULT_CADC_REFERENCE, '80', 'CADC reading (LSB) that corresponds to `v_at_cadc_reference`.', NON_NEGATIVE),
  quantity('cadc_per_mV', 'dimensionless', DEFAULT_CADC_PER_MV, '3', 'CADC steps per millivolt of membrane voltage: the scale of the mV <-> CADC mapping.', POSITIVE),
];

// ---- neurons ------------------------------------------------------------------------------------------------

/** Amplitude of one weight step for current-based synapses: 63 steps give about 126 pA, a PSP of 1 to 2 mV with the defaults. */
export const DEFAULT_WEIGHT_SCALE_PA = 2;
/** The conductance-based counterpart: about the same current at a driving force of 65 mV. */
export const DEFAULT_WEIGHT_SCALE_NS = 0.03;

const NEURON_PARAMETERS: readonly ParameterSpec[] = [
  quantity('cm', 'capacitance', 281, '0.281 nF', 'Membrane capacitance.', POSITIVE),
  quantity('tau_m', 'time', 9.3667, '9.3667 ms', 'Membrane time constant (cm / leak conductance).', POSITIVE),
  quantity('v_rest', 'voltage', -70.6, '-70.6 mV', 'Resting (leak reversal) potential.'),
  quantity('v_thresh', 'voltage', -50.4, '-50.4 mV', 'Exponential threshold V_T: where the exponential upswing starts.'),
  quantity('delta_T', 'voltage', 2, '2 mV', 'Slope factor of the exponential term; 0 gives a leaky integrate-and-fire neuron.', NON_NEGATIVE),
  quantity('a', 'conductance', 4, '4 nS', 'Subthreshold adaptation: coupling of the adaptation current w to the membrane.'),
  quantity('tau_w', 'time', 144, '144 ms', 'Time constant of the adaptation current w.', POSITIVE),
  quantity('b', 'current', 80.5, '0.0805 nA', 'Spike-triggered adaptation: increment of w at each spike.'),
  quantity('v_reset', 'voltage', -70.6, '-70.6 mV', 'Membrane potential after a spike.'),
  quantity('v_spike', 'voltage', -40, '-40 mV', 'Spike detection: crossing it emits a spike (the chip\'s threshold comparator).'),
  quantity('tau_refrac', 'time', 0.1, '0.1 ms', 'Refractory period: the membrane is held at v_reset this long after a spike.', NON_NEGATIVE),
  quantity('i_offset', 'current', 0, '0 nA', 'Constant current injected into every neuron.'),
  quantity('tau_syn_E', 'time', 5, '5 ms', 'Decay time constant of excitatory synaptic input.', POSITIVE),
  quantity('tau_syn_I', 'time', 5, '5 ms', 'Decay time constant of inhibitory synaptic input.', POSITIVE),
  quantity('e_rev_E', 'voltage', 0, '0 mV', 'Reversal potential of excitatory synapses (AdExCond only).'),
  quantity('e_rev_I', 'voltage', -80, '-80 mV', 'Reversal potential of inhibitory synapses (AdExCond only).'),
  quantity('v_init', 'voltage', undefined, 'v_rest', 'Membrane potential at the start of the experiment.'),
];

/** Parameters that only conductance-based cells have. */
export const CONDUCTANCE_ONLY = new Set(['e_rev_E', 'e_rev_I']);

const WEIGHT_SCALE_CURRENT = quantity(
  'weight_scale',
  'current',
  DEFAULT_WEIGHT_SCALE_PA,
  `${DEFAULT_WEIGHT_SCALE_PA} pA`,
  'Peak synaptic current of one weight step (the chip\'s weights are whole steps).',
  POSITIVE,
);
const WEIGHT_SCALE_CONDUCTANCE = quantity(
  'weight_scale',
  'conductance',
  DEFAULT_WEIGHT_SCALE_NS,
  `${DEFAULT_WEIGHT_SCALE_NS} nS`,
  'Peak synaptic conductance of one weight step (the chip\'s weights are whole steps).',
  POSITIVE,
);

export const CELL_PARAMETERS: Record<CellType, readonly ParameterSpec[]> = {
  AdEx: [...NEURON_PARAMETERS.filter((p) => !CONDUCTANCE_ONLY.has(p.name)), WEIGHT_SCALE_CURRENT],
  AdExCond: [...NEURON_PARAMETERS, WEIGHT_SCALE_CONDUCTANCE],
};

// ---- neuron types (multi-compartment neurons) ------------------------------------------------------------------

/**
 * Structure of a compartment: how many circuits it takes and how it hangs on its parent. The coupling is a
 * conductance (`g_icc`) or a time constant (`tau_icc`, converted with the compartment's own capacitance,
 * g = cm / tau_icc); the chip calibrates tau_icc between 0.1 and 30 us (facts §3.4, checked by the mapper).
 */
const COMPARTMENT_STRUCTURE: readonly ParameterSpec[] = [
  integer('circuits', 1, '1', 'Neuron circuits the compartment is made of; k circuits give it k x 256 synapse rows of fan-in.', { min: 1 }),
  {
    name: 'parent',
    form: 'name',
    dimension: 'dimensionless',
    defaultText: 'none (the root)',
    description: 'The compartment this one is coupled to; exactly one compartment (the soma, the neuron\'s output) has none.',
  },
  quantity('g_icc', 'conductance', undefined, 'none', 'Conductance coupling the compartment to its parent (or give tau_icc).', POSITIVE),
  quantity('tau_icc', 'time', undefined, 'none', 'Coupling to the parent as a time constant: g_icc = cm / tau_icc (or give g_icc).', POSITIVE),
];

/** Names of the coupling parameters: a root has none, every other compartment needs one of them. */
export const COUPLING_PARAMETERS = ['g_icc', 'tau_icc'] as const;

const PASSIVE_NAMES = new Set(['cm', 'tau_m', 'v_rest', 'i_offset', 'tau_syn_E', 'tau_syn_I', 'v_init']);
const PASSIVE_MEMBRANE = NEURON_PARAMETERS.filter((p) => PASSIVE_NAMES.has(p.name));

/** Default plateau of an active dendrite: an NMDA-like plateau some 25 mV above rest for tens of ms, inside the calibratable reset (50..160 CADC) and refractory (up to 32 us) ranges with the default voltage mapping. */
export const DEFAULT_PLATEAU_POTENTIAL_MV = -40;
export const DEFAULT_PLATEAU_DURATION_MS = 20;

const PLATEAU_EXTRA: readonly ParameterSpec[] = [
  quantity('v_spike', 'voltage', -50, '-50 mV', 'Plateau threshold: crossing it starts a plateau (the compartment\'s comparator; no spike leaves).'),
  quantity('v_plateau', 'voltage', DEFAULT_PLATEAU_POTENTIAL_MV, `${DEFAULT_PLATEAU_POTENTIAL_MV} mV`, 'Plateau potential: the membrane is held there for plateau_duration (the chip\'s reset potential, set above the leak).'),
  quantity('plateau_duration', 'time', DEFAULT_PLATEAU_DURATION_MS, `${DEFAULT_PLATEAU_DURATION_MS} ms`, 'How long a plateau is held (the chip\'s refractory time of the compartment\'s comparator).', POSITIVE),
];

export const COMPARTMENT_PARAMETERS: Record<CompartmentKind, readonly ParameterSpec[]> = {
  AdEx: [...COMPARTMENT_STRUCTURE, ...CELL_PARAMETERS.AdEx],
  Passive: [...COMPARTMENT_STRUCTURE, ...PASSIVE_MEMBRANE, WEIGHT_SCALE_CURRENT],
  Plateau: [...COMPARTMENT_STRUCTURE, ...PASSIVE_MEMBRANE, WEIGHT_SCALE_CURRENT, ...PLATEAU_EXTRA],
};

export interface CompartmentKindInfo {
  name: CompartmentKind;
  description: string;
  parameters: readonly ParameterSpec[];
}

export const COMPARTMENT_KINDS: readonly CompartmentKindInfo[] = [
  { name: 'AdEx', description: 'An active compartment: leak, exponential spike initiation, adaptation and a spike comparator (the root must be one).', parameters: COMPARTMENT_PARAMETERS.AdEx },
  { name: 'Passive', description: 'A passive compartment: leak, capacitance and synaptic input, no comparator (a passive dendrite).', parameters: COMPARTMENT_PARAMETERS.Passive },
  { name: 'Plateau', description: 'A passive compartment with a comparator that starts an NMDA-like plateau instead of a spike (an active dendrite).', parameters: COMPARTMENT_PARAMETERS.Plateau },
];

export function compartmentKind(name: string): CompartmentKindInfo | undefined {
  return COMPARTMENT_KINDS.find((k) => k.name === name);
}

/** Record variables of each compartment kind: only an AdEx compartment has an adaptation current, only the root spikes. */
export const COMPARTMENT_RECORD_VARIABLES: Record<CompartmentKind, readonly RecordVariable[]> = {
  AdEx: ['spikes', 'v', 'w', 'i_syn_E', 'i_syn_I'],
  Passive: ['v', 'i_syn_E', 'i_syn_I'],
  Plateau: ['v', 'i_syn_E', 'i_syn_I'],
};

// ---- sources ------------------------------------------------------------------------------------------------

const START = quantity('start', 'time', 0, '0 ms', 'When the source starts emitting spikes.', NON_NEGATIVE);
const STOP = quantity('stop', 'time', Infinity, 'end of the experiment', 'When the source stops emitting spikes.', NON_NEGATIVE);

export const SOURCE_PARAMETERS: Record<'Poisson' | 'SpikeArray' | 'BackgroundPoisson', readonly ParameterSpec[]> = {
  Poisson: [quantity('rate', 'frequency', 1, '1 Hz', 'Mean firing rate of each neuron of the source.', NON_NEGATIVE), START, STOP],
  SpikeArray: [
    {
      name: 'times',
      form: 'spike_times',
      dimension: 'time',
      defaultText: '[] (no spikes)',
      description: 'Spike times: one list for all neurons, or a list of lists with one per neuron.',
      min: 0,
    },
  ],
  BackgroundPoisson: [
    quantity('rate', 'frequency', 1, '1 Hz', 'Mean firing rate of each neuron, drawn by the chip\'s on-chip generators.', POSITIVE),
    integer('seed', undefined, 'from the experiment seed', 'Seed of the on-chip generator.', NON_NEGATIVE),
  ],
};

export interface PopulationTypeInfo {
  name: PopulationType;
  kind: 'neuron' | 'source';
  description: string;
  parameters: readonly ParameterSpec[];
}

export const POPULATION_TYPES: readonly PopulationTypeInfo[] = [
  {
    name: 'AdEx',
    kind: 'neuron',
    description: 'Adaptive exponential integrate-and-fire neurons with current-based synapses (the chip\'s default mode).',
    parameters: CELL_PARAMETERS.AdEx,
  },
  {
    name: 'AdExCond',
    kind: 'neuron',
    description: 'Adaptive exponential integrate-and-fire neurons with conductance-based synapses.',
    parameters: CELL_PARAMETERS.AdExCond,
  },
  {
    name: 'Poisson',
    kind: 'source',
    description: 'Independent Poisson spike trains, sent to the chip from outside (the FPGA).',
    parameters: SOURCE_PARAMETERS.Poisson,
  },
  {
    name: 'SpikeArray',
    kind: 'source',
    description: 'Spikes at given times, sent to the chip from outside (the FPGA).',
    parameters: SOURCE_PARAMETERS.SpikeArray,
  },
  {
    name: 'BackgroundPoisson',
    kind: 'source',
    description: 'Poisson-like spikes drawn on the chip by its background generators.',
    parameters: SOURCE_PARAMETERS.BackgroundPoisson,
  },
];

export function populationType(name: string): PopulationTypeInfo | undefined {
  return POPULATION_TYPES.find((t) => t.name === name);
}

// ---- projections --------------------------------------------------------------------------------------------

export const RECEPTORS = ['excitatory', 'inhibitory'] as const;
export const STP_MODES = ['none', 'depressing', 'facilitating'] as const;

export interface ConnectorInfo {
  name: 'all_to_all' | 'one_to_one' | 'fixed_probability' | 'fixed_indegree' | 'from_list';
  /** The argument, if the connector takes one. */
  argument?: { name: string; description: string };
  /** How it is written, with a placeholder argument (also the completion snippet). */
  syntax: string;
  description: string;
}

export const CONNECTORS: readonly ConnectorInfo[] = [
  { name: 'all_to_all', syntax: 'all_to_all', description: 'Every selected source neuron connects to every selected target neuron.' },
  {
    name: 'one_to_one',
    syntax: 'one_to_one',
    description: 'Source neuron i connects to target neuron i, for i below the smaller of the two sizes (as in PyNN).',
  },
  {
    name: 'fixed_probability',
    syntax: 'fixed_probability(p)',
    argument: { name: 'p', description: 'probability of each possible connection, in [0, 1]' },
    description: 'Each possible connection exists independently with probability p (drawn from the experiment seed).',
  },
  {
    name: 'fixed_indegree',
    syntax: 'fixed_indegree(n)',
    argument: { name: 'n', description: 'number of sources per target, at most the number of sources' },
    description: 'Each target neuron receives connections from n distinct randomly chosen source neurons.',
  },
  {
    name: 'from_list',
    syntax: 'from_list([[pre, post, weight], ...])',
    argument: { name: 'connections', description: 'list of [pre, post] or [pre, post, weight], indices within the slices' },
    description: 'Exactly the listed connections; without a weight an entry uses the projection\'s weight.',
  },
];

export const PROJECTION_PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'connector',
    form: 'connector',
    dimension: 'dimensionless',
    default: 'all_to_all',
    defaultText: 'all_to_all',
    description: 'Which neurons connect: all_to_all, one_to_one, fixed_probability(p), fixed_indegree(n), from_list([...]).',
  },
  integer('weight', 0, '0', 'Synaptic weight in the chip\'s weight steps (0..63 per synapse; the amplitude of a step is the target\'s weight_scale).', NON_NEGATIVE),
  {
    name: 'receptor',
    form: 'choice',
    dimension: 'dimensionless',
    default: 'excitatory',
    defaultText: 'excitatory',
    choices: RECEPTORS,
    description: 'Sign of the synapses: excitatory or inhibitory (on the chip, each synapse row has one sign).',
  },
  quantity('delay', 'time', 0, '0 ms', 'Transmission delay. The chip has no programmable delays, so the chip checks reject any other value.', NON_NEGATIVE),
  {
    name: 'split_weights',
    form: 'boolean',
    dimension: 'dimensionless',
    default: false,
    defaultText: 'false',
    description: 'Realise weights above one synapse\'s maximum with several parallel synapse rows.',
  },
  {
    name: 'stp',
    form: 'choice',
    dimension: 'dimensionless',
    default: 'none',
    defaultText: 'none',
    choices: STP_MODES,
    description: 'Short-term plasticity of the synapse drivers: none, depressing or facilitating.',
  },
  integer('stp_utilization', 8, '8', 'Utilization strength of short-term plasticity, in the driver\'s 4-bit steps.', NON_NEGATIVE),
  integer('stp_recovery', 8, '8', 'Recovery time constant setting of short-term plasticity, in the driver\'s 4-bit steps.', NON_NEGATIVE),
];

// ---- stimuli ------------------------------------------------------------------------------------------------

export type StimulusType = 'StepCurrent' | 'DCSource';

const STIMULUS_START = quantity('start', 'time', 0, '0 ms', 'When the current is switched on.', NON_NEGATIVE);
const STIMULUS_STOP = quantity('stop', 'time', Infinity, 'end of the experiment', 'When the current is switched off.', NON_NEGATIVE);
const AMPLITUDE = quantity('amplitude', 'current', undefined, 'none (required)', 'Current injected into each target neuron.', { required: true });

export const STIMULUS_PARAMETERS: Record<StimulusType, readonly ParameterSpec[]> = {
  StepCurrent: [
    STIMULUS_START,
    STIMULUS_STOP,
    { ...AMPLITUDE, defaultText: 'none (required unless times/amplitudes are given)' },
    {
      name: 'times',
      form: 'quantity_list',
      dimension: 'time',
      defaultText: 'none',
      description: 'Times at which the current changes (increasing); use with amplitudes instead of start/stop/amplitude.',
      min: 0,
    },
    {
      name: 'amplitudes',
      form: 'quantity_list',
      dimension: 'current',
      defaultText: 'none',
      description: 'The current from each time on, one per entry of times.',
    },
  ],
  DCSource: [STIMULUS_START, STIMULUS_STOP, AMPLITUDE],
};

export const STIMULUS_TYPES: readonly { name: StimulusType; description: string }[] = [
  { name: 'StepCurrent', description: 'A piecewise-constant current: one step (start, stop, amplitude) or several (times, amplitudes).' },
  { name: 'DCSource', description: 'A constant current between start and stop.' },
];

// ---- recording ----------------------------------------------------------------------------------------------

export interface RecordVariableInfo {
  name: RecordVariable;
  neuronsOnly: boolean;
  dimension: Dimension;
  description: string;
}

export const RECORD_VARIABLES: readonly RecordVariableInfo[] = [
  { name: 'spikes', neuronsOnly: false, dimension: 'time', description: 'Spike times of every neuron.' },
  { name: 'v', neuronsOnly: true, dimension: 'voltage', description: 'Membrane potential.' },
  { name: 'w', neuronsOnly: true, dimension: 'current', description: 'Adaptation current.' },
  { name: 'i_syn_E', neuronsOnly: true, dimension: 'current', description: 'Excitatory synaptic current (conductance times driving force for AdExCond).' },
  { name: 'i_syn_I', neuronsOnly: true, dimension: 'current', description: 'Inhibitory synaptic current (conductance times driving force for AdExCond).' },
];

export function recordVariablesFor(kind: 'neuron' | 'source'): RecordVariableInfo[] {
  return RECORD_VARIABLES.filter((v) => kind === 'neuron' || !v.neuronsOnly);
}

export interface ConverterInfo {
  name: 'madc' | 'cadc';
  description: string;
}

/**
 * The converters a record statement can ask for with `@` (facts §12.16-18). Both read the neuron's readout
 * multiplexer, which shows the membrane, the excitatory or inhibitory synaptic input or the adaptation state
 * ([HALDLS] neuron.h `ReadoutSource`), so every analog variable can go to either.
 */
export const CONVERTER_INFO: readonly ConverterInfo[] = [
  {
    name: 'madc',
    description:
      'The fast ADC: 10 bit at 29.4 MSample/s (one sample per 0.034 ms biological), at most two neurons, in columns of different parity, and at most 65 535 samples per run (2.2 s biological).',
  },
  {
    name: 'cadc',
    description:
      'The column-parallel ADC: 8 bit, every neuron, sampled by the plasticity processor every 1.7 us or more (1.7 ms biological), longer for long experiments so that the samples fit its buffer.',
  },
];

export const CONVERTERS: readonly string[] = CONVERTER_INFO.map((c) => c.name);

// ---- plasticity ---------------------------------------------------------------------------------------------

export const PLASTICITY_PERIOD: ParameterSpec = quantity(
  'every',
  'time',
  undefined,
  'none (required)',
  'Period of the rule: it runs once per period for every synapse row of its projections.',
  POSITIVE,
);
