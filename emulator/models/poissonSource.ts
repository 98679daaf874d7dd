/**
 * Poisson source: a homogeneous Poisson process of rate ν (Hz, biological) between start and stop (ms).
 * Inter-spike intervals are drawn exactly, Δt = -ln(1 - u)/ν with u uniform in [0, 1), so spike times are
 * continuous (no per-step Bernoulli binning, no cap of one spike per step). Each source draws from its own
 * seeded stream (`common/random.ts`): the same seed gives the same spikes bit for bit, whatever else is in the run.
 * Parameters: rate_Hz (≥ 0), start_ms (default 0), stop_ms (default ∞).
 */
import type { Random } from '../../common/random';
import type { ParameterProblem } from './adex';

export interface PoissonDescription {
  rate_Hz: number;
  start_ms?: number;
  stop_ms?: number;
}

export function validatePoisson(p: PoissonDescription, where: string): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  if (!(Number.isFinite(p.rate_Hz) && p.rate_Hz >= 0)) problems.push({ parameter: `${where}.rate_Hz`, message: `rate must be ≥ 0 Hz, got ${p.rate_Hz}` });
  const start = p.start_ms ?? 0, stop = p.stop_ms ?? Infinity;
  if (!(start >= 0) || !(stop >= start)) problems.push({ parameter: `${where}.start_ms`, message: `needs 0 ≤ start_ms ≤ stop_ms, got ${start}..${stop}` });
  return problems;
}

export class PoissonSource {
  // Initialized here as a non-integer number: a field declared without a value starts as undefined, and V8 then
  // keeps every later value of it as a separately allocated heap number.
  private nextTime = Infinity;
  private readonly ratePerMs: number;
  private readonly stop: number;

  constructor(p: PoissonDescription, private readonly random: Random) {
    this.ratePerMs = p.rate_Hz / 1000;
    this.stop = p.stop_ms ?? Infinity;
    if (this.ratePerMs > 0) {
      this.nextTime = p.start_ms ?? 0;
      this.advance();
    }
  }

  /** Moves nextTime on by an interval drawn from the stream (returned instead, the number would be boxed). */
  private advance(): void {
    this.nextTime += -Math.log(1 - this.random.nextFloat()) / this.ratePerMs;
  }

  /**
   * Writes the next spike time (ms, in time order; Infinity when the source has stopped) to out[0]: a number
   * returned by a call that V8 does not inline would be boxed.
   */
  nextSpikeInto(out: Float64Array): void {
    const t = this.nextTime;
    if (!(t < this.stop)) { out[0] = Infinity; return; }
    out[0] = t;
    this.advance();
  }

  /** Calls `emit(time)` for every spike in [t0, t1), in time order. */
  spikesIn(t0: number, t1: number, emit: (time: number) => void): void {
    while (this.nextTime < t1 && this.nextTime < this.stop) {
      if (this.nextTime >= t0) emit(this.nextTime);
      this.advance();
    }
  }
}
