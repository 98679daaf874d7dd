import assert from 'node:assert/strict';
import { CorrelationSensors } from '../../../emulator/models/correlationSensor';
import { StpDriver, stpRecoveryTime_ms, stpUtilization, validateStp } from '../../../emulator/models/stp';

describe('emulator short-term plasticity', () => {
  it('depressing driver: efficacy falls along a fast train and recovers with τ_rec', () => {
    const d = new StpDriver({ mode: 'depressing', utilization: 7, recovery: 7 }); // U = 0.5, τ_rec = 200 ms
    const eff = [0, 5, 10, 15].map((t) => d.onEvent(t));
    assert.equal(eff[0], 1);
    for (let k = 1; k < eff.length; k++) assert.ok(eff[k] < eff[k - 1], `event ${k}: ${eff}`);
    const late = d.onEvent(2000);
    assert.ok(late > 0.99, `recovered after 10 τ_rec: ${late}`);
  });

  it('facilitating driver: efficacy rises along a fast train, bounded by 1/U', () => {
    const d = new StpDriver({ mode: 'facilitating', utilization: 3, recovery: 0 }); // U = 0.25
    const eff = [0, 2, 4, 6, 8, 10].map((t) => d.onEvent(t));
    assert.equal(eff[0], 1);
    for (let k = 1; k < eff.length; k++) assert.ok(eff[k] > eff[k - 1]);
    assert.ok(eff[eff.length - 1] <= 1 / 0.25 + 1e-12);
  });

  it('maps the 4-bit fields onto U and τ_rec as documented, and rejects other values', () => {
    assert.equal(stpUtilization(0), 1 / 16);
    assert.equal(stpUtilization(15), 1);
    assert.equal(stpRecoveryTime_ms(0), 1600);
    assert.equal(stpRecoveryTime_ms(15), 100);
    assert.equal(validateStp({ mode: 'depressing', utilization: 16, recovery: 1.5 }, 'driver 3').length, 2);
  });
});

describe('emulator correlation sensors', () => {
  // Two synapses: pre 0 → post 0, pre 1 → post 0.
  const make = () => new CorrelationSensors(Int32Array.from([0, 1]), Int32Array.from([0, 0]), 2, 1, { tau_plus_ms: 5, tau_minus_ms: 5, eta_plus: 10, eta_minus: 10, baseline: 200 });

  it('pre before post lowers the causal reading only; post before pre the acausal one only', () => {
    const c = make();
    c.onPre(0, 10);
    c.onPost(0, 12);
    assert.deepEqual(c.read(0), { causal: Math.round(200 - 10 * Math.exp(-2 / 5)), acausal: 200 });
    c.onPre(1, 14);
    const r1 = c.read(1);
    assert.equal(r1.acausal, Math.round(200 - 10 * Math.exp(-2 / 5)));
    assert.ok(r1.causal === 200, 'synapse 1 had no pre spike before the post spike');
  });

  it('follows the exponential window and uses the nearest pre spike', () => {
    const delays = [1, 3, 6, 10];
    const drops = delays.map((d) => {
      const c = make();
      c.onPre(0, 0); // an earlier pre spike: nearest-neighbour pairing ignores it
      c.onPre(0, 50);
      c.onPost(0, 50 + d);
      return c.causal[0];
    });
    delays.forEach((d, k) => assert.ok(Math.abs(drops[k] - 10 * Math.exp(-d / 5)) < 1e-12));
  });

  it('saturates at 0 and is restored to the baseline by a reset', () => {
    const c = make();
    for (let k = 0; k < 100; k++) { c.onPre(0, k * 10); c.onPost(0, k * 10 + 0.1); }
    assert.equal(c.read(0).causal, 0);
    c.reset(0);
    assert.deepEqual(c.read(0), { causal: 200, acausal: 200 });
  });
});
