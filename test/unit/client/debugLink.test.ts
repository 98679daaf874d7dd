/**
 * The extension's side of the debugger: F5 without a launch.json, launch.json entries checked field by field, and
 * the adapter's `bss2.results` event read and handed to the panels. The last test starts the real adapter
 * (dist/debugAdapter.js, needs `npm run build`) with a configuration completed here and reads its real event.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { completeLaunchConfiguration, fillLaunchConfiguration, initialLaunchConfigurations, readResultsEvent, RESULTS_EVENT } from '../../../client/debugging/debugLink';
import { PanelFeed } from '../../../client/panels/panelFeed';
import { validateToPanel } from '../../../common/protocol/webview';
import { root, sampleResults } from './helpers';

const program = join(root, 'test', 'unit', 'debug', 'fixtures', 'stepping.bss2');

describe('client: debugging from the extension', () => {
  it('fills an empty configuration (F5 without launch.json) for the experiment in the editor', () => {
    const filled = fillLaunchConfiguration({}, '/ws/synfire.bss2');
    assert.deepEqual(filled, { type: 'bss2', request: 'launch', name: 'Debug experiment', program: '/ws/synfire.bss2', stopOnEntry: true });
    const done = completeLaunchConfiguration({}, '/ws/synfire.bss2');
    assert.ok(done.ok);
    assert.equal(done.configuration.program, '/ws/synfire.bss2');
    assert.equal(done.configuration.stopOnEntry, true);
  });

  it('keeps what a launch.json entry says, and the fields VS Code adds', () => {
    const entry = { type: 'bss2', request: 'launch', name: 'seeded', program: '/ws/a.bss2', stopOnEntry: false, seed: 7, stepDuration: 1, __sessionId: 'x' };
    assert.equal(fillLaunchConfiguration(entry, '/ws/other.bss2'), entry);
    const done = completeLaunchConfiguration(entry, '/ws/other.bss2');
    assert.ok(done.ok);
    assert.deepEqual(done.configuration, entry);
    const nullSeed = completeLaunchConfiguration({ ...entry, seed: null }, undefined);
    assert.ok(nullSeed.ok);
    assert.equal('seed' in nullSeed.configuration, false);
  });

  it('refuses a broken entry with a message that names each field', () => {
    const done = completeLaunchConfiguration({ type: 'bss2', request: 'attach', name: 'x', program: 'rel/a.bss2', seed: -1, stepDuration: 0 }, undefined);
    assert.equal(done.ok, false);
    const error = (done as { error: string }).error;
    for (const field of ['"request"', '"program" must be an absolute path', '"seed"', '"stepDuration"']) assert.ok(error.includes(field), `${field} in: ${error}`);
    const noFile = completeLaunchConfiguration({ type: 'bss2', request: 'launch', name: 'x', program: '${file}' }, undefined);
    assert.equal(noFile.ok, false);
    assert.match((noFile as { error: string }).error, /"program" is missing/);
    assert.equal(completeLaunchConfiguration({ type: 'bss2', request: 'launch', name: 'x', program: '/ws/notes.txt' }, undefined).ok, false);
  });

  it('offers the default configuration for a new launch.json', () => {
    assert.deepEqual(initialLaunchConfigurations(), [{ type: 'bss2', request: 'launch', name: 'Debug experiment', program: '${file}', stopOnEntry: true }]);
  });

  it('reads a bss2.results body, and refuses malformed ones naming the field', () => {
    const results = sampleResults();
    const good = readResultsEvent({ program: '/ws/a.bss2', time_ms: 12.5, reason: 'breakpoint', results });
    assert.ok(good.ok);
    assert.equal(good.event.results, results);
    const cases: Array<[unknown, RegExp]> = [
      [null, /must be an object/],
      [[], /must be an object/],
      [{ program: 1, time_ms: 0, reason: 'entry', results }, /program:/],
      [{ program: '/a.bss2', time_ms: -1, reason: 'entry', results }, /time_ms:/],
      [{ program: '/a.bss2', time_ms: Number.NaN, reason: 'entry', results }, /time_ms:/],
      [{ program: '/a.bss2', time_ms: 0, results }, /reason:/],
      [{ program: '/a.bss2', time_ms: 0, reason: 'entry', results: { ...results, duration_ms: 'long' } }, /results\..*duration_ms/],
      [{ program: '/a.bss2', time_ms: 0, reason: 'entry' }, /results/],
    ];
    for (const [body, expected] of cases) {
      const read = readResultsEvent(body);
      assert.equal(read.ok, false, JSON.stringify(body)?.slice(0, 80));
      assert.match((read as { error: string }).error, expected);
      assert.ok((read as { error: string }).error.startsWith(`${RESULTS_EVENT}: `));
    }
  });

  describe('with the real debug adapter', function () {
    this.timeout(120000);
    let dc: DebugClient;
    beforeEach(async () => {
      dc = new DebugClient('node', join(root, 'dist', 'debugAdapter.js'), 'bss2');
      dc.defaultTimeout = 45000;
      await dc.start();
    });
    afterEach(async () => {
      await dc.stop();
    });

    it('an F5-completed configuration starts a session whose stop results reach the panels, validated', async () => {
      const done = completeLaunchConfiguration({}, program);
      assert.ok(done.ok);
      const [event] = await Promise.all([
        dc.waitForEvent(RESULTS_EVENT),
        dc.waitForEvent('initialized').then(() => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 't = 30 ms' }] })).then(() => dc.configurationDoneRequest()),
        dc.launch({ ...done.configuration, stopOnEntry: false }),
      ]);
      const read = readResultsEvent(event.body);
      assert.ok(read.ok, (read as { error?: string }).error);
      assert.equal(read.event.program, program);
      assert.equal(read.event.time_ms, 30);
      assert.ok(Object.values(read.event.results.populations).every((p) => p.spikes.time_ms.every((t) => t <= 30)));
      const messages = new PanelFeed().showResults(read.event.results);
      assert.ok(messages.length >= 1);
      for (const m of messages) assert.ok(validateToPanel(m).ok, `${m.type} must pass the panel's check`);
    });
  });
});
