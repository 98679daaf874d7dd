/**
 * Finding and running the peer simulators (Brian2, from Debian's python3-brian, run by Debian's own interpreter).
 * The benchmarks install nothing: a missing peer is reported with the command that installs it, and the figures
 * that need it are marked "not measured".
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';
export const INSTALL_BRIAN2 = 'apt-get install python3-brian';
export const PEERS_DIR = join(__dirname, '..', 'peers');

export type Brian2Status = { ok: true; brian2: string; python: string; numpy: string } | { ok: false; problem: string };

/** Whether Brian2 imports under Debian's Python, with its version. */
export function brian2Status(): Brian2Status {
  const home = mkdtempSync(join(tmpdir(), 'bss2-bench-brian2-'));
  try {
    const r = spawnSync(PYTHON, ['-c', 'import sys, numpy, brian2; print(brian2.__version__, sys.version.split()[0], numpy.__version__)'], {
      env: { ...process.env, HOME: home },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.error) return { ok: false, problem: `${PYTHON} not found (${r.error.message}); install Brian2 with: ${INSTALL_BRIAN2}` };
    if (r.status !== 0) {
      const last = (r.stderr || '').trim().split('\n').pop() ?? '';
      return { ok: false, problem: `Brian2 does not import under ${PYTHON} (${last}); install it with: ${INSTALL_BRIAN2}` };
    }
    const [brian2, python, numpy] = r.stdout.trim().split('\n').pop()!.split(/\s+/);
    return { ok: true, brian2, python, numpy };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** GNU time: CPU time of a process and every descendant it waited for (compilers included). */
export const GNU_TIME = '/usr/bin/time';

/**
 * The command line that runs `command args` under GNU time when it is installed, writing "user system" seconds
 * to `file`; `readCpu` reads them back (undefined without GNU time). On a shared machine CPU time is the figure
 * other jobs disturb least.
 */
export function withCpuTime(command: string, args: string[], file: string): { command: string; args: string[]; readCpu: () => number | undefined } {
  if (!existsSync(GNU_TIME)) return { command, args, readCpu: () => undefined };
  return {
    command: GNU_TIME,
    args: ['-f', '%U %S', '-o', file, command, ...args],
    readCpu: () => {
      try {
        const [user, system] = readFileSync(file, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        return Number.isFinite(user + system) ? user + system : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export interface PeerRun<T> {
  ok: boolean;
  /** Process start to exit, s. */
  wall_s: number;
  /** CPU time (user + system) of the process and its children (e.g. the C++ compiler), s; without GNU time undefined. */
  cpu_s?: number;
  result?: T;
  /** Why it failed, in one line (the script's last error line). */
  problem?: string;
}

/**
 * Runs a peer script with a fresh HOME (Brian2's compile cache lives there: every run pays its own builds, as a
 * first run would) and returns its 'RESULT {json}' line. The wall time runs from spawn to exit.
 */
export function runPeer<T>(script: string, args: string[], timeoutMs = 600_000): Promise<PeerRun<T>> {
  const home = mkdtempSync(join(tmpdir(), 'bss2-bench-peer-'));
  const started = performance.now();
  return new Promise((resolve) => {
    const timed = withCpuTime(PYTHON, [join(PEERS_DIR, script), ...args.map((a) => a.replace('{HOME}', home))], join(home, 'cpu-time'));
    const child = spawn(timed.command, timed.args, {
      env: { ...process.env, HOME: home, PYTHONWARNINGS: 'ignore' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const finish = (code: number | null, problem?: string) => {
      clearTimeout(timer);
      const wall_s = (performance.now() - started) / 1000;
      const cpu_s = timed.readCpu();
      rmSync(home, { recursive: true, force: true });
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) {
        resolve({ ok: true, wall_s, cpu_s, result: JSON.parse(line.slice('RESULT '.length)) as T });
        return;
      }
      const lastError = err.trim().split('\n').filter((l) => !/Warning|^\s|^Command exited with/.test(l)).pop();
      resolve({ ok: false, wall_s, problem: problem ?? (code === null ? `killed after ${timeoutMs / 1000} s` : lastError || `exit status ${code}`) });
    };
    child.on('error', (e) => finish(-1, e.message));
    child.on('close', (code) => finish(code));
  });
}
