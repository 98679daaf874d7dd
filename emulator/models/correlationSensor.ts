/**
 * Correlation sensors: every synapse accumulates a causal and an acausal correlation with nearest-neighbour
 * pairing ([LAB] "Correlation measurements"; facts §6):
 *
 *   at each post spike t_post:  c+ += η+ exp(-(t_post - t_pre_last) / τ+)    t_pre_last: last pre spike before it
 *   at each pre spike t_pre:    c- += η- exp(-(t_pre - t_post_last) / τ-)    t_post_last: last post spike before it
 *
 * and is read out by the CADC as 8 bits where accumulated correlation lowers the reading:
 *
 *   reading = clamp(round(baseline - c), 0, 255)      (c in CADC LSB)
 *
 * A reset (the PPU's correlation reset) sets c+ = c- = 0. Parameters, chosen from calix's calibration targets
 * ([CALIX] correlation_calib_target; facts §6) and documented in docs/emulator.md:
 *   tau_plus_ms, tau_minus_ms   ms (bio)   default 5 (calix default 5 µs hardware; feasible 2..30)
 *   eta_plus, eta_minus         CADC LSB per pairing at zero delay, default 0.5 (calix amplitude, feasible 0.2..2)
 *   baseline                    CADC LSB after reset, default 200 (near the top of the reliable range 30..210)
 */
import { FIELDS } from '../../common/chip/limits';

const CADC_MAX = FIELDS.cadcValue[1];

export interface CorrelationParameters {
  tau_plus_ms: number;
  tau_minus_ms: number;
  eta_plus: number;
  eta_minus: number;
  baseline: number;
}

export const DEFAULT_CORRELATION: CorrelationParameters = { tau_plus_ms: 5, tau_minus_ms: 5, eta_plus: 0.5, eta_minus: 0.5, baseline: 200 };

/**
 * Sensors of a set of synapses, each (pre stream, post neuron). Pre and post spikes must be reported in
 * time order per synapse. Synapse lists are kept as CSR (by pre) and CSC (by post) over synapse indices.
 */
export class CorrelationSensors {
  readonly causal: Float64Array;
  readonly acausal: Float64Array;
  private readonly lastPre: Float64Array;
  private readonly lastPost: Float64Array;
  private readonly byPreStart: Int32Array;
  private readonly byPre: Int32Array;
  private readonly byPostStart: Int32Array;
  private readonly byPost: Int32Array;

  constructor(
    private readonly pre: Int32Array,
    private readonly post: Int32Array,
    preCount: number,
    postCount: number,
    private readonly p: CorrelationParameters = DEFAULT_CORRELATION,
  ) {
    const n = pre.length;
    this.causal = new Float64Array(n);
    this.acausal = new Float64Array(n);
    this.lastPre = new Float64Array(preCount).fill(-Infinity);
    this.lastPost = new Float64Array(postCount).fill(-Infinity);
    [this.byPreStart, this.byPre] = group(pre, preCount);
    [this.byPostStart, this.byPost] = group(post, postCount);
  }

  onPre(preIndex: number, t: number): void {
    for (let k = this.byPreStart[preIndex]; k < this.byPreStart[preIndex + 1]; k++) {
      const s = this.byPre[k];
      const tp = this.lastPost[this.post[s]];
      if (tp > -Infinity) this.acausal[s] += this.p.eta_minus * Math.exp(-(t - tp) / this.p.tau_minus_ms);
    }
    this.lastPre[preIndex] = t;
  }

  onPost(postIndex: number, t: number): void {
    for (let k = this.byPostStart[postIndex]; k < this.byPostStart[postIndex + 1]; k++) {
      const s = this.byPost[k];
      const tp = this.lastPre[this.pre[s]];
      if (tp > -Infinity) this.causal[s] += this.p.eta_plus * Math.exp(-(t - tp) / this.p.tau_plus_ms);
    }
    this.lastPost[postIndex] = t;
  }

  /** The 8-bit CADC readings of synapse s. */
  read(s: number): { causal: number; acausal: number } {
    return { causal: toCadc(this.p.baseline - this.causal[s]), acausal: toCadc(this.p.baseline - this.acausal[s]) };
  }

  /** Correlation reset of synapse s, or of all when omitted. */
  reset(s?: number): void {
    if (s === undefined) { this.causal.fill(0); this.acausal.fill(0); return; }
    this.causal[s] = 0;
    this.acausal[s] = 0;
  }
}

function toCadc(x: number): number {
  return Math.min(CADC_MAX, Math.max(0, Math.round(x)));
}

function group(keys: Int32Array, count: number): [Int32Array, Int32Array] {
  const start = new Int32Array(count + 1);
  for (const k of keys) start[k + 1]++;
  for (let i = 0; i < count; i++) start[i + 1] += start[i];
  const cursor = start.slice(0, count);
  const items = new Int32Array(keys.length);
  keys.forEach((k, s) => { items[cursor[k]++] = s; });
  return [start, items];
}
