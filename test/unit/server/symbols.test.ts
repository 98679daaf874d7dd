/**
 * Document symbols, folding ranges and selection ranges over stdio, on a real example and a broken file.
 */
import assert from 'node:assert/strict';
import {
  DocumentSymbolRequest, FoldingRangeKind, WorkspaceSymbolRequest, type SymbolInformation, FoldingRangeRequest, SelectionRangeRequest, SymbolKind, type DocumentSymbol,
} from 'vscode-languageserver-protocol/node';
import { serverForSuite, exampleText, positionOf, textAt } from './lspClient';

describe('language server: document symbols, folding and selection ranges', function () {
  this.timeout(20000);
  const uri = 'file:///work/adaptation.bss2';
  const text = exampleText('adaptation.bss2');
  const client = serverForSuite([[uri, text]]);

  it('outlines every statement with its members', async () => {
    const symbols = (await client().connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => s.name), [
      'adaptation', 'cell', 'drive', 'cue', 'drive -> cell', 'cue -> cell', 'cell : StepCurrent', 'cell : spikes, v, w', 'drive : spikes',
    ]);
    const cell = symbols[1];
    assert.equal(cell.kind, SymbolKind.Class);
    assert.equal(cell.detail, 'AdEx[1]');
    assert.equal(textAt(text, cell.selectionRange), 'cell');
    assert.equal(cell.children!.length, 14);
    assert.equal(textAt(text, cell.children![1].selectionRange), 'tau_m');
  });

  it('folds multi-line blocks and comment runs, keeping the closing brace visible', async () => {
    const folds = (await client().connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }))!;
    const cellLine = positionOf(text, 'population cell').line;
    const closeLine = positionOf(text, '}', 0, 1).line;
    assert.ok(folds.some((f) => f.startLine === cellLine && f.endLine === closeLine - 1), JSON.stringify(folds));
    const ei = exampleText('ei_network.bss2');
    await client().open('file:///work/ei.bss2', ei);
    const eiFolds = (await client().connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: 'file:///work/ei.bss2' } }))!;
    assert.deepEqual(eiFolds.find((f) => f.kind === FoldingRangeKind.Comment), { startLine: 0, endLine: 8, kind: FoldingRangeKind.Comment });
  });

  it('folds # region ... # endregion as regions', async () => {
    const synfire = exampleText('synfire.bss2');
    await client().open('file:///work/synfire.bss2', synfire);
    const folds = (await client().connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: 'file:///work/synfire.bss2' } }))!;
    const regions = folds.filter((f) => f.kind === FoldingRangeKind.Region);
    const starts = synfire.split('\n').flatMap((l, i) => (l.startsWith('# region') ? [i] : []));
    assert.ok(starts.length >= 2);
    assert.deepEqual(regions.map((r) => r.startLine), starts);
    assert.ok(regions.every((r) => synfire.split('\n')[r.endLine].startsWith('# endregion')));
  });

  it('finds populations and rules of every open document by name', async () => {
    await client().open('file:///work/stdp.bss2', exampleText('stdp.bss2'));
    const found = (await client().connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'std' })) as SymbolInformation[];
    assert.deepEqual(found.map((s) => [s.name, s.containerName, s.location.uri]), [['stdp', 'plasticity', 'file:///work/stdp.bss2']]);
    const cells = (await client().connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'cell' })) as SymbolInformation[];
    assert.deepEqual(cells.map((s) => s.location.uri).sort(), ['file:///work/adaptation.bss2', 'file:///work/stdp.bss2']);
  });

  it('grows a selection from a parameter name to its member, block and statement', async () => {
    const position = positionOf(text, 'tau_w', 1);
    const [selection] = (await client().connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: [position] }))!;
    const chain: string[] = [];
    for (let s: typeof selection | undefined = selection; s; s = s.parent) chain.push(textAt(text, s.range).split('\n')[0]);
    assert.deepEqual(chain.slice(0, 2), ['tau_w', 'tau_w      = 100 ms']);
    assert.equal(chain[chain.length - 1], 'population cell : AdEx[1] {');
  });

  it('outlines what it can of a broken file', async () => {
    const broken = 'population p : AdEx[ {\n  tau_m = \n}\nprojection p -> {\n';
    await client().open('file:///work/broken.bss2', broken);
    const symbols = (await client().connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: 'file:///work/broken.bss2' } })) as DocumentSymbol[];
    assert.ok(symbols.length >= 1);
    assert.equal(symbols[0].name, 'p');
  });
});
