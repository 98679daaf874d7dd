/**
 * The syntax tree of a plasticity rule's body (docs/plasticity.md has the grammar). Ranges are in document
 * coordinates. Parts that could not be parsed are missing; the syntax error is reported separately.
 */
import type { Range } from '../language/position';

export interface RuleName {
  text: string;
  range: Range;
}

export type RuleExpression =
  | { kind: 'number'; value: number; text: string; range: Range }
  | { kind: 'name'; name: RuleName; range: Range }
  | { kind: 'call'; callee: RuleName; args: RuleExpression[]; range: Range }
  | { kind: 'unary'; op: '-' | '~' | 'not'; operand: RuleExpression; range: Range; opRange: Range }
  | { kind: 'binary'; op: string; left: RuleExpression; right: RuleExpression; range: Range; opRange: Range };

export interface RewardEntry {
  /** Time in ms (biological), converted from the written unit. */
  timeMs: number;
  value: RuleExpression;
  range: Range;
}

export type RuleStatement =
  | { kind: 'assign'; target: RuleName; value: RuleExpression; range: Range; text: string }
  | { kind: 'const'; name: RuleName; value: RuleExpression; range: Range; text: string }
  | { kind: 'reset'; what: RuleName; range: Range; text: string }
  | { kind: 'for'; variable: RuleName; from: RuleExpression; to: RuleExpression; body: RuleStatement[]; range: Range; headerRange: Range; text: string }
  | { kind: 'neurons'; body: RuleStatement[]; range: Range; keywordRange: Range; text: string }
  | { kind: 'reward'; entries: RewardEntry[]; range: Range; text: string };

export interface RuleBody {
  statements: RuleStatement[];
}
