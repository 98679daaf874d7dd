/**
 * The HTML shell of a panel, as VS Code loads it into a webview. Pure: the caller passes the nonce (from
 * `createNonce`) and the resource URIs (`webview.asWebviewUri` of files in dist/webview, the only
 * `localResourceRoots`), and `webview.cspSource`.
 *
 * The Content-Security-Policy starts from `default-src 'none'` and opens only what a panel needs: its script by
 * nonce (no 'unsafe-eval', no 'unsafe-inline'), its stylesheet from the webview resource origin (plus nonce'd
 * style elements for components that cannot adopt stylesheets), images drawn locally (data:, blob: for PNG
 * export). No forms, no frames, no connections: panels receive data by message only.
 */
import { randomBytes } from 'node:crypto';
import type { PanelKind } from '../common/protocol/webview';
import { escapeHtml } from './lib/escape';

export interface PanelHtmlOptions {
  panel: PanelKind;
  /** Document title; may contain the experiment name (escaped here). */
  title: string;
  /** Base64 nonce, fresh for every page load. */
  nonce: string;
  /** `webview.cspSource`, e.g. `https://*.vscode-cdn.net`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}

/** 128 random bits from the operating system's generator, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;
/** A CSP source expression: a scheme/host pattern without spaces, quotes or separators. */
const CSP_SOURCE = /^[A-Za-z][A-Za-z0-9+.-]*:(\/\/)?[A-Za-z0-9*.:_\-[\]/]*$|^'self'$/;

export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  if (!NONCE.test(nonce)) throw new Error('panel HTML: the nonce must be base64 with at least 96 bits');
  // VS Code gives one expression; code-server gives a list (`'self' https://*.vscode-cdn.net`): check each.
  const sources = cspSource.trim().split(/ +/);
  if (!sources.every((s) => CSP_SOURCE.test(s))) throw new Error(`panel HTML: ${JSON.stringify(cspSource)} is not a list of CSP source expressions`);
  cspSource = sources.join(' ');
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The start of every page we build, up to `</head>`: the CSP first, so that it governs everything after it. `csp`
 * and `title` are escaped here; `extra` is markup the caller has already escaped.
 */
export function documentHead(csp: string, title: string, extra: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${extra}
</head>`;
}

export function buildPanelHtml(o: PanelHtmlOptions): string {
  const csp = contentSecurityPolicy(o.nonce, o.cspSource);
  return `${documentHead(csp, o.title, `<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">`)}
<body data-panel="${escapeHtml(o.panel)}">
<main id="app"></main>
<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
