/**
 * The language server over stdio with a real LSP client connection: diagnostics as the user types, published
 * with the document version, never stale, cleared when the file is fixed or closed.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification, ExitNotification, InitializedNotification, InitializeRequest,
  PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const server = join(__dirname, '..', '..', '..', 'dist', 'server.js');
const uri = 'file:///work/experiment.bss2';
const header = 'experiment e { duration = 10 ms }\n';

class Client {
  readonly connection: ProtocolConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: Array<() => void> = [];

  constructor(readonly child: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.listen();
  }

  /** Waits for a publication that satisfies `test`. */
  async until(test: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.published.find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching diagnostics; got ${JSON.stringify(this.published.map((p) => [p.version, p.diagnostics.length]))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
}

describe('language server: diagnostics over stdio', function () {
  this.timeout(20000);
  let client: Client;

  beforeEach(async () => {
    client = new Client(spawn(process.execPath, [server, '--stdio']));
    const init = await client.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(init.serverInfo?.name, 'bss2-language-server');
    await client.connection.sendNotification(InitializedNotification.type, {});
  });

  afterEach(async () => {
    await client.connection.sendRequest(ShutdownRequest.type);
    await client.connection.sendNotification(ExitNotification.type);
    client.connection.dispose();
    client.child.kill();
  });

  it('reports syntax, unit and chip errors with codes, versions and links to their documentation', async () => {
    const text = 'experiment e { duration = 10 ms }\npopulation p : AdEx[600] { tau_m = 20 mV }\n';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'bss2', version: 1, text } });
    const p = await client.until((x) => x.uri === uri && x.diagnostics.length >= 2);
    assert.equal(p.version, 1);
    const codes = p.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('BSS2-E017'), `a time was expected for tau_m: ${codes.join(', ')}`);
    assert.ok(codes.some((c) => typeof c === 'string' && c.startsWith('BSS2-E1')), `the chip limit on neurons: ${codes.join(', ')}`);
    const unit = p.diagnostics.find((d) => d.code === 'BSS2-E017')!;
    assert.equal(unit.range.start.line, 1);
    assert.equal(unit.source, 'bss2');
    assert.match(unit.codeDescription?.href ?? '', /docs\/diagnostics\.md#bss2-e017$/);
  });

  it('publishes only the newest version after rapid edits, and clears when fixed and when closed', async () => {
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'bss2', version: 1, text: `${header}population p : AdEx[0]\n` },
    });
    for (let version = 2; version <= 20; version++) {
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text: version < 20 ? `${header}population p : AdEx[${version % 2 === 0 ? 0 : 'x'}]\n` : `${header}population p : AdEx[4]\n` }],
      });
    }
    const fixed = await client.until((x) => x.version === 20);
    assert.deepEqual(fixed.diagnostics, []);
    const versions = client.published.filter((x) => x.uri === uri).map((x) => x.version ?? 0);
    assert.ok(versions.length < 5, `debounced: ${versions.length} publications for 20 versions`);
    assert.deepEqual([...versions].sort((a, b) => a - b), versions, 'never an older version after a newer one');
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    const closed = await client.until((x) => x.uri === uri && x.version === undefined && x.diagnostics.length === 0);
    assert.deepEqual(closed.diagnostics, []);
  });
});
