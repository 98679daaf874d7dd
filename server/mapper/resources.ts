/**
 * The resource report: what an experiment uses of the chip, next to what the chip has (issue: `bss2 check`
 * prints it as a table, `--json` adds it per file). Counts are those the experiment needs, even where they do
 * not fit, so the report explains the errors.
 */
import { CADC, EVENTS, MADC, PPU, TOPOLOGY } from '../../common/chip/limits';

export interface Usage {
  used: number;
  available: number;
}

export interface ResourceReport {
  neuronCircuits: { total: Usage; perHemisphere: Usage[] };
  synapseRows: { perHemisphere: Usage[]; perPadiBus: Array<Usage & { hemisphere: number; bus: number }> };
  synapseDrivers: { perHemisphere: Usage[] };
  synapses: Usage;
  backgroundGenerators: Usage;
  eventLabels: Array<Usage & { bus: number }>;
  madcChannels: Usage;
  cadcChannels: Usage;
  externalSpikes: Usage;
  /** Largest fan-in (synapse rows) of any neuron of each population. */
  fanIn: Array<{ population: string; rows: number; available: number }>;
  /** Populations of multi-compartment neuron types: per neuron, its compartments, circuits and columns (of 128 per block). */
  logicalNeurons?: Array<{ population: string; neurons: number; compartments: number; circuitsPerNeuron: number; columnsPerNeuron: number }>;
  /**
   * The plasticity processors, when the experiment has rules: memory per hemisphere (program, runtime, data in
   * the 16 KiB SRAM) and, per hemisphere, the cycles of its busiest rule against its period's cycles.
   */
  ppu?: { memoryBytes: Usage; cyclesPerPeriod?: Usage; perHemisphere?: Array<{ memoryBytes: Usage; cyclesPerPeriod: Usage }> };
}

export function emptyResourceReport(): ResourceReport {
  const u = (available: number): Usage => ({ used: 0, available });
  return {
    neuronCircuits: { total: u(TOPOLOGY.atomicNeurons), perHemisphere: [u(TOPOLOGY.neuronColumns), u(TOPOLOGY.neuronColumns)] },
    synapseRows: {
      perHemisphere: [u(TOPOLOGY.synapseRowsPerHemisphere), u(TOPOLOGY.synapseRowsPerHemisphere)],
      perPadiBus: Array.from({ length: TOPOLOGY.hemispheres * TOPOLOGY.padiBusesPerHemisphere }, (_, i) => ({
        hemisphere: Math.floor(i / TOPOLOGY.padiBusesPerHemisphere),
        bus: i % TOPOLOGY.padiBusesPerHemisphere,
        ...u(TOPOLOGY.rowsPerPadiBus),
      })),
    },
    synapseDrivers: { perHemisphere: [u(TOPOLOGY.synapseDriversPerHemisphere), u(TOPOLOGY.synapseDriversPerHemisphere)] },
    synapses: u(TOPOLOGY.hemispheres * TOPOLOGY.synapseRowsPerHemisphere * TOPOLOGY.synapsesPerRow),
    backgroundGenerators: u(TOPOLOGY.backgroundGenerators),
    eventLabels: Array.from({ length: TOPOLOGY.padiBusesPerHemisphere }, (_, bus) => ({ bus, ...u(256) })),
    madcChannels: u(MADC.maxNeurons),
    cadcChannels: u(CADC.instances * TOPOLOGY.neuronColumns),
    externalSpikes: u(EVENTS.playbackInstructions),
    fanIn: [],
  };
}

/** The PPU rows of the report from the plasticity plan (server/plasticity/programs.ts). */
export function ppuResources(usage: { memoryBytes: number[]; cyclesPerPeriod: Array<{ used: number; available: number }> }): NonNullable<ResourceReport['ppu']> {
  const perHemisphere = usage.memoryBytes.map((bytes, h) => ({
    memoryBytes: { used: bytes, available: PPU.sramBytes },
    cyclesPerPeriod: { used: Math.round(usage.cyclesPerPeriod[h].used), available: Math.round(usage.cyclesPerPeriod[h].available) },
  }));
  const busiest = perHemisphere.reduce((a, b) => (b.memoryBytes.used > a.memoryBytes.used ? b : a));
  return { memoryBytes: busiest.memoryBytes, cyclesPerPeriod: busiest.cyclesPerPeriod, perHemisphere };
}

function cell(u: Usage): string {
  const percent = u.available > 0 ? Math.round((100 * u.used) / u.available) : 0;
  const mark = u.used > u.available ? '  !' : '';
  return `${u.used} / ${u.available} (${percent} %)${mark}`;
}

/** The report as a plain-text table, one resource per line; `!` marks what does not fit. */
export function renderResourceTable(r: ResourceReport): string {
  const lines: Array<[string, string]> = [];
  lines.push(['neuron circuits', cell(r.neuronCircuits.total)]);
  r.neuronCircuits.perHemisphere.forEach((u, h) => lines.push([`  hemisphere ${h}`, cell(u)]));
  r.synapseRows.perHemisphere.forEach((u, h) => lines.push([`synapse rows, hemisphere ${h}`, cell(u)]));
  for (const b of r.synapseRows.perPadiBus) if (b.used > 0) lines.push([`  PADI bus ${b.bus}, hemisphere ${b.hemisphere}`, cell(b)]);
  r.synapseDrivers.perHemisphere.forEach((u, h) => lines.push([`synapse drivers, hemisphere ${h}`, cell(u)]));
  lines.push(['synapses', cell(r.synapses)]);
  for (const f of r.fanIn) lines.push([`  max. fan-in of ${f.population}`, cell({ used: f.rows, available: f.available })]);
  for (const l of r.logicalNeurons ?? []) {
    lines.push([
      `multi-compartment ${l.population}`,
      `${l.neurons} x (${l.compartments} compartments, ${l.circuitsPerNeuron} circuits, ${l.columnsPerNeuron} / ${TOPOLOGY.neuronColumns / TOPOLOGY.backendBlocks} columns)`,
    ]);
  }
  r.eventLabels.forEach((u) => lines.push([`event labels, PADI bus ${u.bus}`, cell(u)]));
  lines.push(['background generators', cell(r.backgroundGenerators)]);
  lines.push(['external spikes (playback)', cell(r.externalSpikes)]);
  lines.push(['MADC channels', cell(r.madcChannels)]);
  lines.push(['CADC channels', cell(r.cadcChannels)]);
  if (r.ppu?.perHemisphere) {
    r.ppu.perHemisphere.forEach((h, i) => {
      if (h.memoryBytes.used === 0) return;
      lines.push([`PPU memory (bytes), hemisphere ${i}`, cell(h.memoryBytes)]);
      lines.push([`PPU cycles per period, hemisphere ${i}`, cell(h.cyclesPerPeriod)]);
    });
  } else if (r.ppu) lines.push(['PPU memory (bytes)', cell(r.ppu.memoryBytes)]);
  const width = Math.max(...lines.map(([k]) => k.length));
  const header = `${'resource'.padEnd(width)}  used / available`;
  return [header, '-'.repeat(header.length + 8), ...lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`)].join('\n');
}
