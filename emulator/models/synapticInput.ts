/**
 * Synaptic input of an AdEx neuron: one excitatory and one inhibitory input, each a first-order exponential
 * low-pass, current-based ("AdEx", NEST aeif_psc_exp) or conductance-based ("AdExCond", NEST aeif_cond_exp).
 * On BSS-2 each neuron has these two inputs, CUBA or COBA per input (`enable_coba_mode`), with τ set by
 * `i_bias_tau` ([HALCO] synapse.h, [HALDLS] lola neuron.h; facts §3.1, §4).
 *
 *   current-based:      dI_E/dt = -I_E / τ_syn_E,  dI_I/dt = -I_I / τ_syn_I
 *                       I_syn = I_E - I_I                        (I_E, I_I ≥ 0 magnitudes, pA)
 *   conductance-based:  dg_E/dt = -g_E / τ_syn_E,  dg_I/dt = -g_I / τ_syn_I
 *                       I_syn = g_E (E_rev_E - V) + g_I (E_rev_I - V)    (g ≥ 0, nS)
 *   event of weight w (0..63) arriving at t on input X:  I_X (or g_X) += w × weight_scale_X, at exactly t
 *
 * Parameters:
 *   kind            'current' | 'conductance'
 *   tau_syn_E/I     ms   synaptic time constants (> 0)
 *   weight_scale_E/I     pA per weight LSB (current) or nS per weight LSB (conductance), ≥ 0: the
 *                        weight-to-amplitude scale, a per-population modelling choice (docs/emulator.md)
 *   e_rev_E/I       mV   reversal potentials (conductance-based only)
 *
 * The COBA form I = g (E_rev - V) is the standard one; how exactly the chip's COBA OTA modulates the
 * current between `e_coba_reference` and `e_coba_reversal` is not published (facts §4, UNVERIFIED).
 * Current-based inputs keep the membrane equation linear below threshold, so they are propagated exactly
 * (see `buildKickTables` and `adexIntegrator.ts`).
 */
import { matrixExponential } from '../numerics/matrixExponential';
import type { ParameterProblem } from './adex';

export type SynapseKind = 'current' | 'conductance';

export interface SynapticInputParameters {
  kind: SynapseKind;
  tau_syn_E: number;
  tau_syn_I: number;
  weight_scale_E: number;
  weight_scale_I: number;
  e_rev_E?: number;
  e_rev_I?: number;
}

export const EXCITATORY = 0;
export const INHIBITORY = 1;
export type Receptor = typeof EXCITATORY | typeof INHIBITORY;

export function validateSynapticInputParameters(p: SynapticInputParameters, where = ''): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const at = (name: string) => (where ? `${where}.${name}` : name);
  if (p.kind !== 'current' && p.kind !== 'conductance') {
    problems.push({ parameter: at('kind'), message: `kind must be 'current' or 'conductance', got ${String(p.kind)}` });
  }
  for (const name of ['tau_syn_E', 'tau_syn_I'] as const) {
    if (!(Number.isFinite(p[name]) && p[name] > 0)) problems.push({ parameter: at(name), message: `${name} must be > 0 ms, got ${p[name]}` });
  }
  for (const name of ['weight_scale_E', 'weight_scale_I'] as const) {
    if (!(Number.isFinite(p[name]) && p[name] >= 0)) problems.push({ parameter: at(name), message: `${name} must be ≥ 0, got ${p[name]}` });
  }
  if (p.kind === 'conductance') {
    for (const name of ['e_rev_E', 'e_rev_I'] as const) {
      if (!Number.isFinite(p[name])) problems.push({ parameter: at(name), message: `${name} (mV) is required for conductance-based input` });
    }
  }
  return problems;
}

/**
 * The response, at a step's end, of the linear subthreshold system (V, w, I_E, I_I) to a unit current
 * deposited on one input a time r before that end, tabulated at r = j·h/K (j = 0..K) and read with linear
 * interpolation. Exact at the nodes; between them the error is below (h/K)²/8 × |d²Φ/dr²|, which is ~1e-8 of
 * the PSP amplitude for K = 64 and h = 0.1 ms. This lets an event act at its true arrival time without any
 * exponential evaluated per event.
 */
export interface KickTables {
  segments: number;
  /** ΔV (mV per pA deposited), ΔW (pA per pA), Δinput (pA per pA) for the excitatory and inhibitory input. */
  vE: Float64Array;
  wE: Float64Array;
  sE: Float64Array;
  vI: Float64Array;
  wI: Float64Array;
  sI: Float64Array;
}

/**
 * The linear part of the subthreshold AdEx with current-based input, as a 9 × 9 generator over the state
 * (V, w, I_E, I_I, X, S, Q, R, 1). X is an external current into the membrane that follows a cubic polynomial
 * within a step, carried as a chain X' = S, S' = Q, Q' = R (so X(s) = X + S s + Q s²/2 + R s³/6): the
 * integrator feeds the stimulus and the exponential term through it. The constant 1 carries E_L and I_offset.
 * Its exponential over a step is the exact propagator of Rotter & Diesmann (1999) extended by polynomial forcing.
 */
export function linearGenerator(
  c_m: number, g_l: number, e_l: number, a: number, tau_w: number, i_offset: number, tau_E: number, tau_I: number,
): Float64Array {
  const n = LINEAR_DIMENSION;
  const m = new Float64Array(n * n);
  m[0] = -g_l / c_m; m[1] = -1 / c_m; m[2] = 1 / c_m; m[3] = -1 / c_m; m[4] = 1 / c_m; m[8] = (g_l * e_l + i_offset) / c_m;
  m[n + 0] = a / tau_w; m[n + 1] = -1 / tau_w; m[n + 8] = (-a * e_l) / tau_w;
  m[2 * n + 2] = -1 / tau_E;
  m[3 * n + 3] = -1 / tau_I;
  m[4 * n + 5] = 1;
  m[5 * n + 6] = 1;
  m[6 * n + 7] = 1;
  return m;
}

export const LINEAR_DIMENSION = 9;

export function buildKickTables(generator: Float64Array, h: number, segments: number): KickTables {
  const n = LINEAR_DIMENSION;
  const t: KickTables = {
    segments,
    vE: new Float64Array(segments + 1), wE: new Float64Array(segments + 1), sE: new Float64Array(segments + 1),
    vI: new Float64Array(segments + 1), wI: new Float64Array(segments + 1), sI: new Float64Array(segments + 1),
  };
  // Column 2 (I_E) and column 3 (I_I) of exp(A r) at r = j h / segments: one exponential of the segment,
  // exp(A h / segments), applied j times to the unit vectors (exp(A r) e = exp(A h/s)^j e). The repeated
  // products add ~j ulp of rounding (1e-14 relative), far below the tables' interpolation error, and cost a
  // matrix-vector product per entry instead of a matrix exponential: loading hundreds of distinct parameter
  // sets (fixed-pattern noise gives every circuit its own) stays fast.
  const scaled = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) scaled[k] = generator[k] * (h / segments);
  const e1 = matrixExponential(scaled, n);
  let colE = new Float64Array(n), colI = new Float64Array(n);
  colE[2] = 1; colI[3] = 1;
  let nextE = new Float64Array(n), nextI = new Float64Array(n);
  for (let j = 0; j <= segments; j++) {
    t.vE[j] = colE[0]; t.wE[j] = colE[1]; t.sE[j] = colE[2];
    t.vI[j] = colI[0]; t.wI[j] = colI[1]; t.sI[j] = colI[3];
    for (let r = 0; r < n; r++) {
      let se = 0, si = 0;
      for (let c = 0; c < n; c++) { se += e1[r * n + c] * colE[c]; si += e1[r * n + c] * colI[c]; }
      nextE[r] = se; nextI[r] = si;
    }
    [colE, nextE] = [nextE, colE];
    [colI, nextI] = [nextI, colI];
  }
  return t;
}
