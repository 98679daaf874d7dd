/**
 * `bss2 import` in-process and `common/importResults`: the formats read, the errors that name the place, the
 * comparison of two runs.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../cli/io';
import { main } from '../../../cli/main';
import { compareResults, importResults } from '../../../common/importResults';
import type { RunResults } from '../../../common/results';

async function bss2(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), colour: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

function results(spikes: Record<string, { size: number; neuron: number[]; time_ms: number[] }>, duration_ms = 100): RunResults {
  return {
    schema: 1,
    experiment: 'e',
    duration_ms,
    seed: 1,
    populations: Object.fromEntries(Object.entries(spikes).map(([k, v]) => [k, { size: v.size, spikes: { neuron: v.neuron, time_ms: v.time_ms } }])),
    traces: [],
    weights: [],
    warnings: [],
  };
}

describe('importResults', () => {
  it('reads a results file and refuses an invalid one with the JSON path', () => {
    const good = results({ exc: { size: 2, neuron: [0, 1], time_ms: [1, 2] } });
    const ok = importResults(JSON.stringify(good), 'a.json');
    assert.ok(ok.ok);
    assert.deepEqual(ok.results, good);
    const bad = importResults(JSON.stringify({ ...good, populations: { exc: { size: 2, spikes: { neuron: [0, 5], time_ms: [1, 2] } } } }), 'a.json');
    assert.ok(!bad.ok);
    assert.match(bad.error, /^a\.json: not a valid results file: populations\.exc\.spikes\.neuron\[1\]: 5 is not below the size 2/);
    const future = importResults('{"schema": 2}', 'f.json');
    assert.ok(!future.ok);
    assert.match(future.error, /schema 2 is not known/);
    const broken = importResults('{"schema": 1,', 'b.json');
    assert.ok(!broken.ok);
    assert.match(broken.error, /^b\.json: not valid JSON/);
  });

  it('reads NEO-style spike trains (seconds or ms, annotations) into sorted populations', () => {
    const neo = {
      t_stop: 0.2,
      units: 's',
      spiketrains: [
        { times: [0.05, 0.01], annotations: { population: 'exc', source_index: 3 } },
        { times: [0.02], annotations: { population: 'exc', source_index: 0 } },
        { times: [10], units: 'ms', population: 'inh', source_index: 1 },
      ],
    };
    const r = importResults(JSON.stringify(neo), 'neo.json');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.results.duration_ms, 200);
    assert.deepEqual(r.results.populations.exc, { size: 4, spikes: { neuron: [3, 0, 3], time_ms: [10, 20, 50] } });
    assert.deepEqual(r.results.populations.inh.spikes, { neuron: [1], time_ms: [10] });
    const bad = importResults(JSON.stringify({ spiketrains: [{ times: [1, 'x'] }] }), 'neo.json');
    assert.ok(!bad.ok);
    assert.match(bad.error, /^neo\.json: spiketrains\[0\]\.times\[1\]: expected a finite number/);
  });

  it('reads spikes as CSV, naming the line of a bad row', () => {
    const r = importResults('population,neuron,time_ms\nexc,1,5.5\nexc,0,2\ninh,2,3\n', 'spikes.csv');
    assert.ok(r.ok);
    assert.deepEqual(r.results.populations.exc.spikes, { neuron: [0, 1], time_ms: [2, 5.5] });
    assert.equal(r.results.populations.inh.size, 3);
    const single = importResults('neuron,time_ms\n0,1\n', 'cells.csv');
    assert.ok(single.ok);
    assert.deepEqual(Object.keys(single.results.populations), ['cells']);
    const bad = importResults('population,neuron,time_ms\nexc,1,5.5\nexc,-1,2\n', 'spikes.csv');
    assert.ok(!bad.ok);
    assert.match(bad.error, /^spikes\.csv:3: neuron '-1' is not an integer >= 0/);
    const header = importResults('a,b\n1,2\n', 'x.csv');
    assert.ok(!header.ok);
    assert.match(header.error, /^x\.csv:1: the header 'a,b' names no 'neuron' column/);
  });

  it('compares spike counts and first spike times per population', () => {
    const a = results({ exc: { size: 2, neuron: [0, 1, 0], time_ms: [1, 2, 5] }, only: { size: 1, neuron: [], time_ms: [] } });
    const b = results({ exc: { size: 2, neuron: [1, 0], time_ms: [1.5, 2] } });
    const c = compareResults(a, b);
    assert.deepEqual(c.only_in_a, ['only']);
    assert.equal(c.populations.length, 1);
    const exc = c.populations[0];
    assert.equal(exc.spikes_a, 3);
    assert.equal(exc.spikes_b, 2);
    assert.equal(exc.spike_difference, -1);
    assert.ok(Math.abs(exc.relative_difference! + 1 / 3) < 1e-12);
    assert.equal(exc.first_spike_difference_ms, 0.5);
    assert.equal(exc.neurons_compared, 2);
    assert.equal(exc.mean_abs_first_spike_difference_ms, 0.75); // neuron 0: 1 -> 2, neuron 1: 2 -> 1.5
    assert.equal(exc.max_abs_first_spike_difference_ms, 1);
    assert.equal(exc.mean_rate_a_hz, 15);
  });
});

describe('bss2 import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bss2-import-'));
  const a = join(dir, 'emulator.json');
  const b = join(dir, 'neuron.json');
  writeFileSync(a, JSON.stringify(results({ exc: { size: 2, neuron: [0, 1, 0], time_ms: [1, 2, 5] } })));
  writeFileSync(b, JSON.stringify(results({ exc: { size: 2, neuron: [1, 0], time_ms: [1.5, 2] } })));

  it('summarises a results file', async () => {
    const r = await bss2('import', b);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /neuron\.json: experiment e, 100 ms, 1 populations, 0 traces/);
    assert.match(r.stdout, /exc\s+2\s+2\s+10\.00\s+1\.50/);
  });

  it('shows the differences RESULTS - OTHER with --compare, and as JSON', async () => {
    const r = await bss2('import', b, '--compare', a);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /differences neuron\.json - emulator\.json:/);
    assert.match(r.stdout, /exc\s+2\s+3\s+-1\s+-33\.3 %\s+\+0\.50\s+0\.75 \(2\)/);
    const j = await bss2('import', b, '--compare', a, '--json');
    assert.equal(j.code, 0);
    const parsed = JSON.parse(j.stdout);
    assert.equal(parsed.populations.exc.spikes, 2);
    assert.equal(parsed.comparison.populations[0].spike_difference, -1);
  });

  it('writes an HTML report of both runs overlaid with --html', async function () {
    if (!existsSync(join(__dirname, '..', '..', '..', 'dist', 'webview', 'report.js'))) this.skip();
    const out = join(dir, 'overlay.html');
    const r = await bss2('import', b, '--compare', a, '--html', out);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(out, 'utf8');
    const embedded = JSON.parse(/<script type="application\/json" id="bss2-results">([\s\S]*?)<\/script>/.exec(html)![1]) as RunResults;
    assert.deepEqual(Object.keys(embedded.populations), ['exc', 'exc · neuron.json']);
  });

  it('exits 1 for unreadable input and 2 for bad usage', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"spiketrains": 3}');
    const r = await bss2('import', bad);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.json: neither a results file/);
    assert.equal((await bss2('import', join(dir, 'missing.json'))).code, 1);
    assert.equal((await bss2('import', b, '--compare', join(dir, 'missing.json'))).code, 1);
    assert.equal((await bss2('import')).code, 2);
    assert.equal((await bss2('import', b, '--frobnicate')).code, 2);
    assert.equal((await bss2('import', b, '--compare')).code, 2);
  });
});
