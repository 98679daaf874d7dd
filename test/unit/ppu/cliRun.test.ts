/**
 * Weight snapshots through the real pipeline: `bss2 run --json` (dist/cli.js, built by `npm test`) maps the STDP
 * example, runs it in the emulator process and writes one snapshot at 0 ms and one per period.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type RunResults, validateRunResults } from '../../../common/results';

const root = join(__dirname, '..', '..', '..');

describe('bss2 run: plasticity', function () {
  this.timeout(180000);

  it('writes the weights of the plastic projection once per period, and they change', () => {
    const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'run', 'examples/stdp.bss2', '--duration', '2s', '--json', '-'], { cwd: root, encoding: 'utf8', timeout: 170000, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(r.stdout) as RunResults;
    assert.deepEqual(validateRunResults(results), []);
    const w = results.weights.filter((s) => s.projection === 'drive->cell');
    assert.deepEqual(w.map((s) => s.time_ms), [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
    assert.equal(w[0].matrix.length, 32);
    assert.ok(w[0].matrix.every((row) => row.length === 4 && row.every((x) => x === 24)));
    const last = w[w.length - 1].matrix.flat() as number[];
    assert.ok(last.some((x) => x !== 24), 'some weights moved');
    assert.ok(last.every((x) => x >= 0 && x <= 63));
  });
});
