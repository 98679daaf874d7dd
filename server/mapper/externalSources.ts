/**
 * Poisson and SpikeArray populations as spike trains the FPGA plays into the chip (facts §9.3). Times are
 * hardware us (numerically the biological ms, SPEEDUP 1000) on the FPGA's 8 ns grid. Poisson trains are drawn
 * from the stream `createStream(seed, 'poisson', population, index)` of common/random.ts: exponential
 * inter-spike intervals from `start` until `stop` or the end of the experiment.
 */
import { CLOCKS, EVENTS } from '../../common/chip/limits';
import { createStream } from '../../common/random';
import type { PoissonPopulation, SpikeArrayPopulation } from '../language/model';
import { MapperCode } from './codes';
import { type MapContext, fmt } from './context';
import { bioMsToHardwareUs } from './translateParameters';

const TICKS_PER_US = CLOCKS.fpgaHz / 1e6;

function onFpgaGrid(us: number): number {
  return Math.round(us * TICKS_PER_US) / TICKS_PER_US;
}

export type ExternalPopulation = PoissonPopulation | SpikeArrayPopulation;

/** The spike times (hardware us) of every member of an external population. */
export function spikeTrains(ctx: MapContext, population: ExternalPopulation, durationUs: number): number[][] {
  if (population.type === 'SpikeArray') {
    return Array.from({ length: population.size }, (_, i) =>
      (population.times[i] ?? population.times[0] ?? [])
        .map((ms) => onFpgaGrid(bioMsToHardwareUs(ms)))
        .filter((t) => t >= 0 && t < durationUs)
        .sort((a, b) => a - b),
    );
  }
  if (!ctx.options.generateSpikeTrains) return Array.from({ length: population.size }, () => []);
  const rateHwPerUs = population.rate.value / 1000; // Hz bio = events per ms bio = events per us hardware
  const start = Math.max(0, bioMsToHardwareUs(population.start.value));
  const stop = Math.min(durationUs, bioMsToHardwareUs(population.stop.value));
  return Array.from({ length: population.size }, (_, i) => {
    const times: number[] = [];
    if (!(rateHwPerUs > 0) || stop <= start) return times;
    const random = createStream(ctx.seed, 'poisson', population.name, i);
    for (let t = start + random.nextExponential(rateHwPerUs); t < stop; t += random.nextExponential(rateHwPerUs)) {
      times.push(onFpgaGrid(t));
    }
    return times;
  });
}

/** Expected number of external spikes, from the rates, for the playback-memory check when trains are not drawn. */
export function expectedSpikeCount(population: ExternalPopulation, durationUs: number): number {
  if (population.type === 'SpikeArray') return population.times.reduce((n, t) => n + t.length, 0) * (population.times.length === 1 ? population.size : 1);
  const start = Math.max(0, bioMsToHardwareUs(population.start.value));
  const stop = Math.min(durationUs, bioMsToHardwareUs(population.stop.value));
  return Math.max(0, stop - start) * (population.rate.value / 1000) * population.size;
}

/**
 * The playback memory holds 4 194 304 instructions; each spike needs at least one third of one (3 labels per
 * spike pack), and we count one instruction per spike, which is what trains of distinct times need.
 */
export function checkPlaybackMemory(ctx: MapContext, counts: Map<ExternalPopulation, number>): void {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total <= EVENTS.playbackInstructions) return;
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [largest, n] = sorted[0];
  ctx.error(
    MapperCode.PlaybackMemoryExceeded,
    largest.type === 'Poisson' ? (largest.rate.range ?? largest.nameRange) : (largest.timesRange ?? largest.nameRange),
    `the external sources need ${fmt(total)} spikes (population '${largest.name}' ${fmt(n)}), more than the FPGA playback memory of ` +
      `${EVENTS.playbackInstructions} instructions holds ([FISCH] constants.h playback_memory_size_to_fpga)`,
    { limit: EVENTS.playbackInstructions, found: total },
    sorted.slice(1).map(([p, k]) => ({ range: p.nameRange, message: `population '${p.name}' sends ${fmt(k)} spikes` })),
  );
}
