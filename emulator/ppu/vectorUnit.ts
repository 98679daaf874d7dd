/**
 * The arithmetic of the PPU's vector unit, lane by lane, for 8-bit and 16-bit signed lanes (facts §7; [NUXDOC]
 * fxv.tex "Saturating and fractional arithmetic"):
 *
 *   add, sub      saturating: the exact result clamped to [-2^(n-1), 2^(n-1) - 1]      (fxvaddbfs/hfs, fxvsubbfs/hfs)
 *   mul           fractional saturating: the 2n-bit product shifted left by one, upper n bits kept; only
 *                 (-1)·(-1) saturates, to 2^(n-1) - 1                                       (fxvmulbfs/hfs)
 *   shr           arithmetic shift right (rounds towards -inf)                              (fxvshb/shh)
 *   shl           shift left keeping the low n bits (wraps, no saturation)                  (fxvshb/shh)
 *   and, or, xor  bitwise on the two's-complement lanes
 *   min, max      compare then select                                                       (fxvcmp + fxvsel)
 *   neg, abs      saturating (neg(-128) = 127 in 8 bits)
 *   cmp           mask lanes: -1 where the condition holds, 0 elsewhere                     (fxvcmp + fxvsel)
 *   select        mask lane ≠ 0 ? a : b                                                     (fxvsel)
 *   widen         8-bit lanes to 16-bit lanes, same value (fxvupck); narrow: 16 to 8 bits, saturating
 *
 * Lanes are held as Int32Array elements; every function writes `out` (which may alias an input).
 */
import type { PpuComparison, PpuVectorBinary, PpuWidth } from '../../common/chip/ppu';

export const laneMin = (w: PpuWidth): number => -(2 ** (w - 1));
export const laneMax = (w: PpuWidth): number => 2 ** (w - 1) - 1;

export function saturate(x: number, w: PpuWidth): number {
  const lo = laneMin(w), hi = laneMax(w);
  return x < lo ? lo : x > hi ? hi : x;
}

/** Two's-complement wrap to n bits. */
export function wrap(x: number, w: PpuWidth): number {
  const m = 2 ** w;
  const r = ((x % m) + m) % m;
  return r > laneMax(w) ? r - m : r;
}

/** Fractional saturating multiply of two n-bit lanes. */
export function mulFrac(a: number, b: number, w: PpuWidth): number {
  return saturate(Math.floor((2 * a * b) / 2 ** w), w);
}

export function binaryLane(fn: PpuVectorBinary, a: number, b: number, w: PpuWidth): number {
  switch (fn) {
    case 'add': return saturate(a + b, w);
    case 'sub': return saturate(a - b, w);
    case 'mul': return mulFrac(a, b, w);
    case 'shl': return wrap(a * 2 ** (b & 15), w);
    case 'shr': return a >> (b & 15);
    case 'and': return wrap(a & b, w);
    case 'or': return wrap(a | b, w);
    case 'xor': return wrap(a ^ b, w);
    case 'min': return Math.min(a, b);
    case 'max': return Math.max(a, b);
  }
}

export function binary(fn: PpuVectorBinary, out: Int32Array, a: Int32Array, b: Int32Array, w: PpuWidth): void {
  for (let i = 0; i < out.length; i++) out[i] = binaryLane(fn, a[i], b[i], w);
}

export function shift(fn: 'shl' | 'shr', out: Int32Array, a: Int32Array, amount: number, w: PpuWidth): void {
  for (let i = 0; i < out.length; i++) out[i] = binaryLane(fn, a[i], amount, w);
}

export function unary(fn: 'neg' | 'not' | 'abs' | 'widen' | 'narrow' | 'mov', out: Int32Array, a: Int32Array, w: PpuWidth): void {
  for (let i = 0; i < out.length; i++) {
    const x = a[i];
    switch (fn) {
      case 'neg': out[i] = saturate(-x, w); break;
      case 'abs': out[i] = saturate(Math.abs(x), w); break;
      case 'not': out[i] = wrap(~x, w); break;
      case 'widen': out[i] = x; break;
      case 'narrow': out[i] = saturate(x, 8); break;
      case 'mov': out[i] = x; break;
    }
  }
}

export function compareLane(fn: PpuComparison, a: number, b: number): boolean {
  switch (fn) {
    case 'gt': return a > b;
    case 'lt': return a < b;
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'ge': return a >= b;
    case 'le': return a <= b;
  }
}

export function compare(fn: PpuComparison, out: Int32Array, a: Int32Array, b: Int32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = compareLane(fn, a[i], b[i]) ? -1 : 0;
}

export function select(out: Int32Array, mask: Int32Array, a: Int32Array, b: Int32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = mask[i] !== 0 ? a[i] : b[i];
}
