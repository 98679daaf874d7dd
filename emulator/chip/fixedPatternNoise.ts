/**
 * Fixed-pattern noise: every neuron circuit of a real chip differs a little from its neighbours, even after
 * calibration. With `fixed_pattern_noise` on, the emulator perturbs each circuit's analog parameters once, by a
 * seeded Gaussian draw per circuit and parameter, so that users can see how robust an experiment is on a chip.
 *
 * Magnitudes: FIXED_PATTERN_NOISE in common/chip/limits.ts (with their sources and caveats). Potentials move by
 * σ = 1 CADC LSB (converted to mV through the configuration's voltage mapping), time constants and synaptic
 * input strengths by a relative σ, all clipped at ±clipSigmas σ. The capacitance, the adaptation strengths a and
 * b, Δ_T, the offset current and the refractory time (already quantised by its counter) stay nominal.
 *
 * Determinism: circuit (hemisphere h, column c) draws from `createStream(seed, 'fixed-pattern', h, c)`, so a
 * circuit keeps its mismatch whatever else the configuration places, and the same seed gives the same bits.
 */
import { FIXED_PATTERN_NOISE } from '../../common/chip/limits';
import { createStream, type Random } from '../../common/random';
import { validateAdExParameters } from '../models/adex';
import type { NeuronParameters } from '../models/adexIntegrator';
import { validateSynapticInputParameters } from '../models/synapticInput';

/** A standard normal draw (Box–Muller), clipped at ±clipSigmas. */
function clippedNormal(random: Random): number {
  const u1 = 1 - random.nextFloat(); // (0, 1]: log stays finite
  const u2 = random.nextFloat();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  const c = FIXED_PATTERN_NOISE.clipSigmas;
  return z > c ? c : z < -c ? -c : z;
}

/**
 * The parameters of circuit (hemisphere, column) with its mismatch; `mvPerCadc` converts the potential spread.
 * Returns the nominal parameters when the perturbed set would be invalid (e.g. V_reset pushed above V_spike).
 */
export function withFixedPatternNoise(
  p: NeuronParameters, seed: number, hemisphere: number, column: number, mvPerCadc: number,
): { parameters: NeuronParameters; perturbed: boolean } {
  const random = createStream(seed, 'fixed-pattern', hemisphere, column);
  const dv = FIXED_PATTERN_NOISE.potentialSigmaCadc * mvPerCadc;
  const rt = FIXED_PATTERN_NOISE.timeConstantRelativeSigma;
  const rw = FIXED_PATTERN_NOISE.weightScaleRelativeSigma;
  // A fixed draw order (one per field, whether used or not), so that a circuit's draws do not depend on its model.
  const potential = () => dv * clippedNormal(random);
  const relative = (sigma: number) => 1 + sigma * clippedNormal(random);
  const a = p.adex, s = p.synapse;
  const dEl = potential(), dVt = potential(), dReset = potential(), dSpike = potential(), dRevE = potential(), dRevI = potential();
  const fTauM = relative(rt), fTauE = relative(rt), fTauI = relative(rt), fTauW = relative(rt);
  const fScaleE = relative(rw), fScaleI = relative(rw);
  const tauM = a.c_m / a.g_l;
  const parameters: NeuronParameters = {
    adex: {
      ...a,
      e_l: a.e_l + dEl,
      v_t: a.v_t + dVt,
      v_reset: a.v_reset + dReset,
      v_spike: a.v_spike + dSpike,
      g_l: a.c_m / (tauM * fTauM),
      tau_w: a.tau_w * fTauW,
    },
    synapse: {
      ...s,
      tau_syn_E: s.tau_syn_E * fTauE,
      tau_syn_I: s.tau_syn_I * fTauI,
      weight_scale_E: s.weight_scale_E * fScaleE,
      weight_scale_I: s.weight_scale_I * fScaleI,
      ...(s.kind === 'conductance' ? { e_rev_E: (s.e_rev_E ?? 0) + dRevE, e_rev_I: (s.e_rev_I ?? 0) + dRevI } : {}),
    },
  };
  const problems = [...validateAdExParameters(parameters.adex, 'fpn'), ...validateSynapticInputParameters(parameters.synapse, 'fpn')];
  return problems.length === 0 ? { parameters, perturbed: true } : { parameters: p, perturbed: false };
}
