/**
 * From checked plasticity rules and the routed synapse rows to the PPU programs of the chip configuration: one
 * program per rule and hemisphere, holding the rows of the rule's projections there and the neuron columns they
 * reach, with its cost. Reports the processor-model diagnostics: a rule slower than its period (warning at its
 * `every` value) and a hemisphere whose programs exceed the PPU's 16 KiB (error at each of its rules).
 */
import type { Hemisphere, SynapseRow } from '../../common/chip/configuration';
import { PPU, SPEEDUP } from '../../common/chip/limits';
import type { PpuProgram } from '../../common/chip/ppu';
import { Severity, type Diagnostic } from '../language/diagnostic';
import type { PlasticityRule } from '../language/model';
import { RuleCode } from './codes';
import { type CompiledRule, compileRuleBody } from './compile';
import { cyclesInPeriod, hemisphereMemory, ruleCost } from './cost';

/** Post-reset reading of the correlation sensors the programs subtract (the emulator's sensors start there). */
export const CORRELATION_BASELINE_CADC = 200;

export interface PpuUsage {
  /** Per hemisphere: bytes of the PPU's memory used, and the busiest period's share of cycles. */
  memoryBytes: number[];
  cyclesPerPeriod: Array<{ used: number; available: number }>;
}

export interface PpuPlan {
  programs: PpuProgram[];
  diagnostics: Diagnostic[];
  usage: PpuUsage;
}

export function planPpuPrograms(rules: readonly PlasticityRule[], rows: readonly SynapseRow[], projectionNames: readonly string[]): PpuPlan {
  const programs: PpuProgram[] = [];
  const diagnostics: Diagnostic[] = [];
  const owners: Array<{ rule: PlasticityRule; hemisphere: Hemisphere }> = [];
  const usage: PpuUsage = { memoryBytes: [0, 0], cyclesPerPeriod: [{ used: 0, available: 0 }, { used: 0, available: 0 }] };
  for (const rule of rules) {
    const compiled = compileRuleBody(rule.bodyText, rule.bodyRange.start).rule;
    if (!compiled) continue; // the checker has reported why
    const wanted = new Set(rule.projections);
    const projectionIndices = new Set(projectionNames.flatMap((n, i) => (wanted.has(n) ? [i] : [])));
    for (const hemisphere of [0, 1] as const) {
      const mine = rows.filter((r) => r.hemisphere === hemisphere && r.projection.some((p) => projectionIndices.has(p)));
      if (mine.length === 0) continue;
      const columns = [...new Set(mine.flatMap((r) => r.columns.filter((_, j) => projectionIndices.has(r.projection[j]))))].sort((a, b) => a - b);
      const program = toProgram(rule, compiled, hemisphere, mine.map((r) => r.row), columns);
      programs.push(program);
      owners.push({ rule, hemisphere });
      const available = cyclesInPeriod(rule.period.value);
      const used = program.cost.cyclesPerPeriod;
      const share = usage.cyclesPerPeriod[hemisphere];
      if (share.available === 0 || used / available > share.used / share.available) usage.cyclesPerPeriod[hemisphere] = { used, available };
      if (used > available) {
        diagnostics.push({
          range: rule.period.range ?? rule.nameRange,
          severity: Severity.Warning,
          code: RuleCode.PeriodBudget,
          source: 'bss2',
          message: `rule '${rule.name}' needs about ${Math.round(used)} PPU cycles per run on hemisphere ${hemisphere} (${mine.length} synapse rows), but its period of ${rule.period.value} ms lasts ${fmtCycles(available)} cycles on the chip (${rule.period.value / SPEEDUP} ms at ${PPU.clockHz / 1e6} MHz); the hardware would fall behind`,
          data: { cycles: Math.round(used), available, hemisphere },
        });
      }
    }
  }
  for (const hemisphere of [0, 1] as const) {
    const mine = programs.filter((p) => p.hemisphere === hemisphere);
    const bytes = hemisphereMemory(mine.map((p) => p.cost.memoryBytes));
    usage.memoryBytes[hemisphere] = bytes;
    if (bytes > PPU.sramBytes) {
      owners.forEach((o, k) => {
        if (o.hemisphere !== hemisphere) return;
        diagnostics.push({
          range: o.rule.nameRange,
          severity: Severity.Error,
          code: RuleCode.MemoryExceeded,
          source: 'bss2',
          message: `the plasticity programs of hemisphere ${hemisphere} need ${bytes} bytes (this rule ${programs[k].cost.memoryBytes}, the runtime and stack the rest), more than the PPU's ${PPU.sramBytes}-byte memory ([HALCO] ppu.h)`,
          data: { bytes, available: PPU.sramBytes, hemisphere },
        });
      });
    }
  }
  return { programs, diagnostics, usage };
}

function fmtCycles(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function toProgram(rule: PlasticityRule, c: CompiledRule, hemisphere: Hemisphere, rows: number[], columns: number[]): PpuProgram {
  const cost = ruleCost({
    neuronCode: c.neuronCode,
    rowCode: c.rowCode,
    rows: rows.length,
    columns,
    scalarRegisters: c.scalarRegisters,
    constants: Object.keys(c.constants).length,
    rewardEntries: c.reward?.timesMs.length ?? 0,
  });
  return {
    rule: rule.name,
    projections: [...rule.projections],
    hemisphere,
    periodUs: rule.period.value / SPEEDUP * 1000,
    rows,
    columns,
    correlationBaselineCadc: CORRELATION_BASELINE_CADC,
    constants: c.constants,
    ...(c.reward ? { reward: { timesUs: c.reward.timesMs.map((t) => (t / SPEEDUP) * 1000), values: c.reward.values } } : {}),
    statements: c.statements,
    variables: c.variables,
    neuronCode: c.neuronCode,
    rowCode: c.rowCode,
    vectorRegisters: c.vectorRegisters,
    scalarRegisters: c.scalarRegisters,
    cost: { cyclesPerPeriod: cost.cyclesPerPeriod, memoryBytes: cost.memoryBytes },
  };
}
