/**
 * Inlay hints: the value the chip will be set to, after each time, rate and membrane voltage
 * (`tau_m = 20 ms` shows `20 us on chip`). Read from the literals, so they also appear in files with errors.
 */
import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../analysis';
import { comparePositions, type Range } from '../language/position';
import { convertLiteral, lookupUnit } from '../language/units';
import { blockMembers, chipValueLabel, voltageMappingOf } from './hover';
import { parametersForStatement } from './parameterLookup';

export function inlayHints(analysis: DocumentAnalysis, range?: Range): InlayHint[] {
  const mapping = voltageMappingOf(analysis);
  const hints: InlayHint[] = [];
  for (const statement of analysis.analysis.syntax.statements) {
    if (range && (comparePositions(statement.range.end, range.start) < 0 || comparePositions(statement.range.start, range.end) > 0)) continue;
    const specs = parametersForStatement(statement);
    for (const member of blockMembers(statement)) {
      const value = member.value;
      const spec = specs.find((s) => s.name === member.name.text);
      if (!spec || value?.kind !== 'quantity' || !value.unit) continue;
      const label = chipValueLabel(spec, convertLiteral(value.literal, lookupUnit(value.unit.text)), mapping);
      if (label) hints.push({ position: value.range.end, label, kind: InlayHintKind.Type, paddingLeft: true });
    }
  }
  return hints;
}
