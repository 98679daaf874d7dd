import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateChipConfiguration } from '../../../common/chip/validate';
import { Severity } from '../../../server/language/diagnostic';
import { analyze } from '../../../server/language';
import { mapExperiment } from '../../../server/mapper';
import { deliveredConnections, requested, summed } from './delivery';

const EXAMPLES = join(__dirname, '../../../examples');

describe('mapper: examples from their source text', () => {
  it('checks and maps examples/ei_network.bss2 without any diagnostic', () => {
    const analysis = analyze(readFileSync(join(EXAMPLES, 'ei_network.bss2'), 'utf8'));
    assert.deepEqual(analysis.diagnostics, []);
    assert.ok(analysis.experiment);
    const result = mapExperiment(analysis.experiment);
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.configuration);
    assert.deepEqual(validateChipConfiguration(result.configuration), []);
    assert.equal(result.resources.neuronCircuits.total.used, 400);
    assert.equal(result.configuration.recording.madc.length, 2);
  });

  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.bss2')).sort();
  it('finds the examples', () => assert.ok(files.includes('synfire.bss2') && files.length >= 4, files.join(', ')));
  for (const file of files) {
    it(`maps ${file} without error and delivers exactly its connections through the chip event path`, () => {
      const analysis = analyze(readFileSync(join(EXAMPLES, file), 'utf8'));
      assert.ok(analysis.experiment);
      const result = mapExperiment(analysis.experiment);
      assert.deepEqual(result.diagnostics.filter((d) => d.severity === Severity.Error), []);
      assert.ok(result.configuration);
      assert.deepEqual(validateChipConfiguration(result.configuration), []);
      const expected = requested(analysis.experiment);
      const delivered = summed(deliveredConnections(result.configuration));
      assert.equal(delivered.size, expected.size);
      for (const [key, w] of expected) assert.equal(delivered.get(key), w, key);
    });
  }

  it('points a chip diagnostic at the token in the file', () => {
    const text = 'experiment e { duration = 10 ms }\npopulation p : AdEx[1] { tau_m = 5 s }\n';
    const analysis = analyze(text);
    assert.ok(analysis.experiment);
    const [d] = mapExperiment(analysis.experiment).diagnostics;
    assert.equal(d.code, 'BSS2-E111');
    assert.equal(d.range.start.line, 1);
    assert.equal(text.split('\n')[1].slice(d.range.start.character, d.range.end.character), '5 s');
  });
});
