/**
 * The server's per-document analysis cache (server/lsp/analysisCache.ts): one analysis per version, and an edit
 * that leaves the text as it was keeps the previous version's analysis (the analysis is a pure function of the
 * text), while any other edit is analysed afresh.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument } from '../../../server/analysis';
import { AnalysisCache } from '../../../server/lsp/analysisCache';

const TEXT = `experiment e { duration = 100 ms }
population cell : AdEx[4] { tau_m = 20 ms }
record cell : spikes
`;

describe('language server: the analysis cache', () => {
  it('keeps the analysis when an edit leaves the text as it was, and analyses a changed text again', () => {
    const cache = new AnalysisCache();
    const uri = 'file:///cache.bss2';
    let document = TextDocument.create(uri, 'bss2', 1, TEXT);
    const first = cache.get(document);
    assert.equal(cache.get(document), first, 'one analysis per version');
    // Typing "20" over the selected "20".
    const at = { line: 1, character: TEXT.split('\n')[1].indexOf('20') };
    document = TextDocument.update(document, [{ range: { start: at, end: { line: 1, character: at.character + 2 } }, text: '20' }], 2);
    assert.equal(document.getText(), TEXT);
    assert.equal(cache.get(document), first, 'same text, same analysis');
    document = TextDocument.update(document, [{ range: { start: at, end: { line: 1, character: at.character + 2 } }, text: '21' }], 3);
    const changed = cache.get(document);
    assert.notEqual(changed, first);
    assert.deepEqual(changed.diagnostics, analyzeDocument(document.getText()).diagnostics);
    assert.deepEqual(changed.configuration, analyzeDocument(document.getText()).configuration);
    assert.notDeepEqual(changed.configuration?.neurons[0].tauMemUs, first.configuration?.neurons[0].tauMemUs);
  });
});
