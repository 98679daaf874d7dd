/**
 * The PPU's execution control: a rule stops before a statement and shows its variables, steps statement by
 * statement, and a program that would not end is stopped by the instruction budget.
 */
import assert from 'node:assert/strict';
import type { PpuProgram } from '../../../common/chip/ppu';
import { PpuBudgetError, PpuExecution, type PpuMachineIO } from '../../../emulator/ppu/interpreter';
import { EmulatorSession } from '../../../emulator/session';
import { analyzeDocument } from '../../../server/analysis';

const TEXT = `experiment dbg { duration = 50 ms, seed = 2 }
population d : Poisson[3] { rate = 50 Hz }
population c : AdEx[2]
projection d -> c { connector = all_to_all, weight = 20 }
plasticity stdp on d -> c every 20 ms {
    dw = causal - acausal
    weight = clamp(weight + dw, 0, 63)
    reset correlation
}
`;

describe('PPU execution control', () => {
  it('stops before a rule statement, reports its variables and steps one statement at a time', () => {
    const a = analyzeDocument(TEXT);
    const session = new EmulatorSession();
    session.load(a.configuration);
    session.setRuleBreakpoints([{ rule: 'stdp', line: 6 }]);
    assert.equal(session.advance(Infinity, Infinity), 'reached');
    const state = session.ruleState()!;
    assert.equal(state.rule, 'stdp');
    assert.equal(state.statement!.text, 'weight = clamp(weight + dw, 0, 63)');
    assert.equal(state.statement!.line, 6);
    assert.equal(state.rowIndex, 0);
    assert.ok(Math.abs(session.status().time_ms - 20) < 0.11, `paused at ${session.status().time_ms} ms`);
    const dw = state.variables.find((v) => v.name === 'dw')!;
    assert.equal((dw.value as number[]).length, 2, 'one lane per post neuron');
    const next = session.stepRule()!;
    assert.equal(next.statement!.text, 'reset correlation');
    assert.equal(next.rowIndex, 0);
    // Continuing stops at the same line of the next row.
    assert.equal(session.advance(Infinity, Infinity), 'reached');
    assert.equal(session.ruleState()!.rowIndex, 1);
    session.setRuleBreakpoints([]);
    session.advance(Infinity, Infinity);
    assert.equal(session.ruleState(), undefined);
    assert.equal(session.state, 'finished');
    assert.equal(session.results().weights.length, 3, 'time 0 and two runs (20 ms, 40 ms)');
  });

  it('stops a program that exceeds its instruction budget', () => {
    const program: PpuProgram = {
      rule: 'spin', projections: [], hemisphere: 0, periodUs: 1, rows: [0], columns: [0], correlationBaselineCadc: 200,
      constants: {}, statements: [{ line: 0, character: 0, endLine: 0, endCharacter: 1, text: 'x', section: 'rows' }], variables: [],
      neuronCode: [],
      // A loop whose counter is reset inside its body: never ends on its own.
      rowCode: [
        { op: 'sconst', stmt: 0, dst: 0, value: 0 },
        { op: 'loop', stmt: 0, counter: 0, limit: 10, end: 4 },
        { op: 'sconst', stmt: 0, dst: 0, value: 0 },
        { op: 'next', stmt: 0, counter: 0, start: 1 },
      ],
      vectorRegisters: 0, scalarRegisters: 1, cost: { cyclesPerPeriod: 0, memoryBytes: 0 },
    };
    const io: PpuMachineIO = { load: () => {}, store: () => {}, resetCorrelation: () => {}, resetSpikes: () => {}, scalar: () => 0 };
    const execution = new PpuExecution(program, io, 10_000);
    assert.throws(() => execution.run(), PpuBudgetError);
    assert.equal(execution.executed, 10_001);
  });
});
