/**
 * Parser of the plasticity-rule language: statements one per line (or separated by `;`), expressions with the
 * usual precedence (docs/plasticity.md, "Grammar"). On a syntax error it reports one diagnostic and skips to
 * the end of the line, so that the rest of the body is still checked.
 */
import type { Position, Range } from '../language/position';
import type { RewardEntry, RuleBody, RuleExpression, RuleName, RuleStatement } from './ast';
import { type RuleToken, lexRule, numberValue } from './lexer';

export interface RuleSyntaxError {
  range: Range;
  message: string;
}

class SyntaxAbort extends Error {}

const COMPARISONS = new Set(['<', '>', '<=', '>=', '==', '!=']);
const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, us: 0.001 };
/** Expression nesting beyond this is refused (no stack overflow on hostile input). */
const MAX_DEPTH = 64;

export function parseRule(text: string, start: Position): { body: RuleBody; errors: RuleSyntaxError[] } {
  const p = new RuleParser(text, lexRule(text, start));
  const statements = p.parseStatements(false);
  return { body: { statements }, errors: p.errors };
}

class RuleParser {
  readonly errors: RuleSyntaxError[] = [];
  private i = 0;
  private depth = 0;

  constructor(private readonly text: string, private readonly tokens: RuleToken[]) {}

  private get token(): RuleToken {
    return this.tokens[this.i];
  }

  private kindIs(kind: RuleToken['kind']): boolean {
    return this.token.kind === kind;
  }

  private isOp(text: string): boolean {
    return this.token.kind === 'op' && this.token.text === text;
  }

  private isWord(text: string): boolean {
    return this.token.kind === 'name' && this.token.text === text;
  }

  private advance(): RuleToken {
    const t = this.token;
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private fail(expected: string): never {
    const t = this.token;
    const found = t.kind === 'eof' ? 'the end of the rule' : t.kind === 'newline' ? 'the end of the line' : `'${t.text}'`;
    this.errors.push({ range: t.range, message: `expected ${expected}, found ${found}` });
    throw new SyntaxAbort();
  }

  private expectOp(text: string, what: string): RuleToken {
    if (!this.isOp(text)) this.fail(what);
    return this.advance();
  }

  private expectName(what: string): RuleName {
    if (this.token.kind !== 'name') this.fail(what);
    const t = this.advance();
    return { text: t.text, range: t.range };
  }

  private skipSeparators(): void {
    while (this.token.kind === 'newline' || this.isOp(';')) this.advance();
  }

  private sourceText(from: RuleToken, to: RuleToken): string {
    return this.text.slice(from.offset, to.offset + to.text.length).replace(/\s+/g, ' ').trim();
  }

  private get previous(): RuleToken {
    return this.tokens[Math.max(0, this.i - 1)];
  }

  /** Statements up to the end (top level) or up to the closing brace (nested, not consumed). */
  parseStatements(nested: boolean): RuleStatement[] {
    const list: RuleStatement[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.token.kind === 'eof') {
        if (nested) this.errors.push({ range: this.token.range, message: "expected '}' to close the block" });
        return list;
      }
      if (nested && this.isOp('}')) return list;
      const startIndex = this.i;
      try {
        list.push(this.parseStatement());
        if (!(this.kindIs('newline') || this.kindIs('eof') || this.isOp(';') || (nested && this.isOp('}')))) {
          this.fail('the end of the statement (a new line or `;`)');
        }
      } catch (e) {
        if (!(e instanceof SyntaxAbort)) throw e;
        // Skip the rest of the line; never get stuck on the same token.
        if (this.i === startIndex) this.advance();
        while (!this.kindIs('newline') && !this.kindIs('eof') && !(nested && this.isOp('}'))) this.advance();
      }
    }
  }

  private parseStatement(): RuleStatement {
    const first = this.token;
    if (first.kind === 'invalid') {
      this.errors.push({ range: first.range, message: `invalid character '${first.text}' in a rule` });
      throw new SyntaxAbort();
    }
    if (this.isWord('const')) {
      this.advance();
      const name = this.expectName("the constant's name");
      this.expectOp('=', "'=' and the constant's value");
      const value = this.parseExpression();
      return { kind: 'const', name, value, range: span(first.range, value.range), text: this.sourceText(first, this.previous) };
    }
    if (this.isWord('reset') && this.tokens[this.i + 1]?.kind === 'name') {
      this.advance();
      const what = this.expectName("'correlation' or 'spikes'");
      return { kind: 'reset', what, range: span(first.range, what.range), text: this.sourceText(first, this.previous) };
    }
    if (this.isWord('for') && this.tokens[this.i + 1]?.kind === 'name') {
      this.advance();
      const variable = this.expectName("the loop variable's name");
      if (!this.isWord('in')) this.fail("'in' and the loop's range `a..b`");
      this.advance();
      const from = this.parseExpression();
      this.expectOp('..', "'..' and the loop's end");
      const to = this.parseExpression();
      const headerRange = span(first.range, to.range);
      const text = this.sourceText(first, this.previous);
      this.expectOp('{', "'{' and the loop's body");
      const body = this.parseStatements(true);
      const close = this.expectOp('}', "'}'");
      return { kind: 'for', variable, from, to, body, range: span(first.range, close.range), headerRange, text };
    }
    if (this.isWord('neurons') && this.tokens[this.i + 1]?.kind === 'op' && this.tokens[this.i + 1].text === '{') {
      this.advance();
      this.advance();
      const body = this.parseStatements(true);
      const close = this.expectOp('}', "'}'");
      return { kind: 'neurons', body, range: span(first.range, close.range), keywordRange: first.range, text: 'neurons' };
    }
    const target = this.expectName('a statement: `name = expression`, `const`, `reset`, `for` or `neurons { }`');
    this.expectOp('=', "'=' and a value");
    if (target.text === 'reward' && this.isOp('[')) return this.parseReward(first, target);
    const value = this.parseExpression();
    return { kind: 'assign', target, value, range: span(first.range, value.range), text: this.sourceText(first, this.previous) };
  }

  private parseReward(first: RuleToken, target: RuleName): RuleStatement {
    this.advance();
    const entries: RewardEntry[] = [];
    const skipNewlines = () => { while (this.token.kind === 'newline') this.advance(); };
    skipNewlines();
    while (!this.isOp(']')) {
      const numberToken = this.token;
      const negative = this.isOp('-');
      if (negative) this.advance();
      if (this.token.kind !== 'number') this.fail('a time with its unit, like `5 s`');
      const n = numberValue(this.advance().text) * (negative ? -1 : 1);
      const unit = this.expectName('the unit of the time (ms or s)');
      const factor = TIME_UNITS[unit.text];
      if (factor === undefined) {
        this.errors.push({ range: unit.range, message: `'${unit.text}' is not a unit of time here; use ms or s` });
        throw new SyntaxAbort();
      }
      this.expectOp(':', "':' and the reward from that time on");
      const value = this.parseExpression();
      entries.push({ timeMs: n * factor, value, range: span(numberToken.range, value.range) });
      skipNewlines();
      if (!this.isOp(',')) break;
      this.advance();
      skipNewlines();
    }
    const close = this.expectOp(']', "']' to close the reward schedule");
    void target;
    return { kind: 'reward', entries, range: span(first.range, close.range), text: this.sourceText(first, this.previous) };
  }

  parseExpression(): RuleExpression {
    if (++this.depth > MAX_DEPTH) {
      this.errors.push({ range: this.token.range, message: `expression nested more than ${MAX_DEPTH} levels deep` });
      this.depth = 0;
      throw new SyntaxAbort();
    }
    try {
      return this.parseOr();
    } finally {
      this.depth--;
    }
  }

  private binaryLevel(ops: (t: RuleToken) => boolean, next: () => RuleExpression): RuleExpression {
    let left = next();
    while (ops(this.token)) {
      const opToken = this.advance();
      this.skipNewlinesInParens();
      const right = next();
      left = { kind: 'binary', op: opToken.text, left, right, range: span(left.range, right.range), opRange: opToken.range };
    }
    return left;
  }

  private parenDepth = 0;
  private skipNewlinesInParens(): void {
    if (this.parenDepth > 0) while (this.token.kind === 'newline') this.advance();
  }

  private parseOr(): RuleExpression {
    return this.binaryLevel((t) => t.kind === 'name' && t.text === 'or', () => this.parseAnd());
  }

  private parseAnd(): RuleExpression {
    return this.binaryLevel((t) => t.kind === 'name' && t.text === 'and', () => this.parseNot());
  }

  private parseNot(): RuleExpression {
    if (this.isWord('not')) {
      const op = this.advance();
      const operand = this.parseNot();
      return { kind: 'unary', op: 'not', operand, range: span(op.range, operand.range), opRange: op.range };
    }
    return this.parseComparison();
  }

  private parseComparison(): RuleExpression {
    const left = this.parseBitOr();
    if (this.token.kind === 'op' && COMPARISONS.has(this.token.text)) {
      const opToken = this.advance();
      const right = this.parseBitOr();
      if (this.token.kind === 'op' && COMPARISONS.has(this.token.text)) this.fail("the end of the comparison (comparisons do not chain; combine them with 'and')");
      return { kind: 'binary', op: opToken.text, left, right, range: span(left.range, right.range), opRange: opToken.range };
    }
    return left;
  }

  private isOpToken(t: RuleToken, ...ops: string[]): boolean {
    return t.kind === 'op' && ops.includes(t.text);
  }

  private parseBitOr(): RuleExpression {
    return this.binaryLevel((t) => this.isOpToken(t, '|'), () => this.parseBitXor());
  }

  private parseBitXor(): RuleExpression {
    return this.binaryLevel((t) => this.isOpToken(t, '^'), () => this.parseBitAnd());
  }

  private parseBitAnd(): RuleExpression {
    return this.binaryLevel((t) => this.isOpToken(t, '&'), () => this.parseShift());
  }

  private parseShift(): RuleExpression {
    return this.binaryLevel((t) => this.isOpToken(t, '<<', '>>'), () => this.parseAdditive());
  }

  private parseAdditive(): RuleExpression {
    return this.binaryLevel((t) => this.isOpToken(t, '+', '-'), () => this.parseMultiplicative());
  }

  private parseMultiplicative(): RuleExpression {
    return this.binaryLevel((t) => this.isOpToken(t, '*', '/', '%'), () => this.parseUnary());
  }

  private parseUnary(): RuleExpression {
    if (this.isOp('-') || this.isOp('~')) {
      const op = this.advance();
      if (++this.depth > MAX_DEPTH) this.fail('a shallower expression');
      try {
        const operand = this.parseUnary();
        return { kind: 'unary', op: op.text as '-' | '~', operand, range: span(op.range, operand.range), opRange: op.range };
      } finally {
        this.depth--;
      }
    }
    return this.parsePrimary();
  }

  private parsePrimary(): RuleExpression {
    const t = this.token;
    if (t.kind === 'number') {
      this.advance();
      return { kind: 'number', value: numberValue(t.text), text: t.text, range: t.range };
    }
    if (t.kind === 'name') {
      this.advance();
      const name = { text: t.text, range: t.range };
      if (!this.isOp('(')) return { kind: 'name', name, range: t.range };
      this.advance();
      this.parenDepth++;
      const args: RuleExpression[] = [];
      try {
        this.skipNewlinesInParens();
        while (!this.isOp(')')) {
          args.push(this.parseExpression());
          this.skipNewlinesInParens();
          if (!this.isOp(',')) break;
          this.advance();
          this.skipNewlinesInParens();
        }
        const close = this.expectOp(')', "')' to close the call");
        return { kind: 'call', callee: name, args, range: span(t.range, close.range) };
      } finally {
        this.parenDepth--;
      }
    }
    if (this.isOp('(')) {
      this.advance();
      this.parenDepth++;
      try {
        this.skipNewlinesInParens();
        const inner = this.parseExpression();
        this.skipNewlinesInParens();
        const close = this.expectOp(')', "')'");
        return { ...inner, range: span(t.range, close.range) };
      } finally {
        this.parenDepth--;
      }
    }
    if (t.kind === 'invalid') {
      this.errors.push({ range: t.range, message: `invalid character '${t.text}' in a rule` });
      throw new SyntaxAbort();
    }
    return this.fail('a value: a number, a name, a call or `(`');
  }
}

function span(a: Range, b: Range): Range {
  return { start: a.start, end: b.end };
}
