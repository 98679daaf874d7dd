/**
 * `bss2 export FILE --pynn OUT.py [--backend B] [--poisson arrays|generators] [--connectivity lists|connectors]
 * [--seed N] [--duration T] [--timestep DT]`: writes the experiment as a self-contained PyNN script
 * (server/export/pynn). Exit status: 0 written, 1 the file has errors or the backend cannot take it (the
 * diagnostics say why), 2 bad usage or unreadable file.
 */
import { basename } from 'node:path';
import { Severity } from '../../server/language/diagnostic';
import { parseDurationMs, parseSeed, parseTimeMs } from '../optionValues';
import { BACKEND_NAMES, type BackendName, exportToPyNN } from '../../server/export/pynn';
import { writeFileAtomic } from '../atomicWrite';
import { formatDiagnostic, splitLines } from '../format';
import type { CliIO, Command } from '../io';
import { readSource } from './check';

const USAGE = `Usage: bss2 export FILE --pynn OUT.py [--backend ${BACKEND_NAMES.join('|')}] [options]

Writes the experiment as a self-contained PyNN script for the chip (pynn_brainscales) or a software
simulator. The script saves its recorded spikes and traces as a results file for 'bss2 import'.

Options:
  --pynn OUT.py          the script to write ('-' for standard output)
  --backend B            brainscales2 (default), neuron, nest or brian2
  --poisson MODE         arrays (default): Poisson sources play the emulator's exact spike trains;
                         generators: the backend's own Poisson sources (same rates, other trains)
  --connectivity MODE    lists (default): random connectors as the emulator's exact connections;
                         connectors: PyNN's connectors draw their own (same statistics)
  --seed N               use seed N instead of the experiment's (as 'bss2 run --seed')
  --duration T           export T instead of the experiment's duration (e.g. 200ms, 1.5s)
  --timestep DT          integration step of the software simulators in ms (default 0.01)

Exit status: 0 written, 1 the file has errors or cannot be exported to that backend, 2 bad usage or
unreadable file.
`;

interface ExportArgs {
  file: string;
  out: string;
  backend: BackendName;
  poisson?: 'arrays' | 'generators';
  connectivity?: 'lists' | 'connectors';
  seed?: number;
  durationMs?: number;
  timestepMs?: number;
}

function parseArgs(args: string[]): ExportArgs | string {
  const options: Partial<ExportArgs> = {};
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string | undefined => args[++i];
    switch (arg) {
      case '--pynn': {
        const v = value();
        if (v === undefined) return '--pynn needs a file name (or - for standard output)';
        options.out = v;
        break;
      }
      case '--backend': {
        const v = value();
        if (!BACKEND_NAMES.includes(v as BackendName)) return `--backend needs one of ${BACKEND_NAMES.join(', ')}, found '${v ?? ''}'`;
        options.backend = v as BackendName;
        break;
      }
      case '--poisson': {
        const v = value();
        if (v !== 'arrays' && v !== 'generators') return `--poisson needs arrays or generators, found '${v ?? ''}'`;
        options.poisson = v;
        break;
      }
      case '--connectivity': {
        const v = value();
        if (v !== 'lists' && v !== 'connectors') return `--connectivity needs lists or connectors, found '${v ?? ''}'`;
        options.connectivity = v;
        break;
      }
      case '--seed': {
        const seed = parseSeed(value());
        if (typeof seed === 'string') return seed;
        options.seed = seed;
        break;
      }
      case '--duration': {
        const ms = parseDurationMs(value());
        if (typeof ms === 'string') return ms;
        options.durationMs = ms;
        break;
      }
      case '--timestep': {
        const v = value();
        const ms = v === undefined ? undefined : parseTimeMs(v);
        if (ms === undefined || !(ms > 0) || ms > 1) return `--timestep needs a step from above 0 to 1 ms such as 0.01 or 25us, found '${v ?? ''}'`;
        options.timestepMs = ms;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') return `unknown option '${arg}'`;
        files.push(arg);
    }
  }
  if (files.length !== 1) return files.length === 0 ? 'no file given' : 'export takes one experiment file';
  if (options.out === undefined) return 'say where to write the script with --pynn OUT.py';
  return { backend: 'brainscales2', ...options, file: files[0] } as ExportArgs;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write an experiment as a PyNN script (BrainScaleS-2, NEURON, NEST, Brian 2)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr(`bss2 export: ${parsed}\n${USAGE}`);
      return 2;
    }
    const source = readSource(parsed.file);
    if ('problem' in source) {
      io.stderr(`bss2 export: ${source.problem}\n`);
      return 2;
    }
    const result = exportToPyNN(source.text, {
      backend: parsed.backend,
      fileName: basename(parsed.file),
      poisson: parsed.poisson,
      connectivity: parsed.connectivity,
      seed: parsed.seed,
      durationMs: parsed.durationMs,
      timestepMs: parsed.timestepMs,
    });
    const lines = splitLines(source.text);
    // Errors and warnings as `bss2 check` shows them; the export's own notes too (why a cell type was chosen).
    const shown = result.diagnostics.filter((d) => d.severity <= Severity.Warning || /^BSS2-I5/.test(d.code));
    for (const d of shown) io.stderr(formatDiagnostic(parsed.file, lines, d, io.colour));
    if (result.script === null) {
      io.stderr(`bss2 export: nothing was written for ${parsed.backend} (see the errors above)\n`);
      return 1;
    }
    if (parsed.out === '-') io.stdout(result.script);
    else {
      writeFileAtomic(parsed.out, result.script);
      const warnings = result.diagnostics.filter((d) => d.severity === Severity.Warning && /^BSS2-W5/.test(d.code)).length;
      io.stdout(`${parsed.out}: PyNN script for ${parsed.backend}${warnings > 0 ? ` (${warnings} export warning${warnings === 1 ? '' : 's'} above)` : ''}\n`);
    }
    return 0;
  },
};
