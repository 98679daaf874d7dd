/**
 * The standalone HTML report of a run: one self-contained file (`bss2 run FILE --html OUT.html`) that opens in
 * any browser, offline, with the traces, raster and weights views. The report bundle (dist/webview/report.js
 * and report.css) is inlined under a nonce'd CSP, and the results are embedded as JSON in a
 * `<script type="application/json">` block, escaped so that no name in the data can close it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../common/results';
import { escapeHtml, escapeInlineScript, escapeInlineStyle, jsonForScriptBlock } from './lib/escape';
import { createNonce, documentHead } from './html';

export interface ReportBundle {
  js: string;
  css: string;
}

/** Reads the built report bundle from `dist/webview` (run `node scripts/build.mjs` first). */
export function readReportBundle(distWebviewDir: string): ReportBundle {
  return {
    js: readFileSync(join(distWebviewDir, 'report.js'), 'utf8'),
    css: readFileSync(join(distWebviewDir, 'report.css'), 'utf8'),
  };
}

export function reportContentSecurityPolicy(nonce: string): string {
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, 'img-src data: blob:', "base-uri 'none'", "form-action 'none'"].join('; ');
}

export function renderReportHtml(results: RunResults, bundle: ReportBundle, nonce: string = createNonce()): string {
  const csp = reportContentSecurityPolicy(nonce);
  const style = `<meta name="generator" content="BrainScaleS-2 Studio">
<style nonce="${escapeHtml(nonce)}">${escapeInlineStyle(bundle.css)}</style>`;
  return `${documentHead(csp, `${results.experiment} — BrainScaleS-2 run report`, style)}
<body data-panel="report">
<main id="app"><h1 class="report-title">${escapeHtml(results.experiment)}</h1></main>
<script type="application/json" id="bss2-results">${jsonForScriptBlock(results)}</script>
<script nonce="${escapeHtml(nonce)}">${escapeInlineScript(bundle.js)}</script>
</body>
</html>
`;
}
