/**
 * Runtime check of the PPU programs inside a chip configuration (ppu.ts), reported with JSON paths like the rest
 * of the configuration (validate.ts). A program that passes cannot make the emulator's PPU read a register or a
 * statement that does not exist, loop without bound or jump outside its code.
 */
import { type Check, arrayOf, checkObject, finiteNumber, integer, oneOf, optional, record, string } from '../validation';
import { PPU, TOPOLOGY } from './limits';
import {
  PPU_COMPARISONS,
  PPU_SCALAR_BINARY,
  PPU_SCALAR_SOURCES,
  PPU_VECTOR_BINARY,
  PPU_VECTOR_SOURCES,
  PPU_VECTOR_TARGETS,
  PPU_VECTOR_UNARY,
  type PpuInstruction,
  type PpuProgram,
  type PpuStatement,
  type PpuVariable,
} from './ppu';

/** Scalar registers a program may use (the compiler's limit; the Power core has 32 GPRs, the rest live in memory). */
export const PPU_MAX_SCALAR_REGISTERS = 256;
/** Iterations of one loop (`for` in the rule language). */
export const PPU_MAX_LOOP_ITERATIONS = 256;

const vreg = integer(0, PPU.vectorRegisters - 1);
const sreg = integer(0, PPU_MAX_SCALAR_REGISTERS - 1);
const width = ((v: unknown, path: string) => (v === 8 || v === 16 ? [] : [`${path}: expected 8 or 16, found ${JSON.stringify(v)}`])) as Check<8 | 16>;
const stmt = integer(0);

const shapes: Record<PpuInstruction['op'], Record<string, Check<unknown>>> = {
  vload: { stmt, dst: vreg, source: oneOf(PPU_VECTOR_SOURCES), width },
  vstore: { stmt, src: vreg, target: oneOf(PPU_VECTOR_TARGETS), width },
  vsplat: { stmt, dst: vreg, src: sreg, width },
  vbin: { stmt, fn: oneOf(PPU_VECTOR_BINARY), dst: vreg, a: vreg, b: vreg, width },
  vshift: { stmt, fn: oneOf(['shl', 'shr'] as const), dst: vreg, a: vreg, amount: integer(0, 15), width },
  vun: { stmt, fn: oneOf(PPU_VECTOR_UNARY), dst: vreg, a: vreg, width },
  vcmp: { stmt, fn: oneOf(PPU_COMPARISONS), dst: vreg, a: vreg, b: vreg, width },
  vsel: { stmt, dst: vreg, mask: vreg, a: vreg, b: vreg, width },
  sconst: { stmt, dst: sreg, value: integer(-(2 ** 31), 2 ** 31 - 1) },
  sread: { stmt, dst: sreg, source: oneOf(PPU_SCALAR_SOURCES) },
  sbin: { stmt, fn: oneOf(PPU_SCALAR_BINARY), dst: sreg, a: sreg, b: sreg },
  sneg: { stmt, dst: sreg, a: sreg },
  reset: { stmt, what: oneOf(['correlation', 'spikes'] as const) },
  // The counter starts where the program's `sconst` sets it; the instruction budget bounds a loop whatever its limit.
  loop: { stmt, counter: sreg, limit: integer(-(2 ** 31), 2 ** 31 - 1), end: integer(0) },
  next: { stmt, counter: sreg, start: integer(0) },
};

const checkInstruction: Check<PpuInstruction> = (v, path) => {
  const op = (v as { op?: unknown } | null)?.op;
  if (typeof op !== 'string' || !(op in shapes)) return [`${path}.op: expected one of ${Object.keys(shapes).join(', ')}, found ${JSON.stringify(op)}`];
  return checkObject({ op: string(), ...shapes[op as PpuInstruction['op']] })(v, path);
};

const checkStatement: Check<PpuStatement> = checkObject<PpuStatement>({
  line: integer(0),
  character: integer(0),
  endLine: integer(0),
  endCharacter: integer(0),
  text: string(),
  section: oneOf(['neurons', 'rows'] as const),
});

const checkVariable: Check<PpuVariable> = checkObject<PpuVariable>({
  name: string(),
  kind: oneOf(['vector', 'mask', 'scalar'] as const),
  width: optional(width),
  register: integer(0),
});

const checkProgramShape: Check<PpuProgram> = checkObject<PpuProgram>({
  rule: string(),
  projections: arrayOf(string()),
  hemisphere: integer(0, TOPOLOGY.hemispheres - 1) as Check<0 | 1>,
  periodUs: finiteNumber(Number.MIN_VALUE),
  rows: arrayOf(integer(0, TOPOLOGY.synapseRowsPerHemisphere - 1), 3),
  columns: arrayOf(integer(0, TOPOLOGY.neuronColumns - 1), 3),
  correlationBaselineCadc: integer(0, 255),
  constants: record(finiteNumber()),
  reward: optional(checkObject({ timesUs: arrayOf(finiteNumber(0)), values: arrayOf(integer(-(2 ** 31), 2 ** 31 - 1)) })),
  statements: arrayOf(checkStatement),
  variables: arrayOf(checkVariable),
  neuronCode: arrayOf(checkInstruction),
  rowCode: arrayOf(checkInstruction),
  vectorRegisters: integer(0, PPU.vectorRegisters),
  scalarRegisters: integer(0, PPU_MAX_SCALAR_REGISTERS),
  cost: checkObject({ cyclesPerPeriod: finiteNumber(0), memoryBytes: finiteNumber(0) }),
});

/** Structure plus the cross-references: statement indices, loop targets, sorted columns, reward schedule. */
export const checkPpuProgram: Check<PpuProgram> = (v, path) => {
  const problems = checkProgramShape(v, path);
  if (problems.length > 0) return problems;
  const p = v as PpuProgram;
  for (const [section, code] of [['neuronCode', p.neuronCode], ['rowCode', p.rowCode]] as const) {
    code.forEach((ins, i) => {
      const at = `${path}.${section}[${i}]`;
      if (ins.stmt >= p.statements.length) problems.push(`${at}.stmt: ${ins.stmt} is not an index of statements`);
      if (ins.op === 'loop') {
        const tail = code[ins.end - 1];
        if (!(ins.end > i + 1 && ins.end <= code.length && tail?.op === 'next' && tail.start === i)) problems.push(`${at}.end: ${ins.end} does not follow the loop's 'next'`);
      }
      if (ins.op === 'next') {
        const head = code[ins.start];
        if (!(ins.start < i && head?.op === 'loop' && head.end === i + 1)) problems.push(`${at}.start: ${ins.start} is not the matching 'loop'`);
      }
    });
  }
  for (let i = 1; i < p.columns.length; i++) {
    if (p.columns[i] <= p.columns[i - 1]) {
      problems.push(`${path}.columns[${i}]: columns must be strictly ascending`);
      break;
    }
  }
  if (p.reward) {
    if (p.reward.timesUs.length !== p.reward.values.length) problems.push(`${path}.reward: needs one value per time`);
    for (let i = 1; i < p.reward.timesUs.length; i++) {
      if (!(p.reward.timesUs[i] > p.reward.timesUs[i - 1])) {
        problems.push(`${path}.reward.timesUs[${i}]: times must be strictly increasing`);
        break;
      }
    }
  }
  return problems;
};
