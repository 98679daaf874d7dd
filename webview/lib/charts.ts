/**
 * Chart.js set-up shared by the panels: the components registered once (tree-shaken bundle), theme-derived
 * axis styles, a time axis that shows biological time with the hardware time beneath it, x-range linking
 * between charts that share a time axis, and keyboard zoom/pan.
 */
import type { Chart } from 'chart.js' with { 'resolution-mode': 'import' };
import { chartJs } from './chartjs';
import { type Theme } from './theme';
import { formatNumber, hardwareUsOfBioMs } from './time';

export function applyThemeDefaults(theme: Theme): void {
  const { Chart } = chartJs();
  Chart.defaults.color = theme.foreground;
  Chart.defaults.borderColor = theme.grid;
  Chart.defaults.font.family = theme.font;
}

/** Axis look from the theme; `title` is plain text (Chart.js draws it on canvas, never as HTML). */
export function axisStyle(theme: Theme, title: string) {
  return {
    grid: { color: theme.grid },
    border: { color: theme.muted },
    ticks: { color: theme.foreground },
    title: { display: true, text: title, color: theme.foreground },
  };
}

/** Tick labels of a time axis: biological ms, and under it the hardware µs that emulate it. */
export function timeTickLabel(value: number | string): string[] {
  const ms = Number(value);
  return [`${formatNumber(ms)}`, `${formatNumber(hardwareUsOfBioMs(ms))} µs`];
}

export const TIME_AXIS_TITLE = 'time: biological ms / hardware µs on chip';

/** Keeps the x range of `charts` equal: whichever one the user zooms or pans, the others follow. */
export class LinkedTimeAxis {
  private readonly charts: Chart[] = [];
  private syncing = false;

  add(chart: Chart): void {
    this.charts.push(chart);
  }

  clear(): void {
    this.charts.length = 0;
  }

  /** Copies the x range of `from` to the other charts. */
  sync(from: Chart): void {
    if (this.syncing) return;
    this.syncing = true;
    const { min, max } = from.scales.x;
    for (const c of this.charts) {
      if (c === from) continue;
      const x = c.options.scales?.x;
      if (!x) continue;
      x.min = min;
      x.max = max;
      c.update('none');
    }
    this.syncing = false;
  }

  setRange(min: number, max: number): void {
    for (const c of this.charts) {
      const x = c.options.scales?.x;
      if (!x) continue;
      x.min = min;
      x.max = max;
      c.update('none');
    }
  }
}

/** Zoom and pan of the time axis with wheel, pinch and drag, limited to [0, duration]. */
export function zoomOptions(link: LinkedTimeAxis, duration_ms: number, minRange_ms: number) {
  const follow = ({ chart }: { chart: Chart }) => link.sync(chart);
  return {
    limits: { x: { min: 0, max: duration_ms, minRange: minRange_ms } },
    pan: { enabled: true, mode: 'x' as const, onPan: follow },
    zoom: { wheel: { enabled: true }, pinch: { enabled: true }, mode: 'x' as const, onZoom: follow },
  };
}

/**
 * Keyboard control of a focusable chart container: arrows pan by a tenth of the view, + and - zoom, 0 or
 * Home resets. The linked charts follow.
 */
export function keyboardZoom(target: HTMLElement, chart: () => Chart | undefined, link: LinkedTimeAxis, resetRange: () => [number, number]): void {
  target.addEventListener('keydown', (event) => {
    const c = chart();
    if (!c) return;
    const x = c.scales.x;
    const span = x.max - x.min;
    const [lo, hi] = resetRange();
    let min = x.min;
    let max = x.max;
    switch (event.key) {
      case 'ArrowLeft':
        min -= span / 10;
        max -= span / 10;
        break;
      case 'ArrowRight':
        min += span / 10;
        max += span / 10;
        break;
      case '+':
      case '=':
        min += span / 4;
        max -= span / 4;
        break;
      case '-':
        min -= span / 2;
        max += span / 2;
        break;
      case '0':
      case 'Home':
        min = lo;
        max = hi;
        break;
      default:
        return;
    }
    event.preventDefault();
    const width = Math.min(max - min, hi - lo);
    if (min < lo) [min, max] = [lo, lo + width];
    if (max > hi) [min, max] = [hi - width, hi];
    link.setRange(min, max);
  });
}
