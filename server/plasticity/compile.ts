/**
 * Checks a plasticity rule's body and compiles it to the PPU's vector program (common/chip/ppu.ts) in one pass:
 * names, vector/mask/scalar types, 8/16-bit lane widths, read-only values and sections are checked while the
 * instructions are emitted, so every diagnostic points at the token that caused it. The language is described
 * in docs/plasticity.md; the arithmetic it compiles to is emulator/ppu/vectorUnit.ts.
 *
 * Values: a vector has one lane per column of the synapse row (or per neuron in `neurons { }`), 8 or 16 bits,
 * with a known interval of possible lane values (used to warn when a store to a 6-bit field may wrap); a mask
 * is the result of a vector comparison; a scalar is a 32-bit integer, folded when known at compile time.
 */
import type { PpuInstruction, PpuProgram, PpuStatement, PpuVariable, PpuVectorSource, PpuWidth } from '../../common/chip/ppu';
import { FIELDS, PPU } from '../../common/chip/limits';
import { PPU_MAX_LOOP_ITERATIONS, PPU_MAX_SCALAR_REGISTERS } from '../../common/chip/validatePpu';
import { Severity, type Diagnostic } from '../language/diagnostic';
import type { Position, Range } from '../language/position';
import type { RuleExpression, RuleName, RuleStatement } from './ast';
import { RuleCode, type RuleCodeValue } from './codes';
import { parseRule } from './parser';

type Section = 'neurons' | 'rows';

type Ty =
  | { k: 'scalar'; value?: number }
  | { k: 'vector'; w: PpuWidth; lo: number; hi: number }
  | { k: 'mask'; w: PpuWidth };

interface Val {
  ty: Ty;
  /** Register (vector or scalar by type); -1 for a scalar known at compile time and not yet in a register. */
  reg: number;
  temp: boolean;
}

interface Builtin {
  kind: 'vector' | 'scalar';
  width?: PpuWidth;
  lo?: number;
  hi?: number;
  /** Where it can be read. */
  sections: readonly Section[];
  /** Where it can be written (none: read-only). */
  writable: readonly Section[];
  description: string;
}

const LANE_MIN = (w: PpuWidth) => -(2 ** (w - 1));
const LANE_MAX = (w: PpuWidth) => 2 ** (w - 1) - 1;
const [WEIGHT_MIN, WEIGHT_MAX] = FIELDS.weight;
const [LABEL_MIN, LABEL_MAX] = FIELDS.synapseLabel;
const [CADC_MIN, CADC_MAX] = FIELDS.cadcValue;

const BOTH: readonly Section[] = ['neurons', 'rows'];
const ROWS: readonly Section[] = ['rows'];
const NEURONS: readonly Section[] = ['neurons'];

/** The processor's values, by name (docs/plasticity.md, "Values"). */
export const RULE_VALUES: Readonly<Record<string, Builtin>> = {
  weight: { kind: 'vector', width: 8, lo: WEIGHT_MIN, hi: WEIGHT_MAX, sections: ROWS, writable: ROWS, description: 'the 6-bit synaptic weights of the row (0..63)' },
  label: { kind: 'vector', width: 8, lo: LABEL_MIN, hi: LABEL_MAX, sections: ROWS, writable: ROWS, description: 'the 6-bit synapse labels of the row: which source each synapse listens to' },
  causal: { kind: 'vector', width: 8, lo: 0, hi: LANE_MAX(8), sections: ROWS, writable: [], description: 'causal correlation (pre before post) since the last reset, CADC LSB below the post-reset baseline, saturated to 127' },
  acausal: { kind: 'vector', width: 8, lo: 0, hi: LANE_MAX(8), sections: ROWS, writable: [], description: 'acausal correlation (post before pre) since the last reset, like causal' },
  spikes: { kind: 'vector', width: 8, lo: 0, hi: LANE_MAX(8), sections: BOTH, writable: [], description: "the post-synaptic neuron's spikes since the rule last reset the counters (8-bit counter, saturated to 127)" },
  v: { kind: 'vector', width: 16, lo: CADC_MIN, hi: CADC_MAX, sections: BOTH, writable: [], description: "the post-synaptic neuron's membrane, as the CADC reads it (0..255 LSB)" },
  random: { kind: 'vector', width: 8, lo: LANE_MIN(8), hi: LANE_MAX(8), sections: BOTH, writable: [], description: 'uniform random lanes from the hardware generator, -128..127, new on every read' },
  offset: { kind: 'vector', width: 16, lo: -32768, hi: 32767, sections: BOTH, writable: NEURONS, description: "the neuron's offset current set by the rule, pA (starts at 0)" },
  row: { kind: 'scalar', sections: ROWS, writable: [], description: "the index of the synapse row among the rule's rows on this hemisphere (hardware order)" },
  time: { kind: 'scalar', sections: BOTH, writable: [], description: 'the time of this run, ms (biological)' },
  period: { kind: 'scalar', sections: BOTH, writable: [], description: "the rule's period, ms (biological)" },
  reward: { kind: 'scalar', sections: BOTH, writable: [], description: 'the reward signal the experiment sets (`reward = [...]` schedule), 0 when none' },
};

/** The language's functions and their arity. */
export const RULE_FUNCTIONS: Readonly<Record<string, { args: number; description: string }>> = {
  clamp: { args: 3, description: 'clamp(x, lo, hi): x bounded to lo..hi, lane by lane' },
  min: { args: 2, description: 'min(a, b): the smaller, lane by lane' },
  max: { args: 2, description: 'max(a, b): the larger, lane by lane' },
  abs: { args: 1, description: 'abs(x): magnitude, saturating (abs(-128) = 127 in 8 bits)' },
  where: { args: 3, description: 'where(mask, a, b): a in the lanes where mask holds, b elsewhere' },
  wide: { args: 1, description: 'wide(x): 8-bit lanes to 16-bit lanes (same values)' },
  narrow: { args: 1, description: 'narrow(x): 16-bit lanes to 8-bit lanes, saturating' },
};

export const RULE_KEYWORDS = ['const', 'reset', 'correlation', 'spikes', 'for', 'in', 'neurons', 'and', 'or', 'not'] as const;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** Product of nested loop iterations (keeps the unrolled cost and the emulator's work bounded). */
const MAX_NESTED_ITERATIONS = 4096;

/** The body's part of a processor program (common/chip/ppu.ts); the reward schedule still in biological ms. */
export type CompiledRule = Pick<PpuProgram, 'statements' | 'variables' | 'neuronCode' | 'rowCode' | 'vectorRegisters' | 'scalarRegisters' | 'constants'> & {
  reward?: { timesMs: number[]; values: number[] };
};

export interface RuleCompilation {
  /** Present when the body has no error. */
  rule?: CompiledRule;
  diagnostics: Diagnostic[];
}

/** Checks and compiles the body text of a rule that starts at `start` in the document. */
export function compileRuleBody(text: string, start: Position): RuleCompilation {
  const { body, errors } = parseRule(text, start);
  const c = new RuleCompiler();
  for (const e of errors) c.report(RuleCode.Syntax, e.range, e.message);
  c.compile(body.statements);
  const diagnostics = c.diagnostics;
  if (diagnostics.some((d) => d.severity === Severity.Error)) return { diagnostics };
  return { rule: c.result(), diagnostics };
}

class CompileAbort extends Error {}

interface Local {
  ty: Ty;
  reg: number;
  section: Section;
  kind: 'variable' | 'loop';
}

class RuleCompiler {
  readonly diagnostics: Diagnostic[] = [];
  private readonly statements: PpuStatement[] = [];
  private readonly variables: PpuVariable[] = [];
  private readonly neuronCode: PpuInstruction[] = [];
  private readonly rowCode: PpuInstruction[] = [];
  private readonly constants = new Map<string, number>();
  private readonly locals = new Map<string, Local>();
  private readonly vUsed = new Array<boolean>(PPU.vectorRegisters).fill(false);
  private vMax = 0;
  private sNext = 0;
  private sFree: number[] = [];
  private section: Section = 'rows';
  private stmt = 0;
  private loopIterations = 1;
  private reward?: { timesMs: number[]; values: number[] };

  report(code: RuleCodeValue, range: Range, message: string, severity = code.startsWith('BSS2-W') ? Severity.Warning : Severity.Error): void {
    this.diagnostics.push({ range, severity, code, source: 'bss2', message });
  }

  private fail(code: RuleCodeValue, range: Range, message: string): never {
    this.report(code, range, message);
    throw new CompileAbort();
  }

  result(): CompiledRule {
    if (this.zeroReg >= 0) {
      for (const code of [this.neuronCode, this.rowCode]) {
        code.unshift({ op: 'sconst', stmt: code[0]?.stmt ?? 0, dst: this.zeroReg, value: 0 });
        this.fixLoops(code);
      }
    }
    return {
      statements: this.statements,
      variables: this.variables,
      neuronCode: this.neuronCode,
      rowCode: this.rowCode,
      vectorRegisters: this.vMax,
      scalarRegisters: this.sNext,
      constants: Object.fromEntries(this.constants),
      ...(this.reward ? { reward: this.reward } : {}),
    };
  }

  compile(statements: RuleStatement[]): void {
    // The neurons section runs first in every period, wherever it is written.
    const neurons = statements.filter((s) => s.kind === 'neurons');
    neurons.slice(1).forEach((s) => s.kind === 'neurons' && this.report(RuleCode.Syntax, s.keywordRange, 'a rule has at most one `neurons { }` block'));
    for (const s of statements) if (s.kind === 'reward' || s.kind === 'const') this.statement(s, true);
    if (neurons[0]?.kind === 'neurons') {
      this.section = 'neurons';
      for (const s of neurons[0].body) this.statement(s, false);
    }
    this.section = 'rows';
    for (const s of statements) if (s.kind !== 'neurons' && s.kind !== 'reward' && s.kind !== 'const') this.statement(s, true);
  }

  private get code(): PpuInstruction[] {
    return this.section === 'neurons' ? this.neuronCode : this.rowCode;
  }

  private emit(ins: PpuInstruction): void {
    this.code.push(ins);
  }

  private beginStatement(range: Range, text: string): void {
    this.stmt = this.statements.length;
    this.statements.push({ line: range.start.line, character: range.start.character, endLine: range.end.line, endCharacter: range.end.character, text, section: this.section });
  }

  private statement(s: RuleStatement, topLevel: boolean): void {
    try {
      switch (s.kind) {
        case 'const': return this.constStatement(s.name, s.value);
        case 'reward': return this.rewardStatement(s, topLevel);
        case 'neurons': return this.report(RuleCode.Syntax, s.keywordRange, '`neurons { }` belongs at the top of the rule, not inside another block');
        case 'reset': return this.resetStatement(s.what, s.range, s.text);
        case 'for': return this.forStatement(s);
        case 'assign': return this.assignStatement(s.target, s.value, s.range, s.text);
      }
    } catch (e) {
      if (!(e instanceof CompileAbort)) throw e;
      this.freeAllTemps();
    }
  }

  // ---- statements ------------------------------------------------------------------------------------------

  private constStatement(name: RuleName, value: RuleExpression): void {
    this.checkNewName(name);
    const v = this.expression(value);
    if (v.ty.k !== 'scalar' || v.ty.value === undefined) this.fail(RuleCode.VectorScalar, value.range, `the value of constant '${name.text}' must be a scalar known when the rule is compiled`);
    this.constants.set(name.text, v.ty.value);
  }

  private rewardStatement(s: Extract<RuleStatement, { kind: 'reward' }>, topLevel: boolean): void {
    if (!topLevel) this.fail(RuleCode.BadReward, s.range, 'the reward schedule belongs at the top of the rule');
    if (this.reward) this.fail(RuleCode.BadReward, s.range, 'the reward schedule is given twice');
    if (s.entries.length === 0) this.fail(RuleCode.BadReward, s.range, 'the reward schedule has no entries');
    const timesMs: number[] = [];
    const values: number[] = [];
    for (const e of s.entries) {
      if (!(e.timeMs >= 0) || (timesMs.length > 0 && !(e.timeMs > timesMs[timesMs.length - 1]))) {
        this.fail(RuleCode.BadReward, e.range, 'reward times must be ≥ 0 and increasing');
      }
      const v = this.expression(e.value);
      if (v.ty.k !== 'scalar' || v.ty.value === undefined) this.fail(RuleCode.BadReward, e.value.range, 'a reward value must be an integer known when the rule is compiled');
      timesMs.push(e.timeMs);
      values.push(v.ty.value);
    }
    this.reward = { timesMs, values };
  }

  private resetStatement(what: RuleName, range: Range, text: string): void {
    if (what.text !== 'correlation' && what.text !== 'spikes') this.fail(RuleCode.UnknownName, what.range, `'reset ${what.text}': a rule resets 'correlation' (the row's sensors) or 'spikes' (the neurons' counters)`);
    const section: Section = what.text === 'correlation' ? 'rows' : 'neurons';
    if (this.section !== section) {
      this.fail(RuleCode.WrongSection, range, what.text === 'correlation'
        ? '`reset correlation` resets the sensors of a synapse row: write it outside `neurons { }`'
        : '`reset spikes` resets the neurons\' spike counters once per period: write it inside `neurons { }`');
    }
    this.beginStatement(range, text);
    this.emit({ op: 'reset', stmt: this.stmt, what: what.text });
  }

  private forStatement(s: Extract<RuleStatement, { kind: 'for' }>): void {
    this.checkNewName(s.variable);
    const from = this.expression(s.from);
    const to = this.expression(s.to);
    for (const [v, e] of [[from, s.from], [to, s.to]] as const) {
      if (v.ty.k !== 'scalar' || v.ty.value === undefined) this.fail(RuleCode.LoopBound, e.range, 'loop bounds must be scalars known when the rule is compiled');
    }
    const a = (from.ty as { value: number }).value, b = (to.ty as { value: number }).value;
    const count = Math.max(0, b - a);
    if (count > PPU_MAX_LOOP_ITERATIONS || this.loopIterations * count > MAX_NESTED_ITERATIONS) {
      this.fail(RuleCode.LoopBound, s.headerRange, `this loop runs ${count} times${this.loopIterations > 1 ? ` inside loops of ${this.loopIterations}` : ''}; a loop may run at most ${PPU_MAX_LOOP_ITERATIONS} times and nested loops ${MAX_NESTED_ITERATIONS} in all`);
    }
    this.beginStatement(s.headerRange, s.text);
    const header = this.stmt;
    const counter = this.sAlloc();
    this.emit({ op: 'sconst', stmt: header, dst: counter, value: a });
    const start = this.code.length;
    this.emit({ op: 'loop', stmt: header, counter, limit: b, end: -1 });
    this.locals.set(s.variable.text, { ty: { k: 'scalar' }, reg: counter, section: this.section, kind: 'loop' });
    this.variables.push({ name: s.variable.text, kind: 'scalar', register: counter });
    const saved = this.loopIterations;
    this.loopIterations *= Math.max(1, count);
    for (const inner of s.body) this.statement(inner, false);
    this.loopIterations = saved;
    this.locals.delete(s.variable.text);
    const code = this.code;
    code.push({ op: 'next', stmt: header, counter, start });
    const head = code[start];
    if (head.op === 'loop') head.end = code.length;
  }

  private assignStatement(target: RuleName, valueExpr: RuleExpression, range: Range, text: string): void {
    const name = target.text;
    const builtin = RULE_VALUES[name];
    this.beginStatement(range, text);
    if (builtin) {
      if (builtin.writable.length === 0) {
        this.fail(RuleCode.ReadOnly, target.range, `'${name}' is read-only: ${builtin.description}; a rule writes weight, label and offset`);
      }
      if (!builtin.writable.includes(this.section)) {
        this.fail(RuleCode.WrongSection, target.range, name === 'offset'
          ? "'offset' is a neuron parameter: set it inside `neurons { }`, which runs once per period"
          : `'${name}' belongs to a synapse row: write it outside \`neurons { }\``);
      }
      const w = builtin.width!;
      let v = this.expression(valueExpr);
      if (v.ty.k === 'scalar') v = this.splat(v, w, valueExpr.range);
      if (v.ty.k === 'mask') this.fail(RuleCode.VectorScalar, valueExpr.range, `a mask cannot be stored to '${name}'; select values with where(mask, a, b)`);
      const ty = v.ty as Extract<Ty, { k: 'vector' }>;
      if (ty.w !== w) this.fail(RuleCode.WidthMismatch, valueExpr.range, `'${name}' has ${w}-bit lanes but the value has ${ty.w}-bit lanes; convert with ${w === 8 ? 'narrow' : 'wide'}(...)`);
      if ((name === 'weight' || name === 'label') && (ty.lo < WEIGHT_MIN || ty.hi > WEIGHT_MAX)) {
        this.report(RuleCode.StoreMayWrap, valueExpr.range, `the value stored to '${name}' may lie outside 0..63 (${ty.lo}..${ty.hi}); the synapse keeps only the low 6 bits. Bound it with clamp(..., 0, 63)`);
      }
      this.emit({ op: 'vstore', stmt: this.stmt, src: v.reg, target: name as 'weight' | 'label' | 'offset', width: w });
      this.release(v);
      return;
    }
    if (this.constants.has(name)) this.fail(RuleCode.ReadOnly, target.range, `'${name}' is a constant; it cannot be assigned`);
    if (RULE_FUNCTIONS[name] || (RULE_KEYWORDS as readonly string[]).includes(name)) this.fail(RuleCode.Redefined, target.range, `'${name}' is a word of the rule language; choose another name`);
    const existing = this.locals.get(name);
    if (existing?.kind === 'loop') this.fail(RuleCode.ReadOnly, target.range, `'${name}' is the loop's variable; it cannot be assigned`);
    if (existing && existing.section !== this.section) {
      this.fail(RuleCode.WrongSection, target.range, `'${name}' was defined inside \`neurons { }\`; the per-row part can read it but not assign it`);
    }
    let v = this.expression(valueExpr);
    if (existing) {
      if (existing.ty.k === 'vector' && v.ty.k === 'scalar') v = this.splat(v, existing.ty.w, valueExpr.range);
      if (v.ty.k !== existing.ty.k || ('w' in v.ty && 'w' in existing.ty && v.ty.w !== existing.ty.w)) {
        this.fail(v.ty.k === existing.ty.k ? RuleCode.WidthMismatch : RuleCode.Redefined, valueExpr.range, `'${name}' holds ${describe(existing.ty)}, the new value is ${describe(v.ty)}; use a new name`);
      }
      if (v.ty.k === 'scalar') {
        const reg = this.materialize(v);
        this.emit({ op: 'sbin', stmt: this.stmt, fn: 'add', dst: existing.reg, a: reg.reg, b: this.zeroScalar() });
        this.release(reg);
      } else {
        this.emit({ op: 'vun', stmt: this.stmt, fn: 'mov', dst: existing.reg, a: v.reg, width: (v.ty as { w: PpuWidth }).w });
        this.release(v);
        if (existing.ty.k === 'vector' && v.ty.k === 'vector') existing.ty = { ...existing.ty, lo: Math.min(existing.ty.lo, v.ty.lo), hi: Math.max(existing.ty.hi, v.ty.hi) };
      }
      // A value assigned inside a loop may differ on the next iteration: widen its interval to the lane range.
      if (this.loopIterations > 1 && existing.ty.k === 'vector') existing.ty = { ...existing.ty, lo: LANE_MIN(existing.ty.w), hi: LANE_MAX(existing.ty.w) };
      return;
    }
    // A new variable takes the value's register when it is a temporary.
    let reg: number;
    if (v.ty.k === 'scalar') {
      const m = this.materialize(v);
      if (m.temp) reg = m.reg;
      else {
        reg = this.sAlloc();
        this.emit({ op: 'sbin', stmt: this.stmt, fn: 'add', dst: reg, a: m.reg, b: this.zeroScalar() });
      }
      this.locals.set(name, { ty: { k: 'scalar' }, reg, section: this.section, kind: 'variable' });
      this.variables.push({ name, kind: 'scalar', register: reg });
      return;
    }
    if (v.temp) reg = v.reg;
    else {
      reg = this.vAlloc(valueExpr.range);
      this.emit({ op: 'vun', stmt: this.stmt, fn: 'mov', dst: reg, a: v.reg, width: v.ty.w });
    }
    this.locals.set(name, { ty: v.ty, reg, section: this.section, kind: 'variable' });
    this.variables.push({ name, kind: v.ty.k, width: v.ty.w, register: reg });
  }

  private checkNewName(name: RuleName): void {
    const n = name.text;
    if (RULE_VALUES[n] || RULE_FUNCTIONS[n] || (RULE_KEYWORDS as readonly string[]).includes(n) || this.constants.has(n) || this.locals.has(n)) {
      this.fail(RuleCode.Redefined, name.range, `'${n}' is already ${RULE_VALUES[n] ? 'a value of the plasticity processor' : RULE_FUNCTIONS[n] ? 'a function' : this.constants.has(n) ? 'a constant' : this.locals.has(n) ? 'a variable' : 'a word of the rule language'}; choose another name`);
    }
  }

  // ---- registers -------------------------------------------------------------------------------------------

  private vAlloc(range: Range): number {
    const r = this.vUsed.indexOf(false);
    if (r < 0) this.fail(RuleCode.TooManyRegisters, range, `the vector unit has ${PPU.vectorRegisters} registers and this needs one more: the rule keeps too many vector values at once`);
    this.vUsed[r] = true;
    this.vMax = Math.max(this.vMax, r + 1);
    return r;
  }

  private sAlloc(): number {
    const r = this.sFree.pop() ?? this.sNext++;
    if (r >= PPU_MAX_SCALAR_REGISTERS) this.fail(RuleCode.TooManyRegisters, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'the rule needs too many scalar values');
    return r;
  }

  private zeroReg = -1;
  /** A register that holds 0 (set at the start of both code sections, see result()). */
  private zeroScalar(): number {
    if (this.zeroReg < 0) this.zeroReg = this.sAlloc();
    return this.zeroReg;
  }

  /** Recomputes loop targets from the instruction positions (after an instruction was inserted in front). */
  private fixLoops(code: PpuInstruction[]): void {
    const stack: number[] = [];
    code.forEach((ins, i) => {
      if (ins.op === 'loop') stack.push(i);
      else if (ins.op === 'next') {
        const start = stack.pop()!;
        ins.start = start;
        const head = code[start];
        if (head.op === 'loop') head.end = i + 1;
      }
    });
  }

  private release(v: Val): void {
    if (!v.temp || v.reg < 0) return;
    if (v.ty.k === 'scalar') this.sFree.push(v.reg);
    else this.vUsed[v.reg] = false;
  }

  private freeAllTemps(): void {
    const keep = new Set([...this.locals.values()].filter((l) => l.ty.k !== 'scalar').map((l) => l.reg));
    for (let r = 0; r < this.vUsed.length; r++) this.vUsed[r] = keep.has(r);
  }

  /** A scalar value in a register. */
  private materialize(v: Val): Val {
    if (v.reg >= 0) return v;
    const reg = this.sAlloc();
    this.emit({ op: 'sconst', stmt: this.stmt, dst: reg, value: (v.ty as { value: number }).value });
    return { ty: { k: 'scalar' }, reg, temp: true };
  }

  /** A scalar broadcast to the lanes of width w (a known value must fit them). */
  private splat(v: Val, w: PpuWidth, range: Range): Val {
    const known = (v.ty as { value?: number }).value;
    if (known !== undefined && (known < LANE_MIN(w) || known > LANE_MAX(w))) {
      this.fail(RuleCode.ConstantRange, range, `${known} does not fit ${w}-bit lanes (${LANE_MIN(w)}..${LANE_MAX(w)})${w === 8 ? '; use 16-bit lanes (wide(...)) for larger values' : ''}`);
    }
    const s = this.materialize(v);
    const dst = this.vAlloc(range);
    this.emit({ op: 'vsplat', stmt: this.stmt, dst, src: s.reg, width: w });
    this.release(s);
    return { ty: { k: 'vector', w, lo: known ?? LANE_MIN(w), hi: known ?? LANE_MAX(w) }, reg: dst, temp: true };
  }

  // ---- expressions -----------------------------------------------------------------------------------------

  private expression(e: RuleExpression): Val {
    switch (e.kind) {
      case 'number': {
        if (!Number.isInteger(e.value)) this.fail(RuleCode.ConstantRange, e.range, `${e.text}: numbers in rules are integers (fractions only as a factor of a vector multiplication, like dw * 0.25)`);
        if (e.value > INT32_MAX) this.fail(RuleCode.ConstantRange, e.range, `${e.text} does not fit a 32-bit scalar`);
        return { ty: { k: 'scalar', value: e.value }, reg: -1, temp: false };
      }
      case 'name': return this.name(e.name);
      case 'call': return this.call(e);
      case 'unary': return this.unary(e);
      case 'binary': return this.binary(e);
    }
  }

  private name(n: RuleName): Val {
    const local = this.locals.get(n.text);
    if (local) {
      if (local.section === 'rows' && this.section === 'neurons') this.fail(RuleCode.WrongSection, n.range, `'${n.text}' is computed per synapse row; \`neurons { }\` runs before the rows and cannot read it`);
      return { ty: local.ty, reg: local.reg, temp: false };
    }
    const c = this.constants.get(n.text);
    if (c !== undefined) return { ty: { k: 'scalar', value: c }, reg: -1, temp: false };
    const b = RULE_VALUES[n.text];
    if (b) {
      if (!b.sections.includes(this.section)) {
        this.fail(RuleCode.WrongSection, n.range, this.section === 'neurons'
          ? `'${n.text}' belongs to a synapse row; \`neurons { }\` runs once per period over the neurons and cannot read it`
          : `'${n.text}' is only available inside \`neurons { }\``);
      }
      if (b.kind === 'scalar') {
        const dst = this.sAlloc();
        this.emit({ op: 'sread', stmt: this.stmt, dst, source: n.text as 'row' | 'time' | 'period' | 'reward' });
        return { ty: { k: 'scalar' }, reg: dst, temp: true };
      }
      const dst = this.vAlloc(n.range);
      this.emit({ op: 'vload', stmt: this.stmt, dst, source: n.text as PpuVectorSource, width: b.width! });
      return { ty: { k: 'vector', w: b.width!, lo: b.lo!, hi: b.hi! }, reg: dst, temp: true };
    }
    if (RULE_FUNCTIONS[n.text]) this.fail(RuleCode.BadArguments, n.range, `'${n.text}' is a function: ${RULE_FUNCTIONS[n.text].description}`);
    const known = [...Object.keys(RULE_VALUES), ...this.constants.keys(), ...this.locals.keys()];
    const close = known.find((k) => editDistance(k, n.text) <= Math.max(1, Math.floor(k.length / 3)));
    this.fail(RuleCode.UnknownName, n.range, `unknown name '${n.text}'${close ? `; did you mean '${close}'?` : ''} (a rule reads ${Object.keys(RULE_VALUES).join(', ')}, its constants and its variables)`);
  }

  private call(e: Extract<RuleExpression, { kind: 'call' }>): Val {
    const f = RULE_FUNCTIONS[e.callee.text];
    if (!f) {
      if (RULE_VALUES[e.callee.text]) this.fail(RuleCode.BadArguments, e.callee.range, `'${e.callee.text}' is a value, not a function`);
      this.fail(RuleCode.UnknownName, e.callee.range, `unknown function '${e.callee.text}' (functions: ${Object.keys(RULE_FUNCTIONS).join(', ')})`);
    }
    if (e.args.length !== f.args) this.fail(RuleCode.BadArguments, e.range, `${e.callee.text} takes ${f.args} argument${f.args === 1 ? '' : 's'}, found ${e.args.length}: ${f.description}`);
    switch (e.callee.text) {
      case 'clamp': {
        const lo = this.combine('max', e.args[0], e.args[1], e.range);
        return this.combineVal('min', lo, this.expression(e.args[2]), e.args[2].range, e.range);
      }
      case 'min':
      case 'max':
        return this.combine(e.callee.text, e.args[0], e.args[1], e.range);
      case 'abs': {
        const v = this.expression(e.args[0]);
        if (v.ty.k === 'scalar') {
          if (v.ty.value !== undefined) return { ty: { k: 'scalar', value: Math.abs(v.ty.value) }, reg: -1, temp: false };
          const neg = this.sAlloc();
          this.emit({ op: 'sneg', stmt: this.stmt, dst: neg, a: v.reg });
          const dst = this.sAlloc();
          this.emit({ op: 'sbin', stmt: this.stmt, fn: 'max', dst, a: v.reg, b: neg });
          this.release(v);
          this.sFree.push(neg);
          return { ty: { k: 'scalar' }, reg: dst, temp: true };
        }
        const ty = this.requireVector(v, e.args[0].range, 'abs');
        const dst = this.resultReg(v, e.range);
        this.emit({ op: 'vun', stmt: this.stmt, fn: 'abs', dst, a: v.reg, width: ty.w });
        const lo = ty.lo <= 0 && ty.hi >= 0 ? 0 : Math.min(Math.abs(ty.lo), Math.abs(ty.hi));
        return { ty: { k: 'vector', w: ty.w, lo, hi: Math.min(LANE_MAX(ty.w), Math.max(Math.abs(ty.lo), Math.abs(ty.hi))) }, reg: dst, temp: true };
      }
      case 'wide':
      case 'narrow': {
        const v = this.expression(e.args[0]);
        const ty = this.requireVector(v, e.args[0].range, e.callee.text);
        const from: PpuWidth = e.callee.text === 'wide' ? 8 : 16;
        if (ty.w !== from) this.fail(RuleCode.WidthMismatch, e.args[0].range, `${e.callee.text} takes ${from}-bit lanes; this value already has ${ty.w}-bit lanes`);
        const w: PpuWidth = from === 8 ? 16 : 8;
        const dst = this.resultReg(v, e.range);
        this.emit({ op: 'vun', stmt: this.stmt, fn: e.callee.text === 'wide' ? 'widen' : 'narrow', dst, a: v.reg, width: w });
        return { ty: { k: 'vector', w, lo: clampTo(ty.lo, w), hi: clampTo(ty.hi, w) }, reg: dst, temp: true };
      }
      case 'where': {
        let m = this.expression(e.args[0]);
        let a = this.expression(e.args[1]);
        let b = this.expression(e.args[2]);
        const w = a.ty.k === 'vector' ? a.ty.w : b.ty.k === 'vector' ? b.ty.w : m.ty.k === 'mask' ? m.ty.w : undefined;
        if (w === undefined) {
          // All scalars: select on the scalar core.
          if (m.ty.k !== 'scalar' || a.ty.k !== 'scalar' || b.ty.k !== 'scalar') this.fail(RuleCode.VectorScalar, e.range, 'where(mask, a, b) needs a mask and values of the same kind');
          return this.scalarWhere(m, a, b);
        }
        if (m.ty.k === 'scalar') m = this.scalarMask(m, w, e.args[0].range);
        if (m.ty.k !== 'mask') this.fail(RuleCode.VectorScalar, e.args[0].range, "where's first argument must be a mask: a comparison like `causal > acausal`");
        if (m.ty.w !== w) this.fail(RuleCode.WidthMismatch, e.args[0].range, `the mask has ${m.ty.w}-bit lanes, the values ${w}-bit lanes`);
        if (a.ty.k === 'scalar') a = this.splat(a, w, e.args[1].range);
        if (b.ty.k === 'scalar') b = this.splat(b, w, e.args[2].range);
        const ta = this.requireVector(a, e.args[1].range, 'where');
        const tb = this.requireVector(b, e.args[2].range, 'where');
        if (ta.w !== tb.w) this.fail(RuleCode.WidthMismatch, e.range, `where's values have ${ta.w}-bit and ${tb.w}-bit lanes; convert one with wide(...) or narrow(...)`);
        const dst = this.resultReg(a, e.range, b, m);
        this.emit({ op: 'vsel', stmt: this.stmt, dst, mask: m.reg, a: a.reg, b: b.reg, width: w });
        return { ty: { k: 'vector', w, lo: Math.min(ta.lo, tb.lo), hi: Math.max(ta.hi, tb.hi) }, reg: dst, temp: true };
      }
    }
    this.fail(RuleCode.UnknownName, e.callee.range, `unknown function '${e.callee.text}'`);
  }

  private scalarWhere(m: Val, a: Val, b: Val): Val {
    const mv = (m.ty as { value?: number }).value;
    if (mv !== undefined) return mv !== 0 ? a : b;
    // m ? a : b = b + (a - b) * (m != 0)
    const ma = this.materialize(a), mb = this.materialize(b);
    const flag = this.sAlloc();
    this.emit({ op: 'sbin', stmt: this.stmt, fn: 'ne', dst: flag, a: m.reg, b: this.zeroScalar() });
    const diff = this.sAlloc();
    this.emit({ op: 'sbin', stmt: this.stmt, fn: 'sub', dst: diff, a: ma.reg, b: mb.reg });
    this.emit({ op: 'sbin', stmt: this.stmt, fn: 'mul', dst: diff, a: diff, b: flag });
    const dst = this.sAlloc();
    this.emit({ op: 'sbin', stmt: this.stmt, fn: 'add', dst, a: mb.reg, b: diff });
    for (const v of [m, ma, mb]) this.release(v);
    this.sFree.push(flag, diff);
    return { ty: { k: 'scalar' }, reg: dst, temp: true };
  }

  /** A scalar condition as a mask of width w: every lane -1 when it is non-zero, else 0. */
  private scalarMask(m: Val, w: PpuWidth, range: Range): Val {
    const s = this.materialize(m);
    const flag = this.sAlloc();
    this.emit({ op: 'sbin', stmt: this.stmt, fn: 'ne', dst: flag, a: s.reg, b: this.zeroScalar() });
    this.emit({ op: 'sneg', stmt: this.stmt, dst: flag, a: flag });
    this.release(s);
    const dst = this.vAlloc(range);
    this.emit({ op: 'vsplat', stmt: this.stmt, dst, src: flag, width: w });
    this.sFree.push(flag);
    return { ty: { k: 'mask', w }, reg: dst, temp: true };
  }

  private requireVector(v: Val, range: Range, what: string): Extract<Ty, { k: 'vector' }> {
    if (v.ty.k === 'mask') this.fail(RuleCode.VectorScalar, range, `${what} takes values, not a mask; select with where(mask, a, b)`);
    if (v.ty.k !== 'vector') this.fail(RuleCode.VectorScalar, range, `${what} needs a vector here`);
    return v.ty;
  }

  /** The register for a result: a temporary operand's, else a new one. Frees the other temporaries. */
  private resultReg(first: Val, range: Range, ...others: Val[]): number {
    let reg = -1;
    for (const v of [first, ...others]) {
      if (v.temp && v.ty.k !== 'scalar' && reg < 0) reg = v.reg;
      else this.release(v);
    }
    return reg >= 0 ? reg : this.vAlloc(range);
  }

  private unary(e: Extract<RuleExpression, { kind: 'unary' }>): Val {
    const v = this.expression(e.operand);
    if (e.op === 'not') {
      if (v.ty.k === 'scalar') return this.scalarOp('eq', v, { ty: { k: 'scalar', value: 0 }, reg: -1, temp: false }, e.range);
      if (v.ty.k !== 'mask') this.fail(RuleCode.VectorScalar, e.operand.range, "'not' takes a mask (a comparison of vectors)");
      const dst = this.resultReg(v, e.range);
      this.emit({ op: 'vun', stmt: this.stmt, fn: 'not', dst, a: v.reg, width: v.ty.w });
      return { ty: v.ty, reg: dst, temp: true };
    }
    if (v.ty.k === 'scalar') {
      if (v.ty.value !== undefined) return { ty: { k: 'scalar', value: e.op === '-' ? -v.ty.value : ~v.ty.value }, reg: -1, temp: false };
      const dst = this.sAlloc();
      if (e.op === '-') this.emit({ op: 'sneg', stmt: this.stmt, dst, a: v.reg });
      else {
        const ones = this.materialize({ ty: { k: 'scalar', value: -1 }, reg: -1, temp: false });
        this.emit({ op: 'sbin', stmt: this.stmt, fn: 'xor', dst, a: v.reg, b: ones.reg });
        this.release(ones);
      }
      this.release(v);
      return { ty: { k: 'scalar' }, reg: dst, temp: true };
    }
    const ty = this.requireVector(v, e.operand.range, `'${e.op}'`);
    const dst = this.resultReg(v, e.range);
    this.emit({ op: 'vun', stmt: this.stmt, fn: e.op === '-' ? 'neg' : 'not', dst, a: v.reg, width: ty.w });
    return e.op === '-'
      ? { ty: { k: 'vector', w: ty.w, lo: clampTo(-ty.hi, ty.w), hi: clampTo(-ty.lo, ty.w) }, reg: dst, temp: true }
      : { ty: { k: 'vector', w: ty.w, lo: LANE_MIN(ty.w), hi: LANE_MAX(ty.w) }, reg: dst, temp: true };
  }

  private combine(fn: 'min' | 'max', a: RuleExpression, b: RuleExpression, range: Range): Val {
    const va = this.expression(a);
    return this.combineVal(fn, va, this.expression(b), b.range, range);
  }

  private combineVal(fn: 'min' | 'max', va: Val, vb: Val, bRange: Range, range: Range): Val {
    return this.arith(fn, va, vb, range, bRange);
  }

  private binary(e: Extract<RuleExpression, { kind: 'binary' }>): Val {
    const a = this.expression(e.left);
    // A fractional literal is a factor of a fractional vector multiplication (Q7 / Q15).
    if (e.op === '*' && e.right.kind === 'number' && !Number.isInteger(e.right.value) && a.ty.k === 'vector') {
      return this.fractionalFactor(a, e.right.value, e.right.range, e.range);
    }
    if (e.op === '*' && e.left.kind === 'number' && !Number.isInteger(e.left.value)) {
      this.fail(RuleCode.ConstantRange, e.left.range, 'write the fractional factor after the vector: x * 0.25');
    }
    const b = this.expression(e.right);
    const map: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '<<': 'shl', '>>': 'shr', '&': 'and', '|': 'or', '^': 'xor', and: 'and', or: 'or', '<': 'lt', '>': 'gt', '<=': 'le', '>=': 'ge', '==': 'eq', '!=': 'ne' };
    const fn = map[e.op];
    if (e.op === 'and' || e.op === 'or') {
      if (a.ty.k === 'scalar' && b.ty.k === 'scalar') {
        const fa = this.scalarOp('ne', a, { ty: { k: 'scalar', value: 0 }, reg: -1, temp: false }, e.range);
        const fb = this.scalarOp('ne', b, { ty: { k: 'scalar', value: 0 }, reg: -1, temp: false }, e.range);
        return this.scalarOp(fn, fa, fb, e.range);
      }
      if (a.ty.k !== 'mask' || b.ty.k !== 'mask') this.fail(RuleCode.VectorScalar, a.ty.k !== 'mask' ? e.left.range : e.right.range, `'${e.op}' combines masks (comparisons of vectors)`);
      if (a.ty.w !== b.ty.w) this.fail(RuleCode.WidthMismatch, e.range, `'${e.op}' combines a ${a.ty.w}-bit and a ${b.ty.w}-bit mask`);
      const dst = this.resultReg(a, e.range, b);
      this.emit({ op: 'vbin', stmt: this.stmt, fn: fn as 'and' | 'or', dst, a: a.reg, b: b.reg, width: a.ty.w });
      return { ty: a.ty, reg: dst, temp: true };
    }
    if (['lt', 'gt', 'le', 'ge', 'eq', 'ne'].includes(fn)) return this.compare(fn as 'lt', a, b, e);
    return this.arith(fn, a, b, e.range, e.right.range, e.left.range, e.opRange);
  }

  private fractionalFactor(a: Val, factor: number, factorRange: Range, range: Range): Val {
    const ty = a.ty as Extract<Ty, { k: 'vector' }>;
    const scale = 2 ** (ty.w - 1);
    if (!(factor >= -1 && factor < 1)) this.fail(RuleCode.ConstantRange, factorRange, `a fractional factor must lie in -1 ≤ f < 1 (the vector unit multiplies ${ty.w}-bit fractions); use shifts for larger scaling`);
    const q = Math.round(factor * scale);
    return this.arith('mul', a, { ty: { k: 'scalar', value: Math.min(scale - 1, q) }, reg: -1, temp: false }, range, factorRange);
  }

  private scalarOp(fn: string, a: Val, b: Val, range: Range): Val {
    const x = (a.ty as { value?: number }).value, y = (b.ty as { value?: number }).value;
    if (x !== undefined && y !== undefined) {
      if ((fn === 'div' || fn === 'mod') && y === 0) this.fail(RuleCode.ConstantRange, range, 'division by zero');
      return { ty: { k: 'scalar', value: scalarFold(fn, x, y) }, reg: -1, temp: false };
    }
    const ma = this.materialize(a), mb = this.materialize(b);
    const dst = this.sAlloc();
    this.emit({ op: 'sbin', stmt: this.stmt, fn: fn as 'add', dst, a: ma.reg, b: mb.reg });
    this.release(ma);
    this.release(mb);
    return { ty: { k: 'scalar' }, reg: dst, temp: true };
  }

  private compare(fn: 'lt' | 'gt' | 'le' | 'ge' | 'eq' | 'ne', a: Val, b: Val, e: Extract<RuleExpression, { kind: 'binary' }>): Val {
    if (a.ty.k === 'scalar' && b.ty.k === 'scalar') return this.scalarOp(fn, a, b, e.range);
    if (a.ty.k === 'mask' || b.ty.k === 'mask') this.fail(RuleCode.VectorScalar, a.ty.k === 'mask' ? e.left.range : e.right.range, 'a mask cannot be compared; combine masks with and, or, not');
    const w = (a.ty.k === 'vector' ? a.ty.w : (b.ty as { w: PpuWidth }).w);
    if (a.ty.k === 'scalar') a = this.splat(a, w, e.left.range);
    if (b.ty.k === 'scalar') b = this.splat(b, w, e.right.range);
    const ta = a.ty as Extract<Ty, { k: 'vector' }>, tb = b.ty as Extract<Ty, { k: 'vector' }>;
    if (ta.w !== tb.w) this.fail(RuleCode.WidthMismatch, e.opRange, `comparing ${ta.w}-bit with ${tb.w}-bit lanes; convert one with wide(...) or narrow(...)`);
    const dst = this.resultReg(a, e.range, b);
    this.emit({ op: 'vcmp', stmt: this.stmt, fn, dst, a: a.reg, b: b.reg, width: w });
    return { ty: { k: 'mask', w }, reg: dst, temp: true };
  }

  private arith(fn: string, a: Val, b: Val, range: Range, bRange: Range, aRange: Range = range, opRange: Range = range): Val {
    if (a.ty.k === 'mask' || b.ty.k === 'mask') this.fail(RuleCode.VectorScalar, a.ty.k === 'mask' ? aRange : bRange, 'a mask is not a number; select values with where(mask, a, b)');
    if (a.ty.k === 'scalar' && b.ty.k === 'scalar') return this.scalarOp(fn, a, b, range);
    const w = a.ty.k === 'vector' ? a.ty.w : (b.ty as { w: PpuWidth }).w;
    if (fn === 'div' || fn === 'mod') this.fail(RuleCode.VectorScalar, opRange, 'the vector unit has no division; divide by powers of two with >>, or multiply by a fraction (x * 0.25)');
    if (fn === 'shl' || fn === 'shr') {
      if (a.ty.k !== 'vector') this.fail(RuleCode.VectorScalar, aRange, 'only a vector can be shifted by a scalar here');
      const amount = (b.ty as { value?: number }).value;
      if (b.ty.k !== 'scalar' || amount === undefined) this.fail(RuleCode.VectorScalar, bRange, 'the shift amount of a vector must be a scalar known when the rule is compiled');
      if (amount < 0 || amount >= w) this.fail(RuleCode.ConstantRange, bRange, `a ${w}-bit lane can be shifted by 0..${w - 1}, not ${amount}`);
      const ty = a.ty;
      const dst = this.resultReg(a, range);
      this.emit({ op: 'vshift', stmt: this.stmt, fn, dst, a: a.reg, amount, width: w });
      const shifted = fn === 'shr'
        ? { lo: ty.lo >> amount, hi: ty.hi >> amount }
        : ty.lo * 2 ** amount >= LANE_MIN(w) && ty.hi * 2 ** amount <= LANE_MAX(w) ? { lo: ty.lo * 2 ** amount, hi: ty.hi * 2 ** amount } : { lo: LANE_MIN(w), hi: LANE_MAX(w) };
      return { ty: { k: 'vector', w, ...shifted }, reg: dst, temp: true };
    }
    if (a.ty.k === 'scalar') a = this.splat(a, w, aRange);
    if (b.ty.k === 'scalar') b = this.splat(b, w, bRange);
    const ta = a.ty as Extract<Ty, { k: 'vector' }>, tb = b.ty as Extract<Ty, { k: 'vector' }>;
    if (ta.w !== tb.w) this.fail(RuleCode.WidthMismatch, opRange, `mixing ${ta.w}-bit and ${tb.w}-bit lanes; convert with wide(...) (8 → 16 bits) or narrow(...) (16 → 8 bits, saturating)`);
    const dst = this.resultReg(a, range, b);
    this.emit({ op: 'vbin', stmt: this.stmt, fn: fn as 'add', dst, a: a.reg, b: b.reg, width: w });
    return { ty: { k: 'vector', w, ...intervalOf(fn, ta, tb, w) }, reg: dst, temp: true };
  }
}

function clampTo(x: number, w: PpuWidth): number {
  return Math.min(LANE_MAX(w), Math.max(LANE_MIN(w), x));
}

/** The interval of a binary vector operation's lanes (saturating like the vector unit). */
function intervalOf(fn: string, a: { lo: number; hi: number }, b: { lo: number; hi: number }, w: PpuWidth): { lo: number; hi: number } {
  const full = { lo: LANE_MIN(w), hi: LANE_MAX(w) };
  const c = (x: number) => clampTo(x, w);
  switch (fn) {
    case 'add': return { lo: c(a.lo + b.lo), hi: c(a.hi + b.hi) };
    case 'sub': return { lo: c(a.lo - b.hi), hi: c(a.hi - b.lo) };
    case 'min': return { lo: Math.min(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
    case 'max': return { lo: Math.max(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
    case 'mul': {
      const corners = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map((p) => c(Math.floor((2 * p) / 2 ** w)));
      return { lo: Math.min(...corners), hi: Math.max(...corners) };
    }
    case 'and': return a.lo >= 0 || b.lo >= 0 ? { lo: 0, hi: Math.max(0, Math.min(a.lo >= 0 ? a.hi : LANE_MAX(w), b.lo >= 0 ? b.hi : LANE_MAX(w))) } : full;
    default: return full;
  }
}

function scalarFold(fn: string, x: number, y: number): number {
  const r = (() => {
    switch (fn) {
      case 'add': return x + y;
      case 'sub': return x - y;
      case 'mul': return Math.imul(x, y);
      case 'div': return Math.trunc(x / y);
      case 'mod': return x % y;
      case 'shl': return x << (y & 31);
      case 'shr': return x >> (y & 31);
      case 'and': return x & y;
      case 'or': return x | y;
      case 'xor': return x ^ y;
      case 'min': return Math.min(x, y);
      case 'max': return Math.max(x, y);
      case 'lt': return +(x < y);
      case 'gt': return +(x > y);
      case 'le': return +(x <= y);
      case 'ge': return +(x >= y);
      case 'eq': return +(x === y);
      case 'ne': return +(x !== y);
      default: return 0;
    }
  })();
  return r | 0;
}

function describe(ty: Ty): string {
  return ty.k === 'scalar' ? 'a scalar' : ty.k === 'mask' ? `a ${ty.w}-bit mask` : `a ${ty.w}-bit vector`;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}
