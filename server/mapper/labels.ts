/**
 * Event addresses on the PADI buses.
 *
 * Every event carries a 14-bit label; on a PADI bus, bits 10..6 are the row-select and bits 5..0 the synapse label
 * (facts §9.1). We give each source an 8-bit address on one of the four PADI bus indices (shared by both
 * hemispheres, since a neuron's events reach bus (column / 32) mod 4 of both): address bits 5..0 are its synapse
 * label, bits 7..6 its "class", carried in the low row-select bits. A driver compares those bits under its
 * `row_address_compare_mask` (facts §5.1), so each class has its own drivers, and a synapse row only ever sees
 * the <= 64 sources of its class, each with a distinct label (facts §12.8).
 *
 *   neuron circuit:   label = event_output << 8 | address   (address = the circuit's 8-bit address_out)
 *   external (FPGA):  label = bus << 8 | address            (the L2 crossbar node of bus b passes bits 10..8 == b)
 *   background gen.:  label = bus << 8 | base, mask 2^k - 1 (virtual source i has address base | i)
 *
 * Allocation order: presynaptic neurons (in placement order), then background blocks (aligned to their size),
 * then external sources, each on the bus index with most free addresses (ties: the lowest). A bus index has 128
 * neuron circuits, so presynaptic neurons always get addresses below 128. Neurons that project nowhere take
 * addresses from 128 up (unique per event output, for spike recording); the crossbar nodes from neuron outputs to
 * PADI buses pass only labels with bit 7 clear, so their events never occupy bus addresses.
 */
import { TOPOLOGY } from '../../common/chip/limits';

export const ADDRESSES_PER_BUS = 256;
export const LABELS_PER_CLASS = 64;
export const NEURON_SILENT_ADDRESS_BASE = 128;
/** Crossbar filter of neuron outputs onto PADI buses: pass labels with address bit 7 clear. */
export const NEURON_TO_BUS_MASK = 0x80;

export class BusAddressSpace {
  private readonly used = new Uint8Array(TOPOLOGY.padiBusesPerHemisphere * ADDRESSES_PER_BUS);
  private readonly count = new Int32Array(TOPOLOGY.padiBusesPerHemisphere);

  free(bus: number): number {
    return ADDRESSES_PER_BUS - this.count[bus];
  }

  /** Lowest free block of `size` addresses aligned to `size` (a power of two) on `bus`, or -1. */
  allocate(bus: number, size = 1): number {
    const base = bus * ADDRESSES_PER_BUS;
    for (let start = 0; start + size <= ADDRESSES_PER_BUS; start += size) {
      let ok = true;
      for (let k = 0; k < size && ok; k++) ok = this.used[base + start + k] === 0;
      if (!ok) continue;
      for (let k = 0; k < size; k++) this.used[base + start + k] = 1;
      this.count[bus] += size;
      return start;
    }
    return -1;
  }

  /** Among `buses`, the one with most free addresses; ties go to the lowest index. */
  emptiest(buses: readonly number[]): number {
    let best = buses[0];
    for (const b of buses) if (this.free(b) > this.free(best)) best = b;
    return best;
  }

  /** Number of address classes (groups of 64) in use on `bus`, from the highest used address. */
  classesInUse(bus: number): number {
    const base = bus * ADDRESSES_PER_BUS;
    for (let a = ADDRESSES_PER_BUS - 1; a >= 0; a--) if (this.used[base + a]) return Math.floor(a / LABELS_PER_CLASS) + 1;
    return 0;
  }
}

/**
 * The driver compare mask for a bus with `classes` address classes in use: 1 class needs no compare (all 32
 * drivers, 64 rows, serve it), 2 classes compare row-select bit 0 (16 drivers each), 3-4 classes bits 0..1 (8 each).
 */
export function compareMaskForClasses(classes: number): number {
  return classes <= 1 ? 0 : classes === 2 ? 1 : 3;
}

export function classOfAddress(address: number, mask: number): number {
  return (address >> 6) & mask;
}

/** Driver positions on a bus (0..31) that serve address class `cls` under compare mask `mask`. */
export function positionsOfClass(cls: number, mask: number): number[] {
  const positions: number[] = [];
  for (let k = 0; k < TOPOLOGY.driversPerPadiBus; k++) if ((k & mask) === cls) positions.push(k);
  return positions;
}
