/**
 * A small raster plot of one population's spikes as an SVG image, for the hover over a population name. The
 * drawing is bounded whatever the spike count: spikes fall into pixel cells and each occupied cell is drawn once,
 * so a million spikes give at most width x rows ticks. Colours are mid-tones readable on light and dark themes
 * (a hover image cannot read the theme's CSS variables).
 */
import type { SpikeTrains } from '../../common/results';
import { escapeHtml } from '../../webview/lib/escape';

export interface RasterSvgOptions {
  width?: number;
  height?: number;
  /** Tick colour. */
  colour?: string;
  /** Caption under the plot (escaped here). */
  caption?: string;
}

const AXIS = '#8b8b8b';

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

export function rasterSvg(spikes: SpikeTrains, size: number, durationMs: number, options: RasterSvgOptions = {}): string {
  const width = Math.max(40, Math.round(options.width ?? 300));
  const plotHeight = Math.max(10, Math.round(options.height ?? 80));
  const captionHeight = 14;
  const colour = /^#[0-9a-fA-F]{3,8}$/.test(options.colour ?? '') ? options.colour! : '#3794ff';
  const rows = Math.max(1, Math.min(size, plotHeight));
  const rowHeight = plotHeight / rows;
  const tick = Math.max(1, rowHeight * 0.8);
  const occupied = new Set<number>();
  const duration = durationMs > 0 ? durationMs : 1;
  for (let i = 0; i < spikes.time_ms.length; i++) {
    const t = spikes.time_ms[i];
    const n = spikes.neuron[i];
    if (!(t >= 0 && t <= duration) || !(n >= 0 && n < size)) continue;
    const x = Math.min(width - 1, Math.floor((t / duration) * width));
    const row = Math.min(rows - 1, Math.floor((n * rows) / size));
    occupied.add(row * width + x);
  }
  const path: string[] = [];
  for (const cell of [...occupied].sort((a, b) => a - b)) {
    const x = cell % width;
    const row = Math.floor(cell / width);
    path.push(`M${x + 0.5} ${num(row * rowHeight)}v${num(tick)}`);
  }
  const total = plotHeight + captionHeight;
  const caption = options.caption ?? `${spikes.time_ms.length} spikes, ${size} neurons, 0–${num(durationMs)} ms`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}">`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${plotHeight - 1}" fill="none" stroke="${AXIS}" stroke-opacity="0.5"/>`,
    path.length > 0 ? `<path d="${path.join('')}" stroke="${colour}" stroke-width="1" fill="none"/>` : '',
    `<text x="0" y="${total - 3}" font-family="sans-serif" font-size="10" fill="${AXIS}">${escapeHtml(caption)}</text>`,
    '</svg>',
  ].join('');
}

/** The SVG as a `data:` URI for a Markdown image in a hover. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
