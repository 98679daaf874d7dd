/**
 * A time cursor shared by charts with the same time axis: moving the pointer over one draws a vertical line at
 * that time on all of them, and a readout shows the biological time with the hardware time beside it.
 */
import type { Chart, Plugin } from 'chart.js' with { 'resolution-mode': 'import' };
import { formatBioAndHardware } from './time';

export class TimeCursor {
  time: number | undefined;
  color = '#888';
  private readonly charts = new Set<Chart>();

  constructor(private readonly readout: HTMLElement | undefined) {}

  add(chart: Chart): void {
    this.charts.add(chart);
  }

  clear(): void {
    this.charts.clear();
  }

  set(time: number | undefined): void {
    if (time === this.time) return;
    this.time = time;
    if (this.readout) this.readout.textContent = time === undefined ? '' : `cursor: ${formatBioAndHardware(time)}`;
    for (const c of this.charts) c.draw();
  }

  /** The plugin instance to pass to each chart of the group. */
  plugin(): Plugin {
    return {
      id: 'bss2TimeCursor',
      afterEvent: (chart, args) => {
        const e = args.event;
        if (e.type === 'mouseout') this.set(undefined);
        else if (e.type === 'mousemove' && e.x !== null && args.inChartArea) this.set(chart.scales.x.getValueForPixel(e.x));
      },
      afterDatasetsDraw: (chart) => {
        if (this.time === undefined) return;
        const x = chart.scales.x;
        if (this.time < x.min || this.time > x.max) return;
        const px = x.getPixelForValue(this.time);
        const { top, bottom } = chart.chartArea;
        const ctx = chart.ctx;
        ctx.save();
        ctx.strokeStyle = this.color;
        ctx.lineWidth = 1;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
        ctx.restore();
      },
    };
  }
}

/** Publishes the drawn ranges on the canvas (data-x-min ...), for tests and for assistive summaries. */
export const rangeAttributesPlugin: Plugin = {
  id: 'bss2RangeAttributes',
  afterDraw(chart) {
    const el = chart.canvas;
    const { left, top, width, height } = chart.chartArea;
    el.dataset.area = [left, top, width, height].map((v) => v.toFixed(2)).join(',');
    for (const [id, scale] of Object.entries(chart.scales)) {
      el.dataset[`${id}Min`] = String(scale.min);
      el.dataset[`${id}Max`] = String(scale.max);
    }
  },
};
