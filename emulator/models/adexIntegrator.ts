/**
 * Time stepping of a group of AdEx neurons (equations in `adex.ts`, synaptic input in `synapticInput.ts`).
 *
 * The group advances on a fixed base step h (0.1 ms biological by default: the period at which spikes are
 * exchanged between neurons). Within a step each neuron takes one of two paths:
 *
 * 1. Exact propagator (current-based input, not refractory, V below V_lin = min(V_T - k Δ_T, V_spike) at the
 *    start and at the end of the step). The subthreshold system (V, w, I_E, I_I) is linear apart from the
 *    exponential term, so it is advanced with exp(A h), computed once per parameter set
 *    (Rotter & Diesmann 1999, Biol. Cybern. 81:381, "exact integration"). Events act at their true arrival
 *    time through tabulated kick responses. The exponential term, at most e^-k of g_L Δ_T there, enters as a
 *    current held over the step with a trapezoidal (predictor–corrector) average; it is read from a table.
 * 2. Adaptive Runge–Kutta (Dormand & Prince 1980, RK5(4)7M, error-controlled per neuron, FSAL) everywhere
 *    else: near threshold, for conductance-based input, during steps with refractory ends or stimulus changes.
 *    The step is split at every event, which acts at its exact time. A threshold crossing is located inside the
 *    accepted RK step (cubic Hermite root, refined by re-integration), and reset, w ← w + b and the refractory
 *    hold are applied at that exact time, not on the grid. During the hold (V clamped at V_reset) w and the
 *    synaptic inputs are advanced in closed form.
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
  type KickTables, LINEAR_DIMENSION, type SynapticInputParameters, buildKickTables, linearGenerator,
  validateSynapticInputParameters,
} from './synapticInput';
import { matrixExponential } from '../numerics/matrixExponential';

export interface NeuronParameters {
  adex: AdExParameters;
  synapse: SynapticInputParameters;
}

export interface IntegratorOptions {
  /** Base step h in ms (biological). */
  step_ms?: number;
  /** V_lin = V_T - linearMargin × Δ_T (default 0): above it the adaptive path is used. */
  linearMargin?: number;
  /** Absolute tolerance of the adaptive path (mV for V, pA or nS for the others). */
  absoluteTolerance?: number;
  /** Relative tolerance of the adaptive path. */
  relativeTolerance?: number;
  /** Time-equivalent tolerance on V (ms): an error in V worth less travel than this is accepted. */
  timeTolerance_ms?: number;
  /** Segments of the kick tables over one step. */
  kickSegments?: number;
}

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
    const t = new Int32Array(n); t.set(this.target); this.target = t;
    const o = new Float64Array(n); o.set(this.offset); this.offset = o;
    const c = new Uint8Array(n); c.set(this.channel); this.channel = c;
    const a = new Float64Array(n); a.set(this.amount); this.amount = a;
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
    if (this.count === this.neuron.length) {
      const n = new Int32Array(this.count * 2); n.set(this.neuron); this.neuron = n;
      const t = new Float64Array(this.count * 2); t.set(this.time); this.time = t;
    }
    this.neuron[this.count] = neuron;
    this.time[this.count++] = time;
  }
}

/** Constants derived once from one parameter set; never recomputed in the stepping loop. */
interface Kernel {
  cuba: boolean;
  c: number; gl: number; el: number; vt: number; dt: number; a: number; b: number; tauW: number;
  vReset: number; vSpike: number; tRef: number; iOff: number;
  tauE: number; tauI: number; eRevE: number; eRevI: number;
  gldt: number; invDt: number;
  vLin: number;
  // Exact propagator over h, rows V and w over (V, w, I_E, I_I, I_ext, S, 1), and the input decay factors.
  pVV: number; pVw: number; pVE: number; pVI: number; pVX: number; pVS: number; pV1: number;
  pwV: number; pww: number; pwE: number; pwI: number; pwX: number; pwS: number; pw1: number;
  eE: number; eI: number;
  kicks: KickTables | null;
}

// Table of exp(u) for u in [EXP_TABLE_MIN, EXP_TABLE_MAX], linear interpolation: relative error ≤ (1/128)²/8
// ≈ 8e-6. Used only on the propagator path, where u < -k; values beyond the top are clamped (such a step is
// rejected by the V_lin test anyway).
const EXP_TABLE_MIN = -40;
const EXP_TABLE_MAX = 4;
const EXP_TABLE_RES = 128;
const EXP_TABLE = (() => {
  const n = (EXP_TABLE_MAX - EXP_TABLE_MIN) * EXP_TABLE_RES + 2;
  const t = new Float64Array(n);
  for (let j = 0; j < n; j++) t[j] = Math.exp(EXP_TABLE_MIN + j / EXP_TABLE_RES);
  return t;
})();

function tableExp(u: number): number {
  if (u <= EXP_TABLE_MIN) return 0;
  if (u >= EXP_TABLE_MAX) u = EXP_TABLE_MAX;
  const x = (u - EXP_TABLE_MIN) * EXP_TABLE_RES;
  const j = x | 0;
  const f = x - j;
  return EXP_TABLE[j] + f * (EXP_TABLE[j + 1] - EXP_TABLE[j]);
}

// Dormand–Prince RK5(4)7M coefficients (Dormand & Prince 1980, J. Comput. Appl. Math. 6:19).
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

const MIN_RK_STEP_MS = 1e-12;

// Layout of the per-parameter-set coefficient block read by the propagator path (one Float64Array, so that the
// hot loop reads numbers at fixed offsets instead of object properties).
const C_FAST = 0, C_VLIN = 1, C_GLDT = 2, C_VT = 3, C_INVDT = 4, C_EE = 5, C_EI = 6;
const C_PVV = 7, C_PVW = 8, C_PVE = 9, C_PVI = 10, C_PVX = 11, C_PVS = 12, C_PV1 = 13;
const C_PWV = 14, C_PWW = 15, C_PWE = 16, C_PWI = 17, C_PWX = 18, C_PWS = 19, C_PW1 = 20;
const COEF_STRIDE = 21;

function packCoefficients(kernels: readonly Kernel[]): Float64Array {
  const out = new Float64Array(kernels.length * COEF_STRIDE);
  kernels.forEach((k, j) => {
    out.set([
      k.kicks === null ? 0 : 1, k.vLin, k.gldt, k.vt, k.invDt, k.eE, k.eI,
      k.pVV, k.pVw, k.pVE, k.pVI, k.pVX, k.pVS, k.pV1,
      k.pwV, k.pww, k.pwE, k.pwI, k.pwX, k.pwS, k.pw1,
    ], j * COEF_STRIDE);
  });
  return out;
}

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
  /** How many neuron-steps took the propagator path and how many the adaptive path. */
  fastSteps = 0;
  exactSteps = 0;

  private readonly kernels: Kernel[];
  private readonly kernelOf: Uint16Array;
  private readonly coefficients: Float64Array;
  private readonly expCurrent: Float64Array;
  private readonly rkHint: Float64Array;
  private readonly accV: Float64Array;
  private readonly accW: Float64Array;
  private readonly accE: Float64Array;
  private readonly accI: Float64Array;
  private readonly needsExact: Uint8Array;
  private readonly bucketStart: Int32Array;
  private sortedIndex = new Int32Array(1024);
  private readonly atol: number;
  private readonly rtol: number;
  private readonly timeTolerance: number;
  // Scratch for the adaptive path.
  private readonly y = new Float64Array(4);
  private readonly y1 = new Float64Array(4);
  private readonly yt = new Float64Array(4);
  private readonly ys = new Float64Array(4);
  private readonly k1 = new Float64Array(4);
  private readonly k2 = new Float64Array(4);
  private readonly k3 = new Float64Array(4);
  private readonly k4 = new Float64Array(4);
  private readonly k5 = new Float64Array(4);
  private readonly k6 = new Float64Array(4);
  private readonly k7 = new Float64Array(4);
  private readonly ks = new Float64Array(4);
  private readonly fa = new Float64Array(4);
  private readonly fb = new Float64Array(4);
  private readonly ya = new Float64Array(4);
  private readonly yb = new Float64Array(4);

  /**
   * `parameterSets`: the distinct parameter sets; `setOfNeuron[i]`: which one neuron i uses.
   * Throws a RangeError listing every problem when a parameter set is invalid (nothing is built then).
   */
  constructor(parameterSets: readonly NeuronParameters[], setOfNeuron: ArrayLike<number>, options: IntegratorOptions = {}) {
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
    if (problems.length > 0) throw new RangeError(problems.map((p) => `${p.parameter}: ${p.message}`).join('\n'));
    this.step = options.step_ms ?? 0.1;
    if (!(this.step > 0)) throw new RangeError(`step_ms must be > 0, got ${this.step}`);
    const margin = options.linearMargin ?? 0;
    const segments = options.kickSegments ?? 64;
    this.atol = options.absoluteTolerance ?? 1e-7;
    this.rtol = options.relativeTolerance ?? 1e-9;
    this.timeTolerance = options.timeTolerance_ms ?? 1e-7;
    this.kernels = parameterSets.map((p) => buildKernel(p, this.step, margin, segments));
    this.coefficients = packCoefficients(this.kernels);
    const n = setOfNeuron.length;
    this.size = n;
    this.kernelOf = Uint16Array.from(setOfNeuron);
    this.v = new Float64Array(n);
    this.w = new Float64Array(n);
    this.synE = new Float64Array(n);
    this.synI = new Float64Array(n);
    this.stim = new Float64Array(n);
    this.refractoryEnd = new Float64Array(n).fill(-Infinity);
    this.expCurrent = new Float64Array(n);
    this.rkHint = new Float64Array(n).fill(this.step);
    this.accV = new Float64Array(n);
    this.accW = new Float64Array(n);
    this.accE = new Float64Array(n);
    this.accI = new Float64Array(n);
    this.needsExact = new Uint8Array(n);
    this.bucketStart = new Int32Array(n + 1);
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
   * Advances every neuron from t0 to t0 + step with the step's events, appending spikes to `spikes`.
   * Returns null, or the RunawayError that stopped the step.
   */
  advance(t0: number, input: StepInput, spikes: SpikeSink): RunawayError | null {
    const n = this.size;
    const h = this.step;
    const t1 = t0 + h;
    const invH = 1 / h;
    const { v, w, synE, synI, stim, refractoryEnd, expCurrent, accV, accW, accE, accI, needsExact, kernels, kernelOf } = this;
    accV.fill(0); accW.fill(0); accE.fill(0); accI.fill(0); needsExact.fill(0);

    // Events: superpose their exact responses for the propagator path; count them per target for sorting.
    const bucketStart = this.bucketStart;
    bucketStart.fill(0);
    const m = input.count;
    const tgt = input.target, off = input.offset, chan = input.channel, amt = input.amount;
    for (let e = 0; e < m; e++) {
      const i = tgt[e];
      bucketStart[i + 1]++;
      const c = chan[e];
      if (c === CHANNEL_STIMULUS) { needsExact[i] = 1; continue; }
      const kt = kernels[kernelOf[i]].kicks;
      if (kt === null) continue;
      const x = ((h - off[e]) / h) * kt.segments;
      let j = x | 0;
      if (j >= kt.segments) j = kt.segments - 1;
      const f = x - j;
      const q = amt[e];
      if (c === CHANNEL_EXCITATORY) {
        accV[i] += q * (kt.vE[j] + f * (kt.vE[j + 1] - kt.vE[j]));
        accW[i] += q * (kt.wE[j] + f * (kt.wE[j + 1] - kt.wE[j]));
        accE[i] += q * (kt.sE[j] + f * (kt.sE[j + 1] - kt.sE[j]));
      } else {
        accV[i] += q * (kt.vI[j] + f * (kt.vI[j + 1] - kt.vI[j]));
        accW[i] += q * (kt.wI[j] + f * (kt.wI[j + 1] - kt.wI[j]));
        accI[i] += q * (kt.sI[j] + f * (kt.sI[j + 1] - kt.sI[j]));
      }
    }

    let exactCount = 0;
    const coef = this.coefficients;
    for (let i = 0; i < n; i++) {
      const c = kernelOf[i] * COEF_STRIDE;
      const v0 = v[i];
      const vLin = coef[c + C_VLIN];
      if (needsExact[i] === 1 || coef[c + C_FAST] === 0 || refractoryEnd[i] > t0 || !(v0 < vLin)) {
        needsExact[i] = 1;
        exactCount++;
        continue;
      }
      const w0 = w[i], e0 = synE[i], i0 = synI[i];
      const exp0 = expCurrent[i];
      const x0 = stim[i] + exp0;
      let v1 = coef[c + C_PVV] * v0 + coef[c + C_PVW] * w0 + coef[c + C_PVE] * e0 + coef[c + C_PVI] * i0 + coef[c + C_PVX] * x0 + coef[c + C_PV1] + accV[i];
      let w1 = coef[c + C_PWV] * v0 + coef[c + C_PWW] * w0 + coef[c + C_PWE] * e0 + coef[c + C_PWI] * i0 + coef[c + C_PWX] * x0 + coef[c + C_PW1] + accW[i];
      let exp1 = 0;
      const gldt = coef[c + C_GLDT];
      if (gldt > 0) {
        // The exponential current as a ramp from its value at the start to its value at the (corrected) end.
        const vt = coef[c + C_VT], invDt = coef[c + C_INVDT], pVS = coef[c + C_PVS], pwS = coef[c + C_PWS];
        const vp = v1, wp = w1;
        let slope = (gldt * tableExp((v1 - vt) * invDt) - exp0) * invH;
        v1 = vp + pVS * slope;
        slope = (gldt * tableExp((v1 - vt) * invDt) - exp0) * invH;
        v1 = vp + pVS * slope;
        w1 = wp + pwS * slope;
        exp1 = gldt * tableExp((v1 - vt) * invDt);
      }
      if (!(v1 < vLin)) {
        needsExact[i] = 1;
        exactCount++;
        continue;
      }
      if (!(v1 > -PHYSICAL_POTENTIAL_LIMIT_MV) || !(Math.abs(w1) < Infinity)) return runawayError(i, t1, v1, w1);
      v[i] = v1;
      w[i] = w1;
      synE[i] = coef[c + C_EE] * e0 + accE[i];
      synI[i] = coef[c + C_EI] * i0 + accI[i];
      expCurrent[i] = exp1;
    }
    this.fastSteps += n - exactCount;
    this.exactSteps += exactCount;
    if (exactCount === 0) return null;

    // Adaptive path: events of each neuron that needs it, in time order.
    for (let i = 0; i < n; i++) bucketStart[i + 1] += bucketStart[i];
    if (this.sortedIndex.length < m) this.sortedIndex = new Int32Array(m * 2);
    const sorted = this.sortedIndex;
    const fill = accV; // reused as per-bucket write cursor
    for (let i = 0; i < n; i++) fill[i] = bucketStart[i];
    for (let e = 0; e < m; e++) {
      const i = tgt[e];
      if (needsExact[i] === 1) sorted[fill[i]++] = e;
    }
    for (let i = 0; i < n; i++) {
      if (needsExact[i] === 0) continue;
      const s = bucketStart[i], end = bucketStart[i + 1];
      for (let a = s + 1; a < end; a++) {
        const e = sorted[a];
        const te = off[e];
        let b = a - 1;
        while (b >= s && off[sorted[b]] > te) { sorted[b + 1] = sorted[b]; b--; }
        sorted[b + 1] = e;
      }
      const err = this.integrateExact(i, t0, t1, input, s, end, spikes);
      if (err !== null) return err;
    }
    return null;
  }

  private refreshExpCurrent(i: number): void {
    const k = this.kernels[this.kernelOf[i]];
    this.expCurrent[i] = k.dt > 0 ? k.gldt * tableExp((this.v[i] - k.vt) * k.invDt) : 0;
  }

  /** Right-hand side of the ODE for (V, w, s_E, s_I) with stimulus x. */
  private rhs(k: Kernel, y: Float64Array, x: number, out: Float64Array): void {
    const V = y[0];
    const expTerm = k.dt > 0 ? k.gldt * Math.exp((Math.min(V, k.vSpike) - k.vt) * k.invDt) : 0;
    const iSyn = k.cuba ? y[2] - y[3] : y[2] * (k.eRevE - V) + y[3] * (k.eRevI - V);
    out[0] = (-k.gl * (V - k.el) + expTerm - y[1] + iSyn + x + k.iOff) / k.c;
    out[1] = (k.a * (V - k.el) - y[1]) / k.tauW;
    out[2] = -y[2] / k.tauE;
    out[3] = -y[3] / k.tauI;
  }

  /** One Dormand–Prince step of length dt from y (derivative k1) into y1 (derivative k7); returns the error norm. */
  private dp5(k: Kernel, y: Float64Array, k1: Float64Array, dt: number, x: number, y1: Float64Array, k7: Float64Array): number {
    const { yt, k2, k3, k4, k5, k6 } = this;
    for (let j = 0; j < 4; j++) yt[j] = y[j] + dt * A21 * k1[j];
    this.rhs(k, yt, x, k2);
    for (let j = 0; j < 4; j++) yt[j] = y[j] + dt * (A31 * k1[j] + A32 * k2[j]);
    this.rhs(k, yt, x, k3);
    for (let j = 0; j < 4; j++) yt[j] = y[j] + dt * (A41 * k1[j] + A42 * k2[j] + A43 * k3[j]);
    this.rhs(k, yt, x, k4);
    for (let j = 0; j < 4; j++) yt[j] = y[j] + dt * (A51 * k1[j] + A52 * k2[j] + A53 * k3[j] + A54 * k4[j]);
    this.rhs(k, yt, x, k5);
    for (let j = 0; j < 4; j++) yt[j] = y[j] + dt * (A61 * k1[j] + A62 * k2[j] + A63 * k3[j] + A64 * k4[j] + A65 * k5[j]);
    this.rhs(k, yt, x, k6);
    for (let j = 0; j < 4; j++) y1[j] = y[j] + dt * (B1 * k1[j] + B3 * k3[j] + B4 * k4[j] + B5 * k5[j] + B6 * k6[j]);
    this.rhs(k, y1, x, k7);
    let err = 0;
    for (let j = 0; j < 4; j++) {
      const ej = dt * (E1 * k1[j] + E3 * k3[j] + E4 * k4[j] + E5 * k5[j] + E6 * k6[j] + E7 * k7[j]);
      let sc = this.atol + this.rtol * Math.max(Math.abs(y[j]), Math.abs(y1[j]));
      // On the spike upswing dV/dt is huge; what matters there is the time V reaches V_spike, so an error in V
      // worth less than `timeTolerance` of travel is accepted.
      if (j === 0) sc += this.timeTolerance * Math.min(Math.abs(k1[0]), Math.abs(k7[0]));
      const r = Math.abs(ej) / sc;
      if (!(r <= err)) err = r; // NaN propagates as NaN
    }
    return err;
  }

  private integrateExact(i: number, t0: number, t1: number, input: StepInput, s: number, end: number, spikes: SpikeSink): RunawayError | null {
    const k = this.kernels[this.kernelOf[i]];
    const { y, y1, k1, k7 } = this;
    const sorted = this.sortedIndex;
    y[0] = this.v[i]; y[1] = this.w[i]; y[2] = this.synE[i]; y[3] = this.synI[i];
    let x = this.stim[i];
    let refEnd = this.refractoryEnd[i];
    let hint = this.rkHint[i];
    let e = s;
    let t = t0;
    for (;;) {
      while (e < end && t0 + input.offset[sorted[e]] <= t) {
        const ev = sorted[e++];
        const c = input.channel[ev];
        if (c === CHANNEL_EXCITATORY) y[2] += input.amount[ev];
        else if (c === CHANNEL_INHIBITORY) y[3] += input.amount[ev];
        else x = input.amount[ev];
      }
      if (t >= t1) break;
      const next = e < end ? Math.min(t0 + input.offset[sorted[e]], t1) : t1;
      if (refEnd > t) {
        // Hold: V clamped at V_reset; w relaxes towards a (V_reset - E_L) and the inputs decay, in closed form.
        const until = Math.min(refEnd, next);
        const d = until - t;
        const wInf = k.a * (k.vReset - k.el);
        y[0] = k.vReset;
        y[1] = wInf + (y[1] - wInf) * Math.exp(-d / k.tauW);
        y[2] *= Math.exp(-d / k.tauE);
        y[3] *= Math.exp(-d / k.tauI);
        t = until;
        continue;
      }
      // Smooth integration from t to `next`, stopping at a spike.
      this.rhs(k, y, x, k1);
      let spiked = false;
      while (t < next) {
        const remaining = next - t;
        const dt = Math.min(hint, remaining);
        const err = this.dp5(k, y, k1, dt, x, y1, k7);
        if (!(err <= 1)) {
          const factor = Number.isNaN(err) ? 0.1 : Math.max(0.1, 0.9 * Math.pow(err, -0.25));
          hint = dt * factor;
          if (hint < MIN_RK_STEP_MS) return this.stopRunaway(i, t, y, x, refEnd, hint);
          continue;
        }
        this.rkSteps++;
        // A step may overshoot V_spike by far on the upswing; that is a spike, located below. Anything else
        // beyond the physical range (or NaN/∞) is a runaway.
        if (!Number.isFinite(y1[0]) || !Number.isFinite(y1[1]) || (y1[0] < k.vSpike && !(Math.abs(y1[0]) < PHYSICAL_POTENTIAL_LIMIT_MV))) {
          return this.stopRunaway(i, t + dt, y1, x, refEnd, hint);
        }
        const grow = err === 0 ? 5 : Math.min(5, 0.9 * Math.pow(err, -0.2));
        if (dt < remaining || grow < 1) hint = dt * grow;
        if (y1[0] >= k.vSpike) {
          const ts = this.locateSpike(k, t, dt, x);
          spikes.push(i, ts);
          // this.ys holds the state at the spike.
          y[0] = k.vReset;
          y[1] = this.ys[1] + k.b;
          y[2] = this.ys[2];
          y[3] = this.ys[3];
          refEnd = ts + k.tRef;
          t = ts;
          spiked = true;
          break;
        }
        t += dt;
        for (let j = 0; j < 4; j++) { y[j] = y1[j]; k1[j] = k7[j]; }
      }
      if (!spiked) t = next;
    }
    this.v[i] = y[0]; this.w[i] = y[1]; this.synE[i] = y[2]; this.synI[i] = y[3];
    this.stim[i] = x;
    this.refractoryEnd[i] = refEnd;
    this.rkHint[i] = Math.min(hint, this.step);
    this.refreshExpCurrent(i);
    return null;
  }

  /**
   * The accepted step [t, t + dt] from (y, k1) crosses V_spike (its end state is y1, derivative k7). Finds the
   * crossing time by a cubic Hermite root on V, re-integrating from y to the estimate to shrink the bracket.
   * Leaves the state at the spike in this.ys and returns the spike time.
   */
  private locateSpike(k: Kernel, t: number, dt: number, x: number): number {
    const { y, y1, k1, k7, ya, yb, fa, fb, ys, ks } = this;
    let ta = t, tb = t + dt;
    for (let j = 0; j < 4; j++) { ya[j] = y[j]; fa[j] = k1[j]; yb[j] = y1[j]; fb[j] = k7[j]; }
    let ts = tb;
    for (let j = 0; j < 4; j++) ys[j] = yb[j];
    for (let iter = 0; iter < 30; iter++) {
      const width = tb - ta;
      const theta = hermiteRoot(ya[0], fa[0] * width, yb[0], fb[0] * width, k.vSpike);
      ts = ta + theta * width;
      // Re-integrate from the left end of the bracket to the estimate.
      this.dp5(k, ya, fa, ts - ta, x, ys, ks);
      const dv = ys[0] - k.vSpike;
      if (Math.abs(dv) <= 1e-9 * Math.max(1, Math.abs(k.vSpike)) || width < 1e-12) break;
      if (dv < 0) {
        ta = ts;
        for (let j = 0; j < 4; j++) { ya[j] = ys[j]; fa[j] = ks[j]; }
      } else {
        tb = ts;
        for (let j = 0; j < 4; j++) { yb[j] = ys[j]; fb[j] = ks[j]; }
      }
    }
    return ts;
  }

  private stopRunaway(i: number, t: number, y: Float64Array, x: number, refEnd: number, hint: number): RunawayError {
    this.stim[i] = x;
    this.refractoryEnd[i] = refEnd;
    this.rkHint[i] = Math.max(hint, MIN_RK_STEP_MS);
    return runawayError(i, t, y[0], y[1]);
  }
}

/** θ in [0, 1] where the cubic Hermite interpolant (p0, m0·h, p1, m1·h) first reaches `level` (bisection). */
function hermiteRoot(p0: number, m0: number, p1: number, m1: number, level: number): number {
  const value = (s: number) => {
    const s2 = s * s, s3 = s2 * s;
    return (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * m1 - level;
  };
  let lo = 0, hi = 1;
  // The interpolant may overshoot; find the first sign change on a coarse grid, then bisect.
  for (let g = 1; g <= 16; g++) {
    const s = g / 16;
    if (value(s) >= 0) { hi = s; lo = (g - 1) / 16; break; }
  }
  for (let it = 0; it < 60; it++) {
    const mid = 0.5 * (lo + hi);
    if (value(mid) >= 0) hi = mid; else lo = mid;
  }
  return hi;
}

function buildKernel(p: NeuronParameters, h: number, margin: number, segments: number): Kernel {
  const a = p.adex, s = p.synapse;
  const cuba = s.kind === 'current';
  const vLin = a.delta_t > 0 ? Math.min(a.v_t - margin * a.delta_t, a.v_spike) : a.v_spike;
  const k: Kernel = {
    cuba,
    c: a.c_m, gl: a.g_l, el: a.e_l, vt: a.v_t, dt: a.delta_t, a: a.a, b: a.b, tauW: a.tau_w,
    vReset: a.v_reset, vSpike: a.v_spike, tRef: a.t_ref, iOff: a.i_offset,
    tauE: s.tau_syn_E, tauI: s.tau_syn_I, eRevE: s.e_rev_E ?? 0, eRevI: s.e_rev_I ?? 0,
    gldt: a.g_l * a.delta_t, invDt: a.delta_t > 0 ? 1 / a.delta_t : 0,
    vLin,
    pVV: 0, pVw: 0, pVE: 0, pVI: 0, pVX: 0, pVS: 0, pV1: 0, pwV: 0, pww: 0, pwE: 0, pwI: 0, pwX: 0, pwS: 0, pw1: 0,
    eE: Math.exp(-h / s.tau_syn_E), eI: Math.exp(-h / s.tau_syn_I),
    kicks: null,
  };
  if (cuba) {
    const g = linearGenerator(a.c_m, a.g_l, a.e_l, a.a, a.tau_w, a.i_offset, s.tau_syn_E, s.tau_syn_I);
    const gh = g.map((x) => x * h);
    const n = LINEAR_DIMENSION;
    const prop = matrixExponential(gh, n);
    [k.pVV, k.pVw, k.pVE, k.pVI, k.pVX, k.pVS, k.pV1] = prop.subarray(0, n);
    [k.pwV, k.pww, k.pwE, k.pwI, k.pwX, k.pwS, k.pw1] = prop.subarray(n, 2 * n);
    k.kicks = buildKickTables(g, h, segments);
  }
  return k;
}
