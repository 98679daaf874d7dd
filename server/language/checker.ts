/**
 * The semantic checker: resolves names, validates every value against the catalogue (parameters.ts), converts
 * quantities into internal units (units.ts) and builds the checked Experiment (model.ts).
 *
 * Each statement is checked on its own, so an error in one never hides the checks of another. The model is
 * built from what is valid (a partial model when the file has errors):
 *   - a parameter with an invalid value is reported and keeps its default;
 *   - a statement whose structure is broken (unknown type, invalid size, undefined or invalid reference,
 *     connector that cannot be read, missing required parameter) is reported and left out of the model, and so is
 *     everything that refers to a population left out (without a second error: the first one says why).
 */
import type {
  Block,
  Connection,
  Document,
  ExperimentStatement,
  Member,
  NeuronStatement,
  PlasticityStatement,
  PopulationReference,
  PopulationStatement,
  ProjectionStatement,
  RecordStatement,
  StimulusStatement,
  Value,
} from './ast';
import { Code } from './codes';
import { Severity, type Diagnostic, type RelatedInformation } from './diagnostic';
import type {
  CellType,
  Compartment,
  CompartmentKind,
  Connector,
  Experiment,
  Morphology,
  NeuronParameters,
  PlasticityRule,
  Population,
  Projection,
  Receptor,
  RecordVariable,
  Recording,
  Converter,
  Selection,
  Stimulus,
  Valued,
} from './model';
import {
  CELL_PARAMETERS,
  COMPARTMENT_KINDS,
  COMPARTMENT_PARAMETERS,
  COMPARTMENT_RECORD_VARIABLES,
  CONDUCTANCE_ONLY,
  CONNECTORS,
  DEFAULT_CADC_PER_MV,
  DEFAULT_CADC_REFERENCE,
  DEFAULT_DURATION_MS,
  DEFAULT_V_AT_CADC_REFERENCE,
  EXPERIMENT_PARAMETERS,
  PLASTICITY_PERIOD,
  POPULATION_TYPES,
  PROJECTION_PARAMETERS,
  RECORD_VARIABLES,
  CONVERTERS,
  STIMULUS_PARAMETERS,
  STIMULUS_TYPES,
  compartmentKind,
  populationType,
  recordVariablesFor,
  type ParameterSpec,
  type StimulusType,
} from './parameters';
import type { Range } from './position';
import { didYouMean, suggest } from './suggest';
import { compileRuleBody } from '../plasticity/compile';
import {
  DIMENSION_NOUN,
  INTERNAL_UNIT,
  UNITS,
  convertLiteral,
  formatQuantity,
  lookupUnit,
  type Dimension,
} from './units';

export interface CheckResult {
  diagnostics: Diagnostic[];
  experiment: Experiment;
}

/** A population's declaration: known for every statement with a name, valid or not. */
interface Declaration {
  kind: 'population' | 'plasticity';
  nameRange: Range;
  /** The checked population, when its statement is valid. */
  population?: Population;
}

/**
 * Largest population size the language accepts: far above what the chip holds (its own limits are reported by
 * the chip checks with the numbers), low enough that no size makes the analysis allocate without bound.
 */
const MAX_POPULATION_SIZE = 1_000_000;

/** The parameter tables by name, built once per table (readMembers runs for every block of a file). */
const SPECS_BY_NAME = new WeakMap<readonly ParameterSpec[], Map<string, ParameterSpec>>();

function specsByName(specs: readonly ParameterSpec[]): Map<string, ParameterSpec> {
  let byName = SPECS_BY_NAME.get(specs);
  if (!byName) {
    byName = new Map(specs.map((s) => [s.name, s]));
    SPECS_BY_NAME.set(specs, byName);
  }
  return byName;
}

const EXAMPLE_UNIT: Record<Dimension, string> = { ...INTERNAL_UNIT, dimensionless: '' };

function describeValue(value: Value): string {
  switch (value.kind) {
    case 'quantity':
      return value.unit ? `${value.literal} ${value.unit.text}` : value.literal;
    case 'name':
      return `the name '${value.name.text}'`;
    case 'boolean':
      return String(value.value);
    case 'string':
      return 'a string';
    case 'list':
      return 'a list';
    case 'call':
      return `a call of '${value.callee.text}'`;
  }
}

/** What a parameter expects, for messages: "a time (e.g. 20 ms)". */
function expectation(spec: ParameterSpec): string {
  switch (spec.form) {
    case 'integer':
      return 'a whole number';
    case 'quantity':
      return spec.dimension === 'dimensionless' ? 'a plain number' : `${DIMENSION_NOUN[spec.dimension]} (a number with a unit such as ${EXAMPLE_UNIT[spec.dimension]})`;
    case 'choice':
      return `one of ${spec.choices?.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'spike_times':
      return 'a list of times, or a list of such lists (one per neuron)';
    case 'quantity_list':
      return `a list of ${DIMENSION_NOUN[spec.dimension].replace(/^an? /, '')}s`;
    case 'connector':
      return 'a connector';
    case 'name':
      return 'a name';
  }
}

function rangeText(spec: Pick<ParameterSpec, 'min' | 'max' | 'minExclusive' | 'maxExclusive' | 'dimension'>): string {
  const f = (v: number) => formatQuantity(v, spec.dimension);
  if (spec.min !== undefined && spec.max !== undefined) return `between ${f(spec.min)} and ${f(spec.max)}`;
  if (spec.min !== undefined) return spec.minExclusive ? `greater than ${f(spec.min)}` : `at least ${f(spec.min)}`;
  if (spec.max !== undefined) return spec.maxExclusive ? `less than ${f(spec.max)}` : `at most ${f(spec.max)}`;
  return 'any value';
}

function inRange(value: number, spec: Pick<ParameterSpec, 'min' | 'max' | 'minExclusive' | 'maxExclusive'>): boolean {
  if (spec.min !== undefined && (spec.minExclusive ? value <= spec.min : value < spec.min)) return false;
  if (spec.max !== undefined && (spec.maxExclusive ? value >= spec.max : value > spec.max)) return false;
  return true;
}

function referenceText(ref: PopulationReference): string {
  const compartment = ref.compartment ? `.${ref.compartment.text}` : '';
  if (!ref.slice) return ref.name.text + compartment;
  const { start, end, isRange } = ref.slice;
  return `${ref.name.text}[${start?.text ?? ''}${isRange ? `..${end?.text ?? ''}` : ''}]${compartment}`;
}

/** A neuron type's declaration: known for every neuron statement with a name; `morphology` when it is valid. */
interface NeuronTypeDeclaration {
  nameRange: Range;
  morphology?: Morphology;
}

/** What a reference resolves to: a selection of a population and, for a neuron type, the compartment named. */
interface Resolved {
  selection: Selection;
  population: Population;
  /** Index into the population's morphology (only when the reference names a compartment). */
  compartment?: number;
}

/** `drive->cell`, `drive[0..3]->cell`: how projections are named in results and plasticity rules. */
export function connectionName(connection: Connection): string | undefined {
  if (!connection.pre || !connection.post) return undefined;
  return `${referenceText(connection.pre)}->${referenceText(connection.post)}`;
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  private readonly declarations = new Map<string, Declaration>();
  /** Neuron types by name: all of them are checked before any population, so a type may be used before its declaration. */
  private readonly neuronTypes = new Map<string, NeuronTypeDeclaration>();
  private duration = DEFAULT_DURATION_MS;
  private readonly experiment: Experiment = {
    name: 'experiment',
    duration: { value: DEFAULT_DURATION_MS },
    seed: { value: 0 },
    voltageMapping: {
      mvAtReference: { value: DEFAULT_V_AT_CADC_REFERENCE },
      cadcReference: { value: DEFAULT_CADC_REFERENCE },
      cadcPerMv: { value: DEFAULT_CADC_PER_MV },
    },
    populations: [],
    projections: [],
    stimuli: [],
    recordings: [],
    plasticity: [],
  };

  check(document: Document): Experiment {
    const statements = document.statements;
    const experiments = statements.filter((s): s is ExperimentStatement => s.kind === 'experiment');
    if (experiments.length === 0) {
      this.report(Severity.Warning, Code.NoExperiment, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        `no experiment statement: using the defaults (duration ${DEFAULT_DURATION_MS} ms, seed 0)`);
    }
    experiments.forEach((s, i) => this.checkExperiment(s, i === 0 ? undefined : experiments[0]));
    // Declarations first, so that references may precede definitions.
    for (const s of statements) {
      if (s.kind === 'population' || s.kind === 'plasticity') this.declare(s);
    }
    for (const s of statements) if (s.kind === 'neuron') this.checkNeuronType(s);
    for (const s of statements) if (s.kind === 'population') this.checkPopulation(s);
    for (const s of statements) {
      if (s.kind === 'projection') this.checkProjection(s);
      else if (s.kind === 'stimulus') this.checkStimulus(s);
      else if (s.kind === 'record') this.checkRecord(s);
    }
    this.nameProjections();
    for (const s of statements) if (s.kind === 'plasticity') this.checkPlasticity(s);
    return this.experiment;
  }

  // ---- reporting ------------------------------------------------------------------------------------------

  private report(
    severity: Severity,
    code: string,
    range: Range,
    message: string,
    extra?: { relatedInformation?: RelatedInformation[]; data?: Record<string, unknown> },
  ): void {
    this.diagnostics.push({ range, severity, code, source: 'bss2', message, ...extra });
  }

  private error(code: string, range: Range, message: string, data?: Record<string, unknown>): void {
    this.report(Severity.Error, code, range, message, data ? { data } : undefined);
  }

  // ---- declarations ---------------------------------------------------------------------------------------

  private declare(s: PopulationStatement | PlasticityStatement): void {
    if (!s.name) return;
    const first = this.declarations.get(s.name.text);
    if (first) {
      const what = first.kind === 'population' ? 'population' : 'plasticity rule';
      this.report(Severity.Error, Code.DuplicateName, s.name.range, `'${s.name.text}' is already defined as a ${what}`, {
        relatedInformation: [{ range: first.nameRange, message: `first definition of '${s.name.text}'` }],
      });
      return;
    }
    this.declarations.set(s.name.text, { kind: s.kind, nameRange: s.name.range });
  }

  /** Known members of a block; reports unknown and duplicate ones. `foreign` are parameters of related types. */
  private readMembers(
    block: Block | undefined,
    specs: readonly ParameterSpec[],
    owner: string,
    foreign?: { names: ReadonlySet<string>; hint: string },
  ): Map<string, { member: Member; spec: ParameterSpec }> {
    const found = new Map<string, { member: Member; spec: ParameterSpec }>();
    if (!block) return found;
    const byName = specsByName(specs);
    for (const member of block.members) {
      const spec = byName.get(member.name.text);
      if (!spec) {
        if (foreign?.names.has(member.name.text)) {
          this.error(Code.NotForThisType, member.name.range, `'${member.name.text}' does not apply to ${owner}: ${foreign.hint}`);
        } else {
          const suggestion = suggest(member.name.text, byName.keys());
          this.report(Severity.Error, Code.UnknownParameter, member.name.range,
            `unknown parameter '${member.name.text}' for ${owner}${didYouMean(suggestion)}`,
            suggestion ? { data: { suggestion } } : undefined);
        }
        continue;
      }
      const previous = found.get(spec.name);
      if (previous) {
        this.report(Severity.Error, Code.DuplicateParameter, member.name.range, `'${spec.name}' is set twice; the first value is used`, {
          relatedInformation: [{ range: previous.member.name.range, message: `first value of '${spec.name}'` }],
        });
        continue;
      }
      found.set(spec.name, { member, spec });
    }
    return found;
  }

  // ---- values ---------------------------------------------------------------------------------------------

  /** A quantity in internal units, or undefined after reporting why it is not one. */
  private readQuantity(value: Value, spec: ParameterSpec, label: string): number | undefined {
    if (value.kind !== 'quantity') {
      this.error(Code.WrongType, value.range, `${label}: expected ${expectation(spec)}, found ${describeValue(value)}`);
      return undefined;
    }
    if (!Number.isFinite(value.number)) return undefined; // reported by the parser
    let converted: number;
    if (value.unit) {
      const unit = lookupUnit(value.unit.text);
      if (!unit) {
        const candidates = spec.dimension === 'dimensionless' ? UNITS.map((u) => u.symbol) : UNITS.filter((u) => u.dimension === spec.dimension).map((u) => u.symbol);
        const suggestion = suggest(value.unit.text, candidates) ?? suggest(value.unit.text, UNITS.map((u) => u.symbol));
        this.error(Code.UnknownUnit, value.unit.range, `unknown unit '${value.unit.text}'${didYouMean(suggestion)}`, suggestion ? { suggestion } : undefined);
        return undefined;
      }
      if (unit.dimension !== spec.dimension) {
        const expected = spec.dimension === 'dimensionless' ? `a plain number without unit (${spec.form === 'integer' ? 'a whole number' : 'dimensionless'})` : DIMENSION_NOUN[spec.dimension];
        this.error(Code.WrongDimension, value.unit.range,
          `${label}: expected ${expected}, found ${DIMENSION_NOUN[unit.dimension]} (${unit.symbol})`,
          { expected: spec.dimension, found: unit.dimension });
        return undefined;
      }
      converted = convertLiteral(value.literal, unit);
    } else {
      if (spec.dimension !== 'dimensionless' && value.number !== 0) {
        const unit = INTERNAL_UNIT[spec.dimension];
        this.error(Code.MissingUnit, value.numberRange,
          `${label}: ${value.literal} needs a unit of ${DIMENSION_NOUN[spec.dimension].replace(/^an? /, '')}, e.g. ${value.literal} ${unit}`,
          { unit });
        return undefined;
      }
      converted = value.number;
    }
    if (spec.form === 'integer' && !Number.isInteger(converted)) {
      this.error(Code.NotInteger, value.range, `${label}: expected a whole number, found ${value.literal}`);
      return undefined;
    }
    if (!inRange(converted, spec)) {
      const nearest = spec.min !== undefined && converted < spec.min ? spec.min : spec.max;
      const exclusive = nearest === spec.min ? spec.minExclusive : spec.maxExclusive;
      this.error(Code.OutOfRange, value.range,
        `${label} must be ${rangeText(spec)}, found ${formatQuantity(converted, spec.dimension)}`,
        { min: spec.min, max: spec.max, unit: INTERNAL_UNIT[spec.dimension], ...(exclusive ? {} : { nearest }) });
      return undefined;
    }
    return converted;
  }

  private readChoice(value: Value, spec: ParameterSpec, label: string): string | undefined {
    const choices = spec.choices ?? [];
    if (value.kind !== 'name') {
      this.error(Code.WrongType, value.range, `${label}: expected ${expectation(spec)}, found ${describeValue(value)}`);
      return undefined;
    }
    if (!choices.includes(value.name.text)) {
      const suggestion = suggest(value.name.text, choices);
      this.error(Code.UnknownChoice, value.range,
        `${label}: '${value.name.text}' is not one of ${choices.join(', ')}${didYouMean(suggestion)}`,
        suggestion ? { suggestion } : undefined);
      return undefined;
    }
    return value.name.text;
  }

  private readBoolean(value: Value, label: string): boolean | undefined {
    if (value.kind !== 'boolean') {
      this.error(Code.WrongType, value.range, `${label}: expected true or false, found ${describeValue(value)}`);
      return undefined;
    }
    return value.value;
  }

  /** A numeric parameter: its value (with the range it was written at) or its default. */
  private numeric(
    members: Map<string, { member: Member; spec: ParameterSpec }>,
    spec: ParameterSpec,
    owner: string,
  ): Valued {
    const entry = members.get(spec.name);
    const fallback = { value: typeof spec.default === 'number' ? spec.default : NaN };
    if (!entry?.member.value) return fallback;
    const value = this.readQuantity(entry.member.value, spec, `${spec.name} of ${owner}`);
    return value === undefined ? fallback : { value, range: entry.member.value.range };
  }

  /** A list of quantities of one dimension (items reported one by one). */
  private readQuantityList(value: Value, spec: ParameterSpec, label: string): Array<{ value: number; range: Range }> | undefined {
    if (value.kind !== 'list') {
      this.error(Code.WrongType, value.range, `${label}: expected ${expectation(spec)}, found ${describeValue(value)}`);
      return undefined;
    }
    const itemSpec: ParameterSpec = { ...spec, form: 'quantity' };
    const out: Array<{ value: number; range: Range }> = [];
    let ok = true;
    for (const item of value.items) {
      const v = this.readQuantity(item, itemSpec, label);
      if (v === undefined) ok = false;
      else out.push({ value: v, range: item.range });
    }
    return ok ? out : undefined;
  }

  // ---- experiment -----------------------------------------------------------------------------------------

  private checkExperiment(s: ExperimentStatement, first: ExperimentStatement | undefined): void {
    if (first) {
      this.report(Severity.Error, Code.DuplicateName, s.name?.range ?? s.keywordRange, 'there is already an experiment statement; a file describes one experiment', {
        relatedInformation: [{ range: first.name?.range ?? first.keywordRange, message: 'the first experiment statement' }],
      });
      return;
    }
    const owner = 'the experiment';
    const members = this.readMembers(s.body, EXPERIMENT_PARAMETERS, owner);
    const spec = (name: string) => EXPERIMENT_PARAMETERS.find((p) => p.name === name)!;
    const e = this.experiment;
    if (s.name) {
      e.name = s.name.text;
      e.nameRange = s.name.range;
    }
    e.duration = this.numeric(members, spec('duration'), owner);
    e.seed = this.numeric(members, spec('seed'), owner);
    e.voltageMapping = {
      mvAtReference: this.numeric(members, spec('v_at_cadc_reference'), owner),
      cadcReference: this.numeric(members, spec('cadc_reference'), owner),
      cadcPerMv: this.numeric(members, spec('cadc_per_mV'), owner),
    };
    this.duration = e.duration.value;
  }

  // ---- populations ----------------------------------------------------------------------------------------

  private checkPopulation(s: PopulationStatement): void {
    if (!s.name) return;
    const declaration = this.declarations.get(s.name.text);
    const isFirst = declaration?.nameRange === s.name.range;
    let type = s.type ? populationType(s.type.text) : undefined;
    const neuronType = s.type && !type ? this.neuronTypes.get(s.type.text) : undefined;
    if (s.type && !type && !neuronType) {
      const declared = [...this.neuronTypes.keys()];
      const suggestion = suggest(s.type.text, [...POPULATION_TYPES.map((t) => t.name), ...declared]);
      const ownTypes = declared.length > 0 ? `; neuron types: ${declared.join(', ')}` : '';
      this.error(Code.UnknownPopulationType, s.type.range,
        `unknown population type '${s.type.text}' (cell types: AdEx, AdExCond; sources: Poisson, SpikeArray, BackgroundPoisson${ownTypes})${didYouMean(suggestion)}`,
        suggestion ? { suggestion } : undefined);
    }
    const size = s.size ? this.checkSize(s) : undefined;
    if (neuronType) {
      this.checkNeuronTypePopulation(s, neuronType, size, isFirst, declaration);
      return;
    }
    if (!type) return;
    const owner = `${type.name} population '${s.name.text}'`;
    const foreign = type.name === 'AdEx' ? { names: CONDUCTANCE_ONLY, hint: 'reversal potentials belong to conductance-based cells (AdExCond)' } : undefined;
    const members = this.readMembers(s.body, type.parameters, owner, foreign);
    if (size === undefined || !s.size || !s.sizeRange || !s.type || !isFirst) return;
    const base = { name: s.name.text, nameRange: s.name.range, range: s.range, size, sizeRange: s.size.range, typeRange: s.type.range };
    const num = (name: string) => this.numeric(members, type!.parameters.find((p) => p.name === name)!, owner);
    let population: Population;
    switch (type.name) {
      case 'AdEx':
      case 'AdExCond': {
        const params = {} as Record<string, Valued>;
        for (const spec of CELL_PARAMETERS[type.name as CellType]) params[spec.name] = this.numeric(members, spec, owner);
        if (!CELL_PARAMETERS[type.name as CellType].some((p) => p.name === 'e_rev_E')) {
          for (const name of CONDUCTANCE_ONLY) params[name] = { value: CELL_PARAMETERS.AdExCond.find((p) => p.name === name)!.default as number };
        }
        if (Number.isNaN(params.v_init.value)) params.v_init = { value: params.v_rest.value };
        // Written out rather than spread from `base`: a spread plus fields is a slow path in V8, and this runs per population.
        population = {
          name: base.name, nameRange: base.nameRange, range: base.range, size: base.size, sizeRange: base.sizeRange, typeRange: base.typeRange,
          kind: 'neuron', type: type.name as CellType, params: params as unknown as NeuronParameters,
        };
        break;
      }
      case 'Poisson': {
        const start = num('start');
        const stop = num('stop');
        this.checkStartStop(start, stop, owner);
        population = { ...base, kind: 'source', type: 'Poisson', rate: num('rate'), start, stop };
        break;
      }
      case 'SpikeArray': {
        const entry = members.get('times');
        const times = entry?.member.value ? this.readSpikeTimes(entry.member.value, size, owner) : undefined;
        population = { ...base, kind: 'source', type: 'SpikeArray', times: times ?? Array.from({ length: size }, () => []), timesRange: times ? entry?.member.value?.range : undefined };
        break;
      }
      case 'BackgroundPoisson': {
        const seedEntry = members.get('seed');
        const seed = seedEntry ? num('seed') : undefined;
        population = { ...base, kind: 'source', type: 'BackgroundPoisson', rate: num('rate'), seed: seed && !Number.isNaN(seed.value) ? seed : undefined };
        break;
      }
    }
    declaration!.population = population;
    this.experiment.populations.push(population);
  }

  /** `population pyr : Pyramidal[4]`: every member is a neuron of the type; parameters belong to its compartments. */
  private checkNeuronTypePopulation(
    s: PopulationStatement,
    neuronType: NeuronTypeDeclaration,
    size: number | undefined,
    isFirst: boolean,
    declaration: Declaration | undefined,
  ): void {
    for (const member of s.body?.members ?? []) {
      this.error(Code.NotForThisType, member.name.range,
        `'${member.name.text}' cannot be set on population '${s.name!.text}': a population of neuron type '${s.type!.text}' takes its parameters from the type's compartments`);
    }
    const morphology = neuronType.morphology;
    if (!morphology || size === undefined || !s.name || !s.size || !s.type || !isFirst) return;
    const population: Population = {
      name: s.name.text,
      nameRange: s.name.range,
      range: s.range,
      size,
      sizeRange: s.size.range,
      typeRange: s.type.range,
      kind: 'neuron',
      type: 'AdEx',
      params: morphology.compartments[0].params,
      morphology,
    };
    declaration!.population = population;
    this.experiment.populations.push(population);
  }

  // ---- neuron types ---------------------------------------------------------------------------------------

  /**
   * A neuron type: its compartments, their parameters and the tree they form. The morphology is kept (and
   * populations of the type are built) only when the tree is sound: one AdEx root, known parents, no cycle.
   */
  private checkNeuronType(s: NeuronStatement): void {
    if (!s.name) return;
    const typeName = s.name.text;
    if (populationType(typeName) || compartmentKind(typeName)) {
      this.error(Code.DuplicateName, s.name.range, `'${typeName}' is a built-in type: give the neuron type another name`);
      return;
    }
    const first = this.neuronTypes.get(typeName);
    if (first) {
      this.report(Severity.Error, Code.DuplicateName, s.name.range, `'${typeName}' is already defined as a neuron type`, {
        relatedInformation: [{ range: first.nameRange, message: `first definition of '${typeName}'` }],
      });
      return;
    }
    const entry: NeuronTypeDeclaration = { nameRange: s.name.range };
    this.neuronTypes.set(typeName, entry);
    if (!s.bodyRange) return; // no body: the syntax error says so, and populations of the type are left out silently
    let ok = true;
    interface Declared {
      compartment: Compartment;
      parentName?: { text: string; range: Range };
      coupling?: Range;
    }
    const declared: Declared[] = [];
    const byName = new Map<string, Declared>();
    for (const c of s.compartments) {
      if (!c.name || !c.kind) {
        ok = false; // syntax error reported
        continue;
      }
      const owner = `compartment '${c.name.text}' of neuron type '${typeName}'`;
      const previous = byName.get(c.name.text);
      if (previous) {
        this.report(Severity.Error, Code.DuplicateName, c.name.range, `neuron type '${typeName}' already has a compartment '${c.name.text}'`, {
          relatedInformation: [{ range: previous.compartment.nameRange, message: `first compartment '${c.name.text}'` }],
        });
        ok = false;
        continue;
      }
      const kindInfo = compartmentKind(c.kind.text);
      if (!kindInfo) {
        const names = COMPARTMENT_KINDS.map((k) => k.name);
        const suggestion = suggest(c.kind.text, names);
        const conductance = c.kind.text === 'AdExCond' ? '; conductance-based compartments are not supported in this version, use AdEx (current-based synapses)' : '';
        this.error(Code.UnknownChoice, c.kind.range, `unknown compartment kind '${c.kind.text}' (known: ${names.join(', ')})${conductance}${didYouMean(suggestion)}`,
          suggestion ? { suggestion } : undefined);
        ok = false;
        continue;
      }
      const kind = kindInfo.name;
      const specs = COMPARTMENT_PARAMETERS[kind];
      const own = new Set(specs.map((p) => p.name));
      const foreignNames = new Set(COMPARTMENT_KINDS.flatMap((k) => k.parameters.map((p) => p.name)).filter((n) => !own.has(n)));
      for (const n of CONDUCTANCE_ONLY) foreignNames.add(n);
      const members = this.readMembers(c.body, specs, owner, {
        names: foreignNames,
        hint: kind === 'AdEx' ? 'it belongs to Plateau compartments (or to conductance-based cells)' : `a ${kind} compartment has no spike mechanism or adaptation; make it AdEx${kind === 'Passive' ? ' or Plateau' : ''}`,
      });
      const find = (name: string) => specs.find((p) => p.name === name);
      const params = {} as Record<string, Valued>;
      for (const spec of CELL_PARAMETERS.AdEx) {
        const ownSpec = find(spec.name);
        params[spec.name] = ownSpec ? this.numeric(members, ownSpec, owner) : { value: typeof spec.default === 'number' ? spec.default : NaN };
      }
      for (const name of CONDUCTANCE_ONLY) params[name] = { value: CELL_PARAMETERS.AdExCond.find((p) => p.name === name)!.default as number };
      if (Number.isNaN(params.v_init.value)) params.v_init = { value: params.v_rest.value };
      if (kind !== 'AdEx') {
        // No exponential term and no adaptation in a passive membrane (the mapper switches them off too).
        params.delta_T = { value: 0 };
        params.a = { value: 0 };
        params.b = { value: 0 };
      }
      const compartment: Compartment = {
        name: c.name.text,
        nameRange: c.name.range,
        kind,
        kindRange: c.kind.range,
        circuits: this.numeric(members, find('circuits')!, owner),
        params: params as unknown as NeuronParameters,
      };
      if (Number.isNaN(compartment.circuits.value)) ok = false;
      if (kind === 'Plateau') {
        compartment.plateau = { potential: this.numeric(members, find('v_plateau')!, owner), duration: this.numeric(members, find('plateau_duration')!, owner) };
        compartment.params.v_reset = compartment.plateau.potential;
        compartment.params.tau_refrac = compartment.plateau.duration;
      }
      const g = members.get('g_icc');
      const tau = members.get('tau_icc');
      if (g && tau) {
        this.error(Code.ConflictingParameters, tau.member.name.range, `${owner}: give the coupling to the parent as g_icc or as tau_icc, not both`);
      }
      if (g) compartment.gIcc = this.numeric(members, g.spec, owner);
      else if (tau) compartment.tauIcc = this.numeric(members, tau.spec, owner);
      if ((compartment.gIcc && Number.isNaN(compartment.gIcc.value)) || (compartment.tauIcc && Number.isNaN(compartment.tauIcc.value))) ok = false;
      const d: Declared = { compartment, coupling: (g ?? tau)?.member.name.range };
      const parent = members.get('parent')?.member.value;
      if (parent) {
        if (parent.kind !== 'name') {
          this.error(Code.WrongType, parent.range, `parent of ${owner}: expected the name of a compartment, found ${describeValue(parent)}`);
          ok = false;
        } else d.parentName = { text: parent.name.text, range: parent.range };
      } else if (members.get('parent')) ok = false;
      byName.set(compartment.name, d);
      declared.push(d);
    }

    // The tree: known parents, exactly one root, of kind AdEx, and no cycle.
    const parents = new Map<Declared, Declared>();
    for (const d of declared) {
      if (!d.parentName) continue;
      const parent = byName.get(d.parentName.text);
      if (!parent) {
        const suggestion = suggest(d.parentName.text, [...byName.keys()].filter((n) => n !== d.compartment.name));
        this.error(Code.UnknownParentCompartment, d.parentName.range,
          `neuron type '${typeName}' has no compartment '${d.parentName.text}' (compartments: ${[...byName.keys()].join(', ')})${didYouMean(suggestion)}`,
          suggestion ? { suggestion } : undefined);
        ok = false;
        continue;
      }
      if (parent === d) {
        this.error(Code.CompartmentCycle, d.parentName.range, `compartment '${d.compartment.name}' of neuron type '${typeName}' cannot be its own parent`);
        ok = false;
        continue;
      }
      parents.set(d, parent);
    }
    const roots = declared.filter((d) => !d.parentName);
    if (declared.length > 0 && ok && roots.length === 0) {
      this.error(Code.BadMorphologyRoot, s.name.range, `neuron type '${typeName}' has no root: every compartment has a parent, but one (the soma, the neuron's output) must have none`);
      ok = false;
    } else if (s.compartments.length === 0) {
      this.error(Code.BadMorphologyRoot, s.name.range, `neuron type '${typeName}' has no compartments: declare at least its soma, e.g. compartment soma : AdEx { }`);
      ok = false;
    }
    for (const extra of roots.slice(1)) {
      this.report(Severity.Error, Code.BadMorphologyRoot, extra.compartment.nameRange,
        `neuron type '${typeName}' has several roots ('${roots[0].compartment.name}' and '${extra.compartment.name}'): give '${extra.compartment.name}' a parent`, {
          relatedInformation: [{ range: roots[0].compartment.nameRange, message: `the first root, '${roots[0].compartment.name}'` }],
        });
      ok = false;
    }
    const root = roots[0];
    if (root && root.compartment.kind !== 'AdEx') {
      this.error(Code.BadMorphologyRoot, root.compartment.kindRange,
        `the root of neuron type '${typeName}', '${root.compartment.name}', is ${root.compartment.kind}: the root is the neuron's output and must be AdEx`);
      ok = false;
    }
    for (const d of declared) {
      if (d === root && d.coupling) {
        this.error(Code.NotForThisType, d.coupling, `'${root.compartment.name}' is the root of neuron type '${typeName}': it has no parent to be coupled to`);
      } else if (d !== root && !d.coupling && d.parentName) {
        this.error(Code.MissingParameter, d.compartment.nameRange,
          `compartment '${d.compartment.name}' of neuron type '${typeName}' needs its coupling to '${d.parentName.text}': g_icc (e.g. 20 nS) or tau_icc (e.g. 2 ms)`);
        ok = false;
      }
    }
    // Cycles: a compartment that meets itself again when walking up its parents.
    for (const d of declared) {
      const seen = new Set<Declared>();
      let at: Declared | undefined = d;
      while (at && !seen.has(at)) {
        seen.add(at);
        at = parents.get(at);
      }
      if (at === d) {
        const cycle: string[] = [];
        let c: Declared = d;
        do {
          cycle.push(c.compartment.name);
          c = parents.get(c)!;
        } while (c !== d);
        this.error(Code.CompartmentCycle, d.parentName!.range,
          `compartments ${[...cycle, d.compartment.name].join(' -> ')} of neuron type '${typeName}' form a cycle: they never reach the root`);
        ok = false;
      }
    }
    if (!ok || !root) return;
    // Depth-first order from the root, children in the order of the file.
    const order: Declared[] = [];
    const visit = (d: Declared): void => {
      order.push(d);
      for (const child of declared) if (parents.get(child) === d) visit(child);
    };
    visit(root);
    const index = new Map(order.map((d, i) => [d, i]));
    const compartments = order.map((d) => {
      const parent = parents.get(d);
      return parent ? { ...d.compartment, parent: index.get(parent) } : d.compartment;
    });
    entry.morphology = { name: typeName, nameRange: s.name.range, compartments };
  }

  private checkSize(s: PopulationStatement): number | undefined {
    const size = s.size!;
    if (!Number.isInteger(size.value)) {
      this.error(Code.NotInteger, size.range, `the size of population '${s.name?.text}' must be a whole number, found ${size.text}`);
      return undefined;
    }
    if (size.value < 1) {
      this.error(Code.OutOfRange, size.range, `the size of population '${s.name?.text}' must be at least 1, found ${size.text}`, { min: 1, nearest: 1 });
      return undefined;
    }
    if (size.value > MAX_POPULATION_SIZE) {
      this.error(Code.OutOfRange, size.range,
        `the size of population '${s.name?.text}' must be at most ${MAX_POPULATION_SIZE}, found ${size.text} (the chip has 512 neuron circuits and tells at most 1024 external sources apart)`,
        { max: MAX_POPULATION_SIZE, nearest: MAX_POPULATION_SIZE });
      return undefined;
    }
    return size.value;
  }

  private checkStartStop(start: Valued, stop: Valued, owner: string): void {
    if (stop.range && stop.value <= start.value) {
      this.error(Code.StopBeforeStart, stop.range,
        `stop of ${owner} (${formatQuantity(stop.value, 'time')}) must be later than its start (${formatQuantity(start.value, 'time')})`);
    }
    if (start.range && start.value >= this.duration) {
      this.report(Severity.Warning, Code.AfterEnd, start.range,
        `${owner} starts at ${formatQuantity(start.value, 'time')}, at or after the end of the experiment (${formatQuantity(this.duration, 'time')})`);
    }
  }

  private readSpikeTimes(value: Value, size: number, owner: string): number[][] | undefined {
    const spec = { ...STIMULUS_PARAMETERS.StepCurrent[0], form: 'quantity' as const, dimension: 'time' as const, min: 0, name: 'times' };
    const label = `times of ${owner}`;
    if (value.kind !== 'list') {
      this.error(Code.WrongType, value.range, `${label}: expected a list of times, or a list of such lists (one per neuron), found ${describeValue(value)}`);
      return undefined;
    }
    const perNeuron = value.items.length > 0 && value.items[0].kind === 'list';
    const lists = perNeuron ? value.items : [value];
    if (perNeuron && value.items.length !== size) {
      this.error(Code.SpikeListCount, value.range,
        `${label}: ${value.items.length} lists of spike times for ${size} neurons; give one list per neuron, or one flat list for all`);
      return undefined;
    }
    const result: number[][] = [];
    let ok = true;
    for (const list of lists) {
      if (list.kind !== 'list') {
        this.error(Code.WrongType, list.range, `${label}: expected a list of times for one neuron (all entries are lists when the first is), found ${describeValue(list)}`);
        ok = false;
        continue;
      }
      const times: number[] = [];
      let late: Range | undefined;
      let lateCount = 0;
      for (const item of list.items) {
        if (item.kind === 'list' && !perNeuron) {
          this.error(Code.WrongType, item.range, `${label}: expected a time, found a list (a list per neuron needs every entry to be a list)`);
          ok = false;
          continue;
        }
        const t = this.readQuantity(item, spec, label);
        if (t === undefined) {
          ok = false;
          continue;
        }
        if (t >= this.duration) {
          late ??= item.range;
          lateCount++;
        }
        times.push(t);
      }
      if (times.some((t, i) => i > 0 && t < times[i - 1])) {
        this.report(Severity.Warning, Code.UnsortedTimes, list.range, `${label} are not in increasing order; they are sorted before use`);
        times.sort((x, y) => x - y);
      }
      if (late) {
        this.report(Severity.Warning, Code.AfterEnd, late,
          `${lateCount} spike time${lateCount > 1 ? 's' : ''} of ${owner} at or after the end of the experiment (${formatQuantity(this.duration, 'time')}) never happen${lateCount > 1 ? '' : 's'}`);
      }
      result.push(times);
    }
    if (!ok) return undefined;
    return perNeuron ? result : Array.from({ length: size }, () => [...result[0]]);
  }

  // ---- references -----------------------------------------------------------------------------------------

  /** The selection a reference denotes, or undefined (reported, or its population is invalid). */
  private resolve(ref: PopulationReference | undefined, compartments: 'allowed' | 'source' = 'allowed'): Resolved | undefined {
    if (!ref) return undefined;
    const declaration = this.declarations.get(ref.name.text);
    if (!declaration || declaration.kind !== 'population') {
      const names = [...this.declarations].filter(([, d]) => d.kind === 'population').map(([n]) => n);
      const suggestion = suggest(ref.name.text, names);
      const what = declaration ? `'${ref.name.text}' is a plasticity rule, not a population` : `undefined population '${ref.name.text}'`;
      this.error(Code.UndefinedPopulation, ref.name.range, `${what}${didYouMean(suggestion)}`, suggestion ? { suggestion } : undefined);
      return undefined;
    }
    const population = declaration.population;
    let compartment: number | undefined;
    if (ref.compartment) {
      const name = ref.compartment.text;
      const morphology = population?.kind === 'neuron' ? population.morphology : undefined;
      if (compartments === 'source') {
        this.error(Code.UnknownCompartment, ref.compartment.range,
          `'${ref.name.text}.${name}': a source is a whole neuron (its spikes leave from the soma); compartments can only be targets: write '${ref.name.text}'`);
        return undefined;
      }
      if (!population) return undefined; // the population's own error says why
      if (!morphology) {
        this.error(Code.UnknownCompartment, ref.compartment.range,
          `population '${ref.name.text}' is of type ${population.type}, which has no named compartments: refer to '${ref.name.text}' itself, or declare a neuron type with compartments`);
        return undefined;
      }
      compartment = morphology.compartments.findIndex((c) => c.name === name);
      if (compartment < 0) {
        const names = morphology.compartments.map((c) => c.name);
        const suggestion = suggest(name, names);
        this.error(Code.UnknownCompartment, ref.compartment.range,
          `neuron type '${morphology.name}' of population '${ref.name.text}' has no compartment '${name}' (compartments: ${names.join(', ')})${didYouMean(suggestion)}`,
          suggestion ? { suggestion } : undefined);
        return undefined;
      }
    }
    const size = population?.size;
    let start = 0;
    let end = size ?? 0;
    if (ref.slice) {
      const { start: a, end: b, isRange } = ref.slice;
      for (const bound of [a, b]) {
        if (bound && (!Number.isInteger(bound.value) || bound.value < 0)) {
          this.error(Code.NotInteger, bound.range, `a slice index must be a whole number of at least 0, found ${bound.text}`);
          return undefined;
        }
      }
      if (!a || (isRange && !b)) return undefined; // syntax error already reported
      start = a.value;
      end = isRange ? b!.value : a.value + 1;
      if (size === undefined) return undefined;
      if (isRange && end <= start) {
        this.error(Code.BadSlice, ref.slice.range, `the slice ${referenceText(ref)} is empty: a range a..b selects a, ..., b-1, so b must be greater than a`);
        return undefined;
      }
      if (end > size) {
        const shown = isRange ? `${start}..${end}` : `${start}`;
        this.error(Code.BadSlice, ref.slice.range,
          `the slice [${shown}] is outside population '${ref.name.text}' of size ${size} (valid indices 0..${size - 1}; ranges are half-open, up to ${ref.name.text}[0..${size}])`,
          { size });
        return undefined;
      }
    }
    if (!population) return undefined;
    return { selection: { population: ref.name.text, start, end, range: ref.range }, population, compartment };
  }

  // ---- projections ----------------------------------------------------------------------------------------

  private readonly projectionStatements = new Map<Projection, ProjectionStatement>();

  /** Names of every projection statement, valid or not, so that a rule on a broken projection is not a second error. */
  private readonly projectionNames = new Set<string>();

  private checkProjection(s: ProjectionStatement): void {
    const declared = connectionName(s.connection);
    if (declared) this.projectionNames.add(declared);
    const { pre: preRef, post: postRef } = s.connection;
    const pre = this.resolve(preRef, 'source');
    const post = this.resolve(postRef);
    if (post && post.population.kind !== 'neuron' && postRef) {
      this.error(Code.NotNeuronPopulation, postRef.name.range,
        `a projection must target neurons, but '${postRef.name.text}' is a ${post.population.type} source`);
    }
    const name = connectionName(s.connection) ?? 'projection';
    const owner = `projection ${name}`;
    const members = this.readMembers(s.body, PROJECTION_PARAMETERS, owner);
    const spec = (n: string) => PROJECTION_PARAMETERS.find((p) => p.name === n)!;
    const weight = this.numeric(members, spec('weight'), owner);
    const weightEntry = members.get('weight');
    if (weightEntry?.member.value?.kind === 'quantity' && weightEntry.member.value.number < 0) {
      // The reason matters more than the bound: the sign lives in the receptor.
      const last = this.diagnostics[this.diagnostics.length - 1];
      if (last?.code === Code.OutOfRange) last.message += '; inhibition is written receptor = inhibitory';
    }
    let receptor: Receptor = 'excitatory';
    const receptorEntry = members.get('receptor');
    if (receptorEntry?.member.value) receptor = (this.readChoice(receptorEntry.member.value, spec('receptor'), `receptor of ${owner}`) as Receptor) ?? receptor;
    let splitWeights = false;
    const splitEntry = members.get('split_weights');
    if (splitEntry?.member.value) splitWeights = this.readBoolean(splitEntry.member.value, `split_weights of ${owner}`) ?? false;
    let stpMode = 'none';
    const stpEntry = members.get('stp');
    if (stpEntry?.member.value) stpMode = this.readChoice(stpEntry.member.value, spec('stp'), `stp of ${owner}`) ?? 'none';
    const utilization = this.numeric(members, spec('stp_utilization'), owner);
    const recovery = this.numeric(members, spec('stp_recovery'), owner);
    const delayEntry = members.get('delay');
    const delay = delayEntry ? this.numeric(members, spec('delay'), owner) : undefined;

    const connectorEntry = members.get('connector');
    let connector: Connector | undefined = { kind: 'all_to_all' };
    if (connectorEntry?.member.value) {
      connector = this.readConnector(connectorEntry.member.value, pre?.selection, post?.selection, weight.value, owner);
    }
    const weightInvalid = weightEntry?.member.value !== undefined && weight.range === undefined;
    if (weight.value === 0 && !weightInvalid && !(connector?.kind === 'from_list' && connector.connections.some((c) => c[2] > 0))) {
      this.report(Severity.Warning, Code.ZeroWeight, weight.range ?? s.connection.range,
        weight.range ? `the weight of ${owner} is 0: the projection has no effect` : `${owner} has no weight (the default is 0): it has no effect`);
    }
    if (!pre || !post || post.population.kind !== 'neuron' || !connector) return;
    const projection: Projection = {
      name,
      range: s.range,
      pre: pre.selection,
      post: post.selection,
      ...(post.compartment !== undefined ? { postCompartment: post.compartment } : {}),
      connector,
      weight,
      receptor,
      receptorRange: receptorEntry?.member.value?.range,
      splitWeights,
    };
    if (stpMode !== 'none') {
      projection.stp = { mode: stpMode as 'depressing' | 'facilitating', utilization, recovery, range: stpEntry?.member.value?.range };
    }
    if (delay && !Number.isNaN(delay.value)) projection.delay = delay;
    this.projectionStatements.set(projection, s);
    this.experiment.projections.push(projection);
  }

  /** Gives projections with the same endpoints distinct names: `a->b`, `a->b#2`, ... */
  private nameProjections(): void {
    const seen = new Map<string, number>();
    for (const p of this.experiment.projections) {
      const n = (seen.get(p.name) ?? 0) + 1;
      seen.set(p.name, n);
      if (n > 1) p.name = `${p.name}#${n}`;
    }
  }

  private readConnector(value: Value, pre: Selection | undefined, post: Selection | undefined, weight: number, owner: string): Connector | undefined {
    const label = `connector of ${owner}`;
    const names = CONNECTORS.map((c) => c.name);
    let callee: string;
    let args: Value[] | undefined;
    if (value.kind === 'name') callee = value.name.text;
    else if (value.kind === 'call') {
      callee = value.callee.text;
      args = value.args;
    } else {
      this.error(Code.WrongType, value.range, `${label}: expected a connector (${names.join(', ')}), found ${describeValue(value)}`);
      return undefined;
    }
    const info = CONNECTORS.find((c) => c.name === callee);
    if (!info) {
      const suggestion = suggest(callee, names);
      const range = value.kind === 'call' ? value.callee.range : value.range;
      this.error(Code.UnknownChoice, range, `${label}: unknown connector '${callee}' (known: ${names.join(', ')})${didYouMean(suggestion)}`, suggestion ? { suggestion } : undefined);
      return undefined;
    }
    const argCount = args?.length ?? 0;
    if (info.argument ? argCount !== 1 : args !== undefined) {
      const message = info.argument
        ? `${callee} takes one argument, ${info.argument.name} (${info.argument.description}): write ${info.syntax}`
        : `${callee} takes no arguments: write ${callee}`;
      this.error(Code.WrongArguments, value.range, `${label}: ${message}`);
      return undefined;
    }
    const range = value.range;
    switch (info.name) {
      case 'all_to_all':
        return { kind: 'all_to_all', range };
      case 'one_to_one':
        return { kind: 'one_to_one', range };
      case 'fixed_probability': {
        const p = this.readQuantity(args![0], { name: 'p', form: 'quantity', dimension: 'dimensionless', defaultText: '', description: '', min: 0, max: 1 }, `the probability of ${callee}`);
        return p === undefined ? undefined : { kind: 'fixed_probability', p, range };
      }
      case 'fixed_indegree': {
        const max = pre ? pre.end - pre.start : undefined;
        const n = this.readQuantity(args![0], { name: 'n', form: 'integer', dimension: 'dimensionless', defaultText: '', description: '', min: 1, max }, `the in-degree of ${callee} (at most the ${max ?? ''} source neurons)`);
        return n === undefined ? undefined : { kind: 'fixed_indegree', n, range };
      }
      case 'from_list':
        return this.readConnectionList(args![0], pre, post, weight, label, range);
    }
  }

  private readConnectionList(value: Value, pre: Selection | undefined, post: Selection | undefined, weight: number, label: string, range: Range): Connector | undefined {
    if (value.kind !== 'list') {
      this.error(Code.WrongType, value.range, `${label}: from_list expects a list of connections [[pre, post, weight], ...], found ${describeValue(value)}`);
      return undefined;
    }
    const connections: Array<[number, number, number]> = [];
    let ok = true;
    const index = (v: Value, selection: Selection | undefined, side: string): number | undefined => {
      const size = selection ? selection.end - selection.start : undefined;
      const n = this.readQuantity(v, { name: side, form: 'integer', dimension: 'dimensionless', defaultText: '', description: '', min: 0 }, `${label}: ${side} index`);
      if (n !== undefined && size !== undefined && n >= size) {
        this.error(Code.BadConnectionList, v.range, `${label}: ${side} index ${n} is outside the ${size} selected ${side} neurons (indices count from the start of the slice)`);
        return undefined;
      }
      return n;
    };
    for (const entry of value.items) {
      if (entry.kind !== 'list' || entry.items.length < 2 || entry.items.length > 3) {
        this.error(Code.BadConnectionList, entry.range, `${label}: each connection is [pre, post] or [pre, post, weight], found ${entry.kind === 'list' ? `a list of ${entry.items.length}` : describeValue(entry)}`);
        ok = false;
        continue;
      }
      const a = index(entry.items[0], pre, 'pre');
      const b = index(entry.items[1], post, 'post');
      const w = entry.items[2]
        ? this.readQuantity(entry.items[2], { name: 'weight', form: 'integer', dimension: 'dimensionless', defaultText: '', description: '', min: 0 }, `${label}: weight`)
        : weight;
      if (a === undefined || b === undefined || w === undefined) {
        ok = false;
        continue;
      }
      connections.push([a, b, w]);
    }
    return ok ? { kind: 'from_list', connections, range } : undefined;
  }

  // ---- stimuli --------------------------------------------------------------------------------------------

  private checkStimulus(s: StimulusStatement): void {
    const target = this.resolve(s.target);
    if (target && target.population.kind !== 'neuron' && s.target) {
      this.error(Code.NotNeuronPopulation, s.target.name.range,
        `a current stimulus must target neurons, but '${s.target.name.text}' is a ${target.population.type} source`);
    }
    if (!s.type) return;
    const type = STIMULUS_TYPES.find((t) => t.name === s.type!.text)?.name;
    if (!type) {
      const suggestion = suggest(s.type.text, STIMULUS_TYPES.map((t) => t.name));
      this.error(Code.UnknownStimulusType, s.type.range,
        `unknown stimulus type '${s.type.text}' (known: ${STIMULUS_TYPES.map((t) => t.name).join(', ')})${didYouMean(suggestion)}`,
        suggestion ? { suggestion } : undefined);
      return;
    }
    const owner = `${type} on '${s.target?.name.text ?? '?'}'`;
    const specs = STIMULUS_PARAMETERS[type as StimulusType];
    const members = this.readMembers(s.body, specs, owner);
    const spec = (n: string) => specs.find((p) => p.name === n)!;
    let times: number[] | undefined;
    let amplitudes: number[] | undefined;
    if (members.has('times') || members.has('amplitudes')) {
      for (const conflicting of ['start', 'stop', 'amplitude']) {
        const m = members.get(conflicting);
        if (m) this.error(Code.ConflictingParameters, m.member.name.range, `${owner}: '${conflicting}' cannot be combined with times/amplitudes; use one form`);
      }
      for (const [present, missing] of [['times', 'amplitudes'], ['amplitudes', 'times']]) {
        if (members.has(present) && !members.has(missing)) {
          this.error(Code.MissingParameter, members.get(present)!.member.name.range, `${owner}: '${present}' needs '${missing}' (one amplitude per time)`);
        }
      }
      const t = members.get('times')?.member.value;
      const a = members.get('amplitudes')?.member.value;
      const tl = t && this.readQuantityList(t, spec('times'), `times of ${owner}`);
      const al = a && this.readQuantityList(a, spec('amplitudes'), `amplitudes of ${owner}`);
      if (tl && al) {
        if (tl.length !== al.length) {
          this.error(Code.ConflictingParameters, a!.range, `${owner}: ${tl.length} times but ${al.length} amplitudes; give one amplitude per time`);
        } else {
          const bad = tl.findIndex((x, i) => i > 0 && x.value <= tl[i - 1].value);
          if (bad >= 0) {
            this.error(Code.StopBeforeStart, tl[bad].range, `${owner}: the times of a step current must increase, but ${formatQuantity(tl[bad].value, 'time')} follows ${formatQuantity(tl[bad - 1].value, 'time')}`);
          } else {
            times = tl.map((x) => x.value);
            amplitudes = al.map((x) => x.value);
            const late = tl.find((x) => x.value >= this.duration);
            if (late) {
              this.report(Severity.Warning, Code.AfterEnd, late.range, `${owner}: the step at ${formatQuantity(late.value, 'time')} is at or after the end of the experiment (${formatQuantity(this.duration, 'time')})`);
            }
          }
        }
      }
      if (members.has('start') || members.has('stop') || members.has('amplitude')) times = undefined;
    } else {
      const start = this.numeric(members, spec('start'), owner);
      const stop = this.numeric(members, spec('stop'), owner);
      this.checkStartStop(start, stop, owner);
      const amplitudeEntry = members.get('amplitude');
      if (!amplitudeEntry) {
        const alternative = type === 'StepCurrent' ? " (or 'times' and 'amplitudes')" : '';
        this.error(Code.MissingParameter, s.type.range, `${owner} needs 'amplitude'${alternative}: the current has no default`);
        return;
      }
      const amplitude = this.numeric(members, spec('amplitude'), owner);
      if (Number.isNaN(amplitude.value) || Number.isNaN(start.value) || (stop.range && stop.value <= start.value)) return;
      times = Number.isFinite(stop.value) ? [start.value, stop.value] : [start.value];
      amplitudes = Number.isFinite(stop.value) ? [amplitude.value, 0] : [amplitude.value];
    }
    if (!target || target.population.kind !== 'neuron' || !times || !amplitudes) return;
    const stimulus: Stimulus = { range: s.range, target: target.selection, type: type as StimulusType, times, amplitudes };
    if (target.compartment !== undefined) stimulus.compartment = target.compartment;
    this.experiment.stimuli.push(stimulus);
  }

  // ---- recordings -----------------------------------------------------------------------------------------

  private checkRecord(s: RecordStatement): void {
    const target = this.resolve(s.target);
    const variables: RecordVariable[] = [];
    const variableRanges: Range[] = [];
    let ok = true;
    for (const v of s.variables) {
      const info = RECORD_VARIABLES.find((r) => r.name === v.text);
      if (!info) {
        const valid = target ? recordVariablesFor(target.population.kind).map((r) => r.name) : RECORD_VARIABLES.map((r) => r.name);
        const suggestion = suggest(v.text, valid);
        this.error(Code.BadRecordVariable, v.range, `'${v.text}' is not a variable that can be recorded (${valid.join(', ')})${didYouMean(suggestion)}`, suggestion ? { suggestion } : undefined);
        ok = false;
        continue;
      }
      if (target && info.neuronsOnly && target.population.kind !== 'neuron') {
        this.error(Code.BadRecordVariable, v.range, `'${v.text}' cannot be recorded from '${target.selection.population}', a ${target.population.type} source: sources only have spikes`);
        ok = false;
        continue;
      }
      const morphology = target?.population.kind === 'neuron' ? target.population.morphology : undefined;
      if (morphology) {
        const compartment = morphology.compartments[target!.compartment ?? 0];
        const valid = COMPARTMENT_RECORD_VARIABLES[compartment.kind];
        if (!valid.includes(info.name)) {
          const why = info.name === 'spikes' ? `only the neuron's output compartment, '${morphology.compartments[0].name}', spikes` : `a ${compartment.kind} compartment has ${valid.join(', ')}`;
          this.error(Code.BadRecordVariable, v.range,
            `'${v.text}' cannot be recorded from compartment '${compartment.name}' of '${target!.selection.population}': ${why}`);
          ok = false;
          continue;
        }
      }
      if (!variables.includes(info.name)) {
        variables.push(info.name);
        variableRanges.push(v.range);
      }
    }
    const converter = this.checkConverter(s, variables);
    if (!target || !ok || variables.length === 0 || converter === null) return;
    const recording: Recording = { range: s.range, target: target.selection, variables, variableRanges };
    if (target.compartment !== undefined) recording.compartment = target.compartment;
    if (converter) {
      recording.converter = converter;
      recording.converterRange = s.converter!.range;
    }
    this.experiment.recordings.push(recording);
  }

  /**
   * The converter after `@` (undefined when none is written, null when it is wrong): the MADC or the CADC, and
   * only for a statement that records an analog variable (spikes are digital events of every neuron).
   */
  private checkConverter(s: RecordStatement, variables: RecordVariable[]): Converter | undefined | null {
    if (!s.converter) return s.atRange ? null : undefined;
    const name = s.converter.text;
    if (!(CONVERTERS as readonly string[]).includes(name)) {
      const suggestion = suggest(name, CONVERTERS);
      this.error(Code.UnknownConverter, s.converter.range, `unknown converter '${name}' (madc: the fast ADC, at most two neurons; cadc: every neuron)${didYouMean(suggestion)}`, suggestion ? { suggestion } : undefined);
      return null;
    }
    if (variables.length > 0 && variables.every((v) => v === 'spikes')) {
      this.error(Code.ConverterWithoutAnalog, s.converter.range, `'@ ${name}' samples analog variables (v, w, i_syn_E, i_syn_I), and this statement records spikes only: spikes of every neuron are recorded without a converter`);
      return null;
    }
    return name as Converter;
  }

  // ---- plasticity -----------------------------------------------------------------------------------------

  private checkPlasticity(s: PlasticityStatement): void {
    // The body is the plasticity processor's language: checked (and compiled) by server/plasticity.
    if (s.body) this.diagnostics.push(...compileRuleBody(s.body.text, s.body.textRange.start).diagnostics);
    const projections: string[] = [];
    const projectionRanges: Range[] = [];
    let ok = true;
    for (const connection of s.connections) {
      const pre = this.resolve(connection.pre, 'source');
      const post = this.resolve(connection.post);
      const name = connectionName(connection);
      if (!pre || !post || !name) {
        ok = false;
        continue;
      }
      const matches = this.experiment.projections.filter((p) => p.name === name || p.name.startsWith(`${name}#`));
      if (matches.length === 0 && this.projectionNames.has(name)) {
        ok = false; // the projection is defined but has errors of its own
        continue;
      }
      if (matches.length === 0) {
        const suggestion = suggest(name, this.experiment.projections.map((p) => p.name));
        const hint = suggestion ? `; did you mean '${suggestion.replace('->', ' -> ')}'?` : '';
        this.error(Code.UnknownProjection, connection.range, `no projection ${name.replace('->', ' -> ')} is defined for the rule to update${hint}`, suggestion ? { suggestion } : undefined);
        ok = false;
        continue;
      }
      for (const m of matches) {
        projections.push(m.name);
        projectionRanges.push(connection.range);
      }
    }
    let period: Valued | undefined;
    if (s.period) {
      const v = this.readQuantity(s.period, PLASTICITY_PERIOD, `the period (every) of rule '${s.name?.text ?? '?'}'`);
      if (v !== undefined) period = { value: v, range: s.period.range };
    }
    const declaration = s.name ? this.declarations.get(s.name.text) : undefined;
    if (!ok || !period || !s.name || !s.body || declaration?.nameRange !== s.name.range) return;
    const rule: PlasticityRule = {
      name: s.name.text,
      nameRange: s.name.range,
      range: s.range,
      projections,
      projectionRanges,
      period,
      bodyText: s.body.text,
      bodyRange: s.body.textRange,
    };
    this.experiment.plasticity.push(rule);
  }
}

export function check(document: Document): CheckResult {
  const checker = new Checker();
  const experiment = checker.check(document);
  return { diagnostics: checker.diagnostics, experiment };
}
