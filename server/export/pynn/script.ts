/**
 * Writes the PyNN script of a resolved network for one backend. The script reads top-down like a hand-written
 * one (constants, cell types, `main()` with populations, projections, stimuli, recording, run, results), with
 * the bulky data (spike trains, connection lists) in functions at the bottom. Whatever the backend cannot
 * express is reported through `report` and, where it changes the model, named in the script's docstring too.
 */
import { version } from '../../../package.json';
import type { Diagnostic } from '../../language/diagnostic';
import { Severity } from '../../language/diagnostic';
import type { NeuronPopulation, Population, Projection, Selection } from '../../language/model';
import type { Range } from '../../language/position';
import { resolveVoltageMapping } from '../../mapper/translateParameters';
import {
  BACKENDS,
  type BackendName,
  type CellArgument,
  brainscalesArguments,
  currentBasedAdExClass,
  nestAeifPscExpArguments,
  pynnAdExArguments,
  uncalibratedAdExTerms,
} from './backends';
import { ExportCode, type ExportCodeValue } from './codes';
import { RESULTS_WRITER } from './footer';
import { Identifiers, pyFloat, pyInt, pyList, pyRounded, pyString } from './python';
import type { ResolvedNetwork, ResolvedProjection } from './network';

export interface ScriptOptions {
  backend: BackendName;
  /** The experiment file's name, for the docstring. */
  fileName: string;
  /** 'arrays' (default): the emulator's exact Poisson trains; 'generators': the backend's Poisson sources. */
  poisson: 'arrays' | 'generators';
  /** 'lists' (default): random connectors as the emulator's exact connections; 'connectors': PyNN's own draw. */
  connectivity: 'lists' | 'connectors';
  /** Integration step of the software backends, ms. */
  timestepMs: number;
}

export type Report = (severity: Severity, code: ExportCodeValue, range: Range, message: string) => void;

/** Delay of projections from neurons in the software backends: the emulator's spike exchange step. */
export const NEURON_DELAY_MS = 0.1;
/** Neurons whose membrane pynn-brainscales can record in one run: the MADC's two channels (facts §8). */
const MADC_NEURONS = 2;
/** Sampling interval of exported traces in the software backends, ms (the emulator's MADC-rate traces). */
export const TRACE_SAMPLING_MS = 0.1;

export function renderScript(network: ResolvedNetwork, options: ScriptOptions, report: Report): string {
  return new ScriptWriter(network, options, report).render();
}

class ScriptWriter {
  private readonly info;
  private readonly sim: string;
  private readonly ids = new Identifiers();
  private readonly data: string[] = [];
  private readonly modelNotes: string[] = [];
  private readonly resultWarnings: string[] = [];
  private readonly byName = new Map<string, Population>();
  private readonly software: boolean;
  private needsCustomAdEx = false;
  private needsSequence = false;

  constructor(
    private readonly network: ResolvedNetwork,
    private readonly options: ScriptOptions,
    private readonly report: Report,
  ) {
    this.info = BACKENDS[options.backend];
    this.sim = this.info.alias;
    this.software = options.backend !== 'brainscales2';
    for (const p of network.experiment.populations) this.byName.set(p.name, p);
  }

  /** Time in the script's units (hardware ms on the chip). */
  private time(ms: number): string {
    return pyRounded(ms * this.info.timePerMs);
  }

  render(): string {
    const body = [
      ...this.populations(),
      '',
      ...this.projections(),
      ...this.stimuli(),
      '',
      ...this.recording(),
    ];
    const out: string[] = [];
    out.push(...this.header());
    out.push('');
    out.push(`def main(results_path=RESULTS):`);
    out.push(`    ${this.setupCall()}`);
    out.push('');
    out.push(...body.map((l) => (l === '' ? '' : `    ${l}`)));
    out.push('');
    out.push(`    ${this.sim}.run(${this.options.backend === 'brainscales2' ? 'DURATION_MS / 1000.0' : 'DURATION_MS'})`);
    out.push(`    results = collect_results(populations, traces, WARNINGS)`);
    out.push(`    ${this.sim}.end()`);
    out.push(`    write_results(results_path, results)`);
    out.push('');
    out.push('');
    out.push(RESULTS_WRITER);
    if (this.data.length > 0) {
      out.push('');
      out.push(`# Data: the spike trains and connections the emulator used (seed ${this.network.seed}).`);
      out.push('');
      out.push(this.data.join('\n\n\n'));
    }
    out.push('');
    out.push('');
    out.push(`if __name__ == '__main__':`);
    out.push(`    main(sys.argv[1] if len(sys.argv) > 1 else RESULTS)`);
    out.push('');
    return out.join('\n');
  }

  private header(): string[] {
    const e = this.network.experiment;
    const backend = this.options.backend;
    const resultsName = `${e.name}.${backend}.results.json`;
    const lines: string[] = [];
    lines.push('#!/usr/bin/env python3');
    lines.push('"""');
    lines.push(`Experiment '${e.name}' (${this.options.fileName}) for PyNN with the ${this.info.module} backend.`);
    lines.push(`Exported by BrainScaleS-2 Studio ${version}; edit freely.`);
    lines.push('');
    lines.push(`Run:      python3 ${e.name}_${backend}.py [RESULTS.json]     (default ${resultsName})`);
    lines.push(`Compare:  bss2 import ${resultsName} --compare EMULATOR.json`);
    lines.push('');
    if (backend === 'brainscales2') {
      lines.push('Units are the chip\'s (pynn-brainscales): times in hardware ms and us, 1000x faster than biology;');
      lines.push('potentials in CADC LSB through the experiment\'s voltage mapping; weights are the 6-bit integers 0..63,');
      lines.push('negative on inhibitory projections. The results file is written in biological ms and mV.');
    } else {
      lines.push('Units are PyNN\'s: ms, mV, nA, nF, uS, Hz (the AdEx `a` in nS). Weights: the chip weight (0..63) times');
      lines.push('the postsynaptic population\'s weight_scale (pA for AdEx, nS for AdExCond), in nA or uS; inhibitory');
      lines.push('current-based weights are negative. The results file is written in ms, mV and pA.');
      lines.push(
        this.options.poisson === 'arrays'
          ? `Poisson sources play the exact spike trains of the emulator's run (seed ${this.network.seed}).`
          : 'Poisson sources are the backend\'s own Poisson generators (same rates, other spike trains).',
      );
      lines.push(
        this.options.connectivity === 'lists'
          ? `Random connectors are exported as the emulator's exact connection lists (seed ${this.network.seed}).`
          : 'Random connectors are PyNN connectors drawing their own connections (same statistics, other synapses).',
      );
      lines.push(`Delays: ${NEURON_DELAY_MS} ms from neurons (the emulator's spike exchange step), one time step from sources.`);
    }
    // Filled while the body was written (render() writes the body first).
    if (this.modelNotes.length > 0) {
      lines.push('');
      lines.push('Differences from the emulator:');
      for (const n of this.modelNotes) lines.push(`  - ${n}`);
    }
    lines.push('"""');
    lines.push('import json');
    lines.push('import sys');
    lines.push('');
    lines.push(`import ${this.info.module} as ${this.sim}`);
    if (this.needsSequence) lines.push('from pyNN.parameters import Sequence');
    lines.push('');
    lines.push(`EXPERIMENT = ${pyString(e.name)}`);
    lines.push(`SEED = ${pyInt(this.network.seed)}`);
    lines.push(`DURATION_MS = ${pyFloat(e.duration.value)}  # biological time`);
    if (this.software) {
      lines.push(`TIMESTEP = ${pyFloat(this.options.timestepMs)}  # ms, integration step`);
      lines.push(`SOURCE_DELAY = TIMESTEP  # ms: the emulator delivers source spikes at once; PyNN's minimum is one step`);
      lines.push(`NEURON_DELAY = ${pyFloat(NEURON_DELAY_MS)}  # ms: the emulator's spike exchange step`);
      lines.push(`TIME_TO_MS = 1.0  # recorded times are biological ms`);
    } else {
      lines.push(`TIME_TO_MS = 1000.0  # recorded times are hardware ms; 1 hardware ms emulates 1000 biological ms`);
    }
    lines.push(`RESULTS = ${pyString(resultsName)}`);
    lines.push(`WARNINGS = ${pyList([pyString(`recorded with ${this.info.module} from an export of ${this.options.fileName}`), ...this.resultWarnings.map(pyString)], 0)}`);
    if (this.needsCustomAdEx && (this.options.backend === 'neuron' || this.options.backend === 'brian2')) {
      lines.push('');
      lines.push('');
      lines.push(currentBasedAdExClass(this.options.backend).trimEnd());
    }
    lines.push('');
    return lines;
  }

  private setupCall(): string {
    if (this.software) return `${this.sim}.setup(timestep=TIMESTEP, min_delay=TIMESTEP)`;
    return `${this.sim}.setup()`;
  }

  private pyName(population: string): string {
    return this.ids.get(population);
  }

  /** `exc`, or a view `exc[0:2]` for a part of a population. */
  private selection(s: Selection): string {
    const p = this.byName.get(s.population);
    const name = this.pyName(s.population);
    if (p && s.start === 0 && s.end === p.size) return name;
    return `${name}[${s.start}:${s.end}]`;
  }

  private populations(): string[] {
    const lines: string[] = ['# Populations'];
    const e = this.network.experiment;
    for (const p of e.populations) {
      const name = this.pyName(p.name);
      if (p.kind === 'neuron') lines.push(...this.neuronPopulation(p, name));
      else lines.push(...this.sourcePopulation(p, name));
    }
    lines.push(`populations = {${e.populations.map((p) => `${pyString(p.name)}: ${this.pyName(p.name)}`).join(', ')}}`);
    return lines;
  }

  private cellArguments(args: CellArgument[], indent: string): string[] {
    const width = Math.max(...args.map((a) => a.name.length));
    return args.map((a) => `${indent}${`${a.name}=${a.integer ? pyInt(a.value) : pyRounded(a.value)},`.padEnd(width + 16)}  # ${a.comment}`);
  }

  private neuronPopulation(p: NeuronPopulation, name: string): string[] {
    const backend = this.options.backend;
    const lines: string[] = [];
    let cellType: string;
    let args: CellArgument[];
    let initial: string | undefined;
    if (backend === 'brainscales2') {
      cellType = p.type === 'AdExCond' ? 'pynn.cells.CalibHXNeuronCoba' : 'pynn.cells.CalibHXNeuronCuba';
      args = brainscalesArguments(p, resolveVoltageMapping(this.network.experiment.voltageMapping));
      const dropped = uncalibratedAdExTerms(p.params);
      if (dropped.length > 0) {
        const list = dropped.map((d) => `${d.name} = ${d.value} ${d.unit}`).join(', ');
        this.report(
          Severity.Warning,
          ExportCode.AdExTermsNotCalibrated,
          p.nameRange,
          `population '${p.name}': ${cellType.split('.').pop()} is calibrated as a leaky integrate-and-fire neuron; ${list} ` +
            `cannot be set through pynn-brainscales (calix has no calibration for the exponential and adaptation terms, facts §3.5) and are not exported`,
        );
        this.modelNotes.push(`'${p.name}' runs without ${dropped.map((d) => d.name).join(', ')} (not calibrated on the chip).`);
      }
    } else if (p.type === 'AdExCond') {
      cellType = `${this.sim}.EIF_cond_exp_isfa_ista`;
      args = pynnAdExArguments(p.params, true);
      initial = `v=${pyRounded(p.params.v_init.value)}, w=0.0`;
    } else if (backend === 'nest') {
      cellType = `${this.sim}.native_cell_type('aeif_psc_exp')`;
      args = nestAeifPscExpArguments(p.params);
      initial = `V_m=${pyRounded(p.params.v_init.value)}, w=0.0`;
      this.noteCustomAdEx(p, "NEST's native aeif_psc_exp (NEST units: pF, nS, pA)");
    } else {
      cellType = 'EIF_curr_exp_isfa_ista';
      args = pynnAdExArguments(p.params, false);
      initial = `v=${pyRounded(p.params.v_init.value)}, w=0.0`;
      this.needsCustomAdEx = true;
      this.noteCustomAdEx(p, 'EIF_curr_exp_isfa_ista, defined at the top of the script');
    }
    lines.push(`${name} = ${this.sim}.Population(${p.size}, ${cellType}(`);
    lines.push(...this.cellArguments(args, '    '));
    lines.push(`), label=${pyString(p.name)})`);
    if (initial) lines.push(`${name}.initialize(${initial})`);
    return lines;
  }

  private customNoted = false;
  private noteCustomAdEx(p: NeuronPopulation, what: string): void {
    if (this.customNoted) return;
    this.customNoted = true;
    this.report(
      Severity.Information,
      ExportCode.NonStandardCellType,
      p.typeRange,
      `AdEx with current-based synapses has no PyNN standard cell type (PyNN 0.10 has EIF_cond_exp_isfa_ista and EIF_cond_alpha_isfa_ista, both conductance-based); exported as ${what}`,
    );
  }

  private sourcePopulation(p: Exclude<Population, NeuronPopulation>, name: string): string[] {
    const sim = this.sim;
    const cells = this.options.backend === 'brainscales2' ? 'pynn.cells' : sim;
    const rate = (hz: number) => pyRounded(hz / this.info.timePerMs); // Hz in the script's time units (hardware Hz on the chip)
    if (p.type === 'SpikeArray' || (p.type === 'Poisson' && this.options.poisson === 'arrays')) {
      const fn = this.ids.get(p.name, 'spike_trains_');
      this.addTrains(fn, p.name, p.type);
      this.needsSequence = true;
      const comment = p.type === 'Poisson' ? `  # Poisson ${p.rate.value} Hz: the emulator's trains` : '';
      return [`${name} = ${sim}.Population(${p.size}, ${cells}.SpikeSourceArray(spike_times=[Sequence(t) for t in ${fn}()]), label=${pyString(p.name)})${comment}`];
    }
    if (p.type === 'Poisson') {
      if (!this.poissonNoted) {
        this.poissonNoted = true;
        this.report(
          Severity.Information,
          ExportCode.PoissonRegenerated,
          p.typeRange,
          `Poisson sources are exported as ${cells}.SpikeSourcePoisson: the same rates, but other spike trains than the emulator's (export with the exact trains to compare runs spike by spike)`,
        );
      }
      const stop = Math.min(p.stop.value, this.network.experiment.duration.value);
      return [
        `${name} = ${sim}.Population(${p.size}, ${cells}.SpikeSourcePoisson(rate=${rate(p.rate.value)}, start=${this.time(p.start.value)}, duration=${this.time(Math.max(0, stop - p.start.value))}), label=${pyString(p.name)})`,
      ];
    }
    // BackgroundPoisson: the chip's on-chip generators.
    if (this.options.backend === 'brainscales2') {
      const seed = p.seed?.value ?? (this.network.seed & 0xffff);
      return [
        `${name} = pynn.Population(${p.size}, pynn.cells.SpikeSourcePoissonOnChip(rate=${rate(p.rate.value)}, seed=${pyInt(seed)}), label=${pyString(p.name)})  # rate in hardware Hz`,
      ];
    }
    this.report(
      Severity.Warning,
      ExportCode.BackgroundPoissonApproximated,
      p.typeRange,
      `population '${p.name}': the chip's background generators have no counterpart in ${this.info.module}; exported as SpikeSourcePoisson of the same rate (${p.rate.value} Hz): other spike trains, and no binning to the generator's clock`,
    );
    this.modelNotes.push(`'${p.name}' (on-chip background generator) is a SpikeSourcePoisson of the same rate.`);
    return [
      `${name} = ${sim}.Population(${p.size}, ${sim}.SpikeSourcePoisson(rate=${rate(p.rate.value)}, start=0.0, duration=DURATION_MS), label=${pyString(p.name)})  # BackgroundPoisson`,
    ];
  }
  private poissonNoted = false;

  private addTrains(fn: string, population: string, type: string): void {
    const trains = this.network.trains.get(population) ?? [];
    const rows = trains.map((t) => pyList(t.map((ms) => this.time(ms)), 8));
    const unit = this.software ? 'ms' : 'hardware ms';
    this.data.push(
      `def ${fn}():\n    """${type} '${population}': spike times (${unit}) of each of its ${trains.length} neurons."""\n    return [\n${rows.map((r) => `        ${r},`).join('\n')}\n    ]`,
    );
  }

  private projections(): string[] {
    const lines: string[] = ['# Projections'];
    const plastic = new Map<string, string>();
    for (const rule of this.network.experiment.plasticity) for (const name of rule.projections) plastic.set(name, rule.name);
    for (const resolved of this.network.projections) {
      lines.push(...this.projection(resolved, plastic.get(resolved.projection.name)));
    }
    return lines;
  }

  /** PyNN weight of one chip weight step on a projection into `post`: the value and how it was computed. */
  private weightStep(projection: Projection): { factor: number; text: string } {
    const post = this.byName.get(projection.post.population) as NeuronPopulation | undefined;
    if (!post || post.kind !== 'neuron') return { factor: 1, text: '' };
    // PyNN: inhibitory current-based weights are negative; pynn-brainscales wants every inhibitory weight negative.
    const sign = projection.receptor === 'inhibitory' && (post.type === 'AdEx' || this.options.backend === 'brainscales2') ? -1 : 1;
    if (this.options.backend === 'brainscales2') return { factor: sign, text: sign < 0 ? 'negative: inhibitory' : '' };
    const scale = post.params.weight_scale.value;
    const unit = post.type === 'AdExCond' ? 'uS' : 'nA';
    const ourUnit = post.type === 'AdExCond' ? 'nS' : 'pA';
    return { factor: (sign * scale) / 1000, text: `${unit}: chip weight x ${sign < 0 ? '-' : ''}${scale} ${ourUnit} (weight_scale of '${post.name}')` };
  }

  private projection(resolved: ResolvedProjection, rule: string | undefined): string[] {
    const { projection, connections } = resolved;
    const sim = this.sim;
    const pre = this.selection(projection.pre);
    const post = this.selection(projection.post);
    const prePopulation = this.byName.get(projection.pre.population);
    const name = this.ids.get(projection.name, 'proj_');
    const step = this.weightStep(projection);
    const connector = projection.connector;
    const lines: string[] = [`# ${projection.pre.population}[${projection.pre.start}..${projection.pre.end}] -> ${projection.post.population}[${projection.post.start}..${projection.post.end}]: ${this.describeConnector(projection)}, weight ${projection.weight.value}, ${projection.receptor}`];

    if (rule) {
      this.report(
        Severity.Warning,
        ExportCode.PlasticityNotExported,
        projection.range,
        `${projection.name}: plasticity rule '${rule}' runs on the chip's plasticity processor and has no counterpart in ${this.info.module}; the projection is exported static with its initial weights`,
      );
      this.modelNotes.push(`${projection.name} is static: plasticity rule '${rule}' is not exported.`);
      this.resultWarnings.push(`${projection.name}: plasticity rule '${rule}' was not exported; weights stayed static`);
    }
    if (projection.stp) {
      this.report(
        Severity.Warning,
        ExportCode.StpNotExported,
        projection.stp.range ?? projection.range,
        `${projection.name}: the chip's short-term plasticity (4-bit driver settings) has no published translation to ${this.options.backend === 'brainscales2' ? "pynn-brainscales' projections (it exposes no STP parameters)" : `a PyNN synapse type of ${this.info.module}`}; the projection is exported static`,
      );
      this.modelNotes.push(`${projection.name} is static: its short-term plasticity is not exported.`);
    }

    let delay = '';
    if (this.software) {
      const fromSource = prePopulation?.kind === 'source';
      delay = projection.delay && projection.delay.value > 0 ? `, delay=max(${pyFloat(projection.delay.value)}, TIMESTEP)` : `, delay=${fromSource ? 'SOURCE_DELAY' : 'NEURON_DELAY'}`;
    }
    const uniform = connector.kind !== 'from_list';
    const chipWeight = projection.weight.value;
    const weightLiteral = (w: number) => (this.software ? pyRounded(w * step.factor) : pyInt(w * step.factor));
    const weightComment = step.text ? `  # ${step.text}` : '';
    let connectorText: string;
    const random = connector.kind === 'fixed_probability' || connector.kind === 'fixed_indegree';
    if (connector.kind === 'all_to_all') connectorText = `${sim}.AllToAllConnector()`;
    else if (connector.kind === 'one_to_one') connectorText = `${sim}.OneToOneConnector()`;
    else if (random && this.options.connectivity === 'connectors') {
      const rng = this.software ? `, rng=${sim}.NumpyRNG(seed=SEED)` : '';
      connectorText =
        connector.kind === 'fixed_probability'
          ? `${sim}.FixedProbabilityConnector(${pyFloat(connector.p)}${rng})`
          : `${sim}.FixedNumberPreConnector(${pyInt(connector.n)}${rng})`;
      if (!this.connectivityNoted) {
        this.connectivityNoted = true;
        this.report(
          Severity.Information,
          ExportCode.ConnectivityRedrawn,
          connector.range ?? projection.range,
          'random connectors are exported as PyNN connectors: the same statistics, but other connections than the emulator draws (export the exact lists to compare runs spike by spike)',
        );
      }
    } else {
      const fn = this.ids.get(projection.name, 'connections_');
      const pairs: string[] = [];
      for (let k = 0; k < connections.pre.length; k++) {
        const i = connections.pre[k] - projection.pre.start;
        const j = connections.post[k] - projection.post.start;
        pairs.push(uniform ? `(${i}, ${j})` : `(${i}, ${j}, ${pyFloat(connections.weight[k])})`);
      }
      const what = uniform ? '(pre, post) pairs' : '(pre, post, chip weight) triples';
      this.data.push(
        `def ${fn}():\n    """${projection.name}: ${this.describeConnector(projection)} as ${what}, indices within the selections (${connections.pre.length} connections)."""\n    return ${pyList(pairs, 4)}`,
      );
      if (uniform) connectorText = `${sim}.FromListConnector(${fn}())`;
      else {
        const scale = this.software ? pyRounded(step.factor) : pyInt(step.factor);
        connectorText = `${sim}.FromListConnector([(i, j, w * ${scale}) for i, j, w in ${fn}()], column_names=['weight'])`;
      }
    }
    const synapseClass = this.options.backend === 'brainscales2' ? 'pynn.standardmodels.synapses.StaticSynapse' : `${sim}.StaticSynapse`;
    const synapse = uniform ? `${synapseClass}(weight=${weightLiteral(chipWeight)}${delay})` : `${synapseClass}(${delay.replace(/^, /, '')})`;
    lines.push(`${name} = ${sim}.Projection(`);
    lines.push(`    ${pre}, ${post}, ${connectorText},`);
    lines.push(`    synapse_type=${synapse},${uniform ? weightComment : ''}`);
    lines.push(`    receptor_type=${pyString(projection.receptor)}, label=${pyString(projection.name)})`);
    return lines;
  }
  private connectivityNoted = false;

  private describeConnector(projection: Projection): string {
    const c = projection.connector;
    switch (c.kind) {
      case 'all_to_all':
      case 'one_to_one':
        return c.kind;
      case 'fixed_probability':
        return `fixed_probability(${c.p})`;
      case 'fixed_indegree':
        return `fixed_indegree(${c.n})`;
      case 'from_list':
        return 'from_list';
    }
  }

  private stimuli(): string[] {
    const stimuli = this.network.experiment.stimuli;
    if (stimuli.length === 0) return [];
    const lines: string[] = ['', '# Stimuli'];
    for (const s of stimuli) {
      if (!this.info.currentSources) {
        this.report(
          Severity.Warning,
          ExportCode.StimulusNotExported,
          s.range,
          `${s.type} into ${s.target.population}[${s.target.start}..${s.target.end}]: pynn-brainscales has no current sources; the stimulus is not exported`,
        );
        this.modelNotes.push(`the ${s.type} into '${s.target.population}' is missing (no current sources on the chip's PyNN).`);
        this.resultWarnings.push(`${s.type} into ${s.target.population} was not exported`);
        continue;
      }
      const times = s.times.map((t) => pyRounded(t));
      const amplitudes = s.amplitudes.map((a) => pyRounded(a / 1000));
      lines.push(`${this.sim}.StepCurrentSource(times=${pyList(times, 4)}, amplitudes=${pyList(amplitudes, 4)}).inject_into(${this.selection(s.target)})  # ${s.type}, nA`);
    }
    return lines.length > 2 ? lines : [];
  }

  private recording(): string[] {
    const lines: string[] = ['# Recording: the spikes of every population (as the emulator records them) and the traces asked for.'];
    const e = this.network.experiment;
    lines.push(`for population in populations.values():`);
    lines.push(`    population.record('spikes')`);
    const traces: string[] = [];
    const nest = this.options.backend === 'nest';
    for (const r of e.recordings) {
      const population = this.byName.get(r.target.population);
      if (!population || population.kind !== 'neuron') continue;
      const recorded: string[] = [];
      r.variables.forEach((v, k) => {
        if (v === 'spikes') return;
        const t = v === 'v' || v === 'w' ? this.info.traces[v] : undefined;
        if (!t) {
          this.report(
            Severity.Warning,
            ExportCode.RecordingNotExported,
            r.variableRanges[k] ?? r.range,
            v === 'w'
              ? `'w' cannot be recorded through pynn-brainscales in pA (the adaptation readout is a technical voltage without a published scale); it is not exported`
              : `'${v}' has no recordable counterpart in ${this.info.module} (its AdEx types record v and w); it is not exported`,
          );
          return;
        }
        if (this.options.backend === 'brainscales2' && v === 'v') {
          const count = r.target.end - r.target.start;
          if (count > this.madcBudget) {
            this.report(
              Severity.Warning,
              ExportCode.RecordingNotExported,
              r.variableRanges[k] ?? r.range,
              `pynn-brainscales records membranes through the MADC, at most ${MADC_NEURONS} neurons per run (facts §8); the membrane of ${r.target.population}[${r.target.start}..${r.target.end}] does not fit and is not exported (the emulator reads it through the CADC)`,
            );
            return;
          }
          this.madcBudget -= count;
        }
        let name = t.recorded;
        let scale = t.scale;
        let offset = 0;
        if (nest && population.type === 'AdEx') {
          name = v === 'v' ? 'V_m' : 'w';
          scale = 1; // the native model records V_m in mV and w in pA
        }
        if (this.options.backend === 'brainscales2' && v === 'v') {
          // The MADC reading, converted with the experiment's CADC mapping: the MADC has its own per-chip scale.
          const m = resolveVoltageMapping(e.voltageMapping);
          scale = 1 / m.cadcPerMv;
          offset = m.mvAtReference - m.cadcReference / m.cadcPerMv;
          if (!this.madcNoted) {
            this.madcNoted = true;
            this.resultWarnings.push('membrane traces were converted from MADC readings with the experiment\'s CADC voltage mapping; calibrate the MADC per chip for exact mV');
          }
        }
        recorded.push(name);
        traces.push(
          `(${pyString(population.name)}, ${r.target.start}, ${r.target.end}, ${pyString(v)}, ${pyString(name)}, ${pyRounded(scale)}, ${pyRounded(offset)}, ${pyString(v === 'v' ? 'mV' : 'pA')})`,
        );
      });
      if (recorded.length > 0) {
        const sampling = this.software ? `, sampling_interval=${pyFloat(TRACE_SAMPLING_MS)}` : '';
        lines.push(`${this.selection(r.target)}.record(${pyList(recorded.map(pyString), 4)}${sampling})`);
      }
    }
    lines.push('# (population, first, stop, variable, recorded as, factor and offset to mV/pA, unit) for the results file');
    lines.push(`traces = ${pyList(traces, 4)}`);
    return lines;
  }
  private madcNoted = false;
  private madcBudget = MADC_NEURONS;
}
