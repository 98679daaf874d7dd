import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validateChipConfiguration } from '../../../common/chip/validate';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const examples = join(root, 'examples');

/** Runs the bundled command line as a user would, whatever its exit code. */
async function bss2(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bss2-map-'));
const tooSlow = join(dir, 'slow.bss2');
writeFileSync(tooSlow, 'experiment e { duration = 10 ms }\npopulation p : AdEx[1] { tau_m = 5 s }\n');

describe('bss2 map', function () {
  this.timeout(120000);
  before(async () => {
    await promisify(execFile)(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
  });

  for (const example of ['synfire.bss2', 'ei_network.bss2', 'stdp.bss2', 'adaptation.bss2', 'passive_cable.bss2', 'dendritic_coincidence.bss2']) {
    it(`--json prints a valid chip configuration for examples/${example}`, async () => {
      const r = await bss2(['map', join(examples, example), '--json']);
      assert.equal(r.code, 0, r.stderr);
      const config = JSON.parse(r.stdout) as unknown;
      assert.deepEqual(validateChipConfiguration(config), []);
    });
  }

  it('--json of the synfire chain places all 400 neurons and routes its projections', async () => {
    const r = await bss2(['map', '--json', join(examples, 'synfire.bss2')]);
    assert.equal(r.code, 0);
    const config = JSON.parse(r.stdout) as { neurons: unknown[]; source: { projections: string[] }; synapseRows: Array<{ projection: number[] }> };
    assert.equal(config.neurons.length, 400);
    const used = new Set(config.synapseRows.flatMap((row) => row.projection));
    assert.equal(used.size, config.source.projections.length);
  });

  it('prints placement, projections and the resource table without --json', async () => {
    const r = await bss2(['map', join(examples, 'ei_network.bss2')]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^experiment ei_network: 400 neuron circuits, \d+ synapse rows on \d+ drivers\n/);
    assert.match(r.stdout, /\n {2}exc +AdEx +320 +hemisphere 0, columns 0\.\.255\n +hemisphere 1, columns 0\.\.63\n/);
    assert.match(r.stdout, /\n {2}inh +AdEx +80 +hemisphere 1, columns 64\.\.143\n/);
    assert.match(r.stdout, /\n {2}drive +Poisson +100 +external \(FPGA\), PADI bus 0\.\.3\n/);
    assert.match(r.stdout, /\n {2}drive->exc +6400 +\d+ +\d+\n/);
    assert.match(r.stdout, /neuron circuits +400 \/ 512 \(78 %\)/);
    assert.match(r.stdout, /MADC channels +2 \/ 2/);
  });

  it('prints the errors that prevent a mapping on stderr as bss2 check does, and exits 1', async () => {
    const r = await bss2(['map', tooSlow, '--json']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /slow\.bss2:2:34: error BSS2-E111: /);
    assert.match(r.stderr, /cannot be mapped until the errors above are fixed/);
  });

  it('a missing file, no file or an unknown option exit 2 with a clear message', async () => {
    const missing = await bss2(['map', join(dir, 'nope.bss2')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^bss2 map: cannot read '.*nope\.bss2': no such file\n$/);
    const none = await bss2(['map']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no file given/);
    const option = await bss2(['map', '--jsn', join(examples, 'synfire.bss2')]);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /unknown option '--jsn'/);
  });
});
