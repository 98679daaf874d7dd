/**
 * What a line breakpoint in an experiment file watches, read off the syntax tree (server/language/ast.ts):
 *
 *   population line (or a line of its block)            a spike of any of its neurons
 *   record / stimulus line naming a slice `cell[3]`     a spike of those neurons (`cell[0..4]`: 0 to 3);
 *                                                       without a slice, of any neuron of the population
 *   projection line (or a line of its block)            an event the projection delivers
 *   plasticity header line                              the rule's first statement, every period
 *   line inside a plasticity rule                       before that statement runs
 *   anything else (experiment block, comments, blanks)  cannot stop: unverified, with the reason
 *
 * Lines are zero-based here; the adapter converts from the client's convention.
 */
import type { PopulationReference, Statement } from '../../server/language/ast';
import { connectionName } from '../../server/language/checker';
import type { Document } from '../../server/language/ast';

export type LineTarget =
  | { kind: 'spike'; population: string; neurons?: number[]; line: number; label: string }
  | { kind: 'event'; projection: string; line: number; label: string }
  | { kind: 'rule'; rule: string; statementLine?: number; line: number; label: string }
  | { kind: 'none'; reason: string };

/** The rule statements the compiled plasticity programs know (common/chip/ppu.ts), by rule. */
export interface RuleStatements {
  rule: string;
  lines: number[];
}

const containsLine = (s: Statement, line: number): boolean => s.range.start.line <= line && line <= s.range.end.line;

function sliceNeurons(ref: PopulationReference): number[] | undefined {
  const slice = ref.slice;
  if (!slice || slice.start === undefined) return undefined;
  const from = slice.start.value;
  const to = slice.isRange ? slice.end?.value : from + 1;
  if (to === undefined || !Number.isInteger(from) || !Number.isInteger(to) || to <= from) return undefined;
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function referenceLabel(ref: PopulationReference): string {
  const neurons = sliceNeurons(ref);
  if (!neurons) return ref.name.text;
  return neurons.length === 1 ? `${ref.name.text}[${neurons[0]}]` : `${ref.name.text}[${neurons[0]}..${neurons[neurons.length - 1] + 1}]`;
}

/**
 * `rules`: undefined when the emulator cannot stop inside plasticity rules; then rule lines are reported as
 * unable to stop, with that reason.
 */
export function lineTarget(document: Document, line: number, rules: RuleStatements[] | undefined): LineTarget {
  const statement = document.statements.find((s) => containsLine(s, line));
  if (!statement) {
    return { kind: 'none', reason: 'nothing on this line can stop: set breakpoints on population, projection, record, stimulus or plasticity lines' };
  }
  const start = statement.range.start.line;
  switch (statement.kind) {
    case 'experiment':
      return { kind: 'none', reason: "the experiment block cannot stop; to stop at a time, add a function breakpoint such as 't = 120 ms'" };
    case 'neuron':
      return { kind: 'none', reason: 'a neuron type cannot stop: set the breakpoint on a population of the type' };
    case 'population':
      if (!statement.name) return { kind: 'none', reason: 'this population has no name yet' };
      return { kind: 'spike', population: statement.name.text, line: start, label: `a spike in ${statement.name.text}` };
    case 'record':
    case 'stimulus': {
      const target = statement.target;
      if (!target) return { kind: 'none', reason: `this ${statement.kind} line names no population` };
      const neurons = sliceNeurons(target);
      return {
        kind: 'spike', population: target.name.text, line: start, label: `a spike in ${referenceLabel(target)}`,
        ...(neurons ? { neurons } : {}),
      };
    }
    case 'projection': {
      const name = connectionName(statement.connection);
      if (!name) return { kind: 'none', reason: 'this projection is incomplete' };
      return { kind: 'event', projection: name, line: start, label: `an event of ${name.replace('->', ' -> ')}` };
    }
    case 'plasticity': {
      const rule = statement.name?.text;
      if (!rule) return { kind: 'none', reason: 'this plasticity rule has no name yet' };
      if (!rules) {
        return { kind: 'none', reason: 'this version of the emulator cannot stop inside plasticity rules; stop on a population or projection line, or at a time' };
      }
      const statements = rules.find((r) => r.rule === rule);
      if (!statements || statements.lines.length === 0) return { kind: 'none', reason: `rule '${rule}' does not run on the chip (it updates no mapped synapse)` };
      const bodyStart = statement.body?.textRange.start.line;
      if (bodyStart === undefined || line < bodyStart || line === start) {
        return { kind: 'rule', rule, line: start, label: `rule ${rule}` };
      }
      if (!statements.lines.includes(line)) return { kind: 'none', reason: `no statement of rule '${rule}' starts on this line` };
      return { kind: 'rule', rule, statementLine: line, line, label: `rule ${rule}, line ${line + 1}` };
    }
  }
}
