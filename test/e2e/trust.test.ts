/**
 * Workspace Trust: a folder the user has not trusted opens in Restricted Mode. The language features (parsing,
 * diagnostics) still work, but nothing is executed: invoking Run starts no emulator process.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorProcesses, openExample, openWorkbench, poll, problems, runCommand, type Workbench } from './workbench';

describe('untrusted workspace', function () {
  let bench: Workbench;

  // Where the workspace's own settings try to send results: outside the workspace.
  const outside = join(tmpdir(), `bss2-hostile-results-${process.pid}`);

  before(async function () {
    this.timeout(180_000);
    bench = await openWorkbench({
      trusted: false,
      // A hostile workspace: an experiment that would start the emulator, and settings that redirect its results.
      prepare: (workspace) => {
        writeFileSync(join(workspace, 'examples', 'hostile.bss2'), 'experiment hostile { duration = 100 ms }\npopulation p : Poisson[4] { rate = 10 Hz }\npopulation n : AdEx[4] { }\nprojection p -> n { connector = all_to_all, weight = 64, receptor = excitatory }\nrecord n : spikes\n');
        mkdirSync(join(workspace, '.vscode'));
        writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'bss2.results.folder': outside }));
      },
    });
  });
  after(async () => {
    await bench?.close();
  });

  it('opens in Restricted Mode', async () => {
    await bench.page.getByText('Restricted Mode').first().waitFor({ timeout: 30_000 });
  });

  it('still reports problems in a .bss2 file', async () => {
    await openExample(bench.page, 'hostile.bss2');
    await poll(
      async () => ((await problems(bench.page)).some((t) => t.includes('BSS2-E')) ? true : undefined),
      60_000,
      () => 'no BSS2 diagnostic in the Problems panel in Restricted Mode: the extension must declare capabilities.untrustedWorkspaces { supported: "limited" } and keep its language server running',
    );
  });

  it('starts no emulator process when Run is invoked', async () => {
    const page = bench.page;
    await openExample(page, 'adaptation.bss2');
    const seen = new Set<string>();
    const sampling = setInterval(() => emulatorProcesses(bench.server).forEach((p) => seen.add(p)), 50);
    const attempts: string[] = [];
    try {
      try {
        await runCommand(page, 'Run Experiment');
        attempts.push('Command Palette: Run Experiment');
      } catch {
        await page.keyboard.press('Escape');
        attempts.push('Command Palette: not offered');
      }
      const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: /^Run$/ }).first();
      if (await lens.isVisible().catch(() => false)) {
        await lens.click();
        attempts.push('CodeLens Run');
      } else attempts.push('CodeLens Run: not shown');
      await page.waitForTimeout(5000);
    } finally {
      clearInterval(sampling);
    }
    assert.deepEqual([...seen], [], `an emulator process started in an untrusted workspace (${attempts.join('; ')})`);
    assert.equal(existsSync(join(bench.workspace, 'results')), false, 'a results folder was written in an untrusted workspace');
    assert.equal(existsSync(outside), false, `results were written to ${outside}, where the untrusted workspace's settings pointed`);
    console.log(`      Run invoked via: ${attempts.join('; ')}; emulator processes: none`);
  });
});
