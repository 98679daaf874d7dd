/**
 * CodeLens over stdio: Run / Debug / Show plots above the experiment, each population and each plasticity
 * block; the statistics of the last run (`bss2/runStatistics`) above each population, kept across edits,
 * keyed by name, refreshed through `workspace/codeLens/refresh`; malformed statistics are ignored and logged.
 */
import assert from 'node:assert/strict';
import { CodeLensRefreshRequest, CodeLensRequest, LogMessageNotification, type CodeLens, type LogMessageParams } from 'vscode-languageserver-protocol/node';
import { RunStatisticsNotification, type RunStatisticsParams } from '../../../common/protocol/languageServer';
import { exampleText, positionOf, serverForSuite, type LspClient } from './lspClient';

describe('language server: CodeLens and run statistics', function () {
  this.timeout(20000);
  let refreshes = 0;
  const logs: string[] = [];
  const client = serverForSuite([], { workspace: { codeLens: { refreshSupport: true } } }, (c: LspClient) => {
    c.connection.onRequest(CodeLensRefreshRequest.method, () => {
      refreshes++;
      return null;
    });
    c.connection.onNotification(LogMessageNotification.method, (p: LogMessageParams) => {
      logs.push(p.message);
    });
  });

  /** Each lens as "line: title -> command(args)". */
  async function lensesOf(uri: string): Promise<string[]> {
    const lenses = ((await client().connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? []) as CodeLens[];
    return lenses.map((l) => `${l.range.start.line}: ${l.command?.title} -> ${l.command?.command}(${(l.command?.arguments ?? []).join(',')})`);
  }

  async function until(test: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('advertises CodeLens', () => {
    assert.deepEqual(client().initializeResult?.capabilities.codeLensProvider, { resolveProvider: false });
  });

  it('offers Run, Debug and Show plots above the experiment, each population and each plasticity block', async () => {
    const uri = 'file:///work/stdp.bss2';
    const text = exampleText('stdp.bss2');
    await client().open(uri, text);
    const line = (needle: string) => positionOf(text, needle).line;
    const lenses = await lensesOf(uri);
    const at = (line: number) => lenses.filter((l) => l.startsWith(`${line}: `)).map((l) => l.slice(l.indexOf(' ') + 1));
    const args = `(${uri})`;
    assert.deepEqual(at(line('experiment stdp')), [
      `Run -> bss2.runExperiment${args}`, `Debug -> bss2.debugExperiment${args}`, `Show plots -> bss2.showPlots${args}`, `Export to PyNN… -> bss2.exportPyNN${args}`,
    ]);
    for (const l of [line('population drive'), line('population cell')]) assert.deepEqual(at(l), [`Run -> bss2.runExperiment${args}`, `Debug -> bss2.debugExperiment${args}`, `Show plots -> bss2.showPlots${args}`]);
    assert.deepEqual(at(line('plasticity stdp')), [
      `Run -> bss2.runExperiment${args}`, `Debug -> bss2.debugExperiment${args}`, `Show plots -> bss2.showPlots${args}`, `Show weights -> bss2.showWeights${args}`,
    ]);
    assert.deepEqual(at(line('projection drive')), [], 'no lens above a projection');
  });

  it('shows the spike count and mean rate after a run, keeps them across edits and drops them for a renamed population', async () => {
    const uri = 'file:///work/stats.bss2';
    const text = 'experiment e { duration = 100 ms }\npopulation drive : Poisson[4] { rate = 10 Hz }\npopulation cell : AdEx[2]\nprojection drive -> cell { weight = 10 }\n';
    await client().open(uri, text);
    assert.ok(!(await lensesOf(uri)).some((l) => l.includes('spikes')), 'no statistics before a run');
    const before = refreshes;
    const stats: RunStatisticsParams = {
      uri, experiment: 'e', duration_ms: 100,
      populations: { drive: { size: 4, spikes: 412, mean_rate_hz: 8.24 }, cell: { size: 2, spikes: 1, mean_rate_hz: 5 } },
    };
    await client().connection.sendNotification(RunStatisticsNotification.type, stats);
    await until(() => refreshes > before, 'workspace/codeLens/refresh');
    const lenses = await lensesOf(uri);
    assert.ok(lenses.includes('1: 412 spikes · 8.2 Hz mean -> bss2.showRaster(' + uri + ')'), lenses.join('\n'));
    assert.ok(lenses.includes('2: 1 spike · 5 Hz mean -> bss2.showRaster(' + uri + ')'), lenses.join('\n'));

    // An edit that breaks the file keeps the lenses and the statistics; renaming `cell` loses its statistics.
    await client().replace(uri, text.replace('population cell : AdEx[2]', 'population neurons : AdEx[2] { tau_m = }') + 'oops\n');
    const edited = await lensesOf(uri);
    assert.ok(edited.includes('1: 412 spikes · 8.2 Hz mean -> bss2.showRaster(' + uri + ')'), edited.join('\n'));
    assert.ok(!edited.some((l) => l.startsWith('2: 1 spike')), edited.join('\n'));
    assert.ok(edited.includes(`2: Run -> bss2.runExperiment(${uri})`), 'lenses stay in a file with errors');
  });

  it('ignores and logs a malformed statistics notification, and keeps serving', async () => {
    const uri = 'file:///work/malformed.bss2';
    await client().open(uri, 'experiment e { duration = 10 ms }\npopulation cell : AdEx[2]\n');
    const before = refreshes;
    for (const bad of [
      null, 42, { uri }, { uri, experiment: 'e', duration_ms: 10, populations: { cell: { size: 2, spikes: -1, mean_rate_hz: 1 } } },
      { uri, experiment: 'e', duration_ms: 'long', populations: {} },
    ]) {
      await client().connection.sendNotification(RunStatisticsNotification.method, bad as never);
    }
    await until(() => logs.filter((m) => m.includes('malformed bss2/runStatistics')).length >= 5, 'five warnings');
    assert.match(logs.find((m) => m.includes('spikes'))!, /populations\.cell\.spikes: expected an integer in 0\.\.Infinity, found -1/);
    assert.equal(refreshes, before, 'no refresh for a rejected notification');
    assert.ok(!(await lensesOf(uri)).some((l) => l.includes('spike')), 'no statistics from a rejected notification');
  });
});
