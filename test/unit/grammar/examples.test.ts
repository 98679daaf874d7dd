/**
 * The grammar against the shipped examples and against the language's own lexer and unit table: what the
 * editor colours must be what the language server reads. Every example is tokenised with the real TextMate
 * engine; every token of the real lexer is then looked up in the grammar's scopes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { STATEMENT_KEYWORDS } from '../../../server/language/ast';
import { analyze } from '../../../server/language/index';
import { Lexer, type Token } from '../../../server/language/lexer';
import {
  CONNECTORS,
  CONVERTER_INFO,
  POPULATION_TYPES,
  RECEPTORS,
  RECORD_VARIABLES,
  STIMULUS_TYPES,
  STP_MODES,
} from '../../../server/language/parameters';
import { UNITS, lookupUnit } from '../../../server/language/units';
import { REPO_ROOT, hasScope, scopesOf, splitLines, type LineScopes } from './textmate';

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const exampleFiles = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.bss2'))
  .sort();

function where(file: string, line: number, character: number, lines: string[]): string {
  return `${file}:${line + 1}:${character + 1}: ${lines[line]?.trim()}`;
}

/** Every token of the real lexer, and whether it lies inside the body of a plasticity rule. */
function lex(text: string): { tokens: Array<Token & { inKernel: boolean }>; lexer: Lexer } {
  const lexer = new Lexer(text);
  const tokens: Array<Token & { inKernel: boolean }> = [];
  let afterPlasticity = false;
  let kernelDepth = 0;
  for (let t = lexer.next(); t.kind !== 'eof'; t = lexer.next()) {
    if (kernelDepth === 0 && t.kind === 'identifier' && t.lineStart && STATEMENT_KEYWORDS.includes(t.text as never)) {
      afterPlasticity = t.text === 'plasticity';
    }
    if (t.kind === 'lbrace' && (kernelDepth > 0 || afterPlasticity)) {
      kernelDepth++;
      afterPlasticity = false;
      tokens.push({ ...t, inKernel: true });
      continue;
    }
    if (t.kind === 'rbrace' && kernelDepth > 0) {
      kernelDepth--;
      tokens.push({ ...t, inKernel: true });
      continue;
    }
    tokens.push({ ...t, inKernel: kernelDepth > 0 });
  }
  return { tokens, lexer };
}

/** Asserts that every code unit of a single-line range carries a scope starting with `prefix`. */
function expectScope(scopes: LineScopes[], token: { range: Token['range'] }, prefix: string, at: () => string): void {
  const { start, end } = token.range;
  assert.equal(start.line, end.line, `multi-line token at ${at()}`);
  for (let c = start.character; c < end.character; c++) {
    assert.ok(
      hasScope(scopes[start.line]?.[c], prefix),
      `expected ${prefix} at ${at()}, got [${(scopes[start.line]?.[c] ?? []).join(' ')}]`,
    );
  }
}

describe('grammar: the shipped examples', () => {
  it('includes the adaptation, synfire and STDP examples', () => {
    for (const name of ['adaptation.bss2', 'synfire.bss2', 'stdp.bss2']) {
      assert.ok(exampleFiles.includes(name), `examples/${name} is missing`);
    }
  });

  for (const file of exampleFiles) {
    describe(file, () => {
      const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
      const lines = splitLines(text);
      const { tokens, lexer } = lex(text);

      it('checks clean with the language front end', () => {
        const messages = analyze(text).diagnostics.map(
          (d) => `${where(file, d.range.start.line, d.range.start.character, lines)}: ${d.code} ${d.message}`,
        );
        assert.deepEqual(messages, []);
      });

      it('gives every visible character a scope beyond the file and meta scopes', async () => {
        const scopes = await scopesOf(text);
        const bare: string[] = [];
        lines.forEach((line, l) => {
          for (let c = 0; c < line.length; c++) {
            if (/\s/.test(line[c]!)) continue;
            const own = (scopes[l]![c] ?? []).filter((s) => s !== 'source.bss2' && !s.startsWith('meta.'));
            if (own.length === 0) bare.push(`${where(file, l, c, lines)} ('${line[c]}')`);
          }
        });
        assert.deepEqual(bare, [], 'characters without a scope');
      });

      it('scopes every number the lexer reads as constant.numeric, and a unit after it as a unit', async () => {
        const scopes = await scopesOf(text);
        let numbers = 0;
        let units = 0;
        tokens.forEach((t, i) => {
          const at = () => where(file, t.range.start.line, t.range.start.character, lines);
          if (t.kind === 'number') {
            numbers++;
            expectScope(scopes, t, 'constant.numeric', at);
          } else if (t.kind === 'identifier') {
            const prev = tokens[i - 1];
            const isUnit = prev?.kind === 'number' && prev.range.end.line === t.range.start.line && !!lookupUnit(t.text);
            if (isUnit) {
              units++;
              expectScope(scopes, t, 'keyword.other.unit', at);
            } else {
              const s = scopes[t.range.start.line]?.[t.range.start.character];
              assert.ok(!hasScope(s, 'keyword.other.unit'), `${t.text} is not after a number but is scoped as a unit at ${at()}`);
            }
          }
        });
        assert.ok(numbers > 0, 'the example has numbers');
        assert.ok(units > 0, 'the example has quantities with units');
      });

      it('scopes comments, strings, statement keywords, declared names and operators as the lexer reads them', async () => {
        const scopes = await scopesOf(text);
        for (const comment of lexer.comments) {
          expectScope(scopes, comment, 'comment.line.number-sign', () =>
            where(file, comment.range.start.line, comment.range.start.character, lines),
          );
        }
        tokens.forEach((t, i) => {
          const at = () => where(file, t.range.start.line, t.range.start.character, lines);
          if (t.kind === 'string') expectScope(scopes, t, 'string.quoted.double', at);
          if (t.inKernel) return;
          if (t.kind === 'arrow') expectScope(scopes, t, 'keyword.operator.arrow', at);
          if (t.kind === 'dotdot') expectScope(scopes, t, 'keyword.operator.range', at);
          if (t.kind === 'equals') expectScope(scopes, t, 'keyword.operator.assignment', at);
          if (t.kind === 'identifier' && t.lineStart && STATEMENT_KEYWORDS.includes(t.text as never)) {
            expectScope(scopes, t, t.text === 'record' ? 'keyword.other.record' : `storage.type.${t.text}`, at);
            const name = tokens[i + 1];
            const declared = { experiment: 'entity.name.namespace', population: 'entity.name.variable', plasticity: 'entity.name.function', neuron: 'entity.name.type' }[
              t.text as 'experiment' | 'population' | 'plasticity' | 'neuron'
            ];
            if (declared && name?.kind === 'identifier') expectScope(scopes, name, declared, at);
          }
          // Compartments of a neuron type: the contextual keyword and the compartment's name.
          if (t.kind === 'identifier' && t.lineStart && t.text === 'compartment' && tokens[i + 1]?.kind === 'identifier') {
            expectScope(scopes, t, 'storage.type.compartment', at);
            expectScope(scopes, tokens[i + 1], 'entity.name.variable.compartment', at);
          }
          // `pop.compartment` in a reference.
          if (t.kind === 'dot' && tokens[i + 1]?.kind === 'identifier') {
            expectScope(scopes, tokens[i + 1], 'variable.other.compartment', at);
          }
        });
      });
    });
  }
});

describe('grammar: units', () => {
  /** The spellings a file may use: the canonical ones, and µ (micro sign) or μ (Greek mu) for the ASCII u. */
  const spellings = UNITS.flatMap((u) =>
    u.symbol.startsWith('u') ? [u.symbol, `\u00b5${u.symbol.slice(1)}`, `\u03bc${u.symbol.slice(1)}`] : [u.symbol],
  );

  it('knows every unit of the language, in every spelling, right after a number', async () => {
    assert.ok(spellings.length >= 23 + 2 * 5, 'the unit table lists the spec units and their micro spellings');
    for (const spelling of spellings) {
      for (const line of [`x = 2 ${spelling}`, `x = 2${spelling}`, `x = -1.5e-3 ${spelling}`]) {
        const scopes = (await scopesOf(`experiment e {\n${line}\n}`))[1];
        const at = line.lastIndexOf(spelling);
        const numberAt = line.indexOf('=') + 2;
        assert.ok(hasScope(scopes![numberAt], 'constant.numeric'), `number in '${line}'`);
        for (let c = at; c < line.length; c++) {
          assert.ok(hasScope(scopes![c], 'keyword.other.unit'), `unit in '${line}', got [${scopes![c]?.join(' ')}]`);
        }
      }
    }
  });

  it('does not scope a unit-like name as a unit unless it follows a number', async () => {
    for (const spelling of spellings) {
      for (const line of [`mode = ${spelling}`, `x = [${spelling}, 2]`, `record ${spelling} : v`, `x = 2 ${spelling}x`]) {
        // A record statement stands at the top level; the other lines are members of a block.
        const scopes = line.startsWith('record') ? (await scopesOf(line))[0]! : (await scopesOf(`experiment e {\n${line}\n}`))[1]!;
        const at = line.indexOf(spelling, line.indexOf(' '));
        assert.ok(!hasScope(scopes[at], 'keyword.other.unit'), `'${spelling}' in '${line}' is not a unit`);
      }
    }
  });
});

describe('grammar: the vocabulary of the language', () => {
  /** Scopes of the first occurrence of `word` in `line`, tokenised inside an experiment block or at the top level. */
  async function scopesAt(line: string, word: string, inBlock: boolean): Promise<string[]> {
    const scopes = inBlock ? (await scopesOf(`experiment e {\n${line}\n}`))[1]! : (await scopesOf(line))[0]!;
    const at = line.indexOf(word);
    assert.ok(at >= 0);
    return scopes[at] ?? [];
  }

  it('scopes every population and stimulus type the checker knows as a support type', async () => {
    for (const t of POPULATION_TYPES) {
      const expected = t.kind === 'neuron' ? 'support.type.cell' : 'support.type.source';
      const scopes = await scopesAt(`population p : ${t.name}[4]`, t.name, false);
      assert.ok(hasScope(scopes, expected), `${t.name}: [${scopes.join(' ')}]`);
    }
    for (const t of STIMULUS_TYPES) {
      const scopes = await scopesAt(`stimulus p[0] : ${t.name} { amplitude = 1 nA }`, t.name, false);
      assert.ok(hasScope(scopes, 'support.type.stimulus'), `${t.name}: [${scopes.join(' ')}]`);
    }
  });

  it('scopes every connector, bare or called, and every receptor and STP mode', async () => {
    for (const c of CONNECTORS) {
      for (const line of [`connector = ${c.name}`, `connector = ${c.name}(1)`]) {
        const scopes = await scopesAt(line, c.name, true);
        assert.ok(hasScope(scopes, 'support.function.connector'), `${line}: [${scopes.join(' ')}]`);
      }
    }
    for (const name of [...RECEPTORS, ...STP_MODES]) {
      const scopes = await scopesAt(`x = ${name}`, name, true);
      assert.ok(hasScope(scopes, 'constant.language'), `${name}: [${scopes.join(' ')}]`);
    }
  });

  it('scopes every recordable variable in a record statement', async () => {
    for (const v of RECORD_VARIABLES) {
      const line = `record pop[0..2] : spikes, ${v.name}`;
      const scopes = (await scopesOf(line))[0]![line.length - 1] ?? [];
      assert.ok(hasScope(scopes, 'support.variable.record'), `${v.name}: [${scopes.join(' ')}]`);
    }
  });

  it('scopes every converter after @ in a record statement', async () => {
    for (const c of CONVERTER_INFO) {
      const line = `record pop[0..2] : spikes, v @ ${c.name}`;
      const scopes = await scopesOf(line);
      const at = scopes[0]![line.indexOf('@')] ?? [];
      const name = scopes[0]![line.length - 1] ?? [];
      assert.ok(hasScope(at, 'keyword.operator.converter'), `@: [${at.join(' ')}]`);
      assert.ok(hasScope(name, 'support.constant.converter'), `${c.name}: [${name.join(' ')}]`);
    }
  });
});
