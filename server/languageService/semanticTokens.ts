/**
 * Semantic tokens: names, types, parameters, units and numbers classified from the syntax tree (so a population
 * name is told apart from a type or a connector, which a TextMate grammar cannot do). The body of a plasticity
 * rule is another language and is left to the grammar.
 *
 * `unit` is not one of the protocol's standard token types; editors that do not know it fall back to the
 * grammar's colouring for that token.
 */
import type { Document, IntegerLiteral, PopulationReference, Value } from '../language/ast';
import { comparePositions, type Range } from '../language/position';

export const TOKEN_TYPES = [
  'namespace', 'class', 'variable', 'function', 'property', 'enumMember', 'keyword', 'number', 'string', 'comment', 'unit',
] as const;
export const TOKEN_MODIFIERS = ['declaration'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];

export interface ClassifiedToken {
  range: Range;
  type: TokenType;
  declaration?: boolean;
}

export function classify(document: Document): ClassifiedToken[] {
  const out: ClassifiedToken[] = [];
  const add = (range: Range | undefined, type: TokenType, declaration = false): void => {
    if (range && range.start.line === range.end.line && range.end.character > range.start.character) out.push({ range, type, declaration });
  };
  const integer = (i: IntegerLiteral | undefined): void => add(i?.range, 'number');
  const reference = (r: PopulationReference | undefined): void => {
    if (!r) return;
    add(r.name.range, 'variable');
    integer(r.slice?.start);
    integer(r.slice?.end);
    add(r.compartment?.range, 'property');
  };
  const value = (v: Value | undefined): void => {
    if (!v) return;
    switch (v.kind) {
      case 'quantity':
        add(v.numberRange, 'number');
        add(v.unit?.range, 'unit');
        break;
      case 'name':
        add(v.range, 'enumMember');
        break;
      case 'boolean':
        add(v.range, 'keyword');
        break;
      case 'string':
        add(v.range, 'string');
        break;
      case 'list':
        v.items.forEach(value);
        break;
      case 'call':
        add(v.callee.range, 'function');
        v.args.forEach(value);
        break;
    }
  };
  for (const s of document.statements) {
    add(s.keywordRange, 'keyword');
    if ('body' in s && s.body && 'members' in s.body) {
      for (const m of s.body.members) {
        add(m.name.range, 'property');
        value(m.value);
      }
    }
    switch (s.kind) {
      case 'experiment':
        add(s.name?.range, 'namespace', true);
        break;
      case 'neuron':
        // A neuron type is a type (like AdEx); its compartments are its members, with blocks of their own.
        add(s.name?.range, 'class', true);
        for (const c of s.compartments) {
          add(c.keywordRange, 'keyword');
          add(c.name?.range, 'property', true);
          add(c.kind?.range, 'class');
          for (const m of c.body?.members ?? []) {
            add(m.name.range, 'property');
            value(m.value);
          }
        }
        break;
      case 'population':
        add(s.name?.range, 'variable', true);
        add(s.type?.range, 'class');
        integer(s.size);
        break;
      case 'projection':
        reference(s.connection.pre);
        reference(s.connection.post);
        break;
      case 'stimulus':
        reference(s.target);
        add(s.type?.range, 'class');
        break;
      case 'record':
        reference(s.target);
        for (const v of s.variables) add(v.range, 'property');
        add(s.converter?.range, 'enumMember');
        break;
      case 'plasticity':
        add(s.name?.range, 'function', true);
        for (const c of s.connections) {
          reference(c.pre);
          reference(c.post);
        }
        add(s.everyRange, 'keyword');
        value(s.period);
        break;
    }
  }
  for (const c of document.comments) add(c.range, 'comment');
  return out.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

/** The protocol's relative encoding: five integers per token, each position relative to the previous token. */
export function encodeTokens(tokens: ClassifiedToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of tokens) {
    const { start, end } = t.range;
    const deltaLine = start.line - line;
    const deltaChar = deltaLine === 0 ? start.character - character : start.character;
    data.push(deltaLine, deltaChar, end.character - start.character, TOKEN_TYPES.indexOf(t.type), t.declaration ? 1 : 0);
    line = start.line;
    character = start.character;
  }
  return data;
}

export function semanticTokens(document: Document): number[] {
  return encodeTokens(classify(document));
}
