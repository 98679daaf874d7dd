/**
 * Every place a population, a plasticity rule, a neuron type or a compartment is named in the syntax tree: its
 * declaration and each reference (a compartment by its name in the type, as a `parent`, and in `pop.name`). Navigation, rename, hover and semantic tokens all start from this list, so they agree on what a
 * name refers to, also in files with errors (it reads the tree, which the parser builds from broken text).
 */
import type { Document, PopulationReference } from '../language/ast';
import { containsPosition, type Position, type Range } from '../language/position';

export interface Occurrence {
  kind: 'population' | 'rule' | 'neuronType' | 'compartment';
  /** What identifies the symbol; a compartment is qualified by its neuron type: `Pyramidal.apical`. */
  name: string;
  /** The name as written at this place (the compartment's own name). */
  text: string;
  range: Range;
  declaration: boolean;
}

export function occurrences(document: Document): Occurrence[] {
  const out: Occurrence[] = [];
  // Neuron types and the type of each population, so that `pop.apical` names a compartment of pop's type.
  const neuronTypes = new Set<string>();
  const typeOf = new Map<string, string>();
  for (const s of document.statements) {
    if (s.kind === 'neuron' && s.name) neuronTypes.add(s.name.text);
    if (s.kind === 'population' && s.name && s.type && !typeOf.has(s.name.text)) typeOf.set(s.name.text, s.type.text);
  }
  const ref = (r: PopulationReference | undefined): void => {
    if (!r) return;
    out.push({ kind: 'population', name: r.name.text, text: r.name.text, range: r.name.range, declaration: false });
    const type = typeOf.get(r.name.text);
    if (r.compartment && type && neuronTypes.has(type)) {
      out.push({ kind: 'compartment', name: `${type}.${r.compartment.text}`, text: r.compartment.text, range: r.compartment.range, declaration: false });
    }
  };
  for (const s of document.statements) {
    switch (s.kind) {
      case 'neuron':
        if (!s.name) break;
        out.push({ kind: 'neuronType', name: s.name.text, text: s.name.text, range: s.name.range, declaration: true });
        for (const c of s.compartments) {
          if (c.name) out.push({ kind: 'compartment', name: `${s.name.text}.${c.name.text}`, text: c.name.text, range: c.name.range, declaration: true });
          const parent = c.body?.members.find((m) => m.name.text === 'parent')?.value;
          if (parent?.kind === 'name') {
            out.push({ kind: 'compartment', name: `${s.name.text}.${parent.name.text}`, text: parent.name.text, range: parent.range, declaration: false });
          }
        }
        break;
      case 'population':
        if (s.name) out.push({ kind: 'population', name: s.name.text, text: s.name.text, range: s.name.range, declaration: true });
        if (s.type && neuronTypes.has(s.type.text)) out.push({ kind: 'neuronType', name: s.type.text, text: s.type.text, range: s.type.range, declaration: false });
        break;
      case 'projection':
        ref(s.connection.pre);
        ref(s.connection.post);
        break;
      case 'stimulus':
      case 'record':
        ref(s.target);
        break;
      case 'plasticity':
        if (s.name) out.push({ kind: 'rule', name: s.name.text, text: s.name.text, range: s.name.range, declaration: true });
        for (const c of s.connections) {
          ref(c.pre);
          ref(c.post);
        }
        break;
      default:
        break;
    }
  }
  return out;
}

export function occurrenceAt(document: Document, position: Position): Occurrence | undefined {
  return occurrences(document).find((o) => containsPosition(o.range, position));
}

/** The declaration and every reference of the same name and kind. */
export function sameSymbol(document: Document, target: Occurrence): Occurrence[] {
  return occurrences(document).filter((o) => o.kind === target.kind && o.name === target.name);
}
