/**
 * Entry point of the language server (`dist/server.js`). The transport is picked from argv by
 * vscode-languageserver: `--stdio` (tests, other editors), `--node-ipc` (the VS Code client). The same bundle
 * runs as the worker thread that validates large documents (server/lsp/analysisWorker.ts).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runAnalysisWorkerIfWorker } from './lsp/analysisWorker';
import { startServer } from './lsp/server';

if (!runAnalysisWorkerIfWorker()) main();

function main(): void {
  const connection = createConnection(ProposedFeatures.all);
  const log = (message: string): void => {
    try {
      connection.console.error(message);
    } catch {
      // The connection itself may be what failed; there is nowhere else to tell.
    }
  };
  // A failure in a timer or callback outside a request must not end the server: the editor would lose every
  // feature until it restarts it. It is logged where the user can read it (the server's output channel).
  process.on('uncaughtException', (error) => log(`bss2: unexpected error (the server keeps running): ${error?.stack ?? String(error)}`));
  process.on('unhandledRejection', (reason) =>
    log(`bss2: unhandled rejection (the server keeps running): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`),
  );
  startServer(connection, { workerScript: __filename });
}
