/**
 * Reusing the previous mapping (server/mappingReuse.ts through analyzeDocument's `previous`): a reused result
 * must be exactly what a fresh analysis of the same text gives, with the chip diagnostics at their new places,
 * and an edit that changes the model must map again.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, type DocumentAnalysis } from '../../../server/analysis';
import { analyze } from '../../../server/language';
import { mapExperiment } from '../../../server/mapper';
import { reanchor, sameModel } from '../../../server/mappingReuse';
import { PublishDiagnosticsNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { serverForSuite } from './lspClient';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/** Everything a client sees of an analysis (the syntax tree and model are compared through their diagnostics). */
function visible(a: DocumentAnalysis): unknown {
  return { diagnostics: a.diagnostics, resources: a.resources, configuration: a.configuration };
}

// A weight above 63 and a capacitance out of range: chip diagnostics with ranges, one with a related place.
const TEXT = `experiment e { duration = 100 ms }
population src : Poisson[4] { rate = 10 Hz }
population cell : AdEx[4] { tau_m = 20 ms }   # comment
projection src -> cell { weight = 80 }
record cell[0] : v @ madc
record cell[2] : v @ madc
`;

describe('language server: reusing the previous mapping', () => {
  it('gives, after an edit that cannot change the mapping, exactly the fresh result with moved diagnostics', () => {
    const before = analyzeDocument(TEXT);
    assert.ok(before.diagnostics.some((d) => d.code === 'BSS2-E102'), 'the text has a chip diagnostic');
    assert.ok(before.diagnostics.some((d) => d.relatedInformation?.length), 'and one with a related place');
    for (const edited of [
      TEXT.replace('# comment', '# a longer comment'),
      '# a new first line\n\n' + TEXT,
      TEXT.replace('projection src -> cell', 'projection   src ->   cell'),
      TEXT.replace('tau_m = 20 ms', 'tau_m = 20.0 ms'),
    ]) {
      const reused = analyzeDocument(edited, {}, before);
      const fresh = analyzeDocument(edited);
      assert.deepEqual(visible(reused), visible(fresh), edited);
      assert.equal(reused.configuration, undefined);
      // The reused mapping is the earlier one (same resource report object), not a new mapping.
      assert.equal(reused.resources, before.resources, 'the mapping was reused');
    }
  });

  it('maps again when the edit changes the model, the options or a default into a written value', () => {
    const before = analyzeDocument(TEXT);
    for (const edited of [
      TEXT.replace('weight = 80', 'weight = 60'),
      TEXT.replace('{ duration = 100 ms }', '{ duration = 100 ms, seed = 0 }'), // 0 is the default seed, now written
    ]) {
      const reused = analyzeDocument(edited, {}, before);
      assert.notEqual(reused.resources, before.resources, edited);
      assert.deepEqual(visible(reused), visible(analyzeDocument(edited)), edited);
    }
    // A neuron parameter's value: only its translation runs again (test/unit/server/neuronParameterRemap.test.ts).
    const retuned = TEXT.replace('tau_m = 20 ms', 'tau_m = 21 ms');
    assert.deepEqual(visible(analyzeDocument(retuned, {}, before)), visible(analyzeDocument(retuned)));
    const seeded = analyzeDocument(TEXT, { seed: 3 }, before);
    assert.notEqual(seeded.resources, before.resources, 'other options map again');
  });

  it('keeps reusing along a chain of edits, and a clean file keeps its configuration', () => {
    const clean = readFileSync(join(EXAMPLES, 'adaptation.bss2'), 'utf8');
    let previous = analyzeDocument(clean);
    assert.ok(previous.configuration);
    for (let k = 1; k <= 3; k++) {
      const edited = `# edit ${k}\n`.repeat(k) + clean;
      const next = analyzeDocument(edited, {}, previous);
      assert.deepEqual(visible(next), visible(analyzeDocument(edited)));
      assert.equal(next.configuration, previous.configuration);
      previous = next;
    }
  });

  it('the mapper leaves the model as it found it (what makes keeping the mapped model for comparison sound)', () => {
    for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.bss2'))) {
      const experiment = analyze(readFileSync(join(EXAMPLES, file), 'utf8')).experiment!;
      const copy = structuredClone(experiment);
      mapExperiment(experiment);
      assert.deepEqual(experiment, copy, file);
    }
  });

  it('tells models apart by value and pairs their ranges; re-anchoring is exact or refused', () => {
    const a = analyze(TEXT).experiment!;
    const b = analyze('\n' + TEXT).experiment!;
    const pairs = sameModel(a, b);
    assert.ok(pairs && pairs.before.length > 10 && pairs.before.length === pairs.after.length);
    assert.ok(pairs.after.every((r, i) => r.start.line === pairs.before[i].start.line + 1));
    assert.equal(sameModel(a, analyze(TEXT.replace('rate = 10 Hz', 'rate = 11 Hz')).experiment!), undefined);
    const diagnostic = { range: a.populations[0].nameRange, severity: 1 as const, code: 'X', source: 'bss2' as const, message: 'm' };
    assert.deepEqual(reanchor([diagnostic], pairs)?.[0].range, b.populations[0].nameRange);
    // A place that is no node of the model (e.g. computed from an offset) cannot be moved: map again.
    const elsewhere = { ...diagnostic, range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } } };
    assert.equal(reanchor([elsewhere], pairs), undefined);
  });

  describe('through the server (dist/server.js --stdio)', function () {
    this.timeout(20000);
    const published: PublishDiagnosticsParams[] = [];
    const client = serverForSuite([], {}, (c) => {
      c.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
        published.push(p);
      });
    });

    async function diagnosticsOf(uri: string, version: number): Promise<PublishDiagnosticsParams> {
      for (let i = 0; i < 500; i++) {
        const found = published.find((p) => p.uri === uri && p.version === version);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no diagnostics for version ${version}`);
    }

    it('publishes the chip diagnostics of each version at the places of that version', async () => {
      const uri = 'file:///work/reuse.bss2';
      await client().open(uri, TEXT);
      const first = await diagnosticsOf(uri, 1);
      const edited = '# one\n# two\n' + TEXT.replace('# comment', '# a comment');
      await client().replace(uri, edited);
      const second = await diagnosticsOf(uri, 2);
      const expected = analyzeDocument(edited).diagnostics;
      assert.deepEqual(second.diagnostics.map((d) => [d.code, d.range]), expected.map((d) => [d.code, d.range]));
      const weight = (p: PublishDiagnosticsParams) => p.diagnostics.find((d) => d.code === 'BSS2-E102')!;
      assert.equal(weight(second).range.start.line, weight(first).range.start.line + 2);
      const parity = second.diagnostics.find((d) => d.code === 'BSS2-E121')!;
      assert.equal(parity.relatedInformation?.[0].location.range.start.line, edited.split('\n').findIndex((l) => l.startsWith('record cell[0]')));
    });
  });
});
