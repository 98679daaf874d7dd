/**
 * An independent reading of a chip configuration: which synapses does each source's event reach? It follows the
 * chip's event path (crossbar node match, driver row-select compare, synapse label match) from the configuration
 * data alone, without any mapper code, so tests can check that the mapping realises exactly the connections asked for
 * (`requested`, from the experiment's connectors).
 */
import { expandConnector } from '../../../server/mapper/connectivity';
import type { Experiment } from '../../../server/language/model';
import type { ChipConfiguration } from '../../../common/chip/configuration';

export interface Delivered {
  /** `population[index]` of the source. */
  source: string;
  /** `population[index]` of the target neuron. */
  target: string;
  /** Signed weight (inhibitory rows negative). */
  weight: number;
}

function events(config: ChipConfiguration): Array<{ source: string; input: number; label: number }> {
  const list: Array<{ source: string; input: number; label: number }> = [];
  for (const n of config.neurons) list.push({ source: `${n.population}[${n.index}]`, input: n.column >> 5, label: ((n.column >> 5) << 8) | n.addressOut });
  for (const x of config.externalSources) list.push({ source: `${x.population}[${x.index}]`, input: 8 + x.l2Channel, label: x.label });
  for (const g of config.backgroundGenerators) {
    for (let i = 0; i < g.size; i++) list.push({ source: `${g.population}[${i}]`, input: 12 + g.index, label: (g.label & ~g.mask) | i });
  }
  return list;
}

export function deliveredConnections(config: ChipConfiguration): Delivered[] {
  const target = new Map<number, string>();
  for (const n of config.neurons) target.set(n.hemisphere * 256 + n.column, `${n.population}[${n.index}]`);
  const rows = new Map<number, ChipConfiguration['synapseRows'][number]>();
  for (const r of config.synapseRows) rows.set(r.hemisphere * 256 + r.row, r);
  const result: Delivered[] = [];
  for (const ev of events(config)) {
    for (const node of config.crossbar) {
      if (node.input !== ev.input || node.output >= 8 || (ev.label & node.mask) !== node.target) continue;
      const hemisphere = node.output >> 2;
      const bus = node.output & 3;
      for (const d of config.synapseDrivers) {
        if (d.hemisphere !== hemisphere || d.index % 4 !== bus) continue;
        const position = d.index >> 2;
        const rowSelect = (ev.label >> 6) & 31;
        if ((rowSelect & d.rowAddressCompareMask) !== (position & d.rowAddressCompareMask)) continue;
        for (const rowIndex of [2 * d.index, 2 * d.index + 1]) {
          const row = rows.get(hemisphere * 256 + rowIndex);
          if (!row) continue;
          for (let k = 0; k < row.columns.length; k++) {
            if (row.labels[k] !== (ev.label & 63)) continue;
            const t = target.get(hemisphere * 256 + row.columns[k]);
            if (t) result.push({ source: ev.source, target: t, weight: row.mode === 'inhibitory' ? -row.weights[k] : row.weights[k] });
          }
        }
      }
    }
  }
  return result;
}

/** Sums weights per (source, target) pair: split weights add up to the requested weight. */
export function summed(list: Delivered[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of list) m.set(`${d.source}->${d.target}`, (m.get(`${d.source}->${d.target}`) ?? 0) + d.weight);
  return m;
}

/** The signed weight of every (source, target) pair the experiment asks for. */
export function requested(exp: Experiment): Map<string, number> {
  const expected = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const p of exp.projections) {
    const k = seen.get(p.name) ?? 0;
    seen.set(p.name, k + 1);
    const c = expandConnector(p, exp.seed.value, k);
    const sign = p.receptor === 'inhibitory' ? -1 : 1;
    for (let e = 0; e < c.pre.length; e++) {
      const key = `${p.pre.population}[${c.pre[e]}]->${p.post.population}[${c.post[e]}]`;
      expected.set(key, (expected.get(key) ?? 0) + sign * Math.round(c.weight[e]));
    }
  }
  return expected;
}
