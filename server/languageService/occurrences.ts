/**
 * Every place a population or a plasticity rule is named in the syntax tree: its declaration and each
 * reference. Navigation, rename, hover and semantic tokens all start from this list, so they agree on what a
 * name refers to, also in files with errors (it reads the tree, which the parser builds from broken text).
 */
import type { Document, PopulationReference } from '../language/ast';
import { containsPosition, type Position, type Range } from '../language/position';

export interface Occurrence {
  kind: 'population' | 'rule';
  name: string;
  range: Range;
  declaration: boolean;
}

export function occurrences(document: Document): Occurrence[] {
  const out: Occurrence[] = [];
  const ref = (r: PopulationReference | undefined): void => {
    if (r) out.push({ kind: 'population', name: r.name.text, range: r.name.range, declaration: false });
  };
  for (const s of document.statements) {
    switch (s.kind) {
      case 'population':
        if (s.name) out.push({ kind: 'population', name: s.name.text, range: s.name.range, declaration: true });
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
        if (s.name) out.push({ kind: 'rule', name: s.name.text, range: s.name.range, declaration: true });
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
