/**
 * Results recorded elsewhere, read into the results model (common/results.ts) so that the plot panels and
 * `bss2 import` treat them like an emulator run, and the comparison of two runs. Formats accepted (docs/pynn.md):
 *
 *   1. A results file, schema 1: what `bss2 run --json` and every exported PyNN script write.
 *   2. NEO-style spike trains as JSON: `{ "spiketrains": [ { "times": [...], "units": "ms" | "s",
 *      "annotations": { "population": "exc", "source_index": 3 } }, ... ], "t_stop": 200, "units": "ms" }`
 *      (or the bare array), the fields of a neo.SpikeTrain as PyNN annotates them. `population` and
 *      `source_index` may also sit on the train itself; without a population the file's base name is used.
 *   3. Spikes as CSV with a header naming the columns: `population,neuron,time_ms` (as `bss2 run --csv`
 *      writes them), `neuron,time_ms` for one population (named after the file), `source_index` for `neuron`.
 *
 * Every problem is reported with the place it was found (JSON path or CSV line), never by throwing.
 */
import { RESULTS_SCHEMA_VERSION, type PopulationResults, type RunResults, validateRunResults } from './results';

export type ImportOutcome = { ok: true; results: RunResults; warnings: string[] } | { ok: false; error: string };

export function importResults(text: string, fileName: string): ImportOutcome {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') return { ok: false, error: `${fileName}: the file is empty` };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      return { ok: false, error: `${fileName}: not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    return importJson(value, fileName);
  }
  return importCsv(trimmed, fileName);
}

function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? fileName;
  return name.replace(/\.(results\.)?(json|csv)$/i, '').replace(/\..*$/, '') || 'imported';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function importJson(value: unknown, fileName: string): ImportOutcome {
  if (isObject(value) && 'schema' in value) {
    if (value.schema !== RESULTS_SCHEMA_VERSION) {
      return { ok: false, error: `${fileName}: schema: results schema ${JSON.stringify(value.schema)} is not known; this version reads schema ${RESULTS_SCHEMA_VERSION}` };
    }
    const problems = validateRunResults(value);
    if (problems.length > 0) {
      const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
      return { ok: false, error: `${fileName}: not a valid results file: ${problems.slice(0, 3).join('; ')}${more}` };
    }
    return { ok: true, results: value as unknown as RunResults, warnings: [] };
  }
  const trains = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.spiketrains) ? value.spiketrains : undefined;
  if (!trains) {
    return {
      ok: false,
      error: `${fileName}: neither a results file (no "schema" field) nor NEO-style spike trains (no "spiketrains" array); see docs/pynn.md for the formats bss2 reads`,
    };
  }
  const top = isObject(value) ? value : {};
  return importNeoTrains(trains, top, fileName);
}

const TIME_FACTORS: Record<string, number> = { ms: 1, s: 1000, us: 1e-3, 'µs': 1e-3 };

function timeFactor(units: unknown, where: string): number | string {
  if (units === undefined) return 1;
  if (typeof units !== 'string' || !(units in TIME_FACTORS)) return `${where}: units ${JSON.stringify(units)} is not a time unit (ms, s or us)`;
  return TIME_FACTORS[units];
}

function importNeoTrains(trains: unknown[], top: Record<string, unknown>, fileName: string): ImportOutcome {
  const warnings: string[] = [];
  const fallback = typeof top.population === 'string' ? top.population : baseName(fileName);
  const topFactor = timeFactor(top.units, `${fileName}: units`);
  if (typeof topFactor === 'string') return { ok: false, error: topFactor };
  const spikes = new Map<string, Array<[number, number]>>();
  const sizes = new Map<string, number>();
  let latest = 0;
  for (let k = 0; k < trains.length; k++) {
    const where = `${fileName}: spiketrains[${k}]`;
    const train = trains[k];
    if (!isObject(train)) return { ok: false, error: `${where}: expected an object with "times"` };
    const annotations = isObject(train.annotations) ? train.annotations : {};
    const population = train.population ?? annotations.population ?? fallback;
    if (typeof population !== 'string' || population === '') return { ok: false, error: `${where}.population: expected a name` };
    const index = train.source_index ?? annotations.source_index ?? k;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return { ok: false, error: `${where}.source_index: expected an integer >= 0, found ${JSON.stringify(index)}` };
    const factor = train.units === undefined ? topFactor : timeFactor(train.units, `${where}.units`);
    if (typeof factor === 'string') return { ok: false, error: factor };
    if (!Array.isArray(train.times)) return { ok: false, error: `${where}.times: expected an array of numbers` };
    const list = spikes.get(population) ?? [];
    spikes.set(population, list);
    sizes.set(population, Math.max(sizes.get(population) ?? 0, index + 1));
    for (let j = 0; j < train.times.length; j++) {
      const t = train.times[j];
      if (typeof t !== 'number' || !Number.isFinite(t)) return { ok: false, error: `${where}.times[${j}]: expected a finite number, found ${JSON.stringify(t)}` };
      list.push([t * factor, index]);
      latest = Math.max(latest, t * factor);
    }
    if (typeof train.t_stop === 'number') latest = Math.max(latest, train.t_stop * factor);
  }
  if (isObject(top.sizes)) {
    for (const [name, size] of Object.entries(top.sizes)) {
      if (typeof size === 'number' && Number.isInteger(size) && size >= (sizes.get(name) ?? 0)) sizes.set(name, Math.max(1, size));
      else warnings.push(`sizes.${name}: ignored, not an integer covering the trains' source_index`);
    }
  }
  let duration = latest;
  if (typeof top.t_stop === 'number') duration = top.t_stop * topFactor;
  else if (typeof top.duration_ms === 'number') duration = top.duration_ms;
  else warnings.push('no t_stop given: the duration is taken from the last spike');
  const populations: Record<string, PopulationResults> = {};
  for (const [name, list] of spikes) populations[name] = { size: Math.max(1, sizes.get(name) ?? 1), spikes: sortedTrains(list) };
  return {
    ok: true,
    results: resultsOf(typeof top.experiment === 'string' ? top.experiment : baseName(fileName), duration, populations, warnings),
    warnings,
  };
}

function sortedTrains(list: Array<[number, number]>): PopulationResults['spikes'] {
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { neuron: list.map((s) => s[1]), time_ms: list.map((s) => s[0]) };
}

function resultsOf(experiment: string, duration: number, populations: Record<string, PopulationResults>, warnings: string[]): RunResults {
  return { schema: RESULTS_SCHEMA_VERSION, experiment, duration_ms: Math.max(0, duration), seed: 0, populations, traces: [], weights: [], warnings: [...warnings] };
}

/** Splits one CSV line (RFC 4180 quoting). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (fields.push(field), (field = ''));
    else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

function importCsv(text: string, fileName: string): ImportOutcome {
  const lines = text.split(/\r\n|\r|\n/);
  const header = csvFields(lines[0]).map((h) => h.toLowerCase());
  const column = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const pop = column('population');
  const neuron = column('neuron', 'source_index', 'index', 'id');
  const time = column('time_ms', 'time', 't');
  if (neuron < 0 || time < 0) {
    return {
      ok: false,
      error: `${fileName}:1: the header '${lines[0].slice(0, 80)}' names no ${neuron < 0 ? "'neuron'" : "'time_ms'"} column; expected population,neuron,time_ms (see docs/pynn.md)`,
    };
  }
  const fallback = baseName(fileName);
  const spikes = new Map<string, Array<[number, number]>>();
  const sizes = new Map<string, number>();
  let latest = 0;
  for (let l = 1; l < lines.length; l++) {
    if (lines[l].trim() === '') continue;
    const f = csvFields(lines[l]);
    const name = pop >= 0 ? f[pop] : fallback;
    if (!name) return { ok: false, error: `${fileName}:${l + 1}: empty population name` };
    const n = Number(f[neuron]);
    if (!Number.isInteger(n) || n < 0 || f[neuron] === '') return { ok: false, error: `${fileName}:${l + 1}: neuron '${f[neuron] ?? ''}' is not an integer >= 0` };
    const t = Number(f[time]);
    if (!Number.isFinite(t) || f[time] === '') return { ok: false, error: `${fileName}:${l + 1}: time '${f[time] ?? ''}' is not a number` };
    const list = spikes.get(name) ?? [];
    spikes.set(name, list);
    list.push([t, n]);
    sizes.set(name, Math.max(sizes.get(name) ?? 0, n + 1));
    latest = Math.max(latest, t);
  }
  const warnings = ['CSV spikes carry no duration or population sizes: both are taken from the last spike and the highest neuron index'];
  const populations: Record<string, PopulationResults> = {};
  for (const [name, list] of spikes) populations[name] = { size: Math.max(1, sizes.get(name) ?? 1), spikes: sortedTrains(list) };
  return { ok: true, results: resultsOf(fallback, latest, populations, warnings), warnings };
}

/** How one population's spikes differ between run `a` and run `b` (differences are b - a). */
export interface PopulationComparison {
  population: string;
  size_a: number;
  size_b: number;
  spikes_a: number;
  spikes_b: number;
  /** spikes_b - spikes_a. */
  spike_difference: number;
  /** (spikes_b - spikes_a) / spikes_a; null when `a` has no spikes. */
  relative_difference: number | null;
  mean_rate_a_hz: number;
  mean_rate_b_hz: number;
  /** First spike of the population in each run, ms; null when the run has none. */
  first_spike_a_ms: number | null;
  first_spike_b_ms: number | null;
  /** first_spike_b_ms - first_spike_a_ms; null when either run has no spike. */
  first_spike_difference_ms: number | null;
  /** Neurons that fired in both runs, and the mean and largest |difference| of their first spike times, ms. */
  neurons_compared: number;
  mean_abs_first_spike_difference_ms: number | null;
  max_abs_first_spike_difference_ms: number | null;
}

export interface ResultsComparison {
  a: { experiment: string; duration_ms: number };
  b: { experiment: string; duration_ms: number };
  /** Populations present in both runs, in the order of `a`. */
  populations: PopulationComparison[];
  only_in_a: string[];
  only_in_b: string[];
}

function firstSpikes(p: PopulationResults): Map<number, number> {
  const first = new Map<number, number>();
  for (let k = 0; k < p.spikes.time_ms.length; k++) {
    const n = p.spikes.neuron[k];
    const t = p.spikes.time_ms[k];
    const known = first.get(n);
    if (known === undefined || t < known) first.set(n, t);
  }
  return first;
}

function minimum(times: number[]): number | null {
  let m = Infinity;
  for (const t of times) if (t < m) m = t;
  return m === Infinity ? null : m;
}

export function compareResults(a: RunResults, b: RunResults): ResultsComparison {
  const populations: PopulationComparison[] = [];
  const rate = (count: number, size: number, duration: number) => (duration > 0 && size > 0 ? count / size / (duration / 1000) : 0);
  for (const [name, pa] of Object.entries(a.populations)) {
    const pb = b.populations[name];
    if (!pb) continue;
    const na = pa.spikes.time_ms.length;
    const nb = pb.spikes.time_ms.length;
    const fa = minimum(pa.spikes.time_ms);
    const fb = minimum(pb.spikes.time_ms);
    const firstA = firstSpikes(pa);
    const firstB = firstSpikes(pb);
    let sum = 0;
    let max = 0;
    let compared = 0;
    for (const [n, t] of firstA) {
      const u = firstB.get(n);
      if (u === undefined) continue;
      const d = Math.abs(u - t);
      sum += d;
      max = Math.max(max, d);
      compared++;
    }
    populations.push({
      population: name,
      size_a: pa.size,
      size_b: pb.size,
      spikes_a: na,
      spikes_b: nb,
      spike_difference: nb - na,
      relative_difference: na > 0 ? (nb - na) / na : null,
      mean_rate_a_hz: rate(na, pa.size, a.duration_ms),
      mean_rate_b_hz: rate(nb, pb.size, b.duration_ms),
      first_spike_a_ms: fa,
      first_spike_b_ms: fb,
      first_spike_difference_ms: fa !== null && fb !== null ? fb - fa : null,
      neurons_compared: compared,
      mean_abs_first_spike_difference_ms: compared > 0 ? sum / compared : null,
      max_abs_first_spike_difference_ms: compared > 0 ? max : null,
    });
  }
  return {
    a: { experiment: a.experiment, duration_ms: a.duration_ms },
    b: { experiment: b.experiment, duration_ms: b.duration_ms },
    populations,
    only_in_a: Object.keys(a.populations).filter((n) => !(n in b.populations)),
    only_in_b: Object.keys(b.populations).filter((n) => !(n in a.populations)),
  };
}
