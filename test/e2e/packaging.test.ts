/** The .vsix users install: small, complete, and free of sources, tests and node_modules. */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { vsixPath } from '../../scripts/e2e/extensionUnderTest';
import { readZipEntries, readZipEntry } from '../../scripts/e2e/zip';
import { REPO } from './workbench';

const MAX_BYTES = 2 * 1024 * 1024;

describe('the packaged extension (.vsix)', () => {
  const file = process.env.BSS2_E2E_VSIX || vsixPath(REPO);
  let names: string[] = [];
  let bytes: Buffer;

  before(function () {
    assert.ok(existsSync(file), `${file} does not exist: run 'npm run package'`);
    bytes = readFileSync(file);
    names = readZipEntries(bytes, file).map((e) => e.name);
  });

  it('is under 2 MB', () => {
    const size = statSync(file).size;
    assert.ok(size < MAX_BYTES, `${file} is ${(size / 1024 / 1024).toFixed(2)} MB`);
    console.log(`      ${file}: ${(size / 1024).toFixed(0)} KiB, ${names.length} files`);
  });

  it('holds the bundles, the grammar, the README and the LICENSE', () => {
    const required = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/emulator.js', 'extension/syntaxes/bss2.tmLanguage.json', 'extension/syntaxes/language-configuration.json'];
    const missing = required.filter((n) => !names.includes(n));
    assert.ok(missing.length === 0, `missing from the package: ${missing.join(', ')}`);
    assert.ok(names.some((n) => /^extension\/readme\.md$/i.test(n)), 'no README.md in the package');
    assert.ok(names.some((n) => /^extension\/license(\.(md|txt))?$/i.test(n)), 'no LICENSE in the package');
    assert.ok(names.some((n) => n.startsWith('extension/dist/webview/')), 'no webview bundles (dist/webview/) in the package');
  });

  it('holds the icons package.json names', () => {
    const manifest = JSON.parse(readZipEntry(bytes, readZipEntries(bytes).find((e) => e.name === 'extension/package.json')!).toString('utf8')) as {
      icon?: string;
      contributes?: { languages?: Array<{ icon?: { light?: string; dark?: string } }>; commands?: Array<{ icon?: string | { light?: string; dark?: string } }> };
    };
    assert.ok(manifest.icon, 'package.json has no "icon" (the Marketplace and Extensions view show it)');
    const paths = [manifest.icon, ...(manifest.contributes?.languages ?? []).flatMap((l) => [l.icon?.light, l.icon?.dark])]
      .filter((p): p is string => typeof p === 'string')
      .map((p) => `extension/${p.replace(/^\.\//, '')}`);
    const missing = paths.filter((p) => !names.includes(p));
    assert.ok(missing.length === 0, `icons named in package.json but not packaged: ${missing.join(', ')}`);
  });

  it('leaves out node_modules, tests, TypeScript sources and source maps', () => {
    const unwanted = names.filter((n) => /^extension\/(node_modules|test|out)\//.test(n) || (/\.ts$/.test(n) && !/\.d\.ts$/.test(n)) || /\.map$/.test(n));
    assert.ok(unwanted.length === 0, `should not be packaged: ${unwanted.slice(0, 20).join(', ')}${unwanted.length > 20 ? ` and ${unwanted.length - 20} more` : ''}`);
  });
});
