/**
 * Raster view: every spike of every population, one row per neuron, rows grouped by population and coloured by
 * it, drawn by the pixel layer (lib/rasterLayer.ts); under it the population rates (PSTH) on the same time axis.
 */
import type { Chart, ChartDataset, Plugin } from 'chart.js' with { 'resolution-mode': 'import' };
import { chartJs } from '../lib/chartjs';
import type { RunResults } from '../../common/results';
import { LinkedTimeAxis, TIME_AXIS_TITLE, applyThemeDefaults, axisStyle, keyboardZoom, timeTickLabel, zoomOptions } from '../lib/charts';
import { chartToolbar, el, legendItem } from '../lib/dom';
import { canvasesToPng, exportCsv, exportPng, safeFileName } from '../lib/exportFile';
import { spikesToCsv } from '../lib/exportCsv';
import type { Host } from '../lib/messages';
import type { View } from '../lib/panelApp';
import { computePsth, niceBinWidth } from '../lib/psth';
import { type RasterData, neuronOfRow, packRaster } from '../lib/rasterData';
import { RasterLayer } from '../lib/rasterLayer';
import type { RunStore } from '../lib/runStore';
import { type Theme, colorOf, cssColorToRgba, packPixel, readTheme } from '../lib/theme';
import { formatNumber } from '../lib/time';
import { comparisonTable } from '../lib/comparisonTable';
import { originalPopulation, overlayResults } from '../lib/overlay';
import { TimeCursor, rangeAttributesPlugin } from '../lib/timeCursor';

const MS_PER_S = 1000;

type PsthDataset = ChartDataset<'line', Array<{ x: number; y: number }>>;

/** Lines between population groups, drawn over the spikes. */
function groupSeparators(data: () => RasterData | undefined, color: () => string): Plugin {
  return {
    id: 'bss2GroupSeparators',
    afterDatasetsDraw(chart) {
      const d = data();
      if (!d) return;
      const { left, right } = chart.chartArea;
      const y = chart.scales.y;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = color();
      ctx.lineWidth = 1;
      for (const g of d.groups.slice(1)) {
        if (g.firstRow <= y.min || g.firstRow >= y.max) continue;
        const py = Math.round(y.getPixelForValue(g.firstRow)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(left, py);
        ctx.lineTo(right, py);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

export class RasterView implements View {
  private theme: Theme = readTheme();
  private raster: Chart<'scatter'> | undefined;
  private psth: Chart<'line', Array<{ x: number; y: number }>> | undefined;
  private data: RasterData | undefined;
  private results: RunResults | undefined;
  private readonly layer = new RasterLayer();
  private readonly link = new LinkedTimeAxis();
  private readonly cursor: TimeCursor;
  private readonly legend = el('div', 'legend');
  /** The label of the overlaid run, if any: its groups are named `population · label`. */
  private overlayLabel: string | undefined;
  /** The differences table when a second run is overlaid. */
  private readonly comparisonBox = el('div', 'comparison-box');
  private readonly rasterBox = el('div', 'chart-box raster-box');
  private readonly psthBox = el('div', 'chart-box psth-box');
  private shownVersion = -1;
  private layoutKey = '';
  /** Milliseconds from results to pixels of the last full render (reported by the benchmark). */
  lastRenderMs = 0;

  constructor(root: HTMLElement, private readonly host: Host) {
    const toolbar = chartToolbar(this);
    const readout = el('p', 'cursor-readout');
    this.cursor = new TimeCursor(readout);
    this.rasterBox.tabIndex = 0;
    this.psthBox.tabIndex = 0;
    const help = el('p', 'help', 'Wheel or +/− to zoom, drag or ←/→ to pan, 0 to reset. Click a spike to show its population in the editor.');
    root.append(el('h1', 'panel-title', 'Spike raster'), toolbar, this.legend, readout, this.rasterBox, this.psthBox, this.comparisonBox, help);
    keyboardZoom(this.rasterBox, () => this.raster as unknown as Chart | undefined, this.link, () => [0, this.results?.duration_ms ?? 1]);
    keyboardZoom(this.psthBox, () => this.psth as unknown as Chart | undefined, this.link, () => [0, this.results?.duration_ms ?? 1]);
  }

  retheme(): void {
    this.theme = readTheme();
    this.layoutKey = '';
    this.shownVersion = -1;
  }

  render(store: RunStore): void {
    const shown = store.results;
    if (!shown || store.version === this.shownVersion) return;
    const started = performance.now();
    this.shownVersion = store.version;
    // A second run is drawn as groups of its own below each population of the first (lib/overlay.ts).
    const comparison = store.comparison;
    const results = comparison ? overlayResults(shown, comparison.results, comparison.label) : shown;
    this.overlayLabel = comparison?.label;
    this.comparisonBox.replaceChildren(...(comparison ? [comparisonTable(shown, store.label ?? 'this run', comparison.results, comparison.label)] : []));
    this.results = results;
    this.data = packRaster(results.populations);
    const colors = this.data.groups.map((_, i) => colorOf(this.theme, i));
    const key = `${results.duration_ms}|${this.data.groups.map((g) => `${g.name}:${g.size}`).join(',')}`;
    this.layer.data = this.data;
    this.layer.colors = Uint32Array.from(colors, (c) => packPixel(cssColorToRgba(c)));
    this.fillLegend(results, colors);
    const psthData = this.psthDatasets(results, colors);
    // A new chart draws on creation: build it with its data instead of drawing it twice.
    if (key !== this.layoutKey || !this.raster || !this.psth) {
      this.layoutKey = key;
      this.build(results, psthData);
    } else {
      this.psth.data.datasets = psthData;
      this.raster.update('none');
      this.psth.update('none');
    }
    this.raster?.canvas.setAttribute('aria-label', `Spike raster of ${this.data.time_ms.length} spikes in ${this.data.groups.length} populations over ${results.duration_ms} ms`);
    this.lastRenderMs = performance.now() - started;
    performance.measure('bss2:raster:render', { start: started, end: started + this.lastRenderMs });
  }

  private build(results: RunResults, psthData: PsthDataset[]): void {
    this.raster?.destroy();
    this.psth?.destroy();
    this.link.clear();
    this.cursor.clear();
    this.cursor.color = this.theme.cursor;
    applyThemeDefaults(this.theme);
    const duration = Math.max(results.duration_ms, Number.MIN_VALUE);
    const rows = Math.max(1, this.data?.rows ?? 1);
    const rasterCanvas = el('canvas');
    rasterCanvas.setAttribute('role', 'img');
    this.rasterBox.replaceChildren(rasterCanvas);
    const psthCanvas = el('canvas');
    psthCanvas.setAttribute('role', 'img');
    psthCanvas.setAttribute('aria-label', 'Population rates (PSTH) in Hz per neuron');
    this.psthBox.replaceChildren(psthCanvas);
    const raster = new (chartJs().Chart)<'scatter'>(rasterCanvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        events: ['mousemove', 'mouseout', 'click'],
        scales: {
          x: { type: 'linear', min: 0, max: duration, ...axisStyle(this.theme, TIME_AXIS_TITLE), ticks: { color: this.theme.foreground, callback: timeTickLabel, maxRotation: 0 } },
          y: {
            type: 'linear',
            reverse: true,
            min: 0,
            max: rows,
            ...axisStyle(this.theme, 'neuron (grouped by population)'),
            grid: { display: false },
            afterBuildTicks: (axis) => {
              axis.ticks = (this.data?.groups ?? []).map((g) => ({ value: g.firstRow + g.size / 2 }));
            },
            ticks: {
              color: this.theme.foreground,
              autoSkip: false,
              callback: (value) => this.data?.groups.find((g) => g.firstRow + g.size / 2 === Number(value))?.name ?? '',
            },
          },
        },
        plugins: { tooltip: { enabled: false }, zoom: zoomOptions(this.link, duration, duration / 1e5) },
        onClick: (event) => {
          if (event.x === null || event.y === null || !this.data) return;
          const hit = neuronOfRow(this.data, raster.scales.y.getValueForPixel(event.y) ?? -1);
          if (hit) this.host.post({ type: 'selectPopulation', population: originalPopulation(hit.population, this.overlayLabel), neuron: hit.neuron });
        },
      },
      plugins: [this.layer.plugin, groupSeparators(() => this.data, () => this.theme.muted), this.cursor.plugin(), rangeAttributesPlugin],
    });
    const psth = new (chartJs().Chart)<'line', Array<{ x: number; y: number }>>(psthCanvas, {
      type: 'line',
      data: { datasets: psthData },
      options: {
        animation: false,
        parsing: false,
        maintainAspectRatio: false,
        events: ['mousemove', 'mouseout'],
        scales: {
          x: { type: 'linear', min: 0, max: duration, ...axisStyle(this.theme, TIME_AXIS_TITLE), ticks: { color: this.theme.foreground, callback: timeTickLabel, maxRotation: 0 } },
          y: { type: 'linear', beginAtZero: true, ...axisStyle(this.theme, 'rate (Hz)') },
        },
        plugins: { tooltip: { enabled: false }, zoom: zoomOptions(this.link, duration, duration / 1e5) },
      },
      plugins: [this.cursor.plugin(), rangeAttributesPlugin],
    });
    this.raster = raster;
    this.psth = psth;
    for (const c of [raster, psth] as unknown as Chart[]) {
      this.link.add(c);
      this.cursor.add(c);
    }
  }

  private psthDatasets(results: RunResults, colors: string[]): PsthDataset[] {
    const bin = niceBinWidth(results.duration_ms);
    return Object.entries(results.populations).map(([name, p], i) => {
      const h = computePsth(p.spikes.time_ms, p.size, 0, results.duration_ms, bin);
      const points = h.binStart_ms.map((x, b) => ({ x, y: h.rate_hz[b] }));
      points.push({ x: h.end_ms, y: h.rate_hz[h.rate_hz.length - 1] ?? 0 });
      return { label: name, data: points, stepped: 'before' as const, borderColor: colors[i], backgroundColor: colors[i], borderWidth: 1.5, pointRadius: 0 };
    });
  }

  private fillLegend(results: RunResults, colors: string[]): void {
    this.legend.replaceChildren(
      ...Object.entries(results.populations).map(([name, p], i) => {
        const n = p.spikes.time_ms.length;
        const rate = results.duration_ms > 0 ? (n * MS_PER_S) / (p.size * results.duration_ms) : 0;
        const item = legendItem(colors[i], `${name}: ${p.size} neurons, ${n} spikes, ${formatNumber(rate)} Hz`, `Show ${name} in the editor`, () =>
          this.host.post({ type: 'selectPopulation', population: originalPopulation(name, this.overlayLabel) }),
        );
        item.dataset.population = name;
        item.dataset.color = colors[i];
        return item;
      }),
    );
  }

  resetZoom(): void {
    if (this.results) this.link.setRange(0, this.results.duration_ms);
  }

  exportPng(): void {
    if (!this.raster || !this.psth) return;
    exportPng(this.host, 'raster', safeFileName(this.results?.experiment ?? 'run', 'raster.png'), canvasesToPng([this.raster.canvas, this.psth.canvas], this.theme.background));
  }

  exportCsv(): void {
    if (this.results) exportCsv(this.host, 'raster', safeFileName(this.results.experiment, 'spikes.csv'), spikesToCsv(this.results.populations));
  }
}
