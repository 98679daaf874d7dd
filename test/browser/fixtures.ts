/**
 * Results for the panel tests. `ei_network.results.json` was recorded with `bss2 run examples/ei_network.bss2
 * --json` (seed 42); the small synthetic runs below put spikes and weights at known places so the tests can say
 * which pixel must carry which colour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChipConfiguration, LogicalNeuron, NeuronCircuit } from '../../common/chip/configuration';
import type { RunResults, Trace, WeightSnapshot } from '../../common/results';

export function eiNetworkResults(): RunResults {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', 'ei_network.results.json'), 'utf8')) as RunResults;
}

/** Two populations of 10: `alpha` neuron 3 fires every 10 ms in [20, 80] ms, `beta` neuron 7 every 10 ms in [150, 190]. */
export function knownSpikes(names: [string, string] = ['alpha', 'beta']): RunResults {
  const a = [20, 30, 40, 50, 60, 70, 80];
  const b = [150, 160, 170, 180, 190];
  return {
    schema: 1,
    experiment: 'known_spikes',
    duration_ms: 200,
    seed: 1,
    populations: {
      [names[0]]: { size: 10, spikes: { neuron: a.map(() => 3), time_ms: a } },
      [names[1]]: { size: 10, spikes: { neuron: b.map(() => 7), time_ms: b } },
    },
    traces: [{ population: names[0], neuron: 3, variable: 'v', unit: 'mV', device: 'madc', t0_ms: 0, dt_ms: 0.5, values: Array.from({ length: 401 }, (_, i) => -65 + 10 * Math.sin(i / 20)) }],
    weights: [],
    warnings: [],
  };
}

/** A plastic projection `drive->cell`, 16 x 8, whose weights grow with time: w(pre, post, k) = min(63, pre*4 + post + 8k). */
export function weightRun(): RunResults {
  const weights: WeightSnapshot[] = [0, 1, 2, 3].map((k) => ({
    projection: 'drive->cell',
    time_ms: k * 500,
    matrix: Array.from({ length: 16 }, (_, pre) => Array.from({ length: 8 }, (_, post) => (pre === 15 && post === 7 ? null : Math.min(63, pre * 4 + post + 8 * k)))),
  }));
  weights.push({ projection: 'cell->cell', time_ms: 0, matrix: [[null, 10], [20, null]] });
  const base = knownSpikes(['drive', 'cell']);
  return { ...base, experiment: 'stdp_weights', duration_ms: 1500, weights };
}

/**
 * Membranes of a three-compartment neuron (soma - apical - tuft, a chain) integrated with forward Euler at 0.1 ms:
 * passive leaky compartments coupled by conductances (I_a = g (V_b - V_a)); an excitatory current at 20 ms into
 * the apical dendrite spreads attenuated and delayed to the soma and the tuft; a stronger one at 60 ms into the
 * tuft crosses its plateau threshold (-50 mV) upwards, which holds it at -30 mV for 40 ms and drives the soma, whose
 * comparator (-55 mV) resets it to -65 mV for 2 ms. Units: pF, nS, mV, ms, pA.
 */
function threeCompartmentMembranes(): { soma: number[]; apical: number[]; tuft: number[] } {
  const dt = 0.1;
  const steps = 1500;
  const c = [200, 100, 50];
  const gL = c.map((x) => x / 20);
  const g = { somaApical: 20, apicalTuft: 15 };
  const v = [-65, -65, -65];
  let somaRefractory = 0;
  let plateau = 0;
  let tuftArmed = true;
  const out = { soma: [] as number[], apical: [] as number[], tuft: [] as number[] };
  for (let k = 0; k < steps; k++) {
    const t = k * dt;
    const input = [0, t >= 20 ? 400 * Math.exp(-(t - 20) / 5) : 0, t >= 60 ? 600 * Math.exp(-(t - 60) / 5) : 0];
    const coupling = [g.somaApical * (v[1] - v[0]), g.somaApical * (v[0] - v[1]) + g.apicalTuft * (v[2] - v[1]), g.apicalTuft * (v[1] - v[2])];
    for (let i = 0; i < 3; i++) v[i] += (dt * (gL[i] * (-65 - v[i]) + coupling[i] + input[i])) / c[i];
    if (plateau > 0) {
      v[2] = -30;
      plateau -= dt;
    } else if (v[2] > -50 && tuftArmed) {
      plateau = 40;
      v[2] = -30;
    }
    tuftArmed = plateau <= 0 && v[2] <= -50; // a plateau starts on an upward crossing only
    if (somaRefractory > 0) {
      v[0] = -65;
      somaRefractory -= dt;
    } else if (v[0] > -55) {
      somaRefractory = 2;
      v[0] = -65;
    }
    out.soma.push(v[0]);
    out.apical.push(v[1]);
    out.tuft.push(v[2]);
  }
  return out;
}

/**
 * A run of `pyr`, two neurons of three compartments (soma, apical, tuft): the membranes of pyr[0]'s three
 * compartments and pyr[1]'s soma are recorded, with `compartment` set; plus `exc[0] v`, a neuron of one
 * compartment. `names` replaces the population and compartment names (the security tests pass payloads).
 */
export function compartmentRun(names: { population?: string; compartments?: [string, string, string] } = {}): RunResults {
  const pyr = names.population ?? 'pyr';
  const [soma, apical, tuft] = names.compartments ?? ['soma', 'apical', 'tuft'];
  const m = threeCompartmentMembranes();
  const trace = (population: string, neuron: number, compartment: string | undefined, values: number[]): Trace => ({
    population,
    neuron,
    ...(compartment === undefined ? {} : { compartment }),
    variable: 'v',
    unit: 'mV',
    device: 'cadc',
    t0_ms: 0,
    dt_ms: 0.1,
    values,
  });
  const spikes = m.soma.flatMap((x, k) => (k > 0 && x === -65 && m.soma[k - 1] > -65 ? [k / 10] : []));
  return {
    schema: 1,
    experiment: 'dendritic_plateau',
    duration_ms: 150,
    seed: 1,
    populations: { [pyr]: { size: 2, spikes: { neuron: spikes.map(() => 0), time_ms: spikes } }, exc: { size: 4, spikes: { neuron: [], time_ms: [] } } },
    traces: [
      trace(pyr, 0, soma, m.soma),
      trace(pyr, 0, apical, m.apical),
      trace(pyr, 0, tuft, m.tuft),
      trace(pyr, 1, soma, m.soma.map(() => -65)),
      trace('exc', 0, undefined, m.soma.map((_, k) => -70 + 2 * Math.sin(k / 50))),
    ],
    weights: [],
    warnings: [],
  };
}

/** A neuron circuit with calibration-plausible values (the chip panel draws placement only). */
function circuit(hemisphere: 0 | 1, column: number, population: string, index: number, compartment: number, extra: Partial<NeuronCircuit> = {}): NeuronCircuit {
  return {
    hemisphere,
    row: hemisphere,
    column,
    population,
    index,
    compartment,
    model: 'AdEx',
    addressOut: column % 256,
    tauMemUs: 20,
    tauSynExcUs: 5,
    tauSynInhUs: 5,
    tauAdaptationUs: 100,
    leakCadc: 80,
    resetCadc: 80,
    thresholdCadc: 120,
    expThresholdCadc: 110,
    expSlopeCadc: 0,
    initialCadc: 80,
    reversalExcCadc: 200,
    reversalInhCadc: 20,
    membraneCapacitance: 63,
    cmPf: 100,
    adaptationANs: 0,
    adaptationBPa: 0,
    offsetCurrentPa: 0,
    weightScale: 1,
    refractoryCounter: 20,
    refractoryClock: 'fast',
    capmem: { vLeak: 400, vReset: 400, vThreshold: 600, vExp: 550 },
    ...extra,
  };
}

/**
 * Where `compartmentRun` ran, written by hand: `exc`, four circuits of one compartment in columns 0..3 of row 0,
 * and `pyr`, two neurons of three compartments:
 *   pyr[0]: soma (0,10) (1,10) · apical (0,11) (0,12) · tuft (0,13)        — 5 circuits, both rows in column 10
 *   pyr[1]: soma (0,20) (1,20) · apical (1,21) · tuft (1,22) (1,23)        — 5 circuits
 * as (row, column). The soma's first circuit is the comparator whose events are the neuron's spikes; the tuft
 * has a plateau comparator without output events.
 */
export function compartmentConfiguration(names: { population?: string; compartments?: [string, string, string]; experiment?: string } = {}): ChipConfiguration {
  const pyr = names.population ?? 'pyr';
  const compartmentNames = names.compartments ?? ['soma', 'apical', 'tuft'];
  const neurons: NeuronCircuit[] = [0, 1, 2, 3].map((c) => circuit(0, c, 'exc', c, 0));
  const layouts: Array<Array<Array<[0 | 1, number]>>> = [
    [[[0, 10], [1, 10]], [[0, 11], [0, 12]], [[0, 13]]],
    [[[0, 20], [1, 20]], [[1, 21]], [[1, 22], [1, 23]]],
  ];
  const logicalNeurons: LogicalNeuron[] = layouts.map((compartments, index) => ({
    population: pyr,
    index,
    output: 0,
    couplings: [
      { a: 0, b: 1, conductanceNs: 20 },
      { a: 1, b: 2, conductanceNs: 10 },
    ],
    compartments: compartments.map((cells, ci) => ({
      name: compartmentNames[ci],
      circuits: cells.map(([row, column], k) => {
        const comparator = k === 0 && ci !== 1;
        neurons.push(circuit(row, column, pyr, index, ci, { thresholdEnabled: comparator, eventOutput: comparator && ci === 0, ...(ci === 2 ? { resetCadc: 160 } : {}) }));
        return neurons.length - 1;
      }),
    })),
  }));
  const somaCircuits = logicalNeurons.map((l) => l.compartments[0].circuits[0]);
  return {
    schema: 1,
    experiment: names.experiment ?? 'dendritic_plateau',
    seed: 1,
    durationUs: 150,
    voltageMapping: { mvAtReference: -65, cadcReference: 80, cadcPerMv: 2 },
    backendBlocks: [
      { clockScaleFast: 4, clockScaleSlow: 8 },
      { clockScaleFast: 4, clockScaleSlow: 8 },
    ],
    neurons,
    crossbar: [],
    synapseDrivers: [],
    synapseRows: [],
    externalSources: [],
    backgroundGenerators: [],
    stimuli: [],
    recording: { spikes: 'all', madc: [], madcSamplesPerSecond: 30e6, cadc: [{ hemisphere: 0, column: 10, observable: 'v' }], cadcPeriodUs: 0.1 },
    source: {
      populations: [
        { name: 'exc', type: 'AdEx', size: 4, circuits: [0, 1, 2, 3] },
        { name: pyr, type: 'AdEx', size: 2, circuits: somaCircuits, logicalNeurons: [0, 1] },
      ],
      projections: [],
    },
    logicalNeurons,
  };
}

/** A fixed share of an XSS corpus: each would run script if it reached the page as HTML. */
export const XSS_PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '"><script>window.__xss=2</script>',
  "'><svg onload=window.__xss=3>",
  '</script><script>window.__xss=4</script>',
  '<iframe srcdoc="<script>parent.__xss=5</script>">',
  'javascript:window.__xss=6',
];
