/**
 * Which build of the extension the end-to-end tests load: the packaged .vsix (what users install) when there is
 * one, otherwise the built folder (dist/ from `npm run build`) staged with the files a package would hold.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { extractZip } from './zip';

export interface ExtensionUnderTest {
  /** What to install into code-server: the .vsix, or an unpacked folder. */
  install: string;
  /** An unpacked folder (for `extensionDevelopmentPath`). */
  folder: string;
  vsix?: string;
  describe: string;
  dispose(): void;
}

/** The package `npm run package` writes (`<name>.vsix`), or vsce's default name (`<name>-<version>.vsix`): the newer one. */
export function vsixPath(repoRoot: string): string {
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const candidates = [join(repoRoot, `${name}.vsix`), join(repoRoot, `${name}-${version}.vsix`)];
  const existing = candidates.filter((c) => existsSync(c)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return existing[0] ?? candidates[0];
}

/** `explicitVsix`: that package; `'dist'`: the built folder even when a package exists; otherwise the package if any. */
function packagedFiles(repoRoot: string): string[] {
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  return out.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && existsSync(join(repoRoot, l)));
}

export function resolveExtension(repoRoot: string, explicitVsix?: string): ExtensionUnderTest {
  const useDist = explicitVsix === 'dist';
  const vsix = useDist ? '' : (explicitVsix ?? vsixPath(repoRoot));
  if (useDist) explicitVsix = undefined;
  const temp = mkdtempSync(join(tmpdir(), 'bss2-extension-'));
  const dispose = () => rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  if (vsix && existsSync(vsix)) {
    extractZip(vsix, temp, 'extension/');
    return { install: vsix, folder: temp, vsix, describe: `${vsix} (${new Date(statSync(vsix).mtimeMs).toISOString()})`, dispose };
  }
  if (explicitVsix) throw new Error(`${explicitVsix} does not exist`);
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    dispose();
    throw new Error(`neither ${vsix} nor dist/extension.js exists: run 'npm run package' (or 'npm run build') first`);
  }
  // Stage exactly the files a package would hold (`vsce ls` applies .vscodeignore).
  for (const file of packagedFiles(repoRoot)) {
    mkdirSync(dirname(join(temp, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(temp, file));
  }
  return { install: temp, folder: temp, describe: `${repoRoot}/dist (built folder${vsix ? `; no ${vsix}` : ''})`, dispose };
}
