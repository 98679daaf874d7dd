/**
 * Completion inside a plasticity rule's body: the processor's values, the language's functions and keywords.
 * Plain data in the shape of LSP completion items (kinds as LSP numbers), so the language service can hand them on.
 */
import { RULE_FUNCTIONS, RULE_KEYWORDS, RULE_VALUES } from './compile';

export interface RuleCompletionItem {
  label: string;
  /** LSP CompletionItemKind: 6 Variable, 3 Function, 14 Keyword. */
  kind: 3 | 6 | 14;
  detail: string;
}

/** Items for the word being typed at the end of `linePrefix` (none after a number or inside a word's digits). */
export function ruleCompletions(linePrefix: string): RuleCompletionItem[] {
  const word = /\w*$/.exec(linePrefix)?.[0] ?? '';
  if (/^\d/.test(word)) return [];
  return [
    ...Object.entries(RULE_VALUES).map(([label, v]): RuleCompletionItem => ({ label, kind: 6, detail: `${v.kind === 'scalar' ? 'scalar' : `${v.width}-bit vector`}: ${v.description}` })),
    ...Object.entries(RULE_FUNCTIONS).map(([label, f]): RuleCompletionItem => ({ label, kind: 3, detail: f.description })),
    ...RULE_KEYWORDS.map((label): RuleCompletionItem => ({ label, kind: 14, detail: 'rule language keyword' })),
  ];
}
