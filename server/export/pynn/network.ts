/**
 * The network an exported script builds, resolved the way the emulator resolves it, so that both runs can
 * have identical inputs:
 *   - connections of every projection, expanded by the mapper's own `expandConnector` (same seed, same
 *     occurrence numbering as `mapExperiment`): the exact synapses the emulator simulates;
 *   - spike trains of Poisson and SpikeArray populations as the mapper hands them to the emulator
 *     (`spikeTrains`: seeded streams, FPGA time grid), in biological ms.
 * Nothing here depends on the chip: the software backends export experiments that do not fit it, too.
 */
import type { Experiment, Projection } from '../../language/model';
import { expandConnector, type Connections } from '../../mapper/connectivity';
import { MapContext } from '../../mapper/context';
import { type ExternalPopulation, spikeTrains } from '../../mapper/externalSources';
import { bioMsToHardwareUs, hardwareUsToBioMs } from '../../mapper/translateParameters';

export interface ResolvedProjection {
  projection: Projection;
  /** Population-relative indices and chip weights (0..63, above with split_weights) of every connection. */
  connections: Connections;
}

export interface ResolvedNetwork {
  experiment: Experiment;
  seed: number;
  projections: ResolvedProjection[];
  /** Spike times (biological ms, sorted) of every member of each Poisson/SpikeArray population. */
  trains: Map<string, number[][]>;
}

export function resolveNetwork(experiment: Experiment): ResolvedNetwork {
  const ctx = new MapContext(experiment, { generateSpikeTrains: true });
  const occurrences = new Map<string, number>();
  const projections = experiment.projections.map((projection) => {
    const k = occurrences.get(projection.name) ?? 0;
    occurrences.set(projection.name, k + 1);
    return { projection, connections: expandConnector(projection, ctx.seed, k) };
  });
  const durationUs = bioMsToHardwareUs(experiment.duration.value);
  const trains = new Map<string, number[][]>();
  for (const p of experiment.populations) {
    if (p.type !== 'Poisson' && p.type !== 'SpikeArray') continue;
    trains.set(p.name, spikeTrains(ctx, p as ExternalPopulation, durationUs).map((t) => t.map(hardwareUsToBioMs)));
  }
  return { experiment, seed: ctx.seed, projections, trains };
}
