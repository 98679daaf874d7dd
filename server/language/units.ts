/**
 * Physical units of the experiment language and their conversion into the internal unit system.
 *
 * Internal units (see model.ts): time ms, voltage mV, current pA, conductance nS, capacitance pF, frequency Hz.
 * They are chosen so that the AdEx equations hold without factors (pF * mV / ms = pA, nS * mV = pA).
 * Every quantity in a file is converted exactly once, here, when the checker reads it; nothing downstream
 * ever sees a unit again.
 */

export type Dimension = 'time' | 'voltage' | 'current' | 'conductance' | 'capacitance' | 'frequency' | 'dimensionless';

export interface UnitInfo {
  /** Canonical spelling (ASCII `u` for micro). */
  symbol: string;
  dimension: Dimension;
  /** Power of ten that takes a value in this unit to the internal unit of its dimension. */
  exponent: number;
  /** Human name, for hover and docs. */
  name: string;
}

/** The internal unit of each dimension (the one with exponent 0). */
export const INTERNAL_UNIT: Record<Dimension, string> = {
  time: 'ms',
  voltage: 'mV',
  current: 'pA',
  conductance: 'nS',
  capacitance: 'pF',
  frequency: 'Hz',
  dimensionless: '',
};

/** Words used in messages: "a time was expected". */
export const DIMENSION_NOUN: Record<Dimension, string> = {
  time: 'a time',
  voltage: 'a voltage',
  current: 'a current',
  conductance: 'a conductance',
  capacitance: 'a capacitance',
  frequency: 'a frequency',
  dimensionless: 'a plain number',
};

function unit(symbol: string, dimension: Dimension, exponent: number, name: string): UnitInfo {
  return { symbol, dimension, exponent, name };
}

/** Every unit the language accepts, in documentation order. */
export const UNITS: readonly UnitInfo[] = [
  unit('s', 'time', 3, 'second'),
  unit('ms', 'time', 0, 'millisecond'),
  unit('us', 'time', -3, 'microsecond'),
  unit('ns', 'time', -6, 'nanosecond'),
  unit('V', 'voltage', 3, 'volt'),
  unit('mV', 'voltage', 0, 'millivolt'),
  unit('uV', 'voltage', -3, 'microvolt'),
  unit('A', 'current', 12, 'ampere'),
  unit('mA', 'current', 9, 'milliampere'),
  unit('uA', 'current', 6, 'microampere'),
  unit('nA', 'current', 3, 'nanoampere'),
  unit('pA', 'current', 0, 'picoampere'),
  unit('S', 'conductance', 9, 'siemens'),
  unit('mS', 'conductance', 6, 'millisiemens'),
  unit('uS', 'conductance', 3, 'microsiemens'),
  unit('nS', 'conductance', 0, 'nanosiemens'),
  unit('pS', 'conductance', -3, 'picosiemens'),
  unit('F', 'capacitance', 12, 'farad'),
  unit('uF', 'capacitance', 6, 'microfarad'),
  unit('nF', 'capacitance', 3, 'nanofarad'),
  unit('pF', 'capacitance', 0, 'picofarad'),
  unit('Hz', 'frequency', 0, 'hertz'),
  unit('kHz', 'frequency', 3, 'kilohertz'),
];

const BY_SYMBOL = new Map(UNITS.map((u) => [u.symbol, u]));

/** `µ` (micro sign U+00B5) and `μ` (Greek mu U+03BC) are accepted for the ASCII `u`. */
export function canonicalUnitSymbol(text: string): string {
  return text.replace(/^[\u00b5\u03bc]/, 'u');
}

export function lookupUnit(text: string): UnitInfo | undefined {
  return BY_SYMBOL.get(canonicalUnitSymbol(text));
}

export function unitsOfDimension(dimension: Dimension): UnitInfo[] {
  return UNITS.filter((u) => u.dimension === dimension);
}

/**
 * Converts a number literal written in `unit` to internal units. Working on the literal's decimal text
 * (shifting its exponent) gives the correctly rounded result: `0.281 nF` becomes exactly 281, where
 * multiplying the double 0.281 by 1000 could leave a trailing error.
 */
export function convertLiteral(literal: string, info: UnitInfo | undefined): number {
  const shift = info?.exponent ?? 0;
  if (shift === 0) return Number(literal);
  const match = /^([^eE]*)(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!match) return convertValue(Number(literal), info);
  const exponent = (match[2] === undefined ? 0 : Number(match[2])) + shift;
  return Number(`${match[1]}e${exponent}`);
}

/** Converts a number (not a literal) given in `unit` to internal units. */
export function convertValue(value: number, info: UnitInfo | undefined): number {
  const shift = info?.exponent ?? 0;
  // Dividing by an exact power of ten rounds better than multiplying by an inexact one (1e-3).
  return shift >= 0 ? value * 10 ** shift : value / 10 ** -shift;
}

/** Formats an internal value with its internal unit, for messages: `20 ms`, `-65 mV`, `0.5`. */
export function formatQuantity(value: number, dimension: Dimension): string {
  const text = Number.isFinite(value) ? String(Number(value.toPrecision(10))) : value > 0 ? 'infinity' : '-infinity';
  const u = INTERNAL_UNIT[dimension];
  return u ? `${text} ${u}` : text;
}
