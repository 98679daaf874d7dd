/**
 * The results of every run, kept as JSON files in the workspace's results folder (setting `bss2.results.folder`),
 * one file per run, named by experiment and local time so that a folder listing sorts runs in order:
 * `synfire-20261125-213005-123.json` (`-cancelled` / `-failed` before `.json` for runs that did not finish).
 * Files are written atomically (temporary file + rename), so a reader never sees half a file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../cli/atomicWrite';
import { validateRunResults, type RunResults } from '../../common/results';

export type StoredRunState = 'finished' | 'cancelled' | 'failed';

/** An experiment name as a file-name part: letters, digits, `_`, `-`, `.` only, at most 64 characters. */
export function safeFileStem(experiment: string): string {
  const stem = experiment
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 64);
  return stem || 'experiment';
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `20261125-213005-123` in local time. */
export function timestamp(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}-${pad(date.getMilliseconds(), 3)}`;
}

export function resultsFileName(experiment: string, date: Date, state: StoredRunState = 'finished'): string {
  const suffix = state === 'finished' ? '' : `-${state}`;
  return `${safeFileStem(experiment)}-${timestamp(date)}${suffix}.json`;
}

/**
 * The results folder: the setting relative to the workspace folder (an absolute setting is used as is). Returns
 * undefined without a workspace folder and a relative setting: there is nowhere sensible to write.
 */
export function resolveResultsFolder(workspaceFolder: string | undefined, setting: string): string | undefined {
  const folder = setting.trim() || 'results';
  if (isAbsolute(folder)) return folder;
  return workspaceFolder ? resolve(workspaceFolder, folder) : undefined;
}

/** Writes one run's results; never overwrites an existing file (a second run in the same millisecond gets `-2`). */
export function saveResults(folder: string, results: RunResults, date: Date, state: StoredRunState = 'finished'): string {
  const name = resultsFileName(results.experiment, date, state);
  let path = join(folder, name);
  for (let n = 2; existsSync(path); n++) path = join(folder, name.replace(/\.json$/, `-${n}.json`));
  writeFileAtomic(path, JSON.stringify(results) + '\n');
  return path;
}

export interface StoredRun {
  path: string;
  /** `20261125-213005-123`: when the run started. */
  started: string;
  fileName: string;
  experiment: string;
  /** File modification time, ms since the epoch. */
  modified: number;
  bytes: number;
}

const STORED_NAME = /^(.+)-(\d{8}-\d{6}-\d{3})(?:-(cancelled|failed))?(?:-(\d+))?\.json$/;

/** The runs kept in `folder`, newest first. Files that do not look like ours are left out. */
export function listResults(folder: string): StoredRun[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const runs: Array<StoredRun & { order: number }> = [];
  for (const fileName of names) {
    const match = STORED_NAME.exec(fileName);
    if (!match) continue;
    const path = join(folder, fileName);
    try {
      const stat = statSync(path);
      if (stat.isFile()) runs.push({ path, started: match[2], fileName, experiment: match[1], modified: stat.mtimeMs, bytes: stat.size, order: Number(match[4] ?? 1) });
    } catch {
      // removed between listing and stat: skip
    }
  }
  // Newest start first; runs started in the same millisecond by their `-N` suffix, the later one first.
  return runs.sort((a, b) => b.started.localeCompare(a.started) || b.order - a.order).map(({ order: _order, ...run }) => run);
}

export type ReadResults = { ok: true; results: RunResults } | { ok: false; error: string };

/** Reads and validates a results file; the error names the file and the first problems (JSON paths). */
export function readResultsFile(path: string): ReadResults {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, error: `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  return parseResults(text, path);
}

export function parseResults(text: string, fileName: string): ReadResults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${fileName}: not JSON (${(error as Error).message})` };
  }
  const problems = validateRunResults(value);
  if (problems.length > 0) {
    return { ok: false, error: `${fileName}: not BrainScaleS-2 results: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}` };
  }
  return { ok: true, results: value as RunResults };
}
