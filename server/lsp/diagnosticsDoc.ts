/**
 * Where a diagnostic code is explained: docs/diagnostics.md, shipped beside the bundled server
 * (dist/server.js -> ../docs/diagnostics.md), with the code's anchor.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const DOC = pathToFileURL(join(__dirname, '..', 'docs', 'diagnostics.md')).href;

export function diagnosticsDocUri(code: string): string {
  return `${DOC}#${code.toLowerCase()}`;
}
