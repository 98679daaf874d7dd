/**
 * Webviews and trust (docs/reliability.md): every page's Content-Security-Policy judged by a CSP evaluator, the
 * webview options the extension uses, an XSS corpus in every name, path, warning and message a panel or the
 * report shows (headless Chromium: nothing may run, the text must appear as text), and the allowlist and schema
 * every message from a panel passes.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ChipConfiguration } from '../../common/chip/configuration';
import { validateChipConfiguration } from '../../common/chip/validate';
import { PANEL_KINDS, type PanelKind, validateFromPanel, validateToPanel } from '../../common/protocol/webview';
import type { RunResults } from '../../common/results';
import { analyzeDocument } from '../../server/analysis';
import { buildPanelHtml, contentSecurityPolicy, createNonce } from '../../webview/html';
import { renderReportHtml } from '../../webview/report';
import { compartmentConfiguration, knownSpikes, weightRun } from './fixtures';
import { type PanelPage, launchChromium, openPage, openPanel, webviewBundles } from './harness';
import { cspOfHtml, evaluateCsp, parseCsp } from './securityCsp';

/** What VS Code and code-server give as `webview.cspSource`. */
const CSP_SOURCES = ['https://*.vscode-cdn.net', "'self' https://*.vscode-cdn.net"];

/**
 * Each payload would run script if it reached the page as markup, an attribute, a URL, a template or an inline
 * script; each one that ran would set window.__xss (checked after every page has drawn its data).
 */
const CORPUS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3"></svg>',
  '<svg><script>window.__xss=4</script></svg>',
  '" autofocus onfocus="window.__xss=5" x="',
  "' onmouseover='window.__xss=6' x='",
  '"><img src=x onerror=window.__xss=7>',
  'javascript:window.__xss=8',
  '<a href="javascript:window.__xss=9" id="xss9">click</a>',
  '${(window.__xss=10)}',
  '`;window.__xss=11;`',
  '{{constructor.constructor("window.__xss=12")()}}',
  '</script><script>window.__xss=13</script>',
  '<!--<script>window.__xss=14</script>-->',
  '<iframe srcdoc="<script>parent.__xss=15</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=16>',
  '<details open ontoggle="window.__xss=17">',
  '../../../etc/passwd<img src=x onerror=window.__xss=18>.json',
  '\u2028\u2029</style><img src=x onerror=window.__xss=19>',
];

/** A run whose every name, path, warning and message is a payload. */
function poisonedRun(k: number): RunResults {
  const a = CORPUS[k % CORPUS.length];
  const b = CORPUS[(k + 1) % CORPUS.length];
  const base = weightRun();
  const results = knownSpikes([a, b]);
  results.experiment = CORPUS[(k + 2) % CORPUS.length];
  results.warnings = CORPUS.slice();
  results.weights = base.weights.map((w, i) => ({ ...w, projection: i < 4 ? `${a}->${b}` : CORPUS[(k + 3) % CORPUS.length] }));
  // A multi-compartment neuron of population `a` whose compartments are payloads (legend, neuron picker, CSV).
  const membrane = results.traces[0];
  results.traces.push(...[4, 5, 6].map((d) => ({ ...membrane, neuron: 5, compartment: CORPUS[(k + d) % CORPUS.length] })));
  return results;
}

/** What ran: the value a payload set, if any. */
async function hits(p: PanelPage): Promise<unknown[]> {
  return p.page.evaluate(() => {
    const w = window as unknown as { __xss?: unknown };
    return w.__xss === undefined ? [] : [w.__xss];
  });
}

/**
 * Every element a payload could have created; the panels build none of these themselves (the toolkit's own
 * icons are plain SVG without handlers, the report's bundle is its nonce'd script).
 */
async function injectedElements(p: PanelPage): Promise<string[]> {
  return p.page.$$eval('img, iframe, svg[onload], svg script, math, details, a[href^="javascript" i], script:not([src]):not([type="application/json"]):not([nonce]), [onerror], [onload], [onfocus], [onmouseover], [ontoggle]', (e) => e.map((x) => x.outerHTML.slice(0, 200)));
}

describe('webviews and trust', function () {
  describe('Content-Security-Policy', () => {
    it('the evaluator finds what makes a policy unsafe', () => {
      const ids = (policy: string): string[] => evaluateCsp(policy).filter((f) => f.severity !== 'low').map((f) => f.id);
      assert.ok(ids("script-src 'self'").includes('missing-default-src'));
      assert.ok(ids("default-src 'none'; script-src * 'nonce-abcdefghijklmnopqrstuvwx'; base-uri 'none'").includes('script-wildcard'));
      assert.ok(ids("default-src 'none'; script-src https://*.cdn.example 'nonce-abcdefghijklmnopqrstuvwx'; base-uri 'none'").includes('script-wildcard'));
      assert.ok(ids("default-src 'none'; script-src 'unsafe-inline'; base-uri 'none'").includes('script-unsafe-inline'));
      assert.ok(ids("default-src 'none'; script-src 'unsafe-inline'; base-uri 'none'").includes('missing-nonce'));
      assert.ok(ids("default-src 'none'; script-src 'nonce-abcdefghijklmnopqrstuvwx' 'unsafe-eval'; base-uri 'none'").includes('script-unsafe-eval'));
      assert.ok(ids("default-src 'none'; script-src data: 'nonce-abcdefghijklmnopqrstuvwx'; base-uri 'none'").includes('script-scheme'));
      assert.ok(ids("default-src 'none'; script-src http: 'nonce-abcdefghijklmnopqrstuvwx'; base-uri 'none'").includes('script-scheme'));
      assert.ok(ids("default-src 'none'; script-src http://cdn.example 'nonce-abcdefghijklmnopqrstuvwx'; base-uri 'none'").includes('script-plain-http'));
      assert.ok(ids("default-src 'none'; script-src 'nonce-abc'; base-uri 'none'").includes('weak-nonce'));
      assert.ok(ids("default-src 'none'; script-src 'nonce-abcdefghijklmnopqrstuvwx'").includes('missing-base-uri'));
      assert.ok(ids("default-src *; script-src 'nonce-abcdefghijklmnopqrstuvwx'; base-uri 'none'").includes('object-src-not-none'));
      assert.ok(ids("script-src 'nonce-abcdefghijklmnopqrstuvwx'; base-uri 'none'").includes('missing-object-src'));
      // 'unsafe-inline' beside a nonce is ignored by CSP2+ browsers: the missing nonce is what matters.
      assert.ok(!ids("default-src 'none'; script-src 'nonce-abcdefghijklmnopqrstuvwx' 'unsafe-inline'; base-uri 'none'").includes('script-unsafe-inline'));
      assert.deepEqual(ids("default-src 'none'; script-src 'nonce-abcdefghijklmnopqrstuvwx'; base-uri 'none'; form-action 'none'"), []);
    });

    for (const panel of PANEL_KINDS) {
      for (const cspSource of CSP_SOURCES) {
        it(`${panel} panel (cspSource ${cspSource}): default-src 'none', nonce'd scripts only, no high or medium finding`, () => {
          const nonce = createNonce();
          const html = buildPanelHtml({ panel, title: 'x', nonce, cspSource, scriptUri: 'https://a.vscode-cdn.net/p.js', styleUri: 'https://a.vscode-cdn.net/p.css' });
          const policy = cspOfHtml(html);
          assert.ok(policy, 'the page carries a CSP meta element');
          assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'the CSP comes before anything it governs');
          assert.ok(policy.startsWith("default-src 'none'"), policy);
          const csp = parseCsp(policy);
          assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
          assert.ok(!/unsafe-eval|unsafe-inline|unsafe-hashes|strict-dynamic/.test(policy), policy);
          const serious = evaluateCsp(policy).filter((f) => f.severity !== 'low');
          assert.deepEqual(serious, []);
          // The only scripts are nonce'd: every <script> carries this page's nonce.
          const scripts = html.match(/<script\b[^>]*>/g) ?? [];
          assert.equal(scripts.length, 1);
          assert.ok(scripts.every((s) => s.includes(`nonce="${nonce}"`)));
        });
      }
    }

    it('refuses a cspSource or nonce that would widen the policy', () => {
      for (const bad of ["https://x; script-src *", "https://x 'unsafe-inline'", 'https://x"><script>', '*']) {
        assert.throws(() => contentSecurityPolicy(createNonce(), bad), /CSP source/, bad);
      }
      for (const bad of ['short', "abcdefghijklmnopqrstuvwx' 'unsafe-inline", 'abcdefghijklmnopqrstuv wx']) {
        assert.throws(() => contentSecurityPolicy(bad, 'https://x'), /nonce/, bad);
      }
    });

    it('standalone report: a self-contained page whose policy allows its own inlined bundle only', () => {
      const nonce = createNonce();
      const html = renderReportHtml(knownSpikes(), { js: 'console.log(1)', css: 'body{}' }, nonce);
      const policy = cspOfHtml(html)!;
      assert.ok(policy.startsWith("default-src 'none'"), policy);
      const csp = parseCsp(policy);
      assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
      assert.deepEqual(csp.get('style-src'), [`'nonce-${nonce}'`]);
      assert.deepEqual(evaluateCsp(policy).filter((f) => f.severity !== 'low'), []);
      // The data block is not executable (no nonce, a JSON type); the one script with the nonce is the bundle.
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      assert.deepEqual(scripts.map((s) => (s.includes(`nonce="${nonce}"`) ? 'nonce' : s.includes('type="application/json"') ? 'data' : s)), ['data', 'nonce']);
      // Offline: nothing is fetched from anywhere.
      assert.ok(!/\b(src|href)="https?:/.test(html));
    });

    it('panels open with command links and forms off, and dist/webview as the only local resource root', () => {
      // The options live in the one place that creates panels; no other file of the extension creates a webview.
      const clientFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? clientFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
      const creators = clientFiles('client').filter((f) => /createWebviewPanel|registerWebviewViewProvider|registerCustomEditorProvider/.test(readFileSync(f, 'utf8')));
      assert.deepEqual(creators, [join('client', 'panels', 'panelHost.ts')]);
      const host = readFileSync(join('client', 'panels', 'panelHost.ts'), 'utf8');
      assert.match(host, /enableCommandUris:\s*false/);
      assert.match(host, /enableForms:\s*false/);
      assert.match(host, /localResourceRoots:\s*\[this\.root\]/);
      assert.match(host, /this\.root = vscode\.Uri\.joinPath\(extensionUri, 'dist', 'webview'\)/);
      assert.match(host, /validateFromPanel\(raw\)/);
      assert.doesNotMatch(host, /enableCommandUris:\s*true|enableForms:\s*true/);
    });
  });

  describe('XSS corpus in headless Chromium', function () {
    this.timeout(120000);
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
    });

    it('the detector sees a payload that runs, and the panel CSP blocks one that reaches the DOM', async () => {
      // A page without CSP: markup from the corpus, inserted as HTML, runs.
      const open = await openPage(browser, '<!DOCTYPE html><title>no policy</title><body></body>', { vscode: false });
      await open.page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), CORPUS[1]);
      await open.page.waitForTimeout(200);
      assert.deepEqual(await hits(open), [2]);
      await open.page.context().close();
      // A panel: the same markup forced into its DOM is stopped by the CSP, and the violation is recorded.
      const p = await openPanel(browser, 'raster');
      await p.page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), CORPUS[1]);
      await p.page.waitForTimeout(200);
      assert.deepEqual(await hits(p), []);
      assert.ok((await p.violations()).some((v) => v.startsWith('script-src')), String(await p.violations()));
      assert.equal((await injectedElements(p)).length, 1);
      await p.page.context().close();
    });

    for (const panel of ['raster', 'traces', 'weights'] as const) {
      it(`${panel} panel: payloads in population, experiment and projection names, file paths, warnings and errors run nothing`, async () => {
        for (let k = 0; k < CORPUS.length; k += 4) {
          const p = await openPanel(browser, panel, CORPUS[k]);
          const results = poisonedRun(k);
          const messages: unknown[] = [
            { type: 'runStarted', experiment: CORPUS[k], duration_ms: 200, populations: { [CORPUS[k]]: 10 } },
            { type: 'results', results },
            // An imported file's name labels the overlay.
            { type: 'results', results, label: CORPUS[(k + 5) % CORPUS.length], comparison: { label: CORPUS[(k + 6) % CORPUS.length], results: poisonedRun(k + 1) } },
            { type: 'runFinished', state: 'failed', error: CORPUS.join('\n') },
          ];
          for (const m of messages) {
            assert.ok(validateToPanel(m).ok, 'the corpus passes the schema: it is data, only the rendering must keep it inert');
            await p.send(m);
          }
          await p.page.waitForTimeout(300);
          // Hover and focus everything a payload could have attached a handler to.
          await p.page.mouse.move(300, 300);
          await p.page.keyboard.press('Tab');
          await p.page.waitForTimeout(100);
          assert.deepEqual(await hits(p), [], `payload ${k} ran`);
          assert.deepEqual(await injectedElements(p), []);
          assert.deepEqual(await p.violations(), [], 'no injected script even reached the CSP');
          assert.equal(await p.page.title(), CORPUS[k]);
          const text = (await p.page.textContent('body')) ?? '';
          assert.ok(text.includes(CORPUS[(k + 2) % CORPUS.length]) || text.includes(CORPUS[k]), 'names appear as text');
          const posted = await p.posted();
          assert.ok(posted.every((m) => validateFromPanel(m).ok), 'what the panel sends passes the extension\'s check');
          await p.page.context().close();
        }
      });
    }

    it('chip panel: payloads in the experiment and population names run nothing', async () => {
      const text = readFileSync(join('examples', readdirSync('examples').filter((f) => f.endsWith('.bss2')).sort()[0]), 'utf8');
      const configuration = analyzeDocument(text).configuration as ChipConfiguration;
      assert.ok(configuration);
      const poisoned: ChipConfiguration = { ...configuration, experiment: CORPUS[1], source: { ...configuration.source, populations: configuration.source.populations.map((p, i) => ({ ...p, name: CORPUS[i % CORPUS.length] })) } };
      assert.deepEqual(validateChipConfiguration(poisoned), []);
      const p = await openPanel(browser, 'chip', CORPUS[0]);
      await p.send({ type: 'chip', configuration: poisoned });
      await p.page.waitForTimeout(300);
      await p.page.mouse.move(200, 300);
      await p.page.keyboard.press('Tab');
      await p.page.keyboard.press('ArrowRight');
      await p.page.waitForTimeout(100);
      assert.deepEqual(await hits(p), []);
      assert.deepEqual(await injectedElements(p), []);
      assert.deepEqual(await p.violations(), []);
      await p.page.context().close();
    });

    it('chip panel: payloads in the names of multi-compartment neurons and their compartments run nothing', async () => {
      for (let k = 0; k < CORPUS.length; k += 3) {
        const compartments: [string, string, string] = [CORPUS[k], CORPUS[(k + 1) % CORPUS.length], CORPUS[(k + 2) % CORPUS.length]];
        const configuration = compartmentConfiguration({ population: CORPUS[(k + 3) % CORPUS.length], compartments, experiment: CORPUS[(k + 4) % CORPUS.length] });
        assert.deepEqual(validateChipConfiguration(configuration), []);
        const p = await openPanel(browser, 'chip', CORPUS[k]);
        await p.send({ type: 'chip', configuration });
        await p.page.waitForSelector('.floorplan[data-logical-neurons]');
        // Hover every circuit of pyr[0] (columns 10..13 of row 0): the readout and the tooltip name the compartments.
        const [left, top, width] = (JSON.parse(await p.page.$eval('.floorplan', (c) => (c as HTMLElement).dataset.logicalNeurons ?? '[]')) as Array<{ box: number[] }>)[0].box;
        const seen: string[] = [];
        for (let column = 0; column < 4; column++) {
          // Measured each time: a long readout above the floor plan moves it down.
          const rect = await p.page.$eval('.floorplan', (c) => c.getBoundingClientRect().toJSON() as { left: number; top: number });
          await p.page.mouse.move(rect.left + left + ((column + 0.5) * width) / 4, rect.top + top + 5);
          seen.push((await p.page.textContent('.cell-info')) ?? '');
        }
        await p.page.keyboard.press('Tab');
        await p.page.waitForTimeout(100);
        assert.ok(seen.some((t) => t.includes(`.${compartments[1]} (`)), `the compartment name appears as text: ${JSON.stringify(seen)}`);
        assert.ok((await p.page.textContent('.legend'))?.includes(configuration.source.populations[1].name));
        assert.deepEqual(await hits(p), []);
        assert.deepEqual(await injectedElements(p), []);
        assert.deepEqual(await p.violations(), []);
        await p.page.context().close();
      }
    });

    it('standalone report: payloads everywhere run nothing and appear as text', async () => {
      const dir = await webviewBundles();
      const bundle = { js: readFileSync(join(dir, 'report.js'), 'utf8'), css: readFileSync(join(dir, 'report.css'), 'utf8') };
      for (let k = 0; k < CORPUS.length; k += 3) {
        const results = poisonedRun(k);
        const p = await openPage(browser, renderReportHtml(results, bundle), { vscode: false });
        await p.page.waitForSelector('.report-raster canvas[data-area]');
        await p.page.mouse.move(300, 300);
        await p.page.waitForTimeout(100);
        assert.deepEqual(await hits(p), [], `payload ${k} ran in the report`);
        assert.deepEqual(await injectedElements(p), []);
        assert.deepEqual(await p.violations(), []);
        assert.equal(await p.page.textContent('.report-title'), results.experiment);
        assert.equal(await p.page.title(), `${results.experiment} — BrainScaleS-2 run report`);
        assert.deepEqual(p.pageErrors, []);
        await p.page.context().close();
      }
    });
  });

  describe('messages from a panel', () => {
    it('pass only when their type is on the allowlist and they match its schema', () => {
      const good: unknown[] = [
        { type: 'ready', panel: 'raster' },
        { type: 'selectPopulation', population: 'exc', neuron: 3 },
        { type: 'exportCsv', panel: 'traces', fileName: 'traces.csv', csv: 'a,b\n' },
        { type: 'exportPng', panel: 'chip', fileName: 'chip.png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
        { type: 'log', level: 'warning', message: 'x' },
      ];
      for (const m of good) assert.ok(validateFromPanel(m).ok, JSON.stringify(m));
      const bad: unknown[] = [
        undefined,
        null,
        42,
        'ready',
        [],
        {},
        { type: 'runExperiment' },
        { type: 'executeCommand', command: 'workbench.action.terminal.new' },
        { type: 'openExternal', url: 'https://evil.example' },
        { type: 'writeFile', path: '/etc/passwd', data: 'x' },
        { type: 'results', results: knownSpikes() },
        { type: 'constructor' },
        { type: '__proto__' },
        { type: 'toString' },
        { type: 'hasOwnProperty' },
        JSON.parse('{"type":"ready","panel":"raster","__proto__":{"polluted":1}}'),
        { type: 'ready', panel: 'terminal' },
        { type: 'ready', panel: 'raster', extra: 1 },
        { type: 'selectPopulation', population: 'x'.repeat(10_001) },
        { type: 'selectPopulation', population: 'exc', neuron: -1 },
        { type: 'selectPopulation', population: 'exc', neuron: 1.5 },
        { type: 'exportCsv', panel: 'raster', fileName: '../../.bashrc', csv: 'x' },
        { type: 'exportCsv', panel: 'raster', fileName: 'a\\b.csv', csv: 'x' },
        { type: 'exportCsv', panel: 'raster', fileName: 'a\u0000.csv', csv: 'x' },
        { type: 'exportCsv', panel: 'raster', fileName: 'a.csv', csv: 7 },
        { type: 'exportPng', panel: 'raster', fileName: 'a.png', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
        { type: 'exportPng', panel: 'raster', fileName: 'a.png', dataUrl: 'javascript:alert(1)' },
        { type: 'log', level: 'debug', message: 'x' },
        { type: 'log', level: 'info', message: 'x'.repeat(10_001) },
      ];
      for (const m of bad) {
        const checked = validateFromPanel(m);
        assert.equal(checked.ok, false, `accepted ${String(JSON.stringify(m)).slice(0, 80)}`);
        assert.ok(!checked.ok && checked.problems.length > 0 && checked.problems.every((p) => typeof p === 'string' && p.length < 400));
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('every kind a panel can be is on the allowlist of ready, and nothing else', () => {
      for (const panel of PANEL_KINDS) assert.ok(validateFromPanel({ type: 'ready', panel }).ok);
      const kinds: PanelKind[] = ['traces', 'raster', 'weights', 'chip', 'report'];
      assert.deepEqual([...PANEL_KINDS].sort(), kinds.sort());
    });
  });
});
