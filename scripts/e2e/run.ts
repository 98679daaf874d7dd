/**
 * End-to-end tests in a real VS Code: code-server (pinned, installed by scripts/e2e/install-code-server.sh) driven
 * by playwright-core with Debian's Chromium.
 *
 *  1. extension host: the mocha suite in test/vscode/suite (the files `npm run test:vscode` gives
 *     @vscode/test-electron), loaded through the workbench's test payload; its exit code decides.
 *  2. workbench UI: the mocha files in test/e2e (UI walk with screenshots, Restricted Mode, the package's contents).
 *
 * Builds nothing: expects `npm run package` (a .vsix) or `npm run build` (dist/), and `node scripts/e2e/build-tests.mjs`.
 * Every process it starts is ended on success, failure, timeout and Ctrl+C.
 *
 * Usage: node --import tsx scripts/e2e/run.ts [--vsix FILE | --dist] [--suite host|ui|all] [--timeout-minutes N]
 *        (--dist: test the built dist/ folder even when a .vsix exists)
 * Env:   BSS2_CODE_SERVER (code-server's entry script), BSS2_CHROMIUM (default /usr/bin/chromium)
 * Exit:  0 all suites passed, 1 a suite failed or timed out, 2 bad usage or missing prerequisites.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { type CodeServer, makeWorkspace, remoteUri, startCodeServer, stopAllCodeServers, workbenchUrl } from './codeServer';
import { resolveExtension } from './extensionUnderTest';
import { killTree } from './processes';

const REPO = resolve(__dirname, '..', '..');
const LAUNCHER = process.env.BSS2_CODE_SERVER ?? join(REPO, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.BSS2_CHROMIUM ?? '/usr/bin/chromium';
const TESTS_ENTRY = join(REPO, 'out', 'test', 'vscode', 'index.js');

/** Child process groups (the UI suite's mocha) to end on Ctrl+C, and temporary folders to delete. */
const children = new Set<number>();
const disposers = new Set<() => void>();

interface SuiteResult {
  name: string;
  ok: boolean;
  seconds: number;
  detail: string;
}

function usage(message: string): never {
  console.error(`e2e: ${message}\nUsage: node --import tsx scripts/e2e/run.ts [--vsix FILE | --dist] [--suite host|ui|all] [--timeout-minutes N]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { vsix?: string; suite: 'host' | 'ui' | 'all'; timeoutMs: number } {
  const options: { vsix?: string; suite: 'host' | 'ui' | 'all'; timeoutMs: number } = { suite: 'all', timeoutMs: 10 * 60_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === '--vsix') options.vsix = resolve(value());
    else if (arg === '--dist') options.vsix = 'dist';
    else if (arg === '--suite') {
      const s = value();
      if (s !== 'host' && s !== 'ui' && s !== 'all') usage(`--suite must be host, ui or all, not '${s}'`);
      options.suite = s;
    } else if (arg === '--timeout-minutes') {
      const n = Number(value());
      if (!(n > 0)) usage('--timeout-minutes needs a positive number');
      options.timeoutMs = n * 60_000;
    } else usage(`unknown argument '${arg}'`);
  }
  return options;
}

/** Rejects after `ms` with a message naming what timed out. */
function deadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Suite 1: the extension-host mocha suite, run by the workbench from the `payload` URL parameter. */
async function runExtensionHostSuite(extensionFolder: string, timeoutMs: number): Promise<SuiteResult> {
  const started = Date.now();
  const workspace = makeWorkspace(REPO);
  disposers.add(workspace.dispose);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const log: string[] = [];
  try {
    server = await startCodeServer({ launcher: LAUNCHER, workspace: workspace.path, trusted: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const page = await browser.newPage();
    let resolveExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((r) => (resolveExit = r));
    // The workbench calls these when the test extension host logs and when it exits (with run()'s outcome).
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      // Console calls arrive with their format string first (mocha's reporter uses %s and %d).
      const line = format(...(Array.isArray(args) ? args : [args]));
      log.push(line);
      // code-server asks open-vsx.org for extension metadata; offline that fails harmlessly, with a stack trace.
      if (/ENOTFOUND open-vsx\.org/.test(line)) return;
      process.stdout.write(`  | ${line}\n`);
    });
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', remoteUri(server, extensionFolder)],
      ['extensionTestsPath', remoteUri(server, TESTS_ENTRY)],
    ];
    await page.goto(workbenchUrl(server, workspace.path, payload), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const code = await deadline(exitCode, timeoutMs, 'extension-host suite');
    const text = log.join('\n');
    const passing = /(\d+) passing/.exec(text)?.[1] ?? '0';
    const failing = /(\d+) failing/.exec(text)?.[1] ?? '0';
    const pending = /(\d+) pending/.exec(text)?.[1];
    return { name: 'extension host (test/vscode/suite)', ok: code === 0, seconds: (Date.now() - started) / 1000, detail: `exit ${code}: ${passing} passing, ${failing} failing${pending ? `, ${pending} pending` : ''}` };
  } catch (error) {
    const output = server ? `\ncode-server output (last lines):\n${server.output().split('\n').slice(-30).join('\n')}` : '';
    return { name: 'extension host (test/vscode/suite)', ok: false, seconds: (Date.now() - started) / 1000, detail: `${(error as Error).message}${output}` };
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    workspace.dispose();
    disposers.delete(workspace.dispose);
  }
}

/** Suite 2: the workbench UI mocha files (test/e2e), in a child process group that is ended on timeout. */
async function runUiSuite(install: string, vsix: string | undefined, timeoutMs: number): Promise<SuiteResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', join(REPO, 'test', 'e2e', '.mocharc.json')], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BSS2_CODE_SERVER: LAUNCHER, BSS2_E2E_EXTENSION: install, BSS2_E2E_VSIX: vsix ?? (install.endsWith('.vsix') ? install : ''), BSS2_CHROMIUM: CHROMIUM },
  });
  children.add(child.pid!);
  let text = '';
  const forward = (d: Buffer) => {
    text += d.toString();
    process.stdout.write(d.toString().replace(/^(?=.)/gm, '  | '));
  };
  child.stdout!.on('data', forward);
  child.stderr!.on('data', forward);
  const exited = new Promise<number>((r) => child.on('exit', (code, sig) => r(code ?? (sig ? 128 : 1))));
  try {
    const code = await deadline(exited, timeoutMs, 'workbench UI suite');
    const passing = /(\d+) passing/.exec(text)?.[1] ?? '0';
    const failing = /(\d+) failing/.exec(text)?.[1] ?? '0';
    return { name: 'workbench UI (test/e2e)', ok: code === 0, seconds: (Date.now() - started) / 1000, detail: `exit ${code}: ${passing} passing, ${failing} failing` };
  } catch (error) {
    return { name: 'workbench UI (test/e2e)', ok: false, seconds: (Date.now() - started) / 1000, detail: (error as Error).message };
  } finally {
    await killTree(child.pid!);
    children.delete(child.pid!);
  }
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(LAUNCHER)) usage(`code-server is not installed at ${LAUNCHER}: run 'bash scripts/e2e/install-code-server.sh' (or 'npm run test:e2e', which does)`);
  if (!existsSync(CHROMIUM)) usage(`no Chromium at ${CHROMIUM}: run 'bash scripts/ensure-chromium.sh' or set BSS2_CHROMIUM`);
  if (options.suite !== 'ui' && !existsSync(TESTS_ENTRY)) usage(`${TESTS_ENTRY} is missing: run 'node scripts/e2e/build-tests.mjs'`);
  let extension;
  try {
    extension = resolveExtension(REPO, options.vsix);
  } catch (error) {
    usage((error as Error).message);
  }
  disposers.add(extension.dispose);
  console.log(`e2e: extension under test: ${extension.describe}`);
  const results: SuiteResult[] = [];
  try {
    if (options.suite !== 'ui') {
      console.log('e2e: suite 1, extension host');
      results.push(await runExtensionHostSuite(extension.folder, options.timeoutMs));
    }
    if (options.suite !== 'host') {
      console.log('e2e: suite 2, workbench UI');
      results.push(await runUiSuite(extension.install, extension.vsix, options.timeoutMs));
    }
  } finally {
    extension.dispose();
  }
  console.log('\ne2e summary');
  for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}  ${r.seconds.toFixed(1)} s  ${r.detail}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

let exiting = false;
// Run as `node --import tsx scripts/e2e/run.ts` (one process): the tsx launcher would SIGKILL this process when
// it does not exit within milliseconds of Ctrl+C, before code-server is stopped.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    if (exiting) return;
    exiting = true;
    console.error(`e2e: ${sig}, stopping code-server`);
    void Promise.all([stopAllCodeServers(), ...[...children].map((pid) => killTree(pid))])
      .then(() => disposers.forEach((dispose) => dispose()))
      .finally(() => process.exit(130));
  });
}

// After a signal, the signal handler finishes the cleanup and exits.
main().then(
  async (code) => {
    await stopAllCodeServers();
    if (!exiting) process.exit(code);
  },
  async (error: Error) => {
    console.error(`e2e: ${error.stack ?? error.message}`);
    await stopAllCodeServers();
    if (!exiting) process.exit(1);
  },
);
