/**
 * Multi-compartment neurons: logical neurons whose neuron circuits form several coupled membranes (facts §3.4;
 * chip configuration `LogicalNeuron`). The model is the compartmental (discretised-cable) neuron of Koch,
 * "Biophysics of Computation" (1999) ch. 3 and Dayan & Abbott, "Theoretical Neuroscience" (2001) §6.3, with an AdEx
 * comparator compartment (Brette & Gerstner 2005, J. Neurophysiol. 94:3637) where the configuration has one.
 *
 * Compartment c: circuits j ∈ c are shorted together and share one membrane ([HALDLS] lola neuron.h
 * `connect_right`, `connect_vertical`), so their capacitances, leak conductances, offset currents and stimuli add:
 *   C_c = Σ c_m,j    G_c = Σ g_l,j    E_L,c = Σ g_l,j E_L,j / G_c    I_off,c = Σ i_offset,j    I_stim,c = Σ I_stim,j
 *
 *   C_c dV_c/dt   = -G_c (V_c - E_L,c) + F_c(V_c) - w_c + I_E,c - I_I,c + I_off,c + I_stim,c + Σ_d g_cd (V_d - V_c)
 *   τ_w dw_c/dt   = a_c (V_c - E_L,c) - w_c
 *   dI_E,c/dt     = -I_E,c / τ_syn,E     dI_I,c/dt = -I_I,c / τ_syn,I     (current-based only, see below)
 *   F_c(V)        = G_c Δ_T exp((min(V, V_spike) - V_T) / Δ_T)             (comparator compartments with Δ_T > 0)
 *
 * The couplings g_cd are the conductances of the soma line between compartments (`connect_soma`,
 * `enable_conductance`, `i_bias_nmda`; facts §3.4). An event on any circuit's synapse adds its amplitude (weight ×
 * that circuit's weight scale, as the network computed it) to the compartment's input at its exact time; the
 * circuits of one compartment must share τ_syn (one input low-pass per compartment). Conductance-based input is
 * not modelled for compartments (refused with a message). The exponential term uses the compartment's G_c, so a
 * compartment split over k circuits behaves as the user's one membrane; Δ_T, V_T, a, b, τ_w, V_reset, V_spike and
 * t_ref come from the compartment's comparator circuit (`thresholdEnabled`), the other circuits' values are unused.
 *
 * Comparators (facts §3.1, §3.3: threshold comparator, digital backend, conductance-based reset): a comparator
 * fires when V_c rises through V_spike (an upward crossing; after a release above V_spike it fires again only once
 * V_c has fallen below it — the backend reacts to the comparator's edge, an assumption the fact sheet does not
 * settle). At the crossing time t*: V_c ← V_reset, held there until t* + t_ref (the reset OTA holds the shared
 * membrane; the other compartments keep integrating and feel the hold through the couplings), w_c ← w_c + b.
 * With `eventOutput` the crossing leaves as a spike of that circuit; without, it is a plateau: V_reset above the
 * leak is the plateau potential and t_ref its duration (the chip's NMDA-like plateau, facts §3.4).
 *
 * Integration, per neuron and base step h:
 * 1. Exact propagator: when no hold starts or ends inside the step, no stimulus changes, every free comparator
 *    stays below V_T - 2 Δ_T (EXPONENTIAL_MARGIN; and below V_spike) at both ends and the neuron has
 *    ≤ PROPAGATOR_MAX_COMPARTMENTS compartments, the state (V, w, I_E, I_I of every compartment) advances by exp(A h) (Rotter & Diesmann 1999,
 *    Biol. Cybern. 81:381), computed once per neuron and hold pattern (held membranes have a zero row in A). This
 *    is exact for any coupling strength (stiff couplings, τ_icc down to 0.1 ms, cost nothing extra). Events act
 *    at their true time through tabulated responses exp(A r) e_input (r = j h/64, linear interpolation). F enters
 *    as a constant current over the step, the mean of its values at both ends (trapezoidal; F ≤ G Δ_T e^-2
 *    there; the spike-time cost of each margin is measured in docs/emulator.md).
 * 2. Adaptive Dormand–Prince RK5(4) (Dormand & Prince 1980) on the whole neuron otherwise, split at every event
 *    and hold boundary, with a threshold crossing located inside the accepted step (cubic Hermite root refined by
 *    re-integration) and the reset applied at that time. Stiff couplings shrink its steps (stability), never its
 *    accuracy; it is used only near threshold and around holds.
 * A neuron whose state becomes NaN/∞ or leaves ±PHYSICAL_POTENTIAL_LIMIT_MV stops the run with a RunawayError
 * naming the neuron, the compartment and the time. Measured accuracy: docs/emulator.md, "Multi-compartment neurons".
 */
import { PHYSICAL_POTENTIAL_LIMIT_MV, type ParameterProblem, type RunawayError, runawayError } from './adex';
import {
  type AdExGroup, CHANNEL_EXCITATORY, CHANNEL_INHIBITORY, CHANNEL_STIMULUS, type FanOutGatherer, type NeuronParameters,
  type SpikeSink, StepInput,
} from './adexIntegrator';
import { matrixExponential } from '../numerics/matrixExponential';
import { hermiteRoot } from '../numerics/hermite';
import { DORMAND_PRINCE } from '../numerics/dormandPrince';

export interface CompartmentDescription {
  /** The compartment's name in the experiment (for traces and messages). */
  name: string;
  /** Network neurons (neuron circuits) that share this compartment's membrane. */
  circuits: readonly number[];
  /** The circuits whose spike comparator is on: none (passive) or one. */
  comparators: readonly number[];
  /** Whether the comparator's crossings leave as spikes (default true); false: a plateau comparator. */
  eventOutput?: boolean;
}

export interface CompartmentalNeuronDescription {
  /** How messages name the neuron, e.g. "pyr[0]". */
  label: string;
  compartments: readonly CompartmentDescription[];
  /** Couplings between compartments (indices into `compartments`), conductance in nS. */
  couplings: ReadonlyArray<{ a: number; b: number; conductance_nS: number }>;
  /** The output compartment (the soma): its comparator's crossings are the neuron's spikes. */
  output: number;
}

/**
 * Where the compartments' state is mirrored per circuit, so that traces, the debugger and the PPU read it: the
 * group's own arrays (the plasticity processor and step currents write `stim`).
 */
export type CircuitState = Pick<AdExGroup, 'v' | 'w' | 'synE' | 'synI' | 'stim' | 'refractoryEnd'>;

export interface CompartmentOptions {
  absoluteTolerance?: number;
  relativeTolerance?: number;
  timeTolerance_ms?: number;
  kickSegments?: number;
  /** A free AdEx comparator compartment takes the propagator only below V_T - this × Δ_T (EXPONENTIAL_MARGIN). */
  exponentialMargin?: number;
}

/** Above this many compartments the neuron always takes the adaptive path (the propagator is (5M+1)²). */
export const PROPAGATOR_MAX_COMPARTMENTS = 16;
/** A free comparator compartment with Δ_T > 0 takes the propagator only below V_T - this × Δ_T. */
export const EXPONENTIAL_MARGIN = 2;
/** Hold patterns are keyed by a bit per comparator (exact in a double up to 2^52). */
const MAX_COMPARATORS = 52;
const MIN_RK_STEP_MS = 1e-12;
const SPIKE_TIME_TOLERANCE_MS = 1e-9;

// Dormand–Prince RK5(4)7M (numerics/dormandPrince.ts).
const {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, B1, B3, B4, B5, B6, E1, E3, E4, E5, E6, E7,
} = DORMAND_PRINCE;

/**
 * Numbers passed between a neuron's step helpers through an array rather than as arguments or results, which V8
 * boxes (a heap number each) for a call it does not inline: [0] the step's start t0, [1] its end t1, [2] the
 * length of a DP5 step (into dp5), [3] its scaled error norm (out of dp5).
 */
const STEP = new Float64Array(4);
const STEP_T0 = 0, STEP_T1 = 1, DP5_DT = 2, DP5_ERR = 3;

/** exp(A h) rows of (V, w, I_E, I_I) for one hold pattern, and the tabulated responses to input kicks. */
interface Propagator {
  /** 4M rows × (5M + 1) columns: (V, w, I_E, I_I, X, 1), X = constant current into each membrane. */
  p: Float64Array;
  /** Per compartment c: (segments + 1) × 4M responses to a unit kick on I_E,c (kickE) and I_I,c (kickI). */
  kickE: Float64Array[];
  kickI: Float64Array[];
  /**
   * The rows that need the full product: every V and the w of comparator compartments. I_E and I_I only decay
   * (exp(-h/τ_syn), their own rows), and w of a compartment without comparator stays 0 (no a, no b).
   */
  dense: Int32Array;
}

/** Checks the descriptions against the network's neurons; every problem names the neuron and compartment. */
export function validateCompartmentalNeurons(
  neurons: readonly CompartmentalNeuronDescription[], parameterSets: readonly NeuronParameters[], setOfNeuron: ArrayLike<number>,
): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const owner = new Map<number, string>();
  const n = setOfNeuron.length;
  neurons.forEach((d, i) => {
    const where = `compartmentNeurons[${i}] (${d.label})`;
    const m = d.compartments.length;
    if (m === 0) problems.push({ parameter: where, message: 'a multi-compartment neuron needs at least one compartment' });
    if (!(Number.isInteger(d.output) && d.output >= 0 && d.output < m)) {
      problems.push({ parameter: `${where}.output`, message: `${d.output} is not one of its compartments (0..${m - 1})` });
    } else if (d.compartments[d.output].comparators.length === 0) {
      problems.push({ parameter: `${where}.output`, message: `the output compartment '${d.compartments[d.output].name}' has no spike comparator, so the neuron could never spike` });
    }
    let comparators = 0;
    d.compartments.forEach((c, ci) => {
      const at = `${where}, compartment '${c.name}'`;
      if (c.circuits.length === 0) problems.push({ parameter: at, message: 'a compartment needs at least one circuit' });
      const sets: NeuronParameters[] = [];
      for (const j of c.circuits) {
        if (!(Number.isInteger(j) && j >= 0 && j < n)) { problems.push({ parameter: at, message: `no neuron circuit ${j}` }); continue; }
        const before = owner.get(j);
        if (before !== undefined) problems.push({ parameter: at, message: `circuit ${j} already belongs to ${before}` });
        owner.set(j, at);
        const p = parameterSets[setOfNeuron[j]];
        if (p) sets.push(p);
      }
      if (c.comparators.length > 1) problems.push({ parameter: at, message: `circuits ${c.comparators.join(', ')} all have their comparator on; a compartment has at most one` });
      for (const k of c.comparators) {
        if (!c.circuits.includes(k)) problems.push({ parameter: at, message: `comparator circuit ${k} is not one of the compartment's circuits` });
      }
      comparators += Math.min(1, c.comparators.length);
      if (sets.length !== c.circuits.length || sets.length === 0) return;
      if (sets.some((p) => p.synapse.kind !== 'current')) {
        problems.push({ parameter: at, message: 'conductance-based synaptic input is not emulated for multi-compartment neurons; use current-based input (AdEx)' });
      }
      for (const name of ['tau_syn_E', 'tau_syn_I'] as const) {
        if (sets.some((p) => p.synapse[name] !== sets[0].synapse[name])) problems.push({ parameter: at, message: `its circuits have different ${name}; the circuits of one compartment share one synaptic input` });
        if (!(sets[0].synapse[name] > 0 && Number.isFinite(1 / sets[0].synapse[name]))) problems.push({ parameter: at, message: `${name} must be > 0 ms, got ${sets[0].synapse[name]}` });
      }
      for (const p of sets) {
        for (const name of ['c_m', 'g_l'] as const) {
          if (!(p.adex[name] > 0 && Number.isFinite(p.adex[name]))) problems.push({ parameter: at, message: `${name} of every circuit must be a finite number > 0, got ${p.adex[name]}` });
        }
        for (const name of ['e_l', 'i_offset'] as const) {
          if (!Number.isFinite(p.adex[name])) problems.push({ parameter: at, message: `${name} must be finite, got ${p.adex[name]}` });
        }
      }
      const cmp = c.comparators.length === 1 ? parameterSets[setOfNeuron[c.comparators[0]]]?.adex : undefined;
      if (cmp) {
        for (const name of ['v_t', 'delta_t', 'a', 'b', 'tau_w', 'v_reset', 'v_spike', 't_ref'] as const) {
          if (!Number.isFinite(cmp[name])) problems.push({ parameter: at, message: `${name} of the comparator must be finite, got ${cmp[name]}` });
        }
        if (!(cmp.tau_w > 0)) problems.push({ parameter: at, message: `tau_w must be > 0 ms, got ${cmp.tau_w}` });
        if (!(cmp.delta_t >= 0)) problems.push({ parameter: at, message: `delta_t must be ≥ 0 mV, got ${cmp.delta_t}` });
        if (!(cmp.t_ref >= 0)) problems.push({ parameter: at, message: `the refractory (plateau) time must be ≥ 0 ms, got ${cmp.t_ref}` });
        for (const name of ['v_reset', 'v_spike', 'v_t'] as const) {
          if (Math.abs(cmp[name]) >= PHYSICAL_POTENTIAL_LIMIT_MV) problems.push({ parameter: at, message: `${name} must lie within ±${PHYSICAL_POTENTIAL_LIMIT_MV} mV, got ${cmp[name]}` });
        }
        if (c.eventOutput !== false && !(cmp.v_spike > cmp.v_reset)) {
          problems.push({ parameter: at, message: `v_spike (${cmp.v_spike} mV) must lie above v_reset (${cmp.v_reset} mV) for a comparator that sends spikes` });
        }
      }
    });
    if (comparators > MAX_COMPARATORS) problems.push({ parameter: where, message: `the emulator handles at most ${MAX_COMPARATORS} compartments with comparators per neuron, found ${comparators}` });
    d.couplings.forEach((c, k) => {
      const at = `${where}.couplings[${k}]`;
      if (!(Number.isInteger(c.a) && Number.isInteger(c.b) && c.a >= 0 && c.b >= 0 && c.a < m && c.b < m && c.a !== c.b)) {
        problems.push({ parameter: at, message: `must join two different compartments (0..${m - 1}), got ${c.a} and ${c.b}` });
      }
      if (!(Number.isFinite(c.conductance_nS) && c.conductance_nS >= 0)) problems.push({ parameter: at, message: `conductance must be a finite number ≥ 0 nS, got ${c.conductance_nS}` });
    });
  });
  return problems;
}

/**
 * The parameter sets the AdEx group runs for the circuits of multi-compartment neurons: one inert stand-in (never
 * spikes, never reached by the group's adaptive path), since this module integrates those circuits and mirrors
 * their state into the group's arrays after each step. Other neurons keep their sets (renumbered).
 */
export function standInParameterSets(
  parameterSets: readonly NeuronParameters[], setOfNeuron: ArrayLike<number>, neurons: readonly CompartmentalNeuronDescription[],
): { parameterSets: NeuronParameters[]; neurons: Int32Array } {
  const owned = new Set<number>();
  for (const d of neurons) for (const c of d.compartments) for (const j of c.circuits) owned.add(j);
  const renumber = new Map<number, number>();
  const sets: NeuronParameters[] = [];
  const result = new Int32Array(setOfNeuron.length);
  let standIn = -1;
  for (let i = 0; i < setOfNeuron.length; i++) {
    if (owned.has(i)) {
      if (standIn < 0) {
        standIn = sets.length;
        sets.push({
          adex: { c_m: 1, g_l: 1, e_l: 0, v_t: 0, delta_t: 0, a: 0, b: 0, tau_w: 1, v_reset: 0, v_spike: PHYSICAL_POTENTIAL_LIMIT_MV - 1, t_ref: 0, i_offset: 0 },
          synapse: { kind: 'current', tau_syn_E: 1, tau_syn_I: 1, weight_scale_E: 0, weight_scale_I: 0 },
        });
      }
      result[i] = standIn;
      continue;
    }
    const k = setOfNeuron[i];
    let r = renumber.get(k);
    if (r === undefined) { r = sets.length; sets.push(parameterSets[k]); renumber.set(k, r); }
    result[i] = r;
  }
  return { parameterSets: sets, neurons: result };
}

/** All multi-compartment neurons of a network. */
export class CompartmentGroup {
  /** 1 for every circuit that belongs to a multi-compartment neuron (the flags `FanOutGatherer.gather` takes). */
  readonly owns: Uint8Array;
  /** This step's events on owned circuits: synaptic (gathered) and stimulus changes (pushed by the network). */
  readonly input = new StepInput();
  readonly neurons: CompartmentalNeuron[];
  /** Neuron-steps on the propagator path and on the adaptive path; accepted RK steps (for docs and tests). */
  fastSteps = 0;
  exactSteps = 0;
  rkSteps = 0;
  private readonly neuronOf: Int32Array;
  private readonly compartmentOf: Int32Array;
  private bucket: Int32Array;
  /** Per step: where each neuron's events start in `bucket`, and the fill cursor. */
  private readonly start: Int32Array;
  private readonly fill: Int32Array;

  constructor(
    descriptions: readonly CompartmentalNeuronDescription[], parameterSets: readonly NeuronParameters[], setOfNeuron: ArrayLike<number>,
    private readonly state: CircuitState, readonly step: number, options: CompartmentOptions = {},
  ) {
    const problems = validateCompartmentalNeurons(descriptions, parameterSets, setOfNeuron);
    if (problems.length > 0) throw new RangeError(problems.map((p) => `${p.parameter}: ${p.message}`).join('\n'));
    const n = setOfNeuron.length;
    this.owns = new Uint8Array(n);
    this.neuronOf = new Int32Array(n).fill(-1);
    this.compartmentOf = new Int32Array(n).fill(-1);
    const shared = new Map<string, Propagator>();
    this.neurons = descriptions.map((d, k) => {
      d.compartments.forEach((c, ci) => c.circuits.forEach((j) => { this.owns[j] = 1; this.neuronOf[j] = k; this.compartmentOf[j] = ci; }));
      return new CompartmentalNeuron(d, parameterSets, setOfNeuron, step, options, this, shared);
    });
    this.bucket = new Int32Array(64);
    this.start = new Int32Array(descriptions.length + 1);
    this.fill = new Int32Array(descriptions.length);
    for (const nn of this.neurons) nn.mirror(state);
  }

  /** The compartment (neuron, compartment index) a circuit belongs to, or undefined. */
  compartmentOfCircuit(circuit: number): { neuron: number; compartment: number; name: string } | undefined {
    const k = this.neuronOf[circuit];
    if (k < 0) return undefined;
    const c = this.compartmentOf[circuit];
    return { neuron: k, compartment: c, name: this.neurons[k].names[c] };
  }

  /**
   * Advances every multi-compartment neuron from t0 by one step with the step's events (the network's fanned-out
   * spikes are gathered from `fanOut` for the owned circuits), appends output spikes to `spikes`, mirrors the
   * state into the circuits' arrays and clears the step's input.
   */
  integrate(t0: number, spikes: SpikeSink, fanOut: FanOutGatherer | null): RunawayError | null {
    const input = this.input;
    if (fanOut !== null) fanOut.gather(this.owns, input, null, 0);
    const m = input.count;
    const neurons = this.neurons;
    const count = neurons.length;
    // Events per neuron (counting sort), then by time within each neuron (stable insertion sort).
    const start = this.start, fill = this.fill;
    start.fill(0);
    for (let e = 0; e < m; e++) start[this.neuronOf[input.target[e]] + 1]++;
    for (let k = 0; k < count; k++) { start[k + 1] += start[k]; fill[k] = start[k]; }
    if (this.bucket.length < m) this.bucket = new Int32Array(m * 2);
    const sorted = this.bucket;
    for (let e = 0; e < m; e++) sorted[fill[this.neuronOf[input.target[e]]]++] = e;
    let error: RunawayError | null = null;
    for (let k = 0; k < count && error === null; k++) {
      const s = start[k], end = start[k + 1];
      for (let a = s + 1; a < end; a++) {
        const e = sorted[a], te = input.offset[e];
        let b = a - 1;
        while (b >= s && input.offset[sorted[b]] > te) { sorted[b + 1] = sorted[b]; b--; }
        sorted[b + 1] = e;
      }
      error = neurons[k].advance(t0, input, sorted, s, end, this.compartmentOf, this.state, spikes);
      neurons[k].mirror(this.state);
    }
    input.clear();
    return error;
  }
}

/** One logical neuron: parameters per compartment (structure of arrays), state, propagators. */
export class CompartmentalNeuron {
  readonly label: string;
  readonly names: string[];
  /** Number of compartments. */
  readonly size: number;
  /** State y = (V_0..V_M-1, w_0.., I_E,0.., I_I,0..). */
  readonly y: Float64Array;
  /** End of each compartment's hold (ms); -Infinity: never held. */
  readonly refEnd: Float64Array;
  private readonly circuits: number[][];
  /** All circuits of the neuron and the compartment of each (for mirroring the state). */
  private readonly flatCircuits: Int32Array;
  private readonly flatCompartment: Int32Array;
  private readonly c: Float64Array; private readonly invC: Float64Array; private readonly g: Float64Array;
  private readonly el: Float64Array; private readonly iOff: Float64Array;
  private readonly invTauE: Float64Array; private readonly invTauI: Float64Array;
  /** Comparator circuit per compartment (-1: none), its event output, and the AdEx constants it brings. */
  private readonly cmpCircuit: Int32Array; private readonly eventOut: Uint8Array;
  private readonly vt: Float64Array; private readonly dT: Float64Array; private readonly gdT: Float64Array; private readonly invDt: Float64Array;
  private readonly a: Float64Array; private readonly b: Float64Array; private readonly invTauW: Float64Array;
  private readonly vReset: Float64Array; private readonly vSpike: Float64Array; private readonly tRef: Float64Array;
  /** A free comparator compartment takes the propagator only below this (V_T - k Δ_T, or +∞ when Δ_T = 0). */
  private readonly expLin: Float64Array;
  /** exp(-h/τ_syn) per compartment: the propagator's rows of I_E and I_I. */
  private readonly decayE: Float64Array; private readonly decayI: Float64Array;
  /** Comparator armed: V was below V_spike since its last crossing. */
  private readonly armed: Uint8Array;
  private readonly comparatorList: Int32Array;
  private readonly cA: Int32Array; private readonly cB: Int32Array; private readonly cG: Float64Array;
  private readonly propagators = new Map<number, Propagator>();
  private readonly usePropagator: boolean;
  private readonly signature: string;
  private readonly segments: number;
  private readonly atol: number; private readonly rtol: number; private readonly ttol: number;
  /** The adaptive path's next step length (ms); initialized as a number, so that V8 stores it unboxed. */
  private hint = Infinity;
  // Scratch (length 4M): stimulus per compartment, holds, RK stages, candidate states.
  private readonly x: Float64Array;
  private readonly held: Uint8Array;
  private readonly f0: Float64Array; private readonly f1: Float64Array;
  private readonly k2: Float64Array; private readonly k3: Float64Array; private readonly k4: Float64Array;
  private readonly k5: Float64Array; private readonly k6: Float64Array;
  private readonly tmp: Float64Array; private readonly y1: Float64Array;
  private readonly ya: Float64Array; private readonly fa: Float64Array;
  private readonly fExp0: Float64Array;

  constructor(
    d: CompartmentalNeuronDescription, parameterSets: readonly NeuronParameters[], setOfNeuron: ArrayLike<number>,
    private readonly h: number, options: CompartmentOptions, private readonly counters: { fastSteps: number; exactSteps: number; rkSteps: number },
    /** Propagators by parameter signature and hold pattern, shared by the neurons of one group. */
    private readonly shared: Map<string, Propagator> = new Map(),
  ) {
    const m = d.compartments.length;
    this.size = m;
    this.label = d.label;
    this.names = d.compartments.map((c) => c.name);
    this.circuits = d.compartments.map((c) => [...c.circuits]);
    this.flatCircuits = Int32Array.from(this.circuits.flat());
    this.flatCompartment = Int32Array.from(this.circuits.flatMap((list, c) => list.map(() => c)));
    const arr = () => new Float64Array(m);
    this.c = arr(); this.invC = arr(); this.g = arr(); this.el = arr(); this.iOff = arr(); this.invTauE = arr(); this.invTauI = arr();
    this.cmpCircuit = new Int32Array(m).fill(-1); this.eventOut = new Uint8Array(m);
    this.vt = arr(); this.dT = arr(); this.gdT = arr(); this.invDt = arr(); this.a = arr(); this.b = arr(); this.invTauW = arr().fill(1);
    this.vReset = arr(); this.vSpike = arr().fill(Infinity); this.tRef = arr(); this.expLin = arr().fill(Infinity);
    this.armed = new Uint8Array(m);
    this.refEnd = arr().fill(-Infinity);
    this.y = new Float64Array(4 * m);
    const comparators: number[] = [];
    d.compartments.forEach((comp, ci) => {
      let cm = 0, gl = 0, gel = 0, off = 0;
      for (const j of comp.circuits) {
        const p = parameterSets[setOfNeuron[j]].adex;
        cm += p.c_m; gl += p.g_l; gel += p.g_l * p.e_l; off += p.i_offset;
      }
      const syn = parameterSets[setOfNeuron[comp.circuits[0]]].synapse;
      this.c[ci] = cm; this.invC[ci] = 1 / cm; this.g[ci] = gl; this.el[ci] = gel / gl; this.iOff[ci] = off;
      this.invTauE[ci] = 1 / syn.tau_syn_E; this.invTauI[ci] = 1 / syn.tau_syn_I;
      let v0 = parameterSets[setOfNeuron[comp.circuits[0]]].adex.v_init ?? this.el[ci];
      if (comp.comparators.length === 1) {
        const k = comp.comparators[0];
        const p = parameterSets[setOfNeuron[k]].adex;
        comparators.push(ci);
        this.cmpCircuit[ci] = k;
        this.eventOut[ci] = comp.eventOutput === false ? 0 : 1;
        this.vt[ci] = p.v_t; this.dT[ci] = p.delta_t; this.gdT[ci] = gl * p.delta_t; this.invDt[ci] = p.delta_t > 0 ? 1 / p.delta_t : 0;
        this.a[ci] = p.a; this.b[ci] = p.b; this.invTauW[ci] = 1 / p.tau_w;
        this.vReset[ci] = p.v_reset; this.vSpike[ci] = p.v_spike; this.tRef[ci] = p.t_ref;
        this.expLin[ci] = p.delta_t > 0 ? p.v_t - (options.exponentialMargin ?? EXPONENTIAL_MARGIN) * p.delta_t : Infinity;
        if (p.v_init !== undefined) v0 = p.v_init;
        this.armed[ci] = v0 < p.v_spike ? 1 : 0;
      }
      this.y[ci] = v0;
    });
    this.comparatorList = Int32Array.from(comparators);
    this.decayE = this.invTauE.map((r) => Math.exp(-h * r));
    this.decayI = this.invTauI.map((r) => Math.exp(-h * r));
    this.cA = Int32Array.from(d.couplings, (c) => c.a);
    this.cB = Int32Array.from(d.couplings, (c) => c.b);
    this.cG = Float64Array.from(d.couplings, (c) => c.conductance_nS);
    this.usePropagator = m <= PROPAGATOR_MAX_COMPARTMENTS;
    this.segments = options.kickSegments ?? 64;
    this.atol = options.absoluteTolerance ?? 1e-7;
    this.rtol = options.relativeTolerance ?? 1e-9;
    this.ttol = options.timeTolerance_ms ?? 1e-7;
    // Everything the generator and the kick tables depend on (h and the segments are the group's).
    this.signature = JSON.stringify([
      this.segments, [...this.c], [...this.g], [...this.el], [...this.iOff], [...this.invTauE], [...this.invTauI], [...this.a],
      [...this.invTauW], [...this.cmpCircuit].map((k) => k >= 0), [...this.cA], [...this.cB], [...this.cG],
    ]);
    this.hint = h;
    const n4 = 4 * m;
    this.x = arr(); this.held = new Uint8Array(m); this.fExp0 = arr();
    const v = () => new Float64Array(n4);
    this.f0 = v(); this.f1 = v(); this.k2 = v(); this.k3 = v(); this.k4 = v(); this.k5 = v(); this.k6 = v();
    this.tmp = v(); this.y1 = v(); this.ya = v(); this.fa = v();
  }

  /** Copies each compartment's state to all its circuits (the comparator circuit gets the hold's end). */
  mirror(s: CircuitState): void {
    const m = this.size, y = this.y, circuits = this.flatCircuits, owner = this.flatCompartment;
    for (let q = 0; q < circuits.length; q++) {
      const j = circuits[q], c = owner[q];
      s.v[j] = y[c]; s.w[j] = y[m + c]; s.synE[j] = y[2 * m + c]; s.synI[j] = y[3 * m + c];
      s.refractoryEnd[j] = j === this.cmpCircuit[c] ? this.refEnd[c] : -Infinity;
    }
  }

  /**
   * Advances from t0 by one step with events sorted[s..end) of `input` (offsets within the step, sorted).
   * Stimulus changes update the circuits' stimulus in `state` at their time.
   */
  advance(
    t0: number, input: StepInput, sorted: Int32Array, s: number, end: number, compartmentOf: Int32Array,
    state: CircuitState, spikes: SpikeSink,
  ): RunawayError | null {
    STEP[STEP_T0] = t0;
    STEP[STEP_T1] = t0 + this.h;
    let stimulusChange = false;
    for (let e = s; e < end; e++) if (input.channel[sorted[e]] === CHANNEL_STIMULUS) { stimulusChange = true; break; }
    this.sumStimulus(state);
    if (this.usePropagator && !stimulusChange && this.tryPropagator(input, sorted, s, end, compartmentOf)) {
      this.counters.fastSteps++;
      return null;
    }
    this.counters.exactSteps++;
    return this.integrateAdaptive(input, sorted, s, end, compartmentOf, state, spikes);
  }

  private sumStimulus(state: CircuitState): void {
    for (let c = 0; c < this.size; c++) {
      let x = 0;
      for (const j of this.circuits[c]) x += state.stim[j];
      this.x[c] = x;
    }
  }

  // ---- propagator path ------------------------------------------------------------------------------------

  /** The step from STEP[STEP_T0] to STEP[STEP_T1] by the propagator, if it applies (else false, nothing changed). */
  private tryPropagator(input: StepInput, sorted: Int32Array, s: number, end: number, compartmentOf: Int32Array): boolean {
    const t0 = STEP[STEP_T0], t1 = STEP[STEP_T1];
    const m = this.size, y = this.y, cmp = this.comparatorList;
    let key = 0;
    for (let q = 0; q < cmp.length; q++) {
      const c = cmp[q], r = this.refEnd[c];
      if (r > t0) {
        if (r < t1) return false;
        key += 2 ** q;
        continue;
      }
      if (!(y[c] < this.expLin[c]) || (this.armed[c] === 1 && !(y[c] < this.vSpike[c]))) return false;
    }
    const prop = this.propagatorFor(key);
    const p = prop.p, cols = 5 * m + 1, n4 = 4 * m;
    const x = this.tmp, y1 = this.y1, fExp0 = this.fExp0;
    // Constant currents over the step: stimulus plus the exponential term at the step's start (corrected below).
    for (let c = 0; c < m; c++) {
      const free = this.cmpCircuit[c] >= 0 && this.refEnd[c] <= t0;
      fExp0[c] = free && this.gdT[c] > 0 ? this.gdT[c] * Math.exp((y[c] - this.vt[c]) * this.invDt[c]) : 0;
      x[c] = this.x[c] + fExp0[c];
    }
    const dense = prop.dense, decayE = this.decayE, decayI = this.decayI;
    for (let q = 0; q < dense.length; q++) {
      const r = dense[q], row = r * cols;
      let acc = p[row + cols - 1];
      for (let k = 0; k < n4; k++) acc += p[row + k] * y[k];
      for (let c = 0; c < m; c++) acc += p[row + n4 + c] * x[c];
      y1[r] = acc;
    }
    for (let c = 0; c < m; c++) {
      if (this.cmpCircuit[c] < 0) y1[m + c] = 0;
      y1[2 * m + c] = decayE[c] * y[2 * m + c];
      y1[3 * m + c] = decayI[c] * y[3 * m + c];
    }
    // Kicks at their exact times: tabulated responses at r = h - offset, linear interpolation.
    const seg = this.segments;
    for (let e = s; e < end; e++) {
      const ev = sorted[e];
      const c = compartmentOf[input.target[ev]];
      const table = input.channel[ev] === CHANNEL_EXCITATORY ? prop.kickE[c] : prop.kickI[c];
      const pos = ((this.h - input.offset[ev]) / this.h) * seg;
      let j = pos | 0;
      if (j >= seg) j = seg - 1;
      const f = pos - j, amount = input.amount[ev];
      const lo = j * n4, hi = lo + n4;
      for (let r = 0; r < n4; r++) y1[r] += amount * (table[lo + r] + f * (table[hi + r] - table[lo + r]));
    }
    // Trapezoidal exponential term: the mean of its values at both ends, through the X columns.
    for (let c = 0; c < m; c++) {
      if (fExp0[c] === 0) continue;
      const fe = this.gdT[c] * Math.exp((Math.min(y1[c], this.vSpike[c]) - this.vt[c]) * this.invDt[c]);
      const dx = 0.5 * (fe - fExp0[c]);
      for (let r = 0; r < n4; r++) y1[r] += p[r * cols + n4 + c] * dx;
    }
    for (let r = 0; r < n4; r++) if (!Number.isFinite(y1[r])) return false;
    for (let c = 0; c < m; c++) if (!(Math.abs(y1[c]) < PHYSICAL_POTENTIAL_LIMIT_MV)) return false;
    for (let q = 0; q < cmp.length; q++) {
      const c = cmp[q];
      if (this.refEnd[c] > t0) continue;
      if (!(y1[c] < this.expLin[c]) || (this.armed[c] === 1 && !(y1[c] < this.vSpike[c]))) return false;
    }
    y.set(y1);
    for (let q = 0; q < cmp.length; q++) {
      const c = cmp[q];
      if (this.refEnd[c] > t0) y[c] = this.vReset[c];
      else if (y[c] < this.vSpike[c]) this.armed[c] = 1;
    }
    return true;
  }

  /** The generator A of (V, w, I_E, I_I, X, 1) with compartments of hold pattern `key` clamped. */
  private generator(key: number): Float64Array {
    const m = this.size, n = 5 * m + 1, one = n - 1;
    const A = new Float64Array(n * n);
    const heldNow = new Uint8Array(m);
    for (let q = 0; q < this.comparatorList.length; q++) if (Math.floor(key / 2 ** q) % 2 === 1) heldNow[this.comparatorList[q]] = 1;
    for (let c = 0; c < m; c++) {
      const rv = c * n, rw = (m + c) * n, re = (2 * m + c) * n, ri = (3 * m + c) * n;
      if (heldNow[c] === 0) {
        const ic = this.invC[c];
        A[rv + c] += -this.g[c] * ic;
        A[rv + m + c] = -ic; A[rv + 2 * m + c] = ic; A[rv + 3 * m + c] = -ic; A[rv + 4 * m + c] = ic;
        A[rv + one] = (this.g[c] * this.el[c] + this.iOff[c]) * ic;
      }
      A[rw + c] = this.a[c] * this.invTauW[c]; A[rw + m + c] = -this.invTauW[c]; A[rw + one] = -this.a[c] * this.el[c] * this.invTauW[c];
      A[re + 2 * m + c] = -this.invTauE[c];
      A[ri + 3 * m + c] = -this.invTauI[c];
    }
    for (let k = 0; k < this.cA.length; k++) {
      const a = this.cA[k], b = this.cB[k], g = this.cG[k];
      if (heldNow[a] === 0) { A[a * n + a] -= g * this.invC[a]; A[a * n + b] += g * this.invC[a]; }
      if (heldNow[b] === 0) { A[b * n + b] -= g * this.invC[b]; A[b * n + a] += g * this.invC[b]; }
    }
    return A;
  }

  private propagatorFor(key: number): Propagator {
    const known = this.propagators.get(key);
    if (known) return known;
    // Neurons of one population usually share their parameters: they share propagators too.
    const sharedKey = `${this.signature}|${key}`;
    const shared = this.shared.get(sharedKey);
    if (shared) { this.propagators.set(key, shared); return shared; }
    const built = this.buildPropagator(key);
    this.shared.set(sharedKey, built);
    this.propagators.set(key, built);
    return built;
  }

  private buildPropagator(key: number): Propagator {
    const m = this.size, n = 5 * m + 1, n4 = 4 * m, seg = this.segments;
    const A = this.generator(key);
    const full = matrixExponential(A.map((v) => v * this.h), n);
    const p = full.slice(0, n4 * n);
    // Responses exp(A r) e at r = j h / seg: one exponential of a segment applied j times.
    const e1 = matrixExponential(A.map((v) => (v * this.h) / seg), n);
    const table = (col: number): Float64Array => {
      const t = new Float64Array((seg + 1) * n4);
      let cur = new Float64Array(n), next = new Float64Array(n);
      cur[col] = 1;
      for (let j = 0; j <= seg; j++) {
        t.set(cur.subarray(0, n4), j * n4);
        for (let r = 0; r < n; r++) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += e1[r * n + k] * cur[k];
          next[r] = acc;
        }
        [cur, next] = [next, cur];
      }
      return t;
    };
    const dense: number[] = [];
    for (let c = 0; c < m; c++) dense.push(c);
    for (let c = 0; c < m; c++) if (this.cmpCircuit[c] >= 0) dense.push(m + c);
    const prop: Propagator = {
      p,
      kickE: Array.from({ length: m }, (_, c) => table(2 * m + c)),
      kickI: Array.from({ length: m }, (_, c) => table(3 * m + c)),
      dense: Int32Array.from(dense),
    };
    return prop;
  }

  // ---- adaptive path --------------------------------------------------------------------------------------

  /** dy/dt at y into out, with the stimulus in this.x and the holds in this.held. */
  private rhs(y: Float64Array, out: Float64Array): void {
    const m = this.size, held = this.held;
    const g = this.g, el = this.el, iOff = this.iOff, x = this.x, gdT = this.gdT, vSpike = this.vSpike, vt = this.vt;
    const invDt = this.invDt, a = this.a, invTauW = this.invTauW, invTauE = this.invTauE, invTauI = this.invTauI;
    for (let c = 0; c < m; c++) {
      const v = y[c];
      let i = -g[c] * (v - el[c]) + iOff[c] + x[c] - y[m + c] + y[2 * m + c] - y[3 * m + c];
      if (gdT[c] > 0) i += gdT[c] * Math.exp(((v < vSpike[c] ? v : vSpike[c]) - vt[c]) * invDt[c]);
      out[c] = i;
      out[m + c] = (a[c] * (v - el[c]) - y[m + c]) * invTauW[c];
      out[2 * m + c] = -y[2 * m + c] * invTauE[c];
      out[3 * m + c] = -y[3 * m + c] * invTauI[c];
    }
    const cA = this.cA, cB = this.cB, cG = this.cG;
    for (let k = 0; k < cA.length; k++) {
      const ka = cA[k], kb = cB[k];
      const i = cG[k] * (y[kb] - y[ka]);
      out[ka] += i;
      out[kb] -= i;
    }
    const invC = this.invC;
    for (let c = 0; c < m; c++) out[c] = held[c] === 1 ? 0 : out[c] * invC[c];
  }

  /**
   * One Dormand–Prince step of length dt = STEP[DP5_DT] from (y, f = dy/dt) into (yOut, fOut = dy/dt at yOut, FSAL).
   * Leaves the scaled error norm (≤ 1: accept; NaN: reject) in STEP[DP5_ERR].
   */
  private dp5(y: Float64Array, f: Float64Array, yOut: Float64Array, fOut: Float64Array): void {
    const dt = STEP[DP5_DT];
    const n4 = 4 * this.size, m = this.size;
    const { k2, k3, k4, k5, k6, tmp } = this;
    for (let r = 0; r < n4; r++) tmp[r] = y[r] + dt * A21 * f[r];
    this.rhs(tmp, k2);
    for (let r = 0; r < n4; r++) tmp[r] = y[r] + dt * (A31 * f[r] + A32 * k2[r]);
    this.rhs(tmp, k3);
    for (let r = 0; r < n4; r++) tmp[r] = y[r] + dt * (A41 * f[r] + A42 * k2[r] + A43 * k3[r]);
    this.rhs(tmp, k4);
    for (let r = 0; r < n4; r++) tmp[r] = y[r] + dt * (A51 * f[r] + A52 * k2[r] + A53 * k3[r] + A54 * k4[r]);
    this.rhs(tmp, k5);
    for (let r = 0; r < n4; r++) tmp[r] = y[r] + dt * (A61 * f[r] + A62 * k2[r] + A63 * k3[r] + A64 * k4[r] + A65 * k5[r]);
    this.rhs(tmp, k6);
    for (let r = 0; r < n4; r++) yOut[r] = y[r] + dt * (B1 * f[r] + B3 * k3[r] + B4 * k4[r] + B5 * k5[r] + B6 * k6[r]);
    this.rhs(yOut, fOut);
    let err = 0;
    for (let r = 0; r < n4; r++) {
      const e = Math.abs(dt * (E1 * f[r] + E3 * k3[r] + E4 * k4[r] + E5 * k5[r] + E6 * k6[r] + E7 * fOut[r]));
      let scale = this.atol + this.rtol * Math.max(Math.abs(y[r]), Math.abs(yOut[r]));
      // On a comparator's upswing an error in V worth less than ttol of travel is accepted.
      if (r < m && this.cmpCircuit[r] >= 0) scale += this.ttol * Math.min(Math.abs(f[r]), Math.abs(fOut[r]));
      const q = e / scale;
      if (!(q <= err)) err = q; // NaN propagates
    }
    STEP[DP5_ERR] = err;
  }

  /** The step from STEP[STEP_T0] to STEP[STEP_T1] by DP5 steps, locating the comparators' crossings. */
  private integrateAdaptive(
    input: StepInput, sorted: Int32Array, s: number, end: number, compartmentOf: Int32Array, state: CircuitState, spikes: SpikeSink,
  ): RunawayError | null {
    const t0 = STEP[STEP_T0], t1 = STEP[STEP_T1];
    const m = this.size, y = this.y, held = this.held, cmp = this.comparatorList;
    const f = this.f0, f1 = this.f1, y1 = this.y1;
    let hint = this.hint;
    let e = s;
    let t = t0;
    for (;;) {
      while (e < end && t0 + input.offset[sorted[e]] <= t) {
        const ev = sorted[e++];
        const j = input.target[ev], c = compartmentOf[j], amount = input.amount[ev];
        const ch = input.channel[ev];
        if (ch === CHANNEL_EXCITATORY) y[2 * m + c] += amount;
        else if (ch === CHANNEL_INHIBITORY) y[3 * m + c] += amount;
        else { this.x[c] += amount - state.stim[j]; state.stim[j] = amount; }
      }
      if (t >= t1) break;
      let next = e < end ? Math.min(t0 + input.offset[sorted[e]], t1) : t1;
      for (let q = 0; q < cmp.length; q++) {
        const c = cmp[q];
        held[c] = this.refEnd[c] > t ? 1 : 0;
        if (held[c] === 1) { y[c] = this.vReset[c]; if (this.refEnd[c] < next) next = this.refEnd[c]; }
        else if (this.armed[c] === 0 && y[c] < this.vSpike[c]) this.armed[c] = 1;
      }
      this.rhs(y, f);
      let fired = false;
      while (t < next) {
        const dt = Math.min(hint, next - t);
        STEP[DP5_DT] = dt;
        this.dp5(y, f, y1, f1);
        const err = STEP[DP5_ERR];
        if (!(err <= 1)) {
          hint = dt * (Number.isNaN(err) ? 0.1 : Math.max(0.1, 0.9 * Math.pow(err, -0.25)));
          if (hint < MIN_RK_STEP_MS) return this.runaway(t, y);
          continue;
        }
        this.counters.rkSteps++;
        const grow = err === 0 ? 5 : Math.min(5, 0.9 * Math.pow(err, -0.2));
        if (dt < next - t || grow < 1) hint = dt * grow;
        // Crossings: the earliest armed comparator through V_spike, by a cubic Hermite root on its V.
        let first = -1, theta = 2;
        for (let q = 0; q < cmp.length; q++) {
          const c = cmp[q];
          if (held[c] === 1 || this.armed[c] === 0 || !(y1[c] >= this.vSpike[c])) continue;
          const th = hermiteRoot(y[c], f[c] * dt, y1[c], f1[c] * dt, this.vSpike[c]);
          if (th < theta) { theta = th; first = c; }
        }
        if (first < 0) {
          for (let r = 0; r < 4 * m; r++) {
            if (!Number.isFinite(y1[r]) || (r < m && !(Math.abs(y1[r]) < PHYSICAL_POTENTIAL_LIMIT_MV))) return this.runaway(t + dt, y1);
          }
        }
        if (first >= 0) {
          const ts = this.locate(first, t, dt, theta);
          // this.y1 now holds the state at ts; every armed comparator at or above V_spike there fires with it.
          for (let q = 0; q < cmp.length; q++) {
            const c = cmp[q];
            if (held[c] === 1 || this.armed[c] === 0 || !(c === first || y1[c] >= this.vSpike[c])) continue;
            y1[c] = this.vReset[c];
            y1[m + c] += this.b[c];
            this.refEnd[c] = ts + this.tRef[c];
            this.armed[c] = 0;
            if (this.eventOut[c] === 1) spikes.push(this.cmpCircuit[c], ts);
          }
          y.set(y1);
          t = ts;
          fired = true;
          break;
        }
        t += dt;
        y.set(y1);
        f.set(f1);
        for (let q = 0; q < cmp.length; q++) {
          const c = cmp[q];
          if (held[c] === 0 && this.armed[c] === 0 && y[c] < this.vSpike[c]) this.armed[c] = 1;
        }
      }
      if (!fired) t = next;
    }
    this.hint = Math.min(hint, this.h);
    return null;
  }

  /**
   * The accepted step [t, t + dt] from (y, f0) carries comparator c through V_spike at about θ dt. Refines the
   * time by re-integrating from the bracket's left end (Hermite root, bracket shrinking), leaves the state at the
   * crossing in y1 and returns the time.
   */
  private locate(c: number, t: number, dt: number, theta: number): number {
    const ya = this.ya, fa = this.fa, y1 = this.y1, f1 = this.f1;
    ya.set(this.y); fa.set(this.f0);
    let ta = t, tb = t + dt, bV = y1[c], fbV = f1[c];
    let ts = ta + theta * dt;
    const vs = this.vSpike[c];
    const out = this.tmpState ??= new Float64Array(4 * this.size);
    const fout = this.tmpDeriv ??= new Float64Array(4 * this.size);
    for (let iter = 0; iter < 40; iter++) {
      const width = tb - ta;
      if (iter > 0) ts = ta + hermiteRoot(ya[c], fa[c] * width, bV, fbV * width, vs) * width;
      STEP[DP5_DT] = ts - ta;
      this.dp5(ya, fa, out, fout);
      const dv = out[c] - vs;
      if (Math.abs(dv) <= 1e-9 * Math.max(1, Math.abs(vs)) || Math.abs(dv) <= SPIKE_TIME_TOLERANCE_MS * Math.abs(fout[c]) || width < 1e-12) break;
      if (dv < 0) { ta = ts; ya.set(out); fa.set(fout); }
      else { tb = ts; bV = out[c]; fbV = fout[c]; }
    }
    y1.set(out);
    return ts;
  }

  private tmpState: Float64Array | undefined;
  private tmpDeriv: Float64Array | undefined;

  private runaway(t: number, y: Float64Array): RunawayError {
    const m = this.size;
    let c = 0;
    for (let k = 0; k < m; k++) if (!(Math.abs(y[k]) < PHYSICAL_POTENTIAL_LIMIT_MV) || !Number.isFinite(y[m + k])) { c = k; break; }
    const error = runawayError(this.circuits[c][0], t, y[c], y[m + c]);
    error.message = `${this.label}, compartment '${this.names[c]}', ran away at t = ${t.toFixed(4)} ms (V = ${y[c]} mV, w = ${y[m + c]} pA): ` +
      `its potential left ±${PHYSICAL_POTENTIAL_LIMIT_MV} mV. Check its input currents, couplings, a, b and delta_t.`;
    return error;
  }
}
