/**
 * Chip numbers the emulator needs, until they move into `common/chip/limits.ts`. Each carries its source
 * (keys as in the project's BSS-2 fact sheet, /work/shared/bss2/facts.md). Hardware times are wall-clock;
 * the emulator works in biological time, which is hardware time × SPEEDUP.
 */

/** Biological time per hardware time (1 µs hardware ≙ 1 ms biology). [DEMOS] cns_01, [LAB]; facts §2. */
export const SPEEDUP = 1000;

/** Clock of the on-chip background spike sources (phy_ref_clk / 2). [PYNN] cells.py; facts §2, §9.4. */
export const BACKGROUND_CLOCK_HZ = 250e6;

/** Background source `period` field: 16 bit. [HALDLS] background.h; facts §9.4. */
export const BACKGROUND_PERIOD_MAX = 0xffff;

/** Background source `rate` field: 8 bit. [HALDLS] background.h; facts §9.4. */
export const BACKGROUND_RATE_MAX = 0xff;

/** Background source `mask` field: 8 bit (randomised low label bits). [HALDLS] background.h; facts §9.4. */
export const BACKGROUND_MASK_MAX = 0xff;

/** Background source `seed` field: 32 bit. [HALDLS] background.h; facts §9.4. */
export const BACKGROUND_SEED_MAX = 0xffffffff;

/** STP `utilization` and `recovery` fields of a synapse driver: 4 bit. [HALDLS] synapse_driver.h; facts §5.1. */
export const STP_FIELD_MAX = 15;

/** CADC readings: 8 bit unsigned. [HALDLS] cadc.h; facts §6, §7. */
export const CADC_MAX = 255;

/** Synapse weight: 6 bit unsigned, sign per row. [HALDLS] synapse.h; facts §4. */
export const WEIGHT_MAX = 63;

/** Synapse rows per synapse array (one array per hemisphere). [HALCO] synapse.h; facts §1. */
export const SYNAPSE_ROWS_PER_SYNRAM = 256;

/** Atomic neuron circuits on the chip (2 rows × 256 columns). [HALCO] neuron.h; facts §1. */
export const ATOMIC_NEURONS = 512;

/** Neuron columns per hemisphere (each column has one synapse column of the hemisphere's array). facts §1. */
export const NEURON_COLUMNS = 256;
