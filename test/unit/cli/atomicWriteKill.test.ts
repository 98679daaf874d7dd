/**
 * A save interrupted at any moment leaves the old file or the new one, never a truncated or mixed one: a writer
 * process rewrites one results-sized file in a loop through `writeFileAtomic` (the function every results file,
 * CSV, report and export goes through), and is killed with SIGKILL at random moments, 100 times. After each kill
 * the file must parse and be one complete version.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { createStream } from '../../../common/random';

const KILLS = 100;

/** The writer: version k is a JSON document of about 0.6 MB whose every element repeats k, so a mix is visible. */
const WRITER = `
const { writeFileAtomic } = require(process.argv[2]);
const target = process.argv[3];
const size = 100000;
for (let k = 1; ; k++) {
  const values = new Array(size).fill(k);
  writeFileAtomic(target, JSON.stringify({ version: k, values }) + '\\n');
  if (k === 1) process.stdout.write('first\\n');
}
`;

describe('atomic writes under SIGKILL', function () {
  this.timeout(180_000);
  let folder: string;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'bss2-atomic-'));
    await esbuild.build({
      entryPoints: [resolve(__dirname, '../../../cli/atomicWrite.ts')],
      bundle: true, platform: 'node', format: 'cjs', outfile: join(folder, 'atomicWrite.js'), logLevel: 'silent',
    });
    require('node:fs').writeFileSync(join(folder, 'writer.js'), WRITER);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it(`leaves a complete file after each of ${KILLS} random kills during saves`, async () => {
    const random = createStream(20261125, 'test', 'atomic-kill');
    const target = join(folder, 'results.json');
    const versions: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      const child = spawn(process.execPath, [join(folder, 'writer.js'), join(folder, 'atomicWrite.js'), target], { stdio: ['ignore', 'pipe', 'inherit'] });
      // Wait for the first complete save, then kill somewhere inside the following ones.
      await new Promise<void>((done, fail) => {
        child.stdout.once('data', () => done());
        child.once('exit', (code) => fail(new Error(`the writer exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, 1 + random.nextFloat() * 30));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const text = readFileSync(target, 'utf8');
      let parsed: { version: number; values: number[] };
      try {
        parsed = JSON.parse(text);
      } catch {
        assert.fail(`kill ${i}: the file does not parse (${text.length} characters)`);
      }
      assert.equal(parsed.values.length, 100000, `kill ${i}: truncated`);
      assert.ok(parsed.values.every((v) => v === parsed.version), `kill ${i}: versions mixed`);
      versions.push(parsed.version);
    }
    const leftovers = readdirSync(folder).filter((f) => f.endsWith('.tmp'));
    console.log(`      ${KILLS} kills: file always complete (versions ${Math.min(...versions)}..${Math.max(...versions)}); ${leftovers.length} orphaned temporary files left by killed writers`);
    assert.ok(versions.some((v) => v > 1), 'some kills happened after later saves, not only after the first');
  });
});
