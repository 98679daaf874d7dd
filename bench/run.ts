/**
 * `npm run bench`: every benchmark in turn, each in a process of its own so that one does not warm up or
 * disturb the next. They print their own figures; this prints which ran and how long each took.
 * `npm run bench -- emulator` runs only the benchmarks whose name contains "emulator".
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHMARKS = [
  { name: 'mapper: full chip', file: 'mapFullChip.ts' },
  { name: 'emulator: full chip, 1 s bio', file: 'emulator-core.ts' },
  { name: 'language: analysis of a 2,000-line experiment', file: 'language.ts' },
  { name: 'panels: raster of 1,000,000 spikes in headless Chromium', file: 'raster.ts' },
];

const filter = process.argv[2];
let failed = 0;
for (const b of BENCHMARKS) {
  if (filter && !b.name.includes(filter) && !b.file.includes(filter)) continue;
  console.log(`\n== ${b.name} (bench/${b.file})`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, b.file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
  console.log(`== ${b.file}: ${r.status === 0 ? 'done' : `failed (exit ${r.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.exitCode = failed > 0 ? 1 : 0;
