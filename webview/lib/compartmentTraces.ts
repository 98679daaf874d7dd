/**
 * Names and identities of traces when neurons have several compartments. A trace of a multi-compartment neuron
 * carries `compartment` (common/results.ts); the traces of one neuron's compartments are one neuron's picture:
 * they share the axis of their unit, are listed under one neuron in the picker, and are labelled by compartment
 * ("pyr[0] soma", "pyr[0] apical"). Traces without a compartment keep their old label ("pyr[0] v"). Pure.
 */
import type { Trace } from '../../common/results';

type TraceIdentity = Pick<Trace, 'population' | 'neuron' | 'variable'> & { compartment?: string };

/** "pyr[0]": the neuron a trace belongs to, whatever its compartment. */
export function neuronLabel(t: Pick<Trace, 'population' | 'neuron'>): string {
  return `${t.population}[${t.neuron}]`;
}

/**
 * The legend label of a trace. A compartment's membrane is what a compartment record shows first, so it is
 * named by the compartment alone ("pyr[0] apical"); its other variables add the variable ("pyr[0] soma w").
 */
export function traceLabel(t: TraceIdentity): string {
  if (t.compartment === undefined) return `${neuronLabel(t)} ${t.variable}`;
  return t.variable === 'v' ? `${neuronLabel(t)} ${t.compartment}` : `${neuronLabel(t)} ${t.compartment} ${t.variable}`;
}

/** What makes two traces the same recording: population, neuron, compartment and variable (JSON: names may hold any character). */
export function traceKey(t: TraceIdentity): string {
  return JSON.stringify([t.population, t.neuron, t.compartment ?? null, t.variable]);
}

/** Identity of the neuron a trace belongs to. */
export function neuronKey(t: Pick<Trace, 'population' | 'neuron'>): string {
  return JSON.stringify([t.population, t.neuron]);
}

export function hasCompartments(traces: readonly TraceIdentity[]): boolean {
  return traces.some((t) => t.compartment !== undefined);
}

export interface RecordedNeuron {
  key: string;
  label: string;
  population: string;
  neuron: number;
  /** Compartments recorded, in order of their first trace (empty for a neuron of one compartment). */
  compartments: string[];
}

/** The neurons the traces show, each once, in order of their first trace: what the neuron picker lists. */
export function recordedNeurons(traces: readonly Trace[]): RecordedNeuron[] {
  const byKey = new Map<string, RecordedNeuron>();
  for (const t of traces) {
    const key = neuronKey(t);
    let n = byKey.get(key);
    if (!n) {
      n = { key, label: neuronLabel(t), population: t.population, neuron: t.neuron, compartments: [] };
      byKey.set(key, n);
    }
    if (t.compartment !== undefined && !n.compartments.includes(t.compartment)) n.compartments.push(t.compartment);
  }
  return [...byKey.values()];
}
