/**
 * The emulated plasticity processors: binds the configuration's PPU programs to the network, runs each at its
 * period (the first run one period after the start, then every period, at the first base step at or after the
 * due time), and records the weight snapshots of the plastic projections.
 *
 * What a program sees (docs/plasticity.md, "Values"), lane by lane over its columns:
 *   weight, label   the synapse array as configured and as written since; lanes without a synapse of the rule's
 *                   projections read 0 and ignore writes (the store is masked to the rule's synapses);
 *   causal/acausal  baseline − the sensor's 8-bit CADC reading, saturated to 0..127 (emulator/models/correlationSensor.ts);
 *   spikes          spikes of the lane's neuron since the rule last reset the counters, saturated to 127;
 *   v               the membrane as the CADC reads it (the configuration's voltage mapping, 0..255);
 *   random          a seeded stream per program (common/random.ts);
 *   offset          the current the rule set, pA; a write adds the difference to the neuron's injected current.
 * A weight write keeps the low 6 bits, like the synapse array, and changes what a spike delivers
 * (weight × the neuron's weight scale). A label write that no longer matches the synapse's source disconnects it
 * (the emulator does not re-route it to another source).
 *
 * Weight snapshots: one at time 0 and one after every `stride`-th run of a rule, per projection, with the stride
 * chosen so that a projection gives at most `MAX_SNAPSHOT_VALUES` matrix entries in all (and at most
 * `MAX_SNAPSHOTS` snapshots) over the whole run.
 */
import type { ChipConfiguration } from '../../common/chip/configuration';
import { FIELDS, SPEEDUP, TOPOLOGY } from '../../common/chip/limits';
import type { PpuProgram, PpuVectorSource, PpuVectorTarget } from '../../common/chip/ppu';
import { type Random, createStream } from '../../common/random';
import type { WeightSnapshot } from '../../common/results';
import type { EmulatedNetwork } from '../chip/networkFromConfiguration';
import type { Network } from '../network';
import { PpuBudgetError, PpuExecution, type PpuMachineIO, type RuleExecutionState } from './interpreter';
import { saturate } from './vectorUnit';

export const MAX_SNAPSHOTS = 500;
export const MAX_SNAPSHOT_VALUES = 2_000_000;

const WEIGHT_MASK = FIELDS.weight[1];
const usToBioMs = (us: number): number => (us * SPEEDUP) / 1000;

/** Per-program state: the synapses and neurons behind each lane. */
class BoundProgram implements PpuMachineIO {
  readonly lanes: number;
  /** rows x lanes: weight, label, routed label, whether the lane is a synapse of the rule. */
  readonly weight: Int32Array;
  readonly label: Int32Array;
  readonly routedLabel: Int32Array;
  readonly present: Uint8Array;
  /** rows x lanes: the network synapses (table index s, fan-out slot k) at that site. */
  readonly entries: Array<Array<{ s: number; k: number }>>;
  /** Per lane: the neuron (network index) of the column, or -1; its weight scale. */
  readonly neuron: Int32Array;
  readonly scale: Float64Array;
  readonly spikeBase: Uint32Array;
  readonly offset: Float64Array;
  nextRunMs: number;
  runs = 0;
  disabled = false;
  time = 0;
  private readonly random: Random;

  constructor(readonly program: PpuProgram, readonly index: number, private readonly runtime: PpuRuntime) {
    const { config, sitesToEntries } = runtime;
    const lanes = program.columns.length;
    this.lanes = lanes;
    const n = program.rows.length * lanes;
    this.weight = new Int32Array(n);
    this.label = new Int32Array(n);
    this.routedLabel = new Int32Array(n);
    this.present = new Uint8Array(n);
    this.entries = Array.from({ length: n }, () => []);
    const laneOf = new Map(program.columns.map((c, i) => [c, i]));
    const projections = new Set(program.projections);
    const rowsByKey = new Map(config.synapseRows.map((r) => [r.hemisphere * TOPOLOGY.synapseRowsPerHemisphere + r.row, r]));
    program.rows.forEach((rowNumber, r) => {
      const row = rowsByKey.get(program.hemisphere * TOPOLOGY.synapseRowsPerHemisphere + rowNumber);
      if (!row) return;
      row.columns.forEach((column, j) => {
        const lane = laneOf.get(column);
        if (lane === undefined || !projections.has(config.source.projections[row.projection[j]])) return;
        const at = r * lanes + lane;
        this.present[at] = 1;
        this.weight[at] = row.weights[j];
        this.label[at] = row.labels[j];
        this.routedLabel[at] = row.labels[j];
        const site = ((program.hemisphere * TOPOLOGY.synapseRowsPerHemisphere + rowNumber) * TOPOLOGY.synapsesPerRow) + column;
        this.entries[at] = sitesToEntries.get(site) ?? [];
      });
    });
    this.neuron = new Int32Array(lanes).fill(-1);
    this.scale = new Float64Array(lanes);
    program.columns.forEach((column, i) => {
      const c = runtime.circuitAt.get(program.hemisphere * TOPOLOGY.neuronColumns + column);
      if (c === undefined) return;
      this.neuron[i] = c;
      this.scale[i] = config.neurons[c].weightScale;
    });
    this.spikeBase = new Uint32Array(lanes);
    this.offset = new Float64Array(lanes);
    this.nextRunMs = usToBioMs(program.periodUs);
    this.random = createStream(config.seed, 'ppu', index);
  }

  load(source: PpuVectorSource, row: number, out: Int32Array): void {
    const net = this.runtime.network;
    const base = row * this.lanes;
    for (let i = 0; i < this.lanes; i++) {
      const at = base + i;
      const n = this.neuron[i];
      switch (source) {
        case 'weight': out[i] = row >= 0 && this.present[at] ? this.weight[at] : 0; break;
        case 'label': out[i] = row >= 0 && this.present[at] ? this.label[at] : 0; break;
        case 'causal':
        case 'acausal': {
          const e = row >= 0 && this.present[at] ? this.entries[at][0] : undefined;
          if (!e || !net.correlation) { out[i] = 0; break; }
          const reading = net.correlation.read(e.s);
          out[i] = Math.max(0, saturate(this.program.correlationBaselineCadc - (source === 'causal' ? reading.causal : reading.acausal), 8));
          break;
        }
        case 'spikes': out[i] = n < 0 ? 0 : saturate(net.spikeCounts[n] - this.spikeBase[i], 8); break;
        case 'v': {
          if (n < 0) { out[i] = 0; break; }
          const m = this.runtime.config.voltageMapping;
          const cadc = Math.round(m.cadcReference + (net.group.v[n] - m.mvAtReference) * m.cadcPerMv);
          out[i] = Math.min(FIELDS.cadcValue[1], Math.max(FIELDS.cadcValue[0], cadc));
          break;
        }
        case 'random': out[i] = (this.random.nextUint32() & 0xff) - 128; break;
        case 'offset': out[i] = Math.round(this.offset[i]); break;
      }
    }
  }

  store(target: PpuVectorTarget, row: number, values: Int32Array): void {
    const net = this.runtime.network;
    if (target === 'offset') {
      for (let i = 0; i < this.lanes; i++) {
        const n = this.neuron[i];
        if (n < 0) continue;
        const delta = values[i] - this.offset[i];
        if (delta !== 0) net.addNeuronCurrent(n, delta);
        this.offset[i] = values[i];
      }
      return;
    }
    if (row < 0) return;
    const base = row * this.lanes;
    for (let i = 0; i < this.lanes; i++) {
      const at = base + i;
      if (!this.present[at]) continue;
      const value = values[i] & WEIGHT_MASK; // the synapse keeps the low 6 bits
      if (target === 'weight') this.weight[at] = value;
      else this.label[at] = value;
      const connected = this.label[at] === this.routedLabel[at];
      for (const e of this.entries[at]) if (e.k >= 0) net.setSynapseAmplitude(e.k, connected ? this.weight[at] * this.scale[i] : 0);
    }
  }

  resetCorrelation(row: number): void {
    const c = this.runtime.network.correlation;
    if (!c) return;
    const base = row * this.lanes;
    for (let i = 0; i < this.lanes; i++) for (const e of this.entries[base + i]) c.reset(e.s);
  }

  resetSpikes(): void {
    const counts = this.runtime.network.spikeCounts;
    for (let i = 0; i < this.lanes; i++) if (this.neuron[i] >= 0) this.spikeBase[i] = counts[this.neuron[i]];
  }

  scalar(source: 'time' | 'period' | 'reward'): number {
    if (source === 'time') return Math.round(this.time);
    if (source === 'period') return Math.round(usToBioMs(this.program.periodUs));
    const r = this.program.reward;
    if (!r) return 0;
    let value = 0;
    for (let j = 0; j < r.timesUs.length && usToBioMs(r.timesUs[j]) <= this.time + 1e-9; j++) value = r.values[j];
    return value;
  }
}

/** Where a debugger wants the PPU to stop: before a statement of a rule (any line when `line` is omitted). */
export interface RuleBreakpoint {
  rule: string;
  line?: number;
}

export class PpuRuntime {
  readonly circuitAt = new Map<number, number>();
  readonly sitesToEntries = new Map<number, Array<{ s: number; k: number }>>();
  readonly snapshots: WeightSnapshot[] = [];
  readonly warnings: string[] = [];
  private readonly programs: BoundProgram[];
  private readonly strides = new Map<string, number>();
  /** A rule stopped before a statement (debugger), with the programs still due at that time. */
  private paused: { execution: PpuExecution; bound: BoundProgram; queue: BoundProgram[]; time: number } | undefined;
  breakpoints: RuleBreakpoint[] = [];
  /** Stop before the next statement of any rule (a debugger's "step in"). */
  stepRequested = false;

  constructor(readonly config: ChipConfiguration, readonly emulated: EmulatedNetwork, readonly network: Network) {
    config.neurons.forEach((n, i) => this.circuitAt.set(n.hemisphere * TOPOLOGY.neuronColumns + n.column, i));
    const { pre, post } = emulated.description.synapses;
    const occurrences = new Map<string, number>();
    emulated.synapseSites.forEach((site, s) => {
      const key = `${pre[s]}:${post[s]}`;
      const o = occurrences.get(key) ?? 0;
      occurrences.set(key, o + 1);
      const list = this.sitesToEntries.get(site);
      const entry = { s, k: network.synapseSlot(pre[s], post[s], o) };
      if (list) list.push(entry);
      else this.sitesToEntries.set(site, [entry]);
    });
    this.programs = (config.ppuPrograms ?? []).map((p, i) => new BoundProgram(p, i, this));
    const duration = emulated.duration_ms;
    for (const projection of new Set(this.programs.flatMap((b) => b.program.projections))) {
      const period = Math.min(...this.programs.filter((b) => b.program.projections.includes(projection)).map((b) => usToBioMs(b.program.periodUs)));
      const runs = Math.max(1, Math.floor(duration / period));
      const size = this.matrixShape(projection);
      const cells = Math.max(1, size.pre * size.post);
      const allowed = Math.max(2, Math.min(MAX_SNAPSHOTS, Math.floor(MAX_SNAPSHOT_VALUES / cells)));
      this.strides.set(projection, Math.max(1, Math.ceil(runs / allowed)));
      this.snapshots.push(this.snapshot(projection, 0));
    }
  }

  get active(): boolean {
    return this.programs.length > 0;
  }

  /** The rule stopped before a statement, if any. */
  get pausedState(): RuleExecutionState | undefined {
    return this.paused?.execution.state();
  }

  /**
   * Runs every program due at `time_ms` (each at most once per call). Returns 'paused' when a breakpoint or a
   * step request stopped a rule before a statement; call again (with the same time) to continue.
   */
  runDue(time_ms: number): 'done' | 'paused' {
    let queue: BoundProgram[];
    if (this.paused) {
      const p = this.paused;
      this.paused = undefined;
      if (this.continueExecution(p.execution, p.bound, p.queue, p.time) === 'paused') return 'paused';
      queue = p.queue;
      time_ms = p.time;
    } else {
      if (time_ms + 1e-9 < this.nextDueMs) return 'done'; // called every step: the common case costs nothing
      queue = this.programs.filter((b) => !b.disabled && b.nextRunMs <= time_ms + 1e-9);
    }
    while (queue.length > 0) {
      const bound = queue.shift()!;
      bound.time = time_ms;
      const execution = new PpuExecution(bound.program, bound);
      if (this.continueExecution(execution, bound, queue, time_ms) === 'paused') return 'paused';
    }
    this.nextDueMs = Math.min(...this.programs.filter((b) => !b.disabled).map((b) => b.nextRunMs));
    return 'done';
  }

  /** The earliest time any program is due (Infinity when none is). */
  private nextDueMs = 0;

  private continueExecution(execution: PpuExecution, bound: BoundProgram, queue: BoundProgram[], time: number): 'done' | 'paused' {
    try {
      while (!execution.done) {
        if (this.shouldBreak(execution)) {
          this.stepRequested = false;
          this.paused = { execution, bound, queue, time };
          return 'paused';
        }
        execution.stepStatement();
      }
    } catch (e) {
      if (!(e instanceof PpuBudgetError)) throw e;
      bound.disabled = true;
      this.warnings.push(`${e.message} at ${time.toFixed(1)} ms; the rule is not run again`);
    }
    this.finishRun(bound, time);
    return 'done';
  }

  private lastBreak: { execution: PpuExecution; pc: number; row: number } | undefined;

  private shouldBreak(execution: PpuExecution): boolean {
    // Never stop twice at the same place: continuing from a breakpoint runs its statement.
    const here = { execution, pc: execution.pc, row: execution.rowIndex };
    if (this.lastBreak && this.lastBreak.execution === execution && this.lastBreak.pc === here.pc && this.lastBreak.row === here.row) return false;
    const index = execution.statementIndex;
    const statement = index !== undefined ? execution.program.statements[index] : undefined;
    if (!statement) return false;
    // Stop only at the first instruction of a statement.
    const code = execution.section === 'neurons' ? execution.program.neuronCode : execution.program.rowCode;
    if (execution.pc > 0 && code[execution.pc - 1].stmt === index) return false;
    const hit = this.stepRequested || this.breakpoints.some((b) => b.rule === execution.program.rule && (b.line === undefined || b.line === statement.line));
    if (hit) this.lastBreak = here;
    return hit;
  }

  private finishRun(bound: BoundProgram, time: number): void {
    bound.runs++;
    const period = usToBioMs(bound.program.periodUs);
    bound.nextRunMs = (bound.runs + 1) * period;
    for (const projection of bound.program.projections) {
      const stride = this.strides.get(projection) ?? 1;
      const first = this.programs.find((b) => b.program.projections.includes(projection));
      if (first !== bound) continue; // one snapshot per projection, taken by its first program
      if (bound.runs % stride === 0) this.snapshots.push(this.snapshot(projection, time));
    }
  }

  private matrixShape(projection: string): { pre: number; post: number; preName: string; postName: string } {
    const [preRef, postRef] = projection.split('#')[0].split('->');
    const preName = preRef.replace(/\[.*$/, '');
    const postName = postRef.replace(/\[.*$/, '');
    const size = (name: string) => this.config.source.populations.find((p) => p.name === name)?.size ?? 0;
    return { pre: size(preName), post: size(postName), preName, postName };
  }

  /** The projection's weights now: matrix[pre][post], null where it has no synapse. */
  snapshot(projection: string, time_ms: number): WeightSnapshot {
    const shape = this.matrixShape(projection);
    const matrix: Array<Array<number | null>> = Array.from({ length: shape.pre }, () => new Array<number | null>(shape.post).fill(null));
    const { pre, post } = this.emulated.description.synapses;
    const sources = this.emulated.sourceOrigins;
    for (const b of this.programs) {
      if (!b.program.projections.includes(projection)) continue;
      for (let at = 0; at < b.present.length; at++) {
        if (!b.present[at]) continue;
        for (const e of b.entries[at]) {
          const p = pre[e.s];
          const origin = p < sources.length ? sources[p] : this.config.neurons[p - sources.length];
          const target = this.config.neurons[post[e.s]];
          if (!origin || !target || origin.population !== shape.preName || target.population !== shape.postName) continue;
          if (origin.index < shape.pre && target.index < shape.post) matrix[origin.index][target.index] = b.weight[at];
        }
      }
    }
    return { projection, time_ms: +time_ms.toFixed(6), matrix };
  }
}
