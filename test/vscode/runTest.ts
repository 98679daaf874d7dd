/**
 * `npm run test:vscode`: runs the extension-host suite (test/vscode/suite, bundled to out/test/vscode by
 * scripts/e2e/build-tests.mjs) in a desktop VS Code downloaded by @vscode/test-electron. Needs network access to
 * update.code.visualstudio.com; where that is blocked, `npm run test:e2e` runs the same files in code-server.
 * Env: BSS2_VSCODE_VERSION (default 1.100.3, the VS Code inside the pinned code-server), BSS2_VSCODE_GREP.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const root = resolve(__dirname, '..', '..');
  const workspace = mkdtempSync(join(tmpdir(), 'bss2-workspace-'));
  cpSync(join(root, 'examples'), join(workspace, 'examples'), { recursive: true });
  try {
    await runTests({
      version: process.env.BSS2_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'vscode', 'index.js'),
      // A fresh profile with no other extensions; the folder the suite expects (examples/ inside it).
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${join(workspace, '.user-data')}`],
    });
    return 0;
  } catch (error) {
    const message = (error as Error).message;
    const offline = /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo/.test(message);
    console.error(`test:vscode: ${message}${offline ? '\ntest:vscode: VS Code could not be downloaded here; `npm run test:e2e` runs the same suite in code-server' : ''}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true, maxRetries: 3 });
  }
}

void main().then((code) => process.exit(code));
