/**
 * Time stepping of a group of AdEx neurons (equations in `adex.ts`, synaptic input in `synapticInput.ts`).
 *
 * The group advances on a fixed base step h (0.1 ms biological by default: the period at which spikes are
 * exchanged between neurons). Within a step each neuron takes one of three paths:
 *
 * 1. Hold (current-based input, refractory for the whole step): V stays at V_reset; w relaxes towards
 *    a (V_reset - E_L) and the inputs decay, in closed form; events act at their exact times.
 * 2. Exact propagator with cubic forcing (current-based input, not refractory, no stimulus change, V below
 *    V_lin = min(V_T - k Δ_T, V_spike) at the start and at the end of the step). The subthreshold system
 *    (V, w, I_E, I_I) is linear apart from the exponential term F(V) = g_L Δ_T exp((V - V_T)/Δ_T), so it is
 *    advanced with exp(A h), computed once per parameter set (Rotter & Diesmann 1999, Biol. Cybern. 81:381,
 *    "exact integration"). Events act at their true arrival time through tabulated kick responses. F enters
 *    as a current forcing whose time course over the step is the cubic Hermite interpolant of its values and
 *    slopes at both ends (dF/dt = F V'/Δ_T). The propagator carries the cubic exactly (augmented generator,
 *    `linearGenerator`), so the only approximation is the Hermite one, whose error is fourth order in the step.
 *    The end value of V solves V1 = lin + c_F F(V1) + c_D F'(V1): a predictor (F continued with its start
 *    slope) and one Newton step. F itself is carried from step to step, F(V1) = F(V0) e^((V1 - V0)/Δ_T) with
 *    the exponential of the short move by its Taylor polynomial (relative error < 1e-9), so that a step needs
 *    no table look-up; long moves read the table (relative error 1e-7).
 *    Between V_lin and V_T + 5 Δ_T (default margin), a step is kept if the estimated error of its cubic forcing
 *    is below 1e-5 mV (see propagateKernel): a neuron that lingers slowly there need not take the adaptive path.
 *    A step that starts there, or misses there, is taken as BAND_SUBSTEPS sub-steps of the same propagator
 *    (`propagateBand`); with events, by the adaptive side, each event's kink in F corrected, before an RK
 *    integration takes it.
 * 3. Adaptive Runge–Kutta (Dormand & Prince 1980, RK5(4)7M, error-controlled per neuron, FSAL) everywhere
 *    else: near threshold, for conductance-based input, during steps with refractory ends or stimulus changes.
 *    The step is split at every event, which acts at its exact time. A threshold crossing is located inside the
 *    accepted RK step (cubic Hermite root, refined by re-integration), and reset, w ← w + b and the refractory
 *    hold are applied at that exact time, not on the grid. From V_T + 5 Δ_T on, where the exponential current
 *    dominates, the rest of the upswing (≈ τ_m e^-5) is a Gauss–Legendre quadrature in z = e^-(V - V_T)/Δ_T
 *    (`upswingTail`) whenever the spike comes before the next event.
 *    During the hold (V clamped at V_reset) w and the synaptic inputs are advanced in closed form. The
 *    exponential is read from the same table below V_T + 8 Δ_T and computed above.
 *
 * Speed: per step, the propagator path runs over all neurons of a parameter set in one fused loop (see
 * `propagateKernel`), events reach it as whole fanned-out spikes (`addFanOuts`), and only the few neurons on the
 * adaptive path get their events listed and sorted.
 *
 * A neuron whose state becomes NaN/∞ or leaves ±PHYSICAL_POTENTIAL_LIMIT_MV stops the group with a
 * RunawayError naming it and the time; its stored state stays at the last accepted point.
 * The measured accuracy and speed of this scheme are in docs/emulator.md.
 */
import {
  type AdExParameters, PHYSICAL_POTENTIAL_LIMIT_MV, type ParameterProblem, type RunawayError, initialPotential,
  runawayError, validateAdExParameters,
} from './adex';
import {
  LINEAR_DIMENSION, type SynapticInputParameters, buildKickTables, linearGenerator, validateSynapticInputParameters,
} from './synapticInput';
import { matrixExponential } from '../numerics/matrixExponential';
import { hermiteRoot } from '../numerics/hermite';
import { gaussLegendre } from '../numerics/gaussLegendre';
import { DORMAND_PRINCE } from '../numerics/dormandPrince';
import { grown } from '../typedArrays';
import { type PropagatorExports, STATE_ARRAYS, STATE_CAPACITY, STATE_STRIDE, SharedArena, instantiatePropagator, propagatorModule } from '../wasm/adexPropagatorModule';

export interface NeuronParameters {
  adex: AdExParameters;
  synapse: SynapticInputParameters;
}

export interface IntegratorOptions {
  /** Base step h in ms (biological). */
  step_ms?: number;
  /**
   * V_lin = V_T - linearMargin × Δ_T: above it the adaptive path is used. Default -3 (three Δ_T above V_T);
   * docs/emulator.md lists the measured spike-time error per margin.
   */
  linearMargin?: number;
  /** Absolute tolerance of the adaptive path (mV for V, pA or nS for the others). */
  absoluteTolerance?: number;
  /** Relative tolerance of the adaptive path. */
  relativeTolerance?: number;
  /** Time-equivalent tolerance on V (ms): an error in V worth less travel than this is accepted. */
  timeTolerance_ms?: number;
  /** Segments of the kick tables over one step. */
  kickSegments?: number;
  /**
   * Which implementation runs the propagator path: 'wasm' (default; two neurons per instruction, falls back to
   * 'javascript' where the engine lacks WebAssembly SIMD) or 'javascript'. Both give the same bits.
   */
  kernel?: 'wasm' | 'javascript';
}

export const DEFAULT_LINEAR_MARGIN = -3;

/** Input channels of a step's event buffer. */
export const CHANNEL_EXCITATORY = 0;
export const CHANNEL_INHIBITORY = 1;
/** Sets the neuron's stimulus current to `amount` pA from the event's time on. */
export const CHANNEL_STIMULUS = 2;

/** Events for one base step: target neuron, offset from the step's start (ms, in [0, h)), channel, amount. */
export class StepInput {
  count = 0;
  target = new Int32Array(1024);
  offset = new Float64Array(1024);
  channel = new Uint8Array(1024);
  amount = new Float64Array(1024);

  clear(): void {
    this.count = 0;
  }

  push(target: number, offset: number, channel: number, amount: number): void {
    if (this.count === this.target.length) this.grow();
    const k = this.count++;
    this.target[k] = target;
    this.offset[k] = offset;
    this.channel[k] = channel;
    this.amount[k] = amount;
  }

  private grow(): void {
    const n = this.target.length * 2;
    this.target = grown(this.target, n); this.offset = grown(this.offset, n);
    this.channel = grown(this.channel, n); this.amount = grown(this.amount, n);
  }
}

/** Spikes emitted during a step, in the order found (sorted later by the caller). */
export class SpikeSink {
  count = 0;
  neuron = new Int32Array(256);
  time = new Float64Array(256);

  clear(): void {
    this.count = 0;
  }

  push(neuron: number, time: number): void {
    const k = this.reserve();
    this.neuron[k] = neuron;
    this.time[k] = time;
  }

  /**
   * Room for one more spike: returns its index, for the caller to write neuron[k] and time[k] (a time passed to
   * a call V8 does not inline would be boxed).
   */
  reserve(): number {
    if (this.count === this.neuron.length) {
      this.neuron = grown(this.neuron, this.count * 2);
      this.time = grown(this.time, this.count * 2);
    }
    return this.count++;
  }
}

/**
 * Events that reach the group as whole presynaptic spikes: a fan-out row of a CSR synapse table (targets,
 * channels, amounts in [start, end)) at one offset, scaled by one factor. The caller that delivered spikes this
 * way lists the events of the neurons on the adaptive path into the step's input when asked (`gather`), so
 * that only those few are written out one by one.
 */
export interface FanOutGatherer {
  /**
   * Lists into `input` the fanned-out events of every neuron flagged in `flags`; `listed[0 .. count)`, when given,
   * are those neurons (the gatherer may then look them up instead of scanning every fan-out's targets). Per neuron
   * the events come in fan-out order, each fan-out's in table order.
   */
  gather(flags: Uint8Array, input: StepInput, listed: Int32Array | null, count: number): void;
}

/** Constants derived once from one parameter set (numbers only, one shape: the adaptive path reads them). */
const K_A = 0, K_EL = 1, K_ITW = 2, K_ITE = 3, K_ITI = 4, K_VSP = 5, K_VT = 6, K_IDT = 7, K_GLDT = 8, K_GL = 9;
const K_IC = 10, K_IOFF = 11, K_EREVE = 12, K_EREVI = 13, K_CUBA = 14, K_VRESET = 15, K_B = 16, K_TREF = 17;
const K_VTAIL = 18, K_TAUM = 19, K_DELTA_T = 20, K_ZSP = 21, K_ZSP_LOG = 22;

class Kernel {
  readonly cuba: boolean;
  readonly c: number; readonly gl: number; readonly el: number; readonly vt: number; readonly dt: number;
  readonly a: number; readonly b: number; readonly vReset: number; readonly vSpike: number; readonly tRef: number;
  readonly iOff: number; readonly eRevE: number; readonly eRevI: number;
  readonly gldt: number; readonly invDt: number; readonly invC: number;
  readonly invTauW: number; readonly invTauE: number; readonly invTauI: number;
  /** Above this V the rest of the upswing may be a quadrature (`upswingTail`; Infinity: never). */
  readonly vTail: number;
  readonly tauM: number;
  /**
   * The numbers the adaptive path reads, in one typed array (indices K_*): read from the object's fields, they
   * cost the RK step allocations (≈ 120 bytes per call) and most of its time, whatever V8 made of the fields'
   * layout (measured: 35 MB of garbage per second of the full-chip benchmark, gone with the array).
   */
  readonly kc: Float64Array;

  constructor(p: NeuronParameters) {
    const a = p.adex, s = p.synapse;
    this.cuba = s.kind === 'current';
    this.c = a.c_m; this.gl = a.g_l; this.el = a.e_l; this.vt = a.v_t; this.dt = a.delta_t; this.a = a.a; this.b = a.b;
    this.vReset = a.v_reset; this.vSpike = a.v_spike; this.tRef = a.t_ref; this.iOff = a.i_offset;
    this.eRevE = s.e_rev_E ?? 0; this.eRevI = s.e_rev_I ?? 0;
    this.gldt = a.g_l * a.delta_t;
    this.invDt = a.delta_t > 0 ? 1 / a.delta_t : 0;
    this.invC = 1 / a.c_m;
    this.invTauW = 1 / a.tau_w; this.invTauE = 1 / s.tau_syn_E; this.invTauI = 1 / s.tau_syn_I;
    // Only where the exponential term stays finite up to V_spike: a set whose term overflows before V_spike
    // must still be reported as a runaway by the adaptive path.
    const tailUsable = a.delta_t > 0 && a.v_t + TAIL_SLOPE_FACTORS * a.delta_t < a.v_spike
      && Number.isFinite(a.g_l * a.delta_t * Math.exp((a.v_spike - a.v_t) / a.delta_t));
    this.vTail = tailUsable ? a.v_t + TAIL_SLOPE_FACTORS * a.delta_t : Infinity;
    this.tauM = a.c_m / a.g_l;
    // z = e^-(V - V_T)/Δ_T at V_spike, and z ln z - z there (the upswing's quadrature integrates ln z in closed form).
    const zSpike = a.delta_t > 0 ? Math.exp(-(a.v_spike - a.v_t) / a.delta_t) : 0;
    this.kc = Float64Array.of(this.a, this.el, this.invTauW, this.invTauE, this.invTauI, this.vSpike, this.vt, this.invDt,
      this.gldt, this.gl, this.invC, this.iOff, this.eRevE, this.eRevI, this.cuba ? 1 : 0, this.vReset, this.b, this.tRef,
      this.vTail, this.tauM, this.dt, zSpike, zSpike > 0 ? zSpike * Math.log(zSpike) - zSpike : 0);
  }
}

// Table of exp(u) for u in [EXP_TABLE_MIN, EXP_TABLE_MAX], linear interpolation: relative error
// ≤ (1/1024)²/8 ≈ 1.2e-7 (a spike-time shift of ~1e-7 of the time spent near threshold). Used on the propagator
// path, where u < -k (beyond the top values are clamped: such a step is rejected by the V_lin test anyway, as the
// margin is limited to 1 - EXP_TABLE_MAX), and by the adaptive path below the top.
const EXP_TABLE_MIN = -32;
const EXP_TABLE_MAX = 8;
const EXP_TABLE_RES = 1024;
const EXP_TABLE = (() => {
  const n = (EXP_TABLE_MAX - EXP_TABLE_MIN) * EXP_TABLE_RES + 2;
  const t = new Float64Array(n);
  for (let j = 0; j < n; j++) t[j] = Math.exp(EXP_TABLE_MIN + j / EXP_TABLE_RES);
  return t;
})();

// Dormand–Prince RK5(4)7M (numerics/dormandPrince.ts).
const {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, B1, B3, B4, B5, B6, E1, E3, E4, E5, E6, E7,
} = DORMAND_PRINCE;

const MIN_RK_STEP_MS = 1e-12;
/**
 * How far in u = (V − V_T)/Δ_T the first RK step of an adaptive step may take V at its start speed. On the full
 * chip 29 % of RK attempts were rejected, most of them first steps of neurons on the upswing whose carried hint was
 * a whole base step; accepted steps there move u by ≈ 0.2–0.3. Capped at 0.3: 20 % fewer attempts, 14 % rejected
 * (0.2: more accepted steps; 0.4 and more: as many rejections as without the cap).
 */
const RK_FIRST_TRAVEL = 0.3;
/**
 * PHYSICAL_POTENTIAL_LIMIT_MV in a module constant: an imported binding can compile to a getter call on the
 * exporting module (CommonJS interop, as under tsx), which the hot loops would pay per neuron-step.
 */
const LIMIT_MV = PHYSICAL_POTENTIAL_LIMIT_MV;
/**
 * From V_T + TAIL_SLOPE_FACTORS Δ_T on, the exponential current F exceeds g_L Δ_T e^5 (3,000 pA for g_L Δ_T = 20 pA)
 * and V reaches V_spike within ≈ τ_m e^-5 (0.13 ms for τ_m = 20 ms), by a path that costs an RK method ~10 steps
 * (V runs away faster than exponentially). There the rest of the upswing is a quadrature (`upswingTail`), whenever
 * no event comes first.
 */
const TAIL_SLOPE_FACTORS = 5;
/** Gauss–Legendre nodes of the tail's quadrature (measured against 32 nodes: T within 4e-8 ms from u = 5, 6e-9 from u = 6). */
const TAIL_NODES = 8;
const TAIL_RULE = gaussLegendre(TAIL_NODES);
/**
 * The tail is taken only while F dominates at its start, F + J ≥ F / 2 (J: every other current); below that the
 * approximations behind the node times (see upswingTail) would lose their margin, and the RK steps go on.
 */
const TAIL_MIN_DOMINANCE = 0.5;
/** A located spike time is refined until its remaining uncertainty is below this (ms). */
const SPIKE_TIME_TOLERANCE_MS = 1e-9;
/**
 * Longest Newton correction |δ/Δ_T| of the propagator path's end value of V that is accepted: F at the end is
 * carried as F(V_pred) e^(δ/Δ_T) with the quartic Taylor polynomial of e^x (relative error (δ/Δ_T)⁵/120 ≤ 1e-12),
 * and the Newton step's own error, ~ (h F/(2 C Δ_T²)) δ², stays below 1e-6 mV. Typical corrections are
 * ~1e-4 Δ_T; a longer one sends the step to the adaptive path.
 */
const NEWTON_MAX_STEP = 0.01;
/** Longest move |ΔV/Δ_T| over which F is carried (F(V + ΔV) = F(V) e^(ΔV/Δ_T)) instead of read from the table. */
const CARRY_MAX = 0.1;
/**
 * Largest |slope| of the Newton step's fixed-point map for which 1/(1 − slope) is taken as its series
 * 1 + s + … + s⁵ (relative error s⁶ < 2e-8 of a correction that is itself ~1e-5 mV) rather than divided: a
 * division lengthens the step's chain, and the WebAssembly kernel's vector loop leaves it to its scalar path.
 * Below V_lin the slope stays under 0.05 (on the full-chip benchmark 4 % of steps exceed 0.01, none 0.05).
 */
const NEWTON_SERIES_MAX = 0.05;
/**
 * Between V_lin and V_T + CEILING_SLOPE_FACTORS Δ_T the propagator step is kept when the estimated error of
 * its cubic forcing (estimated in propagateKernel) is below PROPAGATOR_TOLERANCE_MV; otherwise the adaptive path redoes it.
 * There F is large but, for a neuron that hovers near its unstable fixed point (mean-driven, adapted), slow: the
 * adaptive path would take several RK steps per base step for what the propagator gets right in one.
 */
const CEILING_SLOPE_FACTORS = 5;
const PROPAGATOR_TOLERANCE_MV = 1e-5;

// Layout of the per-parameter-set coefficient block read by the propagator path (one Float64Array, so that the
// hot loop reads numbers at fixed offsets instead of object properties). The forcing coefficients fold the
// cubic Hermite interpolant into the propagator: V1 = ... + F0·f0 + D0·d0 + F1·f1 + D1·d1 (f = F, d = dF/dt).
// The WebAssembly kernel reads the same offsets (`readCoefficients` in emulator/wasm/assembly/adexPropagator.ts):
// a change here is a change there (test/unit/emulator/wasmPropagator.test.ts fails on any mismatch).
const C_FAST = 0, C_VLIN = 1, C_GLDT = 2, C_VT = 3, C_INVDT = 4, C_EE = 5, C_EI = 6;
const C_PVV = 7, C_PVW = 8, C_PVE = 9, C_PVI = 10, C_PVX = 11, C_PV1 = 12, C_VF0 = 13, C_VD0 = 14, C_VF1 = 15, C_VD1 = 16;
const C_PWV = 17, C_PWW = 18, C_PWE = 19, C_PWI = 20, C_PWX = 21, C_PW1 = 22, C_WF0 = 23, C_WD0 = 24, C_WF1 = 25, C_WD1 = 26;
const C_GL = 27, C_EL = 28, C_INVC = 29, C_IOFF = 30, C_EW = 31, C_WINF = 32, C_VTOP = 33, C_NEWTON_MAX = 34;
const C_VCEIL = 35, C_TOL = 36, C_FFLOOR = 37;
// The predictor's coefficients of F0 and D0 into V (v_F0 + v_F1, v_D0 + h v_F1 + v_D1) and 1/(Δ_T C).
const C_VF01 = 38, C_VDP = 39, C_INVDTC = 40;
/** One step length's block; a parameter set has two: the base step h, then h / BAND_SUBSTEPS (`propagateBand`). */
const COEF_BLOCK = 41;
const COEF_STRIDE = 2 * COEF_BLOCK;
/**
 * A step of the error-controlled band whose cubic forcing misses the tolerance, and that has no event, is tried
 * again as this many sub-steps of the same propagator (the forcing error of a sub-step is (1/m)⁵ of the step's
 * for a smooth F), each held to 1/m of the tolerance, before the adaptive path takes it. Such steps are most of a
 * spiking neuron's approach to its threshold from V_T + 3 Δ_T: ≈ 1 ms at ≈ 2.4 RK steps per base step.
 */
const BAND_SUBSTEPS = 4;

/** Scratch for the adaptive path: a DP5 step reads its arguments from IN and writes its results to OUT. */
const IN = new Float64Array(13);
const OUT = new Float64Array(9);
/** A time into or out of the adaptive path's helpers (locateSpike). */
const TIME = new Float64Array(1);
/** The upswing's tail (upswingTail): its duration (Infinity: not taken), then w, I_E and I_I at the spike. */
const TAIL = new Float64Array(4);
/** The state at a runaway of the adaptive path: time, V, w, stimulus, hold end, step hint (stopRunaway). */
const STOP = new Float64Array(6);
/** Offset and scale of a single fan-out (addFanOut). */
const FAN = new Float64Array(2);
/** Up to this many parameter sets, a fan-out interpolates the kick tables once per spike (into AdExGroup.kick). */
const FEW_SETS = 8;

export class AdExGroup {
  readonly size: number;
  readonly step: number;
  /** Membrane potential (mV), adaptation current (pA), synaptic input magnitudes (pA or nS). */
  readonly v: Float64Array;
  readonly w: Float64Array;
  readonly synE: Float64Array;
  readonly synI: Float64Array;
  /** Stimulus current (pA), piecewise constant. */
  readonly stim: Float64Array;
  /** End of the current refractory hold (ms); ≤ now when not refractory. */
  readonly refractoryEnd: Float64Array;
  /** Adaptive path: how many RK steps were accepted (for profiling and docs). */
  rkSteps = 0;
  /** How many neuron-steps took the propagator (or hold) path and how many the adaptive path. */
  fastSteps = 0;
  exactSteps = 0;
  /** Of fastSteps, how many the band's sub-steps took (BAND_SUBSTEPS), and of those how many had events. */
  bandSteps = 0;
  bandEventSteps = 0;

  private readonly kernels: Kernel[];
  private readonly kernelOf: Uint16Array;
  /** The kicks of the fan-out at hand, six per parameter set (in the kernel's memory: its fan-out reads them). */
  private readonly kick: Float64Array;
  /** Whether this step's events added kicks (else the WebAssembly kernel leaves the cleared kicks alone). */
  private kicked = false;
  /**
   * A synapse table (CSR rows by presynaptic stream) of `synapseCount` synapses, for the owner to fill: in the
   * memory the WebAssembly kernel shares, so that fan-outs through it run there (`addFanOuts`).
   */
  readonly synapsePost: Int32Array;
  readonly synapseChannel: Uint8Array;
  readonly synapseAmount: Float64Array;
  private readonly coefficients: Float64Array;
  private readonly segments: number;
  /** Kick tables of all parameter sets, (segments + 1) entries per set; zero for conductance-based sets. */
  private readonly kickVE: Float64Array;
  private readonly kickWE: Float64Array;
  private readonly kickSE: Float64Array;
  private readonly kickVI: Float64Array;
  private readonly kickWI: Float64Array;
  private readonly kickSI: Float64Array;
  private readonly expCurrent: Float64Array;
  private readonly rkHint: Float64Array;
  private readonly accV: Float64Array;
  private readonly accW: Float64Array;
  private readonly accE: Float64Array;
  private readonly accI: Float64Array;
  private readonly needsExact: Uint8Array;
  private readonly bucketStart: Int32Array;
  private readonly bucketFill: Int32Array;
  /** Neurons on the adaptive path this step, and each one's position in that list. */
  private readonly exactList: Int32Array;
  private readonly slotOf: Int32Array;
  /** How many neurons propagateKernel listed in exactList this step. */
  private exactCount = 0;
  /**
   * The neurons of each parameter set (views, set after set, into one array that starts at membersAt); set k's
   * are at [membersOffset[k], membersOffset[k + 1]) of it.
   */
  private readonly members: Int32Array[];
  private readonly membersOffset: Int32Array;
  /** Which implementation runs the propagator path (IntegratorOptions.kernel; 'javascript' where SIMD is missing). */
  readonly kernel: 'wasm' | 'javascript' = 'javascript';
  /** The WebAssembly propagator and the byte offsets of what it reads (null: the JavaScript kernel runs). */
  private readonly wasm: PropagatorExports | null = null;
  private readonly coefficientsAt: number = 0;
  private readonly membersAt: number = 0;
  private readonly membersStartAt: number = 0;
  private sortedIndex = new Int32Array(1024);
  private readonly atol: number;
  private readonly rtol: number;
  private readonly timeTolerance: number;
  // State at a located spike (V, w, I_E, I_I).
  // NaN, not 0: the fields hold doubles from the start, so V8 never changes their representation mid-run.
  private sV = NaN; private sW = NaN; private sE = NaN; private sI = NaN;

  /**
   * `parameterSets`: the distinct parameter sets; `setOfNeuron[i]`: which one neuron i uses.
   * Throws a RangeError listing every problem when a parameter set is invalid (nothing is built then).
   */
  constructor(parameterSets: readonly NeuronParameters[], setOfNeuron: ArrayLike<number>, options: IntegratorOptions = {}, synapseCount = 0) {
    const problems: ParameterProblem[] = [];
    parameterSets.forEach((p, k) => {
      problems.push(...validateAdExParameters(p.adex, `parameter set ${k}`));
      problems.push(...validateSynapticInputParameters(p.synapse, `parameter set ${k}`));
    });
    for (let i = 0; i < setOfNeuron.length; i++) {
      const k = setOfNeuron[i];
      if (!Number.isInteger(k) || k < 0 || k >= parameterSets.length) {
        problems.push({ parameter: `neuron ${i}`, message: `refers to parameter set ${k}, which does not exist` });
      }
    }
    const margin = options.linearMargin ?? DEFAULT_LINEAR_MARGIN;
    if (!(margin >= 1 - EXP_TABLE_MAX)) problems.push({ parameter: 'integrator.linearMargin', message: `must be ≥ ${1 - EXP_TABLE_MAX}, got ${margin}` });
    if (problems.length > 0) throw new RangeError(problems.map((p) => `${p.parameter}: ${p.message}`).join('\n'));
    this.step = options.step_ms ?? 0.1;
    if (!(this.step > 0)) throw new RangeError(`step_ms must be > 0, got ${this.step}`);
    const segments = options.kickSegments ?? 64;
    this.segments = segments;
    this.atol = options.absoluteTolerance ?? 1e-6;
    this.rtol = options.relativeTolerance ?? 1e-9;
    this.timeTolerance = options.timeTolerance_ms ?? 1e-6;
    this.kernels = parameterSets.map((p) => new Kernel(p));
    const sets = parameterSets.length;
    const n = setOfNeuron.length;
    this.size = n;
    // The state the propagator reads and writes lives in memory shared with the WebAssembly kernel, in the block
    // layout it addresses with constant offsets; a group larger than that block takes the JavaScript kernel.
    const module = options.kernel === 'javascript' || n > STATE_CAPACITY ? null : propagatorModule();
    const arena = new SharedArena();
    const stride = module !== null ? STATE_STRIDE : n * 8;
    const state = arena.reserve((STATE_ARRAYS * stride) / 8, 8);
    const stateArray = (k: number) => state + k * stride;
    const at = {
      v: stateArray(0), w: stateArray(1), synE: stateArray(2), synI: stateArray(3), stim: stateArray(4),
      refractoryEnd: stateArray(5), expCurrent: stateArray(6), accV: stateArray(7), accW: stateArray(8), accE: stateArray(9), accI: stateArray(10),
      coefficients: arena.reserve(sets * COEF_STRIDE, 8), expTable: arena.reserve(EXP_TABLE.length, 8),
      members: arena.reserve(n, 4), membersStart: arena.reserve(sets + 1, 4), exactList: arena.reserve(n, 4),
      bandList: arena.reserve(n, 4), needsExact: arena.reserve(n, 1), kernelOf: arena.reserve(n, 2), kick: arena.reserve(6 * FEW_SETS, 8),
      synapsePost: arena.reserve(synapseCount, 4), synapseChannel: arena.reserve(synapseCount, 1), synapseAmount: arena.reserve(synapseCount, 8),
    };
    const memory = arena.create();
    this.v = arena.f64(at.v, n);
    this.w = arena.f64(at.w, n);
    this.synE = arena.f64(at.synE, n);
    this.synI = arena.f64(at.synI, n);
    this.stim = arena.f64(at.stim, n);
    this.refractoryEnd = arena.f64(at.refractoryEnd, n).fill(-Infinity);
    this.expCurrent = arena.f64(at.expCurrent, n);
    this.accV = arena.f64(at.accV, n);
    this.accW = arena.f64(at.accW, n);
    this.accE = arena.f64(at.accE, n);
    this.accI = arena.f64(at.accI, n);
    this.needsExact = arena.u8(at.needsExact, n);
    this.kernelOf = arena.u16(at.kernelOf, n);
    this.kernelOf.set(setOfNeuron);
    this.kick = arena.f64(at.kick, 6 * FEW_SETS);
    this.synapsePost = arena.i32(at.synapsePost, synapseCount);
    this.synapseChannel = arena.u8(at.synapseChannel, synapseCount);
    this.synapseAmount = arena.f64(at.synapseAmount, synapseCount);
    this.exactList = arena.i32(at.exactList, n);
    this.coefficients = arena.f64(at.coefficients, sets * COEF_STRIDE);
    const len = segments + 1;
    this.kickVE = new Float64Array(sets * len); this.kickWE = new Float64Array(sets * len); this.kickSE = new Float64Array(sets * len);
    this.kickVI = new Float64Array(sets * len); this.kickWI = new Float64Array(sets * len); this.kickSI = new Float64Array(sets * len);
    parameterSets.forEach((p, k) => this.buildPropagator(k, p, margin));
    this.rkHint = new Float64Array(n).fill(this.step);
    this.bucketStart = new Int32Array(n + 1);
    this.bucketFill = new Int32Array(n);
    this.slotOf = new Int32Array(n);
    // The neurons of each set, set after set in one array (the kernel takes a set's stretch of it).
    const counts = new Int32Array(sets);
    for (let i = 0; i < n; i++) counts[this.kernelOf[i]]++;
    this.membersOffset = arena.i32(at.membersStart, sets + 1);
    for (let k = 1; k <= sets; k++) this.membersOffset[k] = this.membersOffset[k - 1] + counts[k - 1];
    const allMembers = arena.i32(at.members, n);
    this.members = Array.from(counts, (c, k) => allMembers.subarray(this.membersOffset[k], this.membersOffset[k] + c));
    counts.fill(0);
    for (let i = 0; i < n; i++) { const k = this.kernelOf[i]; this.members[k][counts[k]++] = i; }
    if (module !== null) {
      arena.f64(at.expTable, EXP_TABLE.length).set(EXP_TABLE);
      const wasm = instantiatePropagator(module, memory);
      wasm.configure(at.expTable, EXP_TABLE_MIN, EXP_TABLE_RES, CARRY_MAX, NEWTON_SERIES_MAX, LIMIT_MV, BAND_SUBSTEPS, COEF_BLOCK * 8);
      wasm.bind(state, at.needsExact, at.exactList, at.bandList);
      wasm.bindSynapses(at.synapsePost, at.synapseChannel, at.synapseAmount, at.kernelOf, at.kick, CHANNEL_EXCITATORY);
      this.wasm = wasm;
      this.kernel = 'wasm';
      this.coefficientsAt = at.coefficients;
      this.membersAt = at.members;
      this.membersStartAt = at.membersStart;
    }
    for (let i = 0; i < n; i++) {
      this.v[i] = initialPotential(parameterSets[this.kernelOf[i]].adex);
      this.refreshExpCurrent(i);
    }
  }

  /** Total synaptic current of input E or I of neuron i (pA; inhibitory current is negative). */
  synapticCurrent(i: number, receptor: 0 | 1): number {
    const k = this.kernels[this.kernelOf[i]];
    if (k.cuba) return receptor === 0 ? this.synE[i] : -this.synI[i];
    return receptor === 0 ? this.synE[i] * (k.eRevE - this.v[i]) : this.synI[i] * (k.eRevI - this.v[i]);
  }

  /** Overwrites neuron i's state (e.g. from a saved run); keeps the derived caches consistent. */
  setState(i: number, v: number, w: number): void {
    this.v[i] = v;
    this.w[i] = w;
    this.refreshExpCurrent(i);
  }

  /**
   * Adds one event for the current step (before `integrate`): its kick on the propagator path, and, for a
   * stimulus change, the mark that sends the neuron to the adaptive path. The event must also be in the
   * step's input (or be gathered into it) for the adaptive path.
   */
  addEvent(target: number, offset: number, channel: number, amount: number): void {
    if (channel === CHANNEL_STIMULUS) { this.needsExact[target] = 1; return; }
    this.kicked = true;
    const seg = this.segments;
    const x = ((this.step - offset) / this.step) * seg;
    let j = x | 0;
    if (j >= seg) j = seg - 1;
    const f = x - j;
    const b = this.kernelOf[target] * (seg + 1) + j;
    if (channel === CHANNEL_EXCITATORY) {
      const tv = this.kickVE, tw = this.kickWE, ts = this.kickSE;
      this.accV[target] += amount * (tv[b] + f * (tv[b + 1] - tv[b]));
      this.accW[target] += amount * (tw[b] + f * (tw[b + 1] - tw[b]));
      this.accE[target] += amount * (ts[b] + f * (ts[b + 1] - ts[b]));
    } else {
      const tv = this.kickVI, tw = this.kickWI, ts = this.kickSI;
      this.accV[target] += amount * (tv[b] + f * (tv[b + 1] - tv[b]));
      this.accW[target] += amount * (tw[b] + f * (tw[b + 1] - tw[b]));
      this.accI[target] += amount * (ts[b] + f * (ts[b + 1] - ts[b]));
    }
  }

  /**
   * Adds the kicks of one presynaptic spike at `offset` into the step, fanned out through rows [start, end) of
   * a CSR synapse table, every amount times `scale`. The events themselves are gathered later, and only for
   * the neurons that take the adaptive path (see FanOutGatherer).
   */
  addFanOut(offset: number, post: Int32Array, channel: Uint8Array, amount: Float64Array, start: number, end: number, scale: number): void {
    FAN[0] = offset; FAN[1] = scale;
    this.fanOutKicks(FAN, 0, FAN, 1, start, end, post, channel, amount);
  }

  /**
   * addFanOut for `count` spikes at once: spike f at offset[f] through rows [start[f], end[f]) scaled by
   * scale[f], in that order (the order of the sums, so that results do not depend on how spikes are batched).
   */
  addFanOuts(
    offset: Float64Array, start: Int32Array, end: Int32Array, scale: Float64Array, count: number,
    post: Int32Array, channel: Uint8Array, amount: Float64Array,
  ): void {
    for (let f = 0; f < count; f++) this.fanOutKicks(offset, f, scale, f, start[f], end[f], post, channel, amount);
  }

  /** The kicks of one fanned-out spike; its offset and scale are read from typed arrays (no boxed numbers). */
  private fanOutKicks(
    offsets: Float64Array, o: number, scales: Float64Array, sc: number, start: number, end: number,
    post: Int32Array, channel: Uint8Array, amount: Float64Array,
  ): void {
    this.kicked = true;
    const seg = this.segments;
    const x = ((this.step - offsets[o]) / this.step) * seg;
    const scale = scales[sc];
    let j = x | 0;
    if (j >= seg) j = seg - 1;
    const f = x - j;
    const len = seg + 1;
    const kernelOf = this.kernelOf;
    const accV = this.accV, accW = this.accW, accE = this.accE, accI = this.accI;
    const vE = this.kickVE, wE = this.kickWE, sE = this.kickSE, vI = this.kickVI, wI = this.kickWI, sI = this.kickSI;
    const sets = this.kernels.length;
    if (sets <= FEW_SETS) {
      // Few parameter sets: interpolate each set's kicks once per spike (6 numbers per set), then one product
      // per target and variable. Same values as below, bit for bit; in WebAssembly when the synapses are the
      // group's own table (1.3 M targets per second of the full chip: 2.5x faster there).
      const kick = this.kick;
      for (let p = 0; p < sets; p++) {
        const b = p * len + j, o = 6 * p;
        kick[o] = vE[b] + f * (vE[b + 1] - vE[b]); kick[o + 1] = wE[b] + f * (wE[b + 1] - wE[b]); kick[o + 2] = sE[b] + f * (sE[b + 1] - sE[b]);
        kick[o + 3] = vI[b] + f * (vI[b + 1] - vI[b]); kick[o + 4] = wI[b] + f * (wI[b + 1] - wI[b]); kick[o + 5] = sI[b] + f * (sI[b + 1] - sI[b]);
      }
      if (this.wasm !== null && post === this.synapsePost) { this.wasm.fanOut.call(undefined, start, end, scale, sets); return; }
      if (sets === 1) {
        // One parameter set (a network of one neuron type): the six kicks in locals, no look-up per target.
        const kvE = kick[0], kwE = kick[1], ksE = kick[2], kvI = kick[3], kwI = kick[4], ksI = kick[5];
        for (let k = start; k < end; k++) {
          const i = post[k];
          const q = amount[k] * scale;
          if (channel[k] === CHANNEL_EXCITATORY) {
            accV[i] += q * kvE; accW[i] += q * kwE; accE[i] += q * ksE;
          } else {
            accV[i] += q * kvI; accW[i] += q * kwI; accI[i] += q * ksI;
          }
        }
        return;
      }
      for (let k = start; k < end; k++) {
        const i = post[k];
        const q = amount[k] * scale;
        const o = 6 * kernelOf[i];
        if (channel[k] === CHANNEL_EXCITATORY) {
          accV[i] += q * kick[o]; accW[i] += q * kick[o + 1]; accE[i] += q * kick[o + 2];
        } else {
          accV[i] += q * kick[o + 3]; accW[i] += q * kick[o + 4]; accI[i] += q * kick[o + 5];
        }
      }
      return;
    }
    for (let k = start; k < end; k++) {
      const i = post[k];
      const q = amount[k] * scale;
      const b = kernelOf[i] * len + j;
      if (channel[k] === CHANNEL_EXCITATORY) {
        accV[i] += q * (vE[b] + f * (vE[b + 1] - vE[b]));
        accW[i] += q * (wE[b] + f * (wE[b + 1] - wE[b]));
        accE[i] += q * (sE[b] + f * (sE[b + 1] - sE[b]));
      } else {
        accV[i] += q * (vI[b] + f * (vI[b + 1] - vI[b]));
        accW[i] += q * (wI[b] + f * (wI[b + 1] - wI[b]));
        accI[i] += q * (sI[b] + f * (sI[b + 1] - sI[b]));
      }
    }
  }

  /**
   * Advances every neuron from t0 to t0 + step with the step's events, appending spikes to `spikes`.
   * Returns null, or the RunawayError that stopped the step.
   */
  advance(t0: number, input: StepInput, spikes: SpikeSink): RunawayError | null {
    for (let e = 0; e < input.count; e++) this.addEvent(input.target[e], input.offset[e], input.channel[e], input.amount[e]);
    return this.integrate(t0, input, spikes, null);
  }

  /**
   * Advances every neuron by one step, after the step's events were added (`addEvent`, `addFanOut`). `input`
   * holds the step's individual events (stimulus changes, events added with addEvent); `fanOut`, when spikes
   * were added with addFanOut, lists theirs into `input` for the neurons on the adaptive path.
   */
  integrate(t0: number, input: StepInput, spikes: SpikeSink, fanOut: FanOutGatherer | null): RunawayError | null {
    const h = this.step;
    const t1 = t0 + h;
    const needsExact = this.needsExact;

    this.exactCount = 0;
    const err = this.wasm !== null ? this.propagateWasm(this.wasm, t0, t1) : this.propagateKernels(t0, t1);
    if (err !== null) {
      this.clearAccumulators(0);
      return err;
    }
    // Adaptive path: the neurons that need it (listed by propagateKernel per parameter set; put in ascending
    // order), and their events in time order (counting sort by neuron, then insertion sort within each
    // neuron's few events).
    const exact = this.exactList, slot = this.slotOf;
    const count = this.exactCount;
    for (let a = 1; a < count; a++) {
      const i = exact[a];
      let b = a - 1;
      while (b >= 0 && exact[b] > i) { exact[b + 1] = exact[b]; b--; }
      exact[b + 1] = i;
    }
    for (let q = 0; q < count; q++) slot[exact[q]] = q;
    this.exactSteps += count;
    if (count === 0) return null;
    if (fanOut !== null) fanOut.gather(needsExact, input, exact, count);
    const m = input.count;
    const tgt = input.target, off = input.offset;
    const bucketStart = this.bucketStart;
    bucketStart.fill(0, 0, count + 1);
    for (let e = 0; e < m; e++) {
      const i = tgt[e];
      if (needsExact[i] === 1) bucketStart[slot[i] + 1]++;
    }
    for (let q = 0; q < count; q++) bucketStart[q + 1] += bucketStart[q];
    if (this.sortedIndex.length < m) this.sortedIndex = new Int32Array(m * 2);
    const sorted = this.sortedIndex;
    const fill = this.bucketFill;
    for (let q = 0; q < count; q++) fill[q] = bucketStart[q];
    for (let e = 0; e < m; e++) {
      const i = tgt[e];
      if (needsExact[i] === 1) sorted[fill[slot[i]]++] = e;
    }
    for (let q = 0; q < count; q++) needsExact[exact[q]] = 0;
    for (let q = 0; q < count; q++) {
      const i = exact[q];
      const s = bucketStart[q], end = bucketStart[q + 1];
      for (let a = s + 1; a < end; a++) {
        const e = sorted[a];
        const te = off[e];
        let b = a - 1;
        while (b >= s && off[sorted[b]] > te) { sorted[b + 1] = sorted[b]; b--; }
        sorted[b + 1] = e;
      }
      if (this.bandWithEvents(i, t0, input, s, end)) { this.exactSteps--; this.fastSteps++; this.bandEventSteps++; continue; }
      const err = this.integrateAdaptive(i, t0, t1, input, s, end, spikes);
      if (err !== null) return err;
    }
    return null;
  }

  /** propagateKernel over every set, in WebAssembly (emulator/wasm/assembly/adexPropagator.ts): the same bits. */
  private propagateWasm(wasm: PropagatorExports, t0: number, t1: number): RunawayError | null {
    // Called through Function.prototype.call, as the fan-out is: every group has an instance of its own, and a call
    // site V8 had optimized for one instance's function was deoptimized by the next group's (≈ 10 ms in the first
    // second of every network after a process's first).
    const status = wasm.propagateSets.call(undefined, this.coefficientsAt, COEF_STRIDE * 8, this.step, this.membersAt, this.membersStartAt, this.kernels.length, t0, t1, this.kicked ? 1 : 0);
    this.kicked = false;
    this.exactCount = wasm.exactCount.value as number;
    this.fastSteps += wasm.done.value as number;
    this.bandSteps += wasm.bandCount.value as number;
    return status === 0 ? null : runawayError(wasm.runawayNeuron.value as number, t1, wasm.runawayV.value as number, wasm.runawayW.value as number);
  }

  private propagateKernels(t0: number, t1: number): RunawayError | null {
    for (let k = 0; k < this.kernels.length; k++) {
      const err = this.propagateKernel(k, t0, t1);
      if (err !== null) return err;
    }
    return null;
  }

  /**
   * The propagator and hold paths for the neurons of parameter set `k`, in one fused pass with the set's
   * coefficients in locals. Per neuron and step: the linear part, a predictor of the end state (F continued
   * with its start slope) and one Newton step on the end value of V, with F carried from the step's start (no
   * table look-up for short moves); F at the end is kept for the next step. Neurons that need the adaptive
   * path are marked in needsExact and appended to the step's adaptive list.
   */
  private propagateKernel(k: number, t0: number, t1: number): RunawayError | null {
    const v = this.v, w = this.w, synE = this.synE, synI = this.synI, stim = this.stim, refractoryEnd = this.refractoryEnd;
    const expCurrent = this.expCurrent, accV = this.accV, accW = this.accW, accE = this.accE, accI = this.accI;
    const needsExact = this.needsExact, exact = this.exactList;
    const members = this.members[k];
    const m = members.length;
    const h = this.step;
    const co = this.coefficients, c = k * COEF_STRIDE;
    let count = this.exactCount;
    if (co[c + C_FAST] === 0) {
      for (let q = 0; q < m; q++) {
        const i = members[q];
        needsExact[i] = 1;
        exact[count++] = i;
        accV[i] = 0; accW[i] = 0; accE[i] = 0; accI[i] = 0;
      }
      this.exactCount = count;
      return null;
    }
    const vLin = co[c + C_VLIN], eE = co[c + C_EE], eI = co[c + C_EI], eW = co[c + C_EW], wInf = co[c + C_WINF];
    const pVV = co[c + C_PVV], pVW = co[c + C_PVW], pVE = co[c + C_PVE], pVI = co[c + C_PVI], pVX = co[c + C_PVX], pV1 = co[c + C_PV1];
    const pWV = co[c + C_PWV], pWW = co[c + C_PWW], pWE = co[c + C_PWE], pWI = co[c + C_PWI], pWX = co[c + C_PWX], pW1 = co[c + C_PW1];
    const vF01 = co[c + C_VF01], vDp = co[c + C_VDP], vF1 = co[c + C_VF1], vD1 = co[c + C_VD1];
    const wF0 = co[c + C_WF0], wD0 = co[c + C_WD0], wF1 = co[c + C_WF1], wD1 = co[c + C_WD1];
    const gldt = co[c + C_GLDT], vt = co[c + C_VT], invDt = co[c + C_INVDT], gl = co[c + C_GL], el = co[c + C_EL];
    const invC = co[c + C_INVC], iOff = co[c + C_IOFF], vTop = co[c + C_VTOP], newtonMax = co[c + C_NEWTON_MAX];
    const vCeil = co[c + C_VCEIL], tol = co[c + C_TOL], fFloor = co[c + C_FFLOOR], invDtC = co[c + C_INVDTC];
    let holds = 0, accepted = 0;
    for (let q = 0; q < m; q++) {
      const i = members[q];
      const aV = accV[i], aW = accW[i], aE = accE[i], aI = accI[i];
      accV[i] = 0; accW[i] = 0; accE[i] = 0; accI[i] = 0;
      if (needsExact[i] === 1) { exact[count++] = i; continue; }
      const refEnd = refractoryEnd[i];
      if (refEnd > t0) {
        if (refEnd < t1) { needsExact[i] = 1; exact[count++] = i; continue; }
        // Whole step inside the hold: V stays at V_reset, w relaxes, the inputs decay and take their events.
        w[i] = wInf + (w[i] - wInf) * eW;
        synE[i] = eE * synE[i] + aE;
        synI[i] = eI * synI[i] + aI;
        holds++;
        continue;
      }
      const v0 = v[i];
      if (!(v0 < vCeil)) { needsExact[i] = 1; exact[count++] = i; continue; }
      // In the band a full step almost never meets the tolerance (86 of 55 k on the full chip): straight to the
      // sub-steps when there are no events; the adaptive side tries them with the events otherwise.
      if (!(v0 < vLin)) {
        if (aV === 0 && aW === 0 && aE === 0 && aI === 0 && this.propagateBand(i, c + COEF_BLOCK, null, 0, 0)) { accepted++; continue; }
        needsExact[i] = 1; exact[count++] = i; continue;
      }
      const w0 = w[i], e0 = synE[i], i0 = synI[i], x = stim[i];
      const e1 = eE * e0 + aE, i1 = eI * i0 + aI;
      const drive = x + iOff;
      const f0 = expCurrent[i];
      // Predictor: F continues with its start slope (dF/dt = F V' / Δ_T), so that at the end
      // V_p = L + (v_F0 + v_F1) F0 + (v_D0 + h v_F1 + v_D1) D0, L the linear part with the kicks.
      const vdot0 = (gl * (el - v0) + f0 - w0 + e0 - i0 + drive) * invC;
      const d0 = f0 * invDt * vdot0;
      const vp = pVV * v0 + pVW * w0 + pVE * e0 + pVI * i0 + pVX * x + pV1 + aV + vF01 * f0 + vDp * d0;
      const lw = pWV * v0 + pWW * w0 + pWE * e0 + pWI * i0 + pWX * x + pW1 + aW + wF0 * f0 + wD0 * d0;
      const fe = f0 + h * d0;
      // One Newton step on V1 = G(V1) = L + v_F0 F0 + v_D0 D0 + v_F1 F(V1) + v_D1 D(V1), D = F V'/Δ_T, from the
      // predictor: δ = (v_F1 (F(V_p) − F_e) + v_D1 (D(V_p) − D0)) / (1 − G'), with no V-sized numbers cancelling
      // (the dependence of V' on w through the forcing is left out of the slope: its weight is O(h²/(C τ_w))).
      // F at the predictor: F(v0) e^((vp - v0)/Δ_T), the exponential by its Taylor polynomial for a short move
      // (relative error ≤ x⁶/720 ≤ 1.4e-9), else (a long move, or F(v0) below the table's range, where a carried
      // value could not recover from 0) from the table, which the predictor must not leave.
      const x1 = (vp - v0) * invDt;
      let fp = 0;
      // (Polynomials in Estrin's form, for the same reason.)
      const x2 = x1 * x1;
      if (x1 < CARRY_MAX && x1 > -CARRY_MAX && f0 > fFloor) fp = f0 * ((1 + x1) + x2 * ((0.5 + x1 * (1 / 6)) + x2 * (1 / 24 + x1 * (1 / 120))));
      else {
        if (!(vp < vTop)) { needsExact[i] = 1; exact[count++] = i; continue; }
        const u = (vp - vt) * invDt;
        if (u > EXP_TABLE_MIN) { const y = (u - EXP_TABLE_MIN) * EXP_TABLE_RES, j = y | 0, lo = EXP_TABLE[j]; fp = gldt * (lo + (y - j) * (EXP_TABLE[j + 1] - lo)); }
      }
      // V' at the predicted end is (F + K)/C, with w there taken without F's forcing (lw): F moves w by
      // O(h² a F/(C τ_w)) in a step (≈ 2e-4 pA at V_T + 3 Δ_T), which moves V1 through the Newton step's slope by
      // < 1e-9 mV. D = F V'/Δ_T and its derivative in V, F/(C Δ_T) (2 F/Δ_T + K/Δ_T − g_L), follow.
      const k = (gl * (el - vp) + (e1 - i1 + drive)) - lw;
      const fk = fp * invDt, fkc = fp * invDtC;
      const dp = fkc * (fp + k);
      const dd = fkc * ((fk + fk) + (k * invDt - gl));
      const slope = vF1 * fk + vD1 * dd;
      // 1/(1 - slope) by its series where the slope is small (NEWTON_SERIES_MAX), in Estrin's form.
      const s2 = slope * slope;
      const delta = (vF1 * (fp - fe) + vD1 * (dp - d0)) * (slope < NEWTON_SERIES_MAX && slope > -NEWTON_SERIES_MAX ? (1 + slope) * (1 + s2 * (1 + s2)) : 1 / (1 - slope));
      const v1 = vp + delta;
      // F at the end, carried: F(vp + δ) = F(vp) e^(δ/Δ_T), |δ/Δ_T| < NEWTON_MAX_STEP.
      const r = delta * invDt;
      const r2 = r * r;
      const f1 = fp * ((1 + r) + r2 * ((0.5 + r * (1 / 6)) + r2 * (1 / 24)));
      const w1 = (lw + wD1 * (dp + dd * delta)) + wF1 * f1;
      // The common case in one test; everything else (NaN included) is sorted out in the branch.
      if (!(v1 < vLin && v0 < vLin && r < newtonMax && r > -newtonMax && v1 > -LIMIT_MV && w1 < Infinity && w1 > -Infinity)) {
        // Error estimate (mV) of the cubic Hermite forcing over the step (V moves by ∫ forcing error dt / C).
        // F = F_max e^u varies with u' = V'/Δ_T (u0, u1 at the ends). Smooth part: the interpolation error is at
        // most h⁴/384 |F''''|, F'''' ≈ F u'⁴. An event inside the step bends F (u' jumps by ΔI/(C Δ_T)); the
        // cubic through the end values and slopes then misses F by an area of up to h² |ΔF'|/24 (kink at mid-
        // step), with ΔF' ≤ F_max |u1 - u0| (which also holds the smooth change). Written out here: a call V8
        // does not inline would box its numbers.
        const u0 = vdot0 * invDt, u1 = (fp + k) * invDtC;
        const hu = h * (Math.abs(u0) > Math.abs(u1) ? Math.abs(u0) : Math.abs(u1));
        const forcing = h * invC * (f0 > f1 ? f0 : f1) * ((hu * hu * hu * hu) / 384 + (h * Math.abs(u1 - u0)) / 24);
        if (!(v1 <= -LIMIT_MV) && (!(v1 < vCeil && r < newtonMax && r > -newtonMax) || !(forcing <= tol))) {
          // Above V_ceil, a Newton step too long for the carried F, or (between V_lin and V_ceil) a forcing
          // error above PROPAGATOR_TOLERANCE_MV: sub-steps where there was no event, else the adaptive path.
          if (aV === 0 && aW === 0 && aE === 0 && aI === 0 && this.propagateBand(i, c + COEF_BLOCK, null, 0, 0)) { accepted++; continue; }
          needsExact[i] = 1; exact[count++] = i; continue;
        }
        if (!(v1 > -LIMIT_MV) || !(Math.abs(w1) < Infinity)) {
          // The run stops here (the caller clears the step's remaining kicks).
          this.exactCount = count;
          this.fastSteps += holds + accepted;
          return runawayError(i, t1, v1, w1);
        }
      }
      v[i] = v1;
      w[i] = w1;
      synE[i] = e1;
      synI[i] = i1;
      expCurrent[i] = f1;
      accepted++;
    }
    this.exactCount = count;
    this.fastSteps += holds + accepted;
    return null;
  }

  /**
   * The band's sub-steps (BAND_SUBSTEPS): neuron i over the step in BAND_SUBSTEPS propagator steps with the
   * sub-step's coefficients at `c`, each under the tests of the full step (`propagateKernel`, whose arithmetic this
   * repeats in the same order). Stores the state and returns true when every sub-step passes; leaves it untouched
   * otherwise. Two callers: the kernel, for a step without events that starts in the band or misses there (`input`
   * null: the same bits as the WebAssembly kernel's `band`), and the adaptive path for a step with synaptic events `sorted[s .. end)` of
   * `input`. An event acts at its time through the kick tables (a kick depends only on the time from the event to
   * the end of the interval, so the step's tables serve its sub-steps) and the bend it leaves in F is corrected:
   * u' = V'/Δ_T jumps by ±q/(C Δ_T), so F = F_max e^u gets a kink with slope jump J = F(t_e) Δu', and the cubic
   * Hermite interpolant through F's end values and end slopes misses F by the area J h² (1/12 − a(1 − a)/2) for an
   * event at a·h into the sub-step (docs/emulator.md). V takes that area divided by C (and by 1 − slope, as the
   * Newton step would), with F(t_e) interpolated linearly between the ends. The estimate of what remains adds to
   * the smooth term the corrections' own errors: F(t_e) (relative (h u')²/8), the decay of V's response over the
   * sub-step (h/τ_m), and the curvature the kink adds (F'' jumps by F (2 u' Δu' + Δu'²), which leaves at most
   * h³/62 of its half). (Written out rather than shared with propagateKernel's loop: V8 would not inline a step
   * that long into the loop, and a call boxes every number it passes.)
   */
  private propagateBand(i: number, c: number, input: StepInput | null, s: number, end: number): boolean {
    const co = this.coefficients;
    const h = this.step / BAND_SUBSTEPS;
    const vLin = co[c + C_VLIN], eE = co[c + C_EE], eI = co[c + C_EI];
    const pVV = co[c + C_PVV], pVW = co[c + C_PVW], pVE = co[c + C_PVE], pVI = co[c + C_PVI], pVX = co[c + C_PVX], pV1 = co[c + C_PV1];
    const pWV = co[c + C_PWV], pWW = co[c + C_PWW], pWE = co[c + C_PWE], pWI = co[c + C_PWI], pWX = co[c + C_PWX], pW1 = co[c + C_PW1];
    const vF01 = co[c + C_VF01], vDp = co[c + C_VDP], vF1 = co[c + C_VF1], vD1 = co[c + C_VD1];
    const wF0 = co[c + C_WF0], wD0 = co[c + C_WD0], wF1 = co[c + C_WF1], wD1 = co[c + C_WD1];
    const gldt = co[c + C_GLDT], vt = co[c + C_VT], invDt = co[c + C_INVDT], gl = co[c + C_GL], el = co[c + C_EL];
    const invC = co[c + C_INVC], iOff = co[c + C_IOFF], vTop = co[c + C_VTOP], newtonMax = co[c + C_NEWTON_MAX];
    const vCeil = co[c + C_VCEIL], tol = co[c + C_TOL], fFloor = co[c + C_FFLOOR], invDtC = co[c + C_INVDTC];
    const x = this.stim[i], drive = x + iOff;
    let v0 = this.v[i], w0 = this.w[i], e0 = this.synE[i], i0 = this.synI[i], f0 = this.expCurrent[i];
    // Events: their kicks from the set's tables (y = time to the sub-step's end in table segments).
    const seg = this.segments, toSegments = seg / this.step, tb = this.kernelOf[i] * (seg + 1);
    const kVE = this.kickVE, kWE = this.kickWE, kSE = this.kickSE, kVI = this.kickVI, kWI = this.kickWI, kSI = this.kickSI;
    const sorted = this.sortedIndex;
    const jump = invC * invDt;
    let ev = s;
    for (let sub = 0; sub < BAND_SUBSTEPS; sub++) {
      // The sub-step's events: kicks, the kink correction's weights (k0, k1: F(t_e) = (1 - a) F0 + a F1) and the
      // sums its error estimate needs.
      let aV = 0, aW = 0, aE = 0, aI = 0, k0 = 0, k1 = 0, net = 0, bent = 0, q1 = 0, q2 = 0;
      const subEnd = (sub + 1) * h;
      const last = sub === BAND_SUBSTEPS - 1;
      let kinked = false;
      while (input !== null && ev < end && (last || input.offset[sorted[ev]] < subEnd)) {
        const k = sorted[ev++];
        const q = input.amount[k], tau = subEnd - input.offset[k];
        const y = tau * toSegments;
        let j = y | 0;
        if (j >= seg) j = seg - 1;
        const fr = y - j, b = tb + j;
        const at = 1 - tau / h, g = 1 / 12 - (at * (1 - at)) / 2;
        if (input.channel[k] === CHANNEL_EXCITATORY) {
          aV += q * (kVE[b] + fr * (kVE[b + 1] - kVE[b])); aW += q * (kWE[b] + fr * (kWE[b + 1] - kWE[b])); aE += q * (kSE[b] + fr * (kSE[b + 1] - kSE[b]));
          k0 += q * g * (1 - at); k1 += q * g * at; net += q;
        } else {
          aV += q * (kVI[b] + fr * (kVI[b + 1] - kVI[b])); aW += q * (kWI[b] + fr * (kWI[b + 1] - kWI[b])); aI += q * (kSI[b] + fr * (kSI[b + 1] - kSI[b]));
          k0 -= q * g * (1 - at); k1 -= q * g * at; net -= q;
        }
        bent += q * Math.abs(g); q1 += q; q2 += q * q;
        kinked = true;
      }
      const e1 = kinked ? eE * e0 + aE : eE * e0, i1 = kinked ? eI * i0 + aI : eI * i0;
      // The sums as trees (the step's, propagateKernel, in sequence): each sub-step waits for the last, so the
      // chain of dependent operations bounds them. The WebAssembly kernel's band sums the same way.
      const vdot0 = ((gl * (el - v0) + f0) + ((e0 - i0) + (drive - w0))) * invC;
      const d0 = f0 * invDt * vdot0;
      let lp = ((pVV * v0 + pVW * w0) + (pVE * e0 + pVI * i0)) + ((pVX * x + pV1) + vF01 * f0);
      let lw = ((pWV * v0 + pWW * w0) + (pWE * e0 + pWI * i0)) + ((pWX * x + pW1) + wF0 * f0);
      if (kinked) { lp = lp + aV; lw = lw + aW; }
      const vp = lp + vDp * d0;
      lw = lw + wD0 * d0;
      const fe = f0 + h * d0;
      const x1 = (vp - v0) * invDt;
      let fp = 0;
      const x2 = x1 * x1;
      if (x1 < CARRY_MAX && x1 > -CARRY_MAX && f0 > fFloor) fp = f0 * ((1 + x1) + x2 * ((0.5 + x1 * (1 / 6)) + x2 * (1 / 24 + x1 * (1 / 120))));
      else {
        if (!(vp < vTop)) return false;
        const u = (vp - vt) * invDt;
        if (u > EXP_TABLE_MIN) { const y = (u - EXP_TABLE_MIN) * EXP_TABLE_RES, j = y | 0, lo = EXP_TABLE[j]; fp = gldt * (lo + (y - j) * (EXP_TABLE[j + 1] - lo)); }
      }
      const k = (gl * (el - vp) + (e1 - i1 + drive)) - lw;
      const fk = fp * invDt, fkc = fp * invDtC;
      const dp = fkc * (fp + k);
      const dd = fkc * ((fk + fk) + (k * invDt - gl));
      const slope = vF1 * fk + vD1 * dd;
      const s2 = slope * slope;
      const factor = slope < NEWTON_SERIES_MAX && slope > -NEWTON_SERIES_MAX ? (1 + slope) * (1 + s2 * (1 + s2)) : 1 / (1 - slope);
      const delta = (vF1 * (fp - fe) + vD1 * (dp - d0)) * factor;
      let v1 = vp + delta;
      let r = delta * invDt;
      const r2 = r * r;
      let f1 = fp * ((1 + r) + r2 * ((0.5 + r * (1 / 6)) + r2 * (1 / 24)));
      const w1 = (lw + wD1 * (dp + dd * delta)) + wF1 * f1;
      const u0 = vdot0 * invDt, u1 = (fp + k) * invDtC;
      let kinkResidual = 0;
      if (kinked) {
        // The kinks' area, and F at the end moved with V (e^x to second order: x ≤ 1e-4).
        const kappa = h * h * invC * jump * (k0 * f0 + k1 * f1) * factor;
        const m = kappa * invDt;
        v1 += kappa; r += m; f1 *= 1 + m * (1 + 0.5 * m);
        const rho = Math.abs(u0) > Math.abs(u1) ? Math.abs(u0) : Math.abs(u1), hr = h * rho, fm = f0 > f1 ? f0 : f1;
        kinkResidual = h * h * invC * jump * fm * bent * ((hr * hr) / 8 + h * gl * invC)
          + (h * h * h * invC * fm * (2 * rho * q1 * jump + q2 * jump * jump)) / 124;
      }
      if (!(v1 < vLin && v0 < vLin && r < newtonMax && r > -newtonMax && v1 > -LIMIT_MV && w1 < Infinity && w1 > -Infinity)) {
        // F is smooth over the sub-step apart from the kinks, so the Hermite interpolation's own error counts:
        // F - H = F''''(ξ) t² (h - t)²/24, and V takes its integral over the sub-step, h⁵ F''''/720 (divided by C),
        // with F'''' = F (u'⁴ + 6 u'² u'' + 4 u' u''' + 3 u''² + u''''). On an upswing (u' = 1/(T - t): u'' = u'²,
        // u''' = 2 u'³, u'''' = 6 u'⁴) that is 24 F u'⁴; so 24 F ρ⁴ with ρ⁴ = max(u'⁴, u''²), u'' from the ends
        // without the events' jumps, and F and ρ at their larger end (F'''' grows towards the spike): (h/C) F (hρ)⁴/30.
        const hu = h * (Math.abs(u0) > Math.abs(u1) ? Math.abs(u0) : Math.abs(u1));
        const hu4 = hu * hu * hu * hu, hh = h * Math.abs(kinked ? u1 - u0 - net * jump : u1 - u0), hh2 = hh * hh;
        const forcing = (h * invC * (f0 > f1 ? f0 : f1) * (hu4 > hh2 ? hu4 : hh2)) / 30 + kinkResidual;
        // A runaway, too, is left to the adaptive path, which reports it.
        if (!(v1 < vCeil && r < newtonMax && r > -newtonMax && forcing <= tol && v1 > -LIMIT_MV && Math.abs(w1) < Infinity)) return false;
      }
      v0 = v1; w0 = w1; e0 = e1; i0 = i1; f0 = f1;
    }
    this.v[i] = v0; this.w[i] = w0; this.synE[i] = e0; this.synI[i] = i0; this.expCurrent[i] = f0;
    this.bandSteps++;
    return true;
  }

  /**
   * Whether neuron i, listed for the adaptive path, can take this step in the band's sub-steps with its events
   * (`propagateBand`): current-based input, no refractory end and no stimulus change in the step, and V below
   * V_ceil. Taken there (and true) when every sub-step meets the tolerance.
   */
  private bandWithEvents(i: number, t0: number, input: StepInput, s: number, end: number): boolean {
    const c = this.kernelOf[i] * COEF_STRIDE;
    const co = this.coefficients;
    if (co[c + C_FAST] !== 1 || co[c + C_INVDT] === 0 || this.refractoryEnd[i] > t0 || !(this.v[i] < co[c + C_VCEIL]) || end === s) return false;
    const sorted = this.sortedIndex, channel = input.channel;
    for (let e = s; e < end; e++) if (channel[sorted[e]] === CHANNEL_STIMULUS) return false;
    return this.propagateBand(i, c + COEF_BLOCK, input, s, end);
  }

  private clearAccumulators(from: number): void {
    this.accV.fill(0, from); this.accW.fill(0, from); this.accE.fill(0, from); this.accI.fill(0, from);
    this.needsExact.fill(0);
  }

  private refreshExpCurrent(i: number): void {
    const kc = this.kernels[this.kernelOf[i]].kc;
    if (!(kc[K_DELTA_T] > 0)) { this.expCurrent[i] = 0; return; }
    // The table look-up written out (a call V8 does not inline would box its number).
    const u = (this.v[i] - kc[K_VT]) * kc[K_IDT];
    let f = 0;
    if (u > EXP_TABLE_MIN) {
      const y = ((u < EXP_TABLE_MAX ? u : EXP_TABLE_MAX) - EXP_TABLE_MIN) * EXP_TABLE_RES, j = y | 0, lo = EXP_TABLE[j];
      f = lo + (y - j) * (EXP_TABLE[j + 1] - lo);
    }
    this.expCurrent[i] = kc[K_GLDT] * f;
  }

  private integrateAdaptive(i: number, t0: number, t1: number, input: StepInput, s: number, end: number, spikes: SpikeSink): RunawayError | null {
    const k = this.kernels[this.kernelOf[i]];
    const kc = k.kc;
    const sorted = this.sortedIndex;
    const offs = input.offset, chans = input.channel, amts = input.amount;
    const atol = this.atol, rtol = this.rtol, ttol = this.timeTolerance;
    let yV = this.v[i], yW = this.w[i], yE = this.synE[i], yI = this.synI[i];
    let x = this.stim[i];
    let refEnd = this.refractoryEnd[i];
    let hint = this.rkHint[i];
    // The step's bounds as values the optimizing compiler knows to be numbers: a parameter's type is unknown to
    // it, so `t` (which starts at t0) and `next` (which may be t1) were kept as boxed numbers, one allocation per
    // change of t (4.6 MB per run of bench/emulator-core.ts, the bulk of its garbage).
    t0 = +t0;
    t1 = +t1;
    // The base step as a number the compiler knows, for the same reason: `hint = this.step` made `hint` a boxed
    // number, one allocation per RK step.
    const wholeStep = +this.step;
    let e = s;
    let t = t0;
    for (;;) {
      while (e < end && t0 + offs[sorted[e]] <= t) {
        const ev = sorted[e++];
        const c = chans[ev];
        if (c === CHANNEL_EXCITATORY) yE += amts[ev];
        else if (c === CHANNEL_INHIBITORY) yI += amts[ev];
        else x = amts[ev];
      }
      if (t >= t1) break;
      const next = e < end ? Math.min(t0 + offs[sorted[e]], t1) : t1;
      if (refEnd > t) {
        // Hold: V clamped at V_reset; w relaxes towards a (V_reset - E_L) and the inputs decay, in closed form.
        const until = Math.min(refEnd, next);
        const d = until - t;
        const wInf = kc[K_A] * (kc[K_VRESET] - kc[K_EL]);
        yV = kc[K_VRESET];
        yW = wInf + (yW - wInf) * Math.exp(-d * kc[K_ITW]);
        yE *= Math.exp(-d * kc[K_ITE]);
        yI *= Math.exp(-d * kc[K_ITI]);
        t = until;
        continue;
      }
      // Smooth integration from t to `next`, stopping at a spike.
      // dV/dt of the AdEx (exponential at min(V, V_spike)), written out: a call V8 does not inline boxes its numbers.
      const ex = kc[K_DELTA_T] > 0 ? kc[K_GLDT] * Math.exp(((yV < kc[K_VSP] ? yV : kc[K_VSP]) - kc[K_VT]) * kc[K_IDT]) : 0;
      const iSyn = kc[K_CUBA] === 1 ? yE - yI : yE * (kc[K_EREVE] - yV) + yI * (kc[K_EREVI] - yV);
      let fV = (-kc[K_GL] * (yV - kc[K_EL]) + ex - yW + iSyn + x + kc[K_IOFF]) * kc[K_IC];
      let fW = (kc[K_A] * (yV - kc[K_EL]) - yW) * kc[K_ITW], fE = -yE * kc[K_ITE], fI = -yI * kc[K_ITI];
      // The first step no longer than RK_FIRST_TRAVEL of u = (V − V_T)/Δ_T at the present speed: the hint a neuron
      // carries may be from long ago (a hold's end, or before the band's sub-steps), and on the upswing such a step
      // was rejected.
      const speed = Math.abs(fV) * kc[K_IDT];
      if (speed * hint > RK_FIRST_TRAVEL) hint = RK_FIRST_TRAVEL / speed;
      let spiked = false;
      let rejected = false;
      while (t < next) {
        if (!rejected && yV >= kc[K_VTAIL] && yV < kc[K_VSP]) {
          // The rest of the upswing as a quadrature, when the spike comes before the next event or the step's end
          // (not again after a rejected RK step: the state, and so the answer, is the same).
          OUT[0] = yV; OUT[1] = yW; OUT[2] = yE; OUT[3] = yI; IN[8] = next - t; IN[9] = x;
          upswingTail(k);
          if (TAIL[0] <= next - t) {
            const ts = t + TAIL[0];
            const n = spikes.reserve();
            spikes.neuron[n] = i; spikes.time[n] = ts;
            yV = kc[K_VRESET];
            yW = TAIL[1] + kc[K_B];
            yE = TAIL[2];
            yI = TAIL[3];
            refEnd = ts + kc[K_TREF];
            t = ts;
            // The hold's end starts from V_reset on smooth dynamics, where a whole step meets the tolerance: the
            // upswing's short steps would cost the first free stretch two RK steps instead of one.
            hint = wholeStep;
            spiked = true;
            break;
          }
        }
        const remaining = next - t;
        const dt = Math.min(hint, remaining);
        IN[0] = yV; IN[1] = yW; IN[2] = yE; IN[3] = yI; IN[4] = fV; IN[5] = fW; IN[6] = fE; IN[7] = fI;
        IN[8] = dt; IN[9] = x; IN[10] = atol; IN[11] = rtol; IN[12] = ttol;
        dp5(k);
        const err = OUT[8];
        if (!(err <= 1)) {
          const factor = Number.isNaN(err) ? 0.1 : Math.max(0.1, 0.9 / Math.sqrt(Math.sqrt(err)));
          hint = dt * factor;
          rejected = true;
          if (hint < MIN_RK_STEP_MS) {
            STOP[0] = t; STOP[1] = yV; STOP[2] = yW; STOP[3] = x; STOP[4] = refEnd; STOP[5] = hint;
            return this.stopRunaway(i);
          }
          continue;
        }
        this.rkSteps++;
        const nV = OUT[0], nW = OUT[1];
        // A step may overshoot V_spike by far on the upswing; that is a spike, located below. Anything else
        // beyond the physical range (or NaN/∞) is a runaway.
        if (!Number.isFinite(nV) || !Number.isFinite(nW) || (nV < kc[K_VSP] && !(Math.abs(nV) < LIMIT_MV))) {
          STOP[0] = t + dt; STOP[1] = nV; STOP[2] = nW; STOP[3] = x; STOP[4] = refEnd; STOP[5] = hint;
          return this.stopRunaway(i);
        }
        // Growth 0.9 err^-1/4 (two square roots), as for a rejection: err^-1/5 cost an exp and a log per step,
        // half the time of this loop outside the RK stages (V8's Math.pow cost more than the RK step itself), and
        // the exponent only sets how boldly the step grows.
        // No growth right after a rejection (as in Hairer's DOPRI5): on the accelerating upswing the estimate
        // runs behind, and growing again at once cost one rejected step in three.
        const growMax = rejected ? 1 : 5;
        const grow = err === 0 ? growMax : Math.min(growMax, 0.9 / Math.sqrt(Math.sqrt(err)));
        rejected = false;
        if (dt < remaining || grow < 1) hint = dt * grow;
        if (nV >= kc[K_VSP]) {
          TIME[0] = t;
          this.locateSpike(k);
          const ts = TIME[0];
          const n = spikes.reserve();
          spikes.neuron[n] = i; spikes.time[n] = ts;
          yV = kc[K_VRESET];
          yW = this.sW + kc[K_B];
          yE = this.sE;
          yI = this.sI;
          refEnd = ts + kc[K_TREF];
          t = ts;
          hint = wholeStep; // (as after the quadrature's spike)
          spiked = true;
          break;
        }
        t += dt;
        yV = nV; yW = nW; yE = OUT[2]; yI = OUT[3];
        fV = OUT[4]; fW = OUT[5]; fE = OUT[6]; fI = OUT[7];
      }
      if (!spiked) t = next;
    }
    this.v[i] = yV; this.w[i] = yW; this.synE[i] = yE; this.synI[i] = yI;
    this.stim[i] = x;
    this.refractoryEnd[i] = refEnd;
    this.rkHint[i] = Math.min(hint, this.step);
    this.refreshExpCurrent(i);
    return null;
  }

  /**
   * The accepted DP5 step [t, t + dt] (t in TIME[0]; start state y, its derivative f, dt and the stimulus x still
   * in IN, end state in OUT) crosses V_spike. Finds the crossing time by a cubic Hermite root on V, re-integrating
   * from the left end of the bracket to the estimate to shrink it. Leaves the spike time in TIME[0] and the state
   * at the spike in sV..sI (numbers pass through arrays and fields: V8 would box them as arguments).
   */
  private locateSpike(k: Kernel): void {
    const atol = this.atol, rtol = this.rtol, ttol = this.timeTolerance;
    const t = TIME[0], dt = IN[8], x = IN[9];
    // Left end a (state and derivative), right end b (V and dV/dt only).
    let ta = t, aV = IN[0], aW = IN[1], aE = IN[2], aI = IN[3], faV = IN[4], faW = IN[5], faE = IN[6], faI = IN[7];
    let tb = t + dt, bV = OUT[0], fbV = OUT[4];
    let ts = tb;
    this.sV = OUT[0]; this.sW = OUT[1]; this.sE = OUT[2]; this.sI = OUT[3];
    for (let iter = 0; iter < 30; iter++) {
      const width = tb - ta;
      const theta = hermiteRoot(aV, faV * width, bV, fbV * width, k.vSpike);
      ts = ta + theta * width;
      IN[0] = aV; IN[1] = aW; IN[2] = aE; IN[3] = aI; IN[4] = faV; IN[5] = faW; IN[6] = faE; IN[7] = faI;
      IN[8] = ts - ta; IN[9] = x; IN[10] = atol; IN[11] = rtol; IN[12] = ttol;
      dp5(k);
      this.sV = OUT[0]; this.sW = OUT[1]; this.sE = OUT[2]; this.sI = OUT[3];
      const dv = OUT[0] - k.vSpike;
      // Converged when V is within 1e-9 mV of V_spike or, on a steep upswing, within SPIKE_TIME_TOLERANCE_MS
      // of travel of it (there dV/dt reaches ~1e9 mV/ms, and no finer time means anything).
      if (Math.abs(dv) <= 1e-9 * Math.max(1, Math.abs(k.vSpike)) || Math.abs(dv) <= SPIKE_TIME_TOLERANCE_MS * Math.abs(OUT[4]) || width < 1e-12) break;
      if (dv < 0) {
        ta = ts;
        aV = OUT[0]; aW = OUT[1]; aE = OUT[2]; aI = OUT[3];
        faV = OUT[4]; faW = OUT[5]; faE = OUT[6]; faI = OUT[7];
      } else {
        tb = ts;
        bV = OUT[0]; fbV = OUT[4];
      }
    }
    TIME[0] = ts;
  }

  /**
   * Ends the adaptive path of neuron i in a runaway: the time, V, w, stimulus, hold end and step hint are in STOP (as
   * arguments they would be boxed, and once a run had taken this path, V8 boxed them on every RK step).
   */
  private stopRunaway(i: number): RunawayError {
    const t = STOP[0], v = STOP[1], w = STOP[2], x = STOP[3], refEnd = STOP[4], hint = STOP[5];
    this.stim[i] = x;
    this.refractoryEnd[i] = refEnd;
    this.rkHint[i] = Math.max(hint, MIN_RK_STEP_MS);
    return runawayError(i, t, v, w);
  }

  /** Propagator, kick tables and forcing coefficients of parameter set `index`, for h and for the band's sub-step. */
  private buildPropagator(index: number, p: NeuronParameters, margin: number): void {
    const c = index * COEF_STRIDE;
    this.buildStepCoefficients(c, p, margin, this.step, PROPAGATOR_TOLERANCE_MV);
    this.buildStepCoefficients(c + COEF_BLOCK, p, margin, this.step / BAND_SUBSTEPS, PROPAGATOR_TOLERANCE_MV / BAND_SUBSTEPS);
    if (p.synapse.kind !== 'current') return;
    const a = p.adex, s = p.synapse;
    const g = linearGenerator(a.c_m, a.g_l, a.e_l, a.a, a.tau_w, a.i_offset, s.tau_syn_E, s.tau_syn_I);
    const seg = this.segments;
    const kt = buildKickTables(g, this.step, seg);
    const o = index * (seg + 1);
    this.kickVE.set(kt.vE, o); this.kickWE.set(kt.wE, o); this.kickSE.set(kt.sE, o);
    this.kickVI.set(kt.vI, o); this.kickWI.set(kt.wI, o); this.kickSI.set(kt.sI, o);
  }

  /** The coefficient block at `c` (C_* offsets) for a propagator step of length h with forcing tolerance `tol` (mV). */
  private buildStepCoefficients(c: number, p: NeuronParameters, margin: number, h: number, tol: number): void {
    const a = p.adex, s = p.synapse;
    const co = this.coefficients;
    const cuba = s.kind === 'current';
    co[c + C_FAST] = cuba ? 1 : 0;
    co[c + C_VLIN] = a.delta_t > 0 ? Math.min(a.v_t - margin * a.delta_t, a.v_spike) : a.v_spike;
    co[c + C_GLDT] = a.g_l * a.delta_t;
    co[c + C_VT] = a.v_t;
    co[c + C_INVDT] = a.delta_t > 0 ? 1 / a.delta_t : 0;
    co[c + C_EE] = Math.exp(-h / s.tau_syn_E);
    co[c + C_EI] = Math.exp(-h / s.tau_syn_I);
    co[c + C_GL] = a.g_l; co[c + C_EL] = a.e_l; co[c + C_INVC] = 1 / a.c_m; co[c + C_IOFF] = a.i_offset;
    co[c + C_EW] = Math.exp(-h / a.tau_w);
    co[c + C_WINF] = a.a * (a.v_reset - a.e_l);
    // The predictor must stay inside the exponential's table (below its top, values are interpolated, not clamped).
    co[c + C_VTOP] = a.delta_t > 0 ? a.v_t + (EXP_TABLE_MAX - 1) * a.delta_t : Infinity;
    co[c + C_NEWTON_MAX] = NEWTON_MAX_STEP;
    // The error-controlled band above V_lin exists for margins ≤ 0 only: a positive margin asks for the adaptive
    // path well below threshold (e.g. to check one path against the other).
    const vLin = co[c + C_VLIN];
    co[c + C_VCEIL] = a.delta_t > 0 && margin <= 0 ? Math.max(vLin, Math.min(a.v_t + CEILING_SLOPE_FACTORS * a.delta_t, a.v_spike)) : vLin;
    co[c + C_TOL] = tol;
    // Below the table's range F is 0 there; a carried F is only trusted above it (LIF: never, F = 0).
    co[c + C_FFLOOR] = a.delta_t > 0 ? a.g_l * a.delta_t * Math.exp(EXP_TABLE_MIN + 1) : Infinity;
    co[c + C_INVDTC] = co[c + C_INVDT] / a.c_m;
    if (!cuba) return;
    const g = linearGenerator(a.c_m, a.g_l, a.e_l, a.a, a.tau_w, a.i_offset, s.tau_syn_E, s.tau_syn_I);
    const n = LINEAR_DIMENSION;
    const prop = matrixExponential(g.map((x) => x * h), n);
    // Columns: 0 V, 1 w, 2 I_E, 3 I_I, 4 X, 5 S = X', 6 Q = X'', 7 R = X''', 8 constant.
    const rows: Array<[number, number[]]> = [[0, [C_PVV, C_PVW, C_PVE, C_PVI, C_PVX, C_PV1, C_VF0, C_VD0, C_VF1, C_VD1]],
      [1, [C_PWV, C_PWW, C_PWE, C_PWI, C_PWX, C_PW1, C_WF0, C_WD0, C_WF1, C_WD1]]];
    for (const [r, [cv, cw, ce, ci, cx, c1, f0, d0, f1, d1]] of rows) {
      const P = (col: number) => prop[r * n + col];
      // The stimulus is constant over a propagator step and enters through X with the forcing: its column is X's.
      co[c + cv] = P(0); co[c + cw] = P(1); co[c + ce] = P(2); co[c + ci] = P(3); co[c + cx] = P(4); co[c + c1] = P(8);
      // Cubic Hermite forcing X(s) = f0 + d0 s + c2 s² + c3 s³ with c2 = 3(f1 - f0)/h² - (2 d0 + d1)/h and
      // c3 = 2(f0 - f1)/h³ + (d0 + d1)/h²; the chain state Q = 2 c2, R = 6 c3.
      const q = 2 * P(6), r3 = 6 * P(7);
      co[c + f0] = P(4) - (3 * q) / (h * h) + (2 * r3) / (h * h * h);
      co[c + d0] = P(5) - (2 * q) / h + r3 / (h * h);
      co[c + f1] = (3 * q) / (h * h) - (2 * r3) / (h * h * h);
      co[c + d1] = -q / h + r3 / (h * h);
    }
    co[c + C_VF01] = co[c + C_VF0] + co[c + C_VF1];
    co[c + C_VDP] = co[c + C_VD0] + h * co[c + C_VF1] + co[c + C_VD1];
  }
}


/**
 * One Dormand–Prince step: from IN = (V, W, E, I, their derivatives, dt, stimulus, atol, rtol, ttol) into
 * OUT = (end state, its derivative, scaled error norm; ≤ 1: accept). The numbers travel through typed arrays
 * because V8 boxes every floating-point argument and return value of a call it does not inline. The right-hand side is written
 * out at each stage (no calls in here, so that nothing is boxed).
 */
function dp5(k: Kernel): void {
  // exp is read from EXP_TABLE (written out at each stage: a call here would not be inlined and would box its
  // number) below EXP_TABLE_MAX and computed above; g_L Δ_T = 0 (LIF) makes the term vanish either way.
  const V = IN[0], W = IN[1], E = IN[2], I = IN[3], fV = IN[4], fW = IN[5], fE = IN[6], fI = IN[7];
  const dt = IN[8], x = IN[9], atol = IN[10], rtol = IN[11], ttol = IN[12];
  const kc = k.kc;
  const a = kc[K_A], el = kc[K_EL], iw = kc[K_ITW], ie = kc[K_ITE], ii = kc[K_ITI];
  const vSp = kc[K_VSP], vt = kc[K_VT], invDt = kc[K_IDT], gldt = kc[K_GLDT], gl = kc[K_GL], invC = kc[K_IC], drive = x + kc[K_IOFF];
  const cuba = kc[K_CUBA] === 1, eRevE = kc[K_EREVE], eRevI = kc[K_EREVI];
  let v = V + dt * A21 * fV, w = W + dt * A21 * fW, e = E + dt * A21 * fE, i = I + dt * A21 * fI;
  const u2 = ((v < vSp ? v : vSp) - vt) * invDt;
  let x2 = 0;
  if (u2 >= EXP_TABLE_MAX) x2 = Math.exp(u2);
  else if (u2 > EXP_TABLE_MIN) { const y = (u2 - EXP_TABLE_MIN) * EXP_TABLE_RES, j = y | 0, lo = EXP_TABLE[j]; x2 = lo + (y - j) * (EXP_TABLE[j + 1] - lo); }
  const k2V = (-gl * (v - el) + gldt * x2 - w + (cuba ? e - i : e * (eRevE - v) + i * (eRevI - v)) + drive) * invC;
  const k2W = (a * (v - el) - w) * iw, k2E = -e * ie, k2I = -i * ii;
  v = V + dt * (A31 * fV + A32 * k2V); w = W + dt * (A31 * fW + A32 * k2W);
  e = E + dt * (A31 * fE + A32 * k2E); i = I + dt * (A31 * fI + A32 * k2I);
  const u3 = ((v < vSp ? v : vSp) - vt) * invDt;
  let x3 = 0;
  if (u3 >= EXP_TABLE_MAX) x3 = Math.exp(u3);
  else if (u3 > EXP_TABLE_MIN) { const y = (u3 - EXP_TABLE_MIN) * EXP_TABLE_RES, j = y | 0, lo = EXP_TABLE[j]; x3 = lo + (y - j) * (EXP_TABLE[j + 1] - lo); }
  const k3V = (-gl * (v - el) + gldt * x3 - w + (cuba ? e - i : e * (eRevE - v) + i * (eRevI - v)) + drive) * invC;
  const k3W = (a * (v - el) - w) * iw, k3E = -e * ie, k3I = -i * ii;
  v = V + dt * (A41 * fV + A42 * k2V + A43 * k3V); w = W + dt * (A41 * fW + A42 * k2W + A43 * k3W);
  e = E + dt * (A41 * fE + A42 * k2E + A43 * k3E); i = I + dt * (A41 * fI + A42 * k2I + A43 * k3I);
  const u4 = ((v < vSp ? v : vSp) - vt) * invDt;
  let x4 = 0;
  if (u4 >= EXP_TABLE_MAX) x4 = Math.exp(u4);
  else if (u4 > EXP_TABLE_MIN) { const y = (u4 - EXP_TABLE_MIN) * EXP_TABLE_RES, j = y | 0, lo = EXP_TABLE[j]; x4 = lo + (y - j) * (EXP_TABLE[j + 1] - lo); }
  const k4V = (-gl * (v - el) + gldt * x4 - w + (cuba ? e - i : e * (eRevE - v) + i * (eRevI - v)) + drive) * invC;
  const k4W = (a * (v - el) - w) * iw, k4E = -e * ie, k4I = -i * ii;
  v = V + dt * (A51 * fV + A52 * k2V + A53 * k3V + A54 * k4V); w = W + dt * (A51 * fW + A52 * k2W + A53 * k3W + A54 * k4W);
  e = E + dt * (A51 * fE + A52 * k2E + A53 * k3E + A54 * k4E); i = I + dt * (A51 * fI + A52 * k2I + A53 * k3I + A54 * k4I);
  const u5 = ((v < vSp ? v : vSp) - vt) * invDt;
  let x5 = 0;
  if (u5 >= EXP_TABLE_MAX) x5 = Math.exp(u5);
  else if (u5 > EXP_TABLE_MIN) { const y = (u5 - EXP_TABLE_MIN) * EXP_TABLE_RES, j = y | 0, lo = EXP_TABLE[j]; x5 = lo + (y - j) * (EXP_TABLE[j + 1] - lo); }
  const k5V = (-gl * (v - el) + gldt * x5 - w + (cuba ? e - i : e * (eRevE - v) + i * (eRevI - v)) + drive) * invC;
  const k5W = (a * (v - el) - w) * iw, k5E = -e * ie, k5I = -i * ii;
  v = V + dt * (A61 * fV + A62 * k2V + A63 * k3V + A64 * k4V + A65 * k5V);
  w = W + dt * (A61 * fW + A62 * k2W + A63 * k3W + A64 * k4W + A65 * k5W);
  e = E + dt * (A61 * fE + A62 * k2E + A63 * k3E + A64 * k4E + A65 * k5E);
  i = I + dt * (A61 * fI + A62 * k2I + A63 * k3I + A64 * k4I + A65 * k5I);
  const u6 = ((v < vSp ? v : vSp) - vt) * invDt;
  let x6 = 0;
  if (u6 >= EXP_TABLE_MAX) x6 = Math.exp(u6);
  else if (u6 > EXP_TABLE_MIN) { const y = (u6 - EXP_TABLE_MIN) * EXP_TABLE_RES, j = y | 0, lo = EXP_TABLE[j]; x6 = lo + (y - j) * (EXP_TABLE[j + 1] - lo); }
  const k6V = (-gl * (v - el) + gldt * x6 - w + (cuba ? e - i : e * (eRevE - v) + i * (eRevI - v)) + drive) * invC;
  const k6W = (a * (v - el) - w) * iw, k6E = -e * ie, k6I = -i * ii;
  const nV = V + dt * (B1 * fV + B3 * k3V + B4 * k4V + B5 * k5V + B6 * k6V);
  const nW = W + dt * (B1 * fW + B3 * k3W + B4 * k4W + B5 * k5W + B6 * k6W);
  const nE = E + dt * (B1 * fE + B3 * k3E + B4 * k4E + B5 * k5E + B6 * k6E);
  const nI = I + dt * (B1 * fI + B3 * k3I + B4 * k4I + B5 * k5I + B6 * k6I);
  const u7 = ((nV < vSp ? nV : vSp) - vt) * invDt;
  let x7 = 0;
  if (u7 >= EXP_TABLE_MAX) x7 = Math.exp(u7);
  else if (u7 > EXP_TABLE_MIN) { const y = (u7 - EXP_TABLE_MIN) * EXP_TABLE_RES, j = y | 0, lo = EXP_TABLE[j]; x7 = lo + (y - j) * (EXP_TABLE[j + 1] - lo); }
  const k7V = (-gl * (nV - el) + gldt * x7 - nW + (cuba ? nE - nI : nE * (eRevE - nV) + nI * (eRevI - nV)) + drive) * invC;
  const k7W = (a * (nV - el) - nW) * iw, k7E = -nE * ie, k7I = -nI * ii;
  OUT[0] = nV; OUT[1] = nW; OUT[2] = nE; OUT[3] = nI; OUT[4] = k7V; OUT[5] = k7W; OUT[6] = k7E; OUT[7] = k7I;
  // On the spike upswing dV/dt is huge; what matters there is the time V reaches V_spike, so an error in V
  // worth less than `ttol` of travel is accepted.
  const errV = Math.abs(dt * (E1 * fV + E3 * k3V + E4 * k4V + E5 * k5V + E6 * k6V + E7 * k7V))
    / (atol + rtol * Math.max(Math.abs(V), Math.abs(nV)) + ttol * Math.min(Math.abs(fV), Math.abs(k7V)));
  const errW = Math.abs(dt * (E1 * fW + E3 * k3W + E4 * k4W + E5 * k5W + E6 * k6W + E7 * k7W)) / (atol + rtol * Math.max(Math.abs(W), Math.abs(nW)));
  const errE = Math.abs(dt * (E1 * fE + E3 * k3E + E4 * k4E + E5 * k5E + E6 * k6E + E7 * k7E)) / (atol + rtol * Math.max(Math.abs(E), Math.abs(nE)));
  const errI = Math.abs(dt * (E1 * fI + E3 * k3I + E4 * k4I + E5 * k5I + E6 * k6I + E7 * k7I)) / (atol + rtol * Math.max(Math.abs(I), Math.abs(nI)));
  OUT[8] = Math.max(errV, errW, errE, errI); // NaN if any is NaN: rejected by the caller
}

/**
 * The rest of the upswing from the state in OUT (V ≥ V_T + TAIL_SLOPE_FACTORS Δ_T, w, I_E, I_I; stimulus IN[9]) to
 * V_spike, if it takes at most IN[8] ms: its duration into TAIL[0] (Infinity when longer, or when F does not
 * dominate), w, I_E and I_I at the spike into TAIL[1..3].
 *
 * In z = e^-u, u = (V - V_T)/Δ_T, the AdEx equation reads dt = τ_m dz / (1 + z J / (g_L Δ_T)) exactly (J: the
 * currents other than F), so T = τ_m ∫ from z_spike to z0 of dz / (1 + z J / (g_L Δ_T)): a smooth integrand, close
 * to 1, whatever V's runaway does. J is evaluated at the Gauss–Legendre nodes with V from z, the inputs decayed to
 * the node's time and w moved on linearly; the node's time is the exact one for constant J,
 * (τ_m / γ) ln((1 + γ z0) / (1 + γ z)) with γ = J0 / (g_L Δ_T) (its error, from the leak's and the inputs' change,
 * moves T by ~1e-7 ms at u0 = 5 and less above). w at the spike is the same quadrature of dw/dt dt/dz.
 */
function upswingTail(k: Kernel): void {
  const kc = k.kc;
  const v0 = OUT[0], w0 = OUT[1], e0 = OUT[2], i0 = OUT[3], drive = IN[9] + kc[K_IOFF], available = IN[8];
  const vt = kc[K_VT], dT = kc[K_DELTA_T], gldt = kc[K_GLDT], gl = kc[K_GL], el = kc[K_EL], tauM = kc[K_TAUM];
  const a = kc[K_A], itw = kc[K_ITW], ite = kc[K_ITE], iti = kc[K_ITI], eRevE = kc[K_EREVE], eRevI = kc[K_EREVI];
  const cuba = kc[K_CUBA] === 1;
  const z0 = Math.exp(-(v0 - vt) * kc[K_IDT]), zs = kc[K_ZSP];
  const j0 = -gl * (v0 - el) - w0 + (cuba ? e0 - i0 : e0 * (eRevE - v0) + i0 * (eRevI - v0)) + drive;
  const gamma = j0 / gldt;
  TAIL[0] = Infinity;
  if (!(1 + gamma * z0 >= TAIL_MIN_DOMINANCE)) return;
  // The constant-J duration, a cheap first look: the spike must come within the available time.
  if (!(tauM * (z0 - zs) / (1 + gamma * z0) <= available)) return;
  const dw0 = (a * (v0 - el) - w0) * itw;
  const half = 0.5 * (z0 - zs), mid = 0.5 * (z0 + zs);
  const nodes = TAIL_RULE.nodes, weights = TAIL_RULE.weights;
  // dw = ∫ (a (V - E_L) - w) dt/dz dz / τ_w with a (V - E_L) = a (V_T - E_L) - a Δ_T ln z: the ln z part is
  // integrated as τ_m ∫ ln z dz in closed form plus ln z (dt/dz - τ_m) by the nodes (ln z alone, singular at 0,
  // would cost the nodes 5e-5 pA of w per spike).
  let T = 0, smooth = 0, logPart = 0;
  for (let n = 0; n < TAIL_NODES; n++) {
    const z = mid + half * nodes[n];
    const q = (gamma * (z0 - z)) / (1 + gamma * z);
    const t = q > -1e-9 && q < 1e-9 ? tauM * (z0 - z) : (tauM * Math.log1p(q)) / gamma;
    const lnz = Math.log(z);
    const v = vt - dT * lnz;
    const e = e0 * Math.exp(-t * ite), i = i0 * Math.exp(-t * iti), w = w0 + t * dw0;
    const j = -gl * (v - el) - w + (cuba ? e - i : e * (eRevE - v) + i * (eRevI - v)) + drive;
    const dtdz = tauM / (1 + (z * j) / gldt), weight = weights[n] * half;
    T += weight * dtdz;
    smooth += weight * dtdz * (a * (vt - el) - w);
    logPart += weight * lnz * (dtdz - tauM);
  }
  if (!(T <= available)) return;
  const lnIntegral = (z0 * Math.log(z0) - z0) - kc[K_ZSP_LOG];
  TAIL[0] = T;
  TAIL[1] = w0 + (smooth - a * dT * (tauM * lnIntegral + logPart)) * itw;
  TAIL[2] = e0 * Math.exp(-T * ite);
  TAIL[3] = i0 * Math.exp(-T * iti);
}
