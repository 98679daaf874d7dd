/**
 * Raster panel benchmark in headless Chromium: 1,000,000 spikes (512 neurons in 3 populations, 10 s) sent to
 * the raster panel as one results message, then zoom and pan redraws by keyboard. Targets (issue 7): first
 * draw under 300 ms, a zoom or pan redraw under 50 ms. Prints the medians of several repetitions.
 *
 * Run: npx tsx bench/raster.ts [--spikes N] [--repeat R]
 *   "render" = results to pixels: packing the spikes, Chart.js layout, the pixel layer, PSTH and legend
 *   (measured by the panel itself as `bss2:raster:render`); "message" adds validating the message on arrival.
 */
import { launchChromium, openPanel } from '../test/browser/harness';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const SPIKES = argument('--spikes', 1_000_000);
const REPEAT = argument('--repeat', 5);

interface Timing {
  render: number;
  message: number;
  zooms: number[];
  pans: number[];
}

/** The page script is passed as text: tsx would otherwise add helpers (`__name`) that do not exist in the page. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  const render: number[] = [];
  const message: number[] = [];
  const zoom: number[] = [];
  const pan: number[] = [];
  try {
    for (let r = 0; r < REPEAT; r++) {
      const p = await openPanel(browser, 'raster');
      const timing = (await p.page.evaluate(`(async (total) => {
        // Deterministic spikes: a linear congruential generator, times sorted within each population.
        let seed = 12345;
        const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
        const sizes = { exc: 320, inh: 80, drive: 112 };
        const duration = 10_000;
        const populations = {};
        const neurons = Object.values(sizes).reduce((a, b) => a + b, 0);
        for (const [name, size] of Object.entries(sizes)) {
          const n = Math.round((total * size) / neurons);
          const time_ms = Array.from({ length: n }, () => next() * duration).sort((a, b) => a - b);
          populations[name] = { size, spikes: { neuron: time_ms.map(() => Math.floor(next() * size)), time_ms } };
        }
        const results = { schema: 1, experiment: 'bench', duration_ms: duration, seed: 1, populations, traces: [], weights: [], warnings: [] };
        performance.clearMeasures();
        const sent = performance.now();
        window.postMessage({ type: 'results', results }, '*');
        await new Promise((resolve) => {
          const poll = () => (performance.getEntriesByName('bss2:raster:render').length > 0 ? resolve() : setTimeout(poll, 1));
          poll();
        });
        const m = performance.getEntriesByName('bss2:raster:render')[0];
        const box = document.querySelector('.raster-box') ;
        const key = (k) => {
          const t0 = performance.now();
          box.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
          return performance.now() - t0;
        };
        const zooms = ['+', '+', '-', '+'].map(key);
        const pans = ['ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowLeft'].map(key);
        return { render: m.duration, message: m.startTime + m.duration - sent, zooms, pans };
      })(${SPIKES})`)) as Timing;
      render.push(timing.render);
      message.push(timing.message);
      zoom.push(...timing.zooms);
      pan.push(...timing.pans);
      await p.page.context().close();
    }
  } finally {
    await browser.close();
  }
  const f = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`raster benchmark: ${SPIKES.toLocaleString('en')} spikes, ${REPEAT} repetitions, headless Chromium (software rendering)`);
  console.log(`  first draw (render)        median ${f(median(render))}  max ${f(Math.max(...render))}  target < 300 ms`);
  console.log(`  message to pixels          median ${f(median(message))}  max ${f(Math.max(...message))}  (includes validating the message)`);
  console.log(`  zoom redraw (raster+PSTH)  median ${f(median(zoom))}  max ${f(Math.max(...zoom))}  target < 50 ms`);
  console.log(`  pan redraw (raster+PSTH)   median ${f(median(pan))}  max ${f(Math.max(...pan))}  target < 50 ms`);
}

main().catch((error) => {
  console.error(String(error));
  process.exit(1);
});
