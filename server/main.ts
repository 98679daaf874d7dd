/**
 * Entry point of the language server (`dist/server.js`). The transport is picked from argv by
 * vscode-languageserver: `--stdio` (tests, other editors), `--node-ipc` (the VS Code client).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

startServer(createConnection(ProposedFeatures.all));
