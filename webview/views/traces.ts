/**
 * Traces view: membrane voltage, adaptation and synaptic currents of the recorded neurons, one chart (one y
 * axis) per unit, all sharing the time axis: zoom and pan on one moves the others, and a time cursor shows the
 * same instant on all. Long traces are min-max decimated to the visible window at about one point per pixel.
 * The compartments of a multi-compartment neuron are traces of one neuron: on the axis of their unit together, one
 * colour and one legend entry each ("pyr[0] soma", "pyr[0] apical"); a neuron picker, shown when compartments are
 * recorded, narrows the plots to one neuron's compartments.
 */
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { Chart, ChartDataset, Plugin } from 'chart.js' with { 'resolution-mode': 'import' };
import { chartJs } from '../lib/chartjs';
import type { RunResults, Trace } from '../../common/results';
import { LinkedTimeAxis, TIME_AXIS_TITLE, applyThemeDefaults, axisStyle, keyboardZoom, timeTickLabel, zoomOptions } from '../lib/charts';
import { decimateMinMax } from '../lib/decimate';
import { chartToolbar, el, legendItem } from '../lib/dom';
import { canvasesToPng, exportCsv, exportPng, safeFileName } from '../lib/exportFile';
import { tracesToCsv } from '../lib/exportCsv';
import type { Host } from '../lib/messages';
import type { View } from '../lib/panelApp';
import type { RunStore } from '../lib/runStore';
import { type Theme, colorOf, readTheme } from '../lib/theme';
import { TimeCursor, rangeAttributesPlugin } from '../lib/timeCursor';
import { originalPopulation, overlayResults } from '../lib/overlay';
import { type RecordedNeuron, hasCompartments, neuronKey, neuronLabel, recordedNeurons, traceKey, traceLabel } from '../lib/compartmentTraces';

interface TraceSource {
  trace: Trace;
}
type TraceDataset = ChartDataset<'line', Array<{ x: number; y: number }>> & { bss2?: TraceSource };

const UNIT_TITLES: Record<string, string> = { mV: 'membrane voltage (mV)', pA: 'current (pA)' };

/** Replaces each dataset's points with the decimated samples of the range about to be drawn. */
const decimationPlugin: Plugin<'line'> = {
  id: 'bss2TraceDecimation',
  beforeUpdate(chart) {
    const x = chart.options.scales?.x;
    const min = typeof x?.min === 'number' ? x.min : 0;
    const max = typeof x?.max === 'number' ? x.max : Infinity;
    const buckets = Math.max(100, Math.round(chart.width || 800));
    for (const ds of chart.data.datasets as TraceDataset[]) {
      const t = ds.bss2?.trace;
      if (t) ds.data = decimateMinMax(t.t0_ms, t.dt_ms, t.values, min, max, buckets);
    }
  },
};

export class TracesView implements View {
  private theme: Theme = readTheme();
  private readonly charts: Chart<'line', Array<{ x: number; y: number }>>[] = [];
  private readonly link = new LinkedTimeAxis();
  private readonly cursor: TimeCursor;
  private readonly legend = el('div', 'legend');
  private readonly plots = el('div', 'plots');
  private shownVersion = -1;
  private layoutKey = '';
  private results: RunResults | undefined;
  private overlayLabel: string | undefined;
  /** The neuron picker: all recorded neurons (value "") or one neuron (its neuronKey). */
  private readonly picker = el('div', 'neuron-picker');
  private readonly neuronSelect = document.createElement('vscode-single-select') as HTMLElement & { value: string };
  private neuronShown = '';
  private lastStore: RunStore | undefined;

  constructor(root: HTMLElement, private readonly host: Host) {
    const title = el('h1', 'panel-title', 'Traces');
    const toolbar = chartToolbar(this);
    this.neuronSelect.setAttribute('aria-label', 'Neuron');
    this.neuronSelect.addEventListener('change', () => {
      this.neuronShown = this.neuronSelect.value;
      this.shownVersion = -1;
      if (this.lastStore) this.render(this.lastStore);
    });
    this.picker.append(el('label', 'control-label', 'Neuron'), this.neuronSelect);
    this.picker.hidden = true;
    toolbar.append(this.picker);
    const readout = el('p', 'cursor-readout');
    readout.setAttribute('aria-live', 'off');
    this.cursor = new TimeCursor(readout);
    const help = el('p', 'help', 'Wheel or +/− to zoom, drag or ←/→ to pan, 0 to reset. Click a trace to show its population in the editor.');
    root.append(title, toolbar, this.legend, readout, this.plots, help);
  }

  retheme(): void {
    this.theme = readTheme();
    this.layoutKey = ''; // rebuild with the new colours
    this.shownVersion = -1;
  }

  render(store: RunStore): void {
    this.lastStore = store;
    const shown = store.results;
    if (!shown || store.version === this.shownVersion) return;
    this.shownVersion = store.version;
    // A second run's traces join this run's on the axis of their unit (lib/overlay.ts).
    const results = store.comparison ? overlayResults(shown, store.comparison.results, store.comparison.label) : shown;
    this.results = results;
    this.overlayLabel = store.comparison?.label;
    const all = results.traces.filter((t): t is Trace => t !== undefined);
    const traces = this.pickNeurons(all);
    const units = [...new Set(traces.map((t) => t.unit))];
    const key = `${results.duration_ms}|${this.neuronShown}|${traces.map(traceKey).join(',')}`;
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.build(results, traces, units);
    } else {
      for (const c of this.charts) c.update('none');
    }
  }

  private build(results: RunResults, traces: Trace[], units: string[]): void {
    for (const c of this.charts) c.destroy();
    this.charts.length = 0;
    this.link.clear();
    this.cursor.clear();
    this.cursor.color = this.theme.cursor;
    this.plots.replaceChildren();
    this.legend.replaceChildren();
    applyThemeDefaults(this.theme);
    if (traces.length === 0) {
      this.plots.append(el('p', 'empty', 'This run recorded no traces. Add a `record` statement for v, w or the synaptic currents.'));
      return;
    }
    traces.forEach((t, i) => {
      const item = legendItem(colorOf(this.theme, i), traceLabel(t), `Show ${neuronLabel(t)} in the editor`, () => this.select(t));
      item.dataset.neuron = neuronLabel(t);
      if (t.compartment !== undefined) item.dataset.compartment = t.compartment;
      this.legend.append(item);
    });
    const duration = Math.max(results.duration_ms, Number.MIN_VALUE);
    const minDt = Math.min(...traces.map((t) => t.dt_ms));
    for (const unit of units) {
      const box = el('div', 'chart-box traces-box');
      box.tabIndex = 0;
      const canvas = el('canvas');
      canvas.setAttribute('role', 'img');
      const members = traces.filter((t) => t.unit === unit);
      canvas.setAttribute('aria-label', `${UNIT_TITLES[unit] ?? unit} of ${members.map((t) => `${t.population} neuron ${t.neuron}${t.compartment === undefined ? '' : ` compartment ${t.compartment}`} ${t.variable}`).join(', ')}`);
      canvas.dataset.unit = unit;
      box.append(canvas);
      this.plots.append(box);
      const datasets: TraceDataset[] = members.map((t) => {
        const color = colorOf(this.theme, traces.indexOf(t));
        return { label: traceLabel(t), data: [], borderColor: color, backgroundColor: color, borderWidth: 1.25, pointRadius: 0, bss2: { trace: t } };
      });
      const chart = new (chartJs().Chart)<'line', Array<{ x: number; y: number }>>(canvas, {
        type: 'line',
        data: { datasets },
        options: {
          animation: false,
          parsing: false,
          normalized: true,
          maintainAspectRatio: false,
          events: ['mousemove', 'mouseout', 'click'],
          interaction: { mode: 'nearest', intersect: false },
          scales: {
            x: { type: 'linear', min: 0, max: duration, ...axisStyle(this.theme, TIME_AXIS_TITLE), ticks: { color: this.theme.foreground, callback: timeTickLabel, maxRotation: 0 } },
            y: { type: 'linear', ...axisStyle(this.theme, UNIT_TITLES[unit] ?? unit) },
          },
          plugins: {
            tooltip: { enabled: false },
            zoom: zoomOptions(this.link, duration, minDt * 4),
          },
          onClick: (event) => {
            const hit = chart.getElementsAtEventForMode(event as unknown as Event, 'nearest', { intersect: false }, false)[0];
            const ds = hit ? (chart.data.datasets[hit.datasetIndex] as TraceDataset) : undefined;
            if (ds?.bss2) this.select(ds.bss2.trace);
          },
        },
        plugins: [decimationPlugin, this.cursor.plugin(), rangeAttributesPlugin],
      });
      this.charts.push(chart);
      this.link.add(chart as unknown as Chart);
      this.cursor.add(chart as unknown as Chart);
      keyboardZoom(box, () => chart as unknown as Chart, this.link, () => [0, duration]);
    }
  }

  /** A neuron's trace reveals the neuron (not the compartment) of the experiment, also for a trace of the second run. */
  private select(trace: Trace): void {
    this.host.post({ type: 'selectPopulation', population: originalPopulation(trace.population, this.overlayLabel), neuron: trace.neuron });
  }

  /**
   * Fills the neuron picker (only when compartments are recorded: other runs show the panel as before) and returns
   * the traces of the neuron picked, or all. A neuron that is gone from the new results resets the pick to all.
   */
  private pickNeurons(traces: Trace[]): Trace[] {
    const neurons: RecordedNeuron[] = hasCompartments(traces) ? recordedNeurons(traces) : [];
    if (!neurons.some((n) => n.key === this.neuronShown)) this.neuronShown = '';
    this.picker.hidden = neurons.length === 0;
    const options = [{ value: '', label: 'All recorded neurons' }, ...neurons.map((n) => ({ value: n.key, label: n.compartments.length === 0 ? n.label : `${n.label} (${n.compartments.length} ${n.compartments.length === 1 ? 'compartment' : 'compartments'})` }))];
    const signature = JSON.stringify([options, this.neuronShown]);
    if (this.neuronSelect.dataset.options !== signature) {
      this.neuronSelect.dataset.options = signature;
      this.neuronSelect.replaceChildren(
        ...(neurons.length === 0 ? [] : options).map((o) => {
          const option = document.createElement('vscode-option') as HTMLElement & { value: string };
          option.value = o.value;
          option.textContent = o.label;
          if (o.value === this.neuronShown) option.setAttribute('selected', '');
          return option;
        }),
      );
    }
    return this.neuronShown === '' ? traces : traces.filter((t) => neuronKey(t) === this.neuronShown);
  }

  resetZoom(): void {
    if (this.results) this.link.setRange(0, this.results.duration_ms);
  }

  exportPng(): void {
    if (this.charts.length === 0) return;
    const url = canvasesToPng(this.charts.map((c) => c.canvas), this.theme.background);
    exportPng(this.host, 'traces', safeFileName(this.results?.experiment ?? 'run', 'traces.png'), url);
  }

  exportCsv(): void {
    if (!this.results) return;
    exportCsv(this.host, 'traces', safeFileName(this.results.experiment, 'traces.csv'), tracesToCsv(this.results.traces.filter(Boolean)));
  }
}
