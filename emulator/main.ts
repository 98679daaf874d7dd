/**
 * Entry point of the emulator process (`dist/emulator.js`): JSON-RPC over stdio (common/protocol/emulator.ts).
 * Stdout belongs to the protocol, so anything else the process says goes to stderr.
 */
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { version } from '../package.json';
import { serveEmulator } from './process/server';

console.log = console.info = console.debug = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);

const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
connection.onError(([error]) => process.stderr.write(`bss2 emulator: bad message: ${error.message}\n`));
connection.onClose(() => process.exit(0));
serveEmulator(connection, version);
connection.listen();
process.stdin.on('end', () => process.exit(0));
