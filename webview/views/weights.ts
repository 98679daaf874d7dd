/**
 * Weights view: the synapse matrix of one projection as a heatmap (rows: presynaptic neurons, columns:
 * postsynaptic neurons, colour: the 6-bit weight), a time slider over the snapshots the plasticity processor
 * took, and the histogram of the weights at that time.
 */
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { Chart } from 'chart.js' with { 'resolution-mode': 'import' };
import { chartJs } from '../lib/chartjs';
import { FIELDS } from '../../common/chip/limits';
import type { RunResults, WeightSnapshot } from '../../common/results';
import { applyThemeDefaults, axisStyle } from '../lib/charts';
import { viridis } from '../lib/colormap';
import { button, el } from '../lib/dom';
import { canvasesToPng, exportCsv, exportPng, safeFileName } from '../lib/exportFile';
import { weightsToCsv } from '../lib/exportCsv';
import type { Host } from '../lib/messages';
import type { View } from '../lib/panelApp';
import type { RunStore } from '../lib/runStore';
import { type Theme, cssColorToRgba, readTheme } from '../lib/theme';
import { formatBioAndHardware } from '../lib/time';
import { rangeAttributesPlugin } from '../lib/timeCursor';
import { endsOfProjection, snapshotsByProjection, weightHistogram } from '../lib/weightStats';

const MAX_WEIGHT = FIELDS.weight[1];
/** Heatmap size on screen, CSS px (each synapse is at least one device pixel). */
const HEATMAP_PX = 360;

export class WeightsView implements View {
  private theme: Theme = readTheme();
  private results: RunResults | undefined;
  private byProjection = new Map<string, WeightSnapshot[]>();
  private projection = '';
  private snapshotIndex = 0;
  private cell: [number, number] = [0, 0];
  private histogram: Chart<'bar', number[], string> | undefined;
  private shownVersion = -1;
  private readonly select = document.createElement('vscode-single-select') as HTMLElement & { value: string };
  private readonly slider = el('input', 'time-slider');
  private readonly timeLabel = el('span', 'time-label');
  private readonly heatmap = el('canvas', 'heatmap');
  private readonly cellInfo = el('p', 'cell-info');
  private readonly histogramBox = el('div', 'chart-box histogram-box');
  private readonly body = el('div', 'weights-body');

  constructor(root: HTMLElement, private readonly host: Host) {
    const toolbar = el('div', 'toolbar');
    toolbar.setAttribute('role', 'toolbar');
    this.select.setAttribute('aria-label', 'Projection');
    this.select.addEventListener('change', () => {
      this.projection = this.select.value;
      this.snapshotIndex = Math.max(0, (this.byProjection.get(this.projection)?.length ?? 1) - 1);
      this.draw();
    });
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.step = '1';
    this.slider.setAttribute('aria-label', 'Snapshot time');
    this.slider.addEventListener('input', () => {
      this.snapshotIndex = Number(this.slider.value);
      this.draw();
    });
    toolbar.append(el('label', 'control-label', 'Projection'), this.select, this.slider, this.timeLabel, button('Export PNG', () => this.exportPng()), button('Export CSV', () => this.exportCsv()));
    this.heatmap.tabIndex = 0;
    this.heatmap.setAttribute('role', 'img');
    this.heatmap.width = HEATMAP_PX;
    this.heatmap.height = HEATMAP_PX;
    this.heatmap.addEventListener('keydown', (e) => this.onKey(e));
    this.heatmap.addEventListener('mousemove', (e) => this.pointAt(e.offsetX, e.offsetY));
    this.heatmap.addEventListener('click', (e) => {
      this.pointAt(e.offsetX, e.offsetY);
      this.selectCell();
    });
    this.cellInfo.setAttribute('aria-live', 'polite');
    const heatmapFigure = el('figure', 'heatmap-figure');
    const scale = el('canvas', 'color-scale');
    scale.width = 256;
    scale.height = 10;
    const scaleCtx = scale.getContext('2d');
    if (scaleCtx) {
      for (let x = 0; x < scale.width; x++) {
        const [r, g, b] = viridis(x / (scale.width - 1));
        scaleCtx.fillStyle = `rgb(${r}, ${g}, ${b})`;
        scaleCtx.fillRect(x, 0, 1, scale.height);
      }
    }
    const scaleRow = el('div', 'color-scale-row');
    scaleRow.append(el('span', '', String(FIELDS.weight[0])), scale, el('span', '', `${MAX_WEIGHT} (6-bit weight)`));
    heatmapFigure.append(el('figcaption', '', 'rows: presynaptic neuron ↓, columns: postsynaptic neuron →'), this.heatmap, scaleRow, this.cellInfo);
    this.body.append(heatmapFigure, this.histogramBox);
    root.append(el('h1', 'panel-title', 'Synaptic weights'), toolbar, this.body, el('p', 'help', 'Arrow keys move over the synapses; Enter shows the postsynaptic population in the editor.'));
  }

  retheme(): void {
    this.theme = readTheme();
    this.histogram?.destroy();
    this.histogram = undefined;
    this.draw();
  }

  render(store: RunStore): void {
    const results = store.results;
    if (!results || store.version === this.shownVersion) return;
    this.shownVersion = store.version;
    this.results = results;
    this.byProjection = snapshotsByProjection(results.weights);
    const names = [...this.byProjection.keys()];
    if (!this.byProjection.has(this.projection)) {
      this.projection = names[0] ?? '';
      this.snapshotIndex = Math.max(0, (this.byProjection.get(this.projection)?.length ?? 1) - 1);
    }
    this.select.replaceChildren(
      ...names.map((name) => {
        const option = document.createElement('vscode-option') as HTMLElement & { value: string };
        option.value = name;
        option.textContent = name;
        if (name === this.projection) option.setAttribute('selected', '');
        return option;
      }),
    );
    this.draw();
  }

  private current(): WeightSnapshot | undefined {
    return this.byProjection.get(this.projection)?.[this.snapshotIndex];
  }

  private draw(): void {
    const snapshots = this.byProjection.get(this.projection) ?? [];
    this.slider.max = String(Math.max(0, snapshots.length - 1));
    this.slider.value = String(this.snapshotIndex);
    this.slider.disabled = snapshots.length < 2;
    const snapshot = this.current();
    this.timeLabel.textContent = snapshot ? `${formatBioAndHardware(snapshot.time_ms)} · snapshot ${this.snapshotIndex + 1} of ${snapshots.length}` : '';
    if (!snapshot) {
      this.cellInfo.textContent = 'This run has no weight snapshots: they are recorded for plastic projections.';
      this.heatmap.getContext('2d')?.clearRect(0, 0, this.heatmap.width, this.heatmap.height);
      return;
    }
    this.drawHeatmap(snapshot);
    this.drawHistogram(snapshot);
    this.describeCell();
  }

  private drawHeatmap(snapshot: WeightSnapshot): void {
    const rows = snapshot.matrix.length;
    const cols = Math.max(0, ...snapshot.matrix.map((r) => r.length));
    const ctx = this.heatmap.getContext('2d');
    if (!ctx || rows === 0 || cols === 0) return;
    const image = new ImageData(cols, rows);
    const [br, bg, bb] = cssColorToRgba(this.theme.background);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const w = snapshot.matrix[i][j];
        const p = (i * cols + j) * 4;
        const [r, g, b] = w === null || w === undefined ? [br, bg, bb] : viridis(w / MAX_WEIGHT);
        image.data[p] = r;
        image.data[p + 1] = g;
        image.data[p + 2] = b;
        image.data[p + 3] = 255;
      }
    }
    const scratch = document.createElement('canvas');
    scratch.width = cols;
    scratch.height = rows;
    scratch.getContext('2d')?.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, this.heatmap.width, this.heatmap.height);
    ctx.drawImage(scratch, 0, 0, this.heatmap.width, this.heatmap.height);
    const [ci, cj] = this.cell;
    if (ci < rows && cj < cols) {
      ctx.strokeStyle = this.theme.foreground;
      ctx.lineWidth = 2;
      ctx.strokeRect((cj * this.heatmap.width) / cols, (ci * this.heatmap.height) / rows, Math.max(2, this.heatmap.width / cols), Math.max(2, this.heatmap.height / rows));
    }
    this.heatmap.dataset.rows = String(rows);
    this.heatmap.dataset.cols = String(cols);
    this.heatmap.setAttribute('aria-label', `Weights of ${snapshot.projection} at ${snapshot.time_ms} ms: ${rows} presynaptic by ${cols} postsynaptic neurons`);
  }

  private drawHistogram(snapshot: WeightSnapshot): void {
    const counts = weightHistogram(snapshot.matrix, MAX_WEIGHT);
    if (!this.histogram) {
      applyThemeDefaults(this.theme);
      const canvas = el('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', 'Histogram of the weights');
      this.histogramBox.replaceChildren(canvas);
      this.histogram = new (chartJs().Chart)<'bar', number[], string>(canvas, {
        type: 'bar',
        data: { labels: counts.map((_, w) => String(w)), datasets: [{ label: 'synapses', data: counts, backgroundColor: counts.map((_, w) => { const [r, g, b] = viridis(w / MAX_WEIGHT); return `rgb(${r}, ${g}, ${b})`; }), barPercentage: 1, categoryPercentage: 1 }] },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: { tooltip: { enabled: false } },
          scales: { x: { type: 'category', ...axisStyle(this.theme, 'weight (LSB)'), ticks: { color: this.theme.foreground, maxRotation: 0, autoSkip: true } }, y: { beginAtZero: true, ...axisStyle(this.theme, 'synapses') } },
        },
        plugins: [rangeAttributesPlugin],
      });
    } else {
      this.histogram.data.datasets[0].data = counts;
      this.histogram.update('none');
    }
  }

  private pointAt(x: number, y: number): void {
    const snapshot = this.current();
    if (!snapshot) return;
    const rows = snapshot.matrix.length;
    const cols = Math.max(0, ...snapshot.matrix.map((r) => r.length));
    const rect = this.heatmap.getBoundingClientRect();
    this.cell = [Math.min(rows - 1, Math.floor((y / rect.height) * rows)), Math.min(cols - 1, Math.floor((x / rect.width) * cols))];
    this.describeCell();
  }

  private describeCell(): void {
    const snapshot = this.current();
    if (!snapshot) return;
    const [i, j] = this.cell;
    const w = snapshot.matrix[i]?.[j];
    this.cellInfo.textContent = `pre ${i} → post ${j}: ${w === null || w === undefined ? 'no synapse' : `weight ${w}`}`;
  }

  private onKey(e: KeyboardEvent): void {
    const snapshot = this.current();
    if (!snapshot) return;
    const rows = snapshot.matrix.length;
    const cols = Math.max(0, ...snapshot.matrix.map((r) => r.length));
    let [i, j] = this.cell;
    if (e.key === 'ArrowUp') i = Math.max(0, i - 1);
    else if (e.key === 'ArrowDown') i = Math.min(rows - 1, i + 1);
    else if (e.key === 'ArrowLeft') j = Math.max(0, j - 1);
    else if (e.key === 'ArrowRight') j = Math.min(cols - 1, j + 1);
    else if (e.key === 'Enter') this.selectCell();
    else return;
    e.preventDefault();
    this.cell = [i, j];
    this.drawHeatmap(snapshot);
    this.describeCell();
  }

  private selectCell(): void {
    const ends = endsOfProjection(this.projection);
    if (ends) this.host.post({ type: 'selectPopulation', population: ends.post, neuron: this.cell[1] });
  }

  private exportPng(): void {
    const canvases = [this.heatmap, ...(this.histogram ? [this.histogram.canvas] : [])];
    exportPng(this.host, 'weights', safeFileName(this.results?.experiment ?? 'run', this.projection, 'weights.png'), canvasesToPng(canvases, this.theme.background));
  }

  private exportCsv(): void {
    if (this.results) exportCsv(this.host, 'weights', safeFileName(this.results.experiment, 'weights.csv'), weightsToCsv(this.results.weights));
  }
}
