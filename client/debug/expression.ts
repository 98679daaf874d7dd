/**
 * The debugger's small expression language, for the Debug Console, Watch, hovers and breakpoint conditions:
 *
 *   cell[0].v      mean(exc.v)      max(exc.spike_count)      drive->cell.weight[3]      t      (v + 70) * 2
 *
 * Parsed here into a tree and evaluated over data read from the emulator beforehand (`references` says what to
 * read), never with eval. Numbers may carry a unit (`-52 mV`, `120 ms`, `0.5 nA`), converted to the units the
 * debugger shows (ms, mV, pA, nS). Errors carry the column they refer to.
 */
import type { ConditionBinaryOperator, ConditionExpression, ConditionVariable, NeuronState, ReadWeightsResult } from '../../common/protocol/emulator';
import { applyArithmeticOrComparison, CONDITION_VARIABLES } from '../../common/protocol/emulator';

export class ExpressionError extends Error {
  constructor(message: string, readonly column?: number) {
    super(column === undefined ? message : `${message} (column ${column + 1})`);
  }
}

export type BinaryOperator = ConditionBinaryOperator;

export type Expression =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'projection'; pre: string; post: string; at: number }
  | { kind: 'member'; object: Expression; name: string; at: number }
  | { kind: 'index'; object: Expression; index: Expression; at: number }
  | { kind: 'call'; callee: string; args: Expression[]; at: number }
  | { kind: 'unary'; op: '-' | '!'; operand: Expression; at: number }
  | { kind: 'binary'; op: BinaryOperator; left: Expression; right: Expression; at: number };

/** Unit → factor to the debugger's units (ms, mV, pA, nS, Hz). */
const UNITS: Record<string, number> = {
  ms: 1, s: 1000, us: 1e-3,
  mV: 1, V: 1000, uV: 1e-3,
  pA: 1, nA: 1000, uA: 1e6,
  nS: 1, uS: 1000, pS: 1e-3,
  Hz: 1, kHz: 1000,
};

type Token = { kind: 'number' | 'name' | 'op' | 'end'; text: string; at: number };

const OPERATORS = ['->', '<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '(', ')', '[', ']', '.', ','];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) { i++; continue; }
    const number = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) { tokens.push({ kind: 'number', text: number[0], at: i }); i += number[0].length; continue; }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) { tokens.push({ kind: 'name', text: name[0], at: i }); i += name[0].length; continue; }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) { tokens.push({ kind: 'op', text: op, at: i }); i += op.length; continue; }
    if (ch === '=') throw new ExpressionError("'=' assigns nothing here: compare with '=='", i);
    throw new ExpressionError(`unexpected character '${ch}'`, i);
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}

const MAX_DEPTH = 64;

/** Parses an expression; throws ExpressionError with the column. */
export function parseExpression(text: string): Expression {
  if (text.length > 2000) throw new ExpressionError('the expression is too long (2000 characters at most)');
  const tokens = tokenize(text);
  let pos = 0;
  let depth = 0;
  const peek = (): Token => tokens[pos];
  const isOp = (op: string): boolean => peek().kind === 'op' && peek().text === op;
  const expect = (op: string, what: string): void => {
    if (!isOp(op)) throw new ExpressionError(`expected ${what}${peek().kind === 'end' ? ' at the end' : `, found '${peek().text}'`}`, peek().at);
    pos++;
  };
  const binaryLevels: BinaryOperator[][] = [['||'], ['&&'], ['<', '<=', '>', '>=', '==', '!='], ['+', '-'], ['*', '/', '%']];

  const parseLevel = (level: number): Expression => {
    if (level === binaryLevels.length) return parseUnary();
    let left = parseLevel(level + 1);
    while (peek().kind === 'op' && (binaryLevels[level] as string[]).includes(peek().text)) {
      const token = tokens[pos++];
      const right = parseLevel(level + 1);
      left = { kind: 'binary', op: token.text as BinaryOperator, left, right, at: token.at };
    }
    return left;
  };
  const parseUnary = (): Expression => {
    if (++depth > MAX_DEPTH) throw new ExpressionError('the expression is nested too deeply', peek().at);
    try {
      if (isOp('-') || isOp('!')) {
        const token = tokens[pos++];
        return { kind: 'unary', op: token.text as '-' | '!', operand: parseUnary(), at: token.at };
      }
      return parsePostfix();
    } finally {
      depth--;
    }
  };
  const parsePostfix = (): Expression => {
    let e = parsePrimary();
    for (;;) {
      const token = peek();
      if (isOp('.')) {
        pos++;
        const name = peek();
        if (name.kind !== 'name') throw new ExpressionError(`expected a variable name after '.'`, name.at);
        pos++;
        e = { kind: 'member', object: e, name: name.text, at: name.at };
      } else if (isOp('[')) {
        pos++;
        const index = parseLevel(0);
        expect(']', "']'");
        e = { kind: 'index', object: e, index, at: token.at };
      } else if (isOp('(')) {
        if (e.kind !== 'name') throw new ExpressionError('only functions can be called', token.at);
        pos++;
        const args: Expression[] = [];
        if (!isOp(')')) {
          for (;;) {
            args.push(parseLevel(0));
            if (!isOp(',')) break;
            pos++;
          }
        }
        expect(')', "')' after the arguments");
        e = { kind: 'call', callee: e.name, args, at: e.at };
      } else {
        return e;
      }
    }
  };
  const parsePrimary = (): Expression => {
    const token = tokens[pos];
    if (token.kind === 'number') {
      pos++;
      let value = Number(token.text);
      const unit = peek();
      if (unit.kind === 'name' && UNITS[unit.text] !== undefined) {
        value *= UNITS[unit.text];
        pos++;
      }
      return { kind: 'number', value, at: token.at };
    }
    if (token.kind === 'name') {
      pos++;
      if (isOp('->')) {
        pos++;
        const post = peek();
        if (post.kind !== 'name') throw new ExpressionError("expected the target population after '->'", post.at);
        pos++;
        return { kind: 'projection', pre: token.text, post: post.text, at: token.at };
      }
      return { kind: 'name', name: token.text, at: token.at };
    }
    if (isOp('(')) {
      pos++;
      const e = parseLevel(0);
      expect(')', "')'");
      return e;
    }
    if (token.kind === 'end') throw new ExpressionError('the expression is incomplete', token.at);
    throw new ExpressionError(`unexpected '${token.text}'`, token.at);
  };

  if (peek().kind === 'end') throw new ExpressionError('the expression is empty');
  const e = parseLevel(0);
  if (peek().kind !== 'end') throw new ExpressionError(`unexpected '${peek().text}' after the expression`, peek().at);
  return e;
}

/** A breakpoint condition for the emulator (common/protocol/emulator.ts): names, numbers and operators only. */
export function toCondition(e: Expression, allowed: readonly ConditionVariable[] = CONDITION_VARIABLES): ConditionExpression {
  switch (e.kind) {
    case 'number':
      return { kind: 'number', value: e.value };
    case 'name':
      if (e.name === 'true') return { kind: 'number', value: 1 };
      if (e.name === 'false') return { kind: 'number', value: 0 };
      if ((allowed as readonly string[]).includes(e.name)) return { kind: 'variable', name: e.name as ConditionVariable };
      throw new ExpressionError(`unknown name '${e.name}' in a condition; it may use ${allowed.join(', ')}`, e.at);
    case 'unary':
      return { kind: 'unary', op: e.op, operand: toCondition(e.operand, allowed) };
    case 'binary':
      return { kind: 'binary', op: e.op, left: toCondition(e.left, allowed), right: toCondition(e.right, allowed) };
    default:
      throw new ExpressionError(`a condition may use ${allowed.join(', ')}, numbers and operators; ${describe(e)} is not allowed here`, e.at);
  }
}

function describe(e: Expression): string {
  switch (e.kind) {
    case 'member': return `'.${e.name}'`;
    case 'index': return 'indexing';
    case 'call': return `calling ${e.callee}()`;
    case 'projection': return `the projection ${e.pre}->${e.post}`;
    default: return e.kind;
  }
}

/** What an expression reads, so that it can be fetched from the emulator before evaluating. */
export function references(e: Expression, out = { names: new Set<string>(), projections: new Set<string>() }): typeof out {
  switch (e.kind) {
    case 'name': out.names.add(e.name); break;
    case 'projection': out.projections.add(`${e.pre}->${e.post}`); break;
    case 'member': references(e.object, out); break;
    case 'index': references(e.object, out); references(e.index, out); break;
    case 'call': e.args.forEach((a) => references(a, out)); break;
    case 'unary': references(e.operand, out); break;
    case 'binary': references(e.left, out); references(e.right, out); break;
    case 'number': break;
  }
  return out;
}

/** Neuron variables an expression may read, with the unit they are shown in. */
export const NEURON_VARIABLES: Record<string, string> = {
  v: 'mV', w: 'pA', i_syn_E: 'pA', i_syn_I: 'pA', refractory: '', spike_count: '',
};

export interface PopulationData {
  name: string;
  size: number;
  /** Neuron populations: the state of every member; spike sources: undefined. */
  neurons?: NeuronState[];
}

/** Everything an evaluation may read, fetched beforehand. */
export interface EvaluationData {
  time_ms: number;
  /** The variables of the plasticity rule stopped before a statement (scalars, or one lane per column). */
  ruleVariables?: Map<string, number | number[]>;
  populations: Map<string, PopulationData>;
  projections: Map<string, ReadWeightsResult>;
  /** Names of every population and projection of the experiment, for messages. */
  populationNames: string[];
  projectionNames: string[];
}

export type Value =
  | { kind: 'number'; value: number }
  | { kind: 'array'; values: Array<number | null>; unit?: string }
  | { kind: 'matrix'; rows: Array<Array<number | null>> }
  | { kind: 'population'; data: PopulationData }
  | { kind: 'neuron'; data: PopulationData; index: number }
  | { kind: 'projection'; data: ReadWeightsResult };

const FUNCTIONS = ['mean', 'min', 'max', 'sum', 'len', 'abs', 'sqrt'] as const;

function numbersOf(v: Value, fn: string, at: number): number[] {
  if (v.kind === 'array') return v.values.filter((x): x is number => x !== null);
  if (v.kind === 'matrix') return v.rows.flat().filter((x): x is number => x !== null);
  if (v.kind === 'number') return [v.value];
  throw new ExpressionError(`${fn}() needs numbers, such as exc.v; ${kindName(v)} is not`, at);
}

function kindName(v: Value): string {
  switch (v.kind) {
    case 'population': return `population '${v.data.name}'`;
    case 'neuron': return `neuron ${v.data.name}[${v.index}]`;
    case 'projection': return `projection '${v.data.projection}'`;
    case 'matrix': return 'a weight matrix';
    case 'array': return 'a list of values';
    case 'number': return 'a number';
  }
}

function neuronVariable(data: PopulationData, index: number, name: string, at: number): number {
  const state = data.neurons?.[index];
  if (!state) throw new ExpressionError(`'${data.name}' is a spike source: it has no ${name}`, at);
  const value = (state as unknown as Record<string, number | boolean>)[name];
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function checkVariable(name: string, at: number): void {
  if (!(name in NEURON_VARIABLES)) {
    throw new ExpressionError(`unknown neuron variable '${name}'; known: ${[...Object.keys(NEURON_VARIABLES), 'size'].join(', ')}`, at);
  }
}

export function evaluate(e: Expression, data: EvaluationData): Value {
  switch (e.kind) {
    case 'number':
      return { kind: 'number', value: e.value };
    case 'name': {
      const population = data.populations.get(e.name);
      if (population) return { kind: 'population', data: population };
      const ruleValue = data.ruleVariables?.get(e.name);
      if (typeof ruleValue === 'number') return { kind: 'number', value: ruleValue };
      if (ruleValue) return { kind: 'array', values: ruleValue };
      if (e.name === 't') return { kind: 'number', value: data.time_ms };
      if (e.name === 'true' || e.name === 'false') return { kind: 'number', value: e.name === 'true' ? 1 : 0 };
      if ((FUNCTIONS as readonly string[]).includes(e.name)) throw new ExpressionError(`${e.name} is a function: write ${e.name}(...)`, e.at);
      const known = data.populationNames.length ? `populations: ${data.populationNames.join(', ')}` : 'the experiment has no populations';
      throw new ExpressionError(`unknown name '${e.name}' (${known}; t is the simulation time)`, e.at);
    }
    case 'projection': {
      const name = `${e.pre}->${e.post}`;
      const projection = data.projections.get(name);
      if (!projection) {
        const known = data.projectionNames.length ? `projections: ${data.projectionNames.join(', ')}` : 'the experiment has no projections';
        throw new ExpressionError(`unknown projection '${name}' (${known})`, e.at);
      }
      return { kind: 'projection', data: projection };
    }
    case 'member': {
      const object = evaluate(e.object, data);
      if (object.kind === 'population') {
        if (e.name === 'size') return { kind: 'number', value: object.data.size };
        checkVariable(e.name, e.at);
        if (!object.data.neurons) throw new ExpressionError(`'${object.data.name}' is a spike source: it has no ${e.name}`, e.at);
        return { kind: 'array', values: object.data.neurons.map((_, i) => neuronVariable(object.data, i, e.name, e.at)), unit: NEURON_VARIABLES[e.name] };
      }
      if (object.kind === 'neuron') {
        checkVariable(e.name, e.at);
        return { kind: 'number', value: neuronVariable(object.data, object.index, e.name, e.at) };
      }
      if (object.kind === 'projection') {
        if (e.name === 'weight' || e.name === 'weights') return { kind: 'matrix', rows: object.data.weights };
        throw new ExpressionError(`a projection has 'weight' (rows by presynaptic neuron); '${e.name}' is unknown`, e.at);
      }
      throw new ExpressionError(`${kindName(object)} has no '.${e.name}'`, e.at);
    }
    case 'index': {
      const object = evaluate(e.object, data);
      const index = evaluate(e.index, data);
      if (index.kind !== 'number' || !Number.isInteger(index.value)) throw new ExpressionError('an index must be a whole number', e.index.at);
      const i = index.value;
      const bound = (n: number, what: string): void => {
        if (i < 0 || i >= n) throw new ExpressionError(`index ${i} is out of range: ${what} has ${n === 0 ? 'no entries' : `indices 0..${n - 1}`}`, e.index.at);
      };
      if (object.kind === 'population') {
        bound(object.data.size, `'${object.data.name}'`);
        return { kind: 'neuron', data: object.data, index: i };
      }
      if (object.kind === 'array') {
        bound(object.values.length, 'the list');
        const v = object.values[i];
        if (v === null) throw new ExpressionError(`there is no synapse at index ${i}`, e.index.at);
        return { kind: 'number', value: v };
      }
      if (object.kind === 'matrix') {
        bound(object.rows.length, 'the weight matrix');
        return { kind: 'array', values: object.rows[i] };
      }
      throw new ExpressionError(`${kindName(object)} cannot be indexed`, e.at);
    }
    case 'call': {
      if (!(FUNCTIONS as readonly string[]).includes(e.callee)) {
        throw new ExpressionError(`unknown function '${e.callee}'; known: ${FUNCTIONS.join(', ')}`, e.at);
      }
      if (e.args.length !== 1) throw new ExpressionError(`${e.callee}() takes one argument`, e.at);
      const arg = evaluate(e.args[0], data);
      if (e.callee === 'abs' || e.callee === 'sqrt') {
        const f = e.callee === 'abs' ? Math.abs : Math.sqrt;
        if (arg.kind === 'number') return { kind: 'number', value: f(arg.value) };
        if (arg.kind === 'array') return { kind: 'array', values: arg.values.map((x) => (x === null ? null : f(x))), unit: arg.unit };
        throw new ExpressionError(`${e.callee}() needs a number or a list of numbers`, e.at);
      }
      if (e.callee === 'len') {
        if (arg.kind === 'array') return { kind: 'number', value: arg.values.length };
        if (arg.kind === 'matrix') return { kind: 'number', value: arg.rows.length };
        if (arg.kind === 'population') return { kind: 'number', value: arg.data.size };
        throw new ExpressionError('len() needs a list, a weight matrix or a population', e.at);
      }
      const xs = numbersOf(arg, e.callee, e.args[0].at);
      if (xs.length === 0) throw new ExpressionError(`${e.callee}() of an empty list`, e.at);
      const sum = xs.reduce((a, b) => a + b, 0);
      const value = e.callee === 'sum' ? sum : e.callee === 'mean' ? sum / xs.length : e.callee === 'min' ? Math.min(...xs) : Math.max(...xs);
      return { kind: 'number', value };
    }
    case 'unary': {
      const operand = evaluate(e.operand, data);
      if (e.op === '-') {
        if (operand.kind === 'number') return { kind: 'number', value: -operand.value };
        if (operand.kind === 'array') return { kind: 'array', values: operand.values.map((x) => (x === null ? null : -x)), unit: operand.unit };
      } else if (operand.kind === 'number') {
        return { kind: 'number', value: operand.value === 0 ? 1 : 0 };
      }
      throw new ExpressionError(`'${e.op}' needs a number, found ${kindName(operand)}`, e.at);
    }
    case 'binary': {
      const left = evaluate(e.left, data);
      if (e.op === '&&' || e.op === '||') {
        const a = scalar(left, e.op, e.left.at);
        if (e.op === '&&' ? a === 0 : a !== 0) return { kind: 'number', value: e.op === '||' ? 1 : 0 };
        return { kind: 'number', value: scalar(evaluate(e.right, data), e.op, e.right.at) !== 0 ? 1 : 0 };
      }
      const right = evaluate(e.right, data);
      const op = e.op;
      const apply = (a: number, b: number): number => applyArithmeticOrComparison(op, a, b);
      if (left.kind === 'number' && right.kind === 'number') return { kind: 'number', value: apply(left.value, right.value) };
      const arithmetic = ['+', '-', '*', '/', '%'].includes(e.op);
      if (arithmetic && left.kind === 'array' && right.kind === 'number') return { kind: 'array', values: left.values.map((x) => (x === null ? null : apply(x, right.value))) };
      if (arithmetic && left.kind === 'number' && right.kind === 'array') return { kind: 'array', values: right.values.map((x) => (x === null ? null : apply(left.value, x))) };
      if (arithmetic && left.kind === 'array' && right.kind === 'array') {
        if (left.values.length !== right.values.length) throw new ExpressionError(`'${e.op}' of lists of different lengths (${left.values.length} and ${right.values.length})`, e.at);
        return { kind: 'array', values: left.values.map((x, i) => (x === null || right.values[i] === null ? null : apply(x, right.values[i]!))) };
      }
      throw new ExpressionError(`'${e.op}' cannot combine ${kindName(left)} and ${kindName(right)}${arithmetic ? '' : ' (compare numbers, e.g. mean(exc.v) > -55)'}`, e.at);
    }
  }
}

function scalar(v: Value, op: string, at: number): number {
  if (v.kind !== 'number') throw new ExpressionError(`'${op}' needs numbers or comparisons, found ${kindName(v)}`, at);
  return v.value;
}


/** A number as the debugger shows it: at most 6 significant digits, no trailing zeros. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

/** A DAP hit condition: `5` (the 5th hit), `>= 5`, `> 5`, `== 5`, `< 5`, `<= 5`, `% 5` (every 5th). */
export function parseHitCondition(text: string): { op: '==' | '>=' | '>' | '<' | '<=' | '%'; count: number } {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ExpressionError(`a hit count is a whole number, optionally after ==, >=, >, <, <= or % (e.g. '5', '>= 10', '% 3'); found '${text}'`);
  const op = (m[1] ?? '==') as '==' | '>=' | '>' | '<' | '<=' | '%';
  const count = Number(m[2]);
  if (op === '%' && count === 0) throw new ExpressionError("'% 0' never stops: use % 1 or more");
  return { op, count };
}

/** A function breakpoint by time: `t = 120 ms`, `t == 120`, `120 ms`, `t = 0.12 s` → ms. */
export function parseTimeBreakpoint(text: string): number {
  const m = /^\s*(?:t\s*={1,2}\s*)?(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)\s*(ms|s|us)?\s*$/.exec(text);
  if (!m) throw new ExpressionError(`a function breakpoint stops at a time, written 't = 120 ms'; found '${text}'`);
  return Number(m[1]) * UNITS[m[2] ?? 'ms'];
}
