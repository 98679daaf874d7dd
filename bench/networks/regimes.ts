/**
 * The AdEx firing-pattern regimes of Naud, Marcille, Clopath & Gerstner (2008), "Firing patterns in the adaptive
 * exponential integrate-and-fire model", Biol. Cybern. 99:335, doi:10.1007/s00422-008-0264-7, with the
 * parameter sets and step currents as Brian2's example `examples/frompapers/Naud_et_al_2008_adex_firing_patterns.py`
 * reproduces them (adapted there to match the paper's figures): V_spike = 0 mV, no refractory period, V(0) = E_L,
 * w(0) = 0, the current switched on at t = 0. Defined once here; the Brian2 peer receives them as JSON.
 *
 * Units: pF, nS, mV, ms, pA (the emulator's biological units).
 */
import type { AdExParameters } from '../../emulator/models/adex';

export interface Regime {
  name: string;
  /** Chaotic: two accurate solvers part after 100–150 ms, so only first spikes and the count are compared. */
  chaotic: boolean;
  adex: AdExParameters;
  current_pA: number;
}

const regime = (
  name: string, c_m: number, g_l: number, e_l: number, a: number, tau_w: number, b: number, v_reset: number, current_pA: number, chaotic = false,
): Regime => ({
  name,
  chaotic,
  current_pA,
  adex: { c_m, g_l, e_l, v_t: -50, delta_t: 2, a, b, tau_w, v_reset, v_spike: 0, t_ref: 0, i_offset: 0 },
});

export const REGIMES: readonly Regime[] = [
  regime('tonic', 200, 10, -70, 2, 30, 0, -58, 500),
  regime('adapting', 200, 12, -70, 2, 300, 60, -58, 500),
  regime('initial burst', 130, 18, -58, 4, 150, 120, -50, 400),
  regime('regular bursting', 200, 10, -58, 2, 120, 100, -46, 210),
  regime('delayed accelerating', 200, 12, -70, -10, 300, 0, -58, 300),
  regime('delayed regular bursting', 100, 10, -65, -10, 90, 30, -47, 110),
  regime('transient', 100, 10, -65, 10, 90, 100, -47, 180),
  regime('irregular', 100, 12, -60, -11, 130, 30, -48, 160, true),
];

/** Simulated time per regime, ms (as in Brian2's example). */
export const REGIME_DURATION_MS = 600;
