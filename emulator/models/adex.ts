/**
 * Adaptive exponential integrate-and-fire neuron (AdEx).
 *
 * Equations (Brette & Gerstner 2005, J. Neurophysiol. 94:3637; as documented for the BSS-2 silicon neuron,
 * brainscales2-demos `common_task_adex_complex_dynamics`):
 *
 *   C dV/dt     = -g_L (V - E_L) + g_L Δ_T exp((min(V, V_spike) - V_T) / Δ_T) - w + I_syn + I_offset + I_stim
 *   τ_w dw/dt   = a (V - E_L) - w
 *   if V ≥ V_spike at time t*:  spike at t*;  V ← V_reset, held for t_ref;  w ← w + b
 *
 * Δ_T = 0 drops the exponential term: the leaky integrate-and-fire limit with threshold V_spike.
 * The exponential is evaluated at min(V, V_spike), as NEST's aeif models do, so that no solver stage can
 * overflow on the upswing (Brian2 and plain RK methods return NaN there otherwise).
 * During the refractory hold V stays at V_reset while w and the synaptic input keep evolving.
 * Initial state: V = v_init if given, else E_L (the resting potential without input); w = 0.
 *
 * Parameters (biological units; on the chip time is 1000× faster and voltages map linearly onto CADC
 * units, so the dynamics are the same up to that scaling):
 *   c_m       pF   membrane capacitance                    (> 0)
 *   g_l       nS   leak conductance                        (> 0)
 *   e_l       mV   leak reversal (resting) potential
 *   v_t       mV   exponential threshold V_T
 *   delta_t   mV   slope factor Δ_T                        (≥ 0; 0 = LIF)
 *   a         nS   subthreshold adaptation                 (any sign: the chip can invert a)
 *   b         pA   spike-triggered adaptation increment    (any sign: the chip can invert b)
 *   tau_w     ms   adaptation time constant                (> 0)
 *   v_reset   mV   reset potential
 *   v_spike   mV   spike detection potential (V_peak)      (> v_reset)
 *   t_ref     ms   refractory hold                         (≥ 0)
 *   i_offset  pA   constant offset current
 *   v_init    mV   initial membrane potential (optional, default e_l)
 *
 * References: Brette R, Gerstner W (2005); Naud R, Marcille N, Clopath C, Gerstner W (2008), Biol. Cybern.
 * 99:335 (firing patterns, parameter sets); NEST `aeif_cond_exp` / `aeif_psc_exp` model documentation.
 * The integration scheme is in `adexIntegrator.ts`.
 */

export interface AdExParameters {
  c_m: number;
  g_l: number;
  e_l: number;
  v_t: number;
  delta_t: number;
  a: number;
  b: number;
  tau_w: number;
  v_reset: number;
  v_spike: number;
  t_ref: number;
  i_offset: number;
  v_init?: number;
}

/** A parameter that fails validation: which one, and why, in words for the user. */
export interface ParameterProblem {
  parameter: string;
  message: string;
}

/**
 * Potentials beyond this magnitude (mV, biological) exist in no neuron and no circuit: the chip's analog
 * range maps onto roughly a hundred millivolts. The integrator reports a runaway when V leaves ±this.
 */
export const PHYSICAL_POTENTIAL_LIMIT_MV = 1000;

const REQUIRED: ReadonlyArray<keyof AdExParameters> = [
  'c_m', 'g_l', 'e_l', 'v_t', 'delta_t', 'a', 'b', 'tau_w', 'v_reset', 'v_spike', 't_ref', 'i_offset',
];

/** Checks one parameter set as a whole; `where` prefixes each parameter name (e.g. "population exc"). */
export function validateAdExParameters(p: AdExParameters, where = ''): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const at = (name: string) => (where ? `${where}.${name}` : name);
  for (const name of REQUIRED) {
    if (typeof p[name] !== 'number' || !Number.isFinite(p[name])) {
      problems.push({ parameter: at(name), message: `${name} must be a finite number, got ${String(p[name])}` });
    }
  }
  if (problems.length > 0) return problems;
  const positive: Array<[keyof AdExParameters, string]> = [['c_m', 'pF'], ['g_l', 'nS'], ['tau_w', 'ms']];
  for (const [name, unit] of positive) {
    if ((p[name] as number) <= 0) problems.push({ parameter: at(name), message: `${name} must be > 0 ${unit}, got ${p[name]}` });
  }
  // Rates are the reciprocals of these: a time constant so small that its rate overflows cannot be integrated.
  for (const [name, tau] of [['tau_w', p.tau_w], ['c_m / g_l', p.c_m / p.g_l]] as const) {
    if (tau > 0 && !Number.isFinite(1 / tau)) problems.push({ parameter: at(name), message: `${name} is too small to integrate (${tau} ms)` });
  }
  if (p.delta_t < 0) problems.push({ parameter: at('delta_t'), message: `delta_t must be ≥ 0 mV (0 = LIF), got ${p.delta_t}` });
  if (p.t_ref < 0) problems.push({ parameter: at('t_ref'), message: `t_ref must be ≥ 0 ms, got ${p.t_ref}` });
  if (p.v_spike <= p.v_reset) {
    problems.push({ parameter: at('v_spike'), message: `v_spike (${p.v_spike} mV) must lie above v_reset (${p.v_reset} mV)` });
  }
  for (const name of ['e_l', 'v_t', 'v_reset', 'v_spike', 'v_init'] as const) {
    const v = p[name];
    if (v !== undefined && (!Number.isFinite(v) || Math.abs(v) >= PHYSICAL_POTENTIAL_LIMIT_MV)) {
      problems.push({ parameter: at(name), message: `${name} must lie within ±${PHYSICAL_POTENTIAL_LIMIT_MV} mV, got ${v}` });
    }
  }
  if (p.v_init !== undefined && p.v_init >= p.v_spike) {
    problems.push({ parameter: at('v_init'), message: `v_init (${p.v_init} mV) must lie below v_spike (${p.v_spike} mV)` });
  }
  return problems;
}

/** Initial membrane potential of a neuron with these parameters (mV). */
export function initialPotential(p: AdExParameters): number {
  return p.v_init ?? p.e_l;
}

/** A run stopped because a neuron's state left any physical range (or became NaN/∞). */
export interface RunawayError {
  kind: 'runaway';
  neuron: number;
  time_ms: number;
  v_mV: number;
  w_pA: number;
  message: string;
}

export function runawayError(neuron: number, time_ms: number, v: number, w: number): RunawayError {
  return {
    kind: 'runaway',
    neuron,
    time_ms,
    v_mV: v,
    w_pA: w,
    message:
      `neuron ${neuron} ran away at t = ${time_ms.toFixed(4)} ms (V = ${v} mV, w = ${w} pA): ` +
      `its potential left ±${PHYSICAL_POTENTIAL_LIMIT_MV} mV. Check its input currents, a, b and delta_t.`,
  };
}
