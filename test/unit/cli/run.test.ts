/**
 * `bss2 run` as a user calls it: the bundled command line (dist/cli.js, built by `npm test`) in a child process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateRunResults, type RunResults } from '../../../common/results';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');

function bss2(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bss2 run', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'bss2-run-'));

  it('runs the adaptation example and writes versioned JSON results and CSV', () => {
    const out = join(dir, 'adaptation.json');
    const csv = join(dir, 'csv');
    const r = bss2('run', 'examples/adaptation.bss2', '--json', out, '--csv', csv);
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(readFileSync(out, 'utf8')) as RunResults;
    assert.deepEqual(validateRunResults(results), []);
    assert.equal(results.schema, 1);
    assert.equal(results.experiment, 'adaptation');
    assert.equal(results.duration_ms, 500);
    assert.equal(results.seed, 7);
    assert.equal(results.populations.cell.size, 1);
    assert.ok(results.populations.cell.spikes.time_ms.length > 5);
    assert.equal(results.populations.drive.size, 32);
    const v = results.traces.find((t) => t.population === 'cell' && t.variable === 'v');
    assert.ok(v, 'the membrane of cell[0] is recorded');
    assert.equal(v.dt_ms, 0.1);
    assert.equal(v.values.length, 5001);
    assert.match(r.stdout, /cell\s+1\s+\d+/);
    const spikes = readFileSync(join(csv, 'spikes.csv'), 'utf8').trim().split('\n');
    assert.equal(spikes[0], 'population,neuron,time_ms');
    const total = Object.values(results.populations).reduce((n, p) => n + p.spikes.time_ms.length, 0);
    assert.equal(spikes.length - 1, total);
    const traces = readFileSync(join(csv, 'traces.csv'), 'utf8').trim().split('\n');
    assert.equal(traces[0], 'population,neuron,variable,unit,device,time_ms,value');
    assert.equal(traces.length - 1, results.traces.reduce((n, t) => n + t.values.length, 0));
  });

  it('is reproducible for a seed and different for another', () => {
    const run = (seed: string) => {
      const out = join(dir, `seed-${seed}.json`);
      assert.equal(bss2('run', 'examples/adaptation.bss2', '--json', out, '--seed', seed, '--duration', '100ms').status, 0);
      return JSON.parse(readFileSync(out, 'utf8')) as RunResults;
    };
    const a = run('11');
    const b = run('11');
    const c = run('12');
    assert.equal(a.duration_ms, 100);
    assert.equal(a.seed, 11);
    assert.deepEqual(a.populations, b.populations);
    assert.deepEqual(a.traces, b.traces);
    assert.notDeepEqual(a.populations.drive.spikes, c.populations.drive.spikes);
  });

  it('prints the results on stdout with --json -', () => {
    const r = bss2('run', 'examples/adaptation.bss2', '--json', '-', '--duration', '50 ms');
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(r.stdout) as RunResults;
    assert.equal(results.duration_ms, 50);
    assert.match(r.stderr, /adaptation: 50 ms of biological time/);
  });

  it('refuses to run a file with errors, shows them, and writes nothing', () => {
    const file = join(dir, 'broken.bss2');
    writeFileSync(file, 'experiment broken { duration = 10 ms }\npopulation p : AdEx[600]\nrecord p : spikes\n');
    const out = join(dir, 'broken.json');
    const r = bss2('run', file, '--json', out);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /broken\.bss2:2:\d+: error BSS2-E1\d\d/);
    assert.match(r.stderr, /nothing was run/);
    assert.equal(existsSync(out), false);
  });

  it('exits 2 on bad usage and unreadable files', () => {
    assert.equal(bss2('run').status, 2);
    assert.equal(bss2('run', 'no/such/file.bss2').status, 2);
    const seed = bss2('run', 'examples/adaptation.bss2', '--seed', 'x');
    assert.equal(seed.status, 2);
    assert.match(seed.stderr, /--seed needs an integer/);
    const duration = bss2('run', 'examples/adaptation.bss2', '--duration', '5 mV');
    assert.equal(duration.status, 2);
    assert.match(duration.stderr, /--duration needs a positive time/);
    assert.equal(bss2('run', 'examples/adaptation.bss2', '--frobnicate').status, 2);
  });
});
