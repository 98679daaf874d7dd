/** Biological and hardware time: the chip runs `SPEEDUP` times faster than the biology it emulates. */
import { SPEEDUP } from '../../common/chip/limits';

const MICROSECONDS_PER_MILLISECOND = 1000;

/** Hardware (wall-clock) microseconds that emulate `bioMs` biological milliseconds. */
export function hardwareUsOfBioMs(bioMs: number): number {
  return (bioMs * MICROSECONDS_PER_MILLISECOND) / SPEEDUP;
}

/** A number with at most `digits` significant decimals and no trailing zeros. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 100 ? 1 : magnitude >= 1 ? digits - 1 : digits + 1;
  return String(Number(value.toFixed(Math.max(0, decimals))));
}

/** "12.5 ms (12.5 µs on chip)": biological time with the hardware time beside it. */
export function formatBioAndHardware(bioMs: number): string {
  return `${formatNumber(bioMs)} ms (${formatNumber(hardwareUsOfBioMs(bioMs))} µs on chip)`;
}
