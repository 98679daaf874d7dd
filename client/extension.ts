/**
 * The VS Code side of BrainScaleS-2 Studio: starts the language server for `.bss2` files and wires the commands,
 * the status bar, the hover raster and the panels to the supervised emulator. The logic lives in vscode-free
 * modules (client/run, client/emulator, client/panels/panelFeed.ts, ...); this file only connects them.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../server/lsp/serverProcess';
import { registerDebugIntegration } from './commands/debug';
import { registerExampleCommands } from './commands/examples';
import { registerPanelCommands } from './commands/panels';
import { registerPyNNCommands } from './commands/pynn';
import { registerResultsCommands } from './commands/results';
import { registerRunCommands } from './commands/run';
import { isHardwareValueHint, readSettings } from './config';
import { registerRasterHover } from './hover/rasterHover';
import { ChipUsageStatusBar } from './statusBar';
import { OUTPUT_NAME, Studio } from './studio';

let client: LanguageClient | undefined;
let studio: Studio | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel(OUTPUT_NAME, { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // The server's V8 flags are shared with bench/lspLatency.ts, so the benchmark measures the process users get.
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'bss2' }],
    outputChannel: output,
    // The server reads the `bss2` settings (inlay hints) and hears about changes.
    synchronize: { configurationSection: 'bss2' },
    middleware: {
      // The inlay-hint settings also apply here, so that they work whatever the server does with them.
      provideInlayHints: async (document, range, token, next) => {
        const hints = await next(document, range, token);
        if (!hints) return hints;
        const configuration = vscode.workspace.getConfiguration(undefined, document.uri);
        const s = readSettings((key) => configuration.get(key));
        if (s.inlayHardwareValues && s.inlayResources) return hints;
        return hints.filter((h) => {
          const label = typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
          return isHardwareValueHint(label) ? s.inlayHardwareValues : s.inlayResources;
        });
      },
    },
  };
  client = new LanguageClient('bss2', OUTPUT_NAME, serverOptions, clientOptions);
  studio = new Studio(context, output, client);
  context.subscriptions.push(
    studio,
    ...registerRunCommands(studio),
    ...registerDebugIntegration(studio),
    ...registerPanelCommands(studio),
    ...registerResultsCommands(studio),
    ...registerExampleCommands(studio),
    ...registerPyNNCommands(studio),
    registerRasterHover(studio),
  );
  context.subscriptions.push(new ChipUsageStatusBar(studio));
  // The language server starts in the background: requests wait for it (vscode-languageclient queues them).
  void client.start().then(
    () => studio?.log(`language server ready after ${Math.round(performance.now() - started)} ms`),
    (error: unknown) => {
      output.error(`The BrainScaleS-2 language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage('BrainScaleS-2: the language server did not start; see the output channel "BrainScaleS-2".');
    },
  );
  studio.log(`activated in ${Math.round(performance.now() - started)} ms`);
}

export async function deactivate(): Promise<void> {
  const s = studio;
  const c = client;
  studio = undefined;
  client = undefined;
  await Promise.allSettled([s?.runs.cancel(), s?.supervisor.dispose(), c?.stop()]);
}
