/**
 * Inlay hints of two kinds, each of which the user can turn off (`bss2.inlayHints.hardwareValues`,
 * `bss2.inlayHints.resources`): the value the chip will be set to, after each time, rate and membrane voltage
 * (`tau_m = 20 ms` shows `20 us on chip`), read from the literals so they also appear in files with errors; and
 * what the mapping occupies, after a population header (`hemisphere 0, columns 0..99 (100)`) and a projection
 * header (`12 rows, 6 drivers`), shown once the file maps.
 */
import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../analysis';
import type { Statement } from '../language/ast';
import { comparePositions, type Position, type Range } from '../language/position';
import { convertLiteral, lookupUnit } from '../language/units';
import { chipValueLabel, neuronTypeShape, voltageMappingOf } from './hover';
import { placementText, projectionUsage } from './mappingFacts';
import { memberBlocks } from './parameterLookup';

export interface InlayHintOptions {
  hardwareValues: boolean;
  resources: boolean;
}

/** At most this many hints per request: a pathological file must not produce millions. */
export const MAX_INLAY_HINTS = 5000;

export function inlayHints(analysis: DocumentAnalysis, range?: Range, options: InlayHintOptions = { hardwareValues: true, resources: true }): InlayHint[] {
  const mapping = voltageMappingOf(analysis);
  const hints: InlayHint[] = [];
  for (const statement of analysis.analysis.syntax.statements) {
    if (hints.length >= MAX_INLAY_HINTS) break;
    if (range && (comparePositions(statement.range.end, range.start) < 0 || comparePositions(statement.range.start, range.end) > 0)) continue;
    if (options.resources) {
      const label = resourceLabel(analysis, statement);
      if (label) hints.push({ position: label.position, label: label.text, kind: InlayHintKind.Type, paddingLeft: true });
    }
    if (!options.hardwareValues) continue;
    for (const { members, specs } of memberBlocks(statement)) {
      for (const member of members) {
        const value = member.value;
        const spec = specs.find((s) => s.name === member.name.text);
        if (!spec || value?.kind !== 'quantity' || !value.unit) continue;
        const label = chipValueLabel(spec, convertLiteral(value.literal, lookupUnit(value.unit.text)), mapping);
        if (label) hints.push({ position: value.range.end, label, kind: InlayHintKind.Type, paddingLeft: true });
      }
    }
  }
  return hints;
}

function resourceLabel(analysis: DocumentAnalysis, statement: Statement): { position: Position; text: string } | undefined {
  // A neuron type: what one neuron of it takes, read from the text (shown before the file maps, too).
  if (statement.kind === 'neuron' && statement.name) {
    const shape = neuronTypeShape(statement);
    return { position: statement.name.range.end, text: `${shape.compartments} compartment${shape.compartments === 1 ? '' : 's'}, ${shape.circuits} circuit${shape.circuits === 1 ? '' : 's'}, ${shape.columns} column${shape.columns === 1 ? '' : 's'} per neuron` };
  }
  if (!analysis.configuration) return undefined;
  if (statement.kind === 'population' && statement.name) {
    const text = placementText(analysis, statement.name.text);
    const end = statement.sizeRange?.end ?? statement.type?.range.end ?? statement.name.range.end;
    return text ? { position: end, text } : undefined;
  }
  if (statement.kind === 'projection') {
    const usage = projectionUsage(analysis, statement);
    if (!usage) return undefined;
    return { position: statement.connection.range.end, text: `${usage.rows} row${usage.rows === 1 ? '' : 's'}, ${usage.drivers} driver${usage.drivers === 1 ? '' : 's'}` };
  }
  return undefined;
}
