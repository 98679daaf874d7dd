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
  type LogicalNeuron,
  type NeuronCircuit,
  type SourceMap,
  type StepCurrent,
} from '../../common/chip/configuration';
import { CLOCKS, EVENT_LABEL, FIELDS, MULTICOMPARTMENT, TOPOLOGY, eventOutputOfColumn, padiBusOfColumn } from '../../common/chip/limits';
import { Severity, type Diagnostic } from '../language/diagnostic';
import type { Experiment } from '../language/model';
import { planBackgroundGenerators } from './backgroundSources';
import { MapperCode } from './codes';
import { expandConnector } from './connectivity';
import { MapContext, type MapOptions, fmt } from './context';
import { type ExternalPopulation, checkPlaybackMemory, expectedSpikeCount, spikeTrains } from './externalSources';
import { BusSources, rowSelectOfLabel } from './driverAllocation';
import { ADDRESSES_PER_BUS, BusAddressSpace, NEURON_SILENT_ADDRESS_BASE } from './labels';
import { type Placement, circuitsOfCompartment, placeNeurons } from './placeNeurons';
import { planCouplings, shapeCircuit } from './translateCompartments';
import { planRecording } from './recording';
import { type ResourceReport, emptyResourceReport, ppuResources } from './resources';
import { planPpuPrograms } from '../plasticity/programs';
import { type ResolvedSource, type RoutedProjection, routeSynapses } from './routeSynapses';
import {
  type HardwareParameters,
  type LinearVoltageMapping,
  assignRefractory,
  bioMsToHardwareUs,
  compartmentAsPopulation,
  hardwareKey,
  resolveVoltageMapping,
  translateParameters,
} from './translateParameters';

export type { MapOptions } from './context';
export { MAPPER_CODES, MapperCode } from './codes';
export { renderResourceTable, type ResourceReport } from './resources';

export interface MappingResult {
  configuration?: ChipConfiguration;
  diagnostics: Diagnostic[];
  resources: ResourceReport;
}

export function mapExperiment(experiment: Experiment, options: MapOptions = {}): MappingResult {
  return mapExperimentStaged(experiment, options).result;
}

/**
 * What remapping only the neuron parameters needs (remapNeuronParameters): the steps before and after them, and
 * where their diagnostics sit in the mapping's list (the order the mapper reports them in).
 */
export interface NeuronStage {
  /** The populations the placement's circuits refer to. */
  populations: Experiment['populations'];
  mapping: LinearVoltageMapping;
  placement: Placement;
  hardware: Map<string, HardwareParameters>;
  neuronAddress: Int32Array;
  /** Per population index: [start, end) of its parameter translation's diagnostics (neuron populations only). */
  translated: Array<readonly [number, number] | undefined>;
  /** [start, end) of the refractory assignment's diagnostics. */
  refractory: readonly [number, number];
}

export interface StagedMapping {
  result: MappingResult;
  stage: NeuronStage;
}

/** mapExperiment, keeping what a later remapNeuronParameters starts from. */
export function mapExperimentStaged(experiment: Experiment, options: MapOptions = {}): StagedMapping {
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
  const translated: Array<readonly [number, number] | undefined> = [];
  experiment.populations.forEach((p, i) => {
    if (p.kind !== 'neuron') return;
    const start = ctx.diagnostics.length;
    if (!p.morphology) hardware.set(p.name, translateParameters(ctx, p, mapping));
    else {
      p.morphology.compartments.forEach((c, k) => hardware.set(hardwareKey(p, k), translateParameters(ctx, compartmentAsPopulation(p, k), mapping, c.kind)));
    }
    translated[i] = [start, ctx.diagnostics.length];
  });
  const couplings = planCouplings(ctx, placement);
  const refractoryStart = ctx.diagnostics.length;
  const refractory = assignRefractory(ctx, placement, hardware);
  const refractoryEnd = ctx.diagnostics.length;

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
    // Only a neuron's output circuit sends events (the other circuits of a multi-compartment neuron are silent).
    neuronAddress[i] = presynaptic.has(c.population.name) && c.output
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
    const logical = placement.logicalByPopulation.has(projection.post.population);
    for (let e = 0; e < connections.post.length; e++) {
      if (!logical) set.add(placement.circuits[circuits[connections.post[e]]].hemisphere);
      else {
        // A compartment may span both rows: its first circuit's hemisphere is where the routing prefers it.
        const first = circuitsOfCompartment(placement, projection.post.population, connections.post[e], projection.postCompartment ?? 0)[0];
        if (first !== undefined) set.add(placement.circuits[first].hemisphere);
      }
    }
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
    if (!presynaptic.has(c.population.name) || !c.output) return;
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
  resources.fanIn = [...routing.maxFanIn].map(([population, rows]) => ({
    population,
    rows,
    available: routing.fanInAvailable.get(population) ?? TOPOLOGY.synapseRowsPerHemisphere,
  }));
  const logicalPopulations = experiment.populations.filter((p) => p.kind === 'neuron' && p.morphology);
  if (logicalPopulations.length > 0) {
    resources.logicalNeurons = logicalPopulations.map((p) => {
      const layout = placement.layouts.get(p.name);
      const morphology = p.kind === 'neuron' ? p.morphology! : undefined;
      const circuits = morphology ? morphology.compartments.reduce((n, c) => n + Math.round(c.circuits.value), 0) : 0;
      return { population: p.name, neurons: p.size, compartments: morphology?.compartments.length ?? 0, circuitsPerNeuron: circuits, columnsPerNeuron: layout?.width ?? Math.ceil(circuits / MULTICOMPARTMENT.rows) };
    });
    resources.neuronCircuits.total.used = experiment.populations.reduce(
      (n, p) => n + (p.kind !== 'neuron' ? 0 : p.morphology ? p.size * (placement.layouts.get(p.name)?.circuits ?? 0) : p.size),
      0,
    );
  }

  // Plasticity rules: one PPU program per rule and hemisphere, with its time and memory (server/plasticity).
  const ppu = planPpuPrograms(experiment.plasticity, routing.rows, experiment.projections.map((p) => p.name));
  ctx.diagnostics.push(...ppu.diagnostics);
  if (experiment.plasticity.length > 0) resources.ppu = ppuResources(ppu.usage);

  const stage: NeuronStage = {
    populations: experiment.populations,
    mapping,
    placement,
    hardware,
    neuronAddress,
    translated,
    refractory: [refractoryStart, refractoryEnd],
  };
  if (ctx.hasErrors) return { result: { diagnostics: ctx.diagnostics, resources }, stage };

  const neurons = neuronCircuits(placement, hardware, refractory, neuronAddress);
  const logicalNeurons: LogicalNeuron[] = placement.logicalNeurons.map((n) => ({
    population: n.population.name,
    index: n.index,
    compartments: n.compartments.map((circuits, k) => ({ name: n.population.morphology!.compartments[k].name, circuits: [...circuits] })),
    couplings: (couplings.get(n.population.name) ?? []).map((c) => ({ ...c })),
    output: 0,
  }));
  const stimuli: StepCurrent[] = [];
  for (const s of experiment.stimuli) {
    const circuits = placement.byPopulation.get(s.target.population);
    if (!circuits) continue;
    for (let i = s.target.start; i < s.target.end && i < circuits.length; i++) {
      const c = placement.circuits[s.compartment === undefined ? circuits[i] : circuitsOfCompartment(placement, s.target.population, i, s.compartment)[0]];
      stimuli.push({ hemisphere: c.hemisphere, column: c.column, timesUs: s.times.map(bioMsToHardwareUs), amplitudesPa: [...s.amplitudes] });
    }
  }
  const source: SourceMap = {
    populations: experiment.populations.map((p) => {
      const entry: SourceMap['populations'][number] = { name: p.name, type: p.type, size: p.size };
      if (p.kind === 'neuron') entry.circuits = placement.byPopulation.get(p.name) ?? [];
      if (p.kind === 'neuron' && p.morphology) entry.logicalNeurons = placement.logicalByPopulation.get(p.name) ?? [];
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
    ...(logicalNeurons.length > 0 ? { logicalNeurons } : {}),
  };
  return { result: { configuration, diagnostics: ctx.diagnostics, resources }, stage };
}

/** The configuration of every placed circuit, from its population's hardware parameters and its refractory setting. */
function neuronCircuits(
  placement: Placement,
  hardware: Map<string, HardwareParameters>,
  refractory: ReturnType<typeof assignRefractory>,
  neuronAddress: Int32Array,
): NeuronCircuit[] {
  const neurons: NeuronCircuit[] = placement.circuits.map((c, i) => {
    const hw = hardware.get(hardwareKey(c.population, c.compartment))!;
    const { refractoryUs, ...rest } = hw;
    void refractoryUs;
    const circuit: NeuronCircuit = {
      hemisphere: c.hemisphere,
      row: c.hemisphere,
      column: c.column,
      population: c.population.name,
      index: c.index,
      compartment: c.compartment,
      ...rest,
      addressOut: neuronAddress[i],
      refractoryCounter: refractory.perCircuit[i].counter,
      refractoryClock: refractory.perCircuit[i].clock,
      capmem: { ...hw.capmem },
    };
    return c.population.morphology ? shapeCircuit(circuit, c, placement) : circuit;
  });
  // The circuits of a compartment take the refractory setting of its comparator (one membrane, one reset).
  for (const n of placement.logicalNeurons) {
    for (const circuits of n.compartments) {
      for (const j of circuits.slice(1)) {
        neurons[j].refractoryCounter = neurons[circuits[0]].refractoryCounter;
        neurons[j].refractoryClock = neurons[circuits[0]].refractoryClock;
      }
    }
  }
  return neurons;
}

/**
 * The mapping of `experiment` when it differs from the one `previous` mapped only in the parameters of the
 * one-circuit neuron populations at the indices `changed` (server/mappingReuse.ts `sameLayout` establishes
 * that). Those parameters are read by the parameter translation and the refractory clocks alone: placement,
 * addresses, routing, recording and the resource report cannot change, so only those two steps run again and
 * their diagnostics replace the previous ones at the same places in the list. `moveDiagnostics` re-anchors the
 * kept diagnostics to the new text (undefined: not exactly possible). Undefined when the shortcut does not
 * apply; the caller then maps in full. test/unit/server/mappingReuse.test.ts compares it with full mappings.
 */
export function remapNeuronParameters(
  experiment: Experiment,
  options: MapOptions,
  previous: StagedMapping,
  changed: readonly number[],
  moveDiagnostics: (kept: Diagnostic[]) => Diagnostic[] | undefined,
): StagedMapping | undefined {
  const { stage, result } = previous;
  const populations = experiment.populations;
  if (populations.length !== stage.populations.length) return undefined;
  const ctx = new MapContext(experiment, { generateSpikeTrains: options.generateSpikeTrains ?? true });
  // Hardware parameters are kept by name: with two populations of one name the mapper's own order decides.
  if (ctx.populationsByName.size !== populations.length) return undefined;
  const newer = new Map<object, (typeof populations)[number]>();
  stage.populations.forEach((p, i) => newer.set(p, populations[i]));
  const circuits = stage.placement.circuits.map((c) => ({ ...c, population: newer.get(c.population) as typeof c.population }));
  const placement: Placement = {
    ...stage.placement,
    circuits,
    logicalNeurons: stage.placement.logicalNeurons.map((n) => ({ ...n, population: newer.get(n.population) as typeof n.population })),
  };
  const hardware = new Map(stage.hardware);
  const replaced: Array<{ at: readonly [number, number]; fresh: Diagnostic[] }> = [];
  for (const i of changed) {
    const p = populations[i];
    const at = stage.translated[i];
    if (p.kind !== 'neuron' || p.morphology || !at) return undefined;
    const start = ctx.diagnostics.length;
    hardware.set(p.name, translateParameters(ctx, p, stage.mapping));
    replaced.push({ at, fresh: ctx.diagnostics.slice(start) });
  }
  const start = ctx.diagnostics.length;
  const refractory = assignRefractory(ctx, placement, hardware);
  replaced.push({ at: stage.refractory, fresh: ctx.diagnostics.slice(start) });
  // `replaced` is in the mapper's order (populations by index, then the refractory clocks), so spans that are
  // empty and sit at the same place keep their order.

  // The previous diagnostics outside the replaced spans, moved to the new text, then spliced with the new ones.
  const old = result.diagnostics;
  const kept: Diagnostic[] = [];
  let from = 0;
  for (const r of replaced) {
    for (let j = from; j < r.at[0]; j++) kept.push(old[j]);
    from = r.at[1];
  }
  for (let j = from; j < old.length; j++) kept.push(old[j]);
  const moved = moveDiagnostics(kept);
  if (!moved) return undefined;
  const diagnostics: Diagnostic[] = [];
  let k = 0;
  from = 0;
  for (const r of replaced) {
    for (let j = from; j < r.at[0]; j++) diagnostics.push(moved[k++]);
    for (const d of r.fresh) diagnostics.push(d);
    from = r.at[1];
  }
  while (k < moved.length) diagnostics.push(moved[k++]);
  // Where each step's diagnostics now sit, for the next edit: walked in the mapper's order, each span moves by
  // what the replaced spans before it gained or lost.
  const freshAt = new Map(replaced.map((r) => [r.at, r.fresh]));
  let delta = 0;
  const span = (at: readonly [number, number]): readonly [number, number] => {
    const fresh = freshAt.get(at);
    const begin = at[0] + delta;
    const length = fresh ? fresh.length : at[1] - at[0];
    delta += length - (at[1] - at[0]);
    return [begin, begin + length];
  };
  const translated = stage.translated.map((at) => at && span(at));
  const nextStage: NeuronStage = { ...stage, populations, placement, hardware, translated, refractory: span(stage.refractory) };
  const resources = result.resources;
  if (diagnostics.some((d) => d.severity === Severity.Error)) return { result: { diagnostics, resources }, stage: nextStage };
  // A configuration is built only by a full mapping (the previous one had errors elsewhere).
  if (!result.configuration) return undefined;
  const configuration: ChipConfiguration = {
    ...result.configuration,
    backendBlocks: refractory.blocks,
    neurons: neuronCircuits(placement, hardware, refractory, stage.neuronAddress),
  };
  return { result: { configuration, diagnostics, resources }, stage: nextStage };
}

function reportLabelsExhausted(ctx: MapContext, range: Diagnostic['range'], name: string, bus: number): void {
  ctx.error(
    MapperCode.LabelsPerBusExhausted,
    range,
    `population '${name}': no event label is left on PADI bus ${bus}; each bus index tells at most ${ADDRESSES_PER_BUS} sources apart (2 row-select bits and the 6-bit synapse label, [HALCO] event.h, synapse.h)`,
    { bus, limit: ADDRESSES_PER_BUS },
  );
}
