/**
 * What the mapping made of a population or a projection, in words for hover and inlay hints: where a population
 * sits on the chip, how many synapse rows and drivers a projection occupies, or why there is no mapping yet.
 */
import type { DocumentAnalysis } from '../analysis';
import type { ProjectionStatement } from '../language/ast';
import { Severity } from '../language/diagnostic';
import { comparePositions, type Range } from '../language/position';

export interface ProjectionUsage {
  rows: number;
  drivers: number;
  synapses: number;
  hemispheres: number[];
}

/** Columns of a population per hemisphere: `hemisphere 0, columns 0..99 (100)`; undefined for sources. */
export function placementText(analysis: DocumentAnalysis, name: string): string | undefined {
  const configuration = analysis.configuration;
  const entry = configuration?.source.populations.find((p) => p.name === name);
  if (!configuration || !entry?.circuits) return undefined;
  const byHemisphere = new Map<number, { min: number; max: number; n: number }>();
  for (const i of entry.circuits) {
    const n = configuration.neurons[i];
    if (!n) continue;
    const h = byHemisphere.get(n.hemisphere) ?? { min: Infinity, max: -Infinity, n: 0 };
    h.min = Math.min(h.min, n.column);
    h.max = Math.max(h.max, n.column);
    h.n++;
    byHemisphere.set(n.hemisphere, h);
  }
  const logical = entry.logicalNeurons?.map((i) => configuration.logicalNeurons?.[i]).filter((n) => n !== undefined);
  if (logical && logical.length > 0) {
    // Multi-compartment neurons take both rows: their columns, and what one neuron takes.
    const columns = logical.flatMap((n) => n.compartments.flatMap((c) => c.circuits)).map((i) => configuration.neurons[i].column);
    const circuits = logical[0].compartments.reduce((k, c) => k + c.circuits.length, 0);
    const perNeuron = new Set(logical[0].compartments.flatMap((c) => c.circuits).map((i) => configuration.neurons[i].column)).size;
    return `both rows, columns ${Math.min(...columns)}..${Math.max(...columns)}; per neuron ${logical[0].compartments.length} compartments, ${circuits} circuits, ${perNeuron} column${perNeuron === 1 ? '' : 's'}`;
  }
  return [...byHemisphere]
    .sort(([a], [b]) => a - b)
    .map(([h, c]) => `hemisphere ${h}, columns ${c.min}..${c.max} (${c.n})`)
    .join('; ');
}

/** Index of a projection statement among the experiment's projections (they keep file order). */
function projectionIndex(analysis: DocumentAnalysis, statement: ProjectionStatement): number {
  const projections = analysis.analysis.experiment?.projections ?? [];
  return projections.findIndex(
    (p) => comparePositions(p.range.start, statement.range.start) === 0 && comparePositions(p.range.end, statement.range.end) === 0,
  );
}

/** Rows, drivers and synapses the mapped projection occupies; undefined without a configuration. */
export function projectionUsage(analysis: DocumentAnalysis, statement: ProjectionStatement): ProjectionUsage | undefined {
  const configuration = analysis.configuration;
  if (!configuration) return undefined;
  const index = projectionIndex(analysis, statement);
  if (index < 0) return undefined;
  const drivers = new Set<string>();
  const hemispheres = new Set<number>();
  let rows = 0;
  let synapses = 0;
  for (const row of configuration.synapseRows) {
    let here = 0;
    for (const p of row.projection) if (p === index) here++;
    if (here === 0) continue;
    rows++;
    synapses += here;
    hemispheres.add(row.hemisphere);
    // Driver i drives rows 2i and 2i+1 (common/chip/configuration.ts).
    drivers.add(`${row.hemisphere}:${Math.floor(row.row / 2)}`);
  }
  return { rows, drivers: drivers.size, synapses, hemispheres: [...hemispheres].sort() };
}

/** Why the file has no mapping: the first error inside `range`, else the first error of the file. */
export function whyUnmapped(analysis: DocumentAnalysis, range?: Range): string {
  const errors = analysis.diagnostics.filter((d) => d.severity === Severity.Error);
  if (!analysis.analysis.experiment) return 'the file has no `experiment` statement to map';
  if (errors.length === 0) return 'the experiment could not be mapped';
  const inside = range
    ? errors.find((d) => comparePositions(range.start, d.range.start) <= 0 && comparePositions(d.range.end, range.end) <= 0)
    : undefined;
  const first = inside ?? errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  const message = first.message.length > 160 ? `${first.message.slice(0, 157)}...` : first.message;
  return `${inside ? '' : `line ${first.range.start.line + 1}: `}${message} [${first.code}]${more}`;
}
