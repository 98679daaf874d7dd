/**
 * Quick fixes over stdio: for each kind of fix, the edit the server returns is applied to the text and the
 * result analysed again; the diagnostic the fix answers must be gone.
 */
import assert from 'node:assert/strict';
import { CodeActionKind, CodeActionRequest, type CodeAction, type TextEdit } from 'vscode-languageserver-protocol/node';
import { analyzeDocument } from '../../../server/analysis';
import { serverForSuite } from './lspClient';

const BASE = 'experiment e { duration = 100 ms }\npopulation src : Poisson[4] { rate = 10 Hz }\n';

function offsetOf(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
  return offset + p.character;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  let result = text;
  for (const e of sorted) result = result.slice(0, offsetOf(text, e.range.start)) + e.newText + result.slice(offsetOf(text, e.range.end));
  return result;
}

describe('language server: quick fixes', function () {
  this.timeout(20000);
  const client = serverForSuite();

  let counter = 0;
  /** The quick fixes offered for the (first) diagnostic `code` of `text`. */
  async function fixesFor(text: string, code: string, occurrence = 0): Promise<{ uri: string; actions: CodeAction[] }> {
    const diagnostic = analyzeDocument(text).diagnostics.filter((d) => d.code === code)[occurrence];
    assert.ok(diagnostic, `the text reports ${code}`);
    const uri = `file:///work/fix${counter++}.bss2`;
    await client().open(uri, text);
    const result = await client().connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [] },
    });
    const actions = (result ?? []).filter((a): a is CodeAction => 'kind' in a && a.diagnostics?.some((d) => d.code === code) === true);
    return { uri, actions };
  }

  /** Applies the fix whose title matches, asserts the diagnostic is gone and returns the fixed text. */
  async function applyFix(text: string, code: string, title: RegExp, preferred?: boolean, occurrence = 0): Promise<string> {
    const { uri, actions } = await fixesFor(text, code, occurrence);
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `a fix '${title}' among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(action.kind, CodeActionKind.QuickFix);
    if (preferred !== undefined) assert.equal(action.isPreferred === true, preferred);
    const edits = action.edit?.changes?.[uri];
    assert.ok(edits && edits.length > 0, 'the fix carries a workspace edit for the document');
    const fixed = applyEdits(text, edits);
    const left = analyzeDocument(fixed).diagnostics.filter((d) => d.code === code);
    assert.deepEqual(left.map((d) => d.message), [], `after '${action.title}':\n${fixed}`);
    return fixed;
  }

  it('advertises quick fixes in its capabilities', () => {
    assert.deepEqual(client().initializeResult?.capabilities.codeActionProvider, { codeActionKinds: [CodeActionKind.QuickFix] });
  });

  it('renames an unknown parameter to the suggestion (BSS2-E012)', async () => {
    const fixed = await applyFix(BASE + 'population p : AdEx[1] { tau_mm = 20 ms }\n', 'BSS2-E012', /Change to 'tau_m'/, true);
    assert.match(fixed, /\{ tau_m = 20 ms \}/);
  });

  it('replaces an unknown unit and an undefined population by the suggestion (BSS2-E016, BSS2-E013)', async () => {
    assert.match(await applyFix(BASE + 'population p : AdEx[1] { tau_m = 20 mss }\n', 'BSS2-E016', /Change to 'ms'/, true), /tau_m = 20 ms /);
    assert.match(await applyFix(BASE + 'population p : AdEx[1]\nprojection srcc -> p { weight = 5 }\n', 'BSS2-E013', /Change to 'src'/), /projection src -> p/);
  });

  it('adds a missing unit (BSS2-E018)', async () => {
    const fixed = await applyFix(BASE + 'population p : AdEx[1] { tau_m = 20 }\n', 'BSS2-E018', /Add the unit ms/, true);
    assert.match(fixed, /tau_m = 20 ms \}/);
    assert.equal(analyzeDocument(fixed).configuration !== undefined, true, 'the fixed file maps');
  });

  it('replaces a unit of the wrong dimension by the unit of the parameter (BSS2-E017)', async () => {
    const fixed = await applyFix(BASE + 'population p : AdEx[1] { tau_m = 20 mV }\n', 'BSS2-E017', /Change the unit to ms/, true);
    assert.match(fixed, /tau_m = 20 ms \}/);
    assert.match(await applyFix(BASE + 'population p : AdEx[1] { cm = 200 ms }\n', 'BSS2-E017', /Change the unit to pF/, true), /cm = 200 pF/);
  });

  it('clamps a language range error to its bound (BSS2-E020)', async () => {
    assert.match(await applyFix(BASE + 'population p : AdEx[0]\n', 'BSS2-E020', /nearest legal value, 1$/), /AdEx\[1\]/);
  });

  it('clamps analog parameters to the nearest value the chip can be set to, with their unit (BSS2-E111)', async () => {
    assert.match(await applyFix(BASE + 'population p : AdEx[1] { tau_m = 5 s }\n', 'BSS2-E111', /nearest legal value, 2000 ms/, true), /tau_m = 2000 ms/);
    assert.match(await applyFix(BASE + 'population p : AdEx[1] { tau_m = 0.01 ms }\n', 'BSS2-E111', /nearest legal value, 0\.1 ms/), /tau_m = 0\.1 ms/);
    // A bound reached through the voltage mapping is not a round number; the written value must still be legal.
    // (The first E111 is v_init, which follows v_rest and has no value of its own to edit.)
    const voltage = BASE + 'population p : AdEx[1] { v_rest = -200 mV }\n';
    assert.deepEqual((await fixesFor(voltage, 'BSS2-E111', 0)).actions, []);
    await applyFix(voltage, 'BSS2-E111', /nearest legal value, -91\.66\d* mV/, true, 1);
  });

  it('clamps a background rate and a population that does not fit (BSS2-E109, BSS2-E101)', async () => {
    const background = 'population bg : BackgroundPoisson[4] { rate = 1000 kHz }\npopulation p : AdEx[1]\nprojection bg -> p { weight = 5 }\n';
    assert.match(await applyFix(BASE + background, 'BSS2-E109', /nearest legal value, 62500 Hz/), /rate = 62500 Hz/);
    assert.match(await applyFix(BASE + 'population a : AdEx[400]\npopulation b : AdEx[200]\n', 'BSS2-E101', /nearest legal value, 112$/), /population b : AdEx\[112\]/);
  });

  it('removes a delay on its own line and inside a one-line block (BSS2-E103)', async () => {
    const ownLine = BASE + 'population p : AdEx[1]\nprojection src -> p {\n    weight = 20\n    delay  = 1 ms\n}\n';
    assert.equal(await applyFix(ownLine, 'BSS2-E103', /Remove 'delay'/, true), BASE + 'population p : AdEx[1]\nprojection src -> p {\n    weight = 20\n}\n');
    const inline = BASE + 'population p : AdEx[1]\nprojection src -> p { weight = 20, delay = 1 ms }\n';
    assert.equal(await applyFix(inline, 'BSS2-E103', /Remove 'delay'/), BASE + 'population p : AdEx[1]\nprojection src -> p { weight = 20 }\n');
    const first = BASE + 'population p : AdEx[1]\nprojection src -> p { delay = 1 ms, weight = 20 }\n';
    assert.equal(await applyFix(first, 'BSS2-E103', /Remove 'delay'/), BASE + 'population p : AdEx[1]\nprojection src -> p { weight = 20 }\n');
  });

  it('splits a weight above 63 across rows, or clamps it to 63 (BSS2-E102)', async () => {
    const multiLine = BASE + 'population p : AdEx[1]\nprojection src -> p {\n    weight = 80\n}\n';
    const split = await applyFix(multiLine, 'BSS2-E102', /split_weights = true \(2 rows/, false);
    assert.equal(split, BASE + 'population p : AdEx[1]\nprojection src -> p {\n    weight = 80\n    split_weights = true\n}\n');
    assert.ok(analyzeDocument(split).configuration, 'the split file maps');
    const inline = BASE + 'population p : AdEx[1]\nprojection src -> p { weight = 80 }\n';
    assert.match(await applyFix(inline, 'BSS2-E102', /split_weights = true/), /\{ weight = 80, split_weights = true \}/);
    const off = BASE + 'population p : AdEx[1]\nprojection src -> p { weight = 80, split_weights = false }\n';
    assert.match(await applyFix(off, 'BSS2-E102', /split_weights = true/), /split_weights = true \}/);
    assert.match(await applyFix(inline, 'BSS2-E102', /nearest legal value, 63$/, false), /\{ weight = 63 \}/);
  });

  it('moves an MADC request the chip cannot satisfy to the CADC (BSS2-E120, BSS2-E121, BSS2-W110)', async () => {
    const cells = 'population cell : AdEx[4]\n';
    const tooMany = BASE + cells + 'record cell : spikes, v @ madc\n';
    assert.equal(await applyFix(tooMany, 'BSS2-E120', /Record on the CADC instead/, true), BASE + cells + 'record cell : spikes, v @ cadc\n');
    const parity = BASE + cells + 'record cell[0] : v @ madc\nrecord cell[2] : v @ madc\n';
    const fixed = await applyFix(parity, 'BSS2-E121', /Record on the CADC instead/, true);
    assert.equal(fixed, BASE + cells + 'record cell[0] : v @ madc\nrecord cell[2] : v @ cadc\n');
    assert.deepEqual(analyzeDocument(fixed).configuration?.recording.madc.map((c) => c.column), [0], 'cell[0] stays on the MADC');
    const long = 'experiment e { duration = 3 s }\n' + cells + 'record cell[0] : v @ madc\n';
    assert.match(await applyFix(long, 'BSS2-W110', /Record on the CADC instead/, false), /record cell\[0\] : v @ cadc\n$/);
  });

  it('keeps the neurons the MADC accepted and moves the rest of the slice to the CADC (BSS2-E120)', async () => {
    const cells = 'population cell : AdEx[4]\n';
    const text = BASE + cells + 'record cell[0..3] : v @ madc\n';
    const fixed = await applyFix(text, 'BSS2-E120', /Move cell\[2\] to the CADC/, false);
    assert.equal(fixed, BASE + cells + 'record cell[0..2] : v @ madc\nrecord cell[2] : v @ cadc\n');
    const recording = analyzeDocument(fixed).configuration!.recording;
    assert.deepEqual(recording.madc.map((c) => c.column), [0, 1]);
    assert.deepEqual(recording.cadc.map((c) => c.column), [2]);
  });

  it('offers nothing for a clean example and nothing outside the requested range', async () => {
    const text = BASE + 'population p : AdEx[1] { tau_mm = 20 ms }\n';
    const uri = `file:///work/fix${counter++}.bss2`;
    await client().open(uri, text);
    const away = await client().connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(away, []);
  });
});
