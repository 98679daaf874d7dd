/**
 * The editor behaviour declared in syntaxes/language-configuration.json: comments, brackets, words, folding
 * and indentation, with its regular expressions compiled the way VS Code compiles them (JavaScript RegExp).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './textmate';

interface OnEnterRule {
  beforeText: string;
  afterText?: string;
  action: { indent: string };
}

interface LanguageConfiguration {
  comments: { lineComment: string };
  brackets: [string, string][];
  autoClosingPairs: Array<{ open: string; close: string; notIn?: string[] }>;
  surroundingPairs: [string, string][];
  folding: { markers: { start: string; end: string } };
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: OnEnterRule[];
}

const config = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'syntaxes', 'language-configuration.json'), 'utf8'),
) as LanguageConfiguration;

/** The words VS Code finds in a line (it scans with the word pattern as a global RegExp). */
function words(line: string): string[] {
  return [...line.matchAll(new RegExp(config.wordPattern, 'g'))].map((m) => m[0]);
}

describe('language configuration', () => {
  it('comments with # and pairs {} [] () and quotes', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ]);
    const closing = new Map(config.autoClosingPairs.map((p) => [p.open, p]));
    for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')'], ['"', '"']]) {
      assert.equal(closing.get(open!)?.close, close, `auto-closes ${open}`);
      assert.ok(config.surroundingPairs.some(([o, c]) => o === open && c === close), `surrounds with ${open}${close}`);
    }
    assert.deepEqual(closing.get('"')?.notIn?.sort(), ['comment', 'string']);
  });

  it('keeps a number with an attached unit, a signed number and a name with underscores as one word', () => {
    assert.deepEqual(words('tau_m = 20ms'), ['tau_m', '20ms']);
    assert.deepEqual(words('v_rest = -70 mV'), ['v_rest', '-70', 'mV']);
    assert.deepEqual(words('tau_syn_E = 0.5µs, t = 5 μs'), ['tau_syn_E', '0.5µs', 't', '5', 'μs']);
    assert.deepEqual(words('dt = 1.5e-3 s'), ['dt', '1.5e-3', 's']);
    assert.deepEqual(words('µs'), ['µs']);
  });

  it('splits slices and subtractions at their operators', () => {
    assert.deepEqual(words('pop[0..3]'), ['pop', '0', '3']);
    assert.deepEqual(words('x = .5'), ['x', '.5']);
    assert.deepEqual(words('dw = causal-3'), ['dw', 'causal', '3']);
    assert.deepEqual(words('f(a)-1'), ['f', 'a', '1']);
  });

  it('folds # region / # endregion markers, and the synfire example uses them in pairs', () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    assert.ok(start.test('# region Neurons') && start.test('    #region'));
    assert.ok(end.test('# endregion') && end.test('  #endregion Input'));
    assert.ok(!start.test('# regional input') && !start.test('x = 1 # region') && !end.test('# region'));
    const lines = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'synfire.bss2'), 'utf8').split(/\r?\n/);
    let depth = 0;
    for (const line of lines) {
      if (start.test(line)) depth++;
      if (end.test(line)) depth--;
      assert.ok(depth >= 0 && depth <= 1, `unbalanced region at '${line}'`);
    }
    assert.equal(depth, 0);
    assert.ok(lines.filter((l) => start.test(l)).length >= 2);
  });

  it('indents after an opening bracket and outdents at a closing one', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const line of ['population p : AdEx[3] {', 'experiment x {   # comment', '    times = [', 'f(']) {
      assert.ok(increase.test(line), `indent after '${line}'`);
    }
    for (const line of ['x = 1  # {', 'name = "{"', 'population p : AdEx[3] { rate = 2 Hz }', '}']) {
      assert.ok(!increase.test(line), `no indent after '${line}'`);
    }
    for (const line of ['}', '    ]', ')']) assert.ok(decrease.test(line), `outdent '${line}'`);
    assert.ok(!decrease.test('x = 1 }'));
  });

  it('splits a pair of braces onto three lines on Enter', () => {
    const matching = (before: string, after: string) =>
      config.onEnterRules.find(
        (r) => new RegExp(r.beforeText).test(before) && (r.afterText === undefined || new RegExp(r.afterText).test(after)),
      )?.action.indent;
    assert.equal(matching('experiment e {', '}'), 'indentOutdent');
    assert.equal(matching('projection a -> b {', ''), 'indent');
    assert.equal(matching('    times = [', ']'), 'indentOutdent');
    assert.equal(matching('x = 1 # {', ''), undefined);
  });
});
