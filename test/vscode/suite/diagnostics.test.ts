import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostics, diagnosticCode, exampleText, openExperiment, waitFor } from './helpers';

/** The adaptation example with one projection weight above the chip's 6-bit synapse weight (0..63). */
function brokenAdaptation(): string {
  const text = exampleText('adaptation');
  const broken = text.replace(/weight(\s*)=(\s*)20\b/, 'weight$1=$264');
  assert.notEqual(broken, text, 'examples/adaptation.bss2 no longer has `weight = 20`; update this test');
  return broken;
}

describe('diagnostics', () => {
  it('reports a weight above 63 at the value, with its code and the chip limit', async () => {
    const document = await openExperiment(brokenAdaptation(), 'weight64');
    const expectedLine = document.getText().split('\n').findIndex((l) => /weight\s*=\s*64\b/.test(l));
    const found = await waitFor(
      () => vscode.languages.getDiagnostics(document.uri).find((d) => diagnosticCode(d) === 'BSS2-E102'),
      30_000,
      () => `expected BSS2-E102 on line ${expectedLine + 1}; have ${describeDiagnostics(vscode.languages.getDiagnostics(document.uri))}`,
    );
    assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(found.range.start.line, expectedLine);
    assert.equal(document.getText(found.range), '64');
    assert.match(found.message, /63/);
  });

  it('clears the error when the edit is undone', async () => {
    const document = await openExperiment(brokenAdaptation(), 'weight64-fix');
    await waitFor(
      () => (vscode.languages.getDiagnostics(document.uri).some((d) => diagnosticCode(d) === 'BSS2-E102') ? true : undefined),
      30_000,
      () => `expected BSS2-E102; have ${describeDiagnostics(vscode.languages.getDiagnostics(document.uri))}`,
    );
    const offset = document.getText().search(/weight\s*=\s*64\b/);
    const valueAt = document.getText().indexOf('64', offset);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(valueAt), document.positionAt(valueAt + 2)), '20');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(
      () => (vscode.languages.getDiagnostics(document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error) ? undefined : true),
      30_000,
      () => `errors remain after the fix: ${describeDiagnostics(vscode.languages.getDiagnostics(document.uri))}`,
    );
  });

  it('reports a syntax error where it is', async () => {
    const document = await openExperiment('experiment broken {\n    duration = 10 ms\n\npopulation p : AdEx[2] { }\n', 'syntax');
    const errors = await waitFor(
      () => {
        const list = vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        return list.length > 0 ? list : undefined;
      },
      30_000,
      () => `expected an error for the unclosed '{'; have ${describeDiagnostics(vscode.languages.getDiagnostics(document.uri))}`,
    );
    assert.ok(errors.every((d) => /^BSS2-E\d{3}$/.test(diagnosticCode(d))), describeDiagnostics(errors));
  });
});
