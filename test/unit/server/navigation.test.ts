/**
 * Navigation over stdio: go to definition, find references and rename for populations and plasticity rules,
 * on a real example and in a file with errors.
 */
import assert from 'node:assert/strict';
import {
  DefinitionRequest, PrepareRenameRequest, ReferencesRequest, RenameRequest, type Location, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { serverForSuite, exampleText, positionOf, textAt } from './lspClient';

describe('language server: navigation', function () {
  this.timeout(20000);
  const uri = 'file:///work/ei.bss2';
  const text = exampleText('ei_network.bss2');
  const client = serverForSuite([[uri, text]]);

  const lines = (locations: Location[]): number[] => locations.map((l) => l.range.start.line);

  it('goes from a reference to the population\'s declaration', async () => {
    const result = (await client().connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: positionOf(text, 'projection inh -> exc', 'projection '.length + 1),
    })) as Location[];
    assert.equal(result.length, 1);
    assert.equal(result[0].uri, uri);
    assert.deepEqual(result[0].range.start, positionOf(text, 'population inh', 'population '.length));
    assert.equal(textAt(text, result[0].range), 'inh');
  });

  it('finds every reference, with or without the declaration', async () => {
    const position = positionOf(text, 'population drive', 'population '.length);
    const all = (await client().connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: true } }))!;
    const expected = text.split('\n').flatMap((l, i) => (/\bdrive\b/.test(l.replace(/#.*/, '')) ? [i] : []));
    assert.deepEqual(lines(all), expected);
    assert.ok(all.every((l) => textAt(text, l.range) === 'drive'));
    const refs = (await client().connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: false } }))!;
    assert.equal(refs.length, all.length - 1);
  });

  it('renames a population everywhere and refuses bad or taken names', async () => {
    const position = positionOf(text, 'projection exc -> exc', 'projection exc -> '.length);
    const prepared = await client().connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position });
    assert.deepEqual(prepared, { range: { start: position, end: { line: position.line, character: position.character + 3 } }, placeholder: 'exc' });
    const edit = (await client().connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'pyramidal' }))!;
    const edits = edit.changes![uri] as TextEdit[];
    const renamed = applyEdits(text, edits);
    assert.ok(!/\bexc\b/.test(renamed.replace(/#.*/g, '')), 'no code reference to exc left');
    assert.equal(renamed.match(/\bpyramidal\b/g)!.length, edits.length);
    await assert.rejects(client().connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: '1x' }), /not a valid name/);
    await assert.rejects(client().connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'inh' }), /already exists/);
  });

  it('works in a file with errors and for plasticity rules', async () => {
    const broken = 'population a : AdEx[4] { tau_m = 1 V }\nprojection a -> a { weight = \nrecord a : v, nonsense\nplasticity r on a -> a every 10 ms { }\n';
    const brokenUri = 'file:///work/broken.bss2';
    await client().open(brokenUri, broken);
    const refs = (await client().connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: brokenUri },
      position: positionOf(broken, 'record a', 7),
      context: { includeDeclaration: true },
    }))!;
    assert.ok(refs.length >= 4, `declaration, record and plasticity references at least: ${JSON.stringify(lines(refs))}`);
    assert.ok(lines(refs).includes(0) && lines(refs).includes(2) && lines(refs).includes(3));
    const rule = (await client().connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: brokenUri }, position: positionOf(broken, ' r on', 1) })) as Location[];
    assert.equal(textAt(broken, rule[0].range), 'r');
  });
});

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  for (const e of sorted) {
    const l = lines[e.range.start.line];
    lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
  }
  return lines.join('\n');
}
