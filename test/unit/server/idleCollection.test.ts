/**
 * The language server's idle-time garbage collection (server/lsp/idleCollection.ts), in a Node process started
 * with the server's own flags (SERVER_EXEC_ARGV) and, for contrast, without them.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SERVER_EXEC_ARGV } from '../../../server/lsp/serverProcess';

const moduleFile = join(__dirname, '..', '..', '..', 'server', 'lsp', 'idleCollection.ts');

/** Calls collectWhenIdle() three times in one turn and reports the collections V8 was asked for. */
function collectionsIn(flags: readonly string[]): { calls: Array<string | undefined>; exposed: boolean } {
  const script = `
    const real = globalThis.gc;
    const calls = [];
    if (real) globalThis.gc = (options) => { calls.push(options && options.type); real(options); };
    import(${JSON.stringify(moduleFile)}).then((m) => {
      // The project's modules are CommonJS: their exports arrive as the default export of an ES import.
      const { collectWhenIdle } = m.default ?? m;
      collectWhenIdle(); collectWhenIdle(); collectWhenIdle();
      setTimeout(() => process.stdout.write(JSON.stringify({ calls, exposed: typeof real === 'function' })), 50);
    });`;
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as { calls: Array<string | undefined>; exposed: boolean };
}

describe('language server: garbage collection in idle time', function () {
  this.timeout(30000);

  it('collects once after several publishes in one turn, with the flags the extension starts the server with', () => {
    const result = collectionsIn(SERVER_EXEC_ARGV);
    assert.equal(result.exposed, true, 'SERVER_EXEC_ARGV exposes gc');
    assert.deepEqual(result.calls, ['major'], 'one collection for three requests');
  });

  it('does nothing (and does not fail) when the server was started without --expose-gc', () => {
    assert.deepEqual(collectionsIn([]), { calls: [], exposed: false });
  });
});
