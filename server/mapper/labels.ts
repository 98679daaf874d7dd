/**
 * Event addresses on the PADI buses.
 *
 * Every event carries a 14-bit label; on a PADI bus, bits 10..6 are the row-select and bits 5..0 the synapse label
 * (facts §9.1). We give each source an 8-bit address on one of the four PADI bus indices (shared by both
 * hemispheres, since a neuron's events reach bus (column / 32) mod 4 of both): address bits 5..0 are its synapse
 * label, bits 7..6 the low two bits of its row-select. Sources with the same row-select thus have distinct
 * labels; driverAllocation.ts gives each row-select drivers whose `row_address_compare_mask` (facts §5.1) keeps
 * out every other source with a clashing label, so a synapse row tells its sources apart (facts §12.8).
 *
 *   neuron circuit:   label = event_output << 8 | address   (address = the circuit's 8-bit address_out)
 *   external (FPGA):  label = bus << 8 | address            (the L2 crossbar node of bus b passes bits 10..8 == b)
 *   background gen.:  label = bus << 8 | base, mask 2^k - 1 (virtual source i has address base | i)
 *
 * Allocation order: presynaptic neurons (in placement order, from address 0 up), then background blocks
 * (aligned to their size), then external sources, each on the bus index with most free addresses (ties: the
 * lowest), from address 255 down. A bus index has 128 neuron circuits, so presynaptic neurons always get
 * addresses below 128. Filling from both ends keeps the classes in use far apart in the row-select: with
 * classes 0 and 3 each may use 24 of the 32 drivers, with 0, 1 and 3 only class 1 (the neurons' second, usually
 * the least used) is confined to 8 (driverAllocation.ts). Neurons that project nowhere take
 * addresses from 128 up (unique per event output, for spike recording); the crossbar nodes from neuron outputs to
 * PADI buses pass only labels with bit 7 clear, so their events never occupy bus addresses.
 */
import { TOPOLOGY } from '../../common/chip/limits';

export const ADDRESSES_PER_BUS = 256;
export const NEURON_SILENT_ADDRESS_BASE = 128;
/** Sources of one address class (address bits 7..6) on a bus have distinct 6-bit synapse labels. */
export const LABELS_PER_CLASS = 64;
export const ADDRESS_CLASSES = ADDRESSES_PER_BUS / LABELS_PER_CLASS;

export function addressClass(address: number): number {
  return Math.floor(address / LABELS_PER_CLASS);
}

/** The address class carried in the low row-select bits (address bits 7..6 are label bits 7..6). */
export function rowSelectClass(rowSelect: number): number {
  return rowSelect & (ADDRESS_CLASSES - 1);
}
/** Crossbar filter of neuron outputs onto PADI buses: pass labels with address bit 7 clear. */
export const NEURON_TO_BUS_MASK = 0x80;

export class BusAddressSpace {
  private readonly used = new Uint8Array(TOPOLOGY.padiBusesPerHemisphere * ADDRESSES_PER_BUS);
  private readonly count = new Int32Array(TOPOLOGY.padiBusesPerHemisphere);

  free(bus: number): number {
    return ADDRESSES_PER_BUS - this.count[bus];
  }

  /**
   * A free block of `size` addresses aligned to `size` (a power of two) on `bus`, or -1: the lowest one, or
   * with `fromTop` the highest one.
   */
  allocate(bus: number, size = 1, fromTop = false): number {
    const base = bus * ADDRESSES_PER_BUS;
    const blocks = ADDRESSES_PER_BUS / size;
    for (let b = 0; b < blocks; b++) {
      const start = (fromTop ? blocks - 1 - b : b) * size;
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
}
