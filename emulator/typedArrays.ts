/** Growth of the typed arrays that the emulator's step loop appends to (they stay typed so that nothing boxes). */

type NumericArray = Float64Array | Int32Array | Uint8Array;

/** A copy of `array` in a new array of `length` elements (≥ array.length); the rest is zero. */
export function grown<T extends NumericArray>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
