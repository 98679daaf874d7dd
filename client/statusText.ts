/**
 * The text of the status-bar item for the active `.bss2` file: `BSS-2 412/512 neurons`, with the other chip
 * resources in the tooltip. Pure, so that the wording is tested without VS Code.
 */
import type { ResourceReport, Usage } from '../server/mapper/resources';

export interface StatusText {
  text: string;
  tooltip: string;
  /** Something does not fit on the chip: the item shows a warning colour. */
  overLimit: boolean;
}

function line(label: string, u: Usage): string {
  const percent = u.available > 0 ? Math.round((100 * u.used) / u.available) : 0;
  return `${label}: ${u.used.toLocaleString('en-US')} / ${u.available.toLocaleString('en-US')} (${percent} %)${u.used > u.available ? ' — does not fit' : ''}`;
}

function sum(us: Usage[]): Usage {
  return us.reduce((a, u) => ({ used: a.used + u.used, available: a.available + u.available }), { used: 0, available: 0 });
}

export function chipUsageStatus(resources: ResourceReport | undefined, errors: number): StatusText {
  if (!resources) {
    return { text: 'BSS-2', tooltip: errors > 0 ? `BrainScaleS-2: ${errors} error${errors === 1 ? '' : 's'}; no chip usage yet` : 'BrainScaleS-2: no experiment in this file', overLimit: false };
  }
  const n = resources.neuronCircuits.total;
  const rows = sum(resources.synapseRows.perHemisphere);
  const drivers = sum(resources.synapseDrivers.perHemisphere);
  const usages = [n, rows, drivers, resources.synapses, resources.backgroundGenerators, resources.madcChannels, resources.cadcChannels, resources.externalSpikes];
  const overLimit = usages.some((u) => u.used > u.available) || resources.fanIn.some((f) => f.rows > f.available);
  const text = `${overLimit ? '$(warning) ' : ''}BSS-2 ${n.used}/${n.available} neurons`;
  const tooltip = [
    'BrainScaleS-2 chip usage of this experiment',
    line('Neuron circuits', n),
    line('Synapse rows', rows),
    line('Synapse drivers', drivers),
    line('Synapses', resources.synapses),
    line('Background generators', resources.backgroundGenerators),
    line('MADC channels', resources.madcChannels),
    line('CADC channels', resources.cadcChannels),
    line('External spikes', resources.externalSpikes),
    ...(errors > 0 ? [`${errors} error${errors === 1 ? '' : 's'} in the file`] : []),
    'Click to show the chip.',
  ].join('\n');
  return { text, tooltip, overLimit };
}
