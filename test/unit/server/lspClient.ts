/**
 * A real LSP client for the protocol-level tests: starts `dist/server.js --stdio` (built by
 * `node scripts/build.mjs`), initializes it and opens documents.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  InitializedNotification, InitializeRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  type ClientCapabilities, type InitializeResult, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

const root = join(__dirname, '..', '..', '..');
const server = join(root, 'dist', 'server.js');

export function exampleText(name: string): string {
  return readFileSync(join(root, 'examples', name), 'utf8');
}

/** Zero-based position of the `occurrence`-th (0 = first) match of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' not found (occurrence ${occurrence})`);
  }
  const offset = index + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The text a range covers. */
export function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  initializeResult?: InitializeResult;
  private versions = new Map<string, number>();

  constructor() {
    this.child = spawn(process.execPath, [server, '--stdio']);
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.listen();
  }

  /** Initializes with the given client capabilities (none by default, as the plainest client would). */
  async start(capabilities: ClientCapabilities = {}): Promise<this> {
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'bss2', version: 1, text } });
  }

  async replace(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    this.connection.dispose();
    this.child.kill();
  }
}

/**
 * One language server for the enclosing mocha `describe`: started before its tests, shut down after them.
 * Returns the running client; `open` lists documents to open once it has started.
 */
export function serverForSuite(open: Array<[uri: string, text: string]> = [], capabilities: ClientCapabilities = {}, prepare?: (client: LspClient) => void): () => LspClient {
  let client: LspClient | undefined;
  before(async () => {
    const fresh = new LspClient();
    prepare?.(fresh);
    client = await fresh.start(capabilities);
    for (const [uri, text] of open) await client.open(uri, text);
  });
  after(async () => client?.stop());
  return () => {
    if (!client) throw new Error('the language server of this suite has not started');
    return client;
  };
}
