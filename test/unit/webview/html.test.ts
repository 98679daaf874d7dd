import assert from 'node:assert/strict';
import { buildPanelHtml, contentSecurityPolicy, createNonce } from '../../../webview/html';
import { escapeHtml, escapeInlineScript, jsonForScriptBlock } from '../../../webview/lib/escape';
import { renderReportHtml } from '../../../webview/report';
import type { RunResults } from '../../../common/results';

const CSP_SOURCE = 'https://*.vscode-cdn.net';

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'a CSP meta element');
  return m[1].replace(/&#39;/g, "'");
}

describe('panel HTML shell', () => {
  const nonce = createNonce();
  const html = buildPanelHtml({ panel: 'raster', title: 'Raster of <b>"x"</b>', nonce, cspSource: CSP_SOURCE, scriptUri: 'https://a.vscode-cdn.net/dist/webview/raster.js?x=1&y=2', styleUri: 'https://a.vscode-cdn.net/dist/webview/raster.css' });

  it('has a strict CSP: default none, scripts by nonce only, no eval, no inline scripts', () => {
    const csp = cspOf(html);
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|\*(?!\.vscode-cdn)|data:[^;]*script/);
    assert.deepEqual(directives.get('style-src'), [CSP_SOURCE, `'nonce-${nonce}'`]);
    assert.deepEqual(directives.get('form-action'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  });

  it('loads exactly one script, by nonce, and no inline script or style attribute', () => {
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], new RegExp(`nonce="${nonce.replace(/[+/]/g, '\\$&')}" src="https://a.vscode-cdn.net/dist/webview/raster.js\\?x=1&amp;y=2"`));
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/);
    assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/i);
  });

  it('escapes the title and refuses a malformed nonce or CSP source', () => {
    assert.match(html, /<title>Raster of &lt;b&gt;&quot;x&quot;&lt;\/b&gt;<\/title>/);
    assert.throws(() => contentSecurityPolicy("abc' 'unsafe-inline", CSP_SOURCE), /nonce/);
    assert.throws(() => contentSecurityPolicy(createNonce(), "https://x; script-src 'unsafe-inline'"), /CSP source/);
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    assert.equal(nonces.size, 100);
    assert.equal(Buffer.from(createNonce(), 'base64').length, 16);
  });
});

describe('escaping', () => {
  it('escapes HTML special characters', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('embeds JSON that cannot close its script block and parses back to the same value', () => {
    const value = { name: '</script><script>alert(1)</script>', c: '<!-- \u2028 & >' };
    const text = jsonForScriptBlock(value);
    assert.doesNotMatch(text, /[<>&\u2028]/);
    assert.deepEqual(JSON.parse(text), value);
  });
  it('keeps an inlined bundle from closing its script element', () => {
    const source = 'const s = "</script><!--"; const r = /<\\/SCRIPT>/;';
    const escaped = escapeInlineScript(source);
    assert.doesNotMatch(escaped, /<\/script|<!--/i);
    assert.equal(new Function(`${escaped}; return s;`)(), '</script><!--');
  });
});

describe('standalone report HTML', () => {
  const results: RunResults = {
    schema: 1,
    experiment: '<img src=x onerror=alert(1)>',
    duration_ms: 10,
    seed: 1,
    populations: { '</script><script>alert(2)</script>': { size: 1, spikes: { neuron: [0], time_ms: [1] } } },
    traces: [],
    weights: [],
    warnings: [],
  };
  const nonce = createNonce();
  const html = renderReportHtml(results, { js: 'console.log("</script>")', css: 'body{color:red}</style><script>' }, nonce);

  it('inlines the bundle under a nonce CSP without inline permissions', () => {
    const csp = cspOf(html);
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'/);
    assert.doesNotMatch(csp, /unsafe|https?:/);
    const tags = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(tags, ['<script type="application/json" id="bss2-results">', `<script nonce="${nonce}">`]);
    assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'no script element closed early');
    assert.equal((html.match(/<\/style>/g) ?? []).length, 1);
  });

  it('embeds the results as JSON that reads back unchanged', () => {
    const block = /<script type="application\/json" id="bss2-results">([^<]*)<\/script>/.exec(html);
    assert.ok(block);
    assert.deepEqual(JSON.parse(block[1]), results);
    assert.match(html, /<title>&lt;img src=x onerror=alert\(1\)&gt; — BrainScaleS-2 run report<\/title>/);
  });
});
