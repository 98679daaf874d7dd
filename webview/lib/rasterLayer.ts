/**
 * A Chart.js plugin that draws the spikes of a raster as pixels. One Chart.js point per spike would allocate
 * an element per spike and path each one; at a million spikes that takes seconds. Instead the visible spikes of
 * each population (found by binary search, spikes being sorted by time) are written as short vertical ticks
 * into an ImageData of the chart area at device resolution, which is then composited over the grid.
 */
import type { Chart, Plugin } from 'chart.js' with { 'resolution-mode': 'import' };
import { type RasterData, lowerBound } from './rasterData';

interface Scratch {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  image: ImageData;
  pixels: Uint32Array;
}

const scratchOf = new WeakMap<object, Scratch>();

function scratchFor(chart: object, width: number, height: number): Scratch | undefined {
  let s = scratchOf.get(chart);
  if (!s || s.image.width !== width || s.image.height !== height) {
    const canvas = s?.canvas ?? document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    const image = ctx.createImageData(width, height);
    s = { canvas, ctx, image, pixels: new Uint32Array(image.data.buffer) };
    scratchOf.set(chart, s);
  }
  return s;
}

/** Writes the spikes into `pixels` (width x height); returns how many spikes fell inside the view. */
export function rasterizeSpikes(
  data: RasterData,
  colors: Uint32Array,
  pixels: Uint32Array,
  width: number,
  height: number,
  view: { xMin: number; xMax: number; yMin: number; yMax: number },
): number {
  pixels.fill(0);
  const sx = width / (view.xMax - view.xMin);
  const rowPx = height / (view.yMax - view.yMin);
  // Ticks fill most of a row, leaving a gap between neighbouring neurons once rows are taller than 3 pixels.
  const tick = Math.max(1, Math.min(rowPx > 3 ? Math.floor(rowPx * 0.75) : Math.ceil(rowPx), 12));
  const { time_ms, row } = data;
  let drawn = 0;
  for (let g = 0; g < data.groups.length; g++) {
    const group = data.groups[g];
    const color = colors[g % colors.length];
    const first = lowerBound(time_ms, group.start, group.end, view.xMin);
    const last = lowerBound(time_ms, first, group.end, view.xMax);
    for (let i = first; i <= last && i < group.end; i++) {
      const x = Math.floor((time_ms[i] - view.xMin) * sx);
      if (x < 0 || x >= width) continue;
      const y0 = Math.floor((row[i] - view.yMin) * rowPx + (rowPx - tick) / 2);
      if (y0 + tick <= 0 || y0 >= height) continue;
      const yStart = y0 < 0 ? 0 : y0;
      const yEnd = y0 + tick > height ? height : y0 + tick;
      for (let y = yStart, p = yStart * width + x; y < yEnd; y++, p += width) pixels[p] = color;
      drawn++;
    }
  }
  return drawn;
}

/** The layer of one raster chart: set `data` and `colors`, pass `plugin` to the chart. */
export class RasterLayer {
  data: RasterData | undefined;
  /** One packed ABGR pixel per group (see theme.packPixel). */
  colors = new Uint32Array(0);
  /** Duration of the last spike pass (pixel writes and compositing), ms. */
  lastDrawMs = 0;
  /** Spikes written by the last pass. */
  lastDrawn = 0;
  readonly plugin: Plugin<'scatter'> = {
    id: 'bss2RasterLayer',
    beforeDatasetsDraw: (chart: Chart) => this.draw(chart),
  };

  private draw(chart: Chart): void {
    const started = performance.now();
    const area = chart.chartArea;
    const x = chart.scales.x;
    const y = chart.scales.y;
    if (!this.data || !area || !x || !y || area.width <= 0 || area.height <= 0) return;
    const dpr = chart.currentDevicePixelRatio;
    const width = Math.round(area.width * dpr);
    const height = Math.round(area.height * dpr);
    const scratch = scratchFor(chart, width, height);
    if (!scratch) return;
    // The y axis is reversed (row 0 at the top), so the top edge of the area is y.min.
    this.lastDrawn = rasterizeSpikes(this.data, this.colors, scratch.pixels, width, height, { xMin: x.min, xMax: x.max, yMin: y.min, yMax: y.max });
    scratch.ctx.putImageData(scratch.image, 0, 0);
    chart.ctx.save();
    chart.ctx.imageSmoothingEnabled = false;
    chart.ctx.drawImage(scratch.canvas, area.left, area.top, area.width, area.height);
    chart.ctx.restore();
    this.lastDrawMs = performance.now() - started;
  }
}
