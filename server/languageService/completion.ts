/**
 * Completion: what may be written at the cursor, read from the text before it (see cursorContext.ts) and from
 * the catalogue of the language (parameters.ts). Works on broken files: it needs only the text and the names of
 * the populations the parser found.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { Document } from '../language/ast';
import { STATEMENT_KEYWORDS } from '../language/ast';
import {
  CONNECTORS, POPULATION_TYPES, RECORD_VARIABLES, STIMULUS_TYPES, populationType, type ParameterSpec,
} from '../language/parameters';
import type { Position } from '../language/position';
import { INTERNAL_UNIT, UNITS, unitsOfDimension } from '../language/units';
import { cursorContext } from './cursorContext';
import { ruleCompletions } from '../plasticity/completion';
import { describeRange, parametersForHeader } from './parameterLookup';

const STATEMENT_SNIPPETS: Record<string, { snippet: string; description: string }> = {
  experiment: { snippet: 'experiment ${1:name} {\n\tduration = ${2:1000} ms\n}', description: 'Name, duration and seed of the experiment.' },
  population: { snippet: 'population ${1:name} : ${2|AdEx,AdExCond,Poisson,SpikeArray,BackgroundPoisson|}[${3:1}]', description: 'A group of neurons or spike sources.' },
  projection: { snippet: 'projection ${1:pre} -> ${2:post} {\n\tconnector = ${3:all_to_all}\n\tweight = ${4:20}\n}', description: 'Synapses from one population to another.' },
  stimulus: { snippet: 'stimulus ${1:target} : ${2|StepCurrent,DCSource|} { amplitude = ${3:100} pA }', description: 'A current injected into neurons.' },
  record: { snippet: 'record ${1:target} : ${2:spikes}', description: 'What to record from a population.' },
  plasticity: { snippet: 'plasticity ${1:name} on ${2:pre} -> ${3:post} every ${4:10} ms {\n\t$0\n}', description: 'A rule run by the plasticity processor.' },
};

export function parameterDocumentation(spec: ParameterSpec): string {
  const unit = INTERNAL_UNIT[spec.dimension];
  const lines = [spec.description, '', `Default: \`${spec.defaultText}\``];
  const range = describeRange(spec, unit);
  if (range) lines.push(`Allowed: ${range}`);
  if (spec.choices) lines.push(`One of: ${spec.choices.join(', ')}`);
  return lines.join('\n\n');
}

function parameterItem(spec: ParameterSpec): CompletionItem {
  const unit = INTERNAL_UNIT[spec.dimension];
  const kind = unit ? `${spec.dimension}, ${unit}` : spec.form;
  return {
    label: spec.name,
    kind: CompletionItemKind.Property,
    detail: `${kind}, default ${spec.defaultText}`,
    documentation: { kind: MarkupKind.Markdown, value: parameterDocumentation(spec) },
    insertText: `${spec.name} = `,
  };
}

function populationNames(document: Document): Array<{ name: string; type?: string }> {
  const seen = new Set<string>();
  const out: Array<{ name: string; type?: string }> = [];
  for (const s of document.statements) {
    if (s.kind !== 'population' || !s.name || seen.has(s.name.text)) continue;
    seen.add(s.name.text);
    out.push({ name: s.name.text, type: s.type?.text });
  }
  return out;
}

function populationItems(document: Document): CompletionItem[] {
  return populationNames(document).map((p) => ({
    label: p.name,
    kind: CompletionItemKind.Variable,
    detail: p.type ? `population : ${p.type}` : 'population',
  }));
}

function valueItems(spec: ParameterSpec | undefined): CompletionItem[] {
  if (!spec) return [];
  if (spec.form === 'connector') {
    return CONNECTORS.map((c) => ({
      label: c.name,
      kind: CompletionItemKind.Function,
      detail: c.syntax,
      documentation: c.argument ? `${c.description}\n\n${c.argument.name}: ${c.argument.description}` : c.description,
      insertText: c.argument ? `${c.name}(\${1:${c.argument.name}})` : c.name,
      insertTextFormat: c.argument ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    }));
  }
  if (spec.form === 'choice') return (spec.choices ?? []).map((c) => ({ label: c, kind: CompletionItemKind.EnumMember }));
  if (spec.form === 'boolean') return ['true', 'false'].map((b) => ({ label: b, kind: CompletionItemKind.Keyword }));
  return [];
}

function unitItems(spec: ParameterSpec | undefined): CompletionItem[] {
  const units = spec && spec.dimension !== 'dimensionless' ? unitsOfDimension(spec.dimension) : spec ? [] : UNITS;
  return units.map((u, i) => ({
    label: u.symbol,
    kind: CompletionItemKind.Unit,
    detail: `${u.name} (${u.dimension})`,
    sortText: String(i).padStart(2, '0'),
  }));
}

export function complete(text: string, position: Position, document: Document): CompletionItem[] {
  const context = cursorContext(text, position);
  if (context.inCommentOrString) return [];
  const prefix = context.linePrefix;

  if (context.block) {
    if (context.block.keyword === 'plasticity') return ruleCompletions(prefix);
    const specs = parametersForHeader(context.block.keyword, context.block.header);
    // The part of the line that belongs to the member under the cursor.
    const member = prefix.slice(Math.max(prefix.lastIndexOf('{'), prefix.lastIndexOf(','), -1) + 1);
    const assignment = /^\s*([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(member);
    if (!assignment) return /^\s*[A-Za-z_]?\w*$/.test(member) ? specs.map(parameterItem) : [];
    const spec = specs.find((s) => s.name === assignment[1]);
    const value = assignment[2];
    if (/[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*[A-Za-z\u00b5\u03bc]*$/.test(value) && /\d/.test(value)) {
      // After a number inside a list (`times = [5 ms, 1`) the dimension is the parameter's, too.
      return unitItems(spec);
    }
    if (/^[A-Za-z_]*$/.test(value)) return valueItems(spec);
    return [];
  }

  if (/^\s*[A-Za-z_]?\w*$/.test(prefix)) {
    return STATEMENT_KEYWORDS.map((k) => ({
      label: k,
      kind: CompletionItemKind.Keyword,
      detail: STATEMENT_SNIPPETS[k].description,
      insertText: STATEMENT_SNIPPETS[k].snippet,
      insertTextFormat: InsertTextFormat.Snippet,
    }));
  }

  const statement = /^\s*(population|projection|stimulus|record|plasticity|experiment)\b(.*)$/.exec(prefix);
  if (!statement) return [];
  const [, keyword, rest] = statement;
  if (keyword === 'population' && /:\s*\w*$/.test(rest)) {
    return POPULATION_TYPES.map((t) => ({ label: t.name, kind: CompletionItemKind.Class, detail: t.kind, documentation: t.description }));
  }
  if (keyword === 'stimulus' && /:\s*\w*$/.test(rest)) {
    return STIMULUS_TYPES.map((t) => ({ label: t.name, kind: CompletionItemKind.Class, documentation: t.description }));
  }
  if (keyword === 'record' && /:/.test(rest) && /(?::|,)\s*\w*$/.test(rest)) {
    const target = /^\s*([A-Za-z_]\w*)/.exec(rest)?.[1];
    const type = populationNames(document).find((p) => p.name === target)?.type;
    const kind = type ? populationType(type)?.kind : undefined;
    return RECORD_VARIABLES.filter((v) => kind !== 'source' || !v.neuronsOnly).map((v) => ({
      label: v.name,
      kind: CompletionItemKind.Field,
      detail: v.dimension,
      documentation: v.description,
    }));
  }
  const expectsPopulation =
    ((keyword === 'record' || keyword === 'stimulus') && /^\s+\w*$/.test(rest)) ||
    ((keyword === 'projection') && /^\s+(?:[\w\[\].]+\s*->\s*)?\w*$/.test(rest)) ||
    (keyword === 'plasticity' && /\bon\b.*?(?:^|\s|,|->)\s*\w*$/.test(rest));
  return expectsPopulation ? populationItems(document) : [];
}
