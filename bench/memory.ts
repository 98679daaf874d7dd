/**
 * Memory: peak resident set size of the emulator process (dist/emulator.js, as `bss2 run` and the extension start
 * it) for the full-chip run (bench/networks/fullChip.ts, 512 neurons, 1 s) with every spike and two MADC
 * membrane traces recorded. The peak is the kernel's high-water mark VmHWM of that process, read from
 * /proc/PID/status after the results have been sent and before the process exits.
 *
 * Run: npx tsx bench/memory.ts [--json OUT]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmulatorProcess } from '../client/emulator/emulatorProcess';
import { LoadRequest, ResultsRequest, RunRequest } from '../common/protocol/emulator';
import { benchMain, fmt } from './lib/cli';
import { cliAvailability, countSpikes, mapText, ROOT } from './lib/pipeline';
import { benchNetwork } from './networks/fullChip';

export interface MemoryResult {
  ok: boolean;
  problem?: string;
  peakRss_MiB?: number;
  spikes?: number;
  traceSamples?: number;
  traces?: number;
}

function vmHwmKiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function measureMemory(): Promise<MemoryResult> {
  const cli = cliAvailability();
  if (!cli.ok) return { ok: false, problem: cli.problem };
  const config = mapText(benchNetwork({ neurons: 512, durationMs: 1000, madcTraces: true }), 'bench_memory.bss2');
  const emulator = EmulatorProcess.start(join(ROOT, 'dist', 'emulator.js'));
  try {
    await emulator.connection.sendRequest(LoadRequest.type, { configuration: config, chunk_interval_ms: 100 });
    await emulator.connection.sendRequest(RunRequest.type, {});
    const results = await emulator.connection.sendRequest(ResultsRequest.type);
    const kib = emulator.pid === undefined ? undefined : vmHwmKiB(emulator.pid);
    if (kib === undefined) return { ok: false, problem: '/proc/PID/status has no VmHWM here' };
    return {
      ok: true,
      peakRss_MiB: kib / 1024,
      spikes: countSpikes(results),
      traces: results.traces.length,
      traceSamples: results.traces.reduce((n, t) => n + t.values.length, 0),
    };
  } finally {
    await emulator.dispose();
  }
}

export function printMemory(r: MemoryResult): void {
  if (!r.ok) console.log(`memory: not measured: ${r.problem}`);
  else console.log(`memory: emulator process peak RSS ${fmt(r.peakRss_MiB, 1)} MiB for the full chip, 1 s, ${r.spikes} spikes (sources included) and ${r.traces} MADC traces (${r.traceSamples} samples) recorded`);
}

if (require.main === module) benchMain(() => measureMemory(), printMemory);
