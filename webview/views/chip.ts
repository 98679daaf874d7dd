/**
 * Chip view: a floor plan of the chip as the mapper placed the experiment. From top to bottom: the synapse array
 * of hemisphere 0 (256 rows x 256 columns, fed from the left by 128 synapse drivers on 4 PADI buses), neuron
 * row 0, neuron row 1, and hemisphere 1's synapse array, mirroring the chip's layout. Placed neurons are
 * coloured by population, used synapses by projection; everything grey is free. A multi-compartment neuron is
 * one outlined group over its circuits on both rows (the gap between the rows bridged where a column is used in
 * both), each compartment in its own shade of the population colour, the soma (output compartment) the fullest.
 */
import type { ChipConfiguration } from '../../common/chip/configuration';
import { TOPOLOGY, busOfDriver } from '../../common/chip/limits';
import { type ChipUsage, chipUsage } from '../lib/chipUsage';
import { button, el, legendItem } from '../lib/dom';
import { canvasesToPng, exportPng, safeFileName } from '../lib/exportFile';
import type { Host } from '../lib/messages';
import type { View } from '../lib/panelApp';
import type { RunStore } from '../lib/runStore';
import { type Theme, colorOf, cssColorToRgba, readTheme } from '../lib/theme';
import { type Band, type LogicalNeuronPlacement, type PlacedLogicalNeuron, cellKey, outlineEdges, placeLogicalNeurons } from '../lib/logicalNeurons';

const ROWS = TOPOLOGY.synapseRowsPerHemisphere;
const COLUMNS = TOPOLOGY.neuronColumns;
const BUSES = TOPOLOGY.padiBusesPerHemisphere;

/** Geometry of the drawing, CSS px. */
const G = {
  width: 1000,
  left: 150,
  right: 14,
  top: 24,
  rowPx: 1,
  neuronRowPx: 20,
  gap: 10,
  busSpacing: 12,
  driverWidth: 14,
};
const COLUMN_PX = (G.width - G.left - G.right) / COLUMNS;
const ARRAY_PX = ROWS * G.rowPx;
/** Top of each hemisphere's synapse array and neuron row. */
const LAYOUT = [
  { arrayTop: G.top, neuronTop: G.top + ARRAY_PX + G.gap },
  { neuronTop: G.top + ARRAY_PX + 2 * G.gap + G.neuronRowPx, arrayTop: G.top + ARRAY_PX + 3 * G.gap + 2 * G.neuronRowPx },
];
const HEIGHT = LAYOUT[1].arrayTop + ARRAY_PX + 30;
/** Vertical extent of the bands a logical neuron's outline runs over: row 0, the gap between the rows, row 1. */
const BANDS: Record<Band, { top: number; bottom: number }> = {
  0: { top: LAYOUT[0].neuronTop, bottom: LAYOUT[0].neuronTop + G.neuronRowPx },
  1: { top: LAYOUT[0].neuronTop + G.neuronRowPx, bottom: LAYOUT[1].neuronTop },
  2: { top: LAYOUT[1].neuronTop, bottom: LAYOUT[1].neuronTop + G.neuronRowPx },
};
/** How far the palest compartment is blended towards the background (the soma keeps the population colour). */
const PALEST_SHADE = 0.65;

export class ChipView implements View {
  private theme: Theme = readTheme();
  private config: ChipConfiguration | undefined;
  private usage: ChipUsage | undefined;
  private logical: LogicalNeuronPlacement = { neurons: [], at: new Map() };
  private readonly canvas = el('canvas', 'floorplan');
  private readonly summary = el('ul', 'usage');
  private readonly legend = el('div', 'legend');
  private readonly info = el('p', 'cell-info');
  private focus = { hemisphere: 0, column: 0 };

  constructor(root: HTMLElement, private readonly host: Host) {
    const toolbar = el('div', 'toolbar');
    toolbar.setAttribute('role', 'toolbar');
    toolbar.append(button('Export PNG', () => this.exportPng()));
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.addEventListener('mousemove', (e) => this.describeAt(e.offsetX, e.offsetY));
    this.canvas.addEventListener('click', (e) => {
      const hit = this.neuronAt(e.offsetX, e.offsetY);
      if (hit) this.selectNeuron(hit.hemisphere, hit.column);
    });
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.info.setAttribute('aria-live', 'polite');
    const figure = el('figure', 'floorplan-figure');
    figure.append(this.canvas);
    root.append(el('h1', 'panel-title', 'Chip floor plan'), toolbar, this.summary, this.legend, this.info, figure, el('p', 'help', 'Arrow keys move over the neuron circuits; Enter shows the population in the editor.'));
  }

  retheme(): void {
    this.theme = readTheme();
    this.draw();
  }

  render(_store: RunStore): void {
    // The floor plan depends on the configuration, not on the results.
  }

  showConfiguration(configuration: ChipConfiguration): void {
    this.config = configuration;
    this.usage = chipUsage(configuration);
    this.logical = placeLogicalNeurons(configuration);
    this.draw();
  }

  private populationColor(name: string): string {
    const i = this.config?.source.populations.findIndex((p) => p.name === name) ?? -1;
    return i < 0 ? this.theme.muted : colorOf(this.theme, i);
  }

  /**
   * The shade of compartment `ci` of a logical neuron: the population colour for its output compartment, the
   * others blended towards the background in even steps, so that neighbouring compartments differ.
   */
  private compartmentColor(neuron: PlacedLogicalNeuron, ci: number): string {
    const base = this.populationColor(neuron.population);
    const count = neuron.compartments.length;
    if (count <= 1) return base;
    const rank = ci === neuron.output ? 0 : ci < neuron.output ? ci + 1 : ci;
    const t = (PALEST_SHADE * rank) / (count - 1);
    const [r, g, b] = cssColorToRgba(base);
    const [br, bg, bb] = cssColorToRgba(this.theme.background);
    const mix = (x: number, y: number) => Math.round(x + (y - x) * t);
    return `rgb(${mix(r, br)}, ${mix(g, bg)}, ${mix(b, bb)})`;
  }

  private projectionColor(index: number): string {
    return colorOf(this.theme, (this.config?.source.populations.length ?? 0) + index);
  }

  private draw(): void {
    const config = this.config;
    const usage = this.usage;
    if (!config || !usage) return;
    this.fillSummary(usage);
    this.fillLegend(config);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(G.width * dpr);
    this.canvas.height = Math.round(HEIGHT * dpr);
    this.canvas.style.width = `${G.width}px`;
    this.canvas.style.height = `${HEIGHT}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = this.theme.background;
    ctx.fillRect(0, 0, G.width, HEIGHT);
    ctx.font = `11px ${this.theme.font}`;
    ctx.textBaseline = 'middle';
    const free = this.theme.grid;
    for (let h = 0; h < TOPOLOGY.hemispheres; h++) {
      const { arrayTop, neuronTop } = LAYOUT[h];
      // Synapse array: free area, used rows tinted, used synapses coloured.
      ctx.fillStyle = free;
      ctx.fillRect(G.left, arrayTop, COLUMNS * COLUMN_PX, ARRAY_PX);
      for (const row of config.synapseRows) {
        if (row.hemisphere !== h) continue;
        const y = arrayTop + row.row * G.rowPx;
        row.columns.forEach((c, k) => {
          ctx.fillStyle = this.projectionColor(row.projection[k] ?? 0);
          ctx.fillRect(G.left + c * COLUMN_PX, y, Math.max(1, COLUMN_PX), Math.max(1, G.rowPx));
        });
      }
      // Drivers (two rows each) and the PADI buses they listen to.
      const driverX = G.left - G.driverWidth - 4;
      const busX0 = driverX - BUSES * G.busSpacing - 6;
      for (let b = 0; b < BUSES; b++) {
        ctx.fillStyle = this.theme.muted;
        ctx.fillRect(busX0 + b * G.busSpacing, arrayTop, 1.5, ARRAY_PX);
      }
      for (let d = 0; d < TOPOLOGY.synapseDriversPerHemisphere; d++) {
        const used = usage.driverAt.get(h * TOPOLOGY.synapseDriversPerHemisphere + d);
        const y = arrayTop + d * TOPOLOGY.rowsPerDriver * G.rowPx;
        const projection = usage.rowProjection.get(h * ROWS + d * TOPOLOGY.rowsPerDriver) ?? usage.rowProjection.get(h * ROWS + d * TOPOLOGY.rowsPerDriver + 1);
        ctx.fillStyle = used ? (projection === undefined ? this.theme.foreground : this.projectionColor(projection)) : free;
        ctx.fillRect(driverX, y, G.driverWidth, TOPOLOGY.rowsPerDriver * G.rowPx);
        if (used) {
          const bx = busX0 + busOfDriver(d).bus * G.busSpacing;
          ctx.fillRect(bx, y, driverX - bx, 1);
        }
      }
      // Neuron row h: placed circuits by population, free ones grey.
      for (let c = 0; c < COLUMNS; c++) {
        const n = usage.circuitAt.get(h * COLUMNS + c);
        const part = this.logical.at.get(h * COLUMNS + c);
        ctx.fillStyle = part ? this.compartmentColor(this.logical.neurons[part.neuron], part.compartment) : n ? this.populationColor(n.population) : free;
        ctx.fillRect(G.left + c * COLUMN_PX + 0.5, neuronTop, Math.max(1, COLUMN_PX - 1), G.neuronRowPx);
      }
      if (this.focus.hemisphere === h && document.activeElement === this.canvas) {
        ctx.strokeStyle = this.theme.foreground;
        ctx.lineWidth = 2;
        ctx.strokeRect(G.left + this.focus.column * COLUMN_PX - 1, neuronTop - 2, COLUMN_PX + 2, G.neuronRowPx + 4);
      }
      ctx.fillStyle = this.theme.foreground;
      ctx.fillText(`neuron row ${h}`, 6, neuronTop + G.neuronRowPx / 2);
      ctx.fillText(`synapses ${h}`, 6, arrayTop + 10);
      ctx.fillStyle = this.theme.muted;
      ctx.fillText('PADI', busX0 - 2, arrayTop + ARRAY_PX / 2 - 8);
      ctx.fillText('buses', busX0 - 4, arrayTop + ARRAY_PX / 2 + 6);
    }
    this.drawLogicalNeurons(ctx);
    ctx.fillStyle = this.theme.muted;
    ctx.fillText('column 0', G.left, G.top - 12);
    ctx.textAlign = 'right';
    ctx.fillText(`column ${COLUMNS - 1}`, G.width - G.right, G.top - 12);
    ctx.textAlign = 'left';
    const multi = this.logical.neurons.length;
    this.canvas.setAttribute('aria-label', `Chip floor plan: ${usage.neurons.used} of ${usage.neurons.total} neuron circuits placed${multi > 0 ? ` (${multi} multi-compartment neurons)` : ''}, ${usage.drivers.used} of ${usage.drivers.total} synapse drivers used`);
  }

  /**
   * Each multi-compartment neuron: the gap between its rows bridged where a column is used in both, then its
   * outline. What is drawn is published on the canvas (`data-logical-neurons`: label, compartments with their
   * circuits and shade, the box the outline runs around in CSS px, its colour; `data-neuron-rows`: the top and
   * bottom of each neuron row) for tests and tools.
   */
  private drawLogicalNeurons(ctx: CanvasRenderingContext2D): void {
    const published: unknown[] = [];
    const x = (column: number) => G.left + column * COLUMN_PX;
    for (const neuron of this.logical.neurons) {
      const occupied = new Set(neuron.cells.map((c) => cellKey(c)));
      ctx.fillStyle = this.compartmentColor(neuron, neuron.output);
      for (const c of neuron.cells) {
        if (c.hemisphere === 0 && occupied.has(cellKey({ hemisphere: 1, column: c.column }))) ctx.fillRect(x(c.column) + 0.5, BANDS[1].top, Math.max(1, COLUMN_PX - 1), BANDS[1].bottom - BANDS[1].top);
      }
      // The outline lies around the circuits, not over them, on whole pixels so that it stays crisp at ~3 px per
      // column: horizontal edges 2 px outside the rows, vertical edges 2 px from the pixel of the column boundary
      // outwards (circuits start 0.5 px inside their column, so the group's own circuits are never covered).
      ctx.fillStyle = this.theme.foreground;
      let left = Infinity;
      let right = -Infinity;
      let top = Infinity;
      let bottom = -Infinity;
      for (const e of outlineEdges(neuron.cells)) {
        const band = BANDS[e.band];
        const [x0, x1] = [x(e.column), x(e.column + 1)];
        const [p0, p1] = [Math.floor(x0), Math.floor(x1)];
        if (e.side === 'top') ctx.fillRect(p0 - 1, band.top - 2, p1 - p0 + 3, 2);
        else if (e.side === 'bottom') ctx.fillRect(p0 - 1, band.bottom, p1 - p0 + 3, 2);
        else ctx.fillRect(e.side === 'left' ? p0 - 1 : p1, band.top, 2, band.bottom - band.top);
        left = Math.min(left, x0);
        right = Math.max(right, x1);
        top = Math.min(top, band.top);
        bottom = Math.max(bottom, band.bottom);
      }
      published.push({
        label: neuron.label,
        compartments: neuron.compartments.map((c, ci) => ({ name: c.name, circuits: c.cells.map((cell) => [cell.hemisphere, cell.column]), shade: this.compartmentColor(neuron, ci) })),
        box: [left, top, right - left, bottom - top],
        outline: this.theme.foreground,
      });
    }
    this.canvas.dataset.logicalNeurons = JSON.stringify(published);
    this.canvas.dataset.neuronRows = JSON.stringify([BANDS[0], BANDS[2]].map((b) => [b.top, b.bottom]));
  }

  private fillSummary(u: ChipUsage): void {
    const line = (label: string, x: { used: number; total: number }) => el('li', '', `${label}: ${x.used} used, ${x.total - x.used} free (of ${x.total})`);
    this.summary.replaceChildren(line('Neuron circuits', u.neurons), line('Synapse drivers', u.drivers), line('Synapse rows', u.synapseRows), line('Synapses', u.synapses), line('PADI buses', u.padiBuses));
  }

  private fillLegend(config: ChipConfiguration): void {
    const populations = config.source.populations
      .filter((p) => p.circuits && p.circuits.length > 0)
      .map((p) => legendItem(this.populationColor(p.name), this.populationLegend(p), `Show ${p.name} in the editor`, () => this.host.post({ type: 'selectPopulation', population: p.name })));
    const projections = config.source.projections.map((name, i) => {
      const item = legendItem(this.projectionColor(i), `${name} (synapses)`, name, () => undefined);
      item.disabled = true;
      return item;
    });
    this.legend.replaceChildren(...populations, ...projections);
  }

  /** "exc (320 circuits)"; a multi-compartment population counts its neurons and all their circuits. */
  private populationLegend(p: ChipConfiguration['source']['populations'][number]): string {
    if (!p.logicalNeurons || p.logicalNeurons.length === 0) return `${p.name} (${p.circuits?.length ?? 0} circuits)`;
    const circuits = p.logicalNeurons.reduce((n, l) => n + (this.logical.neurons[l]?.cells.length ?? 0), 0);
    return `${p.name} (${p.logicalNeurons.length} ${p.logicalNeurons.length === 1 ? 'neuron' : 'neurons'}, ${circuits} circuits)`;
  }

  private neuronAt(x: number, y: number): { hemisphere: number; column: number } | undefined {
    const column = Math.floor((x - G.left) / COLUMN_PX);
    if (column < 0 || column >= COLUMNS) return undefined;
    for (let h = 0; h < TOPOLOGY.hemispheres; h++) {
      const top = LAYOUT[h].neuronTop;
      if (y >= top && y < top + G.neuronRowPx) return { hemisphere: h, column };
    }
    return undefined;
  }

  private describeAt(x: number, y: number): void {
    const hit = this.neuronAt(x, y);
    if (hit) {
      this.describeNeuron(hit.hemisphere, hit.column);
      return;
    }
    this.canvas.title = '';
    const column = Math.floor((x - G.left) / COLUMN_PX);
    for (let h = 0; h < TOPOLOGY.hemispheres; h++) {
      const row = Math.floor((y - LAYOUT[h].arrayTop) / G.rowPx);
      if (row < 0 || row >= ROWS) continue;
      if (column >= 0 && column < COLUMNS) {
        const r = this.config?.synapseRows.find((s) => s.hemisphere === h && s.row === row);
        const k = r ? r.columns.indexOf(column) : -1;
        this.info.textContent = r && k >= 0
          ? `hemisphere ${h}, synapse row ${row}, column ${column}: ${this.config?.source.projections[r.projection[k]] ?? 'projection'} weight ${r.weights[k]} (${r.mode})`
          : `hemisphere ${h}, synapse row ${row}, column ${column}: free`;
      } else {
        const d = Math.floor(row / TOPOLOGY.rowsPerDriver);
        const { bus, position } = busOfDriver(d);
        const used = this.usage?.driverAt.has(h * TOPOLOGY.synapseDriversPerHemisphere + d);
        this.info.textContent = `hemisphere ${h}, synapse driver ${d} on PADI bus ${bus} (position ${position}): ${used ? 'used' : 'free'}`;
      }
      return;
    }
  }

  private describeNeuron(hemisphere: number, column: number): void {
    const n = this.usage?.circuitAt.get(hemisphere * COLUMNS + column);
    const part = this.logical.at.get(hemisphere * COLUMNS + column);
    const neuron = part && this.logical.neurons[part.neuron];
    let text = `hemisphere ${hemisphere}, column ${column}: free`;
    if (n && neuron) {
      const c = neuron.compartments[part.compartment];
      const role = part.compartment === neuron.output ? ', output' : '';
      text = `hemisphere ${hemisphere}, column ${column}: ${neuron.label}.${c.name} (${n.model}${role}), compartment ${part.compartment + 1} of ${neuron.compartments.length}, ${c.cells.length} ${c.cells.length === 1 ? 'circuit' : 'circuits'}; ${neuron.label} spans ${neuron.cells.length} circuits`;
    } else if (n) {
      text = `hemisphere ${hemisphere}, column ${column}: ${n.population}[${n.index}] (${n.model})`;
    }
    this.info.textContent = text;
    // The same words as the pointer's tooltip over a multi-compartment neuron.
    this.canvas.title = neuron ? text : '';
  }

  private selectNeuron(hemisphere: number, column: number): void {
    const n = this.usage?.circuitAt.get(hemisphere * COLUMNS + column);
    if (n) this.host.post({ type: 'selectPopulation', population: n.population, neuron: n.index });
  }

  private onKey(e: KeyboardEvent): void {
    const f = this.focus;
    if (e.key === 'ArrowLeft') f.column = Math.max(0, f.column - 1);
    else if (e.key === 'ArrowRight') f.column = Math.min(COLUMNS - 1, f.column + 1);
    else if (e.key === 'ArrowUp') f.hemisphere = 0;
    else if (e.key === 'ArrowDown') f.hemisphere = TOPOLOGY.hemispheres - 1;
    else if (e.key === 'Enter') this.selectNeuron(f.hemisphere, f.column);
    else return;
    e.preventDefault();
    this.describeNeuron(f.hemisphere, f.column);
    this.draw();
  }

  private exportPng(): void {
    if (this.config) exportPng(this.host, 'chip', safeFileName(this.config.experiment, 'chip.png'), canvasesToPng([this.canvas], this.theme.background));
  }
}
