/**
 * Runtime check of a chip configuration received over a process boundary (the emulator's `load`, a file written
 * by `bss2 map --json`). Every problem is reported with its JSON path, e.g.
 * `neurons[3].tauMemUs: expected a finite number in 0.1..2000, found 5000`. The ranges are the chip's hard limits
 * from limits.ts: a configuration that passes can be run.
 */
import {
  type Check,
  arrayOf,
  boolean,
  checkObject,
  finiteNumber,
  integer,
  literal,
  oneOf,
  optional,
  string,
} from '../validation';
import {
  type AnalogChannel,
  type BackendBlock,
  type BackgroundGenerator,
  CHIP_CONFIGURATION_SCHEMA,
  type ChipConfiguration,
  type CrossbarNode,
  type ExternalSource,
  type LogicalNeuron,
  type NeuronCircuit,
  type RecordingConfiguration,
  type SourceMap,
  type StepCurrent,
  type SynapseDriver,
  type SynapseRow,
} from './configuration';
import { ADAPTATION, CALIBRATION, FIELDS, MADC, MULTICOMPARTMENT, TOPOLOGY } from './limits';
import { checkPpuProgram } from './validatePpu';

const hemisphere = integer(0, TOPOLOGY.hemispheres - 1) as Check<0 | 1>;
const column = integer(0, TOPOLOGY.neuronColumns - 1);
const cadc = finiteNumber(FIELDS.cadcValue[0], FIELDS.cadcValue[1]);
/** Reversal potentials may lie outside the readable range (far reversal = nearly current-based). */
const anyVoltage = finiteNumber();
const capmem = integer(FIELDS.capmemValue[0], FIELDS.capmemValue[1]);
const nonNegative = finiteNumber(0);
const positive = finiteNumber(Number.MIN_VALUE);
const rowMode = oneOf(['excitatory', 'inhibitory'] as const);

const checkNeuron: Check<NeuronCircuit> = checkObject<NeuronCircuit>({
  hemisphere,
  row: hemisphere,
  column,
  population: string(),
  index: integer(0),
  compartment: integer(0),
  model: oneOf(['AdEx', 'AdExCond'] as const),
  addressOut: integer(FIELDS.addressOut[0], FIELDS.addressOut[1]),
  tauMemUs: finiteNumber(CALIBRATION.tauMemUs.hard[0], CALIBRATION.tauMemUs.hard[1]),
  tauSynExcUs: finiteNumber(CALIBRATION.tauSynUs.hard[0], CALIBRATION.tauSynUs.hard[1]),
  tauSynInhUs: finiteNumber(CALIBRATION.tauSynUs.hard[0], CALIBRATION.tauSynUs.hard[1]),
  tauAdaptationUs: finiteNumber(ADAPTATION.tauUs.hard[0], ADAPTATION.tauUs.hard[1]),
  leakCadc: cadc,
  resetCadc: cadc,
  thresholdCadc: cadc,
  expThresholdCadc: cadc,
  expSlopeCadc: nonNegative,
  initialCadc: cadc,
  reversalExcCadc: anyVoltage,
  reversalInhCadc: anyVoltage,
  membraneCapacitance: integer(FIELDS.membraneCapacitance[0], FIELDS.membraneCapacitance[1]),
  cmPf: positive,
  adaptationANs: finiteNumber(),
  adaptationBPa: finiteNumber(),
  offsetCurrentPa: finiteNumber(),
  weightScale: nonNegative,
  refractoryCounter: integer(FIELDS.refractoryCounter[0], FIELDS.refractoryCounter[1]),
  refractoryClock: oneOf(['fast', 'slow'] as const),
  capmem: checkObject({ vLeak: capmem, vReset: capmem, vThreshold: capmem, vExp: capmem }),
  thresholdEnabled: optional(boolean()),
  eventOutput: optional(boolean()),
});

const checkLogicalNeuron: Check<LogicalNeuron> = checkObject<LogicalNeuron>({
  population: string(),
  index: integer(0),
  compartments: arrayOf(checkObject({ name: string(), circuits: arrayOf(integer(0)) })),
  couplings: arrayOf(checkObject({ a: integer(0), b: integer(0), conductanceNs: finiteNumber(0) })),
  output: integer(0),
});

const clockScale = integer(FIELDS.clockScale[0], FIELDS.clockScale[1]);
const checkBackendBlock: Check<BackendBlock> = checkObject<BackendBlock>({
  clockScaleFast: clockScale,
  clockScaleSlow: clockScale,
});

const label14 = integer(FIELDS.neuronLabel[0], FIELDS.neuronLabel[1]);
const checkCrossbarNode: Check<CrossbarNode> = checkObject<CrossbarNode>({
  input: integer(0, TOPOLOGY.crossbarInputs - 1),
  output: integer(0, TOPOLOGY.crossbarOutputs - 1),
  mask: label14,
  target: label14,
});

const nibble = integer(0, 15);
const checkDriver: Check<SynapseDriver> = checkObject<SynapseDriver>({
  hemisphere,
  index: integer(0, TOPOLOGY.synapseDriversPerHemisphere - 1),
  rowAddressCompareMask: integer(FIELDS.rowAddressCompareMask[0], FIELDS.rowAddressCompareMask[1]),
  rowModeTop: oneOf(['excitatory', 'inhibitory', 'disabled'] as const),
  rowModeBottom: oneOf(['excitatory', 'inhibitory', 'disabled'] as const),
  stp: optional(
    checkObject({
      mode: oneOf(['depressing', 'facilitating'] as const),
      utilization: nibble,
      recovery: nibble,
      offset: nibble,
    }),
  ),
});

/** Hand-rolled: a full chip has 131 072 synapses, so no closure per element. */
function integerArray(v: unknown, path: string, min: number, max: number, strictlyIncreasing = false): string[] {
  if (!Array.isArray(v)) return [`${path}: expected an array, found ${v === null ? 'null' : typeof v}`];
  let previous = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
      return [`${path}[${i}]: expected an integer in ${min}..${max}, found ${JSON.stringify(x)}`];
    }
    if (strictlyIncreasing && x <= previous) return [`${path}[${i}]: columns must be strictly increasing, found ${x} after ${previous}`];
    previous = x;
  }
  return [];
}

const checkRow: Check<SynapseRow> = (v, path) => {
  const shape = checkObject<SynapseRow>({
    hemisphere,
    row: integer(0, TOPOLOGY.synapseRowsPerHemisphere - 1),
    mode: rowMode,
    columns: (x, p) => integerArray(x, p, 0, TOPOLOGY.synapsesPerRow - 1, true),
    weights: (x, p) => integerArray(x, p, FIELDS.weight[0], FIELDS.weight[1]),
    labels: (x, p) => integerArray(x, p, FIELDS.synapseLabel[0], FIELDS.synapseLabel[1]),
    projection: (x, p) => integerArray(x, p, 0, Number.MAX_SAFE_INTEGER),
  })(v, path);
  if (shape.length > 0) return shape;
  const row = v as SynapseRow;
  const n = row.columns.length;
  if (row.weights.length !== n || row.labels.length !== n || row.projection.length !== n) {
    return [`${path}: columns, weights, labels and projection must have the same length`];
  }
  return [];
};

const checkExternal: Check<ExternalSource> = (v, path) => {
  const shape = checkObject<ExternalSource>({
    population: string(),
    index: integer(0),
    l2Channel: integer(0, TOPOLOGY.l2Channels - 1),
    label: label14,
    timesUs: arrayOf(finiteNumber(0)),
  })(v, path);
  if (shape.length > 0) return shape;
  const times = (v as ExternalSource).timesUs;
  for (let i = 1; i < times.length; i++) {
    if (times[i] < times[i - 1]) return [`${path}.timesUs[${i}]: times must be sorted, found ${times[i]} after ${times[i - 1]}`];
  }
  return [];
};

const checkBackground: Check<BackgroundGenerator> = checkObject<BackgroundGenerator>({
  index: integer(0, TOPOLOGY.backgroundGenerators - 1),
  population: string(),
  size: integer(1, 256),
  period: integer(FIELDS.backgroundPeriod[0], FIELDS.backgroundPeriod[1]),
  rate: integer(FIELDS.backgroundRate[0], FIELDS.backgroundRate[1]),
  seed: integer(FIELDS.backgroundSeed[0], FIELDS.backgroundSeed[1]),
  mask: integer(FIELDS.backgroundMask[0], FIELDS.backgroundMask[1]),
  label: label14,
});

const checkStimulus: Check<StepCurrent> = checkObject<StepCurrent>({
  hemisphere,
  column,
  timesUs: arrayOf(finiteNumber(0)),
  amplitudesPa: arrayOf(finiteNumber()),
});

const checkChannel: Check<AnalogChannel> = checkObject<AnalogChannel>({
  hemisphere,
  column,
  observable: oneOf(['v', 'w', 'i_syn_E', 'i_syn_I'] as const),
});

const checkRecording: Check<RecordingConfiguration> = checkObject<RecordingConfiguration>({
  spikes: literal('all'),
  madc: arrayOf(checkChannel),
  madcSamplesPerSecond: positive,
  cadc: arrayOf(checkChannel),
  cadcPeriodUs: positive,
});

const checkSource: Check<SourceMap> = checkObject<SourceMap>({
  populations: arrayOf(
    checkObject({
      name: string(),
      type: oneOf(['AdEx', 'AdExCond', 'Poisson', 'SpikeArray', 'BackgroundPoisson'] as const),
      size: integer(1),
      circuits: optional(arrayOf(integer(0))),
      logicalNeurons: optional(arrayOf(integer(0))),
      externalSources: optional(arrayOf(integer(0))),
      backgroundGenerator: optional(integer(0, TOPOLOGY.backgroundGenerators - 1)),
    }),
  ),
  projections: arrayOf(string()),
});

const checkShape: Check<ChipConfiguration> = checkObject<ChipConfiguration>({
  schema: literal(CHIP_CONFIGURATION_SCHEMA),
  experiment: string(),
  seed: integer(0, 0xffffffff),
  durationUs: finiteNumber(0),
  voltageMapping: checkObject({ mvAtReference: finiteNumber(), cadcReference: finiteNumber(), cadcPerMv: positive }),
  backendBlocks: (v, p) =>
    Array.isArray(v) && v.length !== TOPOLOGY.backendBlocks
      ? [`${p}: expected ${TOPOLOGY.backendBlocks} backend blocks, found ${v.length}`]
      : arrayOf(checkBackendBlock)(v, p),
  neurons: arrayOf(checkNeuron),
  crossbar: arrayOf(checkCrossbarNode),
  synapseDrivers: arrayOf(checkDriver),
  synapseRows: arrayOf(checkRow),
  externalSources: arrayOf(checkExternal),
  backgroundGenerators: arrayOf(checkBackground),
  stimuli: arrayOf(checkStimulus),
  recording: checkRecording,
  source: checkSource,
  ppuPrograms: optional(arrayOf(checkPpuProgram)),
  logicalNeurons: optional(arrayOf(checkLogicalNeuron)),
});

/** The problems that span several entities: duplicate placements, MADC rules, dangling indices. */
function checkConsistency(config: ChipConfiguration): string[] {
  const problems: string[] = [];
  const circuitAt = new Map<number, number>();
  config.neurons.forEach((n, i) => {
    if (n.row !== n.hemisphere) problems.push(`neurons[${i}].row: must equal the hemisphere (${n.hemisphere})`);
    const key = n.hemisphere * TOPOLOGY.neuronColumns + n.column;
    const other = circuitAt.get(key);
    if (other !== undefined) problems.push(`neurons[${i}]: circuit (hemisphere ${n.hemisphere}, column ${n.column}) is already used by neurons[${other}]`);
    else circuitAt.set(key, i);
  });
  const driverAt = new Map<number, SynapseDriver>();
  config.synapseDrivers.forEach((d, i) => {
    const key = d.hemisphere * TOPOLOGY.synapseDriversPerHemisphere + d.index;
    if (driverAt.has(key)) problems.push(`synapseDrivers[${i}]: driver ${d.index} of hemisphere ${d.hemisphere} is listed twice`);
    driverAt.set(key, d);
  });
  const rowsSeen = new Set<number>();
  config.synapseRows.forEach((r, i) => {
    const key = r.hemisphere * TOPOLOGY.synapseRowsPerHemisphere + r.row;
    if (rowsSeen.has(key)) problems.push(`synapseRows[${i}]: row ${r.row} of hemisphere ${r.hemisphere} is listed twice`);
    rowsSeen.add(key);
    const driver = driverAt.get(r.hemisphere * TOPOLOGY.synapseDriversPerHemisphere + Math.floor(r.row / TOPOLOGY.rowsPerDriver));
    const driverMode = driver && (r.row % 2 === 0 ? driver.rowModeTop : driver.rowModeBottom);
    if (driverMode !== r.mode) {
      problems.push(`synapseRows[${i}].mode: row ${r.row} is ${r.mode} but its driver sets ${driverMode ?? 'nothing (driver missing)'}`);
    }
    for (let k = 0; k < r.projection.length; k++) {
      if (r.projection[k] >= config.source.projections.length) {
        problems.push(`synapseRows[${i}].projection[${k}]: ${r.projection[k]} is not an index of source.projections`);
        break;
      }
    }
  });
  const generators = new Set<number>();
  config.backgroundGenerators.forEach((g, i) => {
    if (generators.has(g.index)) problems.push(`backgroundGenerators[${i}].index: generator ${g.index} is used twice`);
    generators.add(g.index);
  });
  const { madc } = config.recording;
  if (madc.length > MADC.maxNeurons) problems.push(`recording.madc: at most ${MADC.maxNeurons} channels, found ${madc.length}`);
  if (madc.length === 2 && madc[0].column % 2 === madc[1].column % 2) {
    problems.push('recording.madc: the two MADC channels must be in columns of different parity');
  }
  // Several observables of one circuit are allowed (the emulator records them all; the chip would need one run
  // per observable, which the mapper reports as a warning); the same observable twice is not.
  const channels = new Set<string>();
  const allChannels = [
    ...madc.map((c, i) => [c, `recording.madc[${i}]`] as const),
    ...config.recording.cadc.map((c, i) => [c, `recording.cadc[${i}]`] as const),
  ];
  for (const [c, path] of allChannels) {
    if (!circuitAt.has(c.hemisphere * TOPOLOGY.neuronColumns + c.column)) problems.push(`${path}: no neuron circuit at hemisphere ${c.hemisphere}, column ${c.column}`);
    const key = `${c.hemisphere}|${c.column}|${c.observable}`;
    if (channels.has(key)) problems.push(`${path}: ${c.observable} of circuit (hemisphere ${c.hemisphere}, column ${c.column}) is recorded twice`);
    channels.add(key);
  }
  config.stimuli.forEach((s, i) => {
    if (s.timesUs.length !== s.amplitudesPa.length) problems.push(`stimuli[${i}]: timesUs and amplitudesPa have different lengths`);
    if (!circuitAt.has(s.hemisphere * TOPOLOGY.neuronColumns + s.column)) problems.push(`stimuli[${i}]: no neuron circuit at hemisphere ${s.hemisphere}, column ${s.column}`);
  });
  problems.push(...checkLogicalNeurons(config));
  config.source.populations.forEach((p, i) => {
    p.logicalNeurons?.forEach((l, k) => {
      if (l >= (config.logicalNeurons?.length ?? 0)) problems.push(`source.populations[${i}].logicalNeurons[${k}]: ${l} is not an index of logicalNeurons`);
    });
    p.circuits?.forEach((c, k) => {
      if (c >= config.neurons.length) problems.push(`source.populations[${i}].circuits[${k}]: ${c} is not an index of neurons`);
    });
    p.externalSources?.forEach((c, k) => {
      if (c >= config.externalSources.length) problems.push(`source.populations[${i}].externalSources[${k}]: ${c} is not an index of externalSources`);
    });
  });
  return problems;
}

/**
 * The placement rules of multi-compartment neurons (facts §3.4), which the mapper enforces with ranges in the
 * experiment file; here they guard the process boundary.
 */
function checkLogicalNeurons(config: ChipConfiguration): string[] {
  const problems: string[] = [];
  const owner = new Map<number, string>();
  (config.logicalNeurons ?? []).forEach((l, i) => {
    const path = `logicalNeurons[${i}]`;
    if (l.compartments.length === 0) problems.push(`${path}.compartments: a logical neuron needs at least one compartment`);
    if (l.compartments.length > MULTICOMPARTMENT.maxCompartments) {
      problems.push(`${path}.compartments: at most ${MULTICOMPARTMENT.maxCompartments} compartments, found ${l.compartments.length}`);
    }
    if (l.output >= l.compartments.length) problems.push(`${path}.output: ${l.output} is not an index of its compartments`);
    const blocks = new Set<number>();
    l.compartments.forEach((c, ci) => {
      if (c.circuits.length === 0) problems.push(`${path}.compartments[${ci}].circuits: a compartment needs at least one circuit`);
      c.circuits.forEach((n, k) => {
        const at = `${path}.compartments[${ci}].circuits[${k}]`;
        const circuit = config.neurons[n];
        if (!circuit) return void problems.push(`${at}: ${n} is not an index of neurons`);
        const before = owner.get(n);
        if (before) problems.push(`${at}: circuit ${n} already belongs to ${before}`);
        else owner.set(n, `${path}.compartments[${ci}]`);
        if (circuit.compartment !== ci) problems.push(`${at}: neurons[${n}].compartment is ${circuit.compartment}, expected ${ci}`);
        blocks.add(Math.floor(circuit.column / TOPOLOGY.backendBlockColumns));
      });
    });
    if (blocks.size > 1) problems.push(`${path}: its circuits cross the backend block boundary (columns ${TOPOLOGY.backendBlockColumns - 1}/${TOPOLOGY.backendBlockColumns})`);
    l.couplings.forEach((c, k) => {
      if (c.a >= l.compartments.length || c.b >= l.compartments.length || c.a === c.b) {
        problems.push(`${path}.couplings[${k}]: must join two different compartments of the neuron`);
      }
    });
  });
  return problems;
}

/**
 * Checks a value that claims to be a chip configuration. Returns the problems found (each starting with its
 * JSON path); an empty list means it is a valid ChipConfiguration that the emulator can run.
 */
export function validateChipConfiguration(value: unknown): string[] {
  if (typeof value === 'object' && value !== null && 'schema' in value && value.schema !== CHIP_CONFIGURATION_SCHEMA) {
    return [`schema: this version reads chip configurations of schema ${CHIP_CONFIGURATION_SCHEMA}, found ${JSON.stringify(value.schema)}`];
  }
  const problems = checkShape(value, '');
  return problems.length > 0 ? problems : checkConsistency(value as ChipConfiguration);
}

export function isChipConfiguration(value: unknown): value is ChipConfiguration {
  return validateChipConfiguration(value).length === 0;
}
