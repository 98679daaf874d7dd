import assert from 'node:assert/strict';
import { BACKGROUND_CYCLE_MS, BackgroundGenerator, backgroundMeanRate_Hz, validateBackground } from '../../../emulator/models/backgroundGenerator';
import { PoissonSource } from '../../../emulator/models/poissonSource';
import { createStream } from '../../../common/random';

function collect(run: (emit: (t: number) => void) => void): number[] {
  const out: number[] = [];
  run((t) => out.push(t));
  return out;
}

describe('emulator sources', () => {
  it('Poisson: same seed same bits, other seed other spikes, in time order', () => {
    const a = collect((e) => new PoissonSource({ rate_Hz: 50 }, createStream(7, 'source', 3)).spikesIn(0, 1000, e));
    const b = collect((e) => new PoissonSource({ rate_Hz: 50 }, createStream(7, 'source', 3)).spikesIn(0, 1000, e));
    const c = collect((e) => new PoissonSource({ rate_Hz: 50 }, createStream(8, 'source', 3)).spikesIn(0, 1000, e));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    for (let k = 1; k < a.length; k++) assert.ok(a[k] > a[k - 1]);
  });

  it('Poisson: rate and exponential intervals (mean and CV of the ISIs)', () => {
    const src = new PoissonSource({ rate_Hz: 100, start_ms: 0 }, createStream(1, 'source', 0));
    const t = collect((e) => { for (let s = 0; s < 200; s++) src.spikesIn(s * 100, (s + 1) * 100, e); });
    const rate = t.length / 20; // per second over 20 s
    assert.ok(Math.abs(rate - 100) < 5, `rate ${rate} Hz`); // 2000 ± 45 spikes: 5 Hz is > 2 σ
    const isi = t.slice(1).map((x, k) => x - t[k]);
    const mean = isi.reduce((s, x) => s + x, 0) / isi.length;
    const sd = Math.sqrt(isi.reduce((s, x) => s + (x - mean) ** 2, 0) / isi.length);
    assert.ok(Math.abs(sd / mean - 1) < 0.08, `CV ${sd / mean}`);
  });

  it('Poisson: respects start and stop', () => {
    const t = collect((e) => new PoissonSource({ rate_Hz: 500, start_ms: 100, stop_ms: 200 }, createStream(2, 'source', 0)).spikesIn(0, 1000, e));
    assert.ok(t.length > 10 && t.every((x) => x >= 100 && x < 200));
  });

  it('background regular mode: one spike every period + 1 cycles of the 250 MHz clock, first after one period', () => {
    assert.ok(Math.abs(BACKGROUND_CYCLE_MS - 0.004) < 1e-15, '4 ns hardware = 4 µs biological');
    const g = new BackgroundGenerator({ mode: 'regular', period: 249, rate: 0, seed: 1, mask: 0, label: 5 });
    const spikes: Array<[number, number]> = [];
    g.spikesIn(0, 10.5, (t, l) => spikes.push([t, l]));
    assert.equal(spikes.length, 10);
    spikes.forEach(([t, l], k) => { assert.ok(Math.abs(t - (k + 1) * 1.0) < 1e-9); assert.equal(l, 5); });
    assert.ok(Math.abs(backgroundMeanRate_Hz({ mode: 'regular', period: 249, rate: 0, seed: 1, mask: 0, label: 0 }) - 1000) < 1e-9);
  });

  it('background Poisson mode: rate (rate + 1)/256 per bin, rate 0 silent, mask randomises low label bits, seeded', () => {
    const d = { mode: 'poisson' as const, period: 24, rate: 63, seed: 99, mask: 0x0f, label: 0x1a0 };
    const run = (seed: number) => {
      const out: Array<[number, number]> = [];
      new BackgroundGenerator({ ...d, seed }).spikesIn(0, 1000, (t, l) => out.push([t, l]));
      return out;
    };
    const s = run(99);
    const expected = backgroundMeanRate_Hz(d); // 10 kHz bins × 64/256 = 2500 Hz
    assert.ok(Math.abs(expected - 2500) < 1e-9);
    assert.ok(Math.abs(s.length - expected) < 150, `${s.length} spikes in 1 s`);
    assert.ok(s.every(([t]) => Math.abs(t / (25 * BACKGROUND_CYCLE_MS) - Math.round(t / (25 * BACKGROUND_CYCLE_MS))) < 1e-6), 'on the bin grid');
    assert.ok(s.every(([, l]) => (l & ~0x0f) === 0x1a0));
    assert.ok(new Set(s.map(([, l]) => l & 0x0f)).size === 16);
    assert.deepEqual(run(99), s);
    assert.notDeepEqual(run(100), s);
    const silent: number[] = [];
    new BackgroundGenerator({ ...d, rate: 0 }).spikesIn(0, 100, (t) => silent.push(t));
    assert.equal(silent.length, 0);
  });

  it('background fields are checked against their bit widths', () => {
    const p = validateBackground({ mode: 'regular', period: 70000, rate: 256, seed: -1, mask: 0, label: 0 }, 'bg');
    assert.deepEqual(p.map((x) => x.parameter).sort(), ['bg.period', 'bg.rate', 'bg.seed']);
  });
});
