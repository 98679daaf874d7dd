/**
 * Quick fixes for the diagnostics that carry what a fix needs in `data`: the closest known name
 * (`suggestion`), the nearest legal value (`nearest`, in `unit`), a delay to remove (`remove`), a weight to
 * spread over rows (`splitRows`), a missing unit (`unit` of BSS2-E018) and a unit of the wrong dimension
 * (`expected` of BSS2-E017), and an MADC request the chip cannot satisfy (`converter`: record on the CADC
 * instead). Every fix is a text edit that leaves
 * the file free of the diagnostic it answers; a fix is only offered where the edit can be placed exactly.
 */
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../analysis';
import type { Block, Document, Member, Statement } from '../language/ast';
import { Code } from '../language/codes';
import type { Diagnostic } from '../language/diagnostic';
import { comparePositions, type Range } from '../language/position';
import { INTERNAL_UNIT, type Dimension } from '../language/units';
import type { Recording } from '../language/model';
import { MapperCode } from '../mapper/codes';

/** The quick fixes for the diagnostics of `analysis` that touch `range`. */
export function codeActions(text: string, uri: string, analysis: DocumentAnalysis, range: Range): CodeAction[] {
  const lines = text.split('\n');
  const syntax = analysis.analysis.syntax;
  return analysis.diagnostics
    .filter((d) => touches(d.range, range))
    .flatMap((d) => fixesFor(d, lines, syntax, analysis.analysis.experiment?.recordings ?? []).map(({ title, edits, preferred }) => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lspDiagnostic(d, uri)],
      ...(preferred ? { isPreferred: true } : {}),
      edit: { changes: { [uri]: edits } },
    })));
}

/** The diagnostic as the client received it, with related places as LSP locations. */
function lspDiagnostic(d: Diagnostic, uri: string): LspDiagnostic {
  const { relatedInformation, ...rest } = d;
  if (!relatedInformation) return rest;
  return { ...rest, relatedInformation: relatedInformation.map((r) => ({ location: { uri: r.uri ?? uri, range: r.range }, message: r.message })) };
}

interface Fix {
  title: string;
  edits: TextEdit[];
  preferred: boolean;
}

function fixesFor(d: Diagnostic, lines: string[], syntax: Document, recordings: readonly Recording[]): Fix[] {
  const data = d.data ?? {};
  const fixes: Fix[] = [];
  if (typeof data.suggestion === 'string') {
    fixes.push({ title: `Change to '${data.suggestion}'`, edits: [{ range: d.range, newText: data.suggestion }], preferred: true });
  }
  if (d.code === Code.MissingUnit && typeof data.unit === 'string' && data.unit) {
    fixes.push({ title: `Add the unit ${data.unit}`, edits: [{ range: { start: d.range.end, end: d.range.end }, newText: ` ${data.unit}` }], preferred: true });
  }
  if (d.code === Code.WrongDimension && typeof data.expected === 'string') {
    // The number stays; only the unit changes to the one the parameter's dimension is written in by default.
    const unit = INTERNAL_UNIT[data.expected as Dimension];
    if (unit) fixes.push({ title: `Change the unit to ${unit}`, edits: [{ range: d.range, newText: unit }], preferred: true });
  }
  if (d.code === MapperCode.WeightTooLarge && typeof data.splitRows === 'number') {
    const split = splitWeightsEdit(d.range, lines, syntax);
    if (split) fixes.push({ title: `Set split_weights = true (${data.splitRows} rows per connection)`, edits: [split], preferred: false });
  }
  if (MADC_REQUEST_CODES.has(d.code ?? '') && data.converter === 'madc' && textAt(lines, d.range) === 'madc') {
    // The CADC samples every neuron, so the statement then checks clean of every MADC limit.
    fixes.push({ title: 'Record on the CADC instead', edits: [{ range: d.range, newText: 'cadc' }], preferred: d.code !== MapperCode.MadcSampleMemory });
    const split = typeof data.neuron === 'number' && d.code !== MapperCode.MadcSampleMemory ? splitMadcRequest(d.range, data.neuron, lines, recordings) : undefined;
    if (split) fixes.push(split);
  }
  if (data.remove === true) {
    const member = memberAt(syntax, d.range);
    if (member) fixes.push({ title: `Remove '${member.member.name.text}'`, edits: [removeMember(member.member, member.block, lines)], preferred: true });
  } else if (typeof data.nearest === 'number' && Number.isFinite(data.nearest)) {
    const clamp = clampEdit(d, data.nearest, syntax);
    // Clamping a weight changes what the model means where splitting keeps it, so neither is preferred then.
    if (clamp) fixes.push({ title: `Set to the nearest legal value, ${clamp.display}`, edits: [clamp.edit], preferred: d.code !== MapperCode.WeightTooLarge });
  }
  return fixes;
}

/** The diagnostics of an explicit `@ madc` request that moving it to the CADC answers. */
const MADC_REQUEST_CODES: ReadonlySet<string> = new Set([MapperCode.MadcTooManyNeurons, MapperCode.MadcParity, MapperCode.MadcSampleMemory]);

/** The text of a one-line range. */
function textAt(lines: string[], range: Range): string | undefined {
  if (range.start.line !== range.end.line) return undefined;
  return lines[range.start.line]?.slice(range.start.character, range.end.character);
}

/**
 * Keeps the neurons of a slice that the MADC accepted (those before `neuron`) on it and moves the rest to a
 * record statement of their own on the CADC: `record c[0..4] : v @ madc` becomes `record c[0..2] : v @ madc`
 * and `record c[2..4] : v @ cadc`.
 */
function splitMadcRequest(converter: Range, neuron: number, lines: string[], recordings: readonly Recording[]): Fix | undefined {
  const recording = recordings.find((r) => r.converterRange && sameRange(r.converterRange, converter));
  if (!recording) return undefined;
  const { population, start, end, range } = recording.target;
  if (neuron <= start || neuron >= end || range.start.line !== range.end.line || recording.range.end.line !== converter.end.line) return undefined;
  if (/\.\s*[A-Za-z_]/.test(textAt(lines, range) ?? '.a')) return undefined; // a compartment (`pyr.apical`): left to the user
  const slice = (a: number, b: number): string => (b - a === 1 ? `${population}[${a}]` : `${population}[${a}..${b}]`);
  const indent = /^\s*/.exec(lines[recording.range.start.line])![0];
  const variables = recording.variables.join(', ');
  return {
    title: `Move ${slice(neuron, end)} to the CADC`,
    edits: [
      { range, newText: slice(start, neuron) },
      { range: { start: recording.range.end, end: recording.range.end }, newText: `\n${indent}record ${slice(neuron, end)} : ${variables} @ cadc` },
    ],
    preferred: false,
  };
}

// ---- clamp to the nearest legal value ----------------------------------------------------------------------

function clampEdit(d: Diagnostic, nearest: number, syntax: Document): { edit: TextEdit; display: string } | undefined {
  const data = d.data ?? {};
  const number = writeNumber(nearest, legalSide(data, nearest));
  for (const statement of syntax.statements) {
    if (statement.kind === 'population' && statement.size) {
      if (sameRange(statement.size.range, d.range)) return { edit: { range: d.range, newText: number }, display: number };
      if (statement.sizeRange && sameRange(statement.sizeRange, d.range)) return { edit: { range: d.range, newText: `[${number}]` }, display: number };
    }
  }
  const found = memberAt(syntax, d.range);
  const value = found?.member.value;
  if (!value || value.kind !== 'quantity' || !sameRange(value.range, d.range)) return undefined;
  const unit = typeof data.unit === 'string' && data.unit && data.unit !== 'drivers' ? data.unit : value.unit?.text;
  const written = unit ? `${number} ${unit}` : number;
  return { edit: { range: value.range, newText: written }, display: written };
}

/** +1 when the written value must not fall below `nearest` (a lower bound), -1 when it must not exceed it. */
function legalSide(data: Record<string, unknown>, nearest: number): 1 | -1 {
  if (typeof data.found === 'number') return data.found < nearest ? 1 : -1;
  return data.min === nearest ? 1 : -1;
}

/**
 * The shortest decimal within a millionth of `value`, rounded towards the legal side of it. A bound computed
 * through a unit conversion (-91.66666666666667 mV for CADC 0) converts back to a hair outside the range, so it
 * is written a little inside (-91.6666 mV); a round bound (2000 ms) is written as it is.
 */
export function writeNumber(value: number, side: 1 | -1): string {
  if (Number.isInteger(value) || value === 0) return String(value);
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  for (let digits = 1; digits <= 15; digits++) {
    const scale = 10 ** (digits - 1 - magnitude);
    const scaled = value * scale;
    const rounded = side > 0 ? Math.ceil(scaled - 1e-9) : Math.floor(scaled + 1e-9);
    const candidate = Number((rounded / scale).toPrecision(digits));
    if (Math.abs(candidate - value) <= 1e-6 * Math.abs(value)) return String(candidate);
  }
  return String(value);
}

// ---- split_weights -----------------------------------------------------------------------------------------

function splitWeightsEdit(range: Range, lines: string[], syntax: Document): TextEdit | undefined {
  const projection = syntax.statements.find((s) => s.kind === 'projection' && within(range, s.range));
  const body = projection?.kind === 'projection' ? projection.body : undefined;
  if (!body?.closeRange) return undefined;
  const existing = body.members.find((m) => m.name.text === 'split_weights');
  if (existing) return existing.value ? { range: existing.value.range, newText: 'true' } : undefined;
  return insertMember(body, 'split_weights = true', lines);
}

/** Adds a member at the end of a block in the block's own layout: a new line when members stand on lines, else `, `. */
function insertMember(body: Block, member: string, lines: string[]): TextEdit {
  const last = body.members[body.members.length - 1];
  const close = body.closeRange!;
  if (!last) return { range: { start: body.openRange.end, end: body.openRange.end }, newText: ` ${member} ` };
  if (body.openRange.end.line !== close.start.line && last.range.end.line !== close.start.line) {
    const indent = /^\s*/.exec(lines[last.range.start.line])![0];
    const eol = { line: last.range.end.line, character: lines[last.range.end.line].length };
    return { range: { start: eol, end: eol }, newText: `\n${indent}${member}` };
  }
  return { range: { start: last.range.end, end: last.range.end }, newText: `, ${member}` };
}

// ---- remove a member ---------------------------------------------------------------------------------------

function removeMember(member: Member, block: Block, lines: string[]): TextEdit {
  const { start, end } = member.range;
  const before = lines[start.line].slice(0, start.character);
  const after = lines[end.line].slice(end.character);
  if (/^\s*$/.test(before) && /^\s*(#.*)?$/.test(after.replace(/^\s*,/, '')) && start.line !== block.openRange.end.line && end.line !== block.closeRange?.start.line) {
    return { range: { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } }, newText: '' };
  }
  const comma = /^\s*,\s*/.exec(after);
  if (comma) return { range: { start, end: { line: end.line, character: end.character + comma[0].length } }, newText: '' };
  const previous = /,\s*$/.exec(before);
  if (previous) return { range: { start: { line: start.line, character: start.character - previous[0].length }, end }, newText: '' };
  return { range: member.range, newText: '' };
}

// ---- syntax lookups ----------------------------------------------------------------------------------------

function memberAt(syntax: Document, range: Range): { member: Member; block: Block } | undefined {
  for (const statement of syntax.statements) {
    const block = blockOf(statement);
    if (!block || !within(range, block.range)) continue;
    const member = block.members.find((m) => within(range, m.range));
    if (member) return { member, block };
  }
  return undefined;
}

function blockOf(statement: Statement): Block | undefined {
  return 'body' in statement && statement.body && 'members' in statement.body ? statement.body : undefined;
}

function within(inner: Range, outer: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

function touches(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}
