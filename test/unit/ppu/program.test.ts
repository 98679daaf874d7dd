/**
 * The PPU program format at the process boundary: a compiled program passes the configuration validator, and
 * hand-edited programs that could crash or hang the emulator's PPU are refused with the path of the problem.
 */
import assert from 'node:assert/strict';
import { validateChipConfiguration } from '../../../common/chip/validate';
import { analyzeDocument } from '../../../server/analysis';

const TEXT = `experiment p { duration = 100 ms }
population d : Poisson[4] { rate = 10 Hz }
population c : AdEx[2]
projection d -> c { connector = all_to_all, weight = 10 }
plasticity r on d -> c every 10 ms {
    for k in 0..3 { weight = clamp(weight + 1, 0, 63) }
    reset correlation
}
`;

function configuration() {
  const a = analyzeDocument(TEXT, { generateSpikeTrains: false });
  assert.ok(a.configuration);
  return JSON.parse(JSON.stringify(a.configuration));
}

describe('PPU programs in the chip configuration', () => {
  it('a compiled program validates, and a configuration without programs still does', () => {
    const config = configuration();
    assert.deepEqual(validateChipConfiguration(config), []);
    delete config.ppuPrograms;
    assert.deepEqual(validateChipConfiguration(config), []);
  });

  it('refuses registers, loop targets, statements and columns that do not exist', () => {
    const cases: Array<[(c: any) => void, RegExp]> = [
      [(c) => { c.ppuPrograms[0].rowCode.find((i: any) => i.op === 'vload').dst = 40; }, /rowCode\[\d+\]\.dst: expected an integer in 0\.\.31/],
      [(c) => { c.ppuPrograms[0].rowCode.find((i: any) => i.op === 'loop').end = 1; }, /rowCode\[\d+\]\.end/],
      [(c) => { c.ppuPrograms[0].rowCode[0].stmt = 99; }, /rowCode\[0\]\.stmt: 99 is not an index of statements/],
      [(c) => { c.ppuPrograms[0].rowCode[0].op = 'jump'; }, /rowCode\[0\]\.op: expected one of/],
      [(c) => { c.ppuPrograms[0].columns = [3, 1]; }, /columns\[1\]: columns must be strictly ascending/],
      [(c) => { c.ppuPrograms[0].periodUs = 0; }, /periodUs/],
    ];
    for (const [mutate, expected] of cases) {
      const config = configuration();
      mutate(config);
      const problems = validateChipConfiguration(config);
      assert.ok(problems.some((p) => expected.test(p)), `${expected}: ${problems.join('; ')}`);
      assert.ok(problems.every((p) => p.startsWith('ppuPrograms[0].')), problems.join('; '));
    }
  });
});
