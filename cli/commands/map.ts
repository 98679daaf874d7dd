/**
 * `bss2 map FILE [--json]`: where an experiment lands on the chip. With --json the chip configuration the
 * emulator runs (one JSON line); without it a readable summary: each population's place, each projection's
 * synapse rows and drivers, and the resource table. When errors prevent a configuration they are printed as
 * `bss2 check` prints them, on stderr, and the exit code is 1; an unreadable file or bad usage exits 2.
 */
import type { ChipConfiguration } from '../../common/chip/configuration';
import { TOPOLOGY } from '../../common/chip/limits';
import { analyzeDocument } from '../../server/analysis';
import { Severity } from '../../server/language/diagnostic';
import { renderResourceTable } from '../../server/mapper';
import { formatDiagnostic, formatSummary, splitLines } from '../format';
import type { CliIO, Command } from '../io';
import { readSource } from './check';

const USAGE = `Usage: bss2 map FILE [--json]

Maps an experiment file (.bss2) onto the BrainScaleS-2 chip and prints where everything lands: the
hemisphere and neuron columns of each population, the synapse rows and drivers of each projection, and
the table of chip resources used.

Options:
  --json   print the chip configuration (the input of the emulator) as one line of JSON instead

Problems that prevent a mapping are printed on stderr as \`bss2 check\` prints them; warnings too.
Exit status: 0 mapped, 1 the file has errors, 2 the file could not be read or bad usage.
`;

/** `[0, 1, 2, 5]` -> `0..2, 5`. */
export function compactRanges(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}..${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === cells.length - 1 ? x : x.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`);
}

function placementLines(config: ChipConfiguration): string[] {
  const rows: string[][] = [];
  for (const p of config.source.populations) {
    const where: string[] = [];
    if (p.circuits) {
      for (let h = 0; h < TOPOLOGY.hemispheres; h++) {
        const columns = p.circuits.map((i) => config.neurons[i]).filter((n) => n.hemisphere === h).map((n) => n.column);
        if (columns.length > 0) where.push(`hemisphere ${h}, columns ${compactRanges(columns)}`);
      }
    } else if (p.backgroundGenerator !== undefined) {
      // Generator j feeds PADI bus j % 4 of hemisphere j / 4 ([HALCO] background.h).
      const j = p.backgroundGenerator;
      const buses = TOPOLOGY.padiBusesPerHemisphere;
      where.push(`on-chip generator ${j}, hemisphere ${Math.floor(j / buses)}, PADI bus ${j % buses}`);
    } else if (p.externalSources) {
      const buses = new Set(p.externalSources.map((i) => (config.externalSources[i].label >> 8) & (TOPOLOGY.padiBusesPerHemisphere - 1)));
      where.push(`external (FPGA), PADI bus ${compactRanges([...buses])}`);
    }
    if (where.length === 0) where.push('-');
    where.forEach((w, k) => rows.push(k === 0 ? [p.name, p.type, String(p.size), w] : ['', '', '', w]));
  }
  return table(['population', 'type', 'size', 'placed on'], rows);
}

function projectionLines(config: ChipConfiguration): string[] {
  const stats = config.source.projections.map(() => ({ synapses: 0, rows: new Set<number>(), drivers: new Set<number>() }));
  for (const r of config.synapseRows) {
    const key = r.hemisphere * TOPOLOGY.synapseRowsPerHemisphere + r.row;
    for (const p of r.projection) {
      const s = stats[p];
      s.synapses++;
      s.rows.add(key);
      s.drivers.add(Math.floor(key / TOPOLOGY.rowsPerDriver));
    }
  }
  const rows = config.source.projections.map((name, i) => [name, String(stats[i].synapses), String(stats[i].rows.size), String(stats[i].drivers.size)]);
  return table(['projection', 'synapses', 'rows', 'drivers'], rows);
}

export const mapCommand: Command = {
  name: 'map',
  summary: 'show where an experiment lands on the chip (or print its chip configuration)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const options = args.filter((a) => a.startsWith('-') && a !== '-');
    const unknown = options.filter((a) => a !== '--json');
    if (unknown.length > 0) {
      io.stderr(`bss2 map: unknown option '${unknown[0]}'\n${USAGE}`);
      return 2;
    }
    const files = args.filter((a) => !options.includes(a));
    if (files.length !== 1) {
      io.stderr(`bss2 map: ${files.length === 0 ? 'no file given' : 'give exactly one file'}\n${USAGE}`);
      return 2;
    }
    const [file] = files;
    const source = readSource(file);
    if ('problem' in source) {
      io.stderr(`bss2 map: ${source.problem}\n`);
      return 2;
    }
    const result = analyzeDocument(source.text);
    const lines = splitLines(source.text);
    for (const d of result.diagnostics) io.stderr(formatDiagnostic(file, lines, d, false));
    const config = result.configuration;
    if (!config) {
      const errors = result.diagnostics.filter((d) => d.severity === Severity.Error).length;
      const warnings = result.diagnostics.filter((d) => d.severity === Severity.Warning).length;
      io.stderr(formatSummary(1, errors, warnings));
      io.stderr(`bss2 map: '${file}' cannot be mapped until the errors above are fixed\n`);
      return 1;
    }
    if (args.includes('--json')) {
      io.stdout(JSON.stringify(config) + '\n');
      return 0;
    }
    const out = [
      `experiment ${config.experiment}: ${config.neurons.length} neuron circuits, ${config.synapseRows.length} synapse rows on ${config.synapseDrivers.length} drivers`,
      '',
      'Placement',
      ...placementLines(config),
      '',
      'Projections (a row or driver shared by several projections counts for each)',
      ...projectionLines(config),
      '',
      'Resources',
      ...renderResourceTable(result.resources!).split('\n').map((l) => `  ${l}`),
      '',
    ];
    io.stdout(out.join('\n'));
    return 0;
  },
};
