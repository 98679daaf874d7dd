/**
 * Routing of projections onto synapse drivers, rows and columns (facts §4, §5, §9, §12.2-9).
 *
 * A connection pre -> post lands in hemisphere h of the post circuit, column = its column, on PADI bus b of the
 * source (labels.ts), in a row driven for the source's row-select (event label bits 10..6), with the synapse
 * label = label bits 5..0. Rows are grouped by (hemisphere, bus, row-select, sign, STP setting): the sign is the
 * row mode (from the receptor), STP is a driver setting shared by its two rows. Within a group a connection
 * takes the first row whose column is free, so a group needs as many rows as its busiest column has
 * connections; a weight above 63 with `split_weights` takes ceil(w / 63) rows. Rows are paired onto drivers
 * (driver d drives rows 2d, 2d+1 and listens to bus d % 4 at position d / 4), which driverAllocation.ts picks
 * per row-select with their compare masks.
 *
 * All limits are checked and reported, none truncates silently: fan-in per neuron (256 rows), per neuron and
 * bus (64 rows), rows and drivers per bus, and drivers that can keep a row-select apart from the others.
 */
import type { CrossbarNode, RowMode, SynapseDriver, SynapseRow } from '../../common/chip/configuration';
import { EVENT_LABEL, FIELDS, MULTICOMPARTMENT, TOPOLOGY } from '../../common/chip/limits';
import type { Projection } from '../language/model';
import { MapperCode } from './codes';
import { type MapContext, type Related, fmt } from './context';
import type { Connections } from './connectivity';
import { type BusSources, type DriverRequest, allocateDrivers } from './driverAllocation';
import { ADDRESS_CLASSES as CLASSES, NEURON_TO_BUS_MASK, addressClass, rowSelectClass } from './labels';
import { type Placement, circuitsOfCompartment } from './placeNeurons';

export interface ResolvedSource {
  bus: number;
  address: number;
  /** Row-select of its events on the PADI bus (label bits 10..6). */
  rowSelect: number;
  /** Crossbar input: 0..7 neuron event output, 8..11 L2, 12..19 background generator. */
  crossbarInput: number;
  /** Background generators reach one hemisphere only. */
  hemisphere?: 0 | 1;
}

export type SourceResolver = (population: string, index: number) => ResolvedSource | undefined;

export interface RoutedProjection {
  projection: Projection;
  connections: Connections;
}

export interface RoutingResult {
  drivers: SynapseDriver[];
  rows: SynapseRow[];
  crossbar: CrossbarNode[];
  /** Rows needed per hemisphere and per (hemisphere * 4 + bus), whether or not they fit. */
  rowsPerHemisphere: number[];
  rowsPerBus: number[];
  driversPerHemisphere: number[];
  synapses: number;
  /** Max. rows any circuit of the population needs (its fan-in); per compartment (`pyr.apical`) for neuron types. */
  maxFanIn: Map<string, number>;
  /** Rows available to each entry of `maxFanIn` (k x 256 for a compartment of k circuits). */
  fanInAvailable: Map<string, number>;
}

/** One row being filled: at most one synapse per column, so fixed-size typed arrays (no garbage per synapse). */
interface Slot {
  n: number;
  columns: Uint8Array;
  weights: Uint8Array;
  labels: Uint8Array;
  projection: Int32Array;
}

function newSlot(): Slot {
  const size = TOPOLOGY.synapsesPerRow;
  return { n: 0, columns: new Uint8Array(size), weights: new Uint8Array(size), labels: new Uint8Array(size), projection: new Int32Array(size) };
}

interface Group {
  hemisphere: number;
  bus: number;
  cls: number;
  mode: RowMode;
  stpKey: string;
  stp?: SynapseDriver['stp'];
  used: Int32Array;
  rows: number;
  slots: Slot[];
}

function stpOf(p: Projection): SynapseDriver['stp'] | undefined {
  if (!p.stp) return undefined;
  return { mode: p.stp.mode, utilization: p.stp.utilization.value, recovery: p.stp.recovery.value, offset: 7 };
}

function splitWeight(w: number, parts: number, k: number): number {
  const base = Math.floor(w / parts);
  return k < w - base * parts ? base + 1 : base;
}

export function routeSynapses(
  ctx: MapContext,
  placement: Placement,
  projections: RoutedProjection[],
  resolve: SourceResolver,
  busSources: BusSources,
): RoutingResult {
  const buses = TOPOLOGY.padiBusesPerHemisphere;
  const nCircuits = TOPOLOGY.atomicNeurons;
  const rowsPerCircuit = new Int32Array(nCircuits);
  const rowsPerCircuitBus = new Int32Array(nCircuits * buses);
  const groups = new Map<string, Group>();
  const neuronToBus = new Set<number>(); // eventOutput * 2 + hemisphere
  const externalToBus = new Set<number>(); // hemisphere * 4 + bus
  const synapsesPerBus = new Map<string, Map<number, number>>();
  const maxWeight = FIELDS.weight[1];

  const columns = TOPOLOGY.neuronColumns;
  const firstL2 = TOPOLOGY.crossbarInputFirstL2;
  const firstBackground = TOPOLOGY.crossbarInputFirstBackground;
  projections.forEach(({ projection, connections }, pIndex) => {
    const postCircuits = placement.byPopulation.get(projection.post.population);
    if (!postCircuits) return;
    // A neuron type: the connection lands on one of the target compartment's circuits (the soma's without a
    // compartment), the one with the fewest rows on the source's bus, then the fewest rows: k circuits offer
    // k x 256 rows (facts §3.4 [LAB]).
    const logical = placement.logicalByPopulation.has(projection.post.population);
    const compartment = logical ? (projection.postCompartment ?? 0) : undefined;
    const pick = (member: number, source: ResolvedSource): number | undefined => {
      const candidates = circuitsOfCompartment(placement, projection.post.population, member, compartment);
      let best: number | undefined;
      for (const c of candidates) {
        if (source.hemisphere !== undefined && placement.circuits[c].hemisphere !== source.hemisphere && candidates.some((o) => placement.circuits[o].hemisphere === source.hemisphere)) continue;
        if (
          best === undefined ||
          rowsPerCircuitBus[c * buses + source.bus] < rowsPerCircuitBus[best * buses + source.bus] ||
          (rowsPerCircuitBus[c * buses + source.bus] === rowsPerCircuitBus[best * buses + source.bus] && rowsPerCircuit[c] < rowsPerCircuit[best])
        ) best = c;
      }
      return best;
    };
    const mode: RowMode = projection.receptor === 'inhibitory' ? 'inhibitory' : 'excitatory';
    const stp = stpOf(projection);
    const stpKey = stp ? `${stp.mode}:${stp.utilization}:${stp.recovery}` : '';
    let reportedWeight = false;
    const { pre, post, weight } = connections;
    // Per projection, sources are resolved once per presynaptic index and groups once per (hemisphere, bus, row-select).
    // Per presynaptic index: undefined not looked up yet, null no source (a plain array: this runs per synapse).
    const resolved: Array<ResolvedSource | null | undefined> = [];
    const groupCache: Array<Group | undefined> = new Array(TOPOLOGY.hemispheres * buses * CLASSES);
    const busCounts = new Int32Array(TOPOLOGY.hemispheres * buses);
    for (let e = 0; e < pre.length; e++) {
      let source = resolved[pre[e]];
      if (source === undefined) {
        source = resolve(projection.pre.population, pre[e]) ?? null;
        resolved[pre[e]] = source;
      }
      const circuit = source && logical ? pick(post[e], source) : postCircuits[post[e]];
      if (!source || circuit === undefined) continue;
      let w = Math.round(weight[e]);
      if (w < 0) {
        if (!reportedWeight) {
          reportedWeight = true;
          ctx.error(
            MapperCode.NegativeWeight,
            projection.weight.range ?? projection.connector.range ?? projection.range,
            `${projection.name}: weight ${fmt(w)} is negative; weights are magnitudes 0..63 and the sign comes from the receptor ([PYNN] projections.py)`,
            { found: w, nearest: -w, receptor: 'inhibitory' },
          );
        }
        continue;
      }
      let parts = 1;
      if (w > maxWeight) {
        if (projection.splitWeights) parts = Math.ceil(w / maxWeight);
        else {
          if (!reportedWeight) {
            reportedWeight = true;
            ctx.error(
              MapperCode.WeightTooLarge,
              projection.weight.range ?? projection.connector.range ?? projection.range,
              `${projection.name}: weight ${fmt(w)} exceeds the 6-bit synapse weight, 0..63 ([HALDLS] synapse.h); set split_weights = true to use ${Math.ceil(w / maxWeight)} rows per connection`,
              { found: w, nearest: maxWeight, limit: maxWeight, splitRows: Math.ceil(w / maxWeight) },
            );
          }
          w = maxWeight;
        }
      }
      const c = placement.circuits[circuit];
      const h = c.hemisphere;
      if (source.hemisphere !== undefined && source.hemisphere !== h) continue; // reported by the background planner
      const cls = addressClass(source.address);
      const cacheIndex = (h * buses + source.bus) * CLASSES + cls;
      let group = groupCache[cacheIndex];
      if (!group) {
        const key = `${h}|${source.bus}|${cls}|${mode}|${stpKey}`;
        group = groups.get(key);
        if (!group) {
          group = { hemisphere: h, bus: source.bus, cls, mode, stpKey, stp, used: new Int32Array(columns), rows: 0, slots: [] };
          groups.set(key, group);
        }
        groupCache[cacheIndex] = group;
      }
      busCounts[h * buses + source.bus] += parts;
      const label = source.address & EVENT_LABEL.synapseLabelMask;
      for (let k = 0; k < parts; k++) {
        const slotIndex = group.used[c.column]++;
        if (slotIndex >= group.slots.length) group.slots.push(newSlot());
        const slot = group.slots[slotIndex];
        const at = slot.n++;
        slot.columns[at] = c.column;
        slot.weights[at] = parts === 1 ? w : splitWeight(w, parts, k);
        slot.labels[at] = label;
        slot.projection[at] = pIndex;
      }
      if (group.used[c.column] > group.rows) group.rows = group.used[c.column];
      rowsPerCircuit[circuit] += parts;
      rowsPerCircuitBus[circuit * buses + source.bus] += parts;
      if (source.crossbarInput < firstL2) neuronToBus.add(source.crossbarInput * 2 + h);
      else if (source.crossbarInput < firstBackground) externalToBus.add(h * buses + source.bus);
    }
    busCounts.forEach((n, i) => {
      if (n === 0) return;
      const busKey = `${Math.floor(i / buses)}|${i % buses}`;
      let perProjection = synapsesPerBus.get(busKey);
      if (!perProjection) synapsesPerBus.set(busKey, (perProjection = new Map()));
      perProjection.set(pIndex, (perProjection.get(pIndex) ?? 0) + n);
    });
  });

  const maxFanIn = new Map<string, number>();
  const fanInAvailable = new Map<string, number>();
  for (const [name, circuits] of placement.byPopulation) {
    if (placement.logicalByPopulation.has(name)) continue;
    let m = 0;
    for (const c of circuits) m = Math.max(m, rowsPerCircuit[c]);
    maxFanIn.set(name, m);
    fanInAvailable.set(name, TOPOLOGY.synapseRowsPerHemisphere);
  }
  for (const [name, members] of placement.logicalByPopulation) {
    const population = placement.logicalNeurons[members[0]]?.population;
    population?.morphology?.compartments.forEach((compartment, k) => {
      let m = 0;
      for (const l of members) m = Math.max(m, placement.logicalNeurons[l].compartments[k].reduce((sum, c) => sum + rowsPerCircuit[c], 0));
      maxFanIn.set(`${name}.${compartment.name}`, m);
      fanInAvailable.set(`${name}.${compartment.name}`, placement.logicalNeurons[members[0]].compartments[k].length * MULTICOMPARTMENT.synapsesPerCircuit);
    });
  }
  checkFanIn(ctx, placement, projections, rowsPerCircuit, rowsPerCircuitBus, resolve);
  checkCompartmentFanIn(ctx, placement, projections, rowsPerCircuit, rowsPerCircuitBus);

  // Rows and drivers per (hemisphere, bus); within a bus, drivers per row-select.
  const rowsPerHemisphere = [0, 0];
  const rowsPerBus = new Array(TOPOLOGY.hemispheres * buses).fill(0);
  const driversPerHemisphere = [0, 0];
  const byBus = new Map<string, Group[]>();
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    const busKey = `${g.hemisphere}|${g.bus}`;
    if (!byBus.has(busKey)) byBus.set(busKey, []);
    byBus.get(busKey)!.push(g);
    rowsPerHemisphere[g.hemisphere] += g.rows;
    rowsPerBus[g.hemisphere * buses + g.bus] += g.rows;
  }

  const drivers: SynapseDriver[] = [];
  const rows: SynapseRow[] = [];
  let synapses = 0;
  for (const [busKey, busGroups] of byBus) {
    const { hemisphere, bus } = busGroups[0];
    // Rows of one address class and STP setting share drivers, two rows each; STP is per driver.
    const present = busSources.on(hemisphere, bus);
    const byClass = new Map<number, Map<string, Group[]>>();
    for (const g of busGroups) {
      if (!byClass.has(g.cls)) byClass.set(g.cls, new Map());
      const byStp = byClass.get(g.cls)!;
      if (!byStp.has(g.stpKey)) byStp.set(g.stpKey, []);
      byStp.get(g.stpKey)!.push(g);
    }
    const requests: DriverRequest[] = [];
    let rowsNeeded = 0;
    let driversNeeded = 0;
    for (const [cls, byStp] of byClass) {
      let n = 0;
      for (const gs of byStp.values()) {
        const r = gs.reduce((sum, g) => sum + g.rows, 0);
        rowsNeeded += r;
        n += Math.ceil(r / TOPOLOGY.rowsPerDriver);
      }
      const rowSelects = present.filter((g) => rowSelectClass(g.rowSelect) === cls).map((g) => g.rowSelect);
      requests.push({ key: cls, rowSelects, drivers: n });
      driversNeeded += n;
    }
    driversPerHemisphere[hemisphere] += Math.min(driversNeeded, TOPOLOGY.driversPerPadiBus);
    const involved = synapsesPerBus.get(busKey)!;
    if (rowsNeeded > TOPOLOGY.rowsPerPadiBus || driversNeeded > TOPOLOGY.driversPerPadiBus) {
      reportRowsExhausted(ctx, projections, involved, { hemisphere, bus, rowsNeeded, driversNeeded });
      continue;
    }
    const allocation = allocateDrivers(requests, present);
    if (!allocation.ok) {
      reportDriversNotIsolated(ctx, projections, involved, { hemisphere, bus, rowsNeeded, driversNeeded, ...allocation });
      continue;
    }
    for (const [cls, byStp] of byClass) {
      const grants = allocation.grants.get(cls)!;
      let p = 0;
      for (const gs of byStp.values()) {
        const pending: Array<{ group: Group; slot: Slot }> = [];
        for (const g of gs) for (const slot of g.slots) pending.push({ group: g, slot });
        for (let k = 0; k < pending.length; k += TOPOLOGY.rowsPerDriver) {
          const grant = grants[p++];
          const index = grant.position * buses + bus;
          const top = pending[k];
          const bottom = pending[k + 1];
          const driver: SynapseDriver = {
            hemisphere: hemisphere as 0 | 1,
            index,
            rowAddressCompareMask: grant.rowAddressCompareMask,
            rowModeTop: top.group.mode,
            rowModeBottom: bottom ? bottom.group.mode : 'disabled',
          };
          if (top.group.stp) driver.stp = { ...top.group.stp };
          drivers.push(driver);
          for (const [offset, entry] of [[0, top], [1, bottom]] as const) {
            if (!entry) continue;
            rows.push(toRow(hemisphere as 0 | 1, index * TOPOLOGY.rowsPerDriver + offset, entry.group.mode, entry.slot));
            synapses += entry.slot.n;
          }
        }
      }
    }
  }
  drivers.sort((a, b) => a.hemisphere - b.hemisphere || a.index - b.index);
  rows.sort((a, b) => a.hemisphere - b.hemisphere || a.row - b.row);

  const crossbar: CrossbarNode[] = [];
  const outputsUsed = new Set<number>();
  for (const c of placement.circuits) outputsUsed.add(Math.floor(c.column / TOPOLOGY.columnsPerEventOutput));
  for (const e of [...outputsUsed].sort((a, b) => a - b)) {
    // Every neuron's spikes go to the FPGA for recording.
    crossbar.push({ input: e, output: TOPOLOGY.crossbarOutputFirstL2 + (e % TOPOLOGY.l2Channels), mask: 0, target: 0 });
    for (const h of [0, 1]) if (neuronToBus.has(e * 2 + h)) crossbar.push({ input: e, output: h * buses + (e % buses), mask: NEURON_TO_BUS_MASK, target: 0 });
  }
  for (const hb of [...externalToBus].sort((a, b) => a - b)) {
    const bus = hb % buses;
    crossbar.push({ input: TOPOLOGY.crossbarInputFirstL2, output: hb, mask: EVENT_LABEL.eventOutputMask << EVENT_LABEL.eventOutputShift, target: bus << EVENT_LABEL.eventOutputShift });
  }
  crossbar.sort((a, b) => a.input - b.input || a.output - b.output);
  return { drivers, rows, crossbar, rowsPerHemisphere, rowsPerBus, driversPerHemisphere, synapses, maxFanIn, fanInAvailable };
}

/** A slot as a configuration row, sorted by column: a row holds at most one synapse per column, so by bucket. */
function toRow(hemisphere: 0 | 1, row: number, mode: RowMode, slot: Slot): SynapseRow {
  const n = slot.n;
  const slotOfColumn = new Int16Array(TOPOLOGY.synapsesPerRow).fill(-1);
  for (let k = 0; k < n; k++) slotOfColumn[slot.columns[k]] = k;
  const columns = new Array<number>(n);
  const weights = new Array<number>(n);
  const labels = new Array<number>(n);
  const projection = new Array<number>(n);
  let i = 0;
  for (let column = 0; column < TOPOLOGY.synapsesPerRow; column++) {
    const k = slotOfColumn[column];
    if (k < 0) continue;
    columns[i] = column;
    weights[i] = slot.weights[k];
    labels[i] = slot.labels[k];
    projection[i] = slot.projection[k];
    i++;
  }
  return { hemisphere, row, mode, columns, weights, labels, projection };
}

/** Rows each projection contributes to one circuit (optionally through one bus). */
function contributions(
  placement: Placement,
  projections: RoutedProjection[],
  circuit: number,
  resolve: SourceResolver,
  bus?: number,
): Array<{ projection: Projection; rows: number }> {
  const c = placement.circuits[circuit];
  const result: Array<{ projection: Projection; rows: number }> = [];
  for (const { projection, connections } of projections) {
    if (projection.post.population !== c.population.name) continue;
    let rows = 0;
    for (let e = 0; e < connections.pre.length; e++) {
      if (connections.post[e] !== c.index) continue;
      const source = resolve(projection.pre.population, connections.pre[e]);
      if (!source || (bus !== undefined && source.bus !== bus)) continue;
      const w = Math.round(connections.weight[e]);
      rows += projection.splitWeights && w > FIELDS.weight[1] ? Math.ceil(w / FIELDS.weight[1]) : 1;
    }
    if (rows > 0) result.push({ projection, rows });
  }
  return result.sort((a, b) => b.rows - a.rows);
}

function checkFanIn(
  ctx: MapContext,
  placement: Placement,
  projections: RoutedProjection[],
  rowsPerCircuit: Int32Array,
  rowsPerCircuitBus: Int32Array,
  resolve: SourceResolver,
): void {
  const buses = TOPOLOGY.padiBusesPerHemisphere;
  for (const [name, circuits] of placement.byPopulation) {
    if (placement.logicalByPopulation.has(name)) continue; // per compartment, below
    let worst = -1;
    let worstBus = -1;
    let worstBusCircuit = -1;
    for (const c of circuits) {
      if (worst < 0 || rowsPerCircuit[c] > rowsPerCircuit[worst]) worst = c;
      for (let b = 0; b < buses; b++) {
        if (worstBus < 0 || rowsPerCircuitBus[c * buses + b] > rowsPerCircuitBus[worstBusCircuit * buses + worstBus]) {
          worstBus = b;
          worstBusCircuit = c;
        }
      }
    }
    if (worst >= 0 && rowsPerCircuit[worst] > TOPOLOGY.synapseRowsPerHemisphere) {
      const parts = contributions(placement, projections, worst, resolve);
      const [main, ...others] = parts;
      const found = rowsPerCircuit[worst];
      ctx.error(
        MapperCode.FanInTooLarge,
        main.projection.post.range,
        `neuron ${name}[${placement.circuits[worst].index}] needs ${found} synapse rows (${parts.map((p) => `${p.rows} from '${p.projection.name}'`).join(', ')}), ` +
          `but a neuron circuit has ${TOPOLOGY.synapseRowsPerHemisphere} ([GRENADE] routing_constraints.cpp: "in-degree larger than the number of synapse rows")`,
        { population: name, neuron: placement.circuits[worst].index, found, limit: TOPOLOGY.synapseRowsPerHemisphere, excess: found - TOPOLOGY.synapseRowsPerHemisphere },
        others.map((p): Related => ({ range: p.projection.range, message: `'${p.projection.name}' uses ${p.rows} rows of the same neuron` })),
      );
    }
    if (worstBus >= 0 && rowsPerCircuitBus[worstBusCircuit * buses + worstBus] > TOPOLOGY.rowsPerPadiBus) {
      const parts = contributions(placement, projections, worstBusCircuit, resolve, worstBus);
      const [main, ...others] = parts;
      const found = rowsPerCircuitBus[worstBusCircuit * buses + worstBus];
      const h = placement.circuits[worstBusCircuit].hemisphere;
      ctx.error(
        MapperCode.FanInPerBusTooLarge,
        main.projection.pre.range,
        `neuron ${name}[${placement.circuits[worstBusCircuit].index}] receives ${found} synapse rows through PADI bus ${worstBus} of hemisphere ${h} ` +
          `(${parts.map((p) => `${p.rows} from '${p.projection.name}'`).join(', ')}); one bus reaches ${TOPOLOGY.rowsPerPadiBus} rows (32 drivers x 2, ` +
          `[GRENADE] routing_constraints.cpp: "in-degree on a single PADI-bus larger than its number of synapse rows")`,
        { population: name, neuron: placement.circuits[worstBusCircuit].index, bus: worstBus, hemisphere: h, found, limit: TOPOLOGY.rowsPerPadiBus },
        others.map((p): Related => ({ range: p.projection.range, message: `'${p.projection.name}' sends ${p.rows} rows through the same bus` })),
      );
    }
  }
}

/**
 * Fan-in of multi-compartment neurons, per compartment: a compartment of k circuits has k x 256 rows, and each of
 * its circuits 256 rows and 64 per PADI bus (its connections are spread over its circuits by the routing).
 */
function checkCompartmentFanIn(
  ctx: MapContext,
  placement: Placement,
  projections: RoutedProjection[],
  rowsPerCircuit: Int32Array,
  rowsPerCircuitBus: Int32Array,
): void {
  const buses = TOPOLOGY.padiBusesPerHemisphere;
  // A circuit's own synapse column: 256 rows (facts §3.4 [LAB]: k merged circuits give k x 256).
  const perCircuit = MULTICOMPARTMENT.synapsesPerCircuit;
  for (const [name, members] of placement.logicalByPopulation) {
    const population = placement.logicalNeurons[members[0]]?.population;
    const morphology = population?.morphology;
    if (!morphology) continue;
    const into = (k: number) =>
      projections.filter(({ projection }) => projection.post.population === name && (projection.postCompartment ?? 0) === k).map((r) => r.projection);
    morphology.compartments.forEach((compartment, k) => {
      let worst: { neuron: number; rows: number; circuits: number[] } | undefined;
      let worstBus: { neuron: number; rows: number; bus: number; circuit: number } | undefined;
      for (const l of members) {
        const neuron = placement.logicalNeurons[l];
        const circuits = neuron.compartments[k];
        const rows = circuits.reduce((sum, c) => sum + rowsPerCircuit[c], 0);
        const over = rows > circuits.length * perCircuit || circuits.some((c) => rowsPerCircuit[c] > perCircuit);
        if (over && (!worst || rows > worst.rows)) worst = { neuron: neuron.index, rows, circuits };
        for (const c of circuits) {
          for (let b = 0; b < buses; b++) {
            const n = rowsPerCircuitBus[c * buses + b];
            if (n > TOPOLOGY.rowsPerPadiBus && (!worstBus || n > worstBus.rows)) worstBus = { neuron: neuron.index, rows: n, bus: b, circuit: c };
          }
        }
      }
      const incoming = into(k);
      if (incoming.length === 0) return;
      const [main, ...others] = incoming;
      const related = others.map((p): Related => ({ range: p.range, message: `'${p.name}' also targets compartment '${compartment.name}'` }));
      if (worst) {
        const available = worst.circuits.length * perCircuit;
        ctx.error(
          MapperCode.FanInTooLarge,
          main.post.range,
          `compartment '${compartment.name}' of neuron ${name}[${worst.neuron}] needs ${worst.rows} synapse rows, but its ${worst.circuits.length} circuit${worst.circuits.length === 1 ? ' has' : 's have'} ` +
            `${available} (${perCircuit} per circuit; more circuits in the compartment give more fan-in, facts §3.4 [LAB])`,
          { population: name, compartment: compartment.name, neuron: worst.neuron, found: worst.rows, limit: available, excess: worst.rows - available, circuits: worst.circuits.length },
          related,
        );
      }
      if (worstBus) {
        const h = placement.circuits[worstBus.circuit].hemisphere;
        ctx.error(
          MapperCode.FanInPerBusTooLarge,
          main.pre.range,
          `compartment '${compartment.name}' of neuron ${name}[${worstBus.neuron}] receives ${worstBus.rows} synapse rows through PADI bus ${worstBus.bus} of hemisphere ${h} on one circuit; ` +
            `one bus reaches ${TOPOLOGY.rowsPerPadiBus} rows of a circuit (32 drivers x 2, [GRENADE] routing_constraints.cpp)`,
          { population: name, compartment: compartment.name, neuron: worstBus.neuron, bus: worstBus.bus, hemisphere: h, found: worstBus.rows, limit: TOPOLOGY.rowsPerPadiBus },
          related,
        );
      }
    });
  }
}

function competing(projections: RoutedProjection[], perProjection: Map<number, number>): { main: Projection; related: Related[] } {
  const sorted = [...perProjection.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return {
    main: projections[sorted[0][0]].projection,
    related: sorted.slice(1).map(([i, n]): Related => ({ range: projections[i].projection.range, message: `'${projections[i].projection.name}' places ${n} synapses on the same bus` })),
  };
}

const GRENADE_ROWS = '[GRENADE] routing_constraints.cpp: "PADI-bus(ses) with required number of synapse rows larger than the number of synapse rows on a single PADI-bus"';

function reportRowsExhausted(
  ctx: MapContext,
  projections: RoutedProjection[],
  perProjection: Map<number, number>,
  s: { hemisphere: number; bus: number; rowsNeeded: number; driversNeeded: number },
): void {
  const { main, related } = competing(projections, perProjection);
  const rowsOver = s.rowsNeeded > TOPOLOGY.rowsPerPadiBus;
  // Rows of different row-selects or STP settings cannot share a driver, so drivers can run out first.
  const why = rowsOver
    ? ''
    : ` (rows of different address groups or STP settings cannot share one of its ${TOPOLOGY.driversPerPadiBus} drivers)`;
  ctx.error(
    MapperCode.RowsPerBusExhausted,
    main.range,
    `the projections through PADI bus ${s.bus} of hemisphere ${s.hemisphere} need ${s.rowsNeeded} synapse rows on ${s.driversNeeded} drivers, ` +
      `but one PADI bus reaches ${TOPOLOGY.rowsPerPadiBus} rows on ${TOPOLOGY.driversPerPadiBus} drivers${why} (${GRENADE_ROWS})`,
    rowsOver
      ? { hemisphere: s.hemisphere, bus: s.bus, found: s.rowsNeeded, limit: TOPOLOGY.rowsPerPadiBus }
      : { hemisphere: s.hemisphere, bus: s.bus, found: s.driversNeeded, limit: TOPOLOGY.driversPerPadiBus, unit: 'drivers', rows: s.rowsNeeded },
    related,
  );
}

function reportDriversNotIsolated(
  ctx: MapContext,
  projections: RoutedProjection[],
  perProjection: Map<number, number>,
  s: { hemisphere: number; bus: number; rowsNeeded: number; driversNeeded: number; key: number; requested: number; eligible: number },
): void {
  const { main, related } = competing(projections, perProjection);
  ctx.error(
    MapperCode.RowsPerBusExhausted,
    main.range,
    `the projections through PADI bus ${s.bus} of hemisphere ${s.hemisphere} need ${s.rowsNeeded} synapse rows on ${s.driversNeeded} of its ` +
      `${TOPOLOGY.driversPerPadiBus} drivers, but the sources of address group ${s.key} need ${s.requested} drivers and share synapse labels ` +
      `with other sources on the bus, so only ${s.eligible} drivers can tell them apart under a row_address_compare_mask ([HALDLS] synapse_driver.h) ` +
      `and the drivers cannot all be given out (${GRENADE_ROWS})`,
    { hemisphere: s.hemisphere, bus: s.bus, found: s.requested, limit: s.eligible, unit: 'drivers', addressGroup: s.key },
    related,
  );
}
