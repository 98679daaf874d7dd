/**
 * Drives a real VS Code workbench (code-server in headless Chromium) for the UI tests: opens a workspace with the
 * extension installed, finds files, runs commands, reads the Problems panel and webviews, takes screenshots.
 * `npm run test:e2e` (scripts/e2e/run.ts) sets the environment; run alone, it falls back to the defaults below.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type Frame, type Page, chromium } from 'playwright-core';
import { type CodeServer, makeWorkspace, startCodeServer, workbenchUrl } from '../../scripts/e2e/codeServer';
import { descendants } from '../../scripts/e2e/processes';
import { resolveExtension } from '../../scripts/e2e/extensionUnderTest';

export const REPO = resolve(__dirname, '..', '..');
export const SCREENSHOTS = join(REPO, 'docs', 'images');

function launcher(): string {
  const path = process.env.BSS2_CODE_SERVER || join(REPO, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(path)) throw new Error(`code-server is not installed at ${path}: run 'bash scripts/e2e/install-code-server.sh'`);
  return path;
}

export interface Workbench {
  server: CodeServer;
  page: Page;
  workspace: string;
  /** Milliseconds since the epoch when the workbench page started loading. */
  loadStartedAt: number;
  close(): Promise<void>;
}

const open = new Set<Workbench>();
let closingOnSignal = false;
// The runner ends this process with SIGTERM on a timeout: close what is open (its temporary folders) first.
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => {
    if (closingOnSignal) return;
    closingOnSignal = true;
    void Promise.all([...open].map((bench) => bench.close())).finally(() => process.exit(130));
  });
}

/** `prepare` fills the workspace before the workbench opens it. */
export async function openWorkbench(options: { trusted: boolean; prepare?: (workspace: string) => void }): Promise<Workbench> {
  const extension = process.env.BSS2_E2E_EXTENSION ? undefined : resolveExtension(REPO);
  const workspace = makeWorkspace(REPO);
  options.prepare?.(workspace.path);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({ launcher: launcher(), workspace: workspace.path, trusted: options.trusted, extension: process.env.BSS2_E2E_EXTENSION || extension!.install });
    browser = await chromium.launch({ executablePath: process.env.BSS2_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
    const loadStartedAt = Date.now();
    await page.goto(workbenchUrl(server, workspace.path), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 120_000 });
    const opened = { server, browser };
    const bench: Workbench = {
      server,
      page,
      workspace: workspace.path,
      loadStartedAt,
      async close() {
        open.delete(bench);
        await opened.browser.close().catch(() => undefined);
        await opened.server.stop();
        workspace.dispose();
        extension?.dispose();
      },
    };
    open.add(bench);
    return bench;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    workspace.dispose();
    extension?.dispose();
    throw error;
  }
}

/** Opens `examples/<name>` from the Explorer, as a user would. */
export async function openExample(page: Page, name: string): Promise<void> {
  const explorer = page.locator('.explorer-folders-view');
  const folder = explorer.getByRole('treeitem', { name: 'examples', exact: true });
  await folder.waitFor({ timeout: 30_000 });
  if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
  await explorer.getByRole('treeitem', { name, exact: true }).click();
  await page.locator(`.tabs-container .tab[data-resource-name="${name}"], .tabs-container .tab:has-text("${name}")`).first().waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/** Runs a command by its title from the Command Palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').focus().catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
  await input.press('Enter');
}

/** Moves the cursor with Go to Line/Column (1-based), as `line:column` in the Ctrl+G box. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+g');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  // The box opens with ':' (go to line); without it the text would be a file search.
  await input.fill(`:${line}:${column}`);
  await input.press('Enter');
}

/** The text of the Problems panel rows (opens the panel). */
export async function problems(page: Page): Promise<string[]> {
  if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) await runCommand(page, 'View: Focus Problems');
  await page.locator('.markers-panel').waitFor({ timeout: 10_000 });
  return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

/**
 * The frame (inside a webview) holding `selector`, once there is one. Webviews are nested iframes whose
 * structure is the workbench's business, so every frame is searched.
 */
export async function frameWith(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
  return poll(
    async () => {
      for (const frame of page.frames()) if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
      return undefined;
    },
    timeoutMs,
    () => `no webview shows ${selector}`,
  );
}

/** Text of the notification toasts on screen (errors a command showed), for failure messages. */
export async function notifications(page: Page): Promise<string> {
  const texts = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts().catch(() => []);
  return texts.length > 0 ? texts.join(' | ') : 'none';
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `vscode-${name}.png`) });
}

/** Processes below the code-server whose command line runs the emulator. */
export function emulatorProcesses(server: CodeServer): string[] {
  return descendants(server.pid)
    .map((p) => p.args)
    .filter((args) => /emulator\.js/.test(args));
}

/** Every line of the code-server's logs (output channels included) matching `pattern`. */
export function logLines(server: CodeServer, pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.log')) for (const line of readFileSync(path, 'utf8').split('\n')) if (pattern.test(line)) found.push(line);
    }
  };
  walk(join(server.userDataDir, 'logs'));
  return found;
}

export async function poll<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
