/**
 * Go to definition, find references and rename for populations, plasticity rules, neuron types and compartments. A rename edits the
 * declaration and every reference, and refuses names the language would not accept or that are already taken.
 */
import type { Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Document } from '../language/ast';
import type { Position, Range } from '../language/position';
import { occurrenceAt, occurrences, sameSymbol } from './occurrences';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set([
  'experiment', 'neuron', 'compartment', 'population', 'projection', 'stimulus', 'record', 'plasticity', 'on', 'every', 'true', 'false',
]);
const WHAT: Record<string, string> = { rule: 'plasticity rule', population: 'population', neuronType: 'neuron type', compartment: 'compartment of this neuron type' };

export function definition(document: Document, uri: string, position: Position): Location[] {
  const at = occurrenceAt(document, position);
  if (!at) return [];
  return sameSymbol(document, at)
    .filter((o) => o.declaration)
    .map((o) => ({ uri, range: o.range }));
}

export function references(document: Document, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const at = occurrenceAt(document, position);
  if (!at) return [];
  return sameSymbol(document, at)
    .filter((o) => includeDeclaration || !o.declaration)
    .map((o) => ({ uri, range: o.range }));
}

export function prepareRename(document: Document, position: Position): { range: Range; placeholder: string } | undefined {
  const at = occurrenceAt(document, position);
  return at ? { range: at.range, placeholder: at.text } : undefined;
}

export class RenameError extends Error {}

export function rename(document: Document, uri: string, position: Position, newName: string): WorkspaceEdit | undefined {
  const at = occurrenceAt(document, position);
  if (!at) return undefined;
  if (!IDENTIFIER.test(newName) || RESERVED.has(newName)) {
    throw new RenameError(`'${newName}' is not a valid name: use letters, digits and '_', starting with a letter or '_'`);
  }
  // A compartment's name is qualified by its type: only a compartment of the same type conflicts.
  const qualified = at.kind === 'compartment' ? `${at.name.slice(0, at.name.length - at.text.length)}${newName}` : newName;
  if (newName !== at.text && occurrences(document).some((o) => o.declaration && o.kind === at.kind && o.name === qualified)) {
    throw new RenameError(`a ${WHAT[at.kind]} named '${newName}' already exists`);
  }
  const edits: TextEdit[] = sameSymbol(document, at).map((o) => ({ range: o.range, newText: newName }));
  return { changes: { [uri]: edits } };
}
