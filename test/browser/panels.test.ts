/**
 * The panels in headless Chromium: what they draw (spike pixels where the spikes are, axis ranges, a colour per
 * population, heatmap colours, the chip floor plan), how they react (zoom, click to select, live chunks,
 * themes), and that their strict CSP is never violated. Run: npx mocha --config test/browser/.mocharc.json
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../server/analysis';
import { viridis } from '../../webview/lib/colormap';
import { type PanelPage, chartGeometry, coloursIn, panelSuite, pixelAt, resolveColour } from './harness';
import { eiNetworkResults, knownSpikes, weightRun } from './fixtures';

describe('plot panels in Chromium', function () {
  const { open } = panelSuite();

  describe('raster', () => {
    async function rasterWith(results = knownSpikes()): Promise<PanelPage> {
      const p = await open('raster');
      await p.send({ type: 'results', results });
      await p.page.waitForSelector('.raster-box canvas[data-area]');
      return p;
    }

    it('draws each spike in its population colour at its time and neuron, and nothing elsewhere', async () => {
      const p = await rasterWith();
      const g = await chartGeometry(p.page, '.raster-box canvas');
      assert.deepEqual([g.xMin, g.xMax, g.yMin, g.yMax], [0, 200, 0, 20]);
      const legend = await p.page.$$eval('.legend-item', (items) => items.map((i) => (i as HTMLElement).dataset.color ?? ''));
      const [alpha, beta] = await Promise.all(legend.map((c) => resolveColour(p.page, c)));
      assert.notEqual(alpha, beta);
      const px = (t: number) => g.left + ((t - g.xMin) / (g.xMax - g.xMin)) * g.width;
      const py = (row: number) => g.top + ((row + 0.5 - g.yMin) / (g.yMax - g.yMin)) * g.height;
      for (const t of [20, 50, 80]) {
        const found = await coloursIn(p.page, '.raster-box canvas', px(t) - 2, py(3) - 2, 5, 5);
        assert.ok(found.has(alpha), `alpha spike at ${t} ms: found ${[...found.keys()]}`);
      }
      for (const t of [150, 190]) {
        const found = await coloursIn(p.page, '.raster-box canvas', px(t) - 2, py(10 + 7) - 2, 5, 5);
        assert.ok(found.has(beta), `beta spike at ${t} ms: found ${[...found.keys()]}`);
      }
      // Between spikes, on the rows of neurons that never fire: no population colour.
      const quiet = await coloursIn(p.page, '.raster-box canvas', px(100), py(0), px(140) - px(100), py(9) - py(0));
      assert.ok(!quiet.has(alpha) && !quiet.has(beta), 'no spikes where none happened');
      const total = (m: Map<string, number>, c: string) => m.get(c) ?? 0;
      const all = await coloursIn(p.page, '.raster-box canvas', g.left, g.top, g.width, g.height);
      assert.ok(total(all, alpha) >= 7 && total(all, beta) >= 5);
    });

    it('zooms with the keyboard, the PSTH follows the time axis, and a click selects the neuron', async () => {
      const p = await rasterWith();
      await p.page.focus('.raster-box');
      await p.page.keyboard.press('+');
      await p.page.keyboard.press('+');
      const zoomed = await chartGeometry(p.page, '.raster-box canvas');
      const psth = await chartGeometry(p.page, '.psth-box canvas');
      assert.ok(zoomed.xMax - zoomed.xMin < 200 * 0.3, `zoomed to ${zoomed.xMin}..${zoomed.xMax}`);
      assert.deepEqual([psth.xMin, psth.xMax], [zoomed.xMin, zoomed.xMax]);
      await p.page.keyboard.press('0');
      const reset = await chartGeometry(p.page, '.raster-box canvas');
      assert.deepEqual([reset.xMin, reset.xMax], [0, 200]);
      const box = (await p.page.$('.raster-box canvas'))!;
      await box.click({ position: { x: reset.left + (50 / 200) * reset.width, y: reset.top + (3.5 / 20) * reset.height } });
      await p.waitForPost('selectPopulation');
      const posted = await p.posted();
      assert.deepEqual(posted.filter((m) => m.type === 'selectPopulation'), [{ type: 'selectPopulation', population: 'alpha', neuron: 3 }]);
    });

    it('keeps the last run until the first chunk of a new one, then draws the live spikes', async () => {
      const p = await rasterWith();
      await p.send({ type: 'runStarted', experiment: 'live', duration_ms: 100, populations: { gamma: 5 } });
      await p.page.waitForTimeout(100);
      assert.match(await p.page.textContent('.legend') ?? '', /alpha/);
      await p.send({ type: 'chunk', chunk: { time_ms: 50, duration_ms: 100, spikes: { gamma: { neuron: [1, 2], time_ms: [10, 20] } }, traces: [] } });
      await p.page.waitForFunction(() => /gamma/.test(document.querySelector('.legend')?.textContent ?? ''));
      assert.doesNotMatch(await p.page.textContent('.legend') ?? '', /alpha/);
      const g = await chartGeometry(p.page, '.raster-box canvas');
      assert.deepEqual([g.xMax, g.yMax], [100, 5]);
      assert.match(await p.page.textContent('.status') ?? '', /running, 50 ms of 100 ms/);
    });

    it('redraws at most 30 times a second however fast chunks arrive', async () => {
      const p = await rasterWith();
      await p.send({ type: 'runStarted', experiment: 'burst', duration_ms: 1000, populations: { gamma: 50 } });
      const started = Date.now();
      await p.page.evaluate(async () => {
        for (let k = 0; k < 100; k++) {
          window.postMessage({ type: 'chunk', chunk: { time_ms: k * 10, duration_ms: 1000, spikes: { gamma: { neuron: [k % 50], time_ms: [k * 10] } }, traces: [] } }, '*');
          await new Promise((r) => setTimeout(r, 5));
        }
        await new Promise((r) => setTimeout(r, 100));
      });
      const elapsed = (Date.now() - started) / 1000;
      const renders = await p.page.evaluate(() => performance.getEntriesByName('bss2:raster:render').length);
      assert.ok(renders <= Math.ceil(elapsed * 30) + 2, `${renders} renders in ${elapsed.toFixed(2)} s`);
      assert.match(await p.page.textContent('.status') ?? '', /990 ms of 1000 ms/, 'the last chunk is drawn');
    });

    it('follows the VS Code theme: chart colours come from --vscode-charts-* variables', async () => {
      const p = await rasterWith();
      await p.page.evaluate(() => {
        document.documentElement.style.setProperty('--vscode-charts-blue', '#ff00ff');
        document.body.className = 'vscode-dark';
      });
      await p.page.waitForFunction(() => (document.querySelector('.legend-item') as HTMLElement)?.dataset.color === '#ff00ff');
      const g = await chartGeometry(p.page, '.raster-box canvas');
      const found = await coloursIn(p.page, '.raster-box canvas', g.left + (20 / 200) * g.width - 2, g.top + (3.5 / 20) * g.height - 2, 5, 5);
      assert.ok(found.has('255,0,255'), `themed spike colour: ${[...found.keys()]}`);
    });
  });

  describe('traces', () => {
    it('draws one chart per unit over the run, with biological and hardware time at the cursor', async () => {
      const p = await open('traces');
      const results = eiNetworkResults();
      await p.send({ type: 'results', results });
      await p.page.waitForSelector('.traces-box canvas[data-area]');
      const units = await p.page.$$eval('.traces-box canvas', (cs) => cs.map((c) => (c as HTMLElement).dataset.unit));
      assert.deepEqual(units, ['mV']);
      const g = await chartGeometry(p.page, '.traces-box canvas');
      assert.deepEqual([g.xMin, g.xMax], [0, 200]);
      const values = results.traces.flatMap((t) => t.values);
      assert.ok(g.yMin <= Math.min(...values) && g.yMax >= Math.max(...values), `y range ${g.yMin}..${g.yMax}`);
      const first = await p.page.$eval('.legend-item .swatch', (s) => getComputedStyle(s).backgroundColor);
      const colours = await coloursIn(p.page, '.traces-box canvas', g.left, g.top, g.width, g.height);
      const [r, gg, b] = first.match(/\d+/g)!.map(Number);
      assert.ok(colours.has(`${r},${gg},${b}`), 'the first trace is drawn in its legend colour');
      await p.page.mouse.move(g.left + g.width / 2, g.top + g.height / 2 + (await p.page.$eval('.traces-box', (e) => e.getBoundingClientRect().top)));
      assert.match(await p.page.textContent('.cursor-readout') ?? '', /ms \(.* µs on chip\)/);
    });
  });

  describe('weights', () => {
    it('shows the matrix as a heatmap, with a time slider over snapshots and a histogram', async () => {
      const p = await open('weights');
      await p.send({ type: 'results', results: weightRun() });
      await p.page.waitForSelector('.heatmap[data-rows="16"]');
      const cell = async (pre: number, post: number) => {
        const { w, h } = await p.page.$eval('.heatmap', (c) => ({ w: (c as HTMLCanvasElement).width, h: (c as HTMLCanvasElement).height }));
        return pixelAt(p.page, '.heatmap', ((post + 0.5) * w) / 8, ((pre + 0.5) * h) / 16);
      };
      // The last snapshot is shown first: k = 3.
      assert.deepEqual((await cell(2, 5)).slice(0, 3), viridis(Math.min(63, 2 * 4 + 5 + 24) / 63));
      await p.page.$eval('.time-slider', (s) => {
        (s as HTMLInputElement).value = '0';
        s.dispatchEvent(new Event('input'));
      });
      assert.deepEqual((await cell(2, 5)).slice(0, 3), viridis((2 * 4 + 5) / 63));
      assert.match(await p.page.textContent('.time-label') ?? '', /^0 ms .*snapshot 1 of 4/);
      const hist = await chartGeometry(p.page, '.histogram-box canvas');
      assert.deepEqual([hist.xMin, hist.xMax], [0, 63]);
      await p.page.focus('.heatmap');
      await p.page.keyboard.press('ArrowDown');
      await p.page.keyboard.press('ArrowRight');
      await p.page.keyboard.press('Enter');
      assert.match(await p.page.textContent('.cell-info') ?? '', /pre 1 → post 1: weight 5/);
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'selectPopulation'), [{ type: 'selectPopulation', population: 'cell', neuron: 1 }]);
    });
  });

  describe('chip', () => {
    it('shows where the mapper placed each population and what is free', async () => {
      const configuration = analyzeDocument(readFileSync('examples/ei_network.bss2', 'utf8')).configuration;
      assert.ok(configuration, 'the example maps');
      const p = await open('chip');
      await p.send({ type: 'chip', configuration });
      await p.page.waitForSelector('.usage li');
      const summary = await p.page.$$eval('.usage li', (li) => li.map((l) => l.textContent));
      assert.equal(summary[0], 'Neuron circuits: 400 used, 112 free (of 512)');
      const legend = await p.page.$$eval('.legend-item', (items) => items.map((i) => i.textContent));
      assert.deepEqual(legend.slice(0, 2), ['exc (320 circuits)', 'inh (80 circuits)']);
      const excColour = await p.page.$eval('.legend-item .swatch', (s) => getComputedStyle(s).backgroundColor.match(/\d+/g)!.join(','));
      // Neuron row 0 (y 288..308 in the layout) is full of exc; hemisphere 1's last columns are free.
      const row0 = await coloursIn(p.page, '.floorplan', 150, 290, 850, 16);
      assert.ok((row0.get(excColour) ?? 0) > 1000, 'row 0 is exc');
      await p.page.mouse.move((await p.page.$eval('.floorplan', (c) => c.getBoundingClientRect().left)) + 980, (await p.page.$eval('.floorplan', (c) => c.getBoundingClientRect().top)) + 328);
      assert.match(await p.page.textContent('.cell-info') ?? '', /hemisphere 1, column 25\d: free/);
    });
  });
});
