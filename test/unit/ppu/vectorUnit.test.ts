/**
 * The vector unit's lane arithmetic against reference values worked out by hand from the saturation and
 * fractional-multiply definitions of the Nux vector extension (facts §7).
 */
import assert from 'node:assert/strict';
import { binaryLane, mulFrac, saturate, unary, wrap } from '../../../emulator/ppu/vectorUnit';

describe('PPU vector unit', () => {
  it('adds and subtracts with saturation at the 8-bit and 16-bit bounds', () => {
    assert.equal(binaryLane('add', 100, 100, 8), 127);
    assert.equal(binaryLane('add', -100, -100, 8), -128);
    assert.equal(binaryLane('add', 127, 1, 8), 127);
    assert.equal(binaryLane('sub', -128, 1, 8), -128);
    assert.equal(binaryLane('sub', 0, -128, 8), 127);
    assert.equal(binaryLane('add', 60, 3, 8), 63);
    assert.equal(binaryLane('add', 32767, 1, 16), 32767);
    assert.equal(binaryLane('sub', -32768, 1, 16), -32768);
    assert.equal(binaryLane('add', 200, 100, 16), 300);
  });

  it('multiplies fractions: product shifted left by one, upper bits kept, only (-1)(-1) saturates', () => {
    assert.equal(mulFrac(64, 64, 8), 32); // 0.5 * 0.5 = 0.25
    assert.equal(mulFrac(-128, -128, 8), 127); // (-1)(-1) -> largest positive
    assert.equal(mulFrac(-128, 127, 8), -127);
    assert.equal(mulFrac(127, 127, 8), 126);
    assert.equal(mulFrac(-1, 1, 8), -1); // floor of a tiny negative product
    assert.equal(mulFrac(16384, 16384, 16), 8192);
    assert.equal(mulFrac(-32768, -32768, 16), 32767);
  });

  it('shifts: right is arithmetic (towards -inf), left keeps the low bits', () => {
    assert.equal(binaryLane('shr', -1, 2, 8), -1);
    assert.equal(binaryLane('shr', -128, 7, 8), -1);
    assert.equal(binaryLane('shr', 127, 3, 8), 15);
    assert.equal(binaryLane('shl', 64, 1, 8), -128);
    assert.equal(binaryLane('shl', 3, 2, 8), 12);
    assert.equal(binaryLane('shl', 0x4000, 1, 16), -32768);
  });

  it('negates and takes magnitudes with saturation; narrows with saturation', () => {
    const out = new Int32Array(3);
    unary('neg', out, Int32Array.from([-128, 127, 0]), 8);
    assert.deepEqual([...out], [127, -127, 0]);
    unary('abs', out, Int32Array.from([-128, -5, 5]), 8);
    assert.deepEqual([...out], [127, 5, 5]);
    unary('narrow', out, Int32Array.from([300, -300, -7]), 8);
    assert.deepEqual([...out], [127, -128, -7]);
  });

  it('wraps and saturates at the edges', () => {
    assert.equal(wrap(128, 8), -128);
    assert.equal(wrap(-129, 8), 127);
    assert.equal(wrap(65535, 16), -1);
    assert.equal(saturate(1e9, 16), 32767);
    assert.equal(binaryLane('min', -3, 4, 8), -3);
    assert.equal(binaryLane('max', -3, 4, 8), 4);
  });
});
