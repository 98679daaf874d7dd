/**
 * The language server over stdio under malformed and mutated messages: more than 10,000 of them (invalid JSON,
 * wrong JSON-RPC envelopes, every method of the server with parameters replaced by arbitrary values, unknown
 * methods) must not end the process, every request among them gets an answer, and afterwards the server still
 * analyses a document correctly. Also: after up to three random incremental edits, the server's view of a
 * document equals a fresh analysis of the same text.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeDocument } from '../../../server/analysis';
import { documentSymbols } from '../../../server/languageService/symbols';
import { semanticTokens } from '../../../server/languageService/semanticTokens';
import { CORPUS, LONG, ROOT, SCALE, SEED, mutatedCorpusText } from './fuzzInputs';

const SERVER = join(ROOT, 'dist', 'server.js');

/** A raw JSON-RPC peer: writes any bytes as framed messages, reads framed answers. */
class RawPeer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly answers = new Map<number | string, { result?: unknown; error?: { code: number; message: string } }>();
  readonly notifications: Array<{ method: string; params: any }> = [];
  readonly serverRequests: Array<{ id: number | string; method: string }> = [];
  exitCode: number | null | undefined;
  stderr = '';
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];

  constructor() {
    this.child = spawn(process.execPath, [SERVER, '--stdio']);
    this.child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', (code) => (this.exitCode = code));
    this.child.stdin.on('error', () => undefined);
  }

  writeBody(body: string | Buffer): void {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]));
  }

  send(message: unknown): void {
    this.writeBody(JSON.stringify(message));
  }

  async waitFor(test: () => boolean, timeoutMs = 30000, what = 'an answer'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (this.exitCode !== undefined) throw new Error(`the server exited (code ${this.exitCode}) while waiting for ${what}; stderr: ${this.stderr.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async request(id: number, method: string, params: unknown): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
    this.send({ jsonrpc: '2.0', id, method, params });
    await this.waitFor(() => this.answers.has(id), 30000, `the answer to ${method}`);
    return this.answers.get(id)!;
  }

  stop(): void {
    this.child.kill();
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) break;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if ('method' in message && 'id' in message) {
        // A request of the server (configuration, refresh): answer it so that it does not wait.
        this.serverRequests.push({ id: message.id, method: message.method });
        this.send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? [null] : null });
      } else if ('method' in message) this.notifications.push({ method: message.method, params: message.params });
      else this.answers.set(message.id, { result: message.result, error: message.error });
    }
    for (const w of this.waiters.splice(0)) w();
  }
}

const REQUESTS = [
  'textDocument/completion', 'textDocument/hover', 'textDocument/documentSymbol', 'workspace/symbol', 'textDocument/foldingRange',
  'textDocument/selectionRange', 'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename', 'textDocument/rename',
  'textDocument/formatting', 'textDocument/rangeFormatting', 'textDocument/inlayHint', 'textDocument/codeAction', 'textDocument/codeLens',
  'textDocument/semanticTokens/full', 'bss2/chipConfiguration', 'initialize', 'no/such/request',
];
const NOTIFICATIONS = [
  'textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'textDocument/didSave', 'workspace/didChangeConfiguration',
  'bss2/runStatistics', '$/cancelRequest', '$/setTrace', 'initialized', 'no/such/notification',
];
const URI = 'file:///work/fuzz.bss2';

/** Parameters that look almost right: the right shape with parts replaced by arbitrary JSON. */
function paramsArb(): fc.Arbitrary<unknown> {
  const position = fc.oneof(
    fc.record({ line: fc.integer({ min: -2, max: 200 }), character: fc.integer({ min: -2, max: 200 }) }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const range = fc.oneof(fc.record({ start: position, end: position }), fc.jsonValue({ maxDepth: 2 }));
  const textDocument = fc.oneof(
    fc.constant({ uri: URI }),
    fc.record({ uri: fc.constantFrom(URI, 'file:///nowhere.bss2', ''), version: fc.integer(), text: fc.string({ maxLength: 200 }), languageId: fc.constant('bss2') }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  return fc.oneof(
    fc.record(
      {
        textDocument,
        position,
        range,
        positions: fc.array(position, { maxLength: 3 }),
        context: fc.oneof(fc.record({ includeDeclaration: fc.boolean(), diagnostics: fc.constant([]) }), fc.jsonValue({ maxDepth: 2 })),
        newName: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
        query: fc.oneof(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })),
        contentChanges: fc.oneof(fc.array(fc.record({ range, text: fc.string({ maxLength: 50 }) }, { requiredKeys: ['text'] }), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
        uri: fc.constantFrom(URI, 7, null),
        populations: fc.jsonValue({ maxDepth: 3 }),
        id: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
        options: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 4 }),
    fc.constant(undefined),
  );
}

type Outgoing = { kind: 'json'; message: Record<string, unknown> } | { kind: 'raw'; body: Buffer };

function messageArb(): fc.Arbitrary<Outgoing> {
  const request = fc.record({ method: fc.constantFrom(...REQUESTS), params: paramsArb() }).map(({ method, params }) => ({ kind: 'json' as const, message: { jsonrpc: '2.0', method, params, id: 0 } }));
  const notification = fc.record({ method: fc.constantFrom(...NOTIFICATIONS), params: paramsArb() }).map(({ method, params }) => ({ kind: 'json' as const, message: { jsonrpc: '2.0', method, params } }));
  const envelope = fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'raw' as const, body: Buffer.from(JSON.stringify(value) ?? 'null') }));
  const broken = fc.oneof(
    fc.string({ maxLength: 100 }).map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b)),
    fc.constant(Buffer.from('{"jsonrpc":"2.0","id":1,"method":')),
    fc.constant(Buffer.from(`{"jsonrpc":"2.0","method":"textDocument/hover","params":${'['.repeat(5000)}${']'.repeat(5000)}}`)),
    fc.constant(Buffer.from('{"jsonrpc":"2.0","id":{"x":1},"method":"textDocument/hover"}')),
    fc.constant(Buffer.from('{"jsonrpc":"1.0","id":null,"result":5}')),
  ).map((body) => ({ kind: 'raw' as const, body }));
  return fc.oneof({ weight: 5, arbitrary: request }, { weight: 4, arbitrary: notification }, { weight: 1, arbitrary: envelope }, { weight: 1, arbitrary: broken });
}

describe('robustness: the language server over stdio', function () {
  this.timeout(0);
  const messageCount = (LONG ? 100_000 : 10_000) * (LONG ? 1 : SCALE);

  it(`survives ${messageCount} malformed and mutated messages and answers every request among them`, async () => {
    const peer = new RawPeer();
    try {
      const init = await peer.request(1, 'initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } } } });
      assert.ok(init.result, 'initialized');
      peer.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
      peer.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'bss2', version: 1, text: CORPUS[0].text } } });

      const messages = fc.sample(messageArb(), { seed: SEED + 10, numRuns: messageCount });
      let nextId = 1000;
      const ids: number[] = [];
      for (let i = 0; i < messages.length; i++) {
        const m = messages[i];
        if (m.kind === 'json') {
          if ('id' in m.message) {
            m.message.id = nextId;
            ids.push(nextId++);
          }
          peer.send(m.message);
        } else peer.writeBody(m.body);
        // Let the server drain its input now and then, as a real client would.
        if (i % 500 === 499) await peer.waitFor(() => ids.every((id) => peer.answers.has(id)), 60000, `answers up to message ${i}`);
      }
      await peer.waitFor(() => ids.every((id) => peer.answers.has(id)), 60000, 'every request answered');
      assert.equal(peer.exitCode, undefined, 'the server is still running');

      // Still correct afterwards: a fresh document gets its diagnostics with its version.
      const uri = 'file:///work/after-fuzz.bss2';
      const text = 'experiment e { duration = 10 ms }\npopulation p : AdEx[1] { tau_m = 20 mV }\n';
      peer.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'bss2', version: 7, text } } });
      await peer.waitFor(() => peer.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && n.params?.uri === uri), 10000, 'diagnostics after the fuzzing');
      const published = peer.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params?.uri === uri).at(-1)!;
      assert.equal(published.params.version, 7);
      assert.deepEqual(published.params.diagnostics.map((d: { code: string }) => d.code), analyzeDocument(text).diagnostics.map((d) => d.code));
      const internal = [...peer.answers.values()].filter((a) => a.error?.code === -32603).length;
      console.log(`      seed ${SEED + 10}: ${messages.length} messages, ${ids.length} requests answered (${internal} as internal errors), server still running`);
    } finally {
      peer.stop();
    }
  });

  it('after up to three random incremental edits, the server sees the same document as a fresh analysis', async () => {
    const peer = new RawPeer();
    const runs = 40 * SCALE;
    try {
      await peer.request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} });
      peer.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
      const editArb = fc.record({ a: fc.nat(), b: fc.nat(), insert: fc.constantFrom('', ' ', '\n', 'x', '}', '{', 'population q : AdEx[2]\n', '20 ms', '->', '#', '\r\n', '😀') });
      const cases = fc.sample(fc.tuple(mutatedCorpusText(1), fc.array(editArb, { minLength: 1, maxLength: 3 })), { seed: SEED + 11, numRuns: runs });
      let id = 10;
      for (let k = 0; k < cases.length; k++) {
        const [{ text: initial }, edits] = cases[k];
        const uri = `file:///work/incremental${k}.bss2`;
        peer.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'bss2', version: 1, text: initial } } });
        let text = initial;
        let version = 1;
        for (const edit of edits) {
          // A range in LSP positions (UTF-16 code units per line), as an editor sends it.
          const lines = text.split(/\r\n|\r|\n/);
          const startLine = edit.a % lines.length;
          const endLine = Math.min(lines.length - 1, startLine + (edit.b % 3));
          const start = { line: startLine, character: (edit.a >>> 4) % (lines[startLine].length + 1) };
          const end = endLine === startLine
            ? { line: endLine, character: Math.max(start.character, (edit.b >>> 4) % (lines[endLine].length + 1)) }
            : { line: endLine, character: (edit.b >>> 4) % (lines[endLine].length + 1) };
          const offset = (p: { line: number; character: number }) => {
            let o = 0;
            const re = /\r\n|\r|\n/g;
            for (let l = 0; l < p.line; l++) {
              const m = re.exec(text)!;
              o = m.index + m[0].length;
            }
            return o + p.character;
          };
          const next = text.slice(0, offset(start)) + edit.insert + text.slice(offset(end));
          version++;
          peer.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ range: { start, end }, text: edit.insert }] } });
          text = next;
        }
        const fresh = analyzeDocument(text);
        const symbols = await peer.request(id++, 'textDocument/documentSymbol', { textDocument: { uri } });
        assert.deepEqual(symbols.result, JSON.parse(JSON.stringify(documentSymbols(fresh.analysis.syntax))), `symbols of case ${k}`);
        const tokens = await peer.request(id++, 'textDocument/semanticTokens/full', { textDocument: { uri } });
        assert.deepEqual((tokens.result as { data: number[] }).data, semanticTokens(fresh.analysis.syntax), `semantic tokens of case ${k}`);
        await peer.waitFor(() => peer.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && n.params?.uri === uri && n.params.version === version), 10000, `diagnostics of case ${k}`);
        const published = peer.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params?.uri === uri);
        const last = published.at(-1)!;
        assert.equal(last.params.version, version, 'the newest version is published last');
        const versions = published.map((n) => n.params.version as number);
        assert.deepEqual([...versions].sort((x, y) => x - y), versions, 'never an older version after a newer one');
        assert.deepEqual(
          last.params.diagnostics.map((d: { code: string; message: string; range: unknown }) => [d.code, d.message, d.range]),
          fresh.diagnostics.slice(0, 1000).map((d) => [d.code, d.message, d.range]),
          `diagnostics of case ${k}`,
        );
        peer.send({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri } } });
      }
      assert.equal(peer.exitCode, undefined);
    } finally {
      peer.stop();
    }
  });
});
