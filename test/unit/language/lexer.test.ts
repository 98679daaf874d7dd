import assert from 'node:assert/strict';
import { tokenize, type Token } from '../../../server/language/lexer';

const kinds = (tokens: Token[]) => tokens.map((t) => t.kind);
const texts = (tokens: Token[]) => tokens.filter((t) => t.kind !== 'eof').map((t) => t.text);

describe('lexer', () => {
  it('reads numbers: integers, decimals, leading dot, exponents, and leaves the sign to the parser', () => {
    const { tokens } = tokenize('1 2.5 .5 1e-3 6E+2 -3 5e');
    assert.deepEqual(texts(tokens), ['1', '2.5', '.5', '1e-3', '6E+2', '-', '3', '5', 'e']);
    assert.deepEqual(kinds(tokens).slice(5, 7), ['minus', 'number']);
  });

  it('reads a slice range without taking its dots as decimal points', () => {
    assert.deepEqual(texts(tokenize('pop[0..3]').tokens), ['pop', '[', '0', '..', '3', ']']);
    assert.deepEqual(kinds(tokenize('a.b').tokens), ['identifier', 'dot', 'identifier', 'eof']);
  });

  it('reads units as names, glued to the number or not, with µ and μ', () => {
    assert.deepEqual(texts(tokenize('20ms 5 µs 3 μA').tokens), ['20', 'ms', '5', 'µs', '3', 'μA']);
  });

  it('reads every punctuation mark', () => {
    assert.deepEqual(kinds(tokenize('{ } [ ] ( ) , = : -> .. . -').tokens), [
      'lbrace', 'rbrace', 'lbracket', 'rbracket', 'lparen', 'rparen', 'comma', 'equals', 'colon', 'arrow', 'dotdot', 'dot', 'minus', 'eof',
    ]);
  });

  it('reads strings with escapes and keeps an unterminated one to the end of its line', () => {
    const [s] = tokenize('"a\\"b\\n"').tokens;
    assert.equal(s.value, 'a"b\n');
    assert.equal(s.terminated, true);
    const { tokens } = tokenize('"open\nnext');
    assert.equal(tokens[0].terminated, false);
    assert.equal(tokens[0].text, '"open');
    assert.equal(tokens[1].kind, 'newline');
  });

  it('keeps comments aside with their ranges', () => {
    const { tokens, comments } = tokenize('a = 1 # one\n# two');
    assert.deepEqual(texts(tokens), ['a', '=', '1', '\n']);
    assert.deepEqual(comments.map((c) => c.text), ['# one', '# two']);
    assert.deepEqual(comments[1].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
  });

  it('counts positions in UTF-16 code units and treats \\r\\n, \\n and \\r as line ends', () => {
    const { tokens } = tokenize('😀 x\r\ny\rz');
    const x = tokens.find((t) => t.text === 'x')!;
    assert.deepEqual(x.range.start, { line: 0, character: 3 }, 'the emoji is two UTF-16 code units');
    assert.deepEqual(tokens.find((t) => t.text === 'y')!.range.start, { line: 1, character: 0 });
    assert.deepEqual(tokens.find((t) => t.text === 'z')!.range.start, { line: 2, character: 0 });
  });

  it('marks tokens that start a line', () => {
    const { tokens } = tokenize('  a b\n  c');
    assert.deepEqual(tokens.filter((t) => t.kind === 'identifier').map((t) => t.lineStart), [true, false, true]);
  });

  it('turns a run of unknown characters (NUL, replacement characters, emoji) into one invalid token', () => {
    const { tokens } = tokenize('a \u0000\u0000\ufffd😀 b');
    assert.deepEqual(kinds(tokens), ['identifier', 'invalid', 'identifier', 'eof']);
    assert.equal(tokens[1].text, '\u0000\u0000\ufffd😀');
  });

  it('lexes 10 MB in linear time without throwing', () => {
    const line = 'population p : AdEx[10] { tau_m = 20 ms, v = [1, 2.5e-3] } # ok \u0000 "s"\n';
    const sized = (bytes: number) => line.repeat(Math.ceil(bytes / line.length));
    const time = (text: string) => {
      const started = performance.now();
      const { tokens } = tokenize(text);
      assert.equal(tokens[tokens.length - 1].kind, 'eof');
      return performance.now() - started;
    };
    time(sized(100_000)); // warm up the JIT
    const one = time(sized(1024 * 1024));
    const ten = time(sized(10 * 1024 * 1024));
    // Ten times the input must not take much more than ten times as long (generous for a shared machine).
    assert.ok(ten < 30 * Math.max(one, 20), `1 MB ${one.toFixed(0)} ms, 10 MB ${ten.toFixed(0)} ms`);
  });
});
