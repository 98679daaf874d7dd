import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateChipConfiguration } from '../../../common/chip/validate';
import { analyze } from '../../../server/language';
import { mapExperiment } from '../../../server/mapper';

describe('mapper: examples from their source text', () => {
  it('checks and maps examples/ei_network.bss2 without any diagnostic', () => {
    const analysis = analyze(readFileSync(join(__dirname, '../../../examples/ei_network.bss2'), 'utf8'));
    assert.deepEqual(analysis.diagnostics, []);
    assert.ok(analysis.experiment);
    const result = mapExperiment(analysis.experiment);
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.configuration);
    assert.deepEqual(validateChipConfiguration(result.configuration), []);
    assert.equal(result.resources.neuronCircuits.total.used, 400);
    assert.equal(result.configuration.recording.madc.length, 2);
  });

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
