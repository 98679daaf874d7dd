/** Results files: names by experiment and time, atomic writes that never overwrite, listing, validated reading. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleResults } from './helpers';
import { listResults, readResultsFile, resolveResultsFolder, resultsFileName, safeFileStem, saveResults } from '../../../client/run/resultsStore';


describe('client: results store', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'bss2-results-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('names a file by experiment and local time, marking runs that did not finish', () => {
    const date = new Date(2026, 10, 25, 21, 30, 5, 123);
    assert.equal(resultsFileName('synfire', date), 'synfire-20261125-213005-123.json');
    assert.equal(resultsFileName('synfire', date, 'cancelled'), 'synfire-20261125-213005-123-cancelled.json');
    assert.equal(safeFileStem('../../etc/passwd'), 'etc_passwd');
    assert.equal(safeFileStem('a/b\\c:d'), 'a_b_c_d');
    assert.equal(safeFileStem('...'), 'experiment');
    assert.equal(safeFileStem('x'.repeat(200)).length, 64);
  });

  it('resolves the folder setting against the workspace folder; absolute settings stand', () => {
    assert.equal(resolveResultsFolder('/ws', 'results'), '/ws/results');
    assert.equal(resolveResultsFolder('/ws', '  '), '/ws/results');
    assert.equal(resolveResultsFolder('/ws', '/data/runs'), '/data/runs');
    assert.equal(resolveResultsFolder(undefined, 'results'), undefined);
  });

  it('writes atomically (no temporary file left), never overwrites, and lists newest first', () => {
    const date = new Date(2026, 10, 25, 21, 30, 5, 123);
    const a = saveResults(join(folder, 'results'), sampleResults(), date);
    const b = saveResults(join(folder, 'results'), sampleResults(), date);
    assert.notEqual(a, b);
    assert.match(b, /synfire-20261125-213005-123-2\.json$/);
    const later = saveResults(join(folder, 'results'), sampleResults('stdp'), new Date(2026, 10, 25, 22, 0, 0, 0), 'failed');
    assert.deepEqual(readdirSync(join(folder, 'results')).filter((n) => n.endsWith('.tmp')), []);
    assert.deepEqual(JSON.parse(readFileSync(a, 'utf8')), sampleResults());
    writeFileSync(join(folder, 'results', 'notes.json'), '{}');
    const listed = listResults(join(folder, 'results'));
    assert.deepEqual(listed.map((r) => r.path), [later, b, a]);
    assert.equal(listed[0].experiment, 'stdp');
    assert.deepEqual(listResults(join(folder, 'missing')), []);
  });

  it('reads a kept file back, and explains a broken one with its name and the JSON path', () => {
    const path = saveResults(folder, sampleResults(), new Date());
    const read = readResultsFile(path);
    assert.ok(read.ok);
    assert.deepEqual(read.results, sampleResults());
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...sampleResults(), schema: 99 }));
    const bad = readResultsFile(broken);
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.error : '', /broken\.json: not BrainScaleS-2 results: schema/);
    writeFileSync(broken, '{"schema": 1,');
    assert.match((readResultsFile(broken) as { error: string }).error, /broken\.json: not JSON/);
    assert.match((readResultsFile(join(folder, 'nope.json')) as { error: string }).error, /nope\.json: cannot be read \(ENOENT\)/);
  });
});
