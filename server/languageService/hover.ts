/**
 * Hover: what a parameter means and what the chip will make of it, what a population occupies on the chip, and
 * what a unit measures. Values are read from the literal under the cursor, so hover works in files with errors;
 * placement needs a mapped configuration and is only shown when the file has none.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../analysis';
import { CALIBRATION, DEFAULT_VOLTAGE_MAPPING, SPEEDUP } from '../../common/chip/limits';
import type { Member, ProjectionStatement, QuantityValue, Statement, Value } from '../language/ast';
import { populationType, type ParameterSpec } from '../language/parameters';
import { containsPosition, type Position, type Range } from '../language/position';
import { INTERNAL_UNIT, UNITS, convertLiteral, formatQuantity, lookupUnit, type Dimension } from '../language/units';
import { bioMsToHardwareUs, cadcToMv, hardwareUsToBioMs, mvToCadc, type LinearVoltageMapping } from '../mapper/translateParameters';
import { placementText, projectionUsage, whyUnmapped } from './mappingFacts';
import { occurrenceAt } from './occurrences';
import { describeRange, parametersForStatement } from './parameterLookup';

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

export function hover(analysis: DocumentAnalysis, position: Position): Hover | undefined {
  const document = analysis.analysis.syntax;
  const result = (value: string, range: Range): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });

  const occurrence = occurrenceAt(document, position);
  if (occurrence?.kind === 'population') return result(populationHover(analysis, occurrence.name), occurrence.range);

  const mapping = voltageMappingOf(analysis);

  for (const statement of document.statements) {
    if (statement.kind === 'projection' && containsPosition(statement.connection.range, position)) {
      return result(projectionHover(analysis, statement), statement.connection.range);
    }
    if (!containsPosition(statement.range, position)) continue;
    for (const member of blockMembers(statement)) {
      if (!containsPosition(member.range, position)) continue;
      const q = quantityOf(member.value);
      if (q?.unit && containsPosition(q.unit.range, position)) {
        const text = unitHover(q.unit.text);
        if (text) return result(text, q.unit.range);
      }
      const spec = parametersForStatement(statement).find((p) => p.name === member.name.text);
      if (spec) {
        const register = statement.kind === 'population' && statement.name ? chipRegister(analysis, statement.name.text, spec.name) : undefined;
        return result(parameterHover(spec, member, mapping) + (register ? `\n\nOn chip (mapped): ${register}` : ''), member.range);
      }
    }
    if (statement.kind === 'projection' && containsPosition(statement.keywordRange, position)) {
      return result(projectionHover(analysis, statement), statement.keywordRange);
    }
  }
  return undefined;
}
