/**
 * Starts and stops code-server (a real VS Code workbench served to a browser) for the end-to-end tests, each
 * instance with its own temporary user data and extensions folders, on a free port of 127.0.0.1.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { killTree } from './processes';

export const EXTENSION_ID = 'bss2-studio.bss2-studio';

/** User settings that keep the workbench quiet and deterministic for tests and screenshots. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'files.autoSave': 'off',
  // Untrusted folders open in Restricted Mode without the modal trust prompt (tests cannot answer dialogs).
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
};

export interface CodeServerOptions {
  /** code-server's entry script (scripts/e2e/install-code-server.sh prints it). */
  launcher: string;
  /** Folder the workbench opens. */
  workspace: string;
  /** false: Workspace Trust stays on and the folder is not trusted (Restricted Mode). */
  trusted: boolean;
  /** A .vsix to install, or an unpacked extension folder to place in the extensions folder. */
  extension?: string;
  startTimeoutMs?: number;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  userDataDir: string;
  /** Everything code-server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<CodeServer>();

/** Stops every code-server this process started (for exit and signal handlers). */
export async function stopAllCodeServers(): Promise<void> {
  await Promise.allSettled([...running].map((s) => s.stop()));
}

function baseArgs(userDataDir: string, extensionsDir: string): string[] {
  return ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', join(userDataDir, 'config.yaml')];
}

async function installExtension(launcher: string, userDataDir: string, extensionsDir: string, extension: string): Promise<void> {
  if (extension.endsWith('.vsix')) {
    try {
      await promisify(execFile)(process.execPath, [launcher, ...baseArgs(userDataDir, extensionsDir), '--install-extension', extension], { timeout: 120_000 });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`code-server --install-extension ${extension} failed: ${e.stderr || e.stdout || e.message}`);
    }
    return;
  }
  // An unpacked extension loads from `<extensions-dir>/<publisher>.<name>-<version>/`.
  const { publisher, name, version } = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8')) as Record<string, string>;
  cpSync(extension, join(extensionsDir, `${publisher}.${name}-${version}`), { recursive: true });
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'bss2-code-server-'));
  const extensionsDir = join(userDataDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // Our own config file, so code-server never writes ~/.config/code-server/config.yaml.
  writeFileSync(join(userDataDir, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  if (options.extension) await installExtension(options.launcher, userDataDir, extensionsDir, options.extension);

  const args = [
    options.launcher,
    ...baseArgs(userDataDir, extensionsDir),
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(options.trusted ? ['--disable-workspace-trust'] : []),
    options.workspace,
  ];
  // detached: the server leads its own process group, so stop() ends the extension host and what it spawned.
  const child: ChildProcess = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_PROXY_URI: '' } });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));

  // One stop for every caller (a signal handler and a finally block may both ask): all await the same cleanup.
  let stopping: Promise<void> | undefined;
  const server: CodeServer = {
    url: '',
    port: 0,
    pid: child.pid!,
    userDataDir,
    output: () => output,
    stop() {
      stopping ??= (async () => {
        await killTree(child.pid!);
        rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
        running.delete(server);
      })();
      return stopping;
    },
  };
  running.add(server);

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start within ${timeoutMs} ms; it printed:\n${output}`)), timeoutMs);
      const check = () => {
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (m && /Session server listening on/.test(output)) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.on('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${sig ?? code}) before listening; it printed:\n${output}`));
      });
    });
    server.port = port;
    server.url = `http://127.0.0.1:${port}/`;
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** `vscode-remote://` URI of a path on the code-server's machine (the form the test payload needs). */
export function remoteUri(server: CodeServer, path: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${path}`;
}

/** Workbench URL that opens `folder`, optionally with a test payload (extension development and tests paths). */
export function workbenchUrl(server: CodeServer, folder: string, payload?: Array<[string, string]>): string {
  const query = new URLSearchParams({ folder });
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${server.url}?${query.toString()}`;
}

/** A temporary workspace holding copies of the repository's examples under `examples/`. */
export function makeWorkspace(repoRoot: string): { path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), 'bss2-workspace-'));
  cpSync(join(repoRoot, 'examples'), join(path, 'examples'), { recursive: true });
  return { path, dispose: () => rmSync(path, { recursive: true, force: true, maxRetries: 3 }) };
}
