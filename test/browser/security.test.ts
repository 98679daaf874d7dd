/**
 * Untrusted text in the panels and the report: an XSS corpus placed in population names, experiment names,
 * titles and error messages executes nothing and is shown as text; malformed messages are ignored and logged.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunResults } from '../../common/results';
import { renderReportHtml } from '../../webview/report';
import { XSS_PAYLOADS, compartmentRun, knownSpikes, weightRun } from './fixtures';
import { type PanelPage, coloursIn, chartGeometry, launchChromium, openPage, openPanel, webviewBundles } from './harness';

async function xssRan(p: PanelPage): Promise<unknown> {
  return p.page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
}

describe('untrusted text in Chromium', function () {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const payload of XSS_PAYLOADS) {
    it(`shows ${JSON.stringify(payload)} as text in every place a name or message appears`, async () => {
      const p = await openPanel(browser, 'raster', payload);
      const results = knownSpikes([payload, `${payload}2`]);
      results.experiment = payload;
      await p.send({ type: 'results', results });
      await p.send({ type: 'runFinished', state: 'failed', error: payload });
      await p.page.waitForSelector('.raster-box canvas[data-area]');
      await p.page.waitForTimeout(200);
      assert.equal(await xssRan(p), undefined);
      assert.equal(await p.page.title(), payload);
      assert.ok((await p.page.textContent('.legend'))?.includes(payload));
      assert.ok((await p.page.textContent('.status'))?.includes(payload));
      assert.equal(await p.page.$$eval('img, iframe, svg, script:not([src])', (e) => e.length), 0);
      assert.deepEqual(await p.violations(), []);
      await p.page.context().close();
    });
  }

  it('shows payloads in compartment names as text in the traces legend and the neuron picker', async () => {
    for (const payload of XSS_PAYLOADS) {
      const p = await openPanel(browser, 'traces', payload);
      await p.send({ type: 'results', results: compartmentRun({ population: payload, compartments: [payload, `${payload}2`, `${payload}3`] }) });
      await p.page.waitForSelector('.traces-box canvas[data-area]');
      await p.page.waitForTimeout(100);
      assert.equal(await xssRan(p), undefined);
      assert.ok((await p.page.textContent('.legend'))?.includes(`${payload}[0] ${payload}2`));
      assert.ok((await p.page.textContent('.neuron-picker'))?.includes(`${payload}[0] (3 compartments)`));
      // In the page's own DOM (the picker component draws its chevron as SVG inside its shadow root).
      assert.equal(await p.page.evaluate(() => document.querySelectorAll('img, iframe, svg, script:not([src])').length), 0);
      assert.deepEqual(await p.violations(), []);
      await p.page.context().close();
    }
  });

  it('ignores and logs malformed messages, keeping what is on screen', async () => {
    const p = await openPanel(browser, 'raster');
    await p.send({ type: 'results', results: knownSpikes() });
    await p.page.waitForSelector('.raster-box canvas[data-area]');
    const before = await chartGeometry(p.page, '.raster-box canvas');
    const bad: unknown[] = [
      null,
      'results',
      { type: 'constructor' },
      { type: '__proto__' },
      { type: 'results', results: { ...knownSpikes(), duration_ms: -1 } },
      { type: 'results', results: knownSpikes(), extra: true },
      { type: 'chunk', chunk: { time_ms: 1, duration_ms: 2, spikes: { a: { neuron: [1], time_ms: [] } }, traces: [] } },
      { type: 'settings', liveRedrawsPerSecond: 1000 },
      { type: 'runFinished', state: 'exploded' },
    ];
    for (const m of bad) await p.send(m);
    await p.page.waitForTimeout(200);
    const logs = (await p.posted()).filter((m) => m.type === 'log');
    assert.equal(logs.length, bad.length);
    assert.ok(logs.every((l) => l.level === 'warning' && /ignored a malformed message/.test(String(l.message))));
    assert.deepEqual(await chartGeometry(p.page, '.raster-box canvas'), before);
    assert.deepEqual(await p.violations(), []);
    await p.page.context().close();
  });

  describe('standalone report', () => {
    async function openReport(results: RunResults): Promise<PanelPage> {
      const dir = await webviewBundles();
      const bundle = { js: readFileSync(join(dir, 'report.js'), 'utf8'), css: readFileSync(join(dir, 'report.css'), 'utf8') };
      const p = await openPage(browser, renderReportHtml(results, bundle), { vscode: false });
      await p.page.waitForSelector('.report-raster canvas[data-area]');
      return p;
    }

    it('shows traces, raster and weights of the run from the embedded data, under its CSP', async () => {
      const p = await openReport(weightRun());
      assert.equal(await p.page.$$eval('.report-section', (s) => s.length), 3);
      const g = await chartGeometry(p.page, '.report-raster .raster-box canvas');
      assert.deepEqual([g.xMin, g.xMax, g.yMax], [0, 1500, 20]);
      const spikes = await coloursIn(p.page, '.report-raster .raster-box canvas', g.left, g.top, g.width, g.height);
      assert.ok(spikes.size >= 2, 'spikes drawn');
      assert.ok(await p.page.$('.report-traces .traces-box canvas[data-area]'));
      assert.ok(await p.page.$('.report-weights .heatmap[data-rows="16"]'));
      assert.deepEqual(await p.violations(), []);
      assert.deepEqual(p.pageErrors, []);
      await p.page.context().close();
    });

    it('keeps an XSS corpus in names and the experiment inert', async () => {
      const results = knownSpikes([XSS_PAYLOADS[0], XSS_PAYLOADS[3]]);
      results.experiment = XSS_PAYLOADS[1];
      results.warnings = XSS_PAYLOADS;
      const p = await openReport(results);
      assert.equal(await xssRan(p), undefined);
      assert.equal(await p.page.textContent('.report-title'), XSS_PAYLOADS[1]);
      assert.ok((await p.page.textContent('.report-raster .legend'))?.includes(XSS_PAYLOADS[3]));
      assert.deepEqual(await p.violations(), []);
      await p.page.context().close();
    });
  });
});
