/**
 * Running a benchmark experiment through the product's own pipeline: in process (analyzeDocument → chip
 * configuration → EmulatorSession, as the emulator process serves it) and end to end (`node dist/cli.js run`,
 * which checks, maps, starts the emulator process, runs and writes the results).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChipConfiguration } from '../../common/chip/configuration';
import type { RunResults } from '../../common/results';
import { EmulatorSession } from '../../emulator/session';
import { withCpuTime } from './peers';
import { analyzeDocument } from '../../server/analysis';

export const ROOT = resolve(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** The mapped configuration of an experiment, or a clear error naming the first problems. */
export function mapText(text: string, name: string): ChipConfiguration {
  const a = analyzeDocument(text);
  if (!a.configuration) {
    const problems = a.diagnostics.slice(0, 3).map((d) => `${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
    throw new Error(`the benchmark experiment does not map onto the chip:\n${problems.join('\n')}`);
  }
  return a.configuration;
}

/**
 * Whether the configuration carries a plasticity-processor program. The field is looked up by name so that this
 * benchmark needs no change when the mapper starts filling it in.
 */
export function hasPlasticityProgram(config: ChipConfiguration): boolean {
  return Object.entries(config).some(([key, value]) => /plasticity|ppu/i.test(key) && value !== undefined && value !== null && (!Array.isArray(value) || value.length > 0));
}

export interface InProcessRun {
  /** EmulatorSession.advance from 0 to the end, ms wall. */
  simulation_ms: number;
  /** CPU time of this process during the simulation, ms. */
  cpu_ms: number;
  /** Mapping (analyzeDocument) and loading (network construction), ms wall. */
  map_ms: number;
  load_ms: number;
  results: RunResults;
}

export function runInProcess(text: string, name: string): InProcessRun {
  const t0 = performance.now();
  const config = mapText(text, name);
  const t1 = performance.now();
  const session = new EmulatorSession();
  const loaded = session.load(config);
  const t2 = performance.now();
  const c0 = process.cpuUsage();
  const outcome = session.advance(loaded.duration_ms, Infinity);
  const t3 = performance.now();
  const c = process.cpuUsage(c0);
  if (outcome !== 'reached') throw new Error(`${name}: the emulation stopped: ${session.status().error?.message ?? outcome}`);
  return { map_ms: t1 - t0, load_ms: t2 - t1, simulation_ms: t3 - t2, cpu_ms: (c.user + c.system) / 1000, results: session.results() };
}

export type CliAvailability = { ok: true; builtAt: Date; stale: boolean } | { ok: false; problem: string };

/** Whether dist/cli.js exists, and whether the emulator sources are newer than it (then it may be out of date). */
export function cliAvailability(): CliAvailability {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'emulator.js'))) return { ok: false, problem: 'dist/cli.js or dist/emulator.js is missing: run npm run build first' };
  const built = statSync(join(ROOT, 'dist', 'emulator.js')).mtime;
  const newest = newestMtime(join(ROOT, 'emulator'));
  return { ok: true, builtAt: built, stale: newest > built.getTime() };
}

function newestMtime(dir: string): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

export interface CliRun {
  /** Process start to exit of `node dist/cli.js run`, ms. */
  wall_ms: number;
  /** CPU time of the command and the emulator process it starts, ms (GNU time; undefined without it). */
  cpu_ms?: number;
  spikes: number;
  weights: number;
}

/** `node dist/cli.js run FILE --json OUT`, timed from spawn to exit. */
export function runCli(text: string, fileName: string): CliRun {
  const dir = mkdtempSync(join(tmpdir(), 'bss2-bench-cli-'));
  try {
    const file = join(dir, fileName);
    const out = join(dir, 'results.json');
    writeFileSync(file, text);
    const timed = withCpuTime(process.execPath, [CLI, 'run', file, '--json', out], join(dir, 'cpu-time'));
    const t0 = performance.now();
    const r = spawnSync(timed.command, timed.args, { encoding: 'utf8', timeout: 600_000 });
    const wall_ms = performance.now() - t0;
    const cpu = timed.readCpu();
    if (r.status !== 0) throw new Error(`bss2 run exited with ${r.status}: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' / ')}`);
    const results = JSON.parse(readFileSync(out, 'utf8')) as RunResults;
    return { wall_ms, cpu_ms: cpu === undefined ? undefined : cpu * 1000, spikes: countSpikes(results, ['drive']), weights: results.weights.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Spikes of every population except the listed ones (the input sources). */
export function countSpikes(results: RunResults, except: readonly string[] = []): number {
  return Object.entries(results.populations).reduce((n, [name, p]) => n + (except.includes(name) ? 0 : p.spikes.time_ms.length), 0);
}
