/**
 * Single-neuron accuracy: the AdEx firing-pattern regimes (bench/networks/regimes.ts, Naud et al. 2008) under
 * their step currents, run by the emulator core and by Brian2, both compared with a high-precision reference
 * computed independently of both (test/unit/emulator/reference/adexReference.ts: classic RK4 at a 1 µs step,
 * the crossing located by bisection). The reference itself is checked first against the tightly integrated
 * spike times of NEST's LSODAR test set (/work/shared/guides/peers.md).
 *
 * Brian2 runs twice: with its published example's setting (forward Euler, dt = 0.1 ms) and with its best
 * setting that works here (RK4, dt = 0.01 ms, the exponential at min(V, V_spike)).
 * Target: the emulator within 0.1 ms of the reference wherever Brian2's best is within 0.1 ms too.
 * Chaotic regime (irregular): only the first spikes (before the solvers part) and the counts are compared.
 *
 * The regimes run on the emulator core (emulator/network.ts) directly, not through a .bss2 file: their V_spike of
 * 0 mV lies outside the chip's CADC range under the default voltage mapping (BSS2-E111), and what is measured
 * here is the integrator's accuracy, not the chip's parameter resolution.
 *
 * Run: npx tsx bench/accuracy.ts [--json OUT]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Network } from '../emulator/network';
import { referenceAdEx } from '../test/unit/emulator/reference/adexReference';
import { benchMain, fmt } from './lib/cli';
import { brian2Status, runPeer } from './lib/peers';
import { REGIME_DURATION_MS, REGIMES } from './networks/regimes';

/** Spikes of the chaotic regime compared one by one: the first ones, before accurate solvers part. */
const CHAOTIC_COMPARED = 5;
export const ACCURACY_TARGET_MS = 0.1;

export interface BrianSetting {
  label: string;
  method: string;
  dt_ms: number;
}
export const BRIAN_SETTINGS: readonly BrianSetting[] = [
  { label: 'best', method: 'rk4', dt_ms: 0.01 },
  { label: 'example', method: 'euler', dt_ms: 0.1 },
];

export interface TrainComparison {
  count: number;
  /** Largest |t - t_ref| over the spikes compared (matched by order), ms; null when the counts differ. */
  maxDiff_ms: number | null;
}

export interface RegimeAccuracy {
  regime: string;
  chaotic: boolean;
  /** Spikes compared by time: all (or the first few of a chaotic regime). */
  compared: number;
  reference: { count: number; first_ms: number[] };
  emulator: TrainComparison & { first_ms: number[] };
  brian2: Record<string, TrainComparison>;
  /** Largest difference between the emulator's and Brian2's best spike times, ms. */
  emulatorVsBrian2_ms: number | null;
  /**
   * Target met: the emulator has the reference's spike count and every compared spike within 0.1 ms of it, or
   * Brian2's best is not within 0.1 ms either. A chaotic regime is judged on its first spikes only.
   */
  met: boolean;
}

export interface AccuracyResult {
  duration_ms: number;
  referenceCheck: { description: string; maxDiff_us: number };
  brian2: { available: boolean; problem?: string; version?: string; settings: Array<BrianSetting & { ok: boolean; problem?: string; wall_s?: number }> };
  emulator: { wall_ms: number };
  regimes: RegimeAccuracy[];
}

function compare(train: readonly number[], ref: readonly number[], upTo: number | undefined): TrainComparison {
  const n = upTo === undefined ? ref.length : Math.min(upTo, ref.length);
  if (upTo === undefined && train.length !== ref.length) return { count: train.length, maxDiff_ms: null };
  if (train.length < n) return { count: train.length, maxDiff_ms: null };
  let worst = 0;
  for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(train[k] - ref[k]));
  return { count: train.length, maxDiff_ms: worst };
}

/** NEST's LSODAR test set and its tightly integrated spike times (peers.md): checks the reference itself. */
function checkReference(): { description: string; maxDiff_us: number } {
  const p = { c_m: 200, g_l: 11, e_l: -70, v_t: -50, delta_t: 2, a: 3, b: 0, tau_w: 300, v_reset: -58, v_spike: 0, t_ref: 0, i_offset: 420 };
  const expected = [18.716048, 30.5619, 42.497086, 54.520117, 66.629454, 78.823515, 91.100673];
  const run = referenceAdEx(p, () => 0, [], 95, { dt: 1e-3, w0: 5 });
  const worst = expected.reduce((m, t, k) => Math.max(m, Math.abs((run.spikes[k] ?? Infinity) - t)), 0);
  return { description: 'NEST aeif LSODAR test set, 7 spikes', maxDiff_us: worst * 1000 };
}

function runEmulator(): { spikes: number[][]; wall_ms: number } {
  const net = new Network({
    seed: 1,
    parameterSets: REGIMES.map((r) => ({ adex: r.adex, synapse: { kind: 'current', tau_syn_E: 5, tau_syn_I: 5, weight_scale_E: 1, weight_scale_I: 1 } })),
    neurons: REGIMES.map((_, k) => k),
    sources: [],
    synapses: { pre: [], post: [], weight: [], receptor: [] },
    stepCurrents: REGIMES.map((r, k) => ({ neuron: k, times_ms: [0], amplitudes_pA: [r.current_pA] })),
  });
  const t0 = performance.now();
  const error = net.run(REGIME_DURATION_MS);
  const wall_ms = performance.now() - t0;
  if (error) throw new Error(`emulator: ${error.message}`);
  const spikes: number[][] = REGIMES.map(() => []);
  const s = net.spikes();
  s.neuron.forEach((n, k) => spikes[n].push(s.time_ms[k]));
  return { spikes, wall_ms };
}

export async function measureAccuracy(): Promise<AccuracyResult> {
  const referenceCheck = checkReference();
  const reference = REGIMES.map((r) => referenceAdEx(r.adex, (t) => (t >= 0 ? r.current_pA : 0), [], REGIME_DURATION_MS, { dt: 1e-3 }).spikes);
  const ours = runEmulator();

  const status = brian2Status();
  const brianSpikes: Record<string, Record<string, number[]> | undefined> = {};
  const settings: AccuracyResult['brian2']['settings'] = [];
  if (status.ok) {
    const dir = mkdtempSync(join(tmpdir(), 'bss2-bench-regimes-'));
    try {
      const file = join(dir, 'regimes.json');
      writeFileSync(file, JSON.stringify({ duration_ms: REGIME_DURATION_MS, regimes: REGIMES }));
      for (const s of BRIAN_SETTINGS) {
        const run = await runPeer<{ spikes_ms: Record<string, number[]> }>('regimes.py', [file, '--method', s.method, '--dt-ms', String(s.dt_ms)]);
        settings.push({ ...s, ok: run.ok, problem: run.problem, wall_s: run.wall_s });
        brianSpikes[s.label] = run.result?.spikes_ms;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const regimes = REGIMES.map((r, k): RegimeAccuracy => {
    const ref = reference[k];
    const upTo = r.chaotic ? CHAOTIC_COMPARED : undefined;
    const emulator = compare(ours.spikes[k], ref, upTo);
    const brian2: Record<string, TrainComparison> = {};
    for (const s of BRIAN_SETTINGS) {
      const train = brianSpikes[s.label]?.[r.name];
      if (train) brian2[s.label] = compare(train, ref, upTo);
    }
    const best = brianSpikes.best?.[r.name];
    const vsBrian = best ? compare(ours.spikes[k], best, upTo) : undefined;
    const ok = (c: TrainComparison | undefined) => c !== undefined && c.maxDiff_ms !== null && c.maxDiff_ms <= ACCURACY_TARGET_MS;
    return {
      regime: r.name,
      chaotic: r.chaotic,
      compared: upTo === undefined ? ref.length : Math.min(upTo, ref.length),
      reference: { count: ref.length, first_ms: ref.slice(0, 5) },
      emulator: { ...emulator, first_ms: ours.spikes[k].slice(0, 5) },
      brian2,
      emulatorVsBrian2_ms: vsBrian?.maxDiff_ms ?? null,
      met: ok(emulator) || (brian2.best !== undefined && !ok(brian2.best)),
    };
  });
  return {
    duration_ms: REGIME_DURATION_MS,
    referenceCheck,
    brian2: { available: status.ok, problem: status.ok ? undefined : status.problem, version: status.ok ? status.brian2 : undefined, settings },
    emulator: { wall_ms: ours.wall_ms },
    regimes,
  };
}

export function printAccuracy(r: AccuracyResult): void {
  console.log(`single-neuron accuracy: ${REGIMES.length} AdEx regimes (Naud et al. 2008), ${r.duration_ms} ms each, step current from 0 ms`);
  console.log(`reference: RK4 at 1 µs with bisected crossings; checked against ${r.referenceCheck.description}: max ${fmt(r.referenceCheck.maxDiff_us, 4)} µs`);
  if (!r.brian2.available) console.log(`Brian2: not measured: ${r.brian2.problem}`);
  for (const s of r.brian2.settings) if (!s.ok) console.log(`Brian2 ${s.method} dt=${s.dt_ms} ms failed: ${s.problem}`);
  const d = (c: TrainComparison | undefined) => (c === undefined ? '–' : c.maxDiff_ms === null ? `count ${c.count}` : `${fmt(c.maxDiff_ms, 4)}`);
  console.log('regime                      spikes(ref) ours  max|ours-ref| ms  Brian2 rk4 0.01  Brian2 euler 0.1  |ours-Brian2|  target');
  for (const g of r.regimes) {
    console.log(
      `${(g.regime + (g.chaotic ? ` (first ${g.compared})` : '')).padEnd(28)}${String(g.reference.count).padStart(6)} ${String(g.emulator.count).padStart(5)}  ${d(g.emulator).padStart(16)}  ${d(g.brian2.best).padStart(15)}  ${d(g.brian2.example).padStart(16)}  ${fmt(g.emulatorVsBrian2_ms, 4).padStart(13)}  ${g.met ? 'met' : 'MISSED'}`,
    );
  }
  console.log(`emulator wall time for all regimes: ${fmt(r.emulator.wall_ms)} ms`);
}

if (require.main === module) benchMain(() => measureAccuracy(), printAccuracy);
