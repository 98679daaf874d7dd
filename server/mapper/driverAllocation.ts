/**
 * Which synapse drivers of one PADI bus serve which sources (facts §5.1, §9.2).
 *
 * An event on a PADI bus carries a 5-bit row-select (label bits 10..6) and a 6-bit synapse label (bits 5..0).
 * The driver at position k (0..31) on the bus takes the event iff `(rowSelect & mask) == (k & mask)`, where
 * `mask` is its 5-bit `row_address_compare_mask` ([HALDLS] synapse_driver.h); its synapses then compare the
 * synapse label. So a driver may take several row-selects, and that is harmless as long as no two sources it
 * takes share a synapse label: a synapse could not tell them apart.
 *
 A request asks for drivers for a set of row-selects whose sources have distinct labels (an address class,
 * labels.ts: a class of neurons spans two row-selects, one per half of the neuron columns). Driver k can serve
 * it exclusively iff some mask forwards all of its row-selects to k and keeps out every other row-select whose
 * labels overlap the request's. The widest mask that still forwards them, `~OR(k ^ r)`, keeps out most, so
 * driver k is eligible iff that mask tells each conflicting row-select r' apart: `(r' & mask) != (k & mask)`.
 * Giving every request its drivers is then a bipartite assignment (requested drivers x eligible drivers),
 * solved exactly by augmenting paths. This is the isolating-mask idea of [GRENADE] routing/greedy synapse_driver_on_padi_bus_manager, with
 * an exact assignment instead of a greedy one.
 */
import { EVENT_LABEL, FIELDS, TOPOLOGY } from '../../common/chip/limits';

const ROW_SELECT_MASK = FIELDS.rowAddressCompareMask[1];

/** The 64 synapse labels as two 32-bit words (bit l set: label l is in use). */
export interface LabelSet {
  lo: number;
  hi: number;
}

export interface RowSelectGroup {
  rowSelect: number;
  labels: LabelSet;
}

export interface DriverRequest {
  /** The caller's name for the request (its address class). */
  key: number;
  /** Row-selects of the sources whose synapses the drivers carry. */
  rowSelects: readonly number[];
  drivers: number;
}

export interface DriverGrant {
  /** Position on the bus (0..31); the driver's index in its hemisphere is position * 4 + bus. */
  position: number;
  rowAddressCompareMask: number;
}

export type DriverAllocation =
  | { ok: true; grants: Map<number, DriverGrant[]> }
  | { ok: false; key: number; requested: number; eligible: number };

export function rowSelectOfLabel(label: number): number {
  return (label >> EVENT_LABEL.rowSelectShift) & EVENT_LABEL.rowSelectMask;
}

function overlaps(a: LabelSet, b: LabelSet): boolean {
  return (a.lo & b.lo) !== 0 || (a.hi & b.hi) !== 0;
}

/** The compare mask that forwards `rowSelects` to `position` and keeps out `conflicting`, if any does. */
export function isolatingMask(position: number, rowSelects: readonly number[], conflicting: readonly number[]): number | undefined {
  let differ = 0;
  for (const r of rowSelects) differ |= position ^ r;
  const mask = ~differ & ROW_SELECT_MASK;
  for (const other of conflicting) if ((other & mask) === (position & mask)) return undefined;
  return mask;
}

/**
 * The row-select groups of every source whose events reach one PADI bus of one hemisphere. A source is
 * described by its 14-bit event label; sources that reach both hemispheres are added to both.
 */
export class BusSources {
  private readonly groups = new Map<number, Map<number, LabelSet>>();

  add(hemisphere: number, bus: number, label: number): void {
    const key = hemisphere * TOPOLOGY.padiBusesPerHemisphere + bus;
    let byRowSelect = this.groups.get(key);
    if (!byRowSelect) this.groups.set(key, (byRowSelect = new Map()));
    const r = rowSelectOfLabel(label);
    let set = byRowSelect.get(r);
    if (!set) byRowSelect.set(r, (set = { lo: 0, hi: 0 }));
    const l = label & EVENT_LABEL.synapseLabelMask;
    if (l < 32) set.lo |= 1 << l;
    else set.hi |= 1 << (l - 32);
  }

  on(hemisphere: number, bus: number): RowSelectGroup[] {
    const byRowSelect = this.groups.get(hemisphere * TOPOLOGY.padiBusesPerHemisphere + bus);
    if (!byRowSelect) return [];
    return [...byRowSelect].map(([rowSelect, labels]) => ({ rowSelect, labels })).sort((a, b) => a.rowSelect - b.rowSelect);
  }
}

/**
 * Gives each request its drivers on one bus, or names a request that cannot be served. `present` lists every
 * row-select group on the bus (also those of sources that need no synapse here): they are what a driver must
 * keep out. Deterministic: the lowest positions are tried first.
 */
export function allocateDrivers(requests: readonly DriverRequest[], present: readonly RowSelectGroup[]): DriverAllocation {
  const positions = TOPOLOGY.driversPerPadiBus;
  const eligible = requests.map((request) => {
    const own: LabelSet = { lo: 0, hi: 0 };
    for (const g of present) {
      if (!request.rowSelects.includes(g.rowSelect)) continue;
      own.lo |= g.labels.lo;
      own.hi |= g.labels.hi;
    }
    const conflicting = present.filter((g) => !request.rowSelects.includes(g.rowSelect) && overlaps(g.labels, own)).map((g) => g.rowSelect);
    const list: Array<{ position: number; mask: number }> = [];
    for (let k = 0; k < positions; k++) {
      const mask = isolatingMask(k, request.rowSelects, conflicting);
      if (mask !== undefined) list.push({ position: k, mask });
    }
    return list;
  });

  // Augmenting paths (Kuhn): one left node per requested driver, the 32 positions on the right.
  const owner = new Int32Array(positions).fill(-1);
  const units: number[] = [];
  const order = requests.map((_, i) => i).sort((a, b) => eligible[a].length - eligible[b].length || requests[a].key - requests[b].key);
  for (const i of order) for (let n = 0; n < requests[i].drivers; n++) units.push(i);
  const unitOwner = new Int32Array(positions).fill(-1);
  const tryUnit = (u: number, seen: Uint8Array): boolean => {
    for (const { position } of eligible[units[u]]) {
      if (seen[position]) continue;
      seen[position] = 1;
      if (unitOwner[position] < 0 || tryUnit(unitOwner[position], seen)) {
        unitOwner[position] = u;
        owner[position] = units[u];
        return true;
      }
    }
    return false;
  };
  for (let u = 0; u < units.length; u++) {
    if (!tryUnit(u, new Uint8Array(positions))) {
      const r = requests[units[u]];
      return { ok: false, key: r.key, requested: r.drivers, eligible: eligible[units[u]].length };
    }
  }

  const grants = new Map<number, DriverGrant[]>();
  for (const r of requests) grants.set(r.key, []);
  for (let k = 0; k < positions; k++) {
    if (owner[k] < 0) continue;
    const i = owner[k];
    const mask = eligible[i].find((e) => e.position === k)!.mask;
    grants.get(requests[i].key)!.push({ position: k, rowAddressCompareMask: mask });
  }
  return { ok: true, grants };
}
