/** The panel page the extension builds accepts the `cspSource` of every host (VS Code, code-server). */
import assert from 'node:assert/strict';
import { buildPanelHtml, createNonce } from '../../../webview/html';

describe('client: panel HTML for the hosts', () => {
  const page = (cspSource: string) =>
    buildPanelHtml({ panel: 'raster', title: 'BSS-2 Raster', nonce: createNonce(), cspSource, scriptUri: 'https://x/raster.js', styleUri: 'https://x/raster.css' });

  it("accepts VS Code's single source and code-server's list of sources", () => {
    assert.match(page('https://*.vscode-cdn.net'), /style-src https:\/\/\*\.vscode-cdn\.net &#39;nonce-/);
    assert.match(page("'self' https://*.vscode-cdn.net"), /img-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net data: blob:/);
  });

  it('still refuses a source that would add directives', () => {
    assert.throws(() => page("'self'; script-src *"), /not a list of CSP source expressions/);
    assert.throws(() => page("https://a 'unsafe-inline'"), /not a list of CSP source expressions/);
  });
});
