/**
 * State shared by the mapping steps of one experiment: the experiment, the diagnostics found so far and helpers
 * that give every diagnostic the same shape (code, range of the offending token, related statements, quick-fix data).
 */
import type { Diagnostic, RelatedInformation } from '../language/diagnostic';
import { Severity } from '../language/diagnostic';
import type { Experiment, Population, Valued } from '../language/model';
import type { Range } from '../language/position';
import type { MapperCodeValue } from './codes';

export interface MapOptions {
  /**
   * Draw external Poisson spike trains (default true). The resource report and diagnostics do not need them;
   * the language server can switch them off while the user types.
   */
  generateSpikeTrains?: boolean;
}

export interface Related {
  range: Range;
  message: string;
}

export class MapContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly populationsByName = new Map<string, Population>();

  constructor(
    readonly experiment: Experiment,
    readonly options: Required<MapOptions>,
  ) {
    for (const p of experiment.populations) this.populationsByName.set(p.name, p);
  }

  get seed(): number {
    return Math.trunc(this.experiment.seed.value) >>> 0;
  }

  report(
    severity: Severity,
    code: MapperCodeValue,
    range: Range,
    message: string,
    data?: Record<string, unknown>,
    related?: Related[],
  ): void {
    const diagnostic: Diagnostic = { range, severity, code, source: 'bss2', message };
    if (related && related.length > 0) {
      diagnostic.relatedInformation = related.map((r): RelatedInformation => ({ range: r.range, message: r.message }));
    }
    if (data) diagnostic.data = data;
    this.diagnostics.push(diagnostic);
  }

  error(code: MapperCodeValue, range: Range, message: string, data?: Record<string, unknown>, related?: Related[]): void {
    this.report(Severity.Error, code, range, message, data, related);
  }

  information(code: MapperCodeValue, range: Range, message: string, data?: Record<string, unknown>, related?: Related[]): void {
    this.report(Severity.Information, code, range, message, data, related);
  }

  warning(code: MapperCodeValue, range: Range, message: string, data?: Record<string, unknown>, related?: Related[]): void {
    this.report(Severity.Warning, code, range, message, data, related);
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === Severity.Error);
  }
}

/** The token of a value, or the statement's name when the value is a default. */
export function rangeOf(value: Valued | undefined, fallback: Range): Range {
  return value?.range ?? fallback;
}

/** Numbers in messages: at most 4 significant digits, no exponent for everyday magnitudes. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  const rounded = Number(x.toPrecision(4));
  return String(rounded);
}
