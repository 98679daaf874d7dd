/**
 * Screenshots of each panel for docs/images (and the README), taken in the dark theme with VS Code's
 * default dark colours. Each also checks that the panel drew something.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { analyzeDocument } from '../../server/analysis';
import { compartmentRun, eiNetworkResults, weightRun } from './fixtures';
import type { PanelKind } from '../../common/protocol/webview';
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

  /** [image name, what to show, what must be drawn, the panel (default: the image name)]. */
  const shots: Array<[string, (p: PanelPage) => Promise<void>, string, PanelKind?]> = [
    ['raster', (p) => p.send({ type: 'results', results: eiNetworkResults() }), '.raster-box canvas[data-area]'],
    ['traces', (p) => p.send({ type: 'results', results: eiNetworkResults() }), '.traces-box canvas[data-area]'],
    ['weights', (p) => p.send({ type: 'results', results: weightRun() }), '.heatmap[data-rows]'],
    [
      'chip',
      (p) => p.send({ type: 'chip', configuration: analyzeDocument(readFileSync('examples/ei_network.bss2', 'utf8')).configuration }),
      '.usage li',
    ],
    [
      'compartments',
      async (p) => {
        // The three compartments of pyr[0], picked in the neuron picker.
        await p.send({ type: 'results', results: compartmentRun() });
        await p.page.waitForSelector('.neuron-picker vscode-option', { state: 'attached' });
        await p.page.$eval('.neuron-picker vscode-single-select', (select) => {
          (select as HTMLElement & { value: string }).value = JSON.stringify(['pyr', 0]);
          select.dispatchEvent(new Event('change'));
        });
        await p.page.waitForFunction(() => document.querySelectorAll('.legend-item').length === 3);
      },
      '.traces-box canvas[data-area]',
      'traces',
    ],
  ];
  for (const [name, feed, drawn, panel] of shots) {
    it(`saves docs/images/panel-${name}.png`, async () => {
      const p = await openPanel(browser, panel ?? (name as PanelKind));
      await darken(p);
      await feed(p);
      await p.page.waitForSelector(drawn);
      await p.page.waitForTimeout(300);
      await p.page.screenshot({ path: `docs/images/panel-${name}.png`, fullPage: true });
      assert.deepEqual(await p.violations(), []);
      await p.page.context().close();
    });
  }
});
