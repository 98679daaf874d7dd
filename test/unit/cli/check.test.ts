import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../../cli/main';
import type { CliIO } from '../../../cli/io';

const root = join(__dirname, '..', '..', '..');
const example = join(root, 'examples', 'ei_network.bss2');

async function run(args: string[], colour = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), colour };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'bss2-cli-'));
const broken = join(dir, 'broken.bss2');
writeFileSync(broken, 'experiment e {}\npopulation p : AdEx[4] {\n\ttua_m = 20 ms\n}\nrecord p : spikes\n');
const warned = join(dir, 'warned.bss2');
writeFileSync(warned, 'population p : AdEx[4]\n');

describe('bss2 check', () => {
  it('exits 0 and says so for a clean file', async () => {
    const r = await run(['check', '--quiet', example]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '1 file checked: no problems found\n');
    assert.equal(r.stderr, '');
  });

  it('prints what each file uses of the chip as a table, and as "resources" with --json', async () => {
    const r = await run(['check', example]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /ei_network\.bss2: chip resources/);
    assert.match(r.stdout, /neuron circuits\s+400 \/ 512/);
    assert.match(r.stdout, /MADC channels\s+2 \/ 2/);
    const json = JSON.parse((await run(['check', '--json', example])).stdout) as {
      files: Array<{ resources: { neuronCircuits: { total: { used: number; available: number } }; synapseRows: { perPadiBus: unknown[] } } }>;
    };
    assert.deepEqual(json.files[0].resources.neuronCircuits.total, { used: 400, available: 512 });
    assert.equal(json.files[0].resources.synapseRows.perPadiBus.length, 8);
  });

  it('prints file:line:col: error CODE: message, the source line and a caret under the token; exits 1', async () => {
    const r = await run(['check', '-q', broken]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      `${broken}:3:2: error BSS2-E012: unknown parameter 'tua_m' for AdEx population 'p'; did you mean 'tau_m'?\n` +
        '  3 | \ttua_m = 20 ms\n' +
        '    | \t^~~~~\n' +
        '1 file checked: 1 error, 0 warnings\n',
    );
  });

  it('warnings alone exit 0', async () => {
    const r = await run(['check', warned]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /warned\.bss2:1:1: warning BSS2-W001: no experiment statement/);
    assert.match(r.stdout, /1 file checked: 0 errors, 1 warning\n$/);
  });

  it('--json prints LSP diagnostics per file, whatever the exit code', async () => {
    const r = await run(['check', '--json', example, broken]);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { files: Array<{ file: string; diagnostics: Array<Record<string, unknown>> }> };
    assert.deepEqual(out.files.map((f) => [f.file, f.diagnostics.length]), [[example, 0], [broken, 1]]);
    assert.deepEqual(out.files[1].diagnostics[0], {
      range: { start: { line: 2, character: 1 }, end: { line: 2, character: 6 } },
      severity: 1,
      code: 'BSS2-E012',
      source: 'bss2',
      message: "unknown parameter 'tua_m' for AdEx population 'p'; did you mean 'tau_m'?",
      data: { suggestion: 'tau_m' },
    });
  });

  it('a missing file or a directory is a clear error on stderr and exit 2; the other files are still checked', async () => {
    const r = await run(['check', '--quiet', join(dir, 'nope.bss2'), dir, example]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read '.*nope\.bss2': no such file/);
    assert.match(r.stderr, /it is a directory/);
    assert.equal(r.stdout, '1 file checked: no problems found\n');
  });

  it('bad usage exits 2 with the usage text', async () => {
    assert.equal((await run(['check'])).code, 2);
    const r = await run(['check', '--jsn', example]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--jsn'/);
  });

  it('colours only when asked (stdout is a terminal)', async () => {
    assert.ok(!(await run(['check', broken])).stdout.includes('\x1b['));
    assert.ok((await run(['check', broken], true)).stdout.includes('\x1b[1;31m'));
  });
});

describe('bss2 dispatcher', () => {
  it('--help lists the commands, --version prints the version', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /check +check experiment files/);
    const version = await run(['--version']);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('an unknown command is a message and exit 2', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
  });

  it('runs as a program: exit codes 0, 1 and 2 from a real process', async () => {
    const exec = promisify(execFile);
    const cli = (args: string[]) =>
      exec(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), ...args], { cwd: root }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const [ok, bad, missing] = await Promise.all([cli(['check', example]), cli(['check', broken]), cli(['check', join(dir, 'nope')])]);
    assert.equal(ok.code, 0);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /error BSS2-E012/);
    assert.equal(missing.code, 2);
  });
});
