/**
 * Two runs in one picture: the run on screen and a second one (typically the same experiment recorded by a
 * PyNN backend and read with `bss2 import`). The overlay is itself a RunResults, so the raster and traces views
 * draw it unchanged: every population of the second run becomes a group of its own right below the same
 * population of the first ("exc", then "exc · pyNN.neuron"), in its own colour, and its traces join those of
 * the first on the axis of their unit.
 */
import type { RunResults } from '../../common/results';

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
    traces: [...a.traces, ...b.traces.map((t) => ({ ...t, population: overlayName(t.population, labelB) }))],
    weights: a.weights,
    warnings: [...a.warnings, ...b.warnings.map((w) => `${labelB}: ${w}`)],
  };
}
