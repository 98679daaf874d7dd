/**
 * Formatting: over stdio on an example (unchanged) and on a messy file (re-indented), range formatting, and as
 * a pure function: idempotent and meaning-preserving on every example and broken fixture.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DocumentFormattingRequest, DocumentRangeFormattingRequest } from 'vscode-languageserver-protocol/node';
import { analyze } from '../../../server/language';
import { formatText } from '../../../server/languageService/formatting';
import { serverForSuite, exampleText } from './lspClient';

const root = join(__dirname, '..', '..', '..');
const options = { tabSize: 4, insertSpaces: true };

function corpus(): Array<[string, string]> {
  const dirs = [join(root, 'examples'), join(root, 'test', 'fixtures', 'broken')];
  return dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.bss2')).map((f): [string, string] => [f, readFileSync(join(d, f), 'utf8')]));
}

describe('language server: formatting', function () {
  this.timeout(20000);
  const client = serverForSuite();

  it('leaves every example unchanged', async () => {
    for (const name of ['adaptation.bss2', 'ei_network.bss2', 'stdp.bss2', 'synfire.bss2']) {
      const uri = `file:///work/${name}`;
      await client().open(uri, exampleText(name));
      assert.deepEqual(await client().connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options }), [], name);
    }
  });

  it('re-indents a messy file, trims trailing space and extra blank lines, and ends it with one line break', async () => {
    const uri = 'file:///work/messy.bss2';
    const messy = 'population p : AdEx[2] {\ntau_m = 20 ms   \n        v_rest = -65 mV\n   }\n\n\n\nrecord p : v\n\n';
    await client().open(uri, messy);
    const edits = (await client().connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options }))!;
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, 'population p : AdEx[2] {\n    tau_m = 20 ms\n    v_rest = -65 mV\n}\n\nrecord p : v\n');
  });

  it('formats only the lines of a range', async () => {
    const uri = 'file:///work/range.bss2';
    await client().open(uri, 'population p : AdEx[2] {\ntau_m = 20 ms\nv_rest = -65 mV\n}\n');
    const edits = (await client().connection.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } },
      options,
    }))!;
    assert.deepEqual(edits, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 15 } }, newText: '    v_rest = -65 mV' }]);
  });

  it('is idempotent and keeps what every example and broken fixture means', () => {
    const strip = (t: string) => analyze(t).diagnostics.map((d) => d.code).join(',');
    for (const [name, text] of corpus()) {
      const once = formatText(text);
      assert.equal(formatText(once), once, `${name}: formatting twice changes nothing`);
      assert.equal(strip(once), strip(text), `${name}: same diagnostics before and after`);
    }
  });

  it('is idempotent on arbitrary layouts of statements', () => {
    const piece = fc.constantFrom('population p : AdEx[2] {', '}', '  tau_m = 20 ms', 'times = [1 ms,', '   2 ms]', '', '   ', '# note {', 'record p : v', '\t');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (lines) => {
        const once = formatText(lines.join('\n'));
        return formatText(once) === once;
      }),
    );
  });
});
