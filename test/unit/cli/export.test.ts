/**
 * `bss2 export` in-process, as a user sees it: the script written, the diagnostics on stderr in compiler form,
 * the exit codes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../cli/io';
import { main } from '../../../cli/main';

const root = join(__dirname, '..', '..', '..');
const examples = join(root, 'examples');

async function bss2(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), colour: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('bss2 export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bss2-export-'));

  it('writes a pyNN.neuron script and says so', async () => {
    const out = join(dir, 'adaptation_neuron.py');
    const r = await bss2('export', join(examples, 'adaptation.bss2'), '--pynn', out, '--backend', 'neuron');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /adaptation_neuron\.py: PyNN script for neuron/);
    const script = readFileSync(out, 'utf8');
    assert.match(script, /^import pyNN\.neuron as sim$/m);
    assert.match(r.stderr, /adaptation\.bss2:7:\d+: info BSS2-I515: AdEx with current-based synapses/);
  });

  it('defaults to BrainScaleS-2 and shows the export warnings with the source line', async () => {
    const out = join(dir, 'adaptation_bss2.py');
    const r = await bss2('export', join(examples, 'adaptation.bss2'), '--pynn', out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(out, 'utf8'), /^import pynn_brainscales\.brainscales2 as pynn$/m);
    assert.match(r.stderr, /adaptation\.bss2:39:1: warning BSS2-W518: StepCurrent into cell\[0\.\.1\]/);
    assert.match(r.stderr, /\n\s+39 \| stimulus cell\[0\]/);
    assert.match(r.stdout, /3 export warnings above/);
  });

  it('writes to standard output with -, and honours --duration and --seed', async () => {
    const r = await bss2('export', join(examples, 'ei_network.bss2'), '--pynn', '-', '--backend', 'nest', '--duration', '50ms', '--seed', '3');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^DURATION_MS = 50\.0/m);
    assert.match(r.stdout, /^SEED = 3$/m);
  });

  it('exits 1 and writes nothing when the backend cannot take the experiment', async () => {
    const out = join(dir, 'stdp_bss2.py');
    const r = await bss2('export', join(examples, 'stdp.bss2'), '--pynn', out, '--backend', 'brainscales2');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /stdp\.bss2:\d+:12: error BSS2-E502: plasticity rule 'stdp' cannot be exported/);
    assert.match(r.stderr, /nothing was written for brainscales2/);
    assert.equal(existsSync(out), false);
  });

  it('exits 1 for a file with errors', async () => {
    const broken = join(dir, 'broken.bss2');
    writeFileSync(broken, 'experiment e {}\npopulation p : AdEx[4] { tua_m = 20 ms }\n');
    const r = await bss2('export', broken, '--pynn', join(dir, 'broken.py'), '--backend', 'neuron');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /broken\.bss2:2:\d+: error BSS2-E012/);
  });

  it('exits 2 on bad usage and unreadable files, with the usage text', async () => {
    for (const args of [
      ['export', join(examples, 'adaptation.bss2')],
      ['export', join(examples, 'adaptation.bss2'), '--pynn', 'x.py', '--backend', 'spinnaker'],
      ['export', join(examples, 'adaptation.bss2'), '--pynn', 'x.py', '--poisson', 'sometimes'],
      ['export', join(examples, 'adaptation.bss2'), '--pynn', 'x.py', '--timestep', '5ms'],
      ['export', '--pynn', 'x.py'],
    ]) {
      const r = await bss2(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^bss2 export: .+\nUsage: bss2 export FILE --pynn OUT\.py/);
    }
    const missing = await bss2('export', join(dir, 'nope.bss2'), '--pynn', join(dir, 'nope.py'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.bss2': no such file/);
  });

  it('is listed in bss2 --help', async () => {
    const r = await bss2('--help');
    assert.match(r.stdout, /export\s+write an experiment as a PyNN script/);
    assert.match(r.stdout, /import\s+read results recorded elsewhere/);
  });
});
