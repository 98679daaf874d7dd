/**
 * The resilient parser of the experiment language. It never throws and always returns a syntax tree. Each
 * syntax error is reported once, with the range of the offending token and what was expected there; the parser
 * then skips to the next member of the block (a new line, `,` or `}`) or to the next statement keyword at the
 * start of a line, so that everything after the error is still parsed and checked.
 *
 * Grammar (newlines separate members and end statements; inside `[...]` and `(...)` they are ignored):
 *   document    = { statement NEWLINE }
 *   statement   = "experiment" NAME [block]
 *               | "neuron" NAME "{" { "compartment" NAME ":" KIND block } "}"
 *               | "population" NAME ":" TYPE "[" INT "]" [block]
 *               | "projection" ref "->" ref [block]
 *               | "stimulus" ref ":" TYPE [block]
 *               | "record" ref ":" NAME { "," NAME } [ "@" NAME ]
 *               | "plasticity" NAME "on" ref "->" ref { "," ref "->" ref } "every" value rawblock
 *   ref         = NAME [ "[" INT [ ".." INT ] "]" ] [ "." NAME ]
 *   block       = "{" [ member { ("," | NEWLINE) member } ] "}"
 *   member      = NAME "=" value
 *   value       = ["-"] NUMBER [UNIT] | NAME | NAME "(" [values] ")" | "[" [values] "]" | STRING | "true" | "false"
 */
import type {
  Block,
  Connection,
  Document,
  CompartmentDeclaration,
  ExperimentStatement,
  IntegerLiteral,
  Member,
  Name,
  NeuronStatement,
  PlasticityStatement,
  PopulationReference,
  PopulationStatement,
  ProjectionStatement,
  RecordStatement,
  Slice,
  Statement,
  StatementKind,
  StimulusStatement,
  Value,
} from './ast';
import { STATEMENT_KEYWORDS } from './ast';
import { Code } from './codes';
import { Severity, type Diagnostic } from './diagnostic';
import { Lexer, TOKEN_DESCRIPTION, syntheticToken, type Token, type TokenKind } from './lexer';
import type { Position, Range } from './position';

/** Deepest nesting of lists and calls in a value; deeper input is reported, not parsed (no stack overflow). */
export const MAX_VALUE_NESTING = 32;

/** Most syntax errors reported per document: past that, a file is not an experiment and more would only slow the editor. */
const MAX_SYNTAX_ERRORS = 200;

const KEYWORDS = new Set<string>(STATEMENT_KEYWORDS);

export interface ParseResult {
  document: Document;
  diagnostics: Diagnostic[];
}

/** Thrown internally to abandon the current statement; caught in the statement loop (never escapes). */
class StatementAbort {}

function describe(token: Token): string {
  if (token.kind === 'identifier') return `'${token.text}'`;
  if (token.kind === 'number') return `the number ${token.text}`;
  return TOKEN_DESCRIPTION[token.kind];
}

function isKeyword(token: Token): boolean {
  return token.kind === 'identifier' && KEYWORDS.has(token.text);
}

class Parser {
  private readonly lexer: Lexer;
  private token!: Token;
  /** The last token consumed that was not a newline (end of the previous construct). */
  private previousEnd: Position = { line: 0, character: 0 };
  readonly diagnostics: Diagnostic[] = [];
  private syntaxErrors = 0;
  /** Inside a neuron type: `compartment` at the start of a line ends an unclosed compartment block. */
  private inNeuron = false;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
    this.advance();
  }

  parseDocument(): Document {
    const statements: Statement[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.token.kind === 'eof') break;
      if (!isKeyword(this.token)) {
        this.error(
          this.token.range,
          `expected a statement (${STATEMENT_KEYWORDS.join(', ')}), found ${describe(this.token)}`,
        );
        this.skipToStatement();
        continue;
      }
      const statement = this.parseStatement();
      if (statement) statements.push(statement);
    }
    const end = this.token.range.end;
    return {
      statements,
      comments: this.lexer.comments,
      range: { start: { line: 0, character: 0 }, end },
    };
  }

  // ---- tokens ---------------------------------------------------------------------------------------------

  private advance(): void {
    if (this.token && this.token.kind !== 'newline' && this.token.kind !== 'eof') this.previousEnd = this.token.range.end;
    for (;;) {
      const token = this.lexer.next();
      if (token.kind === 'invalid') {
        this.report(Code.InvalidCharacter, token.range, `invalid character${token.text.length > 1 ? 's' : ''} '${printable(token.text)}'`);
        continue;
      }
      if (token.kind === 'string' && !token.terminated) {
        this.report(Code.UnterminatedString, token.range, 'unterminated string: the line ends before the closing \'"\'');
      }
      this.token = token;
      return;
    }
  }

  private at(kind: TokenKind): boolean {
    return this.token.kind === kind;
  }

  /** A contextual keyword (`on`, `every`): an identifier with this text. */
  private atWord(word: string): boolean {
    return this.token.kind === 'identifier' && this.token.text === word;
  }

  private skipNewlines(): void {
    while (this.token.kind === 'newline') this.advance();
  }

  /** Where an error about the current token is shown: the token, or the end of the previous one for a line end. */
  private errorRange(): Range {
    if (this.token.kind === 'newline' || this.token.kind === 'eof') {
      return { start: this.previousEnd, end: this.previousEnd };
    }
    return this.token.range;
  }

  private report(code: string, range: Range, message: string, extra?: Partial<Diagnostic>): void {
    if (this.syntaxErrors >= MAX_SYNTAX_ERRORS) return;
    this.syntaxErrors++;
    this.diagnostics.push({ range, severity: Severity.Error, code, source: 'bss2', message, ...extra });
  }

  private error(range: Range, message: string): void {
    this.report(Code.Expected, range, message);
  }

  /** Reports that `what` was expected at the current token and abandons the statement. */
  private fail(what: string): never {
    this.error(this.errorRange(), `expected ${what}, found ${describe(this.token)}`);
    throw new StatementAbort();
  }

  private expect(kind: TokenKind, what = TOKEN_DESCRIPTION[kind]): Token {
    if (this.token.kind !== kind) this.fail(what);
    const token = this.token;
    this.advance();
    return token;
  }

  private expectName(what: string): Name {
    if (this.token.kind !== 'identifier' || isKeyword(this.token)) this.fail(what);
    const name = { text: this.token.text, range: this.token.range };
    this.advance();
    return name;
  }

  private skipToStatement(): void {
    for (;;) {
      this.advance();
      if (this.token.kind === 'eof' || (this.token.lineStart && isKeyword(this.token))) return;
    }
  }

  /** A keyword at the start of a line ends whatever was open: a forgotten `}` must not swallow the file. */
  private atStatementStart(): boolean {
    return this.token.lineStart && isKeyword(this.token);
  }

  /** `compartment` at the start of a line inside a neuron type: the next compartment begins. */
  private atCompartmentStart(): boolean {
    return this.inNeuron && this.token.lineStart && this.atWord('compartment');
  }

  // ---- statements -----------------------------------------------------------------------------------------

  private parseStatement(): Statement | undefined {
    const keyword = this.token;
    const kind = keyword.text as StatementKind;
    // The statement under construction, so that an abandoned statement keeps what was parsed before the error.
    const partial: { statement?: Statement } = {};
    this.advance();
    try {
      switch (kind) {
        case 'experiment':
          this.parseExperiment(keyword, partial);
          break;
        case 'neuron':
          this.parseNeuron(keyword, partial);
          break;
        case 'population':
          this.parsePopulation(keyword, partial);
          break;
        case 'projection':
          this.parseProjection(keyword, partial);
          break;
        case 'stimulus':
          this.parseStimulus(keyword, partial);
          break;
        case 'record':
          this.parseRecord(keyword, partial);
          break;
        case 'plasticity':
          this.parsePlasticity(keyword, partial);
          break;
      }
      if (!this.at('newline') && !this.at('eof') && !this.atStatementStart()) {
        this.fail('the end of the line after the statement');
      }
    } catch (e) {
      if (!(e instanceof StatementAbort)) throw e;
      this.recoverStatement(partial.statement);
    }
    const statement = partial.statement;
    if (statement) statement.range = { start: keyword.range.start, end: this.previousEnd };
    return statement;
  }

  /**
   * After an error in a statement header: if the statement's block opens later on the same line, parse the
   * block (so its members are still checked); otherwise skip to the next statement.
   */
  private recoverStatement(statement: Statement | undefined): void {
    while (!this.at('eof') && !this.at('newline') && !this.at('lbrace') && !this.atStatementStart()) this.advance();
    if (this.at('lbrace') && statement?.kind === 'neuron' && !statement.bodyRange) {
      this.parseNeuronBody(statement);
    } else if (this.at('lbrace') && statement && statement.kind !== 'record' && statement.kind !== 'neuron' && !statement.body) {
      try {
        if (statement.kind === 'plasticity') statement.body = this.parseRawBlock();
        else statement.body = this.parseBlock();
      } catch (e) {
        if (!(e instanceof StatementAbort)) throw e;
      }
    }
    if (this.at('newline') || this.at('eof') || this.atStatementStart()) return;
    this.skipToStatement();
  }

  private parseExperiment(keyword: Token, partial: { statement?: Statement }): void {
    const statement: ExperimentStatement = { kind: 'experiment', range: keyword.range, keywordRange: keyword.range };
    partial.statement = statement;
    statement.name = this.expectName("the experiment's name");
    if (this.at('lbrace')) statement.body = this.parseBlock();
  }

  private parseNeuron(keyword: Token, partial: { statement?: Statement }): void {
    const statement: NeuronStatement = { kind: 'neuron', range: keyword.range, keywordRange: keyword.range, compartments: [] };
    partial.statement = statement;
    statement.name = this.expectName("the neuron type's name");
    if (!this.at('lbrace')) this.fail("'{' and the compartments of the neuron type");
    this.parseNeuronBody(statement);
  }

  /**
   * `{ compartment ... }`: each compartment is parsed on its own, so an error in one (even a missing `}`) leaves
   * the next compartment and the statements after the neuron type intact.
   */
  private parseNeuronBody(statement: NeuronStatement): void {
    const open = this.token;
    this.advance();
    statement.openRange = open.range;
    this.inNeuron = true;
    try {
      let lastOffset = -1;
      for (;;) {
        this.skipNewlines();
        if (this.token.start === lastOffset && !this.at('eof')) this.advance();
        lastOffset = this.token.start;
        this.skipNewlines();
        if (this.at('rbrace')) {
          statement.closeRange = this.token.range;
          this.advance();
          break;
        }
        if (this.at('eof') || this.atStatementStart()) {
          this.report(Code.Unclosed, open.range, "this '{' is never closed: expected '}' at the end of the neuron type before " + describe(this.token));
          break;
        }
        if (!this.atWord('compartment')) {
          this.error(this.errorRange(), `expected 'compartment' or '}' in neuron type, found ${describe(this.token)}`);
          this.skipCompartmentLine();
          continue;
        }
        statement.compartments.push(this.parseCompartment());
      }
    } finally {
      this.inNeuron = false;
    }
    statement.bodyRange = { start: open.range.start, end: this.previousEnd };
  }

  private parseCompartment(): CompartmentDeclaration {
    const keyword = this.token;
    this.advance();
    const declaration: CompartmentDeclaration = { keywordRange: keyword.range, range: keyword.range };
    try {
      declaration.name = this.expectName("the compartment's name");
      this.expect('colon', "':' and the compartment's kind (AdEx, Passive, Plateau)");
      declaration.kind = this.expectName('a compartment kind (AdEx, Passive, Plateau)');
      if (!this.at('lbrace')) this.fail("'{' and the compartment's parameters");
      declaration.body = this.parseBlock();
      if (!this.at('newline') && !this.at('rbrace') && !this.at('eof') && !this.atStatementStart() && !this.atCompartmentStart()) {
        this.fail('the end of the line after the compartment');
      }
    } catch (e) {
      if (!(e instanceof StatementAbort)) throw e;
      this.skipCompartmentLine(declaration);
    }
    declaration.range = { start: keyword.range.start, end: this.previousEnd };
    return declaration;
  }

  /** Skips the rest of a line inside a neuron type; a block on it is still parsed (into `declaration`, if any). */
  private skipCompartmentLine(declaration?: CompartmentDeclaration): void {
    for (;;) {
      if (this.at('eof') || this.at('newline') || this.atStatementStart()) return;
      if (this.at('rbrace')) return;
      if (this.at('lbrace')) {
        try {
          const body = this.parseBlock();
          if (declaration && !declaration.body) declaration.body = body;
        } catch (e) {
          if (!(e instanceof StatementAbort)) throw e;
        }
        continue;
      }
      this.advance();
    }
  }

  private parsePopulation(keyword: Token, partial: { statement?: Statement }): void {
    const statement: PopulationStatement = { kind: 'population', range: keyword.range, keywordRange: keyword.range };
    partial.statement = statement;
    statement.name = this.expectName("the population's name");
    this.expect('colon', "':' and the population's type");
    statement.type = this.expectName('a population type (AdEx, AdExCond, Poisson, SpikeArray, BackgroundPoisson)');
    const open = this.expect('lbracket', "'[' and the population's size, as in AdEx[10]");
    statement.size = this.parseInteger('the population size');
    const close = this.expect('rbracket', "']'");
    statement.sizeRange = { start: open.range.start, end: close.range.end };
    if (this.at('lbrace')) statement.body = this.parseBlock();
  }

  private parseProjection(keyword: Token, partial: { statement?: Statement }): void {
    const statement: ProjectionStatement = {
      kind: 'projection',
      range: keyword.range,
      keywordRange: keyword.range,
      connection: { range: keyword.range },
    };
    partial.statement = statement;
    this.parseConnection(statement.connection);
    if (this.at('lbrace')) statement.body = this.parseBlock();
  }

  private parseStimulus(keyword: Token, partial: { statement?: Statement }): void {
    const statement: StimulusStatement = { kind: 'stimulus', range: keyword.range, keywordRange: keyword.range };
    partial.statement = statement;
    statement.target = this.parseReference('the population the stimulus is applied to');
    this.expect('colon', "':' and the stimulus type");
    statement.type = this.expectName('a stimulus type (StepCurrent, DCSource)');
    if (this.at('lbrace')) statement.body = this.parseBlock();
  }

  private parseRecord(keyword: Token, partial: { statement?: Statement }): void {
    const statement: RecordStatement = {
      kind: 'record',
      range: keyword.range,
      keywordRange: keyword.range,
      variables: [],
    };
    partial.statement = statement;
    statement.target = this.parseReference('the population to record');
    this.expect('colon', "':' and the variables to record");
    statement.variables.push(this.expectName('a variable to record (spikes, v, w, i_syn_E, i_syn_I)'));
    while (this.at('comma')) {
      this.advance();
      this.skipNewlines();
      statement.variables.push(this.expectName('a variable to record (spikes, v, w, i_syn_E, i_syn_I)'));
    }
    if (this.at('at')) {
      statement.atRange = this.token.range;
      this.advance();
      statement.converter = this.expectName('the converter that records the analog variables (madc, cadc)');
    }
  }

  private parsePlasticity(keyword: Token, partial: { statement?: Statement }): void {
    const statement: PlasticityStatement = {
      kind: 'plasticity',
      range: keyword.range,
      keywordRange: keyword.range,
      connections: [],
    };
    partial.statement = statement;
    statement.name = this.expectName("the rule's name");
    if (!this.atWord('on')) this.fail("'on' and the projection the rule updates");
    this.advance();
    for (;;) {
      const connection: Connection = { range: this.token.range };
      statement.connections.push(connection);
      this.parseConnection(connection);
      if (!this.at('comma')) break;
      this.advance();
      this.skipNewlines();
    }
    if (!this.atWord('every')) this.fail("'every' and the rule's period");
    statement.everyRange = this.token.range;
    this.advance();
    statement.period = this.parseValue(0);
    if (!statement.period) throw new StatementAbort();
    if (!this.at('lbrace')) this.fail("'{' and the body of the rule");
    statement.body = this.parseRawBlock();
  }

  private parseRawBlock(): NonNullable<PlasticityStatement['body']> {
    const open = this.token;
    // The current token is the `{`, so the lexer stands right after it.
    const raw = this.lexer.scanRawBlock();
    const body = {
      text: raw.text,
      textRange: raw.textRange,
      range: { start: open.range.start, end: raw.close ? raw.close.range.end : raw.textRange.end },
      closeRange: raw.close?.range,
    };
    if (!raw.close) {
      this.report(Code.Unclosed, open.range, "this '{' is never closed: expected '}' at the end of the rule's body");
      this.token = syntheticToken('eof', '', this.text.length, this.text.length, { start: raw.textRange.end, end: raw.textRange.end });
    } else {
      // Stand on the closing brace, so that advance() records it as the end of the statement.
      this.token = syntheticToken('rbrace', '}', raw.close.start, raw.close.end, raw.close.range);
    }
    this.advance();
    return body;
  }

  private parseConnection(connection: Connection): void {
    const start = this.token.range.start;
    connection.pre = this.parseReference('the source population');
    connection.range = { start, end: this.previousEnd };
    this.expect('arrow', "'->' and the target population");
    connection.post = this.parseReference('the target population');
    connection.range = { start, end: this.previousEnd };
  }

  private parseReference(what: string): PopulationReference {
    const name = this.expectName(what);
    const reference: PopulationReference = { name, range: name.range };
    if (this.at('lbracket')) {
      reference.slice = this.parseSlice();
      reference.range = { start: name.range.start, end: reference.slice.range.end };
    }
    if (this.at('dot')) {
      this.advance();
      reference.compartment = this.expectName('a compartment name after \'.\'');
      reference.range = { start: name.range.start, end: reference.compartment.range.end };
    }
    return reference;
  }

  private parseSlice(): Slice {
    const open = this.expect('lbracket');
    let start: IntegerLiteral | undefined;
    let end: IntegerLiteral | undefined;
    let isRange = false;
    if (!this.at('dotdot')) start = this.parseInteger('an index or a range a..b');
    if (this.at('dotdot')) {
      isRange = true;
      this.advance();
      end = this.parseInteger('the end of the range (exclusive)');
    }
    if (!start && !isRange) this.fail('an index or a range a..b');
    if (!start) this.fail('the start of the range');
    const close = this.expect('rbracket', isRange ? "']'" : "'..' or ']'");
    return { start, end, isRange, range: { start: open.range.start, end: close.range.end } };
  }

  private parseInteger(what: string): IntegerLiteral {
    const startToken = this.token;
    let sign = '';
    if (this.at('minus')) {
      sign = '-';
      this.advance();
    }
    if (!this.at('number')) this.fail(what);
    const token = this.token;
    this.advance();
    const text = sign + token.text;
    return { value: Number(text), text, range: { start: startToken.range.start, end: token.range.end } };
  }

  // ---- blocks and values ----------------------------------------------------------------------------------

  private parseBlock(): Block {
    const open = this.expect('lbrace');
    const block: Block = { members: [], range: open.range, openRange: open.range };
    let lastOffset = -1;
    for (;;) {
      while (this.at('newline') || this.at('comma')) this.advance();
      // Every round must consume something, whatever the error recovery left behind.
      if (this.token.start === lastOffset && !this.at('eof')) this.advance();
      lastOffset = this.token.start;
      while (this.at('newline') || this.at('comma')) this.advance();
      if (this.at('rbrace')) {
        block.closeRange = this.token.range;
        this.advance();
        break;
      }
      if (this.at('eof') || this.atStatementStart() || this.atCompartmentStart()) {
        this.report(Code.Unclosed, open.range, "this '{' is never closed: expected '}' before " + describe(this.token));
        break;
      }
      const member = this.parseMember();
      if (member) block.members.push(member);
    }
    block.range = { start: open.range.start, end: this.previousEnd };
    return block;
  }

  private parseMember(): Member | undefined {
    if (!this.at('identifier') || isKeyword(this.token)) {
      this.error(this.errorRange(), `expected a parameter name, found ${describe(this.token)}`);
      this.skipMember();
      return undefined;
    }
    const name: Name = { text: this.token.text, range: this.token.range };
    this.advance();
    const member: Member = { name, range: name.range };
    if (!this.at('equals')) {
      this.error(this.errorRange(), `expected '=' after '${name.text}', found ${describe(this.token)}`);
      this.skipMember();
      return member;
    }
    this.advance();
    member.value = this.parseValue(0);
    member.range = { start: name.range.start, end: this.previousEnd };
    if (!member.value) {
      this.skipMember();
      return member;
    }
    if (!this.at('newline') && !this.at('comma') && !this.at('rbrace') && !this.at('eof') && !this.atStatementStart()) {
      this.error(this.errorRange(), `expected ',' or a new line after the value of '${name.text}', found ${describe(this.token)}`);
      this.skipMember();
    }
    return member;
  }

  /** Skips to the end of the current member: a new line or `,` outside brackets, or the block's `}`. */
  private skipMember(): void {
    let depth = 0;
    for (;;) {
      const kind = this.token.kind;
      if (kind === 'eof' || this.atStatementStart() || kind === 'rbrace') return;
      if (depth === 0 && (kind === 'newline' || kind === 'comma')) return;
      if (kind === 'lbracket' || kind === 'lparen') depth++;
      if ((kind === 'rbracket' || kind === 'rparen') && depth > 0) depth--;
      this.advance();
    }
  }

  /** Parses a value; on error reports it and returns undefined, leaving the offending token current. */
  private parseValue(depth: number): Value | undefined {
    const token = this.token;
    switch (token.kind) {
      case 'number':
      case 'minus':
        return this.parseQuantity();
      case 'string':
        this.advance();
        return { kind: 'string', value: token.value ?? '', range: token.range };
      case 'lbracket':
        return this.parseSequence(depth, 'lbracket', 'rbracket', (items, range) => ({ kind: 'list', items, range }));
      case 'identifier': {
        if (isKeyword(token) && token.lineStart) break;
        this.advance();
        if (token.text === 'true' || token.text === 'false') {
          return { kind: 'boolean', value: token.text === 'true', range: token.range };
        }
        const name: Name = { text: token.text, range: token.range };
        if (this.at('lparen')) {
          return this.parseSequence(depth, 'lparen', 'rparen', (args, range) => ({
            kind: 'call',
            callee: name,
            args,
            range: { start: name.range.start, end: range.end },
          }));
        }
        return { kind: 'name', name, range: token.range };
      }
    }
    this.error(this.errorRange(), `expected a value (a number with its unit, a name, a list [...] or a string), found ${describe(token)}`);
    return undefined;
  }

  private parseQuantity(): Value | undefined {
    const first = this.token;
    let sign = '';
    if (this.at('minus')) {
      sign = '-';
      this.advance();
      if (!this.at('number')) {
        this.error(this.errorRange(), `expected a number after '-', found ${describe(this.token)}`);
        return undefined;
      }
    }
    const numberToken = this.token;
    this.advance();
    const literal = sign + numberToken.text;
    const number = Number(literal);
    const numberRange = { start: first.range.start, end: numberToken.range.end };
    if (!Number.isFinite(number)) {
      this.report(Code.NumberTooLarge, numberRange, `the number ${literal} is too large`);
    }
    let unit: Name | undefined;
    if (this.at('identifier') && !this.atStatementStart()) {
      unit = { text: this.token.text, range: this.token.range };
      this.advance();
    }
    return {
      kind: 'quantity',
      literal,
      number,
      numberRange,
      unit,
      range: { start: numberRange.start, end: unit ? unit.range.end : numberRange.end },
    };
  }

  /** `[a, b, ...]` or `(a, b, ...)`: newlines ignored, a trailing comma allowed. */
  private parseSequence(
    depth: number,
    openKind: TokenKind,
    closeKind: TokenKind,
    build: (items: Value[], range: Range) => Value,
  ): Value | undefined {
    const open = this.token;
    const closeText = closeKind === 'rbracket' ? "']'" : "')'";
    if (depth >= MAX_VALUE_NESTING) {
      this.report(Code.TooDeep, open.range, `lists and calls are nested more than ${MAX_VALUE_NESTING} levels deep`);
      this.skipNested();
      return undefined;
    }
    this.advance();
    const items: Value[] = [];
    let lastOffset = -1;
    for (;;) {
      this.skipNewlines();
      if (this.token.kind === closeKind) break;
      // Every round must consume something: a stray closer of the other kind (`[1, 2)`) is skipped here.
      if (this.token.start === lastOffset) this.advance();
      lastOffset = this.token.start;
      this.skipNewlines();
      if (this.token.kind === closeKind) break;
      if (this.at('eof') || this.at('rbrace') || this.atStatementStart()) {
        this.report(Code.Unclosed, open.range, `this '${open.text}' is never closed: expected ${closeText} before ${describe(this.token)}`);
        return build(items, { start: open.range.start, end: this.previousEnd });
      }
      const item = this.parseValue(depth + 1);
      if (!item) {
        this.skipInSequence();
        if (this.token.kind === closeKind) break;
        if (this.at('comma')) this.advance();
        continue;
      }
      items.push(item);
      this.skipNewlines();
      if (this.at('comma')) {
        this.advance();
        continue;
      }
      if (this.token.kind === closeKind) break;
      if (this.at('eof') || this.at('rbrace') || this.atStatementStart()) continue; // reported as unclosed above
      this.error(this.errorRange(), `expected ',' or ${closeText}, found ${describe(this.token)}`);
      this.skipInSequence();
      // Past a separator, or a closer of the other kind (`[1, 2)`), so it is not read again as a value.
      if (this.at('comma') || ((this.at('rbracket') || this.at('rparen')) && this.token.kind !== closeKind)) this.advance();
    }
    const close = this.token;
    this.advance();
    return build(items, { start: open.range.start, end: close.range.end });
  }

  /** Skips to the next `,` or closing bracket of the current sequence, over nested brackets. */
  private skipInSequence(): void {
    let depth = 0;
    for (;;) {
      const kind = this.token.kind;
      if (kind === 'eof' || kind === 'rbrace' || this.atStatementStart()) return;
      if (depth === 0 && (kind === 'comma' || kind === 'rbracket' || kind === 'rparen')) return;
      if (kind === 'lbracket' || kind === 'lparen') depth++;
      if (kind === 'rbracket' || kind === 'rparen') depth--;
      this.advance();
    }
  }

  /** Skips a too-deeply nested value without recursion, up to its matching bracket. */
  private skipNested(): void {
    let depth = 0;
    for (;;) {
      const kind = this.token.kind;
      if (kind === 'eof' || kind === 'rbrace' || this.atStatementStart()) return;
      if (kind === 'lbracket' || kind === 'lparen') depth++;
      if (kind === 'rbracket' || kind === 'rparen') {
        depth--;
        if (depth === 0) {
          this.advance();
          return;
        }
      }
      this.advance();
    }
  }
}

function printable(text: string): string {
  const shown = text.length > 12 ? `${text.slice(0, 12)}...` : text;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function parse(text: string): ParseResult {
  const parser = new Parser(text);
  const document = parser.parseDocument();
  return { document, diagnostics: parser.diagnostics };
}
