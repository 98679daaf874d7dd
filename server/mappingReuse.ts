/**
 * Reusing the previous mapping of a document when an edit cannot change it. The mapper is a pure function of
 * the checked model (server/language/model.ts) and the options, so two models that are equal except where their
 * nodes sit in the text map to the same configuration and resources, and to the same diagnostics at moved
 * places. `sameModel` walks the previous and the new model side by side and pairs their ranges (a range written
 * in one and absent in the other, as for a value taken by default, is a difference); the ranges of the previous
 * mapping's diagnostics are then re-anchored to the new model's nodes.
 *
 * Re-anchoring is exact or nothing: a diagnostic range that is not the range of a model node (e.g. a place
 * inside a plasticity rule's body, computed from an offset), or whose old place stands for two different new
 * places, makes the caller map again. So a reused result is always the result a full mapping would give.
 */
import type { Diagnostic } from './language/diagnostic';
import type { Experiment } from './language/model';
import type { Range } from './language/position';

/** Old and new range of the same model node, in walk order. */
export interface RangePairs {
  before: Range[];
  after: Range[];
}

function isRange(value: object): value is Range {
  const r = value as Partial<Range>;
  return (
    typeof r.start === 'object' && r.start !== null && typeof r.end === 'object' && r.end !== null &&
    typeof r.start.line === 'number' && typeof r.start.character === 'number' &&
    typeof r.end.line === 'number' && typeof r.end.character === 'number'
  );
}

/**
 * The pairs of corresponding ranges when `before` and `after` are the same model apart from positions, else
 * undefined. Plain data only: a Map, a Set or a class instance other than a typed array is never called equal.
 */
export function sameModel(before: Experiment, after: Experiment): RangePairs | undefined {
  const pairs: RangePairs = { before: [], after: [] };
  return equal(before, after, pairs) ? pairs : undefined;
}

/** Pairs of ranges, and the indices (ascending) of the populations whose neuron parameters differ (none: sameModel). */
export interface LayoutPairs extends RangePairs {
  changed: number[];
}

/**
 * Like sameModel, but the parameters (`params`) of one-circuit neuron populations may differ: they reach only
 * the parameter translation and the refractory clocks (server/mapper/index.ts remapNeuronParameters), never the
 * placement or the routing. Undefined when anything else differs; with `changed` empty when nothing does (then
 * it is sameModel's answer, in one walk of the models instead of two).
 */
export function sameLayout(before: Experiment, after: Experiment): LayoutPairs | undefined {
  const pairs: LayoutPairs = { before: [], after: [], changed: [] };
  const x = before as unknown as Record<string, unknown>;
  const y = after as unknown as Record<string, unknown>;
  if (!equalExcept(x, y, 'populations', pairs)) return undefined;
  const p = before.populations;
  const q = after.populations;
  if (!Array.isArray(p) || !Array.isArray(q) || p.length !== q.length) return undefined;
  for (let i = 0; i < p.length; i++) {
    const u = p[i];
    const v = q[i];
    if (u === v) continue;
    const parametersOnly = u.kind === 'neuron' && v.kind === 'neuron' && !u.morphology && !v.morphology;
    if (!parametersOnly) {
      if (!equal(u, v, pairs)) return undefined;
      continue;
    }
    if (!equalExcept(u as unknown as Record<string, unknown>, v as unknown as Record<string, unknown>, 'params', pairs)) return undefined;
    // The ranges of a changed population's parameters are not needed: its diagnostics are computed again.
    const mark = pairs.before.length;
    if (!equal(u.params, v.params, pairs)) {
      pairs.before.length = mark;
      pairs.after.length = mark;
      pairs.changed.push(i);
    }
  }
  return pairs;
}

/** Two plain objects equal in every key but `skip` (which both must have). */
function equalExcept(x: Record<string, unknown>, y: Record<string, unknown>, skip: string, pairs: RangePairs): boolean {
  if (Object.getPrototypeOf(x) !== Object.prototype || Object.getPrototypeOf(y) !== Object.prototype) return false;
  if (!(skip in x) || !(skip in y)) return false;
  return equalFields(x, y, pairs, skip);
}

/**
 * Two plain objects with the same keys (compared as sets: for...in allocates nothing, unlike Object.keys; the
 * order of a model's fields is the order the checker writes them in, not something a file can change) and equal
 * values under every key but `skip`.
 */
function equalFields(x: Record<string, unknown>, y: Record<string, unknown>, pairs: RangePairs, skip?: string): boolean {
  let count = 0;
  for (const k in x) {
    count++;
    if (k === skip) continue;
    const u = x[k];
    const v = y[k];
    if (u === v) continue;
    if (v === undefined && !(k in y)) return false;
    if (!equal(u, v, pairs)) return false;
  }
  for (const _k in y) count--;
  return count === 0;
}

function equal(a: unknown, b: unknown, pairs: RangePairs): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN is a value like any other here: the same NaN maps the same way.
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      // Most entries are numbers or strings: compare them here instead of in another call.
      if (x !== y && !equal(x, y, pairs)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const protoA = Object.getPrototypeOf(a);
  if (protoA !== Object.getPrototypeOf(b)) return false;
  if (protoA !== Object.prototype) {
    if (!ArrayBuffer.isView(a)) return false; // a Map, a Set, a class instance: not compared, so never equal
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (isRange(a)) {
    if (!isRange(b)) return false;
    pairs.before.push(a);
    pairs.after.push(b);
    return true;
  }
  return equalFields(a as Record<string, unknown>, b as Record<string, unknown>, pairs);
}

function sameCoordinates(x: Range, y: Range): boolean {
  return x.start.line === y.start.line && x.start.character === y.start.character && x.end.line === y.end.line && x.end.character === y.end.character;
}

/**
 * The previous mapping's diagnostics with every range moved from the old model's node to the same node of the
 * new model. Undefined when a range cannot be moved exactly; the caller then maps again.
 */
export function reanchor(diagnostics: readonly Diagnostic[], pairs: RangePairs): Diagnostic[] | undefined {
  let exact = true;
  // Few diagnostics (the usual case): scan the pairs for each range; many: index the old places once.
  let index: Map<string, number[]> | undefined;
  const coordinates = (r: Range): string => `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;
  if (diagnostics.length > 8) {
    index = new Map();
    pairs.before.forEach((r, i) => {
      const k = coordinates(r);
      const list = index!.get(k);
      if (list) list.push(i);
      else index!.set(k, [i]);
    });
  }
  const target = (range: Range): Range | undefined => {
    let found: Range | undefined;
    const candidates = index ? (index.get(coordinates(range)) ?? []) : pairs.before.keys();
    for (const i of candidates) {
      if (!sameCoordinates(pairs.before[i], range)) continue;
      if (found && !sameCoordinates(found, pairs.after[i])) return undefined; // one old place, two new ones
      found = pairs.after[i];
    }
    return found;
  };
  const move = (value: unknown): unknown => {
    if (!exact || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map(move);
    if (isRange(value)) {
      const moved = target(value);
      if (!moved) {
        exact = false;
        return value;
      }
      return { start: { ...moved.start }, end: { ...moved.end } };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = move(v);
    return out;
  };
  const result = diagnostics.map((d) => move(d) as Diagnostic);
  return exact ? result : undefined;
}
