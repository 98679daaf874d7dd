/**
 * The one pseudo-random number generator of the product, shared by the mapper (random connectivity, external
 * Poisson trains, background generator seeds) and the emulator, so that a seed means the same thing everywhere.
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 2021),
 * 32-bit state words, period 2^128 - 1. Its state is filled from a 32-bit seed with splitmix32 (a 32-bit variant of
 * Steele et al.'s SplitMix; the mixing function is the "lowbias32" finalizer by C. Wellons).
 *
 * Streams: every consumer draws from its own stream, derived from the experiment seed and a path of names, e.g.
 * `createStream(seed, 'connector', 'exc->inh')`. The path is hashed with 32-bit FNV-1a (each part followed by a
 * 0 separator) and mixed with the seed, so adding a projection never changes the connectivity of another one.
 */

const UINT32 = 0x1_0000_0000;

/** Avalanching 32-bit mix ("lowbias32"). */
export function mix32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** 32-bit FNV-1a over the UTF-16 code units of the parts, each followed by a 0 separator. */
function hashPath(parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h = Math.imul(h ^ 0, 0x01000193);
  }
  return h >>> 0;
}

/** The seed of the stream named by `path` under `seed` (an unsigned 32-bit integer). */
export function deriveSeed(seed: number, ...path: Array<string | number>): number {
  return mix32((mix32(seed >>> 0) ^ hashPath(path)) + 0x9e3779b9);
}

export class Random {
  /**
   * The four state words s0..s3, as 32-bit patterns. In an Int32Array rather than four number fields: a word
   * beyond ±2^30 is no small integer to V8, so storing it in a field allocated a heap number (≈ 25 bytes of
   * garbage per nextFloat). Every operation below reads its operands as 32-bit patterns: the sequence is the same.
   */
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    let z = seed >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      return mix32(z);
    };
    const s = this.s;
    s[0] = next();
    s[1] = next();
    s[2] = next();
    s[3] = next();
    // The all-zero state is the one fixed point of xoshiro; splitmix32 cannot produce four zeros, but be explicit.
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    // xoshiro128**'s update (s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)) with the words in
    // locals: a short function, which V8 inlines into its callers more readily.
    const s = this.s;
    const s0 = s[0], s1 = s[1], s2 = s[2] ^ s0, s3 = s[3] ^ s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, n) without modulo bias (rejection sampling); n in 1..2^32. */
  nextInt(n: number): number {
    if (!(n >= 1 && n <= UINT32 && Number.isInteger(n))) throw new RangeError(`nextInt: bound ${n} is not in 1..2^32`);
    const limit = UINT32 - (UINT32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Exponentially distributed with the given rate (mean 1 / rate). */
  nextExponential(rate: number): number {
    return -Math.log(1 - this.nextFloat()) / rate;
  }

  /** Bernoulli trial with probability p. */
  nextBoolean(p: number): boolean {
    return this.nextFloat() < p;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A generator for the stream named by `path` under the experiment seed. */
export function createStream(seed: number, ...path: Array<string | number>): Random {
  return new Random(deriveSeed(seed, ...path));
}
