/**
 * Values of the options several commands share (`--seed`, `--duration`, `--timestep`), parsed one way so that
 * `bss2 run` and `bss2 export` accept and refuse the same text with the same message.
 */
import { lookupUnit } from '../server/language/units';

/** A time with an optional unit (`200`, `200ms`, `1.5 s`, `25us`), in ms; undefined if it is not one. */
export function parseTimeMs(text: string): number | undefined {
  const match = /^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-zµ]*)\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  if (match[2] === '') return value;
  const unit = lookupUnit(match[2]);
  if (!unit || unit.dimension !== 'time') return undefined;
  return value * 10 ** unit.exponent;
}

/** `--seed`: an unsigned 32-bit integer (the width of the experiment seed), or the message that refuses it. */
export function parseSeed(text: string | undefined): number | string {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(n) || n > 0xffffffff) {
    return `--seed needs an integer from 0 to 4294967295, found '${text ?? ''}'`;
  }
  return n;
}

/** `--duration`: a positive time, in ms, or the message that refuses it. */
export function parseDurationMs(text: string | undefined): number | string {
  const ms = text === undefined ? undefined : parseTimeMs(text);
  if (ms === undefined || !(ms > 0)) return `--duration needs a positive time such as 200ms or 1.5s, found '${text ?? ''}'`;
  return ms;
}
