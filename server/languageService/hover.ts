/**
 * Hover: what a parameter means and what the chip will make of it, what a population occupies on the chip, and
 * what a unit measures. Values are read from the literal under the cursor, so hover works in files with errors;
 * placement needs a mapped configuration and is only shown when the file has none.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../analysis';
import { CALIBRATION, DEFAULT_VOLTAGE_MAPPING, MULTICOMPARTMENT, SPEEDUP } from '../../common/chip/limits';
import type { Member, NeuronStatement, ProjectionStatement, QuantityValue, Statement, Value } from '../language/ast';
import { CONVERTER_INFO, compartmentKind, populationType, type ParameterSpec } from '../language/parameters';
import { containsPosition, type Position, type Range } from '../language/position';
import { INTERNAL_UNIT, UNITS, convertLiteral, formatQuantity, lookupUnit, type Dimension } from '../language/units';
import { bioMsToHardwareUs, cadcToMv, hardwareUsToBioMs, mvToCadc, type LinearVoltageMapping } from '../mapper/translateParameters';
import { placementText, projectionUsage, whyUnmapped } from './mappingFacts';
import { occurrenceAt } from './occurrences';
import { describeRange, memberBlocks } from './parameterLookup';

/** The SI unit of each dimension, for "value in SI units". */
const SI_SYMBOL: Partial<Record<Dimension, string>> = {
  time: 's', voltage: 'V', current: 'A', conductance: 'S', capacitance: 'F', frequency: 'Hz',
};

/** Calibration targets of the reference software a parameter is set through (common/chip/limits.ts). */
const CALIBRATED: Record<string, { key: keyof typeof CALIBRATION; unit: 'us' | 'cadc' }> = {
  tau_m: { key: 'tauMemUs', unit: 'us' },
  tau_syn_E: { key: 'tauSynUs', unit: 'us' },
  tau_syn_I: { key: 'tauSynUs', unit: 'us' },
  tau_refrac: { key: 'refractoryUs', unit: 'us' },
  v_rest: { key: 'leakCadc', unit: 'cadc' },
  v_reset: { key: 'resetCadc', unit: 'cadc' },
  v_spike: { key: 'thresholdCadc', unit: 'cadc' },
};

/** Voltages that are absolute potentials (delta_T is a difference and has no CADC reading). */
const ABSOLUTE_VOLTAGES = new Set(['v_rest', 'v_reset', 'v_spike', 'v_thresh', 'v_init', 'e_rev_E', 'e_rev_I']);

function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function siText(value: number, dimension: Dimension): string | undefined {
  const symbol = SI_SYMBOL[dimension];
  const info = symbol ? lookupUnit(symbol) : undefined;
  if (!symbol || !info) return undefined;
  return `${num(value / 10 ** info.exponent)} ${symbol}`;
}

function quantityOf(value: Value | undefined): QuantityValue | undefined {
  return value?.kind === 'quantity' ? value : undefined;
}

function onChip(spec: ParameterSpec, internal: number, mapping: LinearVoltageMapping): string | undefined {
  if (spec.dimension === 'time') return `${num(bioMsToHardwareUs(internal))} us on chip (the chip runs ${SPEEDUP} times faster)`;
  if (spec.dimension === 'frequency') return `${num(internal * SPEEDUP)} Hz on chip`;
  if (spec.dimension === 'voltage' && ABSOLUTE_VOLTAGES.has(spec.name)) {
    return `CADC reading ${num(mvToCadc(internal, mapping))} (mapping: ${mapping.cadcReference} at ${mapping.mvAtReference} mV, ${mapping.cadcPerMv} per mV)`;
  }
  return undefined;
}

function calibratable(spec: ParameterSpec, mapping: LinearVoltageMapping): string | undefined {
  const target = CALIBRATED[spec.name];
  if (!target) return undefined;
  const [lo, hi] = CALIBRATION[target.key].feasible;
  if (target.unit === 'us') {
    return `${lo} us to ${hi} us on chip (${num(hardwareUsToBioMs(lo))} ms to ${num(hardwareUsToBioMs(hi))} ms in the experiment)`;
  }
  return `CADC ${lo} to ${hi} (${num(cadcToMv(lo, mapping))} mV to ${num(cadcToMv(hi, mapping))} mV with this mapping)`;
}

function parameterHover(spec: ParameterSpec, member: Member, mapping: LinearVoltageMapping): string {
  const unit = INTERNAL_UNIT[spec.dimension];
  const lines = [`**${spec.name}** (${spec.dimension}${unit ? `, ${unit}` : ''})`, spec.description];
  const q = quantityOf(member.value);
  if (q) {
    const internal = convertLiteral(q.literal, q.unit ? lookupUnit(q.unit.text) : undefined);
    if (Number.isFinite(internal)) {
      const si = siText(internal, spec.dimension);
      lines.push(`Value: ${formatQuantity(internal, spec.dimension)}${si ? ` = ${si}` : ''}`);
      const chip = onChip(spec, internal, mapping);
      if (chip) lines.push(`On chip: ${chip}`);
    }
  }
  const cal = calibratable(spec, mapping);
  if (cal) lines.push(`Calibratable: ${cal}`);
  const range = describeRange(spec, unit);
  lines.push(`Default: ${spec.defaultText}${range ? `; allowed ${range}` : ''}`);
  return lines.join('\n\n');
}

function placement(analysis: DocumentAnalysis, name: string): string {
  if (!analysis.configuration) return `Placement: not mapped, ${whyUnmapped(analysis)}`;
  return `Placement: ${placementText(analysis, name) ?? 'spikes come from outside the neuron array'}`;
}

/** The circuit register a parameter is written to, read from the first circuit of the mapped population. */
const REGISTERS: Record<string, { field: 'vLeak' | 'vReset' | 'vThreshold' | 'vExp' | 'membraneCapacitance'; what: string }> = {
  v_rest: { field: 'vLeak', what: 'CapMem leak potential' },
  v_reset: { field: 'vReset', what: 'CapMem reset potential' },
  v_spike: { field: 'vThreshold', what: 'CapMem spike threshold' },
  v_thresh: { field: 'vExp', what: 'CapMem exponential threshold' },
  cm: { field: 'membraneCapacitance', what: 'membrane capacitor size (0..63)' },
};

function chipRegister(analysis: DocumentAnalysis, population: string, parameter: string): string | undefined {
  const register = REGISTERS[parameter];
  const configuration = analysis.configuration;
  const circuits = configuration?.source.populations.find((p) => p.name === population)?.circuits;
  const circuit = circuits && circuits.length > 0 ? configuration!.neurons[circuits[0]] : undefined;
  if (!register || !circuit) return undefined;
  const value = register.field === 'membraneCapacitance' ? circuit.membraneCapacitance : circuit.capmem[register.field];
  return `${register.what} ${num(value)}`;
}

function projectionHover(analysis: DocumentAnalysis, statement: ProjectionStatement): string {
  const c = statement.connection;
  const lines = [`**projection ${c.pre?.name.text ?? '?'} -> ${c.post?.name.text ?? '?'}**`];
  const usage = projectionUsage(analysis, statement);
  if (usage) {
    const where = usage.hemispheres.length > 0 ? ` in hemisphere ${usage.hemispheres.join(' and ')}` : '';
    lines.push(
      usage.rows === 0
        ? 'Uses no synapse rows: the connector yields no connections'
        : `Uses ${usage.rows} synapse row${usage.rows === 1 ? '' : 's'} and ${usage.drivers} synapse driver${usage.drivers === 1 ? '' : 's'}${where} (${usage.synapses} synapse${usage.synapses === 1 ? '' : 's'})`,
    );
  } else lines.push(`Rows and drivers: not mapped, ${whyUnmapped(analysis, statement.range)}`);
  return lines.join('\n\n');
}

function populationHover(analysis: DocumentAnalysis, name: string): string {
  const statement = analysis.analysis.syntax.statements.find((s) => s.kind === 'population' && s.name?.text === name);
  if (!statement || statement.kind !== 'population') return `**${name}**: no population of this name is declared`;
  const type = statement.type?.text ?? '?';
  const size = statement.size?.text ?? '?';
  const lines = [`**population ${name}** : ${type}[${size}]`];
  const info = populationType(type);
  if (info) lines.push(info.description);
  lines.push(placement(analysis, name));
  const fanIn = analysis.resources?.fanIn.find((f) => f.population === name);
  if (fanIn) lines.push(`Fan-in: at most ${fanIn.rows} of ${fanIn.available} synapse rows per neuron`);
  // A neuron type: the fan-in of each compartment (`pyr.apical`), against k x 256 rows.
  const perCompartment = analysis.resources?.fanIn.filter((f) => f.population.startsWith(`${name}.`)) ?? [];
  if (perCompartment.length > 0) {
    lines.push(`Fan-in per compartment: ${perCompartment.map((f) => `${f.population.slice(name.length + 1)} ${f.rows} of ${f.available} rows`).join(', ')}`);
  }
  return lines.join('\n\n');
}

/** What a converter is, and which neurons the mapping put on it. */
function converterHover(analysis: DocumentAnalysis, name: string): string | undefined {
  const info = CONVERTER_INFO.find((c) => c.name === name);
  if (!info) return undefined;
  const lines = [`**@ ${name}**: ${info.description}`];
  const configuration = analysis.configuration;
  if (configuration) {
    const channels = name === 'madc' ? configuration.recording.madc : configuration.recording.cadc;
    const circuitAt = new Map(configuration.neurons.map((n) => [`${n.hemisphere}|${n.column}`, n]));
    const names = channels.map((c) => {
      const n = circuitAt.get(`${c.hemisphere}|${c.column}`);
      return `${n ? `${n.population}[${n.index}]` : '?'} ${c.observable} (column ${c.column})`;
    });
    const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, and ${names.length - 8} more` : '');
    lines.push(names.length === 0 ? `On the ${name.toUpperCase()} (mapped): nothing` : `On the ${name.toUpperCase()} (mapped): ${shown}`);
  }
  return lines.join('\n\n');
}

function unitHover(symbol: string): string | undefined {
  const info = lookupUnit(symbol);
  if (!info) return undefined;
  const base = UNITS.find((u) => u.symbol === SI_SYMBOL[info.dimension]);
  const factor = base ? ` = 1e${info.exponent - base.exponent} ${base.symbol}`.replace('1e0 ', '1 ') : '';
  return `**${info.symbol}**: ${info.name}, a unit of ${info.dimension}${factor ? ` (1 ${info.symbol}${factor})` : ''}`;
}

/** The experiment's mV <-> CADC mapping, or the product default while the file has none. */
export function voltageMappingOf(analysis: DocumentAnalysis): LinearVoltageMapping {
  const m = analysis.analysis.experiment?.voltageMapping;
  return m
    ? { mvAtReference: m.mvAtReference.value, cadcReference: m.cadcReference.value, cadcPerMv: m.cadcPerMv.value }
    : { ...DEFAULT_VOLTAGE_MAPPING };
}

/** The short form of the chip value, for inlay hints: `20 us on chip`, `CADC 65`. */
export function chipValueLabel(spec: ParameterSpec, internal: number, mapping: LinearVoltageMapping): string | undefined {
  if (!Number.isFinite(internal)) return undefined;
  if (spec.dimension === 'time') return `${num(bioMsToHardwareUs(internal))} us on chip`;
  if (spec.dimension === 'frequency') return `${num(internal * SPEEDUP)} Hz on chip`;
  if (spec.dimension === 'voltage' && ABSOLUTE_VOLTAGES.has(spec.name)) return `CADC ${num(mvToCadc(internal, mapping))}`;
  return undefined;
}

export function blockMembers(s: Statement): Member[] {
  return 'body' in s && s.body && 'members' in s.body ? s.body.members : [];
}

/** Circuits of a compartment as written (`circuits = k`, default 1). */
function circuitsOf(c: NeuronStatement['compartments'][number]): number {
  const v = c.body?.members.find((m) => m.name.text === 'circuits')?.value;
  return v?.kind === 'quantity' && Number.isInteger(v.number) && v.number > 0 ? v.number : 1;
}

/** What one neuron of a type takes, from the text: compartments, circuits and columns (2 rows, docs/chip-mapping.md). */
export function neuronTypeShape(s: NeuronStatement): { compartments: number; circuits: number; columns: number } {
  const named = s.compartments.filter((c) => c.name);
  const circuits = named.reduce((n, c) => n + circuitsOf(c), 0);
  return { compartments: named.length, circuits, columns: Math.ceil(circuits / MULTICOMPARTMENT.rows) };
}

function neuronTypeHover(analysis: DocumentAnalysis, name: string): string {
  const statement = analysis.analysis.syntax.statements.find((s): s is NeuronStatement => s.kind === 'neuron' && s.name?.text === name);
  if (!statement) return `**${name}**: no neuron type of this name is declared`;
  const shape = neuronTypeShape(statement);
  const lines = [
    `**neuron ${name}**: ${shape.compartments} compartment${shape.compartments === 1 ? '' : 's'} (${statement.compartments.map((c) => `${c.name?.text ?? '?'} : ${c.kind?.text ?? '?'}`).join(', ')})`,
    `Per neuron: ${shape.circuits} neuron circuit${shape.circuits === 1 ? '' : 's'}, ${shape.columns} of the ${MULTICOMPARTMENT.maxColumns} columns of a backend block, both rows`,
  ];
  const users = analysis.analysis.syntax.statements.filter((s) => s.kind === 'population' && s.type?.text === name && s.name);
  if (users.length > 0) lines.push(`Populations: ${users.map((s) => (s.kind === 'population' ? `${s.name!.text}[${s.size?.text ?? '?'}]` : '')).join(', ')}`);
  return lines.join('\n\n');
}

function compartmentHover(analysis: DocumentAnalysis, qualified: string): string {
  const [type, name] = qualified.split('.');
  const statement = analysis.analysis.syntax.statements.find((s): s is NeuronStatement => s.kind === 'neuron' && s.name?.text === type);
  const c = statement?.compartments.find((x) => x.name?.text === name);
  if (!statement || !c) return `**${name}**: neuron type '${type}' has no compartment of this name`;
  const kind = c.kind ? compartmentKind(c.kind.text) : undefined;
  const member = (n: string) => c.body?.members.find((m) => m.name.text === n)?.value;
  const parent = member('parent');
  const coupling = member('g_icc') ?? member('tau_icc');
  const k = circuitsOf(c);
  const lines = [`**compartment ${name}** : ${c.kind?.text ?? '?'} of neuron type ${type}`];
  if (kind) lines.push(kind.description);
  lines.push(parent?.kind === 'name' ? `Parent: ${parent.name.text}${coupling?.kind === 'quantity' ? `, coupled by ${coupling.literal}${coupling.unit ? ` ${coupling.unit.text}` : ''}` : ''}` : 'Root: the neuron\'s output (its spikes are the neuron\'s spikes)');
  lines.push(`${k} circuit${k === 1 ? '' : 's'}: ${k * MULTICOMPARTMENT.synapsesPerCircuit} synapse rows of fan-in`);
  const population = analysis.analysis.experiment?.populations.find((p) => p.kind === 'neuron' && p.morphology?.name === type);
  const fanIn = population && analysis.resources?.fanIn.find((f) => f.population === `${population.name}.${name}`);
  if (fanIn) lines.push(`Fan-in (${population!.name}): at most ${fanIn.rows} of ${fanIn.available} synapse rows per neuron`);
  return lines.join('\n\n');
}

export function hover(analysis: DocumentAnalysis, position: Position): Hover | undefined {
  const document = analysis.analysis.syntax;
  const result = (value: string, range: Range): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });

  const occurrence = occurrenceAt(document, position);
  if (occurrence?.kind === 'population') return result(populationHover(analysis, occurrence.name), occurrence.range);
  if (occurrence?.kind === 'neuronType') return result(neuronTypeHover(analysis, occurrence.name), occurrence.range);
  if (occurrence?.kind === 'compartment') return result(compartmentHover(analysis, occurrence.name), occurrence.range);

  const mapping = voltageMappingOf(analysis);

  for (const statement of document.statements) {
    if (statement.kind === 'record' && statement.converter && containsPosition(statement.converter.range, position)) {
      const text = converterHover(analysis, statement.converter.text);
      if (text) return result(text, statement.converter.range);
    }
    if (statement.kind === 'projection' && containsPosition(statement.connection.range, position)) {
      return result(projectionHover(analysis, statement), statement.connection.range);
    }
    if (!containsPosition(statement.range, position)) continue;
    for (const { members, specs } of memberBlocks(statement)) {
      for (const member of members) {
        if (!containsPosition(member.range, position)) continue;
        const q = quantityOf(member.value);
        if (q?.unit && containsPosition(q.unit.range, position)) {
          const text = unitHover(q.unit.text);
          if (text) return result(text, q.unit.range);
        }
        const spec = specs.find((p) => p.name === member.name.text);
        if (spec) {
          const register = statement.kind === 'population' && statement.name ? chipRegister(analysis, statement.name.text, spec.name) : undefined;
          return result(parameterHover(spec, member, mapping) + (register ? `\n\nOn chip (mapped): ${register}` : ''), member.range);
        }
      }
    }
    if (statement.kind === 'projection' && containsPosition(statement.keywordRange, position)) {
      return result(projectionHover(analysis, statement), statement.keywordRange);
    }
  }
  return undefined;
}
