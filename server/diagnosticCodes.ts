/**
 * Every diagnostic code any stage reports, in one list: the language front end's and the chip mapper's.
 * docs/diagnostics.md is generated from it (`npm run docs:diagnostics`), and tests check that every reported code
 * is here and that the document is up to date.
 */
import type { DiagnosticCodeInfo } from './language/codeInfo';
import { LANGUAGE_CODES } from './language/codes';
import { MAPPER_CODES } from './mapper/codes';
import { PLASTICITY_CODES } from './plasticity/codes';

export const ALL_DIAGNOSTIC_CODES: readonly DiagnosticCodeInfo[] = [...LANGUAGE_CODES, ...MAPPER_CODES, ...PLASTICITY_CODES];

export function diagnosticCodeInfo(code: string): DiagnosticCodeInfo | undefined {
  return ALL_DIAGNOSTIC_CODES.find((c) => c.code === code);
}
