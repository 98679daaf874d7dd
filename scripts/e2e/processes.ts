/** Process-tree helpers for the end-to-end runner: what a started process spawned, and ending all of it. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  args: string;
}

/** All processes; from /proc on Linux (cheap enough to sample every few ms), else from `ps`. */
export function listProcesses(): ProcessInfo[] {
  if (existsSync('/proc/self/stat')) return listFromProc();
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const list: ProcessInfo[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m) list.push({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] });
  }
  return list;
}

function listFromProc(): ProcessInfo[] {
  const list: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // stat: "pid (comm) state ppid ...", where comm may itself contain spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      list.push({ pid: Number(entry), ppid, args });
    } catch {
      // the process ended while we read it
    }
  }
  return list;
}

/** Every process below `root` (not `root` itself), from one `ps` snapshot. */
export function descendants(root: number, all: ProcessInfo[] = listProcesses()): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Ends `root`, its process group (it is started detached, as a group leader) and every descendant, including
 * ones that started their own session (a terminal's shell) and so escape the group: SIGTERM first, SIGKILL for
 * whatever is left after `graceMs`.
 */
export async function killTree(root: number, graceMs = 3000): Promise<void> {
  const tree = [root, ...descendants(root).map((p) => p.pid)];
  signal(-root, 'SIGTERM');
  for (const pid of tree) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && tree.some(alive)) await new Promise((r) => setTimeout(r, 100));
  signal(-root, 'SIGKILL');
  for (const pid of tree) if (alive(pid)) signal(pid, 'SIGKILL');
  const killed = Date.now() + 2000;
  while (Date.now() < killed && tree.some(alive)) await new Promise((r) => setTimeout(r, 50));
}
