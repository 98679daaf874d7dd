import assert from 'node:assert/strict';
import { type DriverGrant, type LabelSet, type RowSelectGroup, allocateDrivers, isolatingMask } from '../../../server/mapper/driverAllocation';

const ALL: LabelSet = { lo: -1, hi: -1 };
const group = (rowSelect: number, labels: LabelSet = ALL): RowSelectGroup => ({ rowSelect, labels });

/** Does the driver at `position` take an event with `rowSelect` (facts §5.1)? */
const takes = (position: number, mask: number, rowSelect: number) => (rowSelect & mask) === (position & mask);

describe('mapper: synapse drivers of one PADI bus', () => {
  it('the widest forwarding mask keeps out what it can, and reports what it cannot', () => {
    assert.equal(isolatingMask(5, [5], [4]), 31);
    assert.equal(isolatingMask(7, [5], [4]), 0b11101);
    assert.equal(isolatingMask(4, [5], [4]), undefined);
  });

  it('gives one address group all 32 drivers when it is alone on the bus', () => {
    const a = allocateDrivers([{ key: 0, rowSelects: [0], drivers: 32 }], [group(0)]);
    assert.ok(a.ok);
    assert.equal(a.grants.get(0)!.length, 32);
  });

  it('shares drivers between groups as demand asks, and every grant keeps the clashing groups out', () => {
    // Classes 0, 1 and 3 on bus 0 with clashing labels: class 1 lies between the other two in the row-select.
    const present = [group(0), group(1), group(3)];
    const requests = [
      { key: 0, rowSelects: [0], drivers: 15 },
      { key: 1, rowSelects: [1], drivers: 8 },
      { key: 3, rowSelects: [3], drivers: 9 },
    ];
    const a = allocateDrivers(requests, present);
    assert.ok(a.ok);
    const positions = new Set<number>();
    for (const r of requests) {
      const grants: DriverGrant[] = a.grants.get(r.key)!;
      assert.equal(grants.length, r.drivers);
      for (const g of grants) {
        positions.add(g.position);
        assert.ok(takes(g.position, g.rowAddressCompareMask, r.rowSelects[0]));
        for (const other of present) if (other.rowSelect !== r.rowSelects[0]) assert.ok(!takes(g.position, g.rowAddressCompareMask, other.rowSelect));
      }
    }
    assert.equal(positions.size, 32);
  });

  it('names the group that cannot get its drivers, with how many could serve it', () => {
    const a = allocateDrivers([{ key: 1, rowSelects: [1], drivers: 9 }], [group(0), group(1), group(3)]);
    assert.deepEqual(a, { ok: false, key: 1, requested: 9, eligible: 8 });
  });

  it('groups whose labels do not clash need not be kept apart', () => {
    const low: LabelSet = { lo: -1, hi: 0 };
    const high: LabelSet = { lo: 0, hi: -1 };
    const a = allocateDrivers([{ key: 1, rowSelects: [1], drivers: 20 }], [group(0, low), group(1, high), group(3, low)]);
    assert.ok(a.ok);
    assert.equal(a.grants.get(1)!.length, 20);
  });
});
