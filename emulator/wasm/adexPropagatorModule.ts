/**
 * Loads the WebAssembly propagator kernel (source: emulator/wasm/assembly/adexPropagator.ts) and lays out the
 * memory it shares with an AdExGroup: the group's state arrays are typed-array views into one WebAssembly.Memory,
 * so the kernel and the JavaScript paths (adaptive integration, fan-outs, readers) work on the same numbers.
 * The memory is sized once and never grows (growing would detach the views).
 */
import { WASM_BASE64 } from './adexPropagatorBinary';

/** The kernel's exports (see the AssemblyScript source for what each does). */
export interface PropagatorExports {
  configure(expTable: number, tableMin: number, tableRes: number, carryMax: number, seriesMax: number, limitMv: number, bandSubsteps: number, bandBlockBytes: number): void;
  bind(state: number, needsExact: number, exact: number, bandList: number): void;
  bindSynapses(post: number, channel: number, amount: number, kernelOf: number, kick: number, excitatory: number): void;
  fanOut(start: number, end: number, scale: number, sets: number): void;
  propagateSets(coefficients: number, stride: number, step: number, members: number, starts: number, sets: number, t0: number, t1: number, kicked: number): number;
  exactCount: WebAssembly.Global;
  done: WebAssembly.Global;
  bandCount: WebAssembly.Global;
  runawayNeuron: WebAssembly.Global;
  runawayV: WebAssembly.Global;
  runawayW: WebAssembly.Global;
  STATE_CAPACITY: WebAssembly.Global;
  STATE_STRIDE: WebAssembly.Global;
  STATE_ARRAYS: WebAssembly.Global;
}

/**
 * The kernel's state block (`bind`): V, w, I_E, I_I, stimulus, refractory end, F and the kicks of V, w, I_E, I_I,
 * then nine arrays of the vector loop's scratch; twenty arrays of f64 for up to STATE_CAPACITY neurons,
 * STATE_STRIDE bytes apart. The kernel addresses them with
 * these distances as constants (its source's STATE_* exports; instantiatePropagator checks that they agree).
 */
export const STATE_CAPACITY = 2048;
export const STATE_STRIDE = STATE_CAPACITY * 8 + 320;
export const STATE_ARRAYS = 20;

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled kernel, or null where this WebAssembly engine lacks what it needs (SIMD); the group then uses its
 * JavaScript kernel, which gives the same bits.
 */
export function propagatorModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(WASM_BASE64, 'base64');
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

const PAGE_BYTES = 65536;

/** A bump allocator over one memory: reserve everything first, then `create` the memory and take the views. */
export class SharedArena {
  private bytes = 0;
  private memory: WebAssembly.Memory | null = null;

  /** Reserves `count` elements of `bytesPerElement` (aligned to 8 bytes); returns their byte offset. */
  reserve(count: number, bytesPerElement: number): number {
    const offset = this.bytes;
    this.bytes += Math.ceil((count * bytesPerElement) / 8) * 8;
    return offset;
  }

  create(): WebAssembly.Memory {
    const pages = Math.max(1, Math.ceil(this.bytes / PAGE_BYTES));
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    return this.memory;
  }

  private buffer(): ArrayBuffer {
    if (this.memory === null) throw new Error('SharedArena: create() the memory before taking views');
    return this.memory.buffer;
  }

  f64(offset: number, count: number): Float64Array { return new Float64Array(this.buffer(), offset, count); }
  i32(offset: number, count: number): Int32Array { return new Int32Array(this.buffer(), offset, count); }
  u8(offset: number, count: number): Uint8Array { return new Uint8Array(this.buffer(), offset, count); }
  u16(offset: number, count: number): Uint16Array { return new Uint16Array(this.buffer(), offset, count); }
}

export function instantiatePropagator(module: WebAssembly.Module, memory: WebAssembly.Memory): PropagatorExports {
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as PropagatorExports;
  if (wasm.STATE_CAPACITY.value !== STATE_CAPACITY || wasm.STATE_STRIDE.value !== STATE_STRIDE || wasm.STATE_ARRAYS.value !== STATE_ARRAYS) {
    throw new Error('the WebAssembly propagator lays out its state otherwise than adexPropagatorModule.ts: run npm run build:wasm');
  }
  return wasm;
}
