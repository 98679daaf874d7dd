/**
 * Small combinators for checking plain data that crosses a process boundary (results files, messages between
 * the extension, the emulator and the webviews). A check returns the problems it found, each starting with
 * the JSON path of the offending value, so that a malformed message is reported precisely and never trusted.
 */

/** Returns problems ("path: what is wrong"); an empty array means valid. The type parameter documents the shape. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export type Check<T> = (value: unknown, path: string) => string[];

function at(path: string, message: string): string[] {
  return [`${path || '(root)'}: ${message}`];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

export function string(): Check<string> {
  return (v, path) => (typeof v === 'string' ? [] : at(path, `expected a string, found ${describe(v)}`));
}

export function boolean(): Check<boolean> {
  return (v, path) => (typeof v === 'boolean' ? [] : at(path, `expected true or false, found ${describe(v)}`));
}

export function finiteNumber(min = -Infinity, max = Infinity): Check<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return at(path, `expected a finite number, found ${describe(v)}`);
    if (v < min || v > max) return at(path, `expected a number in ${min}..${max}, found ${v}`);
    return [];
  };
}

export function integer(min = -Infinity, max = Infinity): Check<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return at(path, `expected an integer, found ${describe(v)}`);
    if (v < min || v > max) return at(path, `expected an integer in ${min}..${max}, found ${v}`);
    return [];
  };
}

export function literal<T extends string | number | boolean>(expected: T): Check<T> {
  return (v, path) => (v === expected ? [] : at(path, `expected ${JSON.stringify(expected)}, found ${describe(v)}`));
}

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (v, path) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? []
      : at(path, `expected one of ${values.join(', ')}, found ${describe(v)}`);
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, path) => (v === undefined ? [] : check(v, path));
}

/** Stops at the first few bad elements: a million-element array with one bad type must not give a million lines. */
export function arrayOf<T>(check: Check<T>, maxProblems = 5): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) return at(path, `expected an array, found ${describe(v)}`);
    const problems: string[] = [];
    for (let i = 0; i < v.length && problems.length < maxProblems; i++) problems.push(...check(v[i], `${path}[${i}]`));
    return problems;
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object whose own keys are arbitrary names (not `__proto__`), each value checked alike. */
export function record<T>(check: Check<T>): Check<Record<string, T>> {
  return (v, path) => {
    if (!isPlainObject(v)) return at(path, `expected an object, found ${describe(v)}`);
    const problems: string[] = [];
    for (const key of Object.keys(v)) {
      if (key === '__proto__') problems.push(...at(`${path}.${key}`, 'this key is not allowed'));
      else problems.push(...check(v[key], `${path}.${key}`));
    }
    return problems;
  };
}

/** An object with the given fields; unknown fields are reported so that typos in hand-written files surface. */
export function checkObject<T>(fields: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
  return (v, path) => {
    if (!isPlainObject(v)) return at(path, `expected an object, found ${describe(v)}`);
    const problems: string[] = [];
    for (const key of Object.keys(fields) as Array<keyof T & string>) {
      problems.push(...(fields[key] as Check<unknown>)(v[key], path ? `${path}.${key}` : key));
    }
    for (const key of Object.keys(v)) {
      // Own keys only: `in` would let `__proto__`, `constructor` or `toString` through as known fields.
      if (!Object.prototype.hasOwnProperty.call(fields, key)) problems.push(...at(path ? `${path}.${key}` : key, 'unknown field'));
    }
    return problems;
  };
}
