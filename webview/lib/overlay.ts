/**
 * Two runs in one picture: the run on screen and a second one (typically the same experiment recorded by a
 * PyNN backend and read with `bss2 import`). The overlay is itself a RunResults, so the raster and traces views
 * draw it unchanged: every population of the second run becomes a group of its own right below the same
 * population of the first ("exc", then "exc · pyNN.neuron"), in its own colour, and its traces join those of
 * the first on the axis of their unit. A trace of the second run is drawn right after the trace of the first that
 * records the same thing: same population, neuron, compartment (multi-compartment neurons) and variable, so a
 * compartment is never compared with another compartment of the same neuron.
 */
import type { RunResults, Trace } from '../../common/results';
import { traceKey } from './compartmentTraces';

/** The name a population or trace of the second run gets in the overlay. */
export function overlayName(population: string, label: string): string {
  return `${population} · ${label}`;
}

/** The population of the experiment a group of the overlay shows (what the editor can reveal). */
export function originalPopulation(group: string, label: string | undefined): string {
  const suffix = label === undefined ? undefined : ` · ${label}`;
  return suffix && group.endsWith(suffix) ? group.slice(0, -suffix.length) : group;
}

export function overlayResults(a: RunResults, b: RunResults, labelB: string): RunResults {
  const populations: RunResults['populations'] = {};
  for (const [name, p] of Object.entries(a.populations)) {
    populations[name] = p;
    const other = b.populations[name];
    if (other) populations[overlayName(name, labelB)] = other;
  }
  for (const [name, p] of Object.entries(b.populations)) if (!(name in a.populations)) populations[overlayName(name, labelB)] = p;
  return {
    ...a,
    duration_ms: Math.max(a.duration_ms, b.duration_ms),
    populations,
    traces: pairTraces(a.traces, b.traces, labelB),
    weights: a.weights,
    warnings: [...a.warnings, ...b.warnings.map((w) => `${labelB}: ${w}`)],
  };
}

/**
 * The traces of both runs, each trace of `b` (renamed into the overlay) right after its match in `a`; traces of `b`
 * without a match follow at the end. Holes (traces of a live run not yet received) stay where they are.
 */
function pairTraces(a: Trace[], b: Trace[], labelB: string): Trace[] {
  const unmatched = new Map<string, Trace[]>();
  for (const t of b) {
    if (!t) continue;
    const key = traceKey(t);
    unmatched.set(key, [...(unmatched.get(key) ?? []), t]);
  }
  const rename = (t: Trace): Trace => ({ ...t, population: overlayName(t.population, labelB) });
  const out: Trace[] = [];
  for (const t of a) {
    out.push(t);
    const match = t ? unmatched.get(traceKey(t))?.shift() : undefined;
    if (match) out.push(rename(match));
  }
  for (const t of b) if (t && unmatched.get(traceKey(t))?.includes(t)) out.push(rename(t));
  return out;
}
