/**
 * Two runs in one panel (a ResultsMessage with `comparison`, e.g. the emulator and an imported pyNN.neuron
 * run): the raster draws the second run as groups of their own below the first's, in their own colours, and
 * lists the differences per population; the traces share one axis per unit. Run with the other browser tests.
 */
import assert from 'node:assert/strict';
import { validateToPanel } from '../../common/protocol/webview';
import type { RunResults } from '../../common/results';
import { chartGeometry, coloursIn, panelSuite, resolveColour } from './harness';
import { knownSpikes } from './fixtures';

/** The same run recorded elsewhere: alpha fires 1 ms later and once less, beta is unchanged. */
function importedRun(): RunResults {
  const base = knownSpikes();
  const alpha = base.populations.alpha.spikes.time_ms.slice(0, -1).map((t) => t + 1);
  return {
    ...base,
    populations: { ...base.populations, alpha: { size: 10, spikes: { neuron: alpha.map(() => 3), time_ms: alpha } } },
    traces: base.traces.map((t) => ({ ...t, values: t.values.map((v) => v + 2) })),
    warnings: ['recorded with pyNN.neuron'],
  };
}

describe('plot panels: two runs overlaid', function () {
  const { open } = panelSuite();
  const message = { type: 'results', results: knownSpikes(), label: 'emulator', comparison: { label: 'pyNN.neuron', results: importedRun() } };

  it('the message with a comparison run is valid, and one with a broken comparison is refused', () => {
    assert.ok(validateToPanel(message).ok);
    const broken = validateToPanel({ ...message, comparison: { label: 'x', results: { ...importedRun(), schema: 7 } } });
    assert.ok(!broken.ok && broken.problems.some((p) => p.startsWith('comparison.results')), JSON.stringify(broken));
  });

  it('raster: the second run in groups of its own, in distinct colours, with a differences table', async () => {
    const p = await open('raster');
    await p.send(message);
    await p.page.waitForSelector('.comparison-table');
    const legend = await p.page.$$eval('.legend-item', (items) => items.map((i) => ({ population: (i as HTMLElement).dataset.population ?? '', color: (i as HTMLElement).dataset.color ?? '' })));
    assert.deepEqual(legend.map((l) => l.population), ['alpha', 'alpha · pyNN.neuron', 'beta', 'beta · pyNN.neuron']);
    const colours = await Promise.all(legend.map((l) => resolveColour(p.page, l.color)));
    assert.equal(new Set(colours).size, 4, 'every group has its own colour');
    // Rows: alpha 0..9, alpha · pyNN.neuron 10..19, beta 20..29, beta · pyNN.neuron 30..39.
    const g = await chartGeometry(p.page, '.raster-box canvas');
    assert.deepEqual([g.yMin, g.yMax], [0, 40]);
    const px = (t: number) => g.left + ((t - g.xMin) / (g.xMax - g.xMin)) * g.width;
    const py = (row: number) => g.top + ((row + 0.5 - g.yMin) / (g.yMax - g.yMin)) * g.height;
    const imported = await coloursIn(p.page, '.raster-box canvas', px(21) - 2, py(13) - 2, 5, 5);
    assert.ok(imported.has(colours[1]), `the imported alpha spike at 21 ms is in row 13 in its colour: found ${[...imported.keys()]}`);
    const rows = await p.page.$$eval('.comparison-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    assert.deepEqual(rows[0].slice(0, 5), ['alpha', '7', '6', '-1 (-14.3 %)', '+1.00']);
    assert.deepEqual(rows[1].slice(0, 5), ['beta', '5', '5', '0 (0.0 %)', '0.00']);
    assert.match(await p.page.$eval('.comparison-table caption', (c) => c.textContent ?? ''), /pyNN\.neuron − emulator/);
    // The imported group reveals the experiment's population in the editor.
    await p.page.click('.legend-item[data-population="alpha · pyNN.neuron"]');
    const posted = await p.posted();
    assert.deepEqual(posted.filter((m) => m.type === 'selectPopulation').pop(), { type: 'selectPopulation', population: 'alpha' });
  });

  it('traces: both runs on one axis per unit', async () => {
    const p = await open('traces');
    await p.send(message);
    await p.page.waitForSelector('.traces-box canvas');
    const legend = await p.page.$$eval('.legend-item', (items) => items.map((i) => i.textContent ?? ''));
    assert.deepEqual(legend, ['alpha[3] v', 'alpha · pyNN.neuron[3] v']);
    assert.equal(await p.page.$$eval('.traces-box canvas', (c) => c.length), 1, 'one mV axis for both');
  });

  it('a new run without a comparison shows one run again', async () => {
    const p = await open('raster');
    await p.send(message);
    await p.page.waitForSelector('.comparison-table');
    await p.send({ type: 'results', results: knownSpikes() });
    await p.page.waitForFunction(() => document.querySelectorAll('.legend-item').length === 2);
    assert.equal(await p.page.$$eval('.comparison-table', (t) => t.length), 0);
  });
});
