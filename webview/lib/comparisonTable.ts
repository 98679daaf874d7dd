/**
 * The differences between two runs as a table under the raster: per population the spike counts of both, their
 * difference and the difference of the first spike times (common/importResults.ts `compareResults`). Built
 * with DOM text nodes only (labels and names come from files: never parsed as HTML).
 */
import { compareResults } from '../../common/importResults';
import type { RunResults } from '../../common/results';
import { el } from './dom';

const fixed = (x: number | null, digits = 2, sign = false) => (x === null ? '–' : `${sign && x > 0 ? '+' : ''}${x.toFixed(digits)}`);

export function comparisonTable(a: RunResults, labelA: string, b: RunResults, labelB: string): HTMLElement {
  const comparison = compareResults(a, b);
  const table = el('table', 'comparison-table');
  table.setAttribute('aria-label', `Differences ${labelB} − ${labelA} per population`);
  const caption = el('caption', undefined, `Differences ${labelB} − ${labelA}`);
  const head = el('tr');
  for (const h of ['population', `spikes ${labelA}`, `spikes ${labelB}`, 'difference', 'first spike Δ (ms)', 'mean |Δ first| per neuron (ms)']) head.append(el('th', undefined, h));
  const body = el('tbody');
  for (const p of comparison.populations) {
    const row = el('tr');
    row.dataset.population = p.population;
    const relative = p.relative_difference === null ? '' : ` (${fixed(p.relative_difference * 100, 1, true)} %)`;
    for (const cell of [
      p.population,
      String(p.spikes_a),
      String(p.spikes_b),
      `${fixed(p.spike_difference, 0, true)}${relative}`,
      fixed(p.first_spike_difference_ms, 2, true),
      p.neurons_compared > 0 ? `${fixed(p.mean_abs_first_spike_difference_ms)} (${p.neurons_compared} neurons)` : '–',
    ]) row.append(el('td', undefined, cell));
    body.append(row);
  }
  const thead = el('thead');
  thead.append(head);
  table.append(caption, thead, body);
  const box = el('div', 'comparison');
  box.append(table);
  const missing = [...comparison.only_in_a.map((n) => `${n} only in ${labelA}`), ...comparison.only_in_b.map((n) => `${n} only in ${labelB}`)];
  if (missing.length > 0) box.append(el('p', 'help', missing.join('; ')));
  return box;
}
