/**
 * The syntax tree of an experiment file, as written (no units converted, no names resolved). The parser builds
 * it even from broken text: a part that could not be parsed is `undefined` (or missing from a list), and the
 * syntax error that says why is reported separately. Every node carries its source range, so the language
 * server can map any position back to the node under it.
 */
import type { Range } from './position';
import type { Comment } from './lexer';

export interface Name {
  text: string;
  range: Range;
}

/** A number with an optional unit: `20 ms`, `-70 mV`, `0.1`, `1e-3 s`. */
export interface QuantityValue {
  kind: 'quantity';
  /** The literal as written, including a leading `-` (kept as text for exact unit conversion). */
  literal: string;
  /** The literal's value, without unit conversion. */
  number: number;
  /** Range of the number, including its sign. */
  numberRange: Range;
  unit?: Name;
  range: Range;
}

/** A bare name: `all_to_all`, `excitatory`. */
export interface NameValue {
  kind: 'name';
  name: Name;
  range: Range;
}

export interface BooleanValue {
  kind: 'boolean';
  value: boolean;
  range: Range;
}

export interface StringValue {
  kind: 'string';
  value: string;
  range: Range;
}

export interface ListValue {
  kind: 'list';
  items: Value[];
  range: Range;
}

/** `fixed_probability(0.1)`, `from_list([[0, 1, 20]])`. */
export interface CallValue {
  kind: 'call';
  callee: Name;
  args: Value[];
  range: Range;
}

export type Value = QuantityValue | NameValue | BooleanValue | StringValue | ListValue | CallValue;

/** `name = value` inside a block. `value` is undefined when it could not be parsed. */
export interface Member {
  name: Name;
  value?: Value;
  range: Range;
}

export interface Block {
  members: Member[];
  /** From `{` to `}` (or to where the block was cut off). */
  range: Range;
  openRange: Range;
  /** Undefined when the closing brace is missing. */
  closeRange?: Range;
}

/** An integer literal in a slice or a population size. */
export interface IntegerLiteral {
  /** The literal's value (may be fractional or negative: the checker rejects that with a range). */
  value: number;
  text: string;
  range: Range;
}

/** `[3]` or `[0..3]` (half-open, like Python's and PyNN's `pop[0:3]`). */
export interface Slice {
  start?: IntegerLiteral;
  /** Present for a range `a..b`. */
  end?: IntegerLiteral;
  isRange: boolean;
  /** From `[` to `]`. */
  range: Range;
}

/** A population, optionally sliced, optionally a compartment of its neurons (`pyr.apical`, `pyr[0].apical`). */
export interface PopulationReference {
  name: Name;
  slice?: Slice;
  compartment?: Name;
  range: Range;
}

/** `SRC -> DST` in a projection or plasticity header. */
export interface Connection {
  pre?: PopulationReference;
  post?: PopulationReference;
  range: Range;
}

interface StatementBase {
  /** The whole statement. */
  range: Range;
  keywordRange: Range;
}

export interface ExperimentStatement extends StatementBase {
  kind: 'experiment';
  name?: Name;
  body?: Block;
}

export interface PopulationStatement extends StatementBase {
  kind: 'population';
  name?: Name;
  type?: Name;
  size?: IntegerLiteral;
  /** Range of `[SIZE]`. */
  sizeRange?: Range;
  body?: Block;
}

export interface ProjectionStatement extends StatementBase {
  kind: 'projection';
  connection: Connection;
  body?: Block;
}

export interface StimulusStatement extends StatementBase {
  kind: 'stimulus';
  target?: PopulationReference;
  type?: Name;
  body?: Block;
}

export interface RecordStatement extends StatementBase {
  kind: 'record';
  target?: PopulationReference;
  variables: Name[];
  /** `@ madc` / `@ cadc` after the variables: the converter asked for (absent: the mapper chooses). */
  converter?: Name;
  /** Range of the `@`. */
  atRange?: Range;
}

/** The body of a plasticity rule, kept as text: its language belongs to the plasticity processor. */
export interface RawBlock {
  text: string;
  /** Range of the text between the braces. */
  textRange: Range;
  range: Range;
  closeRange?: Range;
}

export interface PlasticityStatement extends StatementBase {
  kind: 'plasticity';
  name?: Name;
  connections: Connection[];
  period?: Value;
  everyRange?: Range;
  body?: RawBlock;
}

/** `compartment NAME : KIND { members }` inside a neuron type. */
export interface CompartmentDeclaration {
  name?: Name;
  /** `AdEx`, `Passive` or `Plateau` (checked by the checker). */
  kind?: Name;
  body?: Block;
  keywordRange: Range;
  range: Range;
}

/**
 * `neuron NAME { compartment ... }`: a neuron type with its morphology (multi-compartment neurons). The only
 * statement with nested blocks.
 */
export interface NeuronStatement extends StatementBase {
  kind: 'neuron';
  name?: Name;
  compartments: CompartmentDeclaration[];
  /** From `{` to `}` (or to where the body was cut off). */
  bodyRange?: Range;
  openRange?: Range;
  closeRange?: Range;
}

export type Statement =
  | ExperimentStatement
  | NeuronStatement
  | PopulationStatement
  | ProjectionStatement
  | StimulusStatement
  | RecordStatement
  | PlasticityStatement;

export type StatementKind = Statement['kind'];

export const STATEMENT_KEYWORDS: readonly StatementKind[] = [
  'experiment',
  'neuron',
  'population',
  'projection',
  'stimulus',
  'record',
  'plasticity',
];

export interface Document {
  statements: Statement[];
  comments: Comment[];
  /** The whole text. */
  range: Range;
}
