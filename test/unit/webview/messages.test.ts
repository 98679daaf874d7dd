import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateFromPanel, validateToPanel } from '../../../common/protocol/webview';
import type { RunResults } from '../../../common/results';
import { analyzeDocument } from '../../../server/analysis';

const results: RunResults = {
  schema: 1,
  experiment: 'e',
  duration_ms: 10,
  seed: 1,
  populations: { a: { size: 2, spikes: { neuron: [0, 1], time_ms: [1, 2] } } },
  traces: [],
  weights: [],
  warnings: [],
};

describe('webview messages', () => {
  it('accepts every well-formed message to a panel', () => {
    const configuration = analyzeDocument(readFileSync('examples/stdp.bss2', 'utf8')).configuration;
    const good = [
      { type: 'results', results },
      { type: 'chunk', chunk: { time_ms: 5, duration_ms: 10, spikes: { a: { neuron: [1], time_ms: [4] } }, traces: [{ index: 0, population: 'a', neuron: 0, variable: 'v', t0_ms: 0, dt_ms: 0.1, values: [1, 2] }] } },
      { type: 'runStarted', experiment: 'e', duration_ms: 10, populations: { a: 2 } },
      { type: 'runFinished', state: 'failed', error: 'numerical instability in a[0] at 3 ms' },
      { type: 'settings', liveRedrawsPerSecond: 30 },
      { type: 'chip', configuration },
    ];
    for (const m of good) assert.deepEqual(validateToPanel(m), { ok: true, message: m }, m.type);
  });

  it('rejects malformed messages to a panel with the path of the problem', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /expected a message object/],
      [[], /expected a message object/],
      [{ type: 'toString' }, /unknown message type "toString"/],
      [{ type: '__proto__' }, /unknown message type/],
      [{ type: 42 }, /unknown message type number/],
      [{ type: 'results', results: { ...results, schema: 2 } }, /^results\.schema: expected 1/],
      [{ type: 'results', results: { ...results, populations: { a: { size: 1, spikes: { neuron: [3], time_ms: [1] } } } } }, /is not below the size/],
      [{ type: 'chunk', chunk: { time_ms: 5, duration_ms: 10, spikes: { a: { neuron: [1, 2], time_ms: [4] } }, traces: [] } }, /different lengths/],
      [{ type: 'chunk', chunk: { time_ms: 5, duration_ms: 10, spikes: {}, traces: [{ index: 0, population: 'a', neuron: 0, variable: 'x', t0_ms: 0, dt_ms: 0.1, values: [] }] } }, /variable: expected one of v, w/],
      [{ type: 'settings', liveRedrawsPerSecond: 120 }, /liveRedrawsPerSecond: expected a number in 1\.\.30/],
      [{ type: 'runFinished', state: 'finished', extra: 1 }, /extra: unknown field/],
      [{ type: 'chip', configuration: { schema: 1 } }, /^configuration\./],
      [{ type: 'results', results: { ...results, duration_ms: NaN } }, /duration_ms: expected a finite number, found NaN/],
    ];
    for (const [m, expected] of cases) {
      const v = validateToPanel(m);
      assert.equal(v.ok, false, JSON.stringify(m));
      if (!v.ok) assert.match(v.problems.join('\n'), expected);
    }
  });

  it('checks messages from a panel against the allow-list and their schema', () => {
    assert.equal(validateFromPanel({ type: 'ready', panel: 'raster' }).ok, true);
    assert.equal(validateFromPanel({ type: 'selectPopulation', population: 'exc', neuron: 3 }).ok, true);
    assert.equal(validateFromPanel({ type: 'exportCsv', panel: 'raster', fileName: 'run-spikes.csv', csv: 'a,b\r\n' }).ok, true);
    assert.equal(validateFromPanel({ type: 'exportPng', panel: 'chip', fileName: 'chip.png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' }).ok, true);
    assert.equal(validateFromPanel({ type: 'log', level: 'warning', message: 'x' }).ok, true);
    const bad: unknown[] = [
      { type: 'runCommand', command: 'rm -rf /' },
      { type: 'ready', panel: 'terminal' },
      { type: 'selectPopulation', population: 'exc', neuron: -1 },
      { type: 'exportCsv', panel: 'raster', fileName: '../../.bashrc', csv: '' },
      { type: 'exportCsv', panel: 'raster', fileName: 'a\u0000.csv', csv: '' },
      { type: 'exportPng', panel: 'raster', fileName: 'a.png', dataUrl: 'javascript:alert(1)' },
      { type: 'log', level: 'info', message: 'x'.repeat(10_001) },
    ];
    for (const m of bad) assert.equal(validateFromPanel(m).ok, false, JSON.stringify(m));
  });
});
