/**
 * The emulator process survives malformed input: raw frames with broken JSON, requests with random methods and
 * parameters, configurations mutated at random. After each batch it must still answer a well-formed request.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { HelloRequest, LoadRequest } from '../../../common/protocol/emulator';
import { analyzeDocument } from '../../../server/analysis';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'dist', 'emulator.js');
const METHODS = ['load', 'run', 'step', 'pause', 'cancel', 'reset', 'status', 'readState', 'results', 'hello'].map((m) => `bss2/emulator/${m}`);

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

describe('emulator process under malformed input', function () {
  this.timeout(120000);

  it('answers 2,000 random requests and 500 broken frames without dying', async () => {
    const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let exited = false;
    child.on('exit', () => (exited = true));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      const requests = fc.sample(
        fc.record({ method: fc.constantFrom(...METHODS), params: fc.oneof(fc.anything(), fc.constant(undefined), fc.dictionary(fc.string(), fc.anything())) }),
        { numRuns: 2000, seed: 42 },
      );
      let answered = 0;
      for (let k = 0; k < requests.length; k += 100) {
        await Promise.all(
          requests.slice(k, k + 100).map(async ({ method, params }) => {
            try {
              await connection.sendRequest(method, params);
            } catch {
              // A JSON-RPC error is the expected answer to most of these.
            }
            answered++;
          }),
        );
        // A run started by a random request is stopped so that the next batch is answered promptly.
        await connection.sendRequest('bss2/emulator/cancel').catch(() => undefined);
      }
      assert.equal(answered, requests.length);

      // Broken frames straight onto the pipe: invalid JSON, wrong shapes, wrong versions.
      const bodies = fc.sample(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.constant('{"jsonrpc":"2.0","id":1,"method":'),
          fc.constant('[1,2,3]'),
          fc.constant('{"jsonrpc":"1.0","id":"x","method":"bss2/emulator/run"}'),
        ),
        { numRuns: 500, seed: 7 },
      );
      for (const body of bodies) child.stdin.write(frame(body));
      const hello = await connection.sendRequest(HelloRequest.type);
      assert.equal(hello.protocol, 1);
      assert.equal(exited, false);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('rejects 200 randomly mutated chip configurations with errors, and still loads a valid one', async () => {
    const configuration = analyzeDocument(readFileSync(join(root, 'examples', 'adaptation.bss2'), 'utf8')).configuration;
    assert.ok(configuration);
    const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      const paths = collectPaths(configuration);
      const mutations = fc.sample(fc.tuple(fc.constantFrom(...paths), fc.anything()), { numRuns: 200, seed: 3 });
      let rejected = 0;
      for (const [path, value] of mutations) {
        const mutated = structuredClone(configuration) as unknown as Record<string, unknown>;
        setPath(mutated, path, value);
        try {
          await connection.sendRequest(LoadRequest.type, { configuration: mutated });
        } catch {
          rejected++;
        }
      }
      assert.ok(rejected > 100, `most mutations are invalid and rejected (${rejected} of 200)`);
      const loaded = await connection.sendRequest(LoadRequest.type, { configuration });
      assert.equal(loaded.experiment, 'adaptation');
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});

function collectPaths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (out.length > 2000) return out;
  if (Array.isArray(value)) value.slice(0, 3).forEach((v, i) => collectPaths(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) collectPaths(v, [...prefix, k], out);
  out.push(prefix);
  return out;
}

function setPath(target: Record<string, unknown>, path: Array<string | number>, value: unknown): void {
  if (path.length === 0) return;
  let node: Record<string | number, unknown> = target;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}
