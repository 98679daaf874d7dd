/**
 * The outline of a file (document symbols), the regions an editor can fold, and selection ranges that grow from
 * a token to its member, block and statement. All read the syntax tree, so they work in files with errors.
 */
import {
  FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type SelectionRange, type SymbolInformation,
} from 'vscode-languageserver';
import type { Document, Statement } from '../language/ast';
import { containsPosition, type Position, type Range } from '../language/position';

function connectionText(c: { pre?: { name: { text: string } }; post?: { name: { text: string } } }): string {
  return `${c.pre?.name.text ?? '?'} -> ${c.post?.name.text ?? '?'}`;
}

function statementSymbol(s: Statement): DocumentSymbol {
  const members = 'body' in s && s.body && 'members' in s.body ? s.body.members : [];
  const children: DocumentSymbol[] = members.map((m) => ({
    name: m.name.text,
    kind: SymbolKind.Property,
    range: m.range,
    selectionRange: m.name.range,
  }));
  const base = { range: s.range, children };
  switch (s.kind) {
    case 'experiment':
      return { ...base, name: s.name?.text ?? 'experiment', detail: 'experiment', kind: SymbolKind.Module, selectionRange: s.name?.range ?? s.keywordRange };
    case 'neuron':
      // The neuron type, with its compartments (and their parameters) as children.
      return {
        ...base,
        name: s.name?.text ?? 'neuron',
        detail: `neuron type, ${s.compartments.length} compartment${s.compartments.length === 1 ? '' : 's'}`,
        kind: SymbolKind.Struct,
        selectionRange: s.name?.range ?? s.keywordRange,
        children: s.compartments.map((c) => ({
          name: c.name?.text ?? 'compartment',
          detail: c.kind?.text ?? 'compartment',
          kind: SymbolKind.Field,
          range: c.range,
          selectionRange: c.name?.range ?? c.keywordRange,
          children: (c.body?.members ?? []).map((m) => ({ name: m.name.text, kind: SymbolKind.Property, range: m.range, selectionRange: m.name.range })),
        })),
      };
    case 'population':
      return {
        ...base,
        name: s.name?.text ?? 'population',
        detail: `${s.type?.text ?? '?'}[${s.size?.text ?? '?'}]`,
        kind: SymbolKind.Class,
        selectionRange: s.name?.range ?? s.keywordRange,
      };
    case 'projection':
      return { ...base, name: connectionText(s.connection), detail: 'projection', kind: SymbolKind.Interface, selectionRange: s.connection.range };
    case 'stimulus':
      return { ...base, name: `${s.target?.name.text ?? '?'} : ${s.type?.text ?? '?'}`, detail: 'stimulus', kind: SymbolKind.Event, selectionRange: s.target?.range ?? s.keywordRange };
    case 'record':
      return { ...base, name: `${s.target?.name.text ?? '?'} : ${s.variables.map((v) => v.text).join(', ')}`, detail: 'record', kind: SymbolKind.Field, selectionRange: s.target?.range ?? s.keywordRange };
    case 'plasticity':
      return {
        ...base,
        name: s.name?.text ?? 'plasticity',
        detail: `on ${s.connections.map(connectionText).join(', ')}`,
        kind: SymbolKind.Function,
        selectionRange: s.name?.range ?? s.keywordRange,
      };
  }
}

export function documentSymbols(document: Document): DocumentSymbol[] {
  return document.statements.map(statementSymbol);
}

/** Populations and plasticity rules of one document, for the workspace symbol search. */
export function workspaceSymbols(document: Document, uri: string, query: string): SymbolInformation[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const s of document.statements) {
    if ((s.kind !== 'population' && s.kind !== 'plasticity' && s.kind !== 'neuron') || !s.name) continue;
    if (!s.name.text.toLowerCase().includes(q)) continue;
    out.push({
      name: s.name.text,
      kind: s.kind === 'population' ? SymbolKind.Class : s.kind === 'neuron' ? SymbolKind.Struct : SymbolKind.Function,
      containerName: s.kind,
      location: { uri, range: s.name.range },
    });
  }
  return out;
}

export function foldingRanges(document: Document): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const s of document.statements) {
    // The closing line stays visible, as editors do for braces.
    if (s.range.end.line > s.range.start.line) {
      const closing = s.kind === 'neuron' ? s.closeRange : 'body' in s && s.body?.closeRange;
      const endLine = closing && closing.start.line > s.range.start.line ? closing.start.line - 1 : s.range.end.line;
      if (endLine > s.range.start.line) out.push({ startLine: s.range.start.line, endLine });
    }
    // Each compartment of a neuron type folds on its own.
    if (s.kind === 'neuron') {
      for (const c of s.compartments) {
        const closing = c.body?.closeRange;
        const endLine = closing && closing.start.line > c.range.start.line ? closing.start.line - 1 : c.range.end.line;
        if (endLine > c.range.start.line) out.push({ startLine: c.range.start.line, endLine });
      }
    }
  }
  // Runs of whole-line comments fold together.
  let run: Range | undefined;
  const flush = (): void => {
    if (run && run.end.line > run.start.line) out.push({ startLine: run.start.line, endLine: run.end.line, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const c of document.comments) {
    if (run && c.range.start.line === run.end.line + 1 && c.range.start.character === 0) run = { start: run.start, end: c.range.end };
    else {
      flush();
      if (c.range.start.character === 0) run = c.range;
    }
  }
  flush();
  // `# region` ... `# endregion` markers, as in the examples, fold as regions and may nest.
  const open: number[] = [];
  for (const c of document.comments) {
    if (/^#\s*region\b/.test(c.text)) open.push(c.range.start.line);
    else if (/^#\s*endregion\b/.test(c.text)) {
      const start = open.pop();
      if (start !== undefined && c.range.start.line > start) out.push({ startLine: start, endLine: c.range.start.line, kind: FoldingRangeKind.Region });
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}

/** From the innermost node at the position outwards: token, member, block, statement. */
export function selectionRange(document: Document, position: Position): SelectionRange {
  const chain: Range[] = [];
  for (const s of document.statements) {
    if (!containsPosition(s.range, position)) continue;
    chain.push(s.range);
    const compartment = s.kind === 'neuron' ? s.compartments.find((c) => containsPosition(c.range, position)) : undefined;
    if (compartment) chain.push(compartment.range);
    const body = s.kind === 'neuron' ? compartment?.body : 'body' in s ? s.body : undefined;
    if (body && containsPosition(body.range, position)) chain.push(body.range);
    const members = body && 'members' in body ? body.members : [];
    for (const m of members) {
      if (!containsPosition(m.range, position)) continue;
      chain.push(m.range);
      if (containsPosition(m.name.range, position)) chain.push(m.name.range);
      else if (m.value && containsPosition(m.value.range, position)) chain.push(m.value.range);
    }
    break;
  }
  if (chain.length === 0) return { range: { start: position, end: position } };
  let result: SelectionRange | undefined;
  for (const range of chain) result = { range, parent: result };
  return result!;
}
