/**
 * The client side of the emulator connection against a broken peer: a process that speaks JSON-RPC framing but
 * floods the client with 10,000 malformed messages (unparsable bodies, wrong shapes, answers to requests never
 * sent, notifications with junk parameters, unknown methods) before answering properly, and one whose framing
 * itself is broken. The client must not crash, must stay usable after well-framed junk, and must reject its
 * pending request (not hang) when the framing breaks.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorProcess } from '../../../client/emulator/emulatorProcess';
import { ChunkNotification, HelloRequest } from '../../../common/protocol/emulator';
import { resultsChunkProblems } from '../../../common/protocol/webview';

const MESSAGES = 10_000;

/** The hostile peer: junk first, then a proper answer to every request it reads. */
const PEER = `
const count = Number(process.argv[2]);
const brokenFraming = process.argv[3] === 'broken';
const frame = (body) => 'Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body;
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
const junk = [
  () => '{',
  () => 'null',
  () => '[]',
  () => '{"jsonrpc":"2.0"}',
  () => '{"jsonrpc":"2.0","id":' + Math.floor(rnd() * 1e6) + ',"result":{"state":"finished"}}',
  () => '{"jsonrpc":"2.0","id":"nope","error":{"code":"x"}}',
  () => '{"jsonrpc":"2.0","method":"bss2/emulator/chunk","params":' + JSON.stringify([1, {spikes: 'x'}, null][Math.floor(rnd() * 3)]) + '}',
  () => '{"jsonrpc":"2.0","method":"bss2/emulator/chunk","params":{"time_ms":"NaN","spikes":{"a":{"neuron":[1],"time_ms":[]}},"traces":7}}',
  () => '{"jsonrpc":"2.0","method":"no/such/method","params":{}}',
  () => '{"jsonrpc":"2.0","id":1,"method":"client/crash","params":{}}',
  () => Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('latin1'),
  () => '"' + 'x'.repeat(Math.floor(rnd() * 5000)) + '"',
];
let out = '';
for (let i = 0; i < count; i++) {
  out += frame(junk[Math.floor(rnd() * junk.length)]());
  if (out.length > 65536) { process.stdout.write(out); out = ''; }
}
process.stdout.write(out);
if (brokenFraming) process.stdout.write('Content-Length: banana\\r\\n\\r\\n{}Garbage-Header\\r\\n\\r\\n');
let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  buffer += text;
  for (;;) {
    const m = /Content-Length: (\\d+)\\r\\n\\r\\n/.exec(buffer);
    if (!m || buffer.length < m.index + m[0].length + Number(m[1])) return;
    const body = buffer.slice(m.index + m[0].length, m.index + m[0].length + Number(m[1]));
    buffer = buffer.slice(m.index + m[0].length + Number(m[1]));
    const message = JSON.parse(body);
    if (message.id !== undefined) process.stdout.write(frame(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { protocol: 1, version: 'peer' } })));
  }
});
process.stdin.on('end', () => process.exit(0));
`;

describe('client: a hostile emulator peer', function () {
  this.timeout(60_000);
  let folder: string;
  let peer: string;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'bss2-hostile-'));
    peer = join(folder, 'peer.js');
    writeFileSync(peer, PEER);
    process.on('uncaughtException', onUncaught);
  });
  after(() => {
    process.off('uncaughtException', onUncaught);
    rmSync(folder, { recursive: true, force: true });
  });

  it(`survives ${MESSAGES.toLocaleString('en')} malformed messages and still gets its answer`, async () => {
    const emulator = EmulatorProcess.start(peer, [String(MESSAGES)]);
    let chunks = 0;
    let rejectedChunks = 0;
    emulator.connection.onNotification(ChunkNotification.type, (chunk) => {
      chunks++;
      if (resultsChunkProblems(chunk).length > 0) rejectedChunks++;
    });
    try {
      const hello = await emulator.connection.sendRequest(HelloRequest.type);
      assert.equal(hello.protocol, 1);
      assert.deepEqual(uncaught, []);
      console.log(`      ${MESSAGES} malformed messages: no crash, ${chunks} junk chunk notifications seen, ${rejectedChunks} rejected by validation`);
      assert.equal(rejectedChunks, chunks, 'every junk chunk fails validation');
    } finally {
      await emulator.dispose();
    }
  });

  it('rejects its pending request when the framing itself breaks, instead of hanging', async () => {
    const emulator = EmulatorProcess.start(peer, ['100', 'broken']);
    try {
      const started = Date.now();
      const outcome = await Promise.race([
        emulator.connection.sendRequest(HelloRequest.type).then(() => 'answered', () => 'rejected'),
        new Promise((r) => setTimeout(() => r('hung'), 10_000)),
      ]);
      // Either the reader skipped the broken frame and the answer came, or the connection closed and the request
      // was rejected: never a hang, never a crash.
      assert.notEqual(outcome, 'hung', 'the request neither answered nor rejected within 10 s');
      assert.deepEqual(uncaught, []);
      console.log(`      broken framing: request ${outcome} after ${Date.now() - started} ms`);
    } finally {
      await emulator.dispose();
    }
  });
});
