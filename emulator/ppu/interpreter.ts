/**
 * Runs one period of a PPU program (common/chip/ppu.ts): the neuron section once, then the row section for every
 * synapse row, instruction by instruction on the vector unit's semantics (vectorUnit.ts). Bounded: a period may
 * execute at most `budget` instructions, whatever the program says (a configuration is never trusted), and the
 * execution can stop after any statement so that a debugger can show the rule's variables.
 */
import type { PpuInstruction, PpuProgram, PpuScalarSource, PpuVectorSource, PpuVectorTarget, RuleExecutionState } from '../../common/chip/ppu';
import { PPU } from '../../common/chip/limits';
import * as vu from './vectorUnit';

/** Instructions one period of one program may execute (a legal rule needs far fewer: loops are bounded). */
export const PPU_INSTRUCTION_BUDGET = 2_000_000;

/** What the program reads and writes: the emulated chip, through the runtime (runtime.ts). */
export interface PpuMachineIO {
  /** Lane values of `source` for the program's columns; `row` is the index into program.rows (-1: neuron section). */
  load(source: PpuVectorSource, row: number, out: Int32Array): void;
  store(target: PpuVectorTarget, row: number, values: Int32Array): void;
  resetCorrelation(row: number): void;
  resetSpikes(): void;
  scalar(source: Exclude<PpuScalarSource, 'row'>): number;
}

export class PpuBudgetError extends Error {}

export type { RuleExecutionState, RuleVariableValue } from '../../common/chip/ppu';

export class PpuExecution {
  section: 'neurons' | 'rows' | 'done';
  rowIndex = -1;
  pc = 0;
  executed = 0;
  private readonly v: Int32Array[];
  private readonly s: Int32Array;
  private readonly tmp: Int32Array;

  constructor(readonly program: PpuProgram, private readonly io: PpuMachineIO, private readonly budget = PPU_INSTRUCTION_BUDGET) {
    const lanes = program.columns.length;
    this.v = Array.from({ length: PPU.vectorRegisters }, () => new Int32Array(lanes));
    this.s = new Int32Array(Math.max(1, program.scalarRegisters));
    this.tmp = new Int32Array(lanes);
    this.section = 'neurons';
    this.settle();
  }

  private get code(): PpuInstruction[] {
    return this.section === 'neurons' ? this.program.neuronCode : this.program.rowCode;
  }

  /** Moves past finished sections and rows to the next instruction to run (or to 'done'). */
  private settle(): void {
    for (;;) {
      if (this.section === 'done') return;
      if (this.pc < this.code.length) return;
      if (this.section === 'neurons') {
        this.section = 'rows';
        this.rowIndex = 0;
        this.pc = 0;
      } else {
        this.rowIndex++;
        this.pc = 0;
      }
      if (this.section === 'rows' && (this.rowIndex >= this.program.rows.length || this.program.rowCode.length === 0)) {
        this.section = 'done';
        return;
      }
    }
  }

  get done(): boolean {
    return this.section === 'done';
  }

  /** The statement the next instruction belongs to. */
  get statementIndex(): number | undefined {
    return this.section === 'done' ? undefined : this.code[this.pc]?.stmt;
  }

  /** Executes one instruction. */
  step(): void {
    if (this.section === 'done') return;
    if (++this.executed > this.budget) throw new PpuBudgetError(`rule '${this.program.rule}' executed more than ${this.budget} instructions in one period; stopped`);
    const ins = this.code[this.pc];
    this.pc = this.execute(ins, this.pc);
    this.settle();
  }

  /** Runs the rest of the statement under way (all its instructions for the current row). */
  stepStatement(): void {
    const stmt = this.statementIndex;
    const row = this.rowIndex, section = this.section;
    do this.step();
    while (!this.done && this.section === section && this.rowIndex === row && this.statementIndex === stmt);
  }

  run(): void {
    while (this.section !== 'done') this.step();
  }

  private execute(ins: PpuInstruction, pc: number): number {
    const v = this.v, s = this.s;
    switch (ins.op) {
      case 'vload': this.io.load(ins.source, this.section === 'rows' ? this.rowIndex : -1, v[ins.dst]); break;
      case 'vstore': this.io.store(ins.target, this.section === 'rows' ? this.rowIndex : -1, v[ins.src]); break;
      case 'vsplat': v[ins.dst].fill(vu.saturate(s[ins.src], ins.width)); break;
      case 'vbin': vu.binary(ins.fn, v[ins.dst], v[ins.a], v[ins.b], ins.width); break;
      case 'vshift': vu.shift(ins.fn, v[ins.dst], v[ins.a], ins.amount, ins.width); break;
      case 'vun': vu.unary(ins.fn, v[ins.dst], v[ins.a], ins.width); break;
      case 'vcmp': vu.compare(ins.fn, v[ins.dst], v[ins.a], v[ins.b]); break;
      case 'vsel': {
        vu.select(this.tmp, v[ins.mask], v[ins.a], v[ins.b]);
        v[ins.dst].set(this.tmp);
        break;
      }
      case 'sconst': s[ins.dst] = ins.value; break;
      case 'sread': s[ins.dst] = ins.source === 'row' ? this.rowIndex : this.io.scalar(ins.source) | 0; break;
      case 'sbin': s[ins.dst] = scalarOp(ins.fn, s[ins.a], s[ins.b]); break;
      case 'sneg': s[ins.dst] = -s[ins.a] | 0; break;
      case 'reset':
        if (ins.what === 'correlation') { if (this.section === 'rows') this.io.resetCorrelation(this.rowIndex); }
        else this.io.resetSpikes();
        break;
      case 'loop': return s[ins.counter] < ins.limit ? pc + 1 : ins.end;
      case 'next': s[ins.counter] = (s[ins.counter] + 1) | 0; return ins.start;
    }
    return pc + 1;
  }

  state(): RuleExecutionState {
    const index = this.statementIndex;
    const statement = index !== undefined ? this.program.statements[index] : undefined;
    return {
      rule: this.program.rule,
      hemisphere: this.program.hemisphere,
      ...(statement ? { statement: { ...statement, index: index! } } : {}),
      section: this.section,
      rowIndex: this.section === 'rows' ? this.rowIndex : -1,
      ...(this.section === 'rows' ? { synapseRow: this.program.rows[this.rowIndex] } : {}),
      columns: this.program.columns,
      variables: this.program.variables.map((d) => ({
        name: d.name,
        kind: d.kind,
        ...(d.width ? { width: d.width } : {}),
        value: d.kind === 'scalar' ? this.s[d.register] ?? 0 : Array.from(this.v[d.register] ?? []),
      })),
    };
  }
}

function scalarOp(fn: string, a: number, b: number): number {
  switch (fn) {
    case 'add': return (a + b) | 0;
    case 'sub': return (a - b) | 0;
    case 'mul': return Math.imul(a, b);
    case 'div': return b === 0 ? 0 : (a / b) | 0;
    case 'mod': return b === 0 ? 0 : a % b;
    case 'shl': return a << (b & 31);
    case 'shr': return a >> (b & 31);
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'min': return Math.min(a, b);
    case 'max': return Math.max(a, b);
    case 'gt': return +(a > b);
    case 'lt': return +(a < b);
    case 'eq': return +(a === b);
    case 'ne': return +(a !== b);
    case 'ge': return +(a >= b);
    case 'le': return +(a <= b);
    default: return 0;
  }
}
