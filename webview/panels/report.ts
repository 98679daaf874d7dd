/**
 * Browser entry of the standalone HTML report (`bss2 run FILE --html OUT.html`): the traces, raster and weights
 * views on one page, fed from the results embedded in the page as JSON. Nothing is fetched; the page works
 * offline.
 */
import '../styles/panel.css';
import { validateRunResults } from '../../common/results';
import { loadChartJs } from '../lib/chartjs';
import { el } from '../lib/dom';
import { connectHost } from '../lib/messages';
import { RunStore } from '../lib/runStore';
import { watchTheme } from '../lib/theme';
import { RasterView } from '../views/raster';
import { TracesView } from '../views/traces';
import { WeightsView } from '../views/weights';

async function main(): Promise<void> {
  const root = document.getElementById('app') ?? document.body;
  const status = el('p', 'status');
  status.setAttribute('role', 'status');
  root.append(status);
  const embedded = document.getElementById('bss2-results');
  let data: unknown;
  try {
    data = JSON.parse(embedded?.textContent ?? 'null');
  } catch (error) {
    status.textContent = `The results embedded in this report are not valid JSON: ${String(error)}`;
    return;
  }
  const problems = validateRunResults(data);
  if (problems.length > 0) {
    status.textContent = `The results embedded in this report are not valid: ${problems.slice(0, 3).join('; ')}`;
    return;
  }
  await loadChartJs();
  const store = new RunStore();
  store.setResults(data as Parameters<RunStore['setResults']>[0]);
  const host = connectHost();
  const sections = ['traces', 'raster', 'weights'].map((name) => {
    const section = el('section', `report-section report-${name}`);
    section.setAttribute('aria-label', name);
    root.append(section);
    return section;
  });
  const views = [new TracesView(sections[0], host), new RasterView(sections[1], host), new WeightsView(sections[2], host)];
  const draw = () => views.forEach((v) => v.render(store));
  draw();
  watchTheme(() => {
    views.forEach((v) => v.retheme());
    draw();
  });
}

void main();
