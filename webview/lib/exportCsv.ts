/**
 * CSV export of what the panels show (RFC 4180: comma separated, CRLF, fields with commas, quotes or line
 * breaks quoted). Population, compartment and projection names come from user files: a name starting with = + - @ or a tab
 * is prefixed with an apostrophe so that a spreadsheet opening the file does not run it as a formula (OWASP
 * "CSV injection").
 */
import type { PopulationResults, Trace, WeightSnapshot } from '../../common/results';

export function csvField(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(rows: Array<Array<string | number>>): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One line per spike: population, neuron, time_ms. */
export function spikesToCsv(populations: Record<string, PopulationResults>): string {
  const rows: Array<Array<string | number>> = [['population', 'neuron', 'time_ms']];
  for (const [name, p] of Object.entries(populations)) {
    for (let i = 0; i < p.spikes.time_ms.length; i++) rows.push([name, p.spikes.neuron[i], p.spikes.time_ms[i]]);
  }
  return csv(rows);
}

/**
 * Long format, one line per sample: population, neuron, variable, unit, time_ms, value. When a trace belongs to a
 * compartment of a multi-compartment neuron, a `compartment` column follows `neuron` (empty for the traces of
 * one-compartment neurons); files of runs without compartments keep their columns.
 */
export function tracesToCsv(traces: Trace[]): string {
  const withCompartment = traces.some((t) => t.compartment !== undefined);
  const rows: Array<Array<string | number>> = [
    withCompartment ? ['population', 'neuron', 'compartment', 'variable', 'unit', 'time_ms', 'value'] : ['population', 'neuron', 'variable', 'unit', 'time_ms', 'value'],
  ];
  for (const t of traces) {
    const who: Array<string | number> = withCompartment ? [t.population, t.neuron, t.compartment ?? ''] : [t.population, t.neuron];
    for (let i = 0; i < t.values.length; i++) rows.push([...who, t.variable, t.unit, t.t0_ms + i * t.dt_ms, t.values[i]]);
  }
  return csv(rows);
}

/** One line per existing synapse and snapshot: projection, time_ms, pre, post, weight. */
export function weightsToCsv(snapshots: WeightSnapshot[]): string {
  const rows: Array<Array<string | number>> = [['projection', 'time_ms', 'pre', 'post', 'weight']];
  for (const s of snapshots) {
    s.matrix.forEach((line, pre) =>
      line.forEach((w, post) => {
        if (w !== null) rows.push([s.projection, s.time_ms, pre, post, w]);
      }),
    );
  }
  return csv(rows);
}
