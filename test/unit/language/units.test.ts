import assert from 'node:assert/strict';
import { analyze } from '../../../server/language';
import { Code } from '../../../server/language/codes';
import type { NeuronPopulation } from '../../../server/language/model';
import { UNITS, convertLiteral, convertValue, lookupUnit, type Dimension } from '../../../server/language/units';

/** Every unit of the language and the value of `1 <unit>` in internal units (ms, mV, pA, nS, pF, Hz). */
const ONE: Record<string, [Dimension, number]> = {
  s: ['time', 1000], ms: ['time', 1], us: ['time', 0.001], ns: ['time', 1e-6],
  V: ['voltage', 1000], mV: ['voltage', 1], uV: ['voltage', 0.001],
  A: ['current', 1e12], mA: ['current', 1e9], uA: ['current', 1e6], nA: ['current', 1000], pA: ['current', 1],
  S: ['conductance', 1e9], mS: ['conductance', 1e6], uS: ['conductance', 1000], nS: ['conductance', 1], pS: ['conductance', 0.001],
  F: ['capacitance', 1e12], uF: ['capacitance', 1e6], nF: ['capacitance', 1000], pF: ['capacitance', 1],
  Hz: ['frequency', 1], kHz: ['frequency', 1000],
};

/** A parameter of each dimension, to write a quantity into a file. */
const PARAMETER_OF: Record<Exclude<Dimension, 'dimensionless'>, string> = {
  time: 'tau_m', voltage: 'v_rest', current: 'i_offset', conductance: 'a', capacitance: 'cm', frequency: 'rate',
};

function valueIn(param: string, text: string): number | undefined {
  const isRate = param === 'rate';
  const source = isRate ? `population d : Poisson[1] { rate = ${text} }` : `population p : AdEx[1] { ${param} = ${text} }`;
  const a = analyze(`experiment e {}\n${source}`);
  const errors = a.diagnostics.filter((d) => d.severity === 1);
  if (errors.length) return undefined;
  const pop = a.experiment!.populations[0];
  return isRate ? (pop as { rate: { value: number } }).rate.value : (pop as NeuronPopulation).params[param as keyof NeuronPopulation['params']].value;
}

describe('units', () => {
  it('the table holds exactly the units of the language', () => {
    assert.deepEqual(UNITS.map((u) => u.symbol).sort(), Object.keys(ONE).sort());
  });

  for (const [symbol, [dimension, one]] of Object.entries(ONE)) {
    it(`${symbol} is ${dimension} and 1 ${symbol} = ${one} in internal units, read from a file`, () => {
      assert.equal(lookupUnit(symbol)?.dimension, dimension);
      assert.equal(convertLiteral('1', lookupUnit(symbol)), one);
      assert.equal(valueIn(PARAMETER_OF[dimension as keyof typeof PARAMETER_OF], `1 ${symbol}`), one);
    });
  }

  it('accepts µ (micro sign) and μ (Greek mu) for u', () => {
    assert.equal(lookupUnit('µs')?.symbol, 'us');
    assert.equal(lookupUnit('μA')?.symbol, 'uA');
    assert.equal(valueIn('tau_m', '500 µs'), 0.5);
  });

  it('converts literals with correct rounding', () => {
    assert.equal(convertLiteral('0.281', lookupUnit('nF')), 281);
    assert.equal(convertLiteral('0.0805', lookupUnit('nA')), 80.5);
    assert.equal(convertLiteral('1e-3', lookupUnit('s')), 1);
    assert.equal(convertLiteral('-70', lookupUnit('mV')), -70);
    assert.equal(convertLiteral('5', lookupUnit('us')), 0.005);
    assert.equal(convertValue(5, lookupUnit('us')), 0.005);
    assert.equal(valueIn('cm', '0.281 nF'), 281);
  });

  it('is case-sensitive: mv and hz are not units', () => {
    assert.equal(lookupUnit('mv'), undefined);
    assert.equal(lookupUnit('hz'), undefined);
  });

  const dimensions = Object.keys(PARAMETER_OF) as Array<keyof typeof PARAMETER_OF>;
  const NOUN: Record<string, string> = { time: 'a time', voltage: 'a voltage', current: 'a current', conductance: 'a conductance', capacitance: 'a capacitance', frequency: 'a frequency' };
  for (const expected of dimensions) {
    for (const found of dimensions.filter((d) => d !== expected)) {
      it(`a ${found} where ${NOUN[expected]} is expected is a dimension error that says so`, () => {
        const unit = Object.entries(ONE).find(([, [d]]) => d === found)![0];
        const param = PARAMETER_OF[expected];
        const line = param === 'rate' ? `population d : Poisson[1] { rate = 1 ${unit} }` : `population p : AdEx[1] { ${param} = 1 ${unit} }`;
        const d = analyze(line).diagnostics.find((x) => x.code === Code.WrongDimension);
        assert.ok(d, `no dimension error for ${param} = 1 ${unit}`);
        assert.match(d.message, new RegExp(`expected ${NOUN[expected]}, found ${NOUN[found]} \\(${unit}\\)`));
        const start = line.indexOf(` ${unit} }`) + 1;
        assert.deepEqual(d.range, { start: { line: 0, character: start }, end: { line: 0, character: start + unit.length } });
      });
    }
  }

  it('a unit on a plain number is a dimension error', () => {
    const d = analyze('experiment e { seed = 3 ms }').diagnostics.find((x) => x.code === Code.WrongDimension);
    assert.match(d!.message, /expected a plain number/);
  });

  it('0 needs no unit, any other value does', () => {
    assert.equal(valueIn('i_offset', '0'), 0);
    assert.ok(analyze('population p : AdEx[1] { i_offset = 5 }').diagnostics.some((d) => d.code === Code.MissingUnit));
  });
});
