/**
 * Where the full-chip run's time goes: runs the full-chip benchmark network (with STDP when the plasticity
 * processor executes rules, else without) under V8's sampling profiler and attributes the samples taken inside
 * EmulatorSession.advance to the function on top of the stack (self time). Garbage collection is reported as a
 * share of the same window's samples.
 *
 * Run: npx tsx bench/fullChipProfile.ts [--json OUT]   (it re-runs itself under `node --cpu-prof`)
 * Inner mode (what the outer run starts): node --cpu-prof --import tsx bench/fullChipProfile.ts --inner
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchMain, fmt } from './lib/cli';
import { hasPlasticityProgram, mapText, runInProcess } from './lib/pipeline';
import { benchNetwork } from './networks/fullChip';

export interface ProfileEntry {
  function: string;
  /** File of the function, relative to the repository. */
  where: string;
  /** Share of the samples inside EmulatorSession.advance (GC samples of that time included in the total). */
  share: number;
}

export interface ProfileResult {
  ok: boolean;
  problem?: string;
  network?: string;
  samples?: number;
  top?: ProfileEntry[];
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
}

function attribute(profile: CpuProfile, root: string): { samples: number; top: ProfileEntry[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inside = new Map<number, boolean>();
  const isInside = (id: number): boolean => {
    const known = inside.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const p = parent.get(id);
    const result = node.callFrame.functionName === 'advance' && node.callFrame.url.includes('session') ? true : p === undefined ? false : isInside(p);
    inside.set(id, result);
    return result;
  };
  // GC samples hang off the root: count those that fall between the first and the last sample inside advance.
  const firstIn = profile.samples.findIndex((id) => isInside(id));
  let lastIn = -1;
  for (let k = profile.samples.length - 1; k >= 0; k--) if (isInside(profile.samples[k])) { lastIn = k; break; }
  const counts = new Map<string, { where: string; n: number }>();
  let total = 0;
  for (let k = Math.max(0, firstIn); k <= lastIn; k++) {
    const node = byId.get(profile.samples[k])!;
    const gc = node.callFrame.functionName === '(garbage collector)';
    if (!gc && !isInside(node.id)) continue;
    total++;
    const name = gc ? 'garbage collection' : node.callFrame.functionName || '(anonymous)';
    const url = node.callFrame.url.replace(/^file:\/\//, '');
    const rel = url.includes('/work/') ? url.slice(url.indexOf('/', url.indexOf('/work/') + 6) + 1) : url;
    // Line numbers are those of the transpiled code (tsx), so only the file is named.
    const where = gc ? '' : rel;
    const key = `${name}@${where}`;
    const entry = counts.get(key) ?? { where, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  const top = [...counts.entries()]
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, 8)
    .map(([key, v]) => ({ function: key.slice(0, key.indexOf('@')), where: v.where, share: v.n / total }));
  return { samples: total, top };
}

function inner(): void {
  const stdpText = benchNetwork({ neurons: 512, durationMs: 1000, stdp: true });
  const withStdp = hasPlasticityProgram(mapText(stdpText, 'bench_full_chip_stdp.bss2'));
  const text = withStdp ? stdpText : benchNetwork({ neurons: 512, durationMs: 1000 });
  for (let r = 0; r < 3; r++) runInProcess(text, 'bench_full_chip');
  console.log(`PROFILED ${withStdp ? 'with STDP' : 'without STDP (plasticity processor pending)'}`);
}

export async function measureProfile(): Promise<ProfileResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bss2-bench-profile-'));
  try {
    const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', __filename, '--inner'], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) return { ok: false, problem: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-2).join(' / ') };
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) return { ok: false, problem: 'node wrote no .cpuprofile' };
    const { samples, top } = attribute(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, 'advance');
    if (samples === 0) return { ok: false, problem: 'no samples inside EmulatorSession.advance' };
    return { ok: true, network: /PROFILED (.*)/.exec(r.stdout)?.[1], samples, top };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printProfile(r: ProfileResult): void {
  if (!r.ok) {
    console.log(`profile: not measured: ${r.problem}`);
    return;
  }
  console.log(`profile of the full-chip run ${r.network}, ${r.samples} samples inside EmulatorSession.advance (self time):`);
  for (const e of r.top ?? []) console.log(`  ${fmt(100 * e.share, 1).padStart(5)} %  ${e.function}  ${e.where}`);
}

if (require.main === module) {
  if (process.argv.includes('--inner')) inner();
  else benchMain(() => measureProfile(), printProfile);
}
