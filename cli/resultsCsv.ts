/**
 * Results as CSV for spreadsheets and pandas: one tidy table of spikes and one of trace samples (long format,
 * one row per sample), since traces of different neurons and converters have different time bases.
 */
import type { RunResults } from '../common/results';

/** Quotes a field only when it needs it (RFC 4180). */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function spikesCsv(results: RunResults): string {
  const rows = ['population,neuron,time_ms'];
  for (const [name, p] of Object.entries(results.populations)) {
    const n = field(name);
    for (let k = 0; k < p.spikes.time_ms.length; k++) rows.push(`${n},${p.spikes.neuron[k]},${p.spikes.time_ms[k]}`);
  }
  return rows.join('\n') + '\n';
}

export function tracesCsv(results: RunResults): string {
  const rows = ['population,neuron,variable,unit,device,time_ms,value'];
  for (const t of results.traces) {
    const prefix = `${field(t.population)},${t.neuron},${t.variable},${t.unit},${t.device}`;
    for (let k = 0; k < t.values.length; k++) rows.push(`${prefix},${+(t.t0_ms + k * t.dt_ms).toFixed(6)},${t.values[k]}`);
  }
  return rows.join('\n') + '\n';
}
