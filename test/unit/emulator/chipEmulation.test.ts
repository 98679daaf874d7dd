/**
 * The emulator running chip configurations (emulator/session.ts over networkFromConfiguration): fixed-pattern
 * noise and recording at the chip's converter rates. Configurations come from the examples through the real
 * language server pipeline.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChipConfiguration } from '../../../common/chip/configuration';
import { FIXED_PATTERN_NOISE, SPEEDUP } from '../../../common/chip/limits';
import { networkFromConfiguration } from '../../../emulator/chip/networkFromConfiguration';
import { EmulatorSession } from '../../../emulator/session';
import { analyzeDocument } from '../../../server/analysis';

const root = join(__dirname, '..', '..', '..');

function configurationOf(example: string, durationMs: number, seed?: number): ChipConfiguration {
  const analysis = analyzeDocument(readFileSync(join(root, 'examples', example), 'utf8'), { durationMs, seed });
  assert.ok(analysis.configuration, `${example} should map`);
  return analysis.configuration;
}

function run(config: ChipConfiguration, fixedPatternNoise?: boolean) {
  const session = new EmulatorSession();
  session.load(config, fixedPatternNoise === undefined ? undefined : { fixedPatternNoise });
  assert.equal(session.advance(Infinity, Infinity), 'reached');
  return session.results();
}

const stripRuntime = (r: ReturnType<typeof run>) => JSON.stringify({ ...r, wall_ms: undefined, created: undefined, emulator: undefined });

describe('emulator fixed-pattern noise', function () {
  this.timeout(60000);
  const config = configurationOf('ei_network.bss2', 100);

  it('off (the default) changes nothing: same network, same results bit for bit', () => {
    const plain = networkFromConfiguration(config);
    const off = networkFromConfiguration(config, config.seed, { fixedPatternNoise: false });
    assert.deepEqual(off.description.parameterSets, plain.description.parameterSets);
    assert.equal(plain.description.parameterSets.length, 2, 'exc and inh share one parameter set each');
    assert.equal(stripRuntime(run(config, false)), stripRuntime(run(config)));
  });

  it('on: every circuit has its own parameters, within the documented spread', () => {
    const nominal = networkFromConfiguration(config).description;
    const noisy = networkFromConfiguration(config, config.seed, { fixedPatternNoise: true }).description;
    const n = noisy.neurons.length;
    assert.equal(noisy.parameterSets.length, n, 'one parameter set per circuit');
    const mvPerCadc = 1 / config.voltageMapping.cadcPerMv;
    const sigmaV = FIXED_PATTERN_NOISE.potentialSigmaCadc * mvPerCadc, sigmaT = FIXED_PATTERN_NOISE.timeConstantRelativeSigma;
    const clip = FIXED_PATTERN_NOISE.clipSigmas;
    const dEl: number[] = [], dTau: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = noisy.parameterSets[noisy.neurons[i]], q = nominal.parameterSets[nominal.neurons[i]];
      for (const f of ['e_l', 'v_t', 'v_reset', 'v_spike'] as const) assert.ok(Math.abs(p.adex[f] - q.adex[f]) <= clip * sigmaV + 1e-12, `${f} of circuit ${i}`);
      const tauRatio = (p.adex.c_m / p.adex.g_l) / (q.adex.c_m / q.adex.g_l);
      assert.ok(Math.abs(tauRatio - 1) <= clip * sigmaT + 1e-12);
      assert.ok(Math.abs(p.synapse.tau_syn_E / q.synapse.tau_syn_E - 1) <= clip * sigmaT + 1e-12);
      assert.equal(p.adex.c_m, q.adex.c_m, 'the capacitance stays nominal');
      dEl.push(p.adex.e_l - q.adex.e_l);
      dTau.push(tauRatio - 1);
    }
    const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
    console.log(`      ${n} circuits: sd of E_L ${sd(dEl).toFixed(3)} mV (σ ${sigmaV.toFixed(3)}), of τ_m ${(100 * sd(dTau)).toFixed(2)} % (σ ${100 * sigmaT} %)`);
    assert.ok(Math.abs(sd(dEl) / sigmaV - 1) < 0.15, 'the spread of E_L is σ');
    assert.ok(Math.abs(sd(dTau) / sigmaT - 1) < 0.15, 'the spread of τ_m is σ');
  });

  it('same seed same bits; another seed another chip; a run differs from the nominal one', () => {
    const a = networkFromConfiguration(config, config.seed, { fixedPatternNoise: true }).description.parameterSets;
    const b = networkFromConfiguration(config, config.seed, { fixedPatternNoise: true }).description.parameterSets;
    assert.deepEqual(a, b);
    const other = configurationOf('ei_network.bss2', 100, config.seed + 1);
    const c = networkFromConfiguration(other, other.seed, { fixedPatternNoise: true }).description.parameterSets;
    assert.notDeepEqual(a, c);
    const noisy1 = stripRuntime(run(config, true)), noisy2 = stripRuntime(run(config, true));
    assert.equal(noisy1, noisy2);
    assert.notEqual(noisy1, stripRuntime(run(config, false)));
  });
});

describe('emulator recording at the chip converters\' rates', function () {
  this.timeout(60000);

  it('MADC traces at the exchange step (the chip\'s 0.034 ms, decimated), CADC traces at the CADC period, each naming its device', () => {
    const config = configurationOf('ei_network.bss2', 50);
    const results = run(config);
    const madc = results.traces.filter((t) => t.device === 'madc');
    const cadc = results.traces.filter((t) => t.device === 'cadc');
    assert.equal(madc.length, config.recording.madc.length);
    assert.equal(cadc.length, config.recording.cadc.length);
    const chipMadcPeriod_ms = (1e6 / config.recording.madcSamplesPerSecond) * SPEEDUP / 1000;
    assert.ok(chipMadcPeriod_ms < 0.1, `the chip's MADC samples every ${chipMadcPeriod_ms} ms bio`);
    for (const t of madc) {
      assert.equal(t.dt_ms, 0.1);
      assert.equal(t.values.length, Math.round(50 / 0.1) + 1);
    }
    const cadcPeriod_ms = config.recording.cadcPeriodUs * SPEEDUP / 1000;
    for (const t of cadc) {
      assert.ok(Math.abs(t.dt_ms - cadcPeriod_ms) < 1e-9, `CADC dt ${t.dt_ms} vs ${cadcPeriod_ms}`);
      assert.equal(t.values.length, Math.floor(50 / t.dt_ms + 1e-9) + 1);
    }
    // The CADC trace is the same membrane sampled less often: its samples sit on the MADC grid.
    assert.ok(results.traces.every((t) => t.values.every(Number.isFinite)));
  });

  it('honours a slower configured MADC rate (1 MSample/s hardware = one sample per ms bio)', () => {
    const config = configurationOf('ei_network.bss2', 20);
    const slow: ChipConfiguration = { ...config, recording: { ...config.recording, madcSamplesPerSecond: 1e6 } };
    const madc = run(slow).traces.filter((t) => t.device === 'madc');
    assert.ok(madc.length > 0);
    for (const t of madc) {
      assert.equal(t.dt_ms, 1);
      assert.equal(t.values.length, 21);
    }
  });
});
