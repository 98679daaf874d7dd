/**
 * On-chip background spike generator ([HALDLS] background.h; facts §9.4), on the 250 MHz background clock
 * (`CLOCKS.backgroundHz` in common/chip/limits.ts). One clock cycle is 4 ns hardware = 4 µs biological.
 *
 *   regular mode:        a spike every (period + 1) cycles; the first one period after enable.
 *   binned Poisson mode: every (period + 1) cycles an 8-bit random number r is drawn; a spike is sent iff
 *                        r ≤ rate, i.e. with probability (rate + 1)/256; rate = 0 disables the source.
 *                        The low label bits selected by `mask` are randomised per spike.
 *   spike time (bio ms) = cycle / BACKGROUND_CLOCK_HZ × 1000 (s → ms) × SPEEDUP.
 *
 * Modelling choices, where the fact sheet records a discrepancy: the interval is period + 1 cycles and the
 * probability (rate + 1)/256, as PyNN computes them when it programs the generator ([PYNN] cells.py), while
 * haldls' doc says period/(rate/255) and "rate = 0 disables", which is kept. The chip's random generator is not
 * reproduced bit for bit: draws come from the emulator's seeded stream, seeded from the 32-bit `seed`.
 */
import { CLOCKS, FIELDS, SPEEDUP } from '../../common/chip/limits';
import { type Random, createStream } from '../../common/random';
import type { ParameterProblem } from './adex';

export interface BackgroundDescription {
  mode: 'regular' | 'poisson';
  period: number;
  rate: number;
  seed: number;
  mask: number;
  label: number;
  start_ms?: number;
}

/** Biological milliseconds per background clock cycle. */
export const BACKGROUND_CYCLE_MS = (1000 / CLOCKS.backgroundHz) * SPEEDUP;

export function validateBackground(b: BackgroundDescription, where: string): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const field = (name: keyof BackgroundDescription, max: number) => {
    const v = b[name];
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max)) {
      problems.push({ parameter: `${where}.${name}`, message: `${name} must be an integer in 0..${max}, got ${String(v)}` });
    }
  };
  if (b.mode !== 'regular' && b.mode !== 'poisson') problems.push({ parameter: `${where}.mode`, message: `mode must be 'regular' or 'poisson'` });
  field('period', FIELDS.backgroundPeriod[1]);
  field('rate', FIELDS.backgroundRate[1]);
  field('seed', FIELDS.backgroundSeed[1]);
  field('mask', FIELDS.backgroundMask[1]);
  return problems;
}

/** Mean rate (Hz, biological) of a generator: what a user or the checker can show for a configuration. */
export function backgroundMeanRate_Hz(b: BackgroundDescription): number {
  const perBin = 1000 / ((b.period + 1) * BACKGROUND_CYCLE_MS);
  if (b.mode === 'regular') return perBin;
  return b.rate === 0 ? 0 : (perBin * (b.rate + 1)) / 256;
}

export class BackgroundGenerator {
  private cycle: number;
  private readonly random: Random;
  private readonly interval: number;
  private readonly start: number;

  constructor(private readonly d: BackgroundDescription) {
    this.interval = d.period + 1;
    this.cycle = this.interval;
    this.start = d.start_ms ?? 0;
    this.random = createStream(d.seed, 'background generator');
  }

  /** Label of the spike last given by `nextSpikeInto`. */
  lastLabel = 0;

  /**
   * Writes the next spike time (ms, in time order; its label in `lastLabel`; Infinity for a silent generator) to
   * out[0] (returned, it would be boxed).
   */
  nextSpikeInto(out: Float64Array): void {
    const d = this.d;
    if (d.mode === 'poisson' && d.rate === 0) { out[0] = Infinity; return; }
    for (;;) {
      const time = this.start + this.cycle * BACKGROUND_CYCLE_MS;
      this.cycle += this.interval;
      if (d.mode === 'regular') {
        this.lastLabel = d.label;
        out[0] = time;
        return;
      }
      const draw = this.random.nextUint32();
      if ((draw & 0xff) > d.rate) continue;
      this.lastLabel = (d.label & ~d.mask) | ((draw >>> 8) & d.mask);
      out[0] = time;
      return;
    }
  }

  /** Calls `emit(time, label)` for every spike in [t0, t1), in time order. */
  spikesIn(t0: number, t1: number, emit: (time: number, label: number) => void): void {
    const d = this.d;
    for (;;) {
      const time = this.start + this.cycle * BACKGROUND_CYCLE_MS;
      if (time >= t1) return;
      this.cycle += this.interval;
      if (d.mode === 'poisson') {
        if (d.rate === 0) continue;
        const draw = this.random.nextUint32();
        if ((draw & 0xff) > d.rate) continue;
        const randomBits = (draw >>> 8) & d.mask;
        if (time >= t0) emit(time, (d.label & ~d.mask) | randomBits);
      } else if (time >= t0) {
        emit(time, d.label);
      }
    }
  }
}
