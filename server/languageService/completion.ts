/**
 * Completion: what may be written at the cursor, read from the text before it (see cursorContext.ts) and from
 * the catalogue of the language (parameters.ts). Works on broken files: it needs only the text and the names of
 * the populations the parser found.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { Document } from '../language/ast';
import { STATEMENT_KEYWORDS } from '../language/ast';
import {
  COMPARTMENT_KINDS, COMPARTMENT_RECORD_VARIABLES, CONNECTORS, CONVERTER_INFO, POPULATION_TYPES, RECORD_VARIABLES, STIMULUS_TYPES, compartmentKind,
  populationType, type ParameterSpec,
} from '../language/parameters';
import type { Position } from '../language/position';
import { INTERNAL_UNIT, UNITS, unitsOfDimension } from '../language/units';
import { cursorContext } from './cursorContext';
import { ruleCompletions } from '../plasticity/completion';
import { describeRange, parametersForHeader } from './parameterLookup';

const STATEMENT_SNIPPETS: Record<string, { snippet: string; description: string }> = {
  experiment: { snippet: 'experiment ${1:name} {\n\tduration = ${2:1000} ms\n}', description: 'Name, duration and seed of the experiment.' },
  neuron: {
    snippet: 'neuron ${1:Name} {\n\tcompartment ${2:soma} : AdEx {\n\t\tcm = ${3:200} pF\n\t}\n\tcompartment ${4:dendrite} : ${5|Passive,Plateau,AdEx|} {\n\t\tparent = ${2:soma}\n\t\tg_icc = ${6:20} nS\n\t}\n}',
    description: 'A multi-compartment neuron type: its compartments and how they are coupled.',
  },
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

/** Neuron types declared in the file, with their compartments (name and kind). */
function neuronTypes(document: Document): Map<string, Array<{ name: string; kind?: string }>> {
  const out = new Map<string, Array<{ name: string; kind?: string }>>();
  for (const s of document.statements) {
    if (s.kind !== 'neuron' || !s.name || out.has(s.name.text)) continue;
    out.set(s.name.text, s.compartments.filter((c) => c.name).map((c) => ({ name: c.name!.text, kind: c.kind?.text })));
  }
  return out;
}

/** The compartments of the population named `population` (of a neuron type), for `pop.` and `pop[i].`. */
function compartmentItems(document: Document, population: string): CompletionItem[] {
  const type = populationNames(document).find((p) => p.name === population)?.type;
  const compartments = type ? neuronTypes(document).get(type) : undefined;
  return (compartments ?? []).map((c, i) => ({
    label: c.name,
    kind: CompletionItemKind.Field,
    detail: `compartment : ${c.kind ?? '?'} of ${type}${i === 0 ? ' (the root)' : ''}`,
    documentation: (c.kind && compartmentKind(c.kind)?.description) || undefined,
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

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

/**
 * Compartment names of the neuron type around `line`: from its `neuron` line to the next statement, read from the
 * text (the type being written may not parse yet).
 */
function compartmentsOfNeuronAt(text: string, line: number): string[] {
  const before = text.slice(0, offsetOfLine(text, line));
  const start = [...before.matchAll(/^[ \t]*neuron\b/gm)].pop()?.index;
  if (start === undefined) return [];
  const rest = text.slice(start);
  const end = rest.slice(1).search(/^[ \t]*(?:experiment|neuron|population|projection|stimulus|record|plasticity)\b/m);
  const body = end < 0 ? rest : rest.slice(0, end + 1);
  return [...body.matchAll(/^[ \t]*compartment\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]);
}

export function complete(text: string, position: Position, document: Document): CompletionItem[] {
  const context = cursorContext(text, position);
  if (context.inCommentOrString) return [];
  const prefix = context.linePrefix;

  if (context.block) {
    if (context.block.keyword === 'plasticity') return ruleCompletions(prefix);
    if (context.block.keyword === 'neuron') {
      // Between compartments: the keyword, then the kind after `compartment NAME :`.
      if (/^\s*compartment\s+\w+\s*:\s*\w*$/.test(prefix)) {
        return COMPARTMENT_KINDS.map((k) => ({ label: k.name, kind: CompletionItemKind.Class, detail: 'compartment kind', documentation: k.description }));
      }
      if (/^\s*\w*$/.test(prefix)) {
        return [{
          label: 'compartment',
          kind: CompletionItemKind.Keyword,
          detail: 'A compartment of the neuron type.',
          insertText: 'compartment ${1:name} : ${2|Passive,Plateau,AdEx|} {\n\tparent = ${3:soma}\n\tg_icc = ${4:20} nS\n}',
          insertTextFormat: InsertTextFormat.Snippet,
        }];
      }
      return [];
    }
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
    if (/^[A-Za-z_]*$/.test(value) && spec?.form === 'name' && context.block.keyword === 'compartment') {
      // `parent = ` offers the other compartments of the neuron type being written.
      const own = /^compartment\s+(\w+)/.exec(context.block.header)?.[1];
      const names = [...new Set(compartmentsOfNeuronAt(text, position.line))].filter((n) => n !== own);
      return names.map((n) => ({ label: n, kind: CompletionItemKind.Field, detail: 'compartment' }));
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
    const declared = [...neuronTypes(document)].map(([name, compartments]) => ({
      label: name,
      kind: CompletionItemKind.Class,
      detail: `neuron type, ${compartments.length} compartment${compartments.length === 1 ? '' : 's'}`,
    }));
    return [...POPULATION_TYPES.map((t) => ({ label: t.name, kind: CompletionItemKind.Class, detail: t.kind, documentation: t.description })), ...declared];
  }
  // `pop.` or `pop[i].` in a reference: the compartments of pop's neuron type.
  const compartmentRef = /([A-Za-z_]\w*)(?:\[[^\]]*\])?\.(\w*)$/.exec(rest);
  if (compartmentRef && keyword !== 'experiment' && !rest.slice(0, rest.length - compartmentRef[0].length).includes(':')) {
    return compartmentItems(document, compartmentRef[1]);
  }
  if (keyword === 'stimulus' && /:\s*\w*$/.test(rest)) {
    return STIMULUS_TYPES.map((t) => ({ label: t.name, kind: CompletionItemKind.Class, documentation: t.description }));
  }
  if (keyword === 'record' && /:[^@]*@\s*\w*$/.test(rest)) {
    return CONVERTER_INFO.map((c) => ({ label: c.name, kind: CompletionItemKind.EnumMember, detail: 'converter', documentation: c.description }));
  }
  if (keyword === 'record' && /:/.test(rest) && /(?::|,)\s*\w*$/.test(rest)) {
    const target = /^\s*([A-Za-z_]\w*)/.exec(rest)?.[1];
    const type = populationNames(document).find((p) => p.name === target)?.type;
    const kind = type ? populationType(type)?.kind : undefined;
    // A neuron type: the variables of the compartment named (the root's without one).
    const compartments = type ? neuronTypes(document).get(type) : undefined;
    const named = /^\s*[A-Za-z_]\w*(?:\[[^\]]*\])?\.([A-Za-z_]\w*)/.exec(rest)?.[1];
    const compartment = compartments && (named ? compartments.find((c) => c.name === named) : compartments[0]);
    const allowed = compartment?.kind && compartmentKind(compartment.kind) ? COMPARTMENT_RECORD_VARIABLES[compartmentKind(compartment.kind)!.name] : undefined;
    return RECORD_VARIABLES.filter((v) => (kind !== 'source' || !v.neuronsOnly) && (!allowed || allowed.includes(v.name))).map((v) => ({
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
