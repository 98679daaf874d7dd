/**
 * The language front end in one call: `analyze(text)` parses and checks an experiment file. It is pure (no I/O)
 * and never throws, whatever the text.
 */
import type { Document } from './ast';
import { check } from './checker';
import { comparePositions } from './position';
import type { Diagnostic } from './diagnostic';
import { Severity } from './diagnostic';
import type { Experiment } from './model';
import { parse } from './parser';

export interface Analysis {
  /** The syntax tree, also of broken text (see ast.ts). */
  syntax: Document;
  /** Syntax and semantic diagnostics, in document order. */
  diagnostics: Diagnostic[];
  /**
   * The checked experiment. Always present; when `complete` is false it is partial: statements with errors
   * are left out and invalid parameter values keep their defaults (see checker.ts).
   */
  experiment?: Experiment;
  /** True when no diagnostic is an error: the experiment is exactly what the file says. */
  complete: boolean;
}

export function analyze(text: string): Analysis {
  const parsed = parse(text);
  const checked = check(parsed.document);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics].sort(
    (a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end),
  );
  return {
    syntax: parsed.document,
    diagnostics,
    experiment: checked.experiment,
    complete: !diagnostics.some((d) => d.severity === Severity.Error),
  };
}

export { parse } from './parser';
export { check } from './checker';
export { tokenize } from './lexer';
export { LANGUAGE_CODES, Code } from './codes';
