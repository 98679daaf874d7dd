/**
 * A user's walk through the workbench (code-server in Chromium) with the installed extension: open an example,
 * break a chip limit and see it in the Problems panel, run from the CodeLens, see the raster beside the editor.
 * Each step saves a screenshot to docs/images/vscode-*.png.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorProcesses, frameWith, goTo, logLines, notifications, openExample, openWorkbench, poll, problems, runCommand, screenshot, type Workbench } from './workbench';

const EXAMPLE = 'adaptation.bss2';

/** "2026-11-25 21:30:01.123 [info] ..." (the log's local time) to milliseconds since the epoch. */
function logTime(line: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3})/.exec(line);
  return m ? new Date(`${m[1]}T${m[2]}`).getTime() : Number.NaN;
}

describe('workbench UI walk', function () {
  let bench: Workbench;
  let openedAt = 0;

  before(async function () {
    this.timeout(180_000);
    bench = await openWorkbench({ trusted: true });
  });
  after(async () => {
    await bench?.close();
  });

  it('opens an example with syntax colours and the bss2 language', async () => {
    openedAt = Date.now();
    await openExample(bench.page, EXAMPLE);
    const mode = bench.page.locator('.statusbar-item[id="status.editor.mode"]');
    await poll(async () => ((await mode.innerText().catch(() => '')).includes('BrainScaleS-2') || (await mode.innerText().catch(() => '')).includes('bss2') ? true : undefined), 30_000, () => 'status bar never showed the BrainScaleS-2 language mode');
    // Keywords are coloured by the grammar: more than one token colour on the first experiment line.
    // Tokenization runs after the text is shown, so poll.
    const lineColours = () =>
      bench.page.locator('.monaco-editor .view-line').evaluateAll((lines) => {
        const line = lines.find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').startsWith('experiment adaptation'));
        return line ? new Set(Array.from(line.querySelectorAll('span span')).map((s) => getComputedStyle(s).color)).size : 0;
      });
    await poll(async () => ((await lineColours()) >= 2 ? true : undefined), 30_000, () => 'the line `experiment adaptation` kept a single token colour: the grammar did not apply');
    await screenshot(bench.page, 'open-example');
  });

  it('logs its activation time to the BrainScaleS-2 output channel', async () => {
    const line = await poll(() => logLines(bench.server, /activated in \d+(\.\d+)? ?ms/)[0], 60_000, () => 'no "activated in N ms" line in any log of the code-server (output channel BrainScaleS-2)');
    const ms = Number(/activated in (\d+(?:\.\d+)?)/.exec(line)![1]);
    const start = logLines(bench.server, /_doActivateExtension bss2-studio\.bss2-studio/)[0];
    const activationStarted = start ? logTime(start) : Number.NaN;
    console.log(`      activation: ${ms} ms inside activate(); activation started ${Number.isNaN(activationStarted) ? '?' : activationStarted - bench.loadStartedAt} ms after page load, ${Number.isNaN(activationStarted) ? '?' : activationStarted - openedAt} ms after the file was clicked`);
    assert.ok(ms >= 0 && ms < 60_000, line);
  });

  it('shows a chip-limit violation in the Problems panel while typing', async () => {
    const page = bench.page;
    const text = readFileSync(join(bench.workspace, 'examples', EXAMPLE), 'utf8').split('\n');
    const line = text.findIndex((l) => /weight\s*=\s*20\b/.test(l));
    assert.ok(line >= 0, `${EXAMPLE} no longer has 'weight = 20'`);
    const column = text[line].indexOf('20', text[line].indexOf('='));
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(page, line + 1, column + 1);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('64');
    const rows = await poll(
      async () => {
        const r = await problems(page);
        return r.some((t) => t.includes('BSS2-E102')) ? r : undefined;
      },
      30_000,
      () => 'BSS2-E102 (weight above 63) never appeared in the Problems panel',
    );
    const row = rows.find((t) => t.includes('BSS2-E102'))!;
    assert.match(row, /63/);
    assert.match(row, new RegExp(`\\[Ln ${line + 1}, Col ${column + 1}\\]`), `the problem is not located at ${line + 1}:${column + 1}: ${row}`);
    await screenshot(page, 'problems');
    // Undo; the problem goes away.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+z');
    await poll(async () => ((await problems(page)).some((t) => t.includes('BSS2-E102')) ? undefined : true), 30_000, () => 'BSS2-E102 stayed after undo');
  });

  it('runs from the CodeLens and opens the raster beside the editor, with spikes drawn', async () => {
    const page = bench.page;
    // Back to the top, where the experiment's lens row is (lenses scrolled out of view are hidden).
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    const run = page.locator('.monaco-editor .codelens-decoration a', { hasText: /^Run$/ }).filter({ visible: true }).first();
    await run.waitFor({ timeout: 30_000 });
    // Close the Problems panel so the panels beside the editor get the full height.
    await runCommand(page, 'View: Hide Panel').catch(() => page.keyboard.press('Escape'));
    await page.waitForTimeout(1000);
    await screenshot(page, 'codelens');
    const seen = new Set<string>();
    const sampling = setInterval(() => emulatorProcesses(bench.server).forEach((p) => seen.add(p)), 50);
    try {
      await run.click();
      // The run opens the raster (and the traces) beside the editor; bring the raster's tab to the front.
      const tab = page.locator('.tabs-container .tab', { hasText: 'Raster' }).first();
      await tab.waitFor({ timeout: 90_000 }).catch(async (e: Error) => {
        throw new Error(`no raster panel opened after Run (${e.message.split('\n')[0]}); notifications: ${await notifications(page)}`);
      });
      await tab.click();
      const selector = 'canvas[aria-label^="Spike raster of"]';
      const canvas = (await frameWith(page, selector, 60_000)).locator(selector);
      const label = await poll(
        async () => {
          const l = (await canvas.getAttribute('aria-label')) ?? '';
          return Number(/Spike raster of (\d+) spikes/.exec(l)?.[1] ?? 0) > 0 ? l : undefined;
        },
        60_000,
        () => `the raster stayed empty`,
      );
      // Spikes are drawn in population colours; the grid and axes are grey.
      const coloured = await canvas.evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d');
        if (!ctx) return -1;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) n++;
        return n;
      });
      assert.ok(coloured > 20, `${label}, but only ${coloured} coloured pixels on the canvas`);
      const groups = await page.locator('.editor-group-container').count();
      assert.ok(groups >= 2, `the raster opened in the same editor group as the experiment (groups: ${groups}), not beside it`);
      await page.waitForTimeout(500);
      await screenshot(page, 'raster');
      await page.locator('.tabs-container .tab', { hasText: 'Traces' }).first().click().catch(() => undefined);
      await page.waitForTimeout(1500);
      await screenshot(page, 'traces');
      console.log(`      ${label}; emulator processes seen during the run: ${seen.size}`);
      // The process probe the Restricted Mode test relies on does see a run's emulator.
      assert.ok(seen.size > 0, 'no emulator.js process was seen below the code-server during a run: the probe cannot be trusted');
    } finally {
      clearInterval(sampling);
    }
  });
});
