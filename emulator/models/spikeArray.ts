/**
 * Spike array: a source that fires at given times (ms), like PyNN's SpikeSourceArray. On the chip these are
 * played back by the FPGA with 8 ns hardware (8 µs biological) resolution ([FISCH] constants.h, facts §2);
 * the emulator keeps the times exactly as given. Times must be finite, ≥ 0 and non-decreasing.
 */
import type { ParameterProblem } from './adex';

export function validateSpikeTimes(times: readonly number[], where: string): ParameterProblem[] {
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    if (!Number.isFinite(t) || t < 0 || (k > 0 && t < times[k - 1])) {
      return [{ parameter: `${where}.times_ms[${k}]`, message: `spike times must be finite, ≥ 0 and sorted, got ${t}` }];
    }
  }
  return [];
}

export class SpikeArraySource {
  private next = 0;
  constructor(private readonly times: readonly number[]) {}

  /** Writes the next spike time (ms; Infinity after the last one) to out[0] (returned, it would be boxed). */
  nextSpikeInto(out: Float64Array): void {
    out[0] = this.next < this.times.length ? this.times[this.next++] : Infinity;
  }

  /** Calls `emit(time)` for every spike in [t0, t1). */
  spikesIn(t0: number, t1: number, emit: (time: number) => void): void {
    const times = this.times;
    while (this.next < times.length && times[this.next] < t1) {
      if (times[this.next] >= t0) emit(times[this.next]);
      this.next++;
    }
  }
}
