/**
 * Inputs for the robustness tests: the corpus (every example, every test and regression file) and cheap
 * mutators over it, as fast-check arbitraries so that a failure shrinks to a small case and is reproduced from
 * the printed seed. `FUZZ_LONG=1` multiplies the number of runs (`npm run fuzz`); `FUZZ_SEED` replaces the seed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

export const ROOT = join(__dirname, '..', '..', '..');
export const LONG = process.env.FUZZ_LONG === '1';
/** Fixed in CI so that every run checks the same inputs; printed by each suite. */
export const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261125;
export const SCALE = LONG ? Number(process.env.FUZZ_SCALE ?? 10) : 1;

function bss2Files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...bss2Files(path));
    else if (name.endsWith('.bss2')) out.push(path);
  }
  return out;
}

/**
 * Every `.bss2` file of the examples and the tests, read once. The regression cases are left out: they are run
 * as they are by their own test, and mutating their million-neuron populations would spend the time budget on
 * a few inputs.
 */
export const CORPUS: readonly { name: string; text: string }[] = [join(ROOT, 'examples'), join(ROOT, 'test')]
  .flatMap(bss2Files)
  .filter((path) => !path.includes(join('fixtures', 'regressions')))
  .sort()
  .map((path) => ({ name: path.slice(ROOT.length + 1), text: readFileSync(path, 'utf8') }));

/** Fragments a mutation inserts: the language's own tokens, and the values that break naive code. */
const FRAGMENTS = [
  'experiment', 'population', 'projection', 'stimulus', 'record', 'plasticity', 'on', 'every', ' ', '\n', '\t', '\r\n',
  '{', '}', '[', ']', '(', ')', ',', ':', '=', '->', '..', '.', '#', '"', "'", '-', '+', '*', '/',
  'AdEx', 'AdExCond', 'Poisson', 'SpikeArray', 'BackgroundPoisson', 'StepCurrent', 'DCSource',
  'ms', 'mV', 'pF', 'nS', 'pA', 'Hz', 'kHz', 's', 'us', 'tau_m', 'v_rest', 'weight', 'rate', 'times', 'connector',
  'fixed_probability(', 'fixed_indegree(', 'from_list([[0, 0, 5]])', 'one_to_one', 'all_to_all', 'split_weights = true',
  'spikes', 'v', 'w', 'true', 'false', 'stp = depressing(utilization = 3, recovery = 2)',
  '0', '1', '-1', '63', '64', '512', '4294967296', '1e308', '1e309', '-1e308', '5e-324', '1e-400', 'NaN', 'Infinity', '0x1F', '1_000',
  '9'.repeat(400), '0.'.padEnd(350, '0') + '1', '\0', '\uFFFD', '\uD800', '\uDFFF', '\u2028', '\uFEFF', 'µs', 'Ω', '😀',
  '[' .repeat(64), ']'.repeat(64), '{'.repeat(64), '}'.repeat(64), '('.repeat(64),
];

export type Mutation = [kind: number, a: number, b: number, c: number];

/** Applies one mutation; positions are taken modulo the text's length so that every draw is meaningful. */
export function mutate(text: string, [kind, a, b, c]: Mutation, other: string): string {
  const n = text.length;
  const at = n === 0 ? 0 : a % (n + 1);
  const len = 1 + (b % 64);
  switch (kind % 8) {
    case 0: // delete a span
      return text.slice(0, at) + text.slice(at + len);
    case 1: // insert a fragment
      return text.slice(0, at) + FRAGMENTS[b % FRAGMENTS.length] + text.slice(at);
    case 2: // duplicate a span
      return text.slice(0, at) + text.slice(at, at + len * (1 + (c % 8))) + text.slice(at);
    case 3: // truncate
      return text.slice(0, at);
    case 4: // replace one character by an arbitrary code unit
      return text.slice(0, at) + String.fromCharCode(c % 0x10000) + text.slice(at + 1);
    case 5: // splice in a piece of another file
      return text.slice(0, at) + other.slice(b % (other.length + 1), (b % (other.length + 1)) + (c % 400)) + text.slice(at);
    case 6: // replace a number by a fragment (huge, tiny, not a number)
      return text.replace(/\d+(\.\d+)?/g, (m, _f, offset: number) => (offset >= at && offset < at + 200 ? FRAGMENTS[c % FRAGMENTS.length] : m));
    default: // swap two spans
      {
        const bt = n === 0 ? 0 : c % (n + 1);
        const [p, q] = at < bt ? [at, bt] : [bt, at];
        return text.slice(0, p) + text.slice(q, q + len) + text.slice(p + len, q) + text.slice(p, p + len) + text.slice(q + len);
      }
  }
}

const mutationArb: fc.Arbitrary<Mutation> = fc.tuple(fc.nat(7), fc.nat(), fc.nat(), fc.nat());

/** A corpus file with up to `max` mutations; shrinks towards fewer mutations. */
export function mutatedCorpusText(max = 4): fc.Arbitrary<{ source: string; text: string }> {
  return fc
    .record({ base: fc.nat(CORPUS.length - 1), other: fc.nat(CORPUS.length - 1), mutations: fc.array(mutationArb, { maxLength: max }) })
    .map(({ base, other, mutations }) => ({
      source: `${CORPUS[base].name} + ${JSON.stringify(mutations)}`,
      text: mutations.reduce((t, m) => mutate(t, m, CORPUS[other].text), CORPUS[base].text),
    }));
}

/**
 * A window of up to 40 lines of a corpus file with up to `max` mutations: the bulk of the inputs, cheap to
 * analyse, and still statements in every state of repair (a window starts and ends anywhere in a block).
 */
export function mutatedCorpusWindow(max = 4): fc.Arbitrary<{ source: string; text: string }> {
  return fc
    .record({ base: fc.nat(CORPUS.length - 1), first: fc.nat(), count: fc.integer({ min: 1, max: 40 }), other: fc.nat(CORPUS.length - 1), mutations: fc.array(mutationArb, { maxLength: max }) })
    .map(({ base, first, count, other, mutations }) => {
      const lines = CORPUS[base].text.split('\n');
      const start = first % lines.length;
      const window = lines.slice(start, start + count).join('\n');
      return {
        source: `${CORPUS[base].name} lines ${start + 1}..${start + count} + ${JSON.stringify(mutations)}`,
        text: mutations.reduce((t, m) => mutate(t, m, CORPUS[other].text), window),
      };
    });
}

/** Texts from nothing: arbitrary code units, bytes decoded as UTF-8 (invalid sequences included), token soup. */
export function generatedText(): fc.Arbitrary<{ source: string; text: string }> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ source: 'code units', text })),
    fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ source: 'bytes as UTF-8', text: Buffer.from(bytes).toString('utf8') })),
    fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }).map((parts) => ({ source: 'fragments', text: parts.join(' ') })),
    fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 5_000 })).map(([k, depth]) => ({
      source: `nesting ${k} x ${depth}`,
      text: [
        `population p : AdEx[1] { tau_m = ${'['.repeat(depth)}1 ms${']'.repeat(depth)} }`,
        `projection a -> b { connector = ${'f('.repeat(depth)}${')'.repeat(depth)} }`,
        `experiment e ${'{'.repeat(depth)}`,
        `population p : SpikeArray[1] { times = [${'[1 ms, '.repeat(depth)}] }`,
      ][k],
    })),
  );
}

/** Labels a failing input so that the message shows where it came from and a readable excerpt of the text. */
export function describeInput(input: { source: string; text: string }): string {
  return `${input.source} (${input.text.length} chars): ${JSON.stringify(input.text.slice(0, 300))}`;
}
