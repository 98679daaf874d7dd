/**
 * The frame every panel runs in: connects to the extension, keeps the run on screen (RunStore), and redraws the
 * view at most `MAX_LIVE_REDRAWS_PER_SECOND` times a second while a run streams results.
 */
import { MAX_LIVE_REDRAWS_PER_SECOND, type PanelKind, type ToPanelMessage } from '../../common/protocol/webview';
import type { ChipConfiguration } from '../../common/chip/configuration';
import { loadChartJs } from './chartjs';
import { el } from './dom';
import { type Host, connectHost, listen } from './messages';
import { RunStore } from './runStore';
import { RedrawThrottle } from './throttle';
import { watchTheme } from './theme';

export interface View {
  /** Draws the store's results (called after every change, throttled). */
  render(store: RunStore): void;
  /** The theme changed: rebuild colours. */
  retheme(): void;
  showConfiguration?(configuration: ChipConfiguration): void;
}

/** Status line: what is shown (run phase, failure message as text). */
function statusText(store: RunStore, panel: PanelKind): string {
  if (panel === 'chip') return '';
  const name = store.results?.experiment ?? '';
  switch (store.phase) {
    case 'empty':
      return 'No results yet: run an experiment.';
    case 'waiting':
      return 'Run started, waiting for the first results…';
    case 'live':
      return `${name}: running, ${Math.round(store.time_ms)} ms of ${Math.round(store.results?.duration_ms ?? 0)} ms`;
    case 'cancelled':
      return `${name}: run cancelled at ${Math.round(store.time_ms)} ms.`;
    case 'failed':
      return `${name}: run failed: ${store.error ?? 'unknown error'}`;
    default:
      return `${name}: ${store.results?.duration_ms ?? 0} ms, seed ${store.results?.seed ?? 0}`;
  }
}

export async function startPanel(panel: PanelKind, create: (root: HTMLElement, host: Host) => View): Promise<{ store: RunStore; view: View; host: Host }> {
  const host = connectHost();
  await loadChartJs();
  const root = document.getElementById('app') ?? document.body.appendChild(el('main'));
  const status = el('p', 'status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  root.append(status);
  const view = create(root, host);
  const store = new RunStore();
  const redraw = new RedrawThrottle(() => {
    status.textContent = statusText(store, panel);
    view.render(store);
  }, MAX_LIVE_REDRAWS_PER_SECOND);
  status.textContent = statusText(store, panel);
  watchTheme(() => {
    view.retheme();
    redraw.request();
  });
  listen(host, panel, (message: ToPanelMessage) => {
    switch (message.type) {
      case 'results':
        store.setResults(message.results, message.comparison, message.label);
        break;
      case 'chunk':
        store.addChunk(message.chunk);
        break;
      case 'runStarted':
        store.runStarted(message);
        break;
      case 'runFinished':
        store.runFinished(message.state, message.error);
        break;
      case 'settings':
        redraw.setRate(Math.min(MAX_LIVE_REDRAWS_PER_SECOND, message.liveRedrawsPerSecond));
        return;
      case 'chip':
        view.showConfiguration?.(message.configuration);
        return;
    }
    redraw.request();
  });
  return { store, view, host };
}
