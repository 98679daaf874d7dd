/**
 * Every diagnostic code of the plasticity-rule language (the body of a `plasticity` block) and of the processor
 * model (PPU time and memory), with its documentation. Errors `BSS2-E2xx`, warnings `BSS2-W2xx`.
 */
import type { DiagnosticCodeInfo } from '../language/codeInfo';
import { Severity } from '../language/diagnostic';

export const RuleCode = {
  Syntax: 'BSS2-E201',
  UnknownName: 'BSS2-E202',
  VectorScalar: 'BSS2-E203',
  WidthMismatch: 'BSS2-E204',
  ReadOnly: 'BSS2-E205',
  WrongSection: 'BSS2-E206',
  ConstantRange: 'BSS2-E207',
  LoopBound: 'BSS2-E208',
  TooManyRegisters: 'BSS2-E209',
  MemoryExceeded: 'BSS2-E210',
  BadArguments: 'BSS2-E211',
  BadReward: 'BSS2-E212',
  Redefined: 'BSS2-E213',
  PeriodBudget: 'BSS2-W201',
  StoreMayWrap: 'BSS2-W202',
} as const;

export type RuleCodeValue = (typeof RuleCode)[keyof typeof RuleCode];

function entry(code: string, severity: Severity, title: string, explanation: string, example: string, fix: string): DiagnosticCodeInfo {
  return { code, severity, title, explanation, example, fix };
}

const E = Severity.Error;
const W = Severity.Warning;
const HEAD = 'population d : Poisson[4] { rate = 10 Hz }\npopulation c : AdEx[2]\nprojection d -> c { connector = all_to_all, weight = 10 }\n';

export const PLASTICITY_CODES: readonly DiagnosticCodeInfo[] = [
  entry(RuleCode.Syntax, E, 'rule syntax error',
    'The body of a plasticity rule could not be read: a statement, an expression or a bracket is incomplete or out of place.',
    `${HEAD}plasticity r on d -> c every 10 ms { weight = (weight + 1 }`,
    'Complete the statement; each statement stands on its own line (or is separated by `;`).'),
  entry(RuleCode.UnknownName, E, 'unknown name in a rule',
    'A rule uses a name that is neither one of its own variables or constants nor a value of the plasticity processor (weight, causal, acausal, spikes, v, random, offset, label, row, time, period, reward) nor a function.',
    `${HEAD}plasticity r on d -> c every 10 ms { weight = wieght }`,
    'Correct the spelling, or assign the variable before using it.'),
  entry(RuleCode.VectorScalar, E, 'vector where a scalar is needed, or the reverse',
    'Vector values hold one lane per synapse column; scalars are single 32-bit integers. Loop bounds, shift amounts and constants must be scalars known when the rule is compiled; a mask (a comparison of vectors) only goes into `where`, `and`, `or`, `not`.',
    `${HEAD}plasticity r on d -> c every 10 ms { const k = weight }`,
    'Use a scalar expression, or select with `where(mask, a, b)`.'),
  entry(RuleCode.WidthMismatch, E, '8-bit and 16-bit vectors mixed',
    'The vector unit works either on 128 lanes of 8 bits or on 64 lanes of 16 bits; one operation cannot mix them.',
    `${HEAD}plasticity r on d -> c every 10 ms { weight = weight + v }`,
    'Convert explicitly: `wide(x)` makes 16-bit lanes of 8-bit ones, `narrow(x)` saturates 16-bit lanes to 8 bits.'),
  entry(RuleCode.ReadOnly, E, 'write to a read-only value',
    'Sensor readings (causal, acausal, spikes, v, random) and the runtime scalars (row, time, period, reward) can only be read; a rule writes weights, labels and the neurons\' offset current.',
    `${HEAD}plasticity r on d -> c every 10 ms { causal = 0 }`,
    'Assign to a variable of your own, or to weight, label or offset.'),
  entry(RuleCode.WrongSection, E, 'value not available here',
    'Synapse values (weight, label, causal, acausal, row, `reset correlation`) exist only in the per-row part of a rule; neuron parameters (offset) and `reset spikes` only inside `neurons { }`, which runs once per period.',
    `${HEAD}plasticity r on d -> c every 10 ms { neurons { weight = 0 } }`,
    'Move the statement into or out of the `neurons { }` block.'),
  entry(RuleCode.ConstantRange, E, 'constant does not fit the lanes',
    'A number used with vectors must fit their lanes: -128..127 for 8-bit, -32768..32767 for 16-bit; shift amounts must be below the lane width; numbers in rules are integers.',
    `${HEAD}plasticity r on d -> c every 10 ms { weight = weight + 300 }`,
    'Use a smaller number, or 16-bit lanes (`wide(...)`).'),
  entry(RuleCode.LoopBound, E, 'loop not bounded',
    'A `for` loop needs bounds known when the rule is compiled, and at most 256 iterations (nested loops multiply), so that a rule always ends.',
    `${HEAD}plasticity r on d -> c every 10 ms { for k in 0..1000 { weight = weight } }`,
    'Use constant bounds with fewer iterations.'),
  entry(RuleCode.TooManyRegisters, E, 'too many vector values at once',
    'The vector unit has 32 registers; the rule keeps more vector variables and intermediate results alive at one time.',
    `${HEAD}plasticity r on d -> c every 10 ms { a1 = weight\n a2 = weight\n ...\n a33 = weight }`,
    'Reuse variables, or split the computation.'),
  entry(RuleCode.MemoryExceeded, E, 'plasticity program exceeds PPU memory',
    'The compiled rules of one hemisphere, with the runtime and their data, do not fit the 16 KiB internal memory of its plasticity processor ([HALCO] ppu.h, [LIBNUX] elf32nux.x).',
    `${HEAD}plasticity r on d -> c every 10 ms { for k in 0..256 { for j in 0..16 { weight = weight + 1 } } }`,
    'Shorten the rules or unroll fewer loops; split plastic projections across the two hemispheres.'),
  entry(RuleCode.BadArguments, E, 'wrong arguments',
    'A function of the rule language is called with the wrong number or kind of arguments (clamp(x, lo, hi), min(a, b), max(a, b), abs(x), where(mask, a, b), wide(x), narrow(x)).',
    `${HEAD}plasticity r on d -> c every 10 ms { weight = clamp(weight, 0) }`,
    'Pass the arguments the function takes.'),
  entry(RuleCode.BadReward, E, 'malformed reward schedule',
    'The reward signal is a piecewise-constant schedule `reward = [0 s: 0, 5 s: 1]`: increasing times with a unit (ms or s) and integer values; it may be given once, at the top of a rule.',
    `${HEAD}plasticity r on d -> c every 10 ms { reward = [5 s: 1, 1 s: 0] }`,
    'Write increasing times with units and integer values.'),
  entry(RuleCode.Redefined, E, 'name already defined',
    'A constant or loop variable reuses a name that is already a variable, a constant or a value of the processor, or a variable changes between vector, mask and scalar or between 8 and 16 bits.',
    `${HEAD}plasticity r on d -> c every 10 ms { const weight = 3 }`,
    'Choose another name.'),
  entry(RuleCode.PeriodBudget, W, 'rule slower than its period',
    'The cost model estimates more processor cycles per run of the rule than the period lasts on the chip (the period in biological time / 1000, at 250 MHz), so the hardware would fall behind; the emulator still runs it every period.',
    `${HEAD}plasticity r on d -> c every 0.01 ms { weight = weight }`,
    'Lengthen the period, or simplify the rule.'),
  entry(RuleCode.StoreMayWrap, W, 'stored value may leave the field',
    'A synapse weight or label has 6 bits: storing a lane outside 0..63 keeps only its low 6 bits (the value wraps), as the synapse array does.',
    `${HEAD}plasticity r on d -> c every 10 ms { weight = weight + 1 }`,
    'Bound the value: `weight = clamp(weight + 1, 0, 63)`.'),
];
