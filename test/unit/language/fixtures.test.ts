import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../server/language';

/**
 * The corpus of broken files: each `*.bss2` in test/fixtures/broken has its expected diagnostics (code and
 * zero-based range) in `*.expected.json` next to it. The lists cover errors early and late in each file,
 * so they also show that an error never stops the checks of the statements after it.
 */
const dir = join(__dirname, '..', '..', 'fixtures', 'broken');
const files = readdirSync(dir).filter((f) => f.endsWith('.bss2')).sort();

describe('broken files', () => {
  it('the corpus is there', () => {
    assert.ok(files.length >= 6, files.join(', '));
  });

  for (const file of files) {
    it(`${file}: every diagnostic at its range, nothing else`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.bss2$/, '.expected.json')), 'utf8')) as {
        diagnostics: Array<{ code: string; range: [number, number, number, number] }>;
      };
      let result: ReturnType<typeof analyze> | undefined;
      assert.doesNotThrow(() => {
        result = analyze(text);
      });
      const actual = result!.diagnostics.map((d) => ({
        code: d.code,
        range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      }));
      assert.deepEqual(actual, expected.diagnostics);
      const lastLine = Math.max(...expected.diagnostics.map((d) => d.range[0]));
      const lines = text.split(/\r\n|\r|\n/).length;
      assert.ok(lastLine >= lines - 4, `errors are reported up to the end of the file (last at line ${lastLine + 1} of ${lines})`);
    });
  }
});
