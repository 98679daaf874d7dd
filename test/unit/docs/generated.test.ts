/**
 * Generated documents match their sources. Every code is registered once, documented with an example and a fix,
 * and docs/diagnostics.md matches the registries; every example file and the broken corpus only report registered
 * codes; docs/language.md has the catalogue's tables.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_DIAGNOSTIC_CODES, diagnosticCodeInfo } from '../../../server/diagnosticCodes';
import { analyzeDocument } from '../../../server/analysis';
import { renderDiagnosticsDoc } from '../../../scripts/diagnosticsDoc';
import { LANGUAGE_DOC, withLanguageTables } from '../../../scripts/gen-language-tables';

const root = join(__dirname, '..', '..', '..');

describe('diagnostic codes', () => {
  it('are unique, well-formed and fully documented', () => {
    const seen = new Set<string>();
    for (const c of ALL_DIAGNOSTIC_CODES) {
      assert.match(c.code, /^BSS2-[EWIH]\d{3}$/);
      assert.ok(!seen.has(c.code), `${c.code} registered twice`);
      seen.add(c.code);
      const letter = c.code[5];
      assert.equal(letter, { 1: 'E', 2: 'W', 3: 'I', 4: 'H' }[c.severity], `${c.code}: the letter must match the severity`);
      for (const field of ['title', 'explanation', 'example', 'fix'] as const) assert.ok(c[field].trim().length > 0, `${c.code} has no ${field}`);
    }
  });

  it('docs/diagnostics.md is up to date (npm run docs:diagnostics)', () => {
    assert.equal(readFileSync(join(root, 'docs', 'diagnostics.md'), 'utf8'), renderDiagnosticsDoc());
  });

  it('only registered codes are reported, for the examples and the broken corpus', () => {
    const folders = [join(root, 'examples'), join(root, 'test', 'fixtures', 'broken')];
    let reported = 0;
    for (const folder of folders) {
      for (const name of readdirSync(folder).filter((f) => f.endsWith('.bss2'))) {
        for (const d of analyzeDocument(readFileSync(join(folder, name), 'utf8')).diagnostics) {
          reported++;
          assert.ok(diagnosticCodeInfo(d.code), `${name}: ${d.code} is not registered`);
          assert.equal(d.severity, diagnosticCodeInfo(d.code)!.severity, `${name}: ${d.code} reported with another severity than registered`);
        }
      }
    }
    assert.ok(reported > 10, 'the broken corpus reports diagnostics');
  });
});

describe('language reference', () => {
  it('docs/language.md has the parameter tables of the catalogue (npm run docs:language)', () => {
    const doc = readFileSync(LANGUAGE_DOC, 'utf8');
    assert.equal(doc, withLanguageTables(doc));
  });
});
