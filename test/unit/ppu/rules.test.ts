/**
 * Plasticity rules end to end in the language: diagnostics (with document ranges), the compiled program, the
 * cost model's budget warning, and the emulated processor on real experiments (STDP window, weight bounds,
 * homeostasis), run through the same session the emulator process serves.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../server/analysis';
import { renderResourceTable } from '../../../server/mapper';
import { RuleCode } from '../../../server/plasticity/codes';
import { compileRuleBody } from '../../../server/plasticity/compile';
import { EmulatorSession } from '../../../emulator/session';
import { validateChipConfiguration } from '../../../common/chip/validate';
import { validateRunResults } from '../../../common/results';

const root = join(__dirname, '..', '..', '..');

const HEAD = `experiment t { duration = 100 ms }
population d : Poisson[4] { rate = 10 Hz }
population c : AdEx[2]
projection d -> c { connector = all_to_all, weight = 10 }
`;

function ruleDiagnostics(body: string, every = '10 ms') {
  const text = `${HEAD}plasticity r on d -> c every ${every} {\n${body}\n}\n`;
  return analyzeDocument(text, { generateSpikeTrains: false }).diagnostics;
}

describe('plasticity rules: language', () => {
  it('reports unknown names, width mixes, read-only writes and wrong sections at the offending token', () => {
    const cases: Array<[string, string, number, number]> = [
      ['weight = wieght', RuleCode.UnknownName, 9, 0],
      ['x = weight + v', RuleCode.WidthMismatch, 11, 0],
      ['causal = 3', RuleCode.ReadOnly, 0, 0],
      ['neurons { weight = 0 }', RuleCode.WrongSection, 10, 0],
      ['offset = 3', RuleCode.WrongSection, 0, 0],
      ['weight = weight + 300', RuleCode.ConstantRange, 18, 0],
      ['for k in 0..1000 { weight = weight }', RuleCode.LoopBound, 0, 0],
      ['weight = clamp(weight, 0)', RuleCode.BadArguments, 9, 0],
      ['k = weight > 3\nweight = k + 1', RuleCode.VectorScalar, 9, 1],
      ['weight = (weight + 1', RuleCode.Syntax, 0, 1], // the unclosed parenthesis is found at the closing brace
    ];
    for (const [body, code, character, lineOffset] of cases) {
      const d = ruleDiagnostics(body).filter((x) => x.code.startsWith('BSS2-E2') || x.code.startsWith('BSS2-W2'));
      assert.ok(d.length >= 1, `${body}: no diagnostic`);
      assert.equal(d[0].code, code, `${body}: ${d[0].message}`);
      // The body starts on line 5 of the document (after the header and the rule's first line).
      assert.equal(d[0].range.start.line, 5 + lineOffset, body);
      assert.equal(d[0].range.start.character, character, `${body}: ${JSON.stringify(d[0].range)}`);
    }
  });

  it('positions diagnostics of a body that starts mid-line in document coordinates', () => {
    const { diagnostics } = compileRuleBody(' weight = nope ', { line: 7, character: 40 });
    assert.equal(diagnostics[0].code, RuleCode.UnknownName);
    assert.deepEqual(diagnostics[0].range, { start: { line: 7, character: 50 }, end: { line: 7, character: 54 } });
  });

  it('counts lines as the document does (LF, CRLF, a lone CR) and puts a message about a line break at the end of its line', () => {
    for (const br of ['\n', '\r\n', '\r']) {
      const { diagnostics } = compileRuleBody(`a = 1${br}weight =${br}weight = nope`, { line: 3, character: 0 });
      const ranges = diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]);
      // 'weight =' ends its line: the message sits at that line's end (character 8), not past it; 'nope' is on line 5.
      assert.deepEqual(ranges.map((r) => r.slice(1)), [[4, 8, 8], [5, 9, 13]], `line break ${JSON.stringify(br)}: ${JSON.stringify(ranges)}`);
    }
  });

  it('warns when a stored weight may leave 0..63, not when it is clamped', () => {
    assert.ok(ruleDiagnostics('weight = weight + 1').some((d) => d.code === RuleCode.StoreMayWrap));
    assert.ok(!ruleDiagnostics('weight = clamp(weight + 1, 0, 63)').some((d) => d.code === RuleCode.StoreMayWrap));
  });

  it('compiles the STDP rule to a valid program in the configuration, with PPU rows in the resource table', () => {
    const text = readFileSync(join(root, 'examples', 'stdp.bss2'), 'utf8');
    const a = analyzeDocument(text, { generateSpikeTrains: false });
    assert.deepEqual(a.diagnostics, []);
    const programs = a.configuration!.ppuPrograms!;
    assert.equal(programs.length, 1);
    assert.equal(programs[0].rows.length, 32);
    assert.deepEqual(validateChipConfiguration(a.configuration), []);
    assert.deepEqual(programs[0].statements.map((s) => s.text), ['dw = causal - acausal', 'weight = clamp(weight + dw, 0, 63)', 'reset correlation']);
    const table = renderResourceTable(a.resources!);
    assert.match(table, /PPU memory \(bytes\), hemisphere 0 +\d+ \/ 16384/);
    assert.match(table, /PPU cycles per period, hemisphere 0 +\d+ \/ 50000/);
  });

  it('warns at the period exactly when the estimated cycles exceed the period', () => {
    const body = 'dw = causal - acausal\nweight = clamp(weight + dw, 0, 63)\nreset correlation';
    const long = analyzeDocument(`${HEAD}plasticity r on d -> c every 100 ms {\n${body}\n}\n`, { generateSpikeTrains: false });
    const cycles = long.configuration!.ppuPrograms![0].cost.cyclesPerPeriod;
    const periodAt = (c: number) => `${c / 250} ms`; // 250 cycles per biological ms (250 MHz, speed-up 1000)
    const budget = (every: string) => ruleDiagnostics(body, every).filter((d) => d.code === RuleCode.PeriodBudget);
    assert.equal(budget(periodAt(cycles)).length, 0, 'exactly the cycles: fits');
    const over = budget(periodAt(cycles - 1));
    assert.equal(over.length, 1, 'one cycle short: warning');
    assert.equal(over[0].range.start.line, 4);
    assert.match(over[0].message, new RegExp(`${cycles} PPU cycles.*lasts ${cycles - 1} cycles`));
  });
});

/**
 * One input whose spikes pair with post spikes caused by a strong second input ("kick"): the pre spike comes
 * `preAfterKickMs` after each kick (negative: before). The kick makes the cell fire about 4.2 ms after it.
 */
function pairingExperiment(preAfterKickMs: number, startWeight: number, pairs = 20): string {
  const pre: number[] = [], kick: number[] = [];
  for (let k = 0; k < pairs; k++) {
    const t = 30 + 25 * k;
    kick.push(t);
    pre.push(t + preAfterKickMs);
  }
  return `experiment pair { duration = 600 ms, seed = 1 }
population pre : SpikeArray[1] { times = [${pre.map((t) => `${t} ms`).join(', ')}] }
population kick : SpikeArray[1] { times = [${kick.map((t) => `${t} ms`).join(', ')}] }
population cell : AdEx[1] { v_rest = -65 mV, v_reset = -65 mV, v_thresh = -50 mV, v_spike = -40 mV, tau_refrac = 2 ms, weight_scale = 40 pA }
projection pre -> cell { connector = all_to_all, weight = ${startWeight} }
projection kick -> cell { connector = all_to_all, weight = 63 }
plasticity stdp on pre -> cell every 590 ms {
    dw = causal - acausal
    weight = clamp(weight + dw, 0, 63)
    reset correlation
}
record cell : spikes
`;
}

function runToEnd(text: string) {
  const a = analyzeDocument(text);
  assert.ok(a.configuration, JSON.stringify(a.diagnostics.map((d) => d.message)));
  const session = new EmulatorSession();
  session.load(a.configuration);
  session.advance(Infinity, Infinity);
  const results = session.results();
  assert.deepEqual(validateRunResults(results), []);
  return results;
}

function finalWeight(text: string): { first: number; last: number; snapshots: number } {
  const r = runToEnd(text);
  const w = r.weights.filter((s) => s.projection === 'pre->cell');
  return { first: w[0].matrix[0][0]!, last: w[w.length - 1].matrix[0][0]!, snapshots: w.length };
}

describe('plasticity rules: emulated processor', function () {
  this.timeout(120000);

  it('potentiates pre-before-post, depresses post-before-pre, and the effect fades with the delay', () => {
    const causalNear = finalWeight(pairingExperiment(1, 8)); // pre about 3 ms before the post spike
    const causalFar = finalWeight(pairingExperiment(-12, 8)); // about 16 ms before
    const acausal = finalWeight(pairingExperiment(8, 8)); // about 4 ms after
    assert.equal(causalNear.first, 8);
    assert.equal(causalNear.snapshots, 2, 'one snapshot at 0, one after the single run');
    assert.ok(causalNear.last > 8, `pre 3 ms before post: ${causalNear.last}`);
    assert.ok(acausal.last < 8, `pre 4 ms after post: ${acausal.last}`);
    assert.ok(causalNear.last - 8 > causalFar.last - 8, `window: 3 ms gives ${causalNear.last}, 16 ms ${causalFar.last}`);
  });

  it('keeps weights within 0..63 at both ends', () => {
    assert.equal(finalWeight(pairingExperiment(1, 62)).last, 63);
    assert.equal(finalWeight(pairingExperiment(8, 1)).last, 0);
  });

  it('the homeostasis example brings every neuron to its target rate', () => {
    const r = runToEnd(readFileSync(join(root, 'examples', 'homeostasis.bss2'), 'utf8'));
    const { neuron, time_ms } = r.populations.cell.spikes;
    for (let i = 0; i < 8; i++) {
      const late = time_ms.filter((t, k) => neuron[k] === i && t >= 6000).length / 4; // Hz over the last 4 s
      assert.ok(Math.abs(late - 10) <= 2, `cell[${i}] fires at ${late} Hz, target 10 Hz`);
    }
  });
});
