/**
 * `record ... @ madc` / `@ cadc`: the converter a record statement asks for, through the real pipeline (parser,
 * checker, mapper, emulator). The MADC limits (two neurons, columns of different parity, sample memory) are
 * errors at the request; without a suffix the mapper chooses as before.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateChipConfiguration } from '../../../common/chip/validate';
import { EmulatorSession } from '../../../emulator/session';
import { analyzeDocument } from '../../../server/analysis';
import { parse } from '../../../server/language/parser';
import { formatText } from '../../../server/languageService/formatting';
import { classify } from '../../../server/languageService/semanticTokens';
import { complete } from '../../../server/languageService/completion';
import { hover } from '../../../server/languageService/hover';
import { MAPPER_CODES, MapperCode } from '../../../server/mapper/codes';

const BASE = 'experiment e { duration = 100 ms }\npopulation cell : AdEx[4]\n';

function diagnostics(text: string, code: string) {
  return analyzeDocument(text).diagnostics.filter((d) => d.code === code);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

describe('record statements: the converter after @', () => {
  it('parses `@ madc` into the syntax tree and the model, and keeps the statement without it unchanged', () => {
    const text = BASE + 'record cell[0] : spikes, v @ madc\nrecord cell[1] : v\n';
    const statements = parse(text).document.statements.filter((s) => s.kind === 'record');
    assert.equal(statements[0].kind === 'record' && statements[0].converter?.text, 'madc');
    assert.equal(statements[1].kind === 'record' && statements[1].converter, undefined);
    const analysis = analyzeDocument(text);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(analysis.analysis.experiment?.recordings.map((r) => r.converter), ['madc', undefined]);
  });

  it('reports a missing or unknown converter at its place, and an @ elsewhere as a syntax error', () => {
    const missing = analyzeDocument(BASE + 'record cell[0] : v @\n').diagnostics;
    assert.deepEqual(missing.map((d) => [d.code, d.message]), [['BSS2-E003', 'expected the converter that records the analog variables (madc, cadc), found the end of the line']]);
    const stray = analyzeDocument(BASE + 'population q : AdEx[1] @ madc\n').diagnostics;
    assert.ok(stray.some((d) => d.code === 'BSS2-E003' && /'@'/.test(d.message)), JSON.stringify(stray.map((d) => d.message)));
  });

  it('without a suffix, the first two membranes of different column parity still go to the MADC', () => {
    const config = analyzeDocument(BASE + 'record cell : v\n').configuration!;
    assert.deepEqual(config.recording.madc.map((c) => c.column), [0, 1]);
    assert.deepEqual(config.recording.cadc.map((c) => c.column), [2, 3]);
  });

  it('`@ cadc` puts membranes on the CADC, and the emulator samples them at the CADC period', () => {
    const text = BASE + 'record cell[0..2] : v @ cadc\n';
    const config = analyzeDocument(text).configuration!;
    assert.deepEqual(config.recording.madc, []);
    assert.deepEqual(config.recording.cadc.map((c) => [c.column, c.observable]), [[0, 'v'], [1, 'v']]);
    const session = new EmulatorSession();
    session.load(config);
    assert.equal(session.advance(Infinity, Infinity), 'reached');
    const traces = session.results().traces;
    assert.deepEqual(traces.map((t) => t.device), ['cadc', 'cadc']);
    // 1.7 us hardware = 1.7 ms biological, on the emulator's 0.1 ms grid.
    for (const t of traces) assert.ok(Math.abs(t.dt_ms - 1.7) < 1e-9, `dt_ms ${t.dt_ms}`);
  });

  it('`@ madc` takes an explicit request before the automatic choice, for any analog variable, at the MADC rate', () => {
    const text = BASE + 'record cell : v\nrecord cell[3] : w @ madc\n';
    const analysis = analyzeDocument(text);
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 1), []);
    const config = analysis.configuration!;
    assert.deepEqual(validateChipConfiguration(config), []);
    // cell[3] (column 3, odd) is asked for; the automatic choice then adds cell[0] (even).
    assert.deepEqual(config.recording.madc.map((c) => [c.column, c.observable]), [[3, 'w'], [0, 'v']]);
    const session = new EmulatorSession();
    session.load(config);
    assert.equal(session.advance(Infinity, Infinity), 'reached');
    const w = session.results().traces.find((t) => t.variable === 'w');
    assert.equal(w?.device, 'madc');
    assert.ok(w && Math.abs(w.dt_ms - 0.1) < 1e-9, `MADC traces come at the 0.1 ms step, found ${w?.dt_ms}`);
  });

  it('more than two neurons on the MADC is an error at the request that overflows, counting every statement', () => {
    const text = BASE + 'record cell[0] : v @ madc\nrecord cell[1..4] : v @ madc\n';
    const [d, ...rest] = diagnostics(text, MapperCode.MadcTooManyNeurons);
    assert.equal(rest.length, 0);
    const line = lineOf(text, 'cell[1..4]');
    assert.deepEqual(d.range, { start: { line, character: 24 }, end: { line, character: 28 } });
    assert.match(d.message, /^4 neurons are recorded on the MADC \(3 by this statement\); it records at most 2/);
    assert.equal(d.relatedInformation?.length, 1);
    assert.equal(d.relatedInformation![0].range.start.line, lineOf(text, 'cell[0] :'));
    assert.equal(d.data?.requested, 4);
  });

  it('two MADC neurons in columns of the same parity is an error naming the columns', () => {
    const text = BASE + 'record cell[0] : v @ madc\nrecord cell[2] : v @ madc\n';
    const [d, ...rest] = diagnostics(text, MapperCode.MadcParity);
    assert.equal(rest.length, 0);
    assert.equal(d.range.start.line, lineOf(text, 'cell[2]'));
    assert.match(d.message, /cell\[0\] and cell\[2\] are placed in columns 0 and 2, both even/);
    assert.match(d.message, /MADCReadoutView sources can't both be located in even or odd neuron columns/);
    assert.deepEqual(d.data?.columns, [0, 2]);
    assert.equal(d.relatedInformation?.[0].range.start.line, lineOf(text, 'cell[0]'));
    // Neighbours are fine.
    assert.deepEqual(diagnostics(BASE + 'record cell[0..2] : v @ madc\n', MapperCode.MadcParity), []);
  });

  it('one neuron with two observables on the MADC is an error (one readout line per neuron)', () => {
    const [d] = diagnostics(BASE + 'record cell[0] : v, w @ madc\n', MapperCode.MadcParity);
    assert.match(d.message, /cell\[0\] is recorded on the MADC with v and w/);
  });

  it('warns when an MADC trace outlasts the sample memory (65 535 samples, 2228 ms biological)', () => {
    const long = 'experiment e { duration = 3 s }\npopulation cell : AdEx[1]\nrecord cell : v @ madc\n';
    const [d] = diagnostics(long, MapperCode.MadcSampleMemory);
    assert.match(d.message, /65535 samples.*2228 ms biological.*lasts 3000 ms/);
    assert.equal(diagnostics(long.replace('3 s', '2 s'), MapperCode.MadcSampleMemory).length, 0);
    assert.equal(diagnostics(long.replace('@ madc', ''), MapperCode.MadcSampleMemory).length, 0, 'the automatic choice does not warn');
  });

  it('each documented example of the MADC codes reports its code', () => {
    for (const code of [MapperCode.MadcTooManyNeurons, MapperCode.MadcParity, MapperCode.MadcSampleMemory]) {
      const info = MAPPER_CODES.find((c) => c.code === code)!;
      const codes = analyzeDocument(info.example).diagnostics.map((d) => d.code);
      assert.ok(codes.includes(code), `${code}: ${codes.join(', ')}`);
    }
  });

  it('the formatter leaves the suffix as written, and every example still round-trips', () => {
    const text = BASE + 'record cell[0] : spikes, v @ madc\nrecord cell : w @cadc   # slow\n';
    assert.equal(formatText(text), text);
    const dir = join(__dirname, '..', '..', '..', 'examples');
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.bss2'))) {
      const example = readFileSync(join(dir, f), 'utf8');
      assert.equal(formatText(example), example, f);
    }
  });

  it('classifies the converter as an enum member, completes it after @ and explains it on hover', () => {
    const text = BASE + 'record cell[0] : v @ madc\n';
    const line = lineOf(text, '@ madc');
    const document = parse(text).document;
    const token = classify(document).find((t) => t.range.start.line === line && t.range.start.character === 21);
    assert.equal(token?.type, 'enumMember');
    const items = complete(BASE + 'record cell[0] : v @ ', { line, character: 21 }, document);
    assert.deepEqual(items.map((i) => i.label), ['madc', 'cadc']);
    const h = hover(analyzeDocument(text), { line, character: 22 });
    const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(value, /\*\*@ madc\*\*: The fast ADC/);
    assert.match(value, /On the MADC \(mapped\): cell\[0\] v \(column 0\)/);
  });
});
