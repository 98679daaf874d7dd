/**
 * Reference AdEx integrator for the tests, deliberately independent of the emulator's scheme: classic RK4 at a
 * fixed 1 µs step, the exponential evaluated at min(V, V_spike), the crossing located by bisecting the length of a
 * fresh RK4 sub-step from the last grid point, reset and w ← w + b applied at that time, refractory hold with
 * V clamped. Slow and simple on purpose.
 */
export interface ReferenceParameters {
  c_m: number; g_l: number; e_l: number; v_t: number; delta_t: number; a: number; b: number; tau_w: number;
  v_reset: number; v_spike: number; t_ref: number; i_offset: number;
}

export interface ReferenceRun {
  spikes: number[];
  /** Samples of V (mV) at multiples of `sampleEvery_ms`, starting at 0. */
  v: number[];
}

export function referenceAdEx(
  p: ReferenceParameters,
  stimulus: (t: number) => number,
  breakpoints: number[],
  duration: number,
  options: { dt?: number; maxChangePerStep?: number; v0?: number; w0?: number; sampleEvery_ms?: number } = {},
): ReferenceRun {
  const dt = options.dt ?? 1e-3;
  const maxChange = options.maxChangePerStep ?? 0.01;
  let v = options.v0 ?? p.e_l;
  let w = options.w0 ?? 0;
  let t = 0;
  let refEnd = -Infinity;
  const spikes: number[] = [];
  const samples: number[] = [];
  const every = options.sampleEvery_ms ?? Infinity;
  let nextSample = 0;
  const f = (vv: number, ww: number, x: number, hold: boolean): [number, number] => {
    const ex = p.delta_t > 0 ? p.g_l * p.delta_t * Math.exp((Math.min(vv, p.v_spike) - p.v_t) / p.delta_t) : 0;
    const dv = hold ? 0 : (-p.g_l * (vv - p.e_l) + ex - ww + x + p.i_offset) / p.c_m;
    return [dv, (p.a * (vv - p.e_l) - ww) / p.tau_w];
  };
  const rk4 = (vv: number, ww: number, h: number, x: number, hold: boolean): [number, number] => {
    const [a1, b1] = f(vv, ww, x, hold);
    const [a2, b2] = f(vv + 0.5 * h * a1, ww + 0.5 * h * b1, x, hold);
    const [a3, b3] = f(vv + 0.5 * h * a2, ww + 0.5 * h * b2, x, hold);
    const [a4, b4] = f(vv + h * a3, ww + h * b3, x, hold);
    return [vv + (h / 6) * (a1 + 2 * a2 + 2 * a3 + a4), ww + (h / 6) * (b1 + 2 * b2 + 2 * b3 + b4)];
  };
  const bps = [...breakpoints].sort((x, y) => x - y);
  while (t < duration - 1e-12) {
    if (t >= nextSample - 1e-9) {
      samples.push(v);
      nextSample += every;
    }
    let h = Math.min(dt, duration - t);
    // On the upswing the exponential term grows by e per Δ_T: limit each step to a small change of V so that
    // the fixed-formula RK4 stays accurate there (a step-size limiter, not an error controller).
    if (p.delta_t > 0 && refEnd <= t + 1e-12) {
      const slope = Math.abs(f(v, w, stimulus(t), false)[0]);
      if (slope > 0) h = Math.min(h, (maxChange * p.delta_t) / slope);
    }
    // Never step across a stimulus change, a sample time or the end of the hold.
    for (const b of bps) if (b > t + 1e-12 && b < t + h) h = b - t;
    if (nextSample > t + 1e-12 && nextSample < t + h) h = nextSample - t;
    if (refEnd > t + 1e-12 && refEnd < t + h) h = refEnd - t;
    const hold = refEnd > t + 1e-12;
    const x = stimulus(t + 0.5 * h);
    const [v1, w1] = rk4(hold ? p.v_reset : v, w, h, x, hold);
    if (!hold && v1 >= p.v_spike) {
      let lo = 0, hi = h;
      for (let it = 0; it < 60; it++) {
        const mid = 0.5 * (lo + hi);
        if (rk4(v, w, mid, x, false)[0] >= p.v_spike) hi = mid; else lo = mid;
      }
      const [, ws] = rk4(v, w, hi, x, false);
      t += hi;
      spikes.push(t);
      v = p.v_reset;
      w = ws + p.b;
      refEnd = t + p.t_ref;
      continue;
    }
    v = hold ? p.v_reset : v1;
    w = w1;
    t += h;
  }
  return { spikes, v: samples };
}
