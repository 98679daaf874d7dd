/**
 * Multi-compartment neurons in the panels (headless Chromium, real panels): a neuron's compartments share the
 * axis of their unit with one colour and one legend entry each, the neuron picker lists neurons, CSV export, the
 * overlay of a second run and the report carry the compartment, and the chip floor plan outlines each logical
 * neuron over exactly its circuits with its compartments in distinct shades. Fixtures: a hand-written
 * configuration and run of `pyr`, neurons of three compartments (fixtures.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { validateChipConfiguration } from '../../common/chip/validate';
import { validateToPanel } from '../../common/protocol/webview';
import type { RunResults } from '../../common/results';
import { renderReportHtml } from '../../webview/report';
import { compartmentConfiguration, compartmentRun, knownSpikes } from './fixtures';
import { type PanelPage, chartGeometry, coloursIn, openPage, panelSuite, resolveColour, webviewBundles } from './harness';

async function legend(page: Page, scope = ''): Promise<string[]> {
  return page.$$eval(`${scope} .legend-item`, (items) => items.map((i) => i.textContent ?? ''));
}

/** "r,g,b" of each legend swatch, in legend order. */
async function swatches(page: Page): Promise<string[]> {
  return page.$$eval('.legend-item .swatch', (s) => s.map((x) => getComputedStyle(x).backgroundColor.match(/\d+/g)!.slice(0, 3).join(',')));
}

/** Two "r,g,b" colours within a few levels per channel (canvas edges at fractional pixels blend a little). */
function near(a: string, b: string, tolerance = 6): boolean {
  const x = a.split(',').map(Number);
  const y = b.split(',').map(Number);
  return x.every((v, i) => Math.abs(v - y[i]) <= tolerance);
}

async function pickNeuron(page: Page, label: string): Promise<void> {
  await page.$eval(
    '.neuron-picker vscode-single-select',
    (select, wanted) => {
      const option = Array.from(select.querySelectorAll('vscode-option')).find((o) => o.textContent === wanted) as (HTMLElement & { value: string }) | undefined;
      if (!option) throw new Error(`no option ${wanted}`);
      (select as HTMLElement & { value: string }).value = option.value;
      select.dispatchEvent(new Event('change'));
    },
    label,
  );
}

describe('multi-compartment neurons in the panels', function () {
  const { open, track, browser } = panelSuite();

  async function tracesWith(message: unknown): Promise<PanelPage> {
    const p = await open('traces');
    await p.send(message);
    await p.page.waitForSelector('.traces-box canvas[data-area]');
    return p;
  }

  describe('traces', () => {
    it("draws one neuron's three compartments on one axis, one colour and one legend entry each", async () => {
      const results = compartmentRun();
      const p = await tracesWith({ type: 'results', results });
      // The picker lists neurons, not compartments.
      assert.equal(await p.page.$eval('.neuron-picker', (e) => (e as HTMLElement).hidden), false);
      const options = await p.page.$$eval('.neuron-picker vscode-option', (o) => o.map((x) => x.textContent));
      assert.deepEqual(options, ['All recorded neurons', 'pyr[0] (3 compartments)', 'pyr[1] (1 compartment)', 'exc[0]']);
      assert.deepEqual(await legend(p.page), ['pyr[0] soma', 'pyr[0] apical', 'pyr[0] tuft', 'pyr[1] soma', 'exc[0] v']);

      await pickNeuron(p.page, 'pyr[0] (3 compartments)');
      await p.page.waitForFunction(() => document.querySelectorAll('.legend-item').length === 3);
      assert.deepEqual(await legend(p.page), ['pyr[0] soma', 'pyr[0] apical', 'pyr[0] tuft']);
      assert.deepEqual(await p.page.$$eval('.legend-item', (i) => i.map((x) => (x as HTMLElement).dataset.compartment)), ['soma', 'apical', 'tuft']);
      assert.deepEqual(await p.page.$$eval('.traces-box canvas', (c) => c.map((x) => (x as HTMLElement).dataset.unit)), ['mV'], 'one axis');
      assert.match(await p.page.$eval('.traces-box canvas', (c) => c.getAttribute('aria-label') ?? ''), /pyr neuron 0 compartment apical v/);
      const g = await chartGeometry(p.page, '.traces-box canvas');
      const values = results.traces.slice(0, 3).flatMap((t) => t.values);
      assert.ok(g.yMin <= Math.min(...values) && g.yMax >= Math.max(...values), `the axis holds all three: ${g.yMin}..${g.yMax}`);
      const colours = await swatches(p.page);
      assert.equal(new Set(colours).size, 3, `one colour per compartment: ${colours}`);
      const drawn = await coloursIn(p.page, '.traces-box canvas', g.left, g.top, g.width, g.height);
      for (const [i, c] of colours.entries()) assert.ok((drawn.get(c) ?? 0) > 20, `compartment ${i} is drawn in its legend colour ${c}`);
      // Each trace is at its own value: at 30 ms, after the input into the apical dendrite, where the three differ.
      const px = g.left + ((30 - g.xMin) / (g.xMax - g.xMin)) * g.width;
      for (const [i, t] of results.traces.slice(0, 3).entries()) {
        const py = g.top + ((g.yMax - t.values[300]) / (g.yMax - g.yMin)) * g.height;
        const here = await coloursIn(p.page, '.traces-box canvas', px - 3, py - 3, 7, 7);
        assert.ok(here.has(colours[i]), `${t.compartment} at 30 ms, ${t.values[300].toFixed(1)} mV: found ${[...here.keys()]}`);
      }

      // A compartment's entry reveals its neuron in the editor.
      await p.page.click('.legend-item[data-compartment="apical"]');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'selectPopulation'), [{ type: 'selectPopulation', population: 'pyr', neuron: 0 }]);

      // Back to all neurons.
      await pickNeuron(p.page, 'All recorded neurons');
      await p.page.waitForFunction(() => document.querySelectorAll('.legend-item').length === 5);
    });

    it('shows no neuron picker for neurons of one compartment', async () => {
      const p = await tracesWith({ type: 'results', results: knownSpikes() });
      assert.equal(await p.page.$eval('.neuron-picker', (e) => (e as HTMLElement).hidden), true);
      assert.equal(await p.page.$eval('.neuron-picker', (e) => getComputedStyle(e).display), 'none');
      assert.deepEqual(await legend(p.page), ['alpha[3] v']);
    });

    it('keeps the compartment of traces that arrive in chunks of a live run', async () => {
      const p = await tracesWith({ type: 'results', results: knownSpikes() });
      const piece = (index: number, compartment: string) => ({ index, population: 'pyr', neuron: 0, compartment, variable: 'v', t0_ms: 0, dt_ms: 1, values: [-65, -64, -63 + index] });
      const chunk = { type: 'chunk', chunk: { time_ms: 3, duration_ms: 10, spikes: {}, traces: [piece(0, 'soma'), piece(1, 'apical')] } };
      assert.ok(validateToPanel(chunk).ok);
      assert.equal(validateToPanel({ type: 'chunk', chunk: { ...chunk.chunk, traces: [{ ...piece(0, 'soma'), compartment: 5 }] } }).ok, false);
      await p.send({ type: 'runStarted', experiment: 'live', duration_ms: 10, populations: { pyr: 1 } });
      await p.send(chunk);
      await p.page.waitForFunction(() => /pyr\[0\] apical/.test(document.querySelector('.legend')?.textContent ?? ''));
      assert.deepEqual(await legend(p.page), ['pyr[0] soma', 'pyr[0] apical']);
    });

    it('exports the compartment as a CSV column', async () => {
      const p = await tracesWith({ type: 'results', results: compartmentRun() });
      await p.page.click('vscode-button:has-text("Export CSV")');
      await p.waitForPost('exportCsv');
      const csv = String((await p.posted()).find((m) => m.type === 'exportCsv')!.csv);
      const lines = csv.split('\r\n');
      assert.equal(lines[0], 'population,neuron,compartment,variable,unit,time_ms,value');
      assert.match(lines[1], /^pyr,0,soma,v,mV,0,-65$/);
      assert.ok(lines.some((l) => /^pyr,0,apical,v,mV,0\.1,/.test(l)));
      assert.ok(lines.some((l) => /^exc,0,,v,mV,0,/.test(l)), 'a neuron of one compartment has an empty compartment');
    });

    it('overlays a second run trace by trace: same population, neuron and compartment', async () => {
      const a = compartmentRun();
      // The second run lists its compartments in another order and lacks the tuft.
      const b: RunResults = { ...a, traces: [a.traces[1], a.traces[0], a.traces[3]].map((t) => ({ ...t, values: t.values.map((v) => v + 1) })) };
      const p = await tracesWith({ type: 'results', results: a, label: 'emulator', comparison: { label: 'imported', results: b } });
      assert.deepEqual(await legend(p.page), [
        'pyr[0] soma',
        'pyr · imported[0] soma',
        'pyr[0] apical',
        'pyr · imported[0] apical',
        'pyr[0] tuft',
        'pyr[1] soma',
        'pyr · imported[1] soma',
        'exc[0] v',
      ]);
      assert.equal(await p.page.$$eval('.traces-box canvas', (c) => c.length), 1, 'all membranes on one mV axis');
      // A trace of the second run reveals the experiment's population.
      await p.page.click('.legend-item:has-text("pyr · imported[0] apical")');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'selectPopulation'), [{ type: 'selectPopulation', population: 'pyr', neuron: 0 }]);
    });

    it('the HTML report labels the traces by compartment', async () => {
      const dir = await webviewBundles();
      const bundle = { js: readFileSync(join(dir, 'report.js'), 'utf8'), css: readFileSync(join(dir, 'report.css'), 'utf8') };
      const p = track(await openPage(browser(), renderReportHtml(compartmentRun(), bundle), { vscode: false }));
      await p.page.waitForSelector('.report-traces .traces-box canvas[data-area]');
      assert.deepEqual(await legend(p.page, '.report-traces'), ['pyr[0] soma', 'pyr[0] apical', 'pyr[0] tuft', 'pyr[1] soma', 'exc[0] v']);
    });
  });

  describe('chip floor plan', () => {
    interface Published {
      label: string;
      compartments: Array<{ name: string; circuits: Array<[number, number]>; shade: string }>;
      box: [number, number, number, number];
      outline: string;
    }

    async function chipWith(configuration = compartmentConfiguration()): Promise<{ p: PanelPage; neurons: Published[]; rows: Array<[number, number]> }> {
      assert.deepEqual(validateChipConfiguration(configuration), []);
      const p = await open('chip');
      await p.send({ type: 'chip', configuration });
      await p.page.waitForSelector('.floorplan[data-logical-neurons]');
      const neurons = JSON.parse(await p.page.$eval('.floorplan', (c) => (c as HTMLElement).dataset.logicalNeurons ?? '[]')) as Published[];
      const rows = JSON.parse(await p.page.$eval('.floorplan', (c) => (c as HTMLElement).dataset.neuronRows ?? '[]')) as Array<[number, number]>;
      return { p, neurons, rows };
    }

    it('outlines each multi-compartment neuron over exactly its circuits, compartments in distinct shades', async () => {
      const configuration = compartmentConfiguration();
      const { p, neurons, rows } = await chipWith(configuration);
      // What is drawn is what the configuration places, compartment by compartment.
      const expected = configuration.logicalNeurons!.map((l) => ({
        label: `${l.population}[${l.index}]`,
        compartments: l.compartments.map((c) => ({ name: c.name, circuits: c.circuits.map((n) => [configuration.neurons[n].hemisphere, configuration.neurons[n].column]) })),
      }));
      assert.deepEqual(neurons.map((n) => ({ label: n.label, compartments: n.compartments.map((c) => ({ name: c.name, circuits: c.circuits })) })), expected);
      const legendText = await legend(p.page);
      assert.deepEqual(legendText, ['exc (4 circuits)', 'pyr (2 neurons, 10 circuits)']);

      // pyr[0]: columns 10..13, both rows (column 10 in both).
      const [left, top, width, height] = neurons[0].box;
      assert.deepEqual([top, top + height], [rows[0][0], rows[1][1]], 'from the top of row 0 to the bottom of row 1');
      const pitch = width / 4;
      const row0 = (rows[0][0] + rows[0][1]) / 2;
      const row1 = (rows[1][0] + rows[1][1]) / 2;
      const gapMid = (rows[0][1] + rows[1][0]) / 2;
      const hover = async (x: number, y: number) => {
        // Measured each time: a readout that wraps moves the floor plan down.
        const rect = await p.page.$eval('.floorplan', (c) => c.getBoundingClientRect().toJSON() as { left: number; top: number });
        await p.page.mouse.move(rect.left + x, rect.top + y);
        return (await p.page.textContent('.cell-info')) ?? '';
      };
      // The box's edges are the circuits' edges: just inside is the neuron, just outside is free.
      assert.match(await hover(left + 1.5, row0), /hemisphere 0, column 10: pyr\[0\]\.soma \(AdEx, output\), compartment 1 of 3, 2 circuits; pyr\[0\] spans 5 circuits/);
      assert.match(await hover(left - 1.5, row0), /hemisphere 0, column 9: free/);
      assert.match(await hover(left + width - 1.5, row0), /column 13: pyr\[0\]\.tuft .*1 circuit;/);
      assert.match(await hover(left + width + 1.5, row0), /column 14: free/);
      assert.match(await hover(left + 1.5, row1), /hemisphere 1, column 10: pyr\[0\]\.soma/);
      assert.match(await hover(left + pitch * 1.5, row0), /pyr\[0\]\.apical \(AdEx\), compartment 2 of 3, 2 circuits/);
      assert.equal(await p.page.$eval('.floorplan', (c) => c.getAttribute('title')), (await p.page.textContent('.cell-info')) ?? '', 'the tooltip names the compartment too');
      await hover(left - 30, row0);
      assert.equal(await p.page.$eval('.floorplan', (c) => c.getAttribute('title')), '');

      // Each compartment in its own shade; the soma in the population colour.
      const shades = await Promise.all(neurons[0].compartments.map((c) => resolveColour(p.page, c.shade)));
      assert.equal(new Set(shades).size, 3, `distinct shades ${shades}`);
      const pyrColour = (await swatches(p.page))[1];
      assert.equal(shades[0], pyrColour);
      // The first whole pixel of a circuit (circuits are drawn 0.5 px inside their column).
      const centre = async (column: number, y: number) => coloursIn(p.page, '.floorplan', Math.ceil(left + (column - 10) * pitch + 0.5), y, 1, 1);
      assert.ok((await centre(10, row0)).has(shades[0]), 'soma circuit in row 0');
      assert.ok((await centre(10, row1)).has(shades[0]), 'soma circuit in row 1');
      assert.ok((await centre(12, row0)).has(shades[1]), 'apical');
      assert.ok((await centre(13, row0)).has(shades[2]), 'tuft');
      // The gap between the rows is bridged in column 10 (used in both rows), not in column 12.
      assert.ok((await centre(10, gapMid)).has(shades[0]), 'bridge in column 10');
      const noBridge = await centre(12, gapMid);
      assert.ok(!shades.some((s) => noBridge.has(s)), `no bridge in column 12: ${[...noBridge.keys()]}`);

      // The outline: the foreground colour runs along the top edge of the box and stops where the neuron ends.
      const foreground = await resolveColour(p.page, neurons[0].outline);
      const onTop = await coloursIn(p.page, '.floorplan', left + 2, top - 1, width - 4, 1);
      const outlinePixels = [...onTop.entries()].filter(([c]) => near(c, foreground)).reduce((n, [, k]) => n + k, 0);
      assert.ok(outlinePixels >= width - 6, `outline along the top: ${[...onTop.entries()]}`);
      const beyond = await coloursIn(p.page, '.floorplan', left + width + 3, top - 1, 3 * pitch, 1);
      assert.ok(![...beyond.keys()].some((c) => near(c, foreground)), 'no outline over the free columns beside it');
      // Below apical (row 0 only) the outline closes the group at the bottom of row 0.
      const underApical = await coloursIn(p.page, '.floorplan', left + pitch * 1.2, rows[0][1], pitch * 0.6, 1);
      assert.ok([...underApical.keys()].some((c) => near(c, foreground)), `outline under apical: ${[...underApical.keys()]}`);

      // pyr[1]: columns 20..23.
      assert.ok(Math.abs(neurons[1].box[0] - (left + 10 * pitch)) < 0.01 && Math.abs(neurons[1].box[2] - 4 * pitch) < 0.01, `pyr[1] box ${neurons[1].box}`);
      assert.match(await p.page.$eval('.floorplan', (c) => c.getAttribute('aria-label') ?? ''), /14 of 512 neuron circuits placed \(2 multi-compartment neurons\)/);
    });

    it('draws neurons of one circuit as before and publishes no logical neuron', async () => {
      const configuration = compartmentConfiguration();
      delete configuration.logicalNeurons;
      configuration.neurons = configuration.neurons.slice(0, 4);
      configuration.source.populations = configuration.source.populations.slice(0, 1);
      configuration.recording.cadc = [];
      const { p, neurons } = await chipWith(configuration);
      assert.deepEqual(neurons, []);
      assert.deepEqual(await legend(p.page), ['exc (4 circuits)']);
    });
  });
});
