/**
 * Which parameters a block accepts, from the statement header that opened it. Shared by completion (the
 * header is read from the text) and hover (the header comes from the syntax tree).
 */
import {
  EXPERIMENT_PARAMETERS, PROJECTION_PARAMETERS, STIMULUS_PARAMETERS, compartmentKind, populationType, type ParameterSpec, type StimulusType,
} from '../language/parameters';
import type { CompartmentDeclaration, Member, Statement } from '../language/ast';

export function parametersForHeader(keyword: string, header: string): readonly ParameterSpec[] {
  if (keyword === 'experiment') return EXPERIMENT_PARAMETERS;
  if (keyword === 'projection') return PROJECTION_PARAMETERS;
  const type = /:\s*([A-Za-z_]\w*)/.exec(header)?.[1];
  if (keyword === 'population') return (type && populationType(type)?.parameters) || [];
  if (keyword === 'stimulus') return (type && STIMULUS_PARAMETERS[type as StimulusType]) || [];
  if (keyword === 'compartment') return (type && compartmentKind(type)?.parameters) || [];
  return [];
}

/** The members of a statement's blocks with the parameters each block accepts (a neuron type: one per compartment). */
export function memberBlocks(statement: Statement): Array<{ members: Member[]; specs: readonly ParameterSpec[]; compartment?: CompartmentDeclaration }> {
  if (statement.kind === 'neuron') {
    return statement.compartments.map((c) => ({
      members: c.body?.members ?? [],
      specs: (c.kind && compartmentKind(c.kind.text)?.parameters) || [],
      compartment: c,
    }));
  }
  const members = 'body' in statement && statement.body && 'members' in statement.body ? statement.body.members : [];
  return [{ members, specs: parametersForStatement(statement) }];
}

export function parametersForStatement(statement: Statement): readonly ParameterSpec[] {
  switch (statement.kind) {
    case 'experiment':
      return EXPERIMENT_PARAMETERS;
    case 'projection':
      return PROJECTION_PARAMETERS;
    case 'population':
      return (statement.type && populationType(statement.type.text)?.parameters) || [];
    case 'stimulus':
      return (statement.type && STIMULUS_PARAMETERS[statement.type.text as StimulusType]) || [];
    default:
      return [];
  }
}

/** `-70.6 mV`, `0 .. 63`, `> 0 ms`: the allowed range in the parameter's internal unit. */
export function describeRange(spec: ParameterSpec, unit: string): string | undefined {
  const u = unit ? ` ${unit}` : '';
  const lo = spec.min !== undefined ? `${spec.minExclusive ? '>' : '>='} ${spec.min}${u}` : undefined;
  const hi = spec.max !== undefined ? `${spec.maxExclusive ? '<' : '<='} ${spec.max}${u}` : undefined;
  if (lo && hi) return `${lo} and ${hi}`;
  return lo ?? hi;
}
