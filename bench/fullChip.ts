/**
 * Full-chip network: 512 AdEx neurons on every neuron circuit of the chip, Poisson drive from outside, sparse
 * recurrent E/I connectivity through the chip's synapse rows (bench/networks/fullChip.ts), 1 s of biological
 * time, without and with STDP on the plasticity processor. Ours is timed in process (EmulatorSession.advance:
 * "simulation only") and end to end (`node dist/cli.js run`: process start to results written); Brian2 builds
 * the identical network from the exported mapping (bench/peers/network.py) with each code-generation target,
 * timed from process start to exit and by its own simulation clock.
 *
 * Targets: with STDP at least 10x faster than biological real time (≤ 100 ms per second of biology), and faster
 * than Brian2's fastest target end to end. The chip runs 1 s of biology in 1 ms (speed-up 1000).
 *
 * Run: npx tsx bench/fullChip.ts [--quick] [--json OUT] [--targets cpp_standalone,cython,numpy]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPEEDUP } from '../common/chip/limits';
import { networkFromConfiguration } from '../emulator/chip/networkFromConfiguration';
import { argValue, benchMain, fmt } from './lib/cli';
import { brian2Status, INSTALL_BRIAN2, runPeer } from './lib/peers';
import { exportPeerNetwork } from './lib/peerNetwork';
import { cliAvailability, countSpikes, hasPlasticityProgram, mapText, runCli, runInProcess } from './lib/pipeline';
import { median, min } from './lib/stats';
import { benchNetwork } from './networks/fullChip';

export const FULL_CHIP_NEURONS = 512;
export const FULL_CHIP_BIO_MS = 1000;
export const BRIAN2_TARGETS = ['cpp_standalone', 'cython', 'numpy'] as const;
export const BRIAN2_NETWORK_SETTING = { method: 'euler', dt_ms: 0.1 };

export interface OurTiming {
  simulation_ms: { median: number; min: number; runs: number[] };
  cpu_ms: number[];
  map_ms: number;
  spikes: number;
  weightsRecorded: number;
  endToEnd?: { median_ms: number; runs_ms: number[]; cpu_ms?: number } | { problem: string };
}

export interface BrianTiming {
  target: string;
  ok: boolean;
  problem?: string;
  endToEnd_ms: number;
  /** CPU time of the whole peer process tree (Python, compilers, the standalone binary), ms. */
  endToEndCpu_ms?: number;
  simulation_ms?: number;
  build_ms?: number;
  spikes?: number;
  inputSpikesMoved?: number;
}

export interface FullChipResult {
  neurons: number;
  bio_ms: number;
  synapses: number;
  sources: number;
  plain: OurTiming;
  stdp: OurTiming | { pending: string };
  brian2: { available: boolean; problem?: string; version?: string; method: string; dt_ms: number; targets: BrianTiming[] };
  distStale?: boolean;
}

function timeOurs(text: string, name: string, repeat: number, e2eRepeat: number): OurTiming {
  const runs = Array.from({ length: repeat }, () => runInProcess(text, name));
  const sims = runs.map((r) => r.simulation_ms);
  const last = runs[runs.length - 1];
  const cli = cliAvailability();
  let endToEnd: OurTiming['endToEnd'];
  if (!cli.ok) endToEnd = { problem: cli.problem };
  else {
    const runs = Array.from({ length: e2eRepeat }, () => runCli(text, `${name}.bss2`));
    const cpu = runs.map((r) => r.cpu_ms).filter((x): x is number => x !== undefined);
    endToEnd = { median_ms: median(runs.map((r) => r.wall_ms)), runs_ms: runs.map((r) => r.wall_ms), cpu_ms: cpu.length ? median(cpu) : undefined };
  }
  return {
    simulation_ms: { median: median(sims), min: min(sims), runs: sims },
    cpu_ms: runs.map((r) => r.cpu_ms),
    map_ms: median(runs.map((r) => r.map_ms)),
    spikes: countSpikes(last.results, ['drive']),
    weightsRecorded: last.results.weights.length,
    endToEnd,
  };
}

export async function measureFullChip(o: { quick: boolean; argv: readonly string[] }): Promise<FullChipResult> {
  const repeat = o.quick ? 2 : 5;
  const e2eRepeat = o.quick ? 1 : 3;
  const text = benchNetwork({ neurons: FULL_CHIP_NEURONS, durationMs: FULL_CHIP_BIO_MS });
  const config = mapText(text, 'bench_full_chip.bss2');
  const emulated = networkFromConfiguration(config);
  const plain = timeOurs(text, 'bench_full_chip', repeat, e2eRepeat);

  const stdpText = benchNetwork({ neurons: FULL_CHIP_NEURONS, durationMs: FULL_CHIP_BIO_MS, stdp: true });
  let stdp: FullChipResult['stdp'] = { pending: 'plasticity processor' };
  if (hasPlasticityProgram(mapText(stdpText, 'bench_full_chip_stdp.bss2'))) {
    const timed = timeOurs(stdpText, 'bench_full_chip_stdp', repeat, e2eRepeat);
    if (timed.weightsRecorded > 0) stdp = timed;
  }

  const status = brian2Status();
  const targets: BrianTiming[] = [];
  if (status.ok) {
    const chosen = (argValue(o.argv, '--targets')?.split(',') ?? (o.quick ? ['numpy'] : [...BRIAN2_TARGETS])).filter((t) => (BRIAN2_TARGETS as readonly string[]).includes(t));
    const dir = mkdtempSync(join(tmpdir(), 'bss2-bench-network-'));
    try {
      const file = join(dir, 'network.json');
      writeFileSync(file, JSON.stringify(exportPeerNetwork(config.experiment, emulated.description, emulated.duration_ms)));
      for (const target of chosen) {
        const run = await runPeer<{ simulation_s: number; build_s: number; spikes: number; input_spikes_moved: number }>('network.py', [
          file, '--target', target, '--method', BRIAN2_NETWORK_SETTING.method, '--dt-ms', String(BRIAN2_NETWORK_SETTING.dt_ms), '--workdir', '{HOME}/standalone',
        ]);
        targets.push({
          target,
          ok: run.ok,
          problem: run.problem,
          endToEnd_ms: run.wall_s * 1000,
          endToEndCpu_ms: run.cpu_s === undefined ? undefined : run.cpu_s * 1000,
          simulation_ms: run.result ? run.result.simulation_s * 1000 : undefined,
          build_ms: run.result ? run.result.build_s * 1000 : undefined,
          spikes: run.result?.spikes,
          inputSpikesMoved: run.result?.input_spikes_moved,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const cli = cliAvailability();
  return {
    neurons: config.neurons.length,
    bio_ms: emulated.duration_ms,
    synapses: emulated.description.synapses.pre.length,
    sources: emulated.description.sources.length,
    plain,
    stdp,
    brian2: {
      available: status.ok,
      problem: status.ok ? undefined : status.problem,
      version: status.ok ? status.brian2 : undefined,
      ...BRIAN2_NETWORK_SETTING,
      targets,
    },
    distStale: cli.ok ? cli.stale : undefined,
  };
}

/** How many times faster than biology (> 1: faster), and how many times slower than the chip. */
export const realTime = (wall_ms: number, bio_ms: number) => ({ vsBiology: bio_ms / wall_ms, vsChip: wall_ms / (bio_ms / SPEEDUP) });

export function printFullChip(r: FullChipResult): void {
  console.log(`full chip: ${r.neurons} AdEx neurons, ${r.synapses} synapses, ${r.sources} Poisson sources, ${r.bio_ms} ms of biological time`);
  if (r.distStale) console.log('note: emulator sources are newer than dist/: end-to-end figures use the last build (npm run build)');
  const row = (label: string, t: OurTiming | { pending: string }) => {
    if ('pending' in t) {
      console.log(`  ours ${label}: pending: ${t.pending}`);
      return;
    }
    const rt = realTime(t.simulation_ms.median, r.bio_ms);
    const e2e = t.endToEnd && 'median_ms' in t.endToEnd ? `${fmt(t.endToEnd.median_ms, 0)} ms (CPU ${fmt(t.endToEnd.cpu_ms, 0)} ms)` : `not measured (${t.endToEnd && 'problem' in t.endToEnd ? t.endToEnd.problem : '?'})`;
    console.log(
      `  ours ${label}: simulation median ${fmt(t.simulation_ms.median, 0)} ms (min ${fmt(t.simulation_ms.min, 0)}, CPU median ${fmt(median(t.cpu_ms), 0)}), real-time factor ${fmt(rt.vsBiology, 2)} (biological s per wall s), ${fmt(rt.vsChip, 0)}x slower than the chip; end to end ${e2e}; ${t.spikes} spikes`,
    );
  };
  row('without STDP', r.plain);
  row('with STDP', r.stdp);
  if (!r.brian2.available) console.log(`  Brian2: not measured: ${r.brian2.problem ?? `install with ${INSTALL_BRIAN2}`}`);
  for (const b of r.brian2.targets) {
    if (!b.ok) console.log(`  Brian2 ${b.target}: failed after ${fmt(b.endToEnd_ms / 1000)} s: ${b.problem}`);
    else console.log(`  Brian2 ${r.brian2.version} ${b.target} (${r.brian2.method}, dt ${r.brian2.dt_ms} ms): end to end ${fmt(b.endToEnd_ms, 0)} ms (CPU ${fmt(b.endToEndCpu_ms, 0)} ms), simulation ${fmt(b.simulation_ms, 0)} ms; ${b.spikes} spikes`);
  }
}

if (require.main === module) benchMain(measureFullChip, printFullChip);
