#!/usr/bin/env node
// The long fuzz run (`npm run fuzz`): the robustness suites of test/unit/robustness/ with ten times the inputs of
// the CI run (FUZZ_LONG=1; FUZZ_SCALE=<n> for another factor) and 100,000 LSP messages. The seed is printed;
// `node scripts/fuzz.mjs --seed <n>` replays one, `--seed random` draws a new one. Needs `npm run build` first
// (the server suites start dist/server.js).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const env = { ...process.env, FUZZ_LONG: '1' };
const seedAt = args.indexOf('--seed');
if (seedAt >= 0) {
  const value = args[seedAt + 1];
  env.FUZZ_SEED = value === 'random' ? String(Math.floor(Math.random() * 2 ** 31)) : String(Number(value));
  if (env.FUZZ_SEED === 'NaN') {
    console.error(`fuzz: --seed needs an integer or 'random', found ${value ?? 'nothing'}`);
    process.exit(2);
  }
}
if (!existsSync(join(root, 'dist', 'server.js'))) {
  console.error('fuzz: dist/server.js is missing; run `npm run build` first');
  process.exit(2);
}
console.log(`fuzz: seed ${env.FUZZ_SEED ?? 'the fixed CI seed'}, scale ${env.FUZZ_SCALE ?? 10}`);
const result = spawnSync(process.execPath, [
  join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
  '--no-config', '--node-option', 'import=tsx', '--extension', 'ts', '--timeout', '0', '--reporter', 'spec',
  'test/unit/robustness/*.test.ts',
], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
