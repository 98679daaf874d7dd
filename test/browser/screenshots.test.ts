/**
 * Screenshots of each panel for docs/images (and the README), taken in the dark theme with VS Code's
 * default dark colours. Each also checks that the panel drew something.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { analyzeDocument } from '../../server/analysis';
import { eiNetworkResults, weightRun } from './fixtures';
import { type PanelPage, launchChromium, openPanel } from './harness';

const DARK = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
};

async function darken(p: PanelPage): Promise<void> {
  await p.page.evaluate((vars) => {
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    document.body.className = 'vscode-dark';
  }, DARK);
}

describe('panel screenshots (docs/images)', function () {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    mkdirSync('docs/images', { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  const shots: Array<[string, (p: PanelPage) => Promise<void>, string]> = [
    ['raster', (p) => p.send({ type: 'results', results: eiNetworkResults() }), '.raster-box canvas[data-area]'],
    ['traces', (p) => p.send({ type: 'results', results: eiNetworkResults() }), '.traces-box canvas[data-area]'],
    ['weights', (p) => p.send({ type: 'results', results: weightRun() }), '.heatmap[data-rows]'],
    [
      'chip',
      (p) => p.send({ type: 'chip', configuration: analyzeDocument(readFileSync('examples/ei_network.bss2', 'utf8')).configuration }),
      '.usage li',
    ],
  ];
  for (const [panel, feed, drawn] of shots) {
    it(`saves docs/images/panel-${panel}.png`, async () => {
      const p = await openPanel(browser, panel as 'raster');
      await darken(p);
      await feed(p);
      await p.page.waitForSelector(drawn);
      await p.page.waitForTimeout(300);
      await p.page.screenshot({ path: `docs/images/panel-${panel}.png`, fullPage: true });
      assert.deepEqual(await p.violations(), []);
      await p.page.context().close();
    });
  }
});
