/**
 * Language-server latency, when bench/lspLatency.ts exists: calls its `measureLspLatency()`, which returns
 * `{ diagnosticsP50, diagnosticsP95, completionP50, completionP95 }` (ms), and writes that result.
 * Run: npx tsx bench/lib/lspLatencyProbe.ts --json OUT
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { argValue } from './cli';
import { writeFileSync } from 'node:fs';

export interface LspLatency {
  diagnosticsP50: number;
  diagnosticsP95: number;
  completionP50: number;
  completionP95: number;
  /** Server main-thread CPU per edit (bench/lspLatency.ts; NaN where /proc is missing). */
  serverCpuP50?: number;
  serverCpuP95?: number;
  /** The slowest of the first edits, before the JIT has optimized the server (bench/lspLatency.ts). */
  firstEditsMax?: number;
}

export type LspLatencyResult = { ok: true; latency: LspLatency } | { ok: false; problem: string };

const isLatency = (x: unknown): x is LspLatency =>
  typeof x === 'object' && x !== null && ['diagnosticsP50', 'diagnosticsP95', 'completionP50', 'completionP95'].every((k) => typeof (x as Record<string, unknown>)[k] === 'number');

export async function probeLspLatency(): Promise<LspLatencyResult> {
  const file = join(__dirname, '..', 'lspLatency.ts');
  if (!existsSync(file)) return { ok: false, problem: 'bench/lspLatency.ts does not exist yet' };
  const mod = (await import(file)) as Record<string, unknown>;
  const measure = mod.measureLspLatency;
  if (typeof measure !== 'function') return { ok: false, problem: 'bench/lspLatency.ts exports no measureLspLatency()' };
  const value: unknown = await (measure as () => Promise<unknown>)();
  if (isLatency(value)) return { ok: true, latency: value };
  return { ok: false, problem: `measureLspLatency() returned ${JSON.stringify(value)?.slice(0, 200)}, not { diagnosticsP50, diagnosticsP95, completionP50, completionP95 }` };
}

function cpuNote(l: LspLatency): string {
  if (typeof l.serverCpuP50 !== 'number' || !Number.isFinite(l.serverCpuP50) || typeof l.serverCpuP95 !== 'number') return '';
  const first = typeof l.firstEditsMax === 'number' ? `; the first 10 edits (JIT warm-up) max ${l.firstEditsMax.toFixed(1)} ms` : '';
  return `; server CPU per edit p50 ${l.serverCpuP50.toFixed(1)} ms, p95 ${l.serverCpuP95.toFixed(1)} ms${first}`;
}

if (require.main === module) {
  const out = argValue(process.argv.slice(2), '--json');
  probeLspLatency()
    .then((r) => {
      console.log(r.ok ? `language server: diagnostics after an edit p50 ${r.latency.diagnosticsP50.toFixed(1)} ms, p95 ${r.latency.diagnosticsP95.toFixed(1)} ms; completion p50 ${r.latency.completionP50.toFixed(1)} ms, p95 ${r.latency.completionP95.toFixed(1)} ms${cpuNote(r.latency)}` : `language server latency: not measured: ${r.problem}`);
      if (out) writeFileSync(out, JSON.stringify(r));
    })
    .catch((e: unknown) => {
      const r: LspLatencyResult = { ok: false, problem: e instanceof Error ? e.message : String(e) };
      console.log(`language server latency: failed: ${r.problem}`);
      if (out) writeFileSync(out, JSON.stringify(r));
    })
    // The measured module may leave handles open (a server connection); the figures are written, so end here.
    .finally(() => process.exit(0));
}
