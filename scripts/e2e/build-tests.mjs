// Bundles the extension-host test suite (test/vscode/suite) for VS Code to load as `extensionTestsPath`:
// out/test/vscode/index.js (the mocha runner, with mocha bundled in, since mocha 12 ships as ES modules that an
// extension host cannot always require) and one out/test/vscode/<name>.test.js per test file. `vscode` stays
// external: the extension host provides it.
// Usage: node scripts/e2e/build-tests.mjs
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suite = join(root, 'test', 'vscode', 'suite');
const outdir = join(root, 'out', 'test', 'vscode');
const tests = readdirSync(suite).filter((f) => f.endsWith('.test.ts'));

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [join(suite, 'index.ts'), ...tests.map((f) => join(suite, f))],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
  // mocha's parallel mode (worker files found by require.resolve) is never used here.
  logOverride: { 'require-resolve-not-external': 'silent' },
});
console.log(`build-tests: ${tests.length} test files bundled to ${outdir}`);
