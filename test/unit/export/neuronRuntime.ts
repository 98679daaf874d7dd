/**
 * A PyNN + NEURON installation the tests can run exported scripts with. Debian's python3-pynn ships PyNN's
 * NMODL mechanisms uncompiled, and a system directory is no place for a test to build in, so this copies the
 * pyNN package into a cache folder, compiles its mechanisms there once (nrnivmodl, from neuron-dev) and runs
 * scripts with that copy first on PYTHONPATH. The cache is keyed by the PyNN version and reused across runs.
 *
 * Debian's nrnivmodl (neuron 8.2.2) looks for its makefile and libraries in /usr/bin and /usr/lib, where
 * the package does not put them (/usr/lib/nrn); a private NRNHOME of symbolic links points it at the right
 * places. It then fails to link the `special` executable, which PyNN does not use: the test only requires the
 * mechanism library. PyNN 0.10 loads it from `<arch>/.libs/libnrnmech.so`, NEURON 8 writes `<arch>/libnrnmech.so`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';

export type NeuronRuntime = { ok: true; pythonPath: string } | { ok: false; reason: string };

let cached: NeuronRuntime | undefined;

function python(code: string): { ok: boolean; out: string } {
  const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', timeout: 60000 });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim() || (r.stderr ?? '').trim() };
}

function which(program: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The mechanism library under `nmodl`, if compiled. */
function mechanismLibrary(nmodl: string): string | undefined {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  const lib = join(nmodl, arch, 'libnrnmech.so');
  return existsSync(lib) ? lib : undefined;
}

export function neuronRuntime(): NeuronRuntime {
  if (cached) return cached;
  cached = prepare();
  return cached;
}

function prepare(): NeuronRuntime {
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} is missing` };
  const probe = python('import os, pyNN, neuron; print(pyNN.__version__ + "|" + os.path.dirname(pyNN.__file__))');
  if (!probe.ok) return { ok: false, reason: `PyNN or NEURON is not installed for ${PYTHON} (apt-get install python3-pynn python3-neuron): ${probe.out.split('\n').pop()}` };
  const [version, pynnDir] = probe.out.split('\n').pop()!.split('|');
  const nrnivmodl = which('nrnivmodl');
  if (!nrnivmodl) return { ok: false, reason: 'nrnivmodl is missing (apt-get install neuron-dev): PyNN needs its NMODL mechanisms compiled' };

  const cache = join(tmpdir(), 'bss2-pynn-neuron-cache', `pyNN-${version}`);
  if (mechanismLibrary(join(cache, 'pyNN', 'neuron', 'nmodl'))) return { ok: true, pythonPath: cache };

  // Build in a private folder, then move it into place: concurrent test runs never see half a build.
  mkdirSync(join(tmpdir(), 'bss2-pynn-neuron-cache'), { recursive: true });
  const build = mkdtempSync(join(tmpdir(), 'bss2-pynn-neuron-cache', 'build-'));
  try {
    cpSync(pynnDir, join(build, 'pyNN'), { recursive: true });
    const nmodl = join(build, 'pyNN', 'neuron', 'nmodl');
    const env: NodeJS.ProcessEnv = { ...process.env };
    const debianLayout = existsSync('/usr/lib/nrn/nrnmech_makefile') && !existsSync('/usr/bin/nrnmech_makefile');
    if (debianLayout) {
      const home = join(build, 'nrnhome');
      mkdirSync(join(home, 'bin'), { recursive: true });
      mkdirSync(join(home, 'share'), { recursive: true });
      for (const tool of ['nocmodl', 'modlunit', 'nrniv', 'nrnivmodl']) if (existsSync(`/usr/bin/${tool}`)) symlinkSync(`/usr/bin/${tool}`, join(home, 'bin', tool));
      symlinkSync('/usr/lib/nrn/nrnmech_makefile', join(home, 'bin', 'nrnmech_makefile'));
      symlinkSync('/usr/lib/nrn', join(home, 'lib'));
      symlinkSync('/usr/include', join(home, 'include'));
      symlinkSync('/usr/share/nrn', join(home, 'share', 'nrn'));
      env.NRNHOME = home;
    }
    const r = spawnSync(nrnivmodl, [], { cwd: nmodl, env, encoding: 'utf8', timeout: 300000 });
    const lib = mechanismLibrary(nmodl);
    if (!lib) return { ok: false, reason: `nrnivmodl could not compile PyNN's mechanisms: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ')}` };
    const libs = join(lib, '..', '.libs');
    mkdirSync(libs, { recursive: true });
    if (!existsSync(join(libs, 'libnrnmech.so'))) symlinkSync(join('..', 'libnrnmech.so'), join(libs, 'libnrnmech.so'));
    rmSync(cache, { recursive: true, force: true });
    renameSync(build, cache);
    return { ok: true, pythonPath: cache };
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
}

/** Runs a script with the compiled PyNN; returns exit status and output. */
export function runPython(runtime: { pythonPath: string }, script: string, args: string[], cwd: string, timeoutMs = 120000) {
  const r = spawnSync(PYTHON, [script, ...args], {
    cwd,
    env: { ...process.env, PYTHONPATH: runtime.pythonPath, MPLBACKEND: 'Agg' },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
