/**
 * Entry point of the emulator process (`dist/emulator.js`): JSON-RPC over stdio (common/protocol/emulator.ts).
 * Stdout belongs to the protocol, so anything else the process says goes to stderr.
 */
import { createMessageConnection, type ResponseMessage, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { version } from '../package.json';
import { MAX_MESSAGE_BYTES, MessageSizeGuard } from './process/messageSizeGuard';
import { serveEmulator } from './process/server';

/** JSON-RPC "Invalid Request": the message was not read. */
const MESSAGE_TOO_LARGE = -32600;

console.log = console.info = console.debug = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);

// Messages above MAX_MESSAGE_BYTES are skipped as they stream in and answered with an error (messageSizeGuard.ts).
const writer = new StreamMessageWriter(process.stdout);
const guard = new MessageSizeGuard(MAX_MESSAGE_BYTES, (bytes, id) => {
  process.stderr.write(`bss2 emulator: ignored a message of ${bytes} bytes (limit ${MAX_MESSAGE_BYTES})\n`);
  void writer.write({
    jsonrpc: '2.0', id,
    error: { code: MESSAGE_TOO_LARGE, message: `the message has ${bytes} bytes, more than the emulator accepts (${MAX_MESSAGE_BYTES} bytes); it was ignored` },
  } as ResponseMessage);
});
process.stdin.pipe(guard);
const connection = createMessageConnection(new StreamMessageReader(guard), writer);
connection.onError(([error]) => process.stderr.write(`bss2 emulator: bad message: ${error.message}\n`));
connection.onClose(() => process.exit(0));
serveEmulator(connection, version);
connection.listen();
process.stdin.on('end', () => process.exit(0));
