import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TOPOLOGY } from '../../../common/chip/limits';
import { analyzeDocument } from '../../../server/analysis';
import { chipUsage } from '../../../webview/lib/chipUsage';
import { viridis } from '../../../webview/lib/colormap';
import { decimateMinMax } from '../../../webview/lib/decimate';
import { csvField, spikesToCsv, tracesToCsv, weightsToCsv } from '../../../webview/lib/exportCsv';
import { computePsth, niceBinWidth } from '../../../webview/lib/psth';
import { lowerBound, neuronOfRow, packRaster } from '../../../webview/lib/rasterData';
import { rasterizeSpikes } from '../../../webview/lib/rasterLayer';
import { RunStore } from '../../../webview/lib/runStore';
import { RedrawThrottle } from '../../../webview/lib/throttle';
import { hardwareUsOfBioMs } from '../../../webview/lib/time';
import { endsOfProjection, snapshotsByProjection, weightHistogram } from '../../../webview/lib/weightStats';

describe('panel data transforms', () => {
  it('min-max decimation keeps extremes and order, and returns raw samples when zoomed in', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i === 54_321 ? 40 : i === 70_000 ? -90 : Math.sin(i / 100)));
    const points = decimateMinMax(0, 0.1, values, 0, 10_000, 500);
    assert.ok(points.length <= 500 * 4 && points.length >= 500);
    assert.ok(points.some((p) => p.y === 40) && points.some((p) => p.y === -90));
    for (let i = 1; i < points.length; i++) assert.ok(points[i].x > points[i - 1].x);
    const zoomed = decimateMinMax(0, 0.1, values, 100, 110, 500);
    assert.equal(zoomed.length, 103);
    assert.equal(zoomed[1].x, 100);
  });

  it('PSTH: rate per neuron in Hz, spikes at the end counted in the last bin', () => {
    const h = computePsth([0, 5, 9.9, 10, 99.9, 100], 2, 0, 100, 10);
    assert.equal(h.rate_hz.length, 10);
    assert.deepEqual([h.rate_hz[0], h.rate_hz[1], h.rate_hz[9]], [150, 50, 100]);
    assert.deepEqual([niceBinWidth(200), niceBinWidth(20_000), niceBinWidth(1000, 40)], [2, 200, 50]);
  });

  it('packs spikes into rows grouped by population and finds them by time', () => {
    const d = packRaster({ a: { size: 3, spikes: { neuron: [2, 0], time_ms: [1, 5] } }, b: { size: 2, spikes: { neuron: [1], time_ms: [3] } } });
    assert.equal(d.rows, 5);
    assert.deepEqual(Array.from(d.row), [2, 0, 4]);
    assert.deepEqual(d.groups.map((g) => [g.name, g.firstRow, g.start, g.end]), [['a', 0, 0, 2], ['b', 3, 2, 3]]);
    assert.equal(lowerBound(d.time_ms, 0, 2, 2), 1);
    assert.deepEqual(neuronOfRow(d, 4.5), { population: 'b', neuron: 1 });
    assert.equal(neuronOfRow(d, 5), undefined);
  });

  it('rasterizes each spike as a tick at its time and row, clipped to the view', () => {
    const d = packRaster({ a: { size: 4, spikes: { neuron: [1, 3], time_ms: [10, 95] } }, b: { size: 4, spikes: { neuron: [0], time_ms: [50] } } });
    const pixels = new Uint32Array(100 * 80);
    const drawn = rasterizeSpikes(d, new Uint32Array([0xff0000ff, 0xff00ff00]), pixels, 100, 80, { xMin: 0, xMax: 100, yMin: 0, yMax: 8 });
    assert.equal(drawn, 3);
    const at = (x: number, y: number) => pixels[y * 100 + x];
    assert.equal(at(10, 15), 0xff0000ff); // a[1]: rows 10..19, tick centred
    assert.equal(at(50, 45), 0xff00ff00); // b[0] is row 4
    assert.equal(at(30, 15), 0);
    const zoomed = new Uint32Array(100 * 80);
    assert.equal(rasterizeSpikes(d, new Uint32Array([1, 2]), zoomed, 100, 80, { xMin: 40, xMax: 60, yMin: 0, yMax: 8 }), 1);
  });

  it('exports CSV with quoting and without formula injection', () => {
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField(-1.5), '-1.5');
    assert.equal(spikesToCsv({ exc: { size: 2, spikes: { neuron: [1], time_ms: [2.5] } } }), 'population,neuron,time_ms\r\nexc,1,2.5\r\n');
    assert.equal(tracesToCsv([{ population: 'p', neuron: 0, variable: 'v', unit: 'mV', device: 'cadc', t0_ms: 1, dt_ms: 0.5, values: [-65, -64] }]).split('\r\n')[2], 'p,0,v,mV,1.5,-64');
    assert.equal(weightsToCsv([{ projection: 'a->b', time_ms: 0, matrix: [[null, 3]] }]), 'projection,time_ms,pre,post,weight\r\na->b,0,0,1,3\r\n');
  });

  it('keeps the last run until the first chunk of the next one', () => {
    const s = new RunStore();
    s.setResults({ schema: 1, experiment: 'old', duration_ms: 10, seed: 1, populations: { a: { size: 1, spikes: { neuron: [0], time_ms: [1] } } }, traces: [], weights: [], warnings: [] });
    s.runStarted({ type: 'runStarted', experiment: 'new', duration_ms: 20, populations: { b: 3 } });
    assert.equal(s.results?.experiment, 'old');
    s.addChunk({ time_ms: 5, duration_ms: 20, spikes: { b: { neuron: [2], time_ms: [4] } }, traces: [{ index: 0, population: 'b', neuron: 0, variable: 'w', t0_ms: 0, dt_ms: 1, values: [1, 2] }] });
    s.addChunk({ time_ms: 9, duration_ms: 20, spikes: { b: { neuron: [1], time_ms: [7] } }, traces: [{ index: 0, population: 'b', neuron: 0, variable: 'w', t0_ms: 2, dt_ms: 1, values: [3] }] });
    assert.equal(s.results?.experiment, 'new');
    assert.deepEqual(Object.keys(s.results!.populations), ['b']);
    assert.deepEqual(s.results!.populations.b.spikes, { neuron: [2, 1], time_ms: [4, 7] });
    assert.deepEqual(s.results!.traces[0].values, [1, 2, 3]);
    assert.equal(s.results!.traces[0].unit, 'pA');
    assert.equal(s.phase, 'live');
  });

  it('throttles redraws to the configured rate and always draws the last state', () => {
    let now = 0;
    const timers: Array<[number, () => void]> = [];
    let draws = 0;
    const t = new RedrawThrottle(() => draws++, 30, { now: () => now, setTimeout: (cb, ms) => timers.push([now + ms, cb]) });
    for (now = 0; now < 1000; now += 2) {
      t.request();
      for (const [i, [at, cb]] of [...timers.entries()].reverse()) if (at <= now) (timers.splice(i, 1), cb());
    }
    now = 2000;
    for (const [, cb] of timers.splice(0)) cb();
    assert.ok(draws >= 29 && draws <= 31, `${draws} draws in one second`);
  });

  it('counts chip usage of a mapped example against the chip totals', () => {
    const configuration = analyzeDocument(readFileSync('examples/ei_network.bss2', 'utf8')).configuration!;
    const u = chipUsage(configuration);
    assert.deepEqual(u.neurons, { used: 400, total: TOPOLOGY.atomicNeurons });
    assert.equal(u.drivers.total, TOPOLOGY.hemispheres * TOPOLOGY.synapseDriversPerHemisphere);
    assert.equal(u.synapses.used, configuration.synapseRows.reduce((n, r) => n + r.columns.length, 0));
    assert.ok(u.padiBuses.used > 0 && u.padiBuses.used <= u.padiBuses.total);
  });

  it('weights: snapshots by projection, histogram, colour map, projection ends', () => {
    const byProjection = snapshotsByProjection([
      { projection: 'a->b', time_ms: 5, matrix: [[1]] },
      { projection: 'a->b', time_ms: 1, matrix: [[2]] },
      { projection: 'c->d', time_ms: 0, matrix: [[3]] },
    ]);
    assert.deepEqual(byProjection.get('a->b')!.map((s) => s.time_ms), [1, 5]);
    assert.deepEqual(weightHistogram([[0, null, 63], [63, 2]], 63).filter((c, w) => c > 0 && w >= 0).length, 3);
    assert.deepEqual(weightHistogram([[0, null, 63], [63, 2]], 63)[63], 2);
    assert.deepEqual([viridis(0), viridis(1)], [[68, 1, 84], [253, 231, 37]]);
    assert.deepEqual(endsOfProjection('drive -> exc'), { pre: 'drive', post: 'exc' });
    assert.equal(hardwareUsOfBioMs(250), 250);
  });
});
