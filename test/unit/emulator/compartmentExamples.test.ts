/**
 * The multi-compartment examples, end to end through the real pipeline (analysis and mapping as the language
 * server does them, then the emulator session): the passive cable against the analytic discretised cable, and
 * the dendritic coincidence detector against what its comments promise.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults, Trace } from '../../../common/results';
import { EmulatorSession } from '../../../emulator/session';
import { analyzeDocument } from '../../../server/analysis';
import { cableResponse } from './cableReference';

const root = join(__dirname, '..', '..', '..');

function runExample(name: string): RunResults {
  const analysis = analyzeDocument(readFileSync(join(root, 'examples', `${name}.bss2`), 'utf8'));
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 1), [], `${name} maps without errors`);
  assert.ok(analysis.configuration, `${name} has a chip configuration`);
  const session = new EmulatorSession();
  session.load(analysis.configuration);
  assert.equal(session.advance(Infinity, Infinity), 'reached');
  return session.results();
}

describe('multi-compartment examples, mapped and emulated', function () {
  this.timeout(60000);

  it('passive_cable: every compartment follows the analytic discretised cable within 0.1 mV; the PSP shrinks and comes later towards the soma', () => {
    const results = runExample('passive_cable');
    const order = ['soma', 'd1', 'd2', 'd3', 'd4'];
    const traces = order.map((c) => results.traces.find((t) => t.compartment === c && t.variable === 'v'));
    assert.ok(traces.every(Boolean), `a v trace per compartment: ${results.traces.map((t) => t.compartment).join(', ')}`);
    // The file's numbers: five compartments of 100 pF, tau_m 10 ms (g_L 10 nS), chained by 50 nS; 63 x 10 pA into d4
    // with tau_syn_E 2 ms, at 20 ms and 120 ms.
    const n = order.length;
    const response = cableResponse(new Array(n).fill(100), new Array(n).fill(10), new Array(n - 1).fill(50), n - 1, 630, 2);
    const rest = -65;
    // The spike array's events reach the synapse at their times (20 ms and 120 ms).
    const at = (i: number, t: number) => response(i, t - 20) + response(i, t - 120);
    const errors = traces.map((tr, i) => Math.max(...tr!.values.map((v, k) => Math.abs(v - rest - at(i, tr!.t0_ms + k * tr!.dt_ms)))));
    console.log(`      max |V - V_ref| per compartment ${errors.map((e) => e.toExponential(1)).join(', ')} mV`);
    errors.forEach((e, i) => assert.ok(e < 0.1, `${order[i]}: ${e} mV from the analytic cable`));
    const peak = (tr: Trace) => {
      let k = 0;
      tr.values.forEach((v, j) => { if (tr.t0_ms + j * tr.dt_ms < 100 && v > tr.values[k]) k = j; });
      return { height: tr.values[k] - rest, time: tr.t0_ms + k * tr.dt_ms };
    };
    const peaks = traces.map((tr) => peak(tr!));
    for (let i = 0; i + 1 < n; i++) {
      assert.ok(peaks[i].height < peaks[i + 1].height, `attenuation: ${order[i]} ${peaks[i].height} mV below ${order[i + 1]} ${peaks[i + 1].height} mV`);
      assert.ok(peaks[i].time >= peaks[i + 1].time, `delay: ${order[i]} peaks at ${peaks[i].time} ms, not before ${order[i + 1]} at ${peaks[i + 1].time} ms`);
    }
    assert.equal(results.populations.cell.spikes.time_ms.length, 0, 'the soma stays below its comparator');
  });

  it('dendritic_coincidence: the soma fires only when its input comes during the dendritic plateau', () => {
    const results = runExample('dendritic_coincidence');
    const spikes = results.populations.cell.spikes.time_ms;
    // Inputs (from the file): soma alone at 50 ms, dendrite alone at 150 ms, dendrite 250 ms then soma 260 ms,
    // soma 350 ms then dendrite 400 ms. Only the third pairing may make the soma fire.
    assert.ok(spikes.length >= 1, 'the coincidence makes the soma fire');
    assert.ok(spikes.every((t) => t > 260 && t < 290), `every spike follows the coincident input at 260 ms: ${spikes.join(', ')}`);
    const dendrite = results.traces.find((t) => t.compartment === 'dendrite' && t.variable === 'v');
    assert.ok(dendrite, 'the dendrite is recorded');
    const v = (t: number) => dendrite.values[Math.round((t - dendrite.t0_ms) / dendrite.dt_ms)];
    assert.ok(v(160) > -45, `the dendrite alone reaches its plateau at 150 ms (${v(160)} mV at 160 ms)`);
    assert.ok(v(60) < -55, `somatic input alone leaves the dendrite below its plateau threshold (${v(60)} mV at 60 ms)`);
  });
});
