/**
 * Breakpoints a debugger arms in the emulator, checked after every step of a run so that the run stops exactly
 * at the step in which a watched neuron spikes, a watched projection delivers an event, or a time is reached.
 * A session without breakpoints never builds this object, so an ordinary run pays nothing for it.
 *
 * What is watched, in network terms (emulator/network.ts):
 *   - a neuron population: its circuits' spike counts, compared after each step;
 *   - a spike-source population: its streams' spikes, seen as the network delivers them (the one delivery
 *     observer of Network);
 *   - a projection `pre->post`: deliveries of the presynaptic streams of `pre` (within its slice) that have a
 *     synapse onto `post` (within its slice). Two projections between the same members share their events.
 *
 * Conditions (common/protocol/emulator.ts ConditionExpression) are evaluated per spike or event, with the state of
 * the neuron at the start of the step in which it spiked (after the step its membrane is already reset).
 */
import type { ChipConfiguration } from '../common/chip/configuration';
import {
  applyArithmeticOrComparison, CONDITION_BINARY_OPERATORS, CONDITION_VARIABLES, type ConditionExpression, type ConditionVariable, type EventWatch,
  type HitCondition, type SetBreakpointsParams, type SpikeWatch, type StopReason, type TimeStop,
} from '../common/protocol/emulator';
import type { EmulatedNetwork } from './chip/networkFromConfiguration';
import type { Network } from './network';

/** A request whose arguments are malformed (not merely unsatisfiable): the whole request is refused. */
export class BreakpointError extends Error {}

const STATE_VARIABLES: ReadonlySet<ConditionVariable> = new Set(['v', 'w', 'i_syn_E', 'i_syn_I', 'refractory']);
const MAX_CONDITION_DEPTH = 64;

/** Checks a condition that arrived over the wire; returns the problem or undefined. */
export function conditionProblem(e: unknown, depth = 0): string | undefined {
  if (depth > MAX_CONDITION_DEPTH) return 'the condition is nested too deeply';
  if (typeof e !== 'object' || e === null) return 'a condition node must be an object';
  const node = e as Record<string, unknown>;
  switch (node.kind) {
    case 'number':
      return typeof node.value === 'number' && Number.isFinite(node.value) ? undefined : 'a number node needs a finite value';
    case 'variable':
      return (CONDITION_VARIABLES as readonly unknown[]).includes(node.name) ? undefined : `unknown condition variable ${JSON.stringify(node.name)}; known: ${CONDITION_VARIABLES.join(', ')}`;
    case 'unary':
      if (node.op !== '-' && node.op !== '!') return `unknown unary operator ${JSON.stringify(node.op)}`;
      return conditionProblem(node.operand, depth + 1);
    case 'binary':
      if (!(CONDITION_BINARY_OPERATORS as readonly unknown[]).includes(node.op)) return `unknown operator ${JSON.stringify(node.op)}`;
      return conditionProblem(node.left, depth + 1) ?? conditionProblem(node.right, depth + 1);
    default:
      return `unknown condition node kind ${JSON.stringify(node.kind)}`;
  }
}

function usesState(e: ConditionExpression): boolean {
  switch (e.kind) {
    case 'number': return false;
    case 'variable': return STATE_VARIABLES.has(e.name);
    case 'unary': return usesState(e.operand);
    case 'binary': return usesState(e.left) || usesState(e.right);
  }
}

export function evaluateCondition(e: ConditionExpression, lookup: (name: ConditionVariable) => number): number {
  switch (e.kind) {
    case 'number': return e.value;
    case 'variable': return lookup(e.name);
    case 'unary': {
      const x = evaluateCondition(e.operand, lookup);
      return e.op === '-' ? -x : x === 0 ? 1 : 0;
    }
    case 'binary': {
      if (e.op === '&&') return evaluateCondition(e.left, lookup) !== 0 && evaluateCondition(e.right, lookup) !== 0 ? 1 : 0;
      if (e.op === '||') return evaluateCondition(e.left, lookup) !== 0 || evaluateCondition(e.right, lookup) !== 0 ? 1 : 0;
      return applyArithmeticOrComparison(e.op, evaluateCondition(e.left, lookup), evaluateCondition(e.right, lookup));
    }
  }
}

function hitProblem(h: unknown): string | undefined {
  if (h === undefined) return undefined;
  if (typeof h !== 'object' || h === null) return 'hit must be an object { op, count }';
  const { op, count } = h as Record<string, unknown>;
  if (!['==', '>=', '>', '<', '<=', '%'].includes(op as string)) return `unknown hit-count operator ${JSON.stringify(op)}`;
  if (!(typeof count === 'number' && Number.isInteger(count) && count >= (op === '%' ? 1 : 0))) return `hit count must be a whole number, found ${JSON.stringify(count)}`;
  return undefined;
}

export function hitSatisfied(h: HitCondition | undefined, hits: number): boolean {
  if (!h) return true;
  switch (h.op) {
    case '==': return hits === h.count;
    case '>=': return hits >= h.count;
    case '>': return hits > h.count;
    case '<': return hits < h.count;
    case '<=': return hits <= h.count;
    case '%': return hits % h.count === 0;
  }
}

/** `drive[0..3]` → population drive, members [0, 3). */
interface Member {
  population: string;
  from: number;
  to: number;
}

function parseMember(text: string, sizeOf: (population: string) => number | undefined): Member | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d*)(?:(\.\.)(\d*))?\])?$/.exec(text.trim());
  if (!m) return undefined;
  const size = sizeOf(m[1]);
  if (size === undefined) return undefined;
  if (m[2] === undefined) return { population: m[1], from: 0, to: size };
  const from = m[2] === '' ? 0 : Number(m[2]);
  const to = m[3] ? (m[4] === '' ? size : Number(m[4])) : from + 1;
  return { population: m[1], from, to: Math.min(to, size) };
}

/** A projection resolved onto the network: its presynaptic streams and its synapses (indices into the table). */
export interface ResolvedProjection {
  name: string;
  pre: Member;
  post: Member;
  preSize: number;
  postSize: number;
  synapses: number[];
  /** Network stream → index of the member in the pre population. */
  streams: Map<number, number>;
}

/** Finds projection `name` (as listed in `source.projections`) among the network's synapses. */
export function resolveProjection(name: string, config: ChipConfiguration, emulated: EmulatedNetwork): ResolvedProjection | string {
  if (!config.source.projections.includes(name)) {
    const known = config.source.projections;
    return `no projection '${name}' in the loaded experiment${known.length ? ` (projections: ${known.join(', ')})` : ''}`;
  }
  const sizeOf = (p: string): number | undefined => config.source.populations.find((q) => q.name === p)?.size;
  const arrow = name.indexOf('->');
  const pre = parseMember(name.slice(0, arrow), sizeOf);
  const post = parseMember(name.slice(arrow + 2), sizeOf);
  if (!pre || !post) return `cannot read the projection name '${name}'`;
  const sourceCount = emulated.sourceOrigins.length;
  const memberOfStream = (stream: number): { population: string; index: number } =>
    stream < sourceCount ? emulated.sourceOrigins[stream] : emulated.circuits[stream - sourceCount];
  const { pre: preOf, post: postOf } = emulated.description.synapses;
  const synapses: number[] = [];
  const streams = new Map<number, number>();
  for (let s = 0; s < preOf.length; s++) {
    const from = memberOfStream(preOf[s]);
    if (from.population !== pre.population || from.index < pre.from || from.index >= pre.to) continue;
    const to = emulated.circuits[postOf[s]];
    if (to.population !== post.population || to.index < post.from || to.index >= post.to) continue;
    synapses.push(s);
    streams.set(preOf[s], from.index);
  }
  return { name, pre, post, preSize: sizeOf(pre.population)!, postSize: sizeOf(post.population)!, synapses, streams };
}

interface ArmedSpikeWatch {
  watch: SpikeWatch;
  hits: number;
  /** Neuron populations: circuits watched, their population indices and spike counts after the last step. */
  circuits?: Int32Array;
  indices?: Int32Array;
  counts?: Uint32Array;
  /** Spike sources: stream → member index. */
  streams?: Map<number, number>;
  /** State at the step's start of the watched circuits, when the condition reads it: v, w, i_E, i_I, refractory. */
  before?: Float64Array;
}

interface ArmedEventWatch {
  watch: EventWatch;
  hits: number;
  streams: Map<number, number>;
}

/** The armed breakpoints of one network. */
export class BreakpointSet {
  private readonly spikeWatches: ArmedSpikeWatch[] = [];
  private readonly eventWatches: ArmedEventWatch[] = [];
  private readonly times: TimeStop[];
  /** Deliveries of this step: stream, time pairs (only when a watch needs them). */
  private readonly delivered: number[] = [];
  private readonly needsDeliveries: boolean;
  private readonly needsBefore: boolean;
  readonly rejected: Array<{ id: number; message: string }> = [];

  /** Throws BreakpointError on malformed arguments; unsatisfiable breakpoints are listed in `rejected`. */
  constructor(
    params: SetBreakpointsParams,
    private readonly config: ChipConfiguration,
    private readonly emulated: EmulatedNetwork,
    private readonly network: Network,
  ) {
    checkParams(params);
    for (const watch of params.spikes ?? []) {
      const population = config.source.populations.find((p) => p.name === watch.population);
      if (!population) {
        this.rejected.push({ id: watch.id, message: `no population '${watch.population}' in the loaded experiment` });
        continue;
      }
      const wanted = watch.neurons ? new Set(watch.neurons) : undefined;
      const outside = watch.neurons?.filter((n) => n >= population.size);
      if (outside && outside.length > 0) {
        this.rejected.push({ id: watch.id, message: `'${watch.population}' has neurons 0..${population.size - 1}; ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among them` });
        continue;
      }
      const armed: ArmedSpikeWatch = { watch, hits: 0 };
      if (population.circuits) {
        const circuits: number[] = [];
        const indices: number[] = [];
        population.circuits.forEach((c, i) => {
          if (!wanted || wanted.has(i)) { circuits.push(c); indices.push(i); }
        });
        armed.circuits = Int32Array.from(circuits);
        armed.indices = Int32Array.from(indices);
        armed.counts = Uint32Array.from(circuits, (c) => network.spikeCounts[c]);
        if (watch.condition && usesState(watch.condition)) armed.before = new Float64Array(circuits.length * 5);
      } else {
        armed.streams = new Map();
        emulated.sourceOrigins.forEach((origin, s) => {
          if (origin.population === watch.population && (!wanted || wanted.has(origin.index))) armed.streams!.set(s, origin.index);
        });
        if (watch.condition && usesState(watch.condition)) {
          this.rejected.push({ id: watch.id, message: `'${watch.population}' is a spike source: a condition on it may use neuron and t only` });
          continue;
        }
      }
      this.spikeWatches.push(armed);
    }
    for (const watch of params.events ?? []) {
      const resolved = resolveProjection(watch.projection, config, emulated);
      if (typeof resolved === 'string') {
        this.rejected.push({ id: watch.id, message: resolved });
        continue;
      }
      if (watch.condition && usesState(watch.condition)) {
        this.rejected.push({ id: watch.id, message: 'a condition on a projection may use neuron (the presynaptic neuron) and t only' });
        continue;
      }
      if (resolved.streams.size === 0) {
        this.rejected.push({ id: watch.id, message: `projection '${watch.projection}' has no synapse on the chip, so it never delivers an event` });
        continue;
      }
      this.eventWatches.push({ watch, hits: 0, streams: resolved.streams });
    }
    this.times = [...(params.times ?? [])].sort((a, b) => a.time_ms - b.time_ms);
    this.needsDeliveries = this.eventWatches.length > 0 || this.spikeWatches.some((w) => w.streams !== undefined);
    this.needsBefore = this.spikeWatches.some((w) => w.before !== undefined);
  }

  /** Connects to the network's delivery observer if any watch needs deliveries. */
  attach(): void {
    if (this.needsDeliveries) {
      this.network.deliveryObserver = (pre: number, t: number): void => {
        this.delivered.push(pre, t);
      };
    }
  }

  detach(): void {
    this.network.deliveryObserver = null;
  }

  /** Before each step: remembers what conditions will read. */
  beforeStep(): void {
    this.delivered.length = 0;
    if (!this.needsBefore) return;
    const group = this.network.group;
    const time = this.network.time;
    for (const armed of this.spikeWatches) {
      const before = armed.before;
      if (!before) continue;
      const circuits = armed.circuits!;
      for (let k = 0; k < circuits.length; k++) {
        const c = circuits[k];
        before[5 * k] = group.v[c];
        before[5 * k + 1] = group.w[c];
        before[5 * k + 2] = group.synapticCurrent(c, 0);
        before[5 * k + 3] = group.synapticCurrent(c, 1);
        before[5 * k + 4] = group.refractoryEnd[c] > time ? 1 : 0;
      }
    }
  }

  /** After each step (from `t0` to the network's time): the stop, if a breakpoint was hit. */
  afterStep(t0: number): StopReason | undefined {
    const time = this.network.time;
    let stop: StopReason | undefined;
    const hit = (reason: Omit<StopReason, 'breakpoints' | 'time_ms'>, id: number): void => {
      if (stop) stop.breakpoints.push(id);
      else stop = { ...reason, breakpoints: [id], time_ms: time };
    };
    for (const armed of this.spikeWatches) {
      const { watch } = armed;
      let first: { neuron: number; t?: number } | undefined;
      if (armed.circuits) {
        const circuits = armed.circuits, counts = armed.counts!, spikeCounts = this.network.spikeCounts;
        for (let k = 0; k < circuits.length; k++) {
          const now = spikeCounts[circuits[k]];
          if (now === counts[k]) continue;
          counts[k] = now;
          if (watch.condition && !this.holds(watch.condition, armed.indices![k], time, now, armed.before, k)) continue;
          armed.hits++;
          if (!first && hitSatisfied(watch.hit, armed.hits)) first = { neuron: armed.indices![k] };
        }
      } else {
        const d = this.delivered;
        for (let j = 0; j < d.length; j += 2) {
          const index = armed.streams!.get(d[j]);
          if (index === undefined) continue;
          if (watch.condition && !this.holds(watch.condition, index, d[j + 1], 0)) continue;
          armed.hits++;
          if (!first && hitSatisfied(watch.hit, armed.hits)) first = { neuron: index, t: d[j + 1] };
        }
      }
      if (first) {
        hit({
          kind: 'spike', population: watch.population, neuron: first.neuron, hits: armed.hits,
          event_time_ms: first.t ?? this.lastSpikeTime(armed, first.neuron, t0),
        }, watch.id);
      }
    }
    for (const armed of this.eventWatches) {
      const { watch } = armed;
      const d = this.delivered;
      let first: { neuron: number; t: number } | undefined;
      for (let j = 0; j < d.length; j += 2) {
        const index = armed.streams.get(d[j]);
        if (index === undefined) continue;
        if (watch.condition && !this.holds(watch.condition, index, d[j + 1], 0)) continue;
        armed.hits++;
        if (!first && hitSatisfied(watch.hit, armed.hits)) first = { neuron: index, t: d[j + 1] };
      }
      if (first) {
        const arrow = watch.projection.indexOf('->');
        hit({
          kind: 'event', projection: watch.projection, population: watch.projection.slice(0, arrow).replace(/\[.*$/, ''),
          neuron: first.neuron, event_time_ms: first.t, hits: armed.hits,
        }, watch.id);
      }
    }
    const epsilon = this.network.step * 1e-6;
    for (const stopAt of this.times) {
      if (stopAt.time_ms > t0 + epsilon && stopAt.time_ms <= time + epsilon) hit({ kind: 'time', event_time_ms: stopAt.time_ms }, stopAt.id);
      // A time at 0 cannot be reached by a step; the client stops on entry for it.
    }
    return stop;
  }

  private holds(condition: ConditionExpression, neuron: number, t: number, spikeCount: number, before?: Float64Array, k = 0): boolean {
    const value = evaluateCondition(condition, (name) => {
      switch (name) {
        case 'neuron': return neuron;
        case 't': return t;
        case 'spike_count': return spikeCount;
        case 'v': return before ? before[5 * k] : NaN;
        case 'w': return before ? before[5 * k + 1] : NaN;
        case 'i_syn_E': return before ? before[5 * k + 2] : NaN;
        case 'i_syn_I': return before ? before[5 * k + 3] : NaN;
        case 'refractory': return before ? before[5 * k + 4] : NaN;
      }
    });
    return value !== 0 && !Number.isNaN(value);
  }

  /** The time of the neuron's spike in the step that just ended (read only at a stop). */
  private lastSpikeTime(armed: ArmedSpikeWatch, neuron: number, t0: number): number | undefined {
    const k = armed.indices!.indexOf(neuron);
    const circuit = armed.circuits![k];
    const spikes = this.network.spikes();
    for (let j = spikes.neuron.length - 1; j >= 0 && spikes.time_ms[j] >= t0 - 1e-9; j--) {
      if (spikes.neuron[j] === circuit) return spikes.time_ms[j];
    }
    return undefined;
  }

  /** For tests and status: how many breakpoints are armed. */
  get armed(): number {
    return this.spikeWatches.length + this.eventWatches.length + this.times.length;
  }

  /** The same breakpoints, re-armed on another network of the same configuration (after a reset). */
  static rearm(params: SetBreakpointsParams, config: ChipConfiguration, emulated: EmulatedNetwork, network: Network): BreakpointSet {
    const set = new BreakpointSet(params, config, emulated, network);
    set.attach();
    return set;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates the request's shape; BreakpointError names the field. */
function checkParams(params: unknown): asserts params is SetBreakpointsParams {
  if (!isObject(params)) throw new BreakpointError('setBreakpoints needs an object { spikes?, events?, times? }');
  const ids = new Set<number>();
  const list = (key: string): Record<string, unknown>[] => {
    const v = params[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every(isObject)) throw new BreakpointError(`${key} must be an array of objects`);
    return v as Record<string, unknown>[];
  };
  const common = (w: Record<string, unknown>, where: string): void => {
    if (!(typeof w.id === 'number' && Number.isInteger(w.id))) throw new BreakpointError(`${where}.id must be an integer`);
    if (ids.has(w.id)) throw new BreakpointError(`${where}.id ${w.id} is used twice`);
    ids.add(w.id);
    if (w.condition !== undefined) {
      const problem = conditionProblem(w.condition);
      if (problem) throw new BreakpointError(`${where}.condition: ${problem}`);
    }
    const hit = hitProblem(w.hit);
    if (hit) throw new BreakpointError(`${where}.hit: ${hit}`);
  };
  list('spikes').forEach((w, i) => {
    common(w, `spikes[${i}]`);
    if (typeof w.population !== 'string') throw new BreakpointError(`spikes[${i}].population must be a population name`);
    if (w.neurons !== undefined && !(Array.isArray(w.neurons) && w.neurons.every((n) => Number.isInteger(n) && n >= 0))) {
      throw new BreakpointError(`spikes[${i}].neurons must be an array of neuron indices`);
    }
  });
  list('events').forEach((w, i) => {
    common(w, `events[${i}]`);
    if (typeof w.projection !== 'string' || !w.projection.includes('->')) throw new BreakpointError(`events[${i}].projection must be a projection name 'pre->post'`);
  });
  list('times').forEach((w, i) => {
    if (!(typeof w.id === 'number' && Number.isInteger(w.id))) throw new BreakpointError(`times[${i}].id must be an integer`);
    if (ids.has(w.id)) throw new BreakpointError(`times[${i}].id ${w.id} is used twice`);
    ids.add(w.id);
    if (!(typeof w.time_ms === 'number' && Number.isFinite(w.time_ms) && w.time_ms >= 0)) throw new BreakpointError(`times[${i}].time_ms must be a time >= 0 ms`);
  });
}
