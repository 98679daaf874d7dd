/**
 * A compiled plasticity rule: the vector program one plasticity processor (PPU, one per hemisphere, facts §7) runs
 * once per period, as plain JSON data inside the chip configuration (`ChipConfiguration.ppuPrograms`). The
 * plasticity compiler (server/plasticity/) writes it, the emulator's PPU (emulator/ppu/) runs it.
 *
 * The machine: 32 vector registers of 128 bytes, each instruction working on all lanes of one width (8-bit lanes:
 * 128 per vector; 16-bit lanes: 64), signed saturating fixed-point arithmetic as the `fxv*` instructions
 * ([NUXDOC] fxv.tex; facts §7), and scalar registers of the 32-bit Power core. A vector register holds a value
 * for every column the program touches; the cost model counts how many hardware vectors that takes.
 *
 * Two code sections: `neuronCode` runs once per period over the post-synaptic neuron columns, `rowCode` once per
 * period for every synapse row in `rows`, all columns at once. Every instruction names the source statement it
 * belongs to (`stmt`, an index into `statements`) so that a debugger can step statement by statement.
 */
import type { Hemisphere } from './configuration';

/** Lane width of a vector instruction, bits. */
export type PpuWidth = 8 | 16;

/** Vector values the PPU reads (the synapse array, the correlation sensors' CADC, neuron state, the RNG). */
export const PPU_VECTOR_SOURCES = ['weight', 'label', 'causal', 'acausal', 'spikes', 'v', 'random', 'offset'] as const;
export type PpuVectorSource = (typeof PPU_VECTOR_SOURCES)[number];

/** Vector values the PPU writes. */
export const PPU_VECTOR_TARGETS = ['weight', 'label', 'offset'] as const;
export type PpuVectorTarget = (typeof PPU_VECTOR_TARGETS)[number];

/** Scalar values the runtime provides: the row's index within `rows`, time (ms bio), period (ms bio), reward. */
export const PPU_SCALAR_SOURCES = ['row', 'time', 'period', 'reward'] as const;
export type PpuScalarSource = (typeof PPU_SCALAR_SOURCES)[number];

/** Element-wise binary vector operations (saturating where the hardware saturates, see emulator/ppu/vectorUnit.ts). */
export const PPU_VECTOR_BINARY = ['add', 'sub', 'mul', 'shl', 'shr', 'and', 'or', 'xor', 'min', 'max'] as const;
export type PpuVectorBinary = (typeof PPU_VECTOR_BINARY)[number];

export const PPU_VECTOR_UNARY = ['neg', 'not', 'abs', 'widen', 'narrow', 'mov'] as const;
export type PpuVectorUnary = (typeof PPU_VECTOR_UNARY)[number];

export const PPU_COMPARISONS = ['gt', 'lt', 'eq', 'ne', 'ge', 'le'] as const;
export type PpuComparison = (typeof PPU_COMPARISONS)[number];

/** 32-bit integer operations of the scalar core. */
export const PPU_SCALAR_BINARY = ['add', 'sub', 'mul', 'div', 'mod', 'shl', 'shr', 'and', 'or', 'xor', 'min', 'max', 'gt', 'lt', 'eq', 'ne', 'ge', 'le'] as const;
export type PpuScalarBinary = (typeof PPU_SCALAR_BINARY)[number];

/**
 * One instruction. `v*` fields are vector registers 0..31, `s*` fields scalar registers. Masks live in vector
 * registers as lanes of -1 (true) and 0 (false), the way the `fxvcmp`/`fxvsel` pair materialises a condition.
 */
export type PpuInstruction =
  | { op: 'vload'; stmt: number; dst: number; source: PpuVectorSource; width: PpuWidth }
  | { op: 'vstore'; stmt: number; src: number; target: PpuVectorTarget; width: PpuWidth }
  | { op: 'vsplat'; stmt: number; dst: number; src: number; width: PpuWidth }
  | { op: 'vbin'; stmt: number; fn: PpuVectorBinary; dst: number; a: number; b: number; width: PpuWidth }
  | { op: 'vshift'; stmt: number; fn: 'shl' | 'shr'; dst: number; a: number; amount: number; width: PpuWidth }
  | { op: 'vun'; stmt: number; fn: PpuVectorUnary; dst: number; a: number; width: PpuWidth }
  | { op: 'vcmp'; stmt: number; fn: PpuComparison; dst: number; a: number; b: number; width: PpuWidth }
  | { op: 'vsel'; stmt: number; dst: number; mask: number; a: number; b: number; width: PpuWidth }
  | { op: 'sconst'; stmt: number; dst: number; value: number }
  | { op: 'sread'; stmt: number; dst: number; source: PpuScalarSource }
  | { op: 'sbin'; stmt: number; fn: PpuScalarBinary; dst: number; a: number; b: number }
  | { op: 'sneg'; stmt: number; dst: number; a: number }
  | { op: 'reset'; stmt: number; what: 'correlation' | 'spikes' }
  /** Loop header: runs the instructions up to (excluding) `end` while `counter` < `limit`, then jumps to `end`. */
  | { op: 'loop'; stmt: number; counter: number; limit: number; end: number }
  /** Loop tail: counter += 1, back to the matching `loop` at `start`. */
  | { op: 'next'; stmt: number; counter: number; start: number };

export type PpuOp = PpuInstruction['op'];

/** A statement of the rule's source, in document coordinates (zero-based line and UTF-16 character). */
export interface PpuStatement {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  text: string;
  section: 'neurons' | 'rows';
}

/** A named value of the rule, for the debugger: which register holds it. */
export interface PpuVariable {
  name: string;
  kind: 'vector' | 'mask' | 'scalar';
  width?: PpuWidth;
  register: number;
}

/** A piecewise-constant reward signal the host writes into PPU memory: values[i] from timesUs[i] on (0 before). */
export interface PpuRewardSchedule {
  timesUs: number[];
  values: number[];
}

export interface PpuProgram {
  /** The rule's name in the experiment. */
  rule: string;
  /** Projection names (`pre->post`) whose synapses the program updates. */
  projections: string[];
  hemisphere: Hemisphere;
  /** Period in hardware us; the first run is at one period. */
  periodUs: number;
  /** Synapse rows (of this hemisphere) in the order the program visits them; the scalar `row` is the position. */
  rows: number[];
  /** Neuron columns (of this hemisphere) the program's vectors cover, ascending. */
  columns: number[];
  /** Calibrated post-reset reading of the correlation sensors, CADC LSB; `causal` = baseline - reading. */
  correlationBaselineCadc: number;
  /** The rule's named constants, as written. */
  constants: Record<string, number>;
  reward?: PpuRewardSchedule;
  statements: PpuStatement[];
  variables: PpuVariable[];
  neuronCode: PpuInstruction[];
  rowCode: PpuInstruction[];
  /** Registers the code uses (vector at most 32). */
  vectorRegisters: number;
  scalarRegisters: number;
  /** The cost model's figures, informational (server/plasticity/cost.ts). */
  cost: { cyclesPerPeriod: number; memoryBytes: number };
}

/** A value of a rule, as a debugger shows it. */
export interface RuleVariableValue {
  name: string;
  kind: 'vector' | 'mask' | 'scalar';
  width?: PpuWidth;
  /** A scalar, or one lane per column of the program. */
  value: number | number[];
}

/** A rule stopped before a statement (emulator/ppu/interpreter.ts), for `bss2/emulator/ruleState`. */
export interface RuleExecutionState {
  rule: string;
  hemisphere: number;
  /** The statement about to run (absent once the period is done); line and character are zero-based. */
  statement?: PpuStatement & { index: number };
  section: 'neurons' | 'rows' | 'done';
  /** Index of the synapse row among the program's rows (-1 in the neuron section), and the hardware row. */
  rowIndex: number;
  synapseRow?: number;
  /** Neuron columns of the lanes of every vector value. */
  columns: number[];
  variables: RuleVariableValue[];
}
