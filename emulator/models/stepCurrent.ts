/**
 * Step current: a piecewise-constant current injected into one neuron,
 *   I_stim(t) = amplitude_k  for times_k ≤ t < times_{k+1},   0 before times_0.
 * Parameters: times_ms (ms, strictly increasing, ≥ 0), amplitudes_pA (pA), same length.
 * Each change acts at its exact time (the integrator splits its step there). Like NEST's step_current_generator.
 */
import type { ParameterProblem } from './adex';

export interface StepCurrentDescription {
  neuron: number;
  times_ms: readonly number[];
  amplitudes_pA: readonly number[];
}

export function validateStepCurrent(s: StepCurrentDescription, where: string): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  if (s.times_ms.length !== s.amplitudes_pA.length) {
    problems.push({ parameter: `${where}.amplitudes_pA`, message: `needs one amplitude per time: ${s.times_ms.length} times, ${s.amplitudes_pA.length} amplitudes` });
  }
  for (let k = 0; k < s.times_ms.length; k++) {
    const t = s.times_ms[k];
    if (!Number.isFinite(t) || t < 0 || (k > 0 && !(t > s.times_ms[k - 1]))) {
      problems.push({ parameter: `${where}.times_ms[${k}]`, message: `times must be finite, ≥ 0 and strictly increasing, got ${t}` });
    }
  }
  s.amplitudes_pA.forEach((a, k) => {
    if (!Number.isFinite(a)) problems.push({ parameter: `${where}.amplitudes_pA[${k}]`, message: `must be a finite current in pA, got ${a}` });
  });
  return problems;
}

/** Walks the changes of one step current in time order. */
export class StepCurrentCursor {
  private next = 0;
  constructor(readonly source: StepCurrentDescription) {}

  /** Index of the next change before t1 (advancing past it), or -1 when there is none. */
  nextBefore(t1: number): number {
    return this.next < this.source.times_ms.length && this.source.times_ms[this.next] < t1 ? this.next++ : -1;
  }

  /** Calls `emit(time, amplitude)` for every change in [t0, t1). */
  changesIn(t0: number, t1: number, emit: (time: number, amplitude: number) => void): void {
    const { times_ms, amplitudes_pA } = this.source;
    while (this.next < times_ms.length && times_ms[this.next] < t1) {
      if (times_ms[this.next] >= t0) emit(times_ms[this.next], amplitudes_pA[this.next]);
      this.next++;
    }
  }
}
