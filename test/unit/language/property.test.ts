import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../../server/language';
import type { Range } from '../../../server/language/position';

const example = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'adaptation.bss2'), 'utf8');

/** Every range must lie inside the document, with its start not after its end. */
function assertInside(text: string, range: Range): void {
  const lines = text.split(/\r\n|\r|\n/);
  const { start, end } = range;
  const ok = (p: { line: number; character: number }) =>
    p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  assert.ok(ok(start) && ok(end), `range ${JSON.stringify(range)} outside a document of ${lines.length} lines`);
  assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `inverted ${JSON.stringify(range)}`);
}

function checkAll(text: string): void {
  const a = analyze(text);
  for (const d of a.diagnostics) {
    assertInside(text, d.range);
    for (const r of d.relatedInformation ?? []) assertInside(text, r.range);
    assert.equal(d.source, 'bss2');
    assert.match(d.code, /^BSS2-[EW]\d{3}$/);
  }
}

const fragments = [
  'experiment', 'population', 'projection', 'stimulus', 'record', 'plasticity', 'on', 'every', 'p', 'q', 'AdEx', 'Poisson',
  'SpikeArray', 'StepCurrent', 'tau_m', 'weight', 'times', 'connector', 'from_list', 'fixed_probability', '=', ':', ',', '->',
  '..', '.', '[', ']', '{', '}', '(', ')', '-', '1', '2.5', '1e-3', '.5', 'ms', 'mV', 'µs', '"s"', '"', '#c', '\n', '\r\n', '\r',
  ' ', '\t', '\u0000', '\ufffd', '😀', '\ud800',
];

describe('property: analysis never throws and every range lies inside the document', () => {
  it('on random sequences of language fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 120 }), (parts) => checkAll(parts.join(' '))),
      { numRuns: 1500 },
    );
  });

  it('on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkAll), { numRuns: 1000 });
  });

  it('on the example with random deletions, insertions and replacements', () => {
    const edit = fc.record({
      at: fc.nat({ max: example.length }),
      remove: fc.nat({ max: 12 }),
      insert: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 4 })),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        let text = example;
        for (const e of edits) text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
        checkAll(text);
      }),
      { numRuns: 1500 },
    );
  });

  it('every prefix of the example (as the user types it)', () => {
    for (let i = 0; i <= example.length; i++) checkAll(example.slice(0, i));
  });
});
