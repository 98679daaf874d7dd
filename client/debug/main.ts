/**
 * Entry point of the debug adapter process (`dist/debugAdapter.js`): the Debug Adapter Protocol over stdin/stdout
 * for the debug type `bss2` (package.json `contributes.debuggers`). The adapter starts `dist/emulator.js` next to it.
 */
import { DebugSession } from '@vscode/debugadapter';
import { Bss2DebugSession } from './debugSession';

// Stdout carries the protocol. A fault in one request handler is reported on stderr (VS Code's debug log) rather
// than ending the session and leaving the user without a response to anything.
const report = (error: unknown): void => {
  process.stderr.write(`bss2 debug adapter: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
};
process.on('uncaughtException', report);
process.on('unhandledRejection', report);

DebugSession.run(Bss2DebugSession);
