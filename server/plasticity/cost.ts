/**
 * The plasticity processor's cost model: cycles per period and program memory of a compiled rule, from the
 * per-class figures in limits.ts `PPU_COST` (estimates, documented there and in docs/plasticity.md).
 *
 * A vector instruction costs its class's cycles once per hardware vector it spans: the program's columns are
 * covered by 128-lane vectors (8-bit) or 64-lane vectors (16-bit), so a full 256-column row takes two 8-bit
 * operations or four 16-bit ones. Loops multiply their body; the row code runs once per synapse row.
 */
import { PPU, PPU_COST, SPEEDUP } from '../../common/chip/limits';
import type { PpuInstruction, PpuWidth } from '../../common/chip/ppu';

export interface PpuCost {
  cyclesPerPeriod: number;
  /** Code + data of this program (the runtime is counted once per hemisphere, see `hemisphereMemory`). */
  memoryBytes: number;
  neuronCycles: number;
  cyclesPerRow: number;
}

/** How many hardware vectors of lane width w cover these columns. */
export function vectorsCovering(columns: readonly number[], w: PpuWidth): number {
  const lanes = (PPU.vectorBytes * 8) / w;
  return new Set(columns.map((c) => Math.floor(c / lanes))).size;
}

function codeCost(code: readonly PpuInstruction[], columns: readonly number[]): { cycles: number; bytes: number } {
  const vectors = { 8: vectorsCovering(columns, 8), 16: vectorsCovering(columns, 16) } as const;
  const neurons = columns.length;
  const C = PPU_COST;
  let bytes = 0;
  // Cycles with loop multipliers: a stack of (iterations, cycles accumulated before the loop).
  const stack: Array<{ iterations: number; outer: number }> = [];
  let cycles = 0;
  const init = new Map<number, number>();
  for (const ins of code) {
    let c = 0;
    let n = 1; // Power instructions
    switch (ins.op) {
      case 'vload': {
        const v = vectors[ins.width];
        n = 2 + v;
        if (ins.source === 'weight' || ins.source === 'label') c = v * C.synapseAccessCycles;
        else if (ins.source === 'causal' || ins.source === 'acausal') c = v * C.correlationReadCycles;
        else if (ins.source === 'v') c = v * C.membraneReadCycles;
        else if (ins.source === 'spikes') { c = neurons * C.counterReadCyclesPerNeuron + v * C.splatCycles; n = 8; }
        else if (ins.source === 'random') c = v * C.randomCycles;
        else c = v * C.synapseAccessCycles; // offset: kept in data memory
        break;
      }
      case 'vstore': {
        const v = vectors[ins.width];
        n = 2 + v;
        c = ins.target === 'offset' ? neurons * C.capmemWriteCyclesPerNeuron + v * C.synapseAccessCycles : v * C.synapseAccessCycles;
        if (ins.target === 'offset') n = 10;
        break;
      }
      case 'vsplat': c = vectors[ins.width] * C.splatCycles; n = 3; break;
      case 'vbin': {
        const v = vectors[ins.width];
        // min/max: compare, then select.
        const per = ins.fn === 'mul' ? C.vectorMulCycles : ins.fn === 'min' || ins.fn === 'max' ? 2 * C.vectorAluCycles : C.vectorAluCycles;
        c = v * per;
        n = v * (ins.fn === 'min' || ins.fn === 'max' ? 2 : 1);
        break;
      }
      case 'vshift':
      case 'vun':
      case 'vsel': {
        const v = vectors[ins.width];
        const per = ins.op === 'vun' && (ins.fn === 'abs' || ins.fn === 'widen' || ins.fn === 'narrow') ? 2 : 1;
        c = v * per * C.vectorAluCycles;
        n = v * per;
        break;
      }
      case 'vcmp': {
        const v = vectors[ins.width];
        c = v * 2 * C.vectorAluCycles; // compare into the condition register, then materialise the mask
        n = v * 2;
        break;
      }
      case 'sconst': init.set(ins.dst, ins.value); c = C.scalarCycles; n = 2; break;
      case 'sread': c = 2 * C.scalarCycles; n = 2; break;
      case 'sbin': c = (ins.fn === 'div' || ins.fn === 'mod' ? 20 : ins.fn === 'mul' ? 4 : 1) * C.scalarCycles; n = ins.fn === 'mod' ? 3 : 1; break;
      case 'sneg': c = C.scalarCycles; break;
      case 'reset':
        if (ins.what === 'correlation') { c = vectors[8] * C.correlationResetCycles; n = 4; }
        else { c = neurons * C.counterResetCyclesPerNeuron; n = 6; }
        break;
      case 'loop': {
        n = 3;
        const iterations = Math.max(0, ins.limit - (init.get(ins.counter) ?? 0));
        stack.push({ iterations, outer: cycles });
        cycles = 0;
        c = 0;
        break;
      }
      case 'next': {
        n = 2;
        const frame = stack.pop();
        if (frame) cycles = frame.outer + frame.iterations * (cycles + 3 * C.scalarCycles) + 2 * C.scalarCycles;
        c = 0;
        break;
      }
    }
    cycles += c;
    bytes += n * C.bytesPerInstruction;
  }
  return { cycles, bytes };
}

export interface CostInput {
  neuronCode: readonly PpuInstruction[];
  rowCode: readonly PpuInstruction[];
  rows: number;
  columns: readonly number[];
  scalarRegisters: number;
  constants: number;
  rewardEntries: number;
}

export function ruleCost(p: CostInput): PpuCost {
  const neuron = codeCost(p.neuronCode, p.columns);
  const row = codeCost(p.rowCode, p.columns);
  const cyclesPerRow = p.rowCode.length > 0 ? row.cycles + PPU_COST.rowOverheadCycles : 0;
  const cyclesPerPeriod = PPU_COST.periodOverheadCycles + neuron.cycles + p.rows * cyclesPerRow;
  const spill = Math.max(0, p.scalarRegisters - PPU_COST.scalarRegistersInCore) * 4;
  // Data: the row list (1 byte each), the column mask (a bit per column), constants, the reward schedule, the
  // offset currents written by the rule (2 bytes per neuron) and the task's scheduler entry.
  const data = p.rows + 32 + 4 * p.constants + 8 * p.rewardEntries + 2 * p.columns.length + 16 + spill;
  return { cyclesPerPeriod, memoryBytes: neuron.bytes + row.bytes + data, neuronCycles: neuron.cycles, cyclesPerRow };
}

/** Memory of one PPU: the shared runtime and stack plus its programs. */
export function hemisphereMemory(programBytes: readonly number[]): number {
  return programBytes.length === 0 ? 0 : PPU_COST.runtimeBytes + PPU_COST.stackBytes + programBytes.reduce((a, b) => a + b, 0);
}

/** Cycles of the processor's clock in one period of `periodMs` biological ms (hardware time = period / 1000). */
export function cyclesInPeriod(periodMs: number): number {
  return (periodMs / SPEEDUP / 1000) * PPU.clockHz;
}
