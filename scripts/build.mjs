// Bundles every entry point into dist/ with esbuild; type checking is a separate step (`npm run typecheck`).
// Usage: node scripts/build.mjs [--production] [--clean] [--watch]
// Bundles are overwritten in place, so processes running from dist/ (tests, a language server) keep working during a
// rebuild; --clean empties dist/ first (packaging does, so no stale file ships).
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const clean = process.argv.includes('--clean');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...nodeCommon, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...nodeCommon, entryPoints: ['server/main.ts'], outfile: 'dist/server.js' },
  { ...nodeCommon, entryPoints: ['emulator/main.ts'], outfile: 'dist/emulator.js' },
  { ...nodeCommon, entryPoints: ['client/debug/main.ts'], outfile: 'dist/debugAdapter.js' },
  {
    ...nodeCommon,
    entryPoints: ['cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];

// Browser bundles: one per panel script in webview/panels/*.ts (if any yet).
const panelDir = 'webview/panels';
if (existsSync(panelDir)) {
  const panels = readdirSync(panelDir).filter((f) => f.endsWith('.ts'));
  if (panels.length > 0) {
    builds.push({
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
      entryPoints: panels.map((f) => join(panelDir, f)),
      outdir: 'dist/webview',
    });
  }
}

const existing = builds.filter((b) => b.entryPoints.every((e) => existsSync(e)));
const missing = builds.filter((b) => !existing.includes(b)).map((b) => b.entryPoints.join(', '));
if (missing.length > 0) {
  console.error(`build: missing entry points: ${missing.join('; ')}`);
  process.exit(1);
}

if (clean && existsSync('dist')) rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

if (watch) {
  const contexts = await Promise.all(existing.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('build: watching for changes');
} else {
  await Promise.all(existing.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
  console.log(`build: ${existing.length} bundles written to dist/`);
}
