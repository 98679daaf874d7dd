/**
 * Runs the panels in headless Chromium (Debian's /usr/bin/chromium through playwright-core), served from a
 * fake origin that plays the part of VS Code's webview resource origin: `https://bss2.test/` answers from the
 * bundles, nothing reaches the network. `acquireVsCodeApi` is provided as VS Code provides it, recording what
 * the panel posts; CSP violations and page errors are recorded for the tests to assert on.
 *
 * Bundles: `BSS2_WEBVIEW_DIR=dist/webview` tests the output of `node scripts/build.mjs`; without it the panels
 * are bundled afresh into a temporary folder with the same esbuild settings, so the tests never see stale code.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { PanelKind, ToPanelMessage } from '../../common/protocol/webview';
import { buildPanelHtml, createNonce } from '../../webview/html';

export const ORIGIN = 'https://bss2.test';
const CHROMIUM = process.env.BSS2_CHROMIUM ?? '/usr/bin/chromium';

let bundleDir: string | undefined;

export async function webviewBundles(): Promise<string> {
  if (bundleDir) return bundleDir;
  if (process.env.BSS2_WEBVIEW_DIR) {
    bundleDir = resolve(process.env.BSS2_WEBVIEW_DIR);
    return bundleDir;
  }
  const out = mkdtempSync(join(tmpdir(), 'bss2-webview-'));
  const panels = readdirSync('webview/panels').filter((f) => f.endsWith('.ts'));
  // Same options as the browser build in scripts/build.mjs.
  await esbuild.build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning', entryPoints: panels.map((f) => join('webview/panels', f)), outdir: out });
  bundleDir = out;
  return out;
}

export async function launchChromium(): Promise<Browser> {
  // playwright gives every launch a fresh temporary profile (user-data-dir) and deletes it on close.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Mocha hooks for a suite of panel tests: one Chromium for the suite, and after each test every page it opened is
 * checked for CSP violations and script errors, then closed. `open` opens a panel; `track` adopts a page opened
 * otherwise (e.g. a report).
 */
export function panelSuite(): { browser: () => Browser; open: (panel: PanelKind) => Promise<PanelPage>; track: (p: PanelPage) => PanelPage } {
  let browser: Browser | undefined;
  const opened: PanelPage[] = [];
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const p of opened.splice(0)) {
      assert.deepEqual(await p.violations(), [], 'CSP violations');
      assert.deepEqual(p.pageErrors, [], 'page errors');
      await p.page.context().close();
    }
  });
  const current = (): Browser => {
    if (!browser) throw new Error('the browser is not launched yet (use panelSuite() inside describe)');
    return browser;
  };
  const track = (p: PanelPage): PanelPage => (opened.push(p), p);
  return { browser: current, open: async (panel) => track(await openPanel(current(), panel)), track };
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' };

export interface PanelPage {
  page: Page;
  /** `violatedDirective blockedURI` of every CSP violation. */
  violations(): Promise<string[]>;
  /** Messages the panel posted to the "extension". */
  posted(): Promise<Array<{ type: string; [k: string]: unknown }>>;
  /**
   * Waits until the panel has posted a message of this type. Chart.js handles pointer events on the next animation
   * frame, so a message caused by a click can arrive after the click has returned.
   */
  waitForPost(type: string): Promise<void>;
  pageErrors: string[];
  send(message: ToPanelMessage | unknown): Promise<void>;
}

/** Records posts and CSP violations from the first script on; runs outside the page's CSP, like VS Code's own. */
const INIT_SCRIPT = `
  window.__posted = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => undefined });
`;

export async function openPage(browser: Browser, html: string, options: { vscode?: boolean; width?: number; height?: number } = {}): Promise<PanelPage> {
  const dir = await webviewBundles();
  const context = await browser.newContext({ viewport: { width: options.width ?? 1100, height: options.height ?? 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.addInitScript(options.vscode === false ? INIT_SCRIPT.replace(/window\.acquireVsCodeApi[^\n]*\n/, '') : INIT_SCRIPT);
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    try {
      const body = readFileSync(join(dir, url.pathname.replace(/^\/dist\//, '')));
      return route.fulfill({ status: 200, contentType: TYPES[extname(url.pathname)] ?? 'application/octet-stream', body });
    } catch {
      return route.fulfill({ status: 404, body: 'not found' });
    }
  });
  await page.goto(`${ORIGIN}/index.html`);
  return {
    page,
    pageErrors,
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
    posted: () => page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted),
    waitForPost: async (type) => {
      await page.waitForFunction((t) => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === t), type);
    },
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as object),
  };
}

/** Opens a panel as VS Code would: the HTML shell, its bundle by nonce, and waits for its `ready` message. */
export async function openPanel(browser: Browser, panel: PanelKind, title = `BrainScaleS-2 ${panel}`): Promise<PanelPage> {
  const html = buildPanelHtml({ panel, title, nonce: createNonce(), cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/${panel}.js`, styleUri: `${ORIGIN}/dist/${panel}.css` });
  const p = await openPage(browser, html);
  await p.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
  return p;
}

/** RGBA of the canvas pixel at CSS coordinates (x, y) relative to the canvas. */
export async function pixelAt(page: Page, selector: string, x: number, y: number): Promise<[number, number, number, number]> {
  return page.evaluate(
    ([sel, px, py]) => {
      const c = document.querySelector(sel as string) as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(Math.round(px as number), Math.round(py as number), 1, 1).data;
      return [d[0], d[1], d[2], d[3]] as [number, number, number, number];
    },
    [selector, x, y] as const,
  );
}

/** Every distinct opaque colour in a rectangle of the canvas, as "r,g,b" with its pixel count. */
export async function coloursIn(page: Page, selector: string, x: number, y: number, w: number, h: number): Promise<Map<string, number>> {
  const entries = await page.evaluate(
    ([sel, rx, ry, rw, rh]) => {
      const c = document.querySelector(sel as string) as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(Math.round(rx as number), Math.round(ry as number), Math.max(1, Math.round(rw as number)), Math.max(1, Math.round(rh as number))).data;
      const counts: Record<string, number> = {};
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255) counts[`${d[i]},${d[i + 1]},${d[i + 2]}`] = (counts[`${d[i]},${d[i + 1]},${d[i + 2]}`] ?? 0) + 1;
      return Object.entries(counts);
    },
    [selector, x, y, w, h] as const,
  );
  return new Map(entries);
}

/** The chart area and axis ranges a chart published on its canvas (rangeAttributesPlugin). */
export async function chartGeometry(page: Page, selector: string): Promise<{ left: number; top: number; width: number; height: number; xMin: number; xMax: number; yMin: number; yMax: number }> {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel) as HTMLCanvasElement;
    const [left, top, width, height] = (c.dataset.area ?? '').split(',').map(Number);
    return { left, top, width, height, xMin: Number(c.dataset.xMin), xMax: Number(c.dataset.xMax), yMin: Number(c.dataset.yMin), yMax: Number(c.dataset.yMax) };
  }, selector);
}

/** "r,g,b" of a CSS colour as the browser resolves it. */
export async function resolveColour(page: Page, color: string): Promise<string> {
  return page.evaluate((c) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return `${d[0]},${d[1]},${d[2]}`;
  }, color);
}
