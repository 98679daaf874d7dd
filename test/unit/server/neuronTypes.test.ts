/**
 * Editor features for multi-compartment neuron types over stdio, on the shipped example
 * examples/dendritic_coincidence.bss2: completion, hover, navigation and rename, outline, folding, semantic
 * tokens, inlay hints and formatting.
 */
import assert from 'node:assert/strict';
import {
  CompletionRequest, DefinitionRequest, DocumentFormattingRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, InlayHintRequest,
  ReferencesRequest, RenameRequest, SemanticTokensRequest, type CompletionItem, type CompletionList, type DocumentSymbol, type Location,
  type MarkupContent, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TOKEN_TYPES } from '../../../server/languageService/semanticTokens';
import { serverForSuite, exampleText, positionOf, textAt } from './lspClient';

describe('language server: neuron types', function () {
  this.timeout(30000);
  const uri = 'file:///work/dendritic.bss2';
  const scratch = 'file:///work/scratch.bss2';
  const text = exampleText('dendritic_coincidence.bss2');
  const client = serverForSuite([[uri, text], [scratch, '']]);

  async function completeAt(source: string, needle: string, delta = needle.length): Promise<string[]> {
    await client().replace(scratch, source);
    const result = await client().connection.sendRequest(CompletionRequest.type, { textDocument: { uri: scratch }, position: positionOf(source, needle, delta) });
    const items: CompletionItem[] = Array.isArray(result) ? result : (result as CompletionList | null)?.items ?? [];
    return items.map((i) => i.label);
  }

  async function hoverText(needle: string, delta: number, occurrence = 0): Promise<string> {
    const hover = await client().connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, needle, delta, occurrence) });
    assert.ok(hover, `no hover at ${needle}`);
    return (hover.contents as MarkupContent).value;
  }

  it('completes the neuron keyword, compartment, kinds, compartment parameters, parents and compartment names', async () => {
    assert.ok((await completeAt('neu', 'neu')).includes('neuron'));
    const head = 'neuron N {\n    compartment soma : AdEx { cm = 100 pF }\n    ';
    assert.deepEqual(await completeAt(`${head}\n}\n`, `${head}`), ['compartment']);
    assert.deepEqual(await completeAt(`${head}compartment d : \n}\n`, 'compartment d : '), ['AdEx', 'Passive', 'Plateau']);
    const passive = await completeAt(`${head}compartment d : Passive {\n        \n    }\n}\n`, 'Passive {\n        ');
    assert.ok(passive.includes('g_icc') && passive.includes('parent') && passive.includes('circuits'), passive.join(', '));
    assert.ok(!passive.includes('v_reset') && !passive.includes('a'), 'a passive compartment has no reset or adaptation');
    const plateau = await completeAt(`${head}compartment d : Plateau { v_p }\n}\n`, '{ v_p');
    assert.ok(plateau.includes('v_plateau') && plateau.includes('plateau_duration'));
    assert.deepEqual(await completeAt(`${head}compartment d : Passive { parent =  }\n}\n`, 'parent = '), ['soma']);
    assert.ok((await completeAt(`${text}\npopulation q : `, 'population q : ')).includes('Pyramidal'));
    assert.deepEqual(await completeAt(`${text}\nrecord cell.`, 'record cell.'), ['soma', 'dendrite']);
    assert.deepEqual(await completeAt(`${text}\nprojection somatic -> cell[0].d`, 'cell[0].d'), ['soma', 'dendrite']);
    assert.deepEqual(await completeAt(`${text}\nrecord cell.dendrite : `, 'record cell.dendrite : '), ['v', 'i_syn_E', 'i_syn_I']);
  });

  it('hovers a neuron type with its compartments and size, a compartment with its kind, parent and fan-in, and a compartment parameter', async () => {
    const type = await hoverText('population cell     : Pyramidal', 'population cell     : '.length + 2);
    assert.match(type, /neuron Pyramidal\*\*: 2 compartments \(soma : AdEx, dendrite : Plateau\)/);
    assert.match(type, /Per neuron: 2 neuron circuits, 1 of the 128 columns/);
    const compartment = await hoverText('cell.dendrite {', 'cell.'.length + 2);
    assert.match(compartment, /compartment dendrite\*\* : Plateau of neuron type Pyramidal/);
    assert.match(compartment, /Parent: soma, coupled by 10 nS/);
    assert.match(compartment, /Fan-in \(cell\): at most 4 of 256 synapse rows/);
    const parameter = await hoverText('plateau_duration = 20 ms', 2);
    assert.match(parameter, /\*\*plateau_duration\*\* \(time, ms\)/);
    assert.match(parameter, /20 us on chip/);
  });

  it('goes to the definition of a neuron type and of a compartment, and finds a compartment\'s references', async () => {
    const [type] = (await client().connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: positionOf(text, 'population cell     : Pyramidal', 'population cell     : '.length + 1),
    })) as Location[];
    assert.deepEqual(type.range.start, positionOf(text, 'neuron Pyramidal', 'neuron '.length));
    const [compartment] = (await client().connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: positionOf(text, 'record cell.dendrite', 'record cell.'.length + 1),
    })) as Location[];
    assert.deepEqual(compartment.range.start, positionOf(text, 'compartment dendrite', 'compartment '.length));
    const refs = (await client().connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position: positionOf(text, 'compartment soma', 'compartment '.length),
      context: { includeDeclaration: true },
    }))!;
    assert.deepEqual(refs.map((l) => textAt(text, l.range)), ['soma', 'soma']);
  });

  it('renames a compartment in the type, in parents and in references, and refuses a name the type already has', async () => {
    const edit = await client().connection.sendRequest(RenameRequest.type, {
      textDocument: { uri },
      position: positionOf(text, 'compartment dendrite', 'compartment '.length),
      newName: 'apical',
    });
    const edits = (edit!.changes![uri] as TextEdit[]).map((e) => `${e.range.start.line}:${textAt(text, e.range)}->${e.newText}`);
    const expected = text.split('\n').flatMap((l, i) => (/\bdendrite\b/.test(l.replace(/#.*/, '')) ? [`${i}:dendrite->apical`] : []));
    assert.deepEqual(edits, expected);
    await assert.rejects(
      client().connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: positionOf(text, 'compartment dendrite', 'compartment '.length), newName: 'soma' }),
      /a compartment of this neuron type named 'soma' already exists/,
    );
    const typeEdit = await client().connection.sendRequest(RenameRequest.type, {
      textDocument: { uri },
      position: positionOf(text, 'neuron Pyramidal', 'neuron '.length),
      newName: 'Pyr',
    });
    assert.equal(typeEdit!.changes![uri].length, 2);
  });

  it('outlines the neuron type with its compartments, and folds the type and each compartment', async () => {
    const symbols = (await client().connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const neuron = symbols.find((s) => s.name === 'Pyramidal');
    assert.ok(neuron);
    assert.deepEqual(neuron.children!.map((c) => [c.name, c.detail]), [['soma', 'AdEx'], ['dendrite', 'Plateau']]);
    assert.ok(neuron.children![1].children!.some((m) => m.name === 'v_plateau'));
    const folds = (await client().connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }))!;
    const line = (needle: string) => positionOf(text, needle).line;
    assert.ok(folds.some((f) => f.startLine === line('neuron Pyramidal')));
    assert.ok(folds.some((f) => f.startLine === line('compartment soma')));
    assert.ok(folds.some((f) => f.startLine === line('compartment dendrite')));
  });

  it('classifies neuron types, compartments and their kinds in semantic tokens', async () => {
    const { data } = (await client().connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }))!;
    const tokens: Array<{ text: string; type: string; declaration: boolean }> = [];
    let line = 0;
    let character = 0;
    const lines = text.split('\n');
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
      tokens.push({ text: lines[line].slice(character, character + data[i + 2]), type: TOKEN_TYPES[data[i + 3]], declaration: data[i + 4] === 1 });
    }
    assert.deepEqual(tokens.find((t) => t.text === 'Pyramidal'), { text: 'Pyramidal', type: 'class', declaration: true });
    assert.ok(tokens.some((t) => t.text === 'compartment' && t.type === 'keyword'));
    assert.ok(tokens.some((t) => t.text === 'dendrite' && t.type === 'property' && t.declaration));
    assert.ok(tokens.some((t) => t.text === 'Plateau' && t.type === 'class'));
    assert.ok(tokens.some((t) => t.text === 'v_plateau' && t.type === 'property'));
  });

  it('shows per-neuron size after the type name, placement after the population, and chip values in compartments', async () => {
    const hints = (await client().connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
    }))!;
    const labels = hints.map((h) => `${h.position.line}:${h.label}`);
    const at = (needle: string) => positionOf(text, needle).line;
    assert.ok(labels.includes(`${at('neuron Pyramidal')}:2 compartments, 2 circuits, 1 column per neuron`), labels.join('\n'));
    assert.ok(labels.some((l) => l.startsWith(`${at('population cell ')}:both rows, columns 0..0; per neuron 2 compartments, 2 circuits, 1 column`)), labels.join('\n'));
    assert.ok(labels.includes(`${at('plateau_duration = 20 ms')}:20 us on chip`));
  });

  it('leaves the formatted example unchanged', async () => {
    const edits = await client().connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    assert.deepEqual(edits ?? [], []);
  });
});
