/**
 * No input makes the parser, the checker, the mapper or the language-service features throw: mutations of every
 * example and test file, generated texts (arbitrary code units, invalid UTF-8, deep nesting, huge numbers, NUL
 * bytes) and a 10 MB file. More than 100,000 inputs per run, from a fixed seed (printed; `FUZZ_SEED=<n>`
 * replays another, `FUZZ_LONG=1` runs ten times as many). Each failure found is kept as a file in
 * test/fixtures/regressions/, which the last test runs through everything.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeDocument, type DocumentAnalysis } from '../../../server/analysis';
import { analyze } from '../../../server/language';
import { codeActions } from '../../../server/languageService/codeActions';
import { codeLenses } from '../../../server/languageService/codeLens';
import { complete } from '../../../server/languageService/completion';
import { formatDocument } from '../../../server/languageService/formatting';
import { hover } from '../../../server/languageService/hover';
import { inlayHints } from '../../../server/languageService/inlayHints';
import { definition, references } from '../../../server/languageService/navigation';
import { semanticTokens } from '../../../server/languageService/semanticTokens';
import { documentSymbols, foldingRanges, selectionRange } from '../../../server/languageService/symbols';
import { CORPUS, ROOT, SCALE, SEED, describeInput, generatedText, mutatedCorpusText, mutatedCorpusWindow } from './fuzzInputs';

const counts = {
  windows: 80_000 * SCALE,
  mutatedAnalyze: 12_000 * SCALE,
  generatedAnalyze: 8_000 * SCALE,
  mapped: 1_500 * SCALE,
  features: 500 * SCALE,
};

/** A diagnostic must point into the text with a message: otherwise the editor shows nothing or throws itself. */
function checkDiagnostics(text: string, diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string; code: string }[]): void {
  // Line ends as LSP counts them: \r\n, \n and a lone \r.
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const d of diagnostics) {
    const { start, end } = d.range;
    if (!(start.line >= 0 && start.character >= 0 && end.line < lines + 1 && (end.line > start.line || (end.line === start.line && end.character >= start.character)))) {
      throw new Error(`diagnostic ${d.code} has an invalid range ${JSON.stringify(d.range)}`);
    }
    if (typeof d.message !== 'string' || d.message.length === 0) throw new Error(`diagnostic ${d.code} has no message`);
  }
}

function guarded(run: (text: string) => void): (input: { source: string; text: string }) => void {
  return (input) => {
    try {
      run(input.text);
    } catch (error) {
      throw new Error(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\ninput: ${describeInput(input)}`);
    }
  };
}

/** Every feature of the language service, at positions spread over the text. */
function allFeatures(text: string, analysis: DocumentAnalysis, probes: number[]): void {
  const syntax = analysis.analysis.syntax;
  const lines = text.split('\n');
  const uri = 'file:///fuzz.bss2';
  documentSymbols(syntax);
  foldingRanges(syntax);
  semanticTokens(syntax);
  codeLenses(syntax, uri, { uri, experiment: 'e', duration_ms: 1, populations: { p: { size: 1, spikes: 1, mean_rate_hz: 1 } } });
  inlayHints(analysis);
  formatDocument(text);
  codeActions(text, uri, analysis, { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } });
  for (const p of probes) {
    const line = p % (lines.length + 1);
    const position = { line, character: (p >>> 8) % ((lines[line]?.length ?? 0) + 2) };
    hover(analysis, position);
    complete(text, position, syntax);
    definition(syntax, uri, position);
    references(syntax, uri, position, true);
    selectionRange(syntax, position);
  }
}

describe('robustness: parser, checker, mapper and language features never throw', function () {
  this.timeout(0);
  before(() => console.log(`      fuzz seed ${SEED}${SCALE > 1 ? `, ${SCALE} x the CI runs` : ''}; corpus of ${CORPUS.length} files (replay: FUZZ_SEED=${SEED})`));

  it(`parses and checks ${counts.windows} mutated windows of corpus files`, () => {
    fc.assert(
      fc.property(mutatedCorpusWindow(), guarded((text) => checkDiagnostics(text, analyze(text).diagnostics))),
      { seed: SEED + 4, numRuns: counts.windows },
    );
  });

  it(`parses and checks ${counts.mutatedAnalyze} mutated corpus files`, () => {
    fc.assert(
      fc.property(mutatedCorpusText(), guarded((text) => checkDiagnostics(text, analyze(text).diagnostics))),
      { seed: SEED, numRuns: counts.mutatedAnalyze },
    );
  });

  it(`parses and checks ${counts.generatedAnalyze} generated texts (code units, invalid UTF-8, deep nesting, token soup)`, () => {
    fc.assert(
      fc.property(generatedText(), guarded((text) => checkDiagnostics(text, analyze(text).diagnostics))),
      { seed: SEED + 1, numRuns: counts.generatedAnalyze },
    );
  });

  it(`maps ${counts.mapped} mutated corpus files onto the chip`, () => {
    fc.assert(
      fc.property(mutatedCorpusText(3), fc.boolean(), (input, spikeTrains) =>
        guarded((text) => checkDiagnostics(text, analyzeDocument(text, { generateSpikeTrains: spikeTrains }).diagnostics))(input),
      ),
      { seed: SEED + 2, numRuns: counts.mapped },
    );
  });

  it(`answers every language feature on ${counts.features} mutated corpus files`, () => {
    fc.assert(
      fc.property(mutatedCorpusText(3), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (input, probes) =>
        guarded((text) => allFeatures(text, analyzeDocument(text, { generateSpikeTrains: false }), probes))(input),
      ),
      { seed: SEED + 3, numRuns: counts.features },
    );
  });

  it('survives a 10 MB file, huge numbers, NUL bytes and invalid UTF-8', () => {
    const example = CORPUS.find((c) => c.name.endsWith('ei_network.bss2'))!.text;
    const cases: Array<{ source: string; text: string }> = [
      { source: '10 MB of an example', text: example.repeat(Math.ceil(10e6 / example.length)) },
      { source: '1 MB of an example', text: example.repeat(Math.ceil(1e6 / example.length)) },
      { source: '10 MB of one line', text: 'population p : AdEx[1] { tau_m = 20 ms } '.repeat(250_000) },
      { source: 'huge numbers', text: `experiment e { duration = ${'9'.repeat(5000)} ms, seed = 1e999 }\npopulation p : AdEx[${'9'.repeat(400)}] { tau_m = 1e-400 ms }\npopulation q : AdEx[4294967297]\nprojection p -> q { weight = 1e308, connector = fixed_indegree(1e308) }\n` },
      { source: 'NUL bytes', text: 'experiment e\0 { duration = 1\0 ms }\n\0population p : AdEx[1]\0\n'.repeat(50) },
      { source: 'invalid UTF-8', text: Buffer.from([0x65, 0x78, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0x0a]).toString('utf8').repeat(1000) },
      { source: 'lone surrogates', text: 'population \uD800 : AdEx[1] { tau_m = 20 \uDFFF }\n'.repeat(100) },
      { source: 'deep nesting', text: `population p : AdEx[1] { tau_m = ${'['.repeat(200_000)} }` },
    ];
    for (const input of cases) {
      guarded((text) => {
        if (text.length > 2e6) {
          // Mapping 10 MB of repeated projections is linear but takes minutes; the syntax features and the
          // checks run on all of it, the mapper on the first megabyte below.
          const analysis = analyze(text);
          checkDiagnostics(text, analysis.diagnostics);
          documentSymbols(analysis.syntax);
          semanticTokens(analysis.syntax);
          foldingRanges(analysis.syntax);
          return;
        }
        const analysis = analyzeDocument(text, { generateSpikeTrains: false });
        checkDiagnostics(text, analysis.diagnostics);
        allFeatures(text, analysis, [0, 12345, 99999999]);
      })(input);
    }
  });

  it('runs every regression case through the whole pipeline', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'regressions');
    const files = readdirSync(dir).filter((f) => f.endsWith('.bss2'));
    assert.ok(files.length > 0, 'regression cases exist');
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      guarded((t) => {
        const analysis = analyzeDocument(t);
        checkDiagnostics(t, analysis.diagnostics);
        allFeatures(t, analysis, [0, 1 << 8, 3, 77777]);
      })({ source: file, text });
    }
  });
});
