/**
 * The mapper: a checked experiment -> the chip configuration the emulator runs, every chip-limit violation as a
 * diagnostic (all in one pass), and the resource report. The configuration is only produced when no error was
 * found; the report always is. Steps, each in its own module: placement, parameter translation, connectivity,
 * background generators, event addresses, external spike trains, synapse routing, recording.
 */
import {
  CHIP_CONFIGURATION_SCHEMA,
  type ChipConfiguration,
  type ExternalSource,
  type NeuronCircuit,
  type SourceMap,
  type StepCurrent,
} from '../../common/chip/configuration';
import { CLOCKS, EVENT_LABEL, FIELDS, TOPOLOGY, eventOutputOfColumn, padiBusOfColumn } from '../../common/chip/limits';
import type { Diagnostic } from '../language/diagnostic';
import type { Experiment } from '../language/model';
import { planBackgroundGenerators } from './backgroundSources';
import { MapperCode } from './codes';
import { expandConnector } from './connectivity';
import { MapContext, type MapOptions, fmt } from './context';
import { type ExternalPopulation, checkPlaybackMemory, expectedSpikeCount, spikeTrains } from './externalSources';
import { BusSources, rowSelectOfLabel } from './driverAllocation';
import { ADDRESSES_PER_BUS, BusAddressSpace, NEURON_SILENT_ADDRESS_BASE } from './labels';
import { placeNeurons } from './placeNeurons';
import { planRecording } from './recording';
import { type ResourceReport, emptyResourceReport, ppuResources } from './resources';
import { planPpuPrograms } from '../plasticity/programs';
import { type ResolvedSource, type RoutedProjection, routeSynapses } from './routeSynapses';
import { type HardwareParameters, assignRefractory, bioMsToHardwareUs, resolveVoltageMapping, translateParameters } from './translateParameters';

export type { MapOptions } from './context';
export { MAPPER_CODES, MapperCode } from './codes';
export { renderResourceTable, type ResourceReport } from './resources';

export interface MappingResult {
  configuration?: ChipConfiguration;
  diagnostics: Diagnostic[];
  resources: ResourceReport;
}

export function mapExperiment(experiment: Experiment, options: MapOptions = {}): MappingResult {
  const ctx = new MapContext(experiment, { generateSpikeTrains: options.generateSpikeTrains ?? true });
  const resources = emptyResourceReport();
  const mapping = resolveVoltageMapping(experiment.voltageMapping);
  const durationUs = bioMsToHardwareUs(experiment.duration.value);
  const maxDurationUs = (FIELDS.systime[1] / CLOCKS.fpgaHz) * 1e6;
  if (durationUs > maxDurationUs) {
    ctx.error(
      MapperCode.DurationTooLong,
      experiment.duration.range ?? experiment.nameRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      `experiment '${experiment.name}' lasts ${fmt(durationUs / 1e6)} s on the chip; the 43-bit system time at 125 MHz ends after ${fmt(maxDurationUs / 1e6)} s ([FISCH] fpga_time.h)`,
      { found: experiment.duration.value, nearest: maxDurationUs, unit: 'ms', limit: maxDurationUs },
    );
  }

  // Neurons.
  const placement = placeNeurons(ctx);
  const hardware = new Map<string, HardwareParameters>();
  for (const p of experiment.populations) if (p.kind === 'neuron') hardware.set(p.name, translateParameters(ctx, p, mapping));
  const refractory = assignRefractory(ctx, placement, hardware);

  // Projections: chip-level checks of their own, then connectivity.
  const occurrences = new Map<string, number>();
  const routed: RoutedProjection[] = experiment.projections.map((projection) => {
    const k = occurrences.get(projection.name) ?? 0;
    occurrences.set(projection.name, k + 1);
    if (projection.delay && projection.delay.value !== 0) {
      ctx.error(
        MapperCode.DelayUnsupported,
        projection.delay.range ?? projection.range,
        `${projection.name}: delay ${fmt(projection.delay.value)} ms cannot be realised, the chip has no programmable synaptic delays ([PYNN] projections.py "Setting the delay unequal 0 is not supported")`,
        { found: projection.delay.value, nearest: 0, unit: 'ms', remove: true },
      );
    }
    if (projection.stp) {
      for (const [field, v] of [['utilization', projection.stp.utilization], ['recovery', projection.stp.recovery]] as const) {
        const [lo, hi] = FIELDS.stpUtilization;
        if (!Number.isInteger(v.value) || v.value < lo || v.value > hi) {
          ctx.error(
            MapperCode.StpFieldOutOfRange,
            v.range ?? projection.stp.range ?? projection.range,
            `${projection.name}: STP ${field} ${fmt(v.value)} is outside the 4-bit driver field ${lo}..${hi} ([HALDLS] synapse_driver.h)`,
            { parameter: field, found: v.value, nearest: Math.min(hi, Math.max(lo, Math.round(v.value))), limit: [lo, hi] },
          );
        }
      }
    }
    return { projection, connections: expandConnector(projection, ctx.seed, k) };
  });

  // Event addresses: presynaptic neurons first, on the bus of their column (always below 128: a bus index has
  // 128 circuits). The others never reach a PADI bus (the crossbar drops addresses >= 128 of neuron outputs)
  // and take addresses from 128 up per event output, unique for spike recording.
  const space = new BusAddressSpace();
  const neuronAddress = new Int32Array(placement.circuits.length);
  const presynaptic = new Set(experiment.projections.map((p) => p.pre.population));
  const nextSilent = new Int32Array(TOPOLOGY.neuronEventOutputs).fill(NEURON_SILENT_ADDRESS_BASE);
  placement.circuits.forEach((c, i) => {
    neuronAddress[i] = presynaptic.has(c.population.name)
      ? space.allocate(padiBusOfColumn(c.column))
      : nextSilent[eventOutputOfColumn(c.column)]++;
  });

  // Background generators, in the hemisphere of their targets.
  const targetHemispheres = new Map<string, Set<number>>();
  for (const { projection, connections } of routed) {
    const circuits = placement.byPopulation.get(projection.post.population);
    if (!circuits) continue;
    if (!targetHemispheres.has(projection.pre.population)) targetHemispheres.set(projection.pre.population, new Set());
    const set = targetHemispheres.get(projection.pre.population)!;
    for (let e = 0; e < connections.post.length; e++) set.add(placement.circuits[circuits[connections.post[e]]].hemisphere);
  }
  const generators = planBackgroundGenerators(ctx, targetHemispheres, (candidates) => space.emptiest(candidates));
  const generatorBase = new Map<string, { bus: number; base: number; index: number; hemisphere: 0 | 1 }>();
  for (const g of generators) {
    const base = space.allocate(g.bus, g.config.mask + 1, true);
    if (base < 0) {
      reportLabelsExhausted(ctx, g.population.nameRange, g.population.name, g.bus);
      continue;
    }
    g.config.label = (g.bus << EVENT_LABEL.eventOutputShift) | base;
    generatorBase.set(g.population.name, { bus: g.bus, base, index: g.config.index, hemisphere: g.hemisphere });
  }

  // External (FPGA) sources, each on the bus with most free addresses.
  const externalPopulations = experiment.populations.filter((p): p is ExternalPopulation => p.type === 'Poisson' || p.type === 'SpikeArray');
  const externalSources: ExternalSource[] = [];
  const externalIndex = new Map<string, number[]>();
  const externalAddress = new Map<string, Array<{ bus: number; address: number }>>();
  const spikeCounts = new Map<ExternalPopulation, number>();
  const allBuses = Array.from({ length: TOPOLOGY.padiBusesPerHemisphere }, (_, b) => b);
  let labelsReported = false;
  for (const population of externalPopulations) {
    const trains = spikeTrains(ctx, population, durationUs);
    spikeCounts.set(
      population,
      ctx.options.generateSpikeTrains || population.type === 'SpikeArray' ? trains.reduce((n, t) => n + t.length, 0) : expectedSpikeCount(population, durationUs),
    );
    const indices: number[] = [];
    const addresses: Array<{ bus: number; address: number }> = [];
    for (let i = 0; i < population.size; i++) {
      const bus = space.emptiest(allBuses);
      const address = space.allocate(bus, 1, true);
      if (address < 0) {
        if (!labelsReported) {
          labelsReported = true;
          reportLabelsExhausted(ctx, population.sizeRange, population.name, bus);
        }
        break;
      }
      addresses.push({ bus, address });
      indices.push(externalSources.length);
      externalSources.push({ population: population.name, index: i, l2Channel: 0, label: (bus << EVENT_LABEL.eventOutputShift) | address, timesUs: trains[i] });
    }
    externalIndex.set(population.name, indices);
    externalAddress.set(population.name, addresses);
  }
  checkPlaybackMemory(ctx, spikeCounts);

  // Routing. The drivers of a bus must keep apart every source whose events reach it (a driver cannot know
  // which sources a projection needs), so all of them are listed: presynaptic neurons and external sources on
  // both hemispheres, a background generator's whole label block (its mask randomises all of it) on its own.
  const eventLabel = (bus: number, address: number) => (bus << EVENT_LABEL.eventOutputShift) | address;
  const busSources = new BusSources();
  placement.circuits.forEach((c, i) => {
    if (!presynaptic.has(c.population.name)) return;
    const label = (eventOutputOfColumn(c.column) << EVENT_LABEL.eventOutputShift) | neuronAddress[i];
    for (let h = 0; h < TOPOLOGY.hemispheres; h++) busSources.add(h, padiBusOfColumn(c.column), label);
  });
  for (const addresses of externalAddress.values()) {
    for (const a of addresses) for (let h = 0; h < TOPOLOGY.hemispheres; h++) busSources.add(h, a.bus, eventLabel(a.bus, a.address));
  }
  for (const g of generators) {
    const at = generatorBase.get(g.population.name);
    if (!at) continue;
    for (let i = 0; i <= g.config.mask; i++) busSources.add(at.hemisphere, at.bus, eventLabel(at.bus, at.base | i));
  }
  const resolve = (population: string, index: number): ResolvedSource | undefined => {
    const circuits = placement.byPopulation.get(population);
    if (circuits) {
      const c = circuits[index];
      if (c === undefined) return undefined;
      const column = placement.circuits[c].column;
      const label = (eventOutputOfColumn(column) << EVENT_LABEL.eventOutputShift) | neuronAddress[c];
      return { bus: padiBusOfColumn(column), address: neuronAddress[c], rowSelect: rowSelectOfLabel(label), crossbarInput: eventOutputOfColumn(column) };
    }
    const external = externalAddress.get(population);
    if (external) {
      const a = external[index];
      return a && { bus: a.bus, address: a.address, rowSelect: rowSelectOfLabel(eventLabel(a.bus, a.address)), crossbarInput: TOPOLOGY.crossbarInputFirstL2 };
    }
    const g = generatorBase.get(population);
    if (g) {
      const address = g.base | index;
      return { bus: g.bus, address, rowSelect: rowSelectOfLabel(eventLabel(g.bus, address)), crossbarInput: TOPOLOGY.crossbarInputFirstBackground + g.index, hemisphere: g.hemisphere };
    }
    return undefined;
  };
  const routing = routeSynapses(ctx, placement, routed, resolve, busSources);
  for (const g of generators) {
    if (generatorBase.has(g.population.name)) routing.crossbar.push({ input: TOPOLOGY.crossbarInputFirstBackground + g.config.index, output: g.config.index, mask: 0, target: 0 });
  }
  routing.crossbar.sort((a, b) => a.input - b.input || a.output - b.output);

  const recording = planRecording(ctx, placement, durationUs);

  // Resource report.
  const requested = experiment.populations.reduce((n, p) => n + (p.kind === 'neuron' ? p.size : 0), 0);
  resources.neuronCircuits.total.used = requested;
  resources.neuronCircuits.perHemisphere.forEach((u, h) => (u.used = placement.circuits.filter((c) => c.hemisphere === h).length));
  resources.synapseRows.perHemisphere.forEach((u, h) => (u.used = routing.rowsPerHemisphere[h]));
  resources.synapseRows.perPadiBus.forEach((u, i) => (u.used = routing.rowsPerBus[i]));
  resources.synapseDrivers.perHemisphere.forEach((u, h) => (u.used = routing.driversPerHemisphere[h]));
  resources.synapses.used = routing.synapses;
  resources.backgroundGenerators.used = experiment.populations.filter((p) => p.type === 'BackgroundPoisson').length;
  resources.eventLabels.forEach((u) => (u.used = u.available - space.free(u.bus)));
  resources.madcChannels.used = recording.madc.length;
  resources.cadcChannels.used = new Set(recording.cadc.map((c) => c.hemisphere * TOPOLOGY.neuronColumns + c.column)).size;
  resources.externalSpikes.used = Math.round([...spikeCounts.values()].reduce((a, b) => a + b, 0));
  resources.fanIn = [...routing.maxFanIn].map(([population, rows]) => ({ population, rows, available: TOPOLOGY.synapseRowsPerHemisphere }));

  // Plasticity rules: one PPU program per rule and hemisphere, with its time and memory (server/plasticity).
  const ppu = planPpuPrograms(experiment.plasticity, routing.rows, experiment.projections.map((p) => p.name));
  ctx.diagnostics.push(...ppu.diagnostics);
  if (experiment.plasticity.length > 0) resources.ppu = ppuResources(ppu.usage);

  if (ctx.hasErrors) return { diagnostics: ctx.diagnostics, resources };

  const neurons: NeuronCircuit[] = placement.circuits.map((c, i) => {
    const hw = hardware.get(c.population.name)!;
    const { refractoryUs, ...rest } = hw;
    void refractoryUs;
    return {
      hemisphere: c.hemisphere,
      row: c.hemisphere,
      column: c.column,
      population: c.population.name,
      index: c.index,
      compartment: 0,
      ...rest,
      addressOut: neuronAddress[i],
      refractoryCounter: refractory.perCircuit[i].counter,
      refractoryClock: refractory.perCircuit[i].clock,
      capmem: { ...hw.capmem },
    };
  });
  const stimuli: StepCurrent[] = [];
  for (const s of experiment.stimuli) {
    const circuits = placement.byPopulation.get(s.target.population);
    if (!circuits) continue;
    for (let i = s.target.start; i < s.target.end && i < circuits.length; i++) {
      const c = placement.circuits[circuits[i]];
      stimuli.push({ hemisphere: c.hemisphere, column: c.column, timesUs: s.times.map(bioMsToHardwareUs), amplitudesPa: [...s.amplitudes] });
    }
  }
  const source: SourceMap = {
    populations: experiment.populations.map((p) => {
      const entry: SourceMap['populations'][number] = { name: p.name, type: p.type, size: p.size };
      if (p.kind === 'neuron') entry.circuits = placement.byPopulation.get(p.name) ?? [];
      else if (p.type === 'BackgroundPoisson') {
        const g = generatorBase.get(p.name);
        if (g) entry.backgroundGenerator = g.index;
      } else entry.externalSources = externalIndex.get(p.name) ?? [];
      return entry;
    }),
    projections: experiment.projections.map((p) => p.name),
  };
  const configuration: ChipConfiguration = {
    schema: CHIP_CONFIGURATION_SCHEMA,
    experiment: experiment.name,
    seed: ctx.seed,
    durationUs,
    voltageMapping: { ...mapping },
    backendBlocks: refractory.blocks,
    neurons,
    crossbar: routing.crossbar,
    synapseDrivers: routing.drivers,
    synapseRows: routing.rows,
    externalSources,
    backgroundGenerators: generators.map((g) => g.config).sort((a, b) => a.index - b.index),
    stimuli,
    recording,
    source,
    ...(ppu.programs.length > 0 ? { ppuPrograms: ppu.programs } : {}),
  };
  return { configuration, diagnostics: ctx.diagnostics, resources };
}

function reportLabelsExhausted(ctx: MapContext, range: Diagnostic['range'], name: string, bus: number): void {
  ctx.error(
    MapperCode.LabelsPerBusExhausted,
    range,
    `population '${name}': no event label is left on PADI bus ${bus}; each bus index tells at most ${ADDRESSES_PER_BUS} sources apart (2 row-select bits and the 6-bit synapse label, [HALCO] event.h, synapse.h)`,
    { bus, limit: ADDRESSES_PER_BUS },
  );
}
