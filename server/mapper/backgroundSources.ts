/**
 * BackgroundPoisson populations onto the 8 on-chip background generators (facts §9.4, §12.15).
 *
 * One population takes one generator in binned Poisson mode. Its N neurons are N "virtual sources": the generator
 * randomises the lowest k label bits (mask 2^k - 1, 2^k >= N) per spike, so each of the 2^k labels receives an
 * equal share. For a rate r per neuron the generator must emit R = r_hw * 2^k events per second (r_hw = r * SPEEDUP).
 * Encoding (PyNN's, [PYNN] cells.py): each bin of (period + 1) cycles of the 250 MHz clock holds a spike with
 * probability (rate + 1) / 256, so R = 250 MHz * (rate + 1) / 256 / (period + 1). We take the (rate, period) pair
 * that realises R most closely (ties: the smaller probability per bin, closer to a Poisson process).
 * Generator j reaches PADI bus j % 4 of hemisphere j / 4 only, so its targets must lie in one hemisphere.
 */
import type { BackgroundGenerator } from '../../common/chip/configuration';
import { BACKGROUND, CLOCKS, FIELDS, SPEEDUP, TOPOLOGY } from '../../common/chip/limits';
import { deriveSeed } from '../../common/random';
import type { BackgroundPoissonPopulation } from '../language/model';
import { MapperCode } from './codes';
import { type MapContext, fmt, rangeOf } from './context';

export interface EncodedRate {
  period: number;
  rate: number;
  /** Realised total event rate, hardware Hz. */
  realisedHz: number;
}

/** Period and 8-bit rate that realise `totalHz` (hardware events per second), or undefined below the slowest. */
export function encodeBackgroundRate(totalHz: number): EncodedRate | undefined {
  const f = CLOCKS.backgroundHz;
  const maxBins = FIELDS.backgroundPeriod[1] + 1;
  if (totalHz < f / BACKGROUND.rateDenominator / maxBins) return undefined;
  let best: EncodedRate | undefined;
  let bestError = Infinity;
  for (let rate = FIELDS.backgroundRate[0]; rate <= FIELDS.backgroundRate[1]; rate++) {
    const probability = (rate + 1) / BACKGROUND.rateDenominator;
    const bins = Math.min(maxBins, Math.max(1, Math.round((f * probability) / totalHz)));
    const realisedHz = (f * probability) / bins;
    const error = Math.abs(realisedHz - totalHz);
    if (error < bestError * (1 - 1e-12)) {
      bestError = error;
      best = { period: bins - 1, rate, realisedHz };
    }
  }
  return best;
}

export function virtualSourceBits(size: number): number {
  return Math.ceil(Math.log2(Math.max(1, size)));
}

export interface PlannedGenerator {
  population: BackgroundPoissonPopulation;
  config: BackgroundGenerator;
  hemisphere: 0 | 1;
  bus: number;
}

/**
 * Chooses a generator for each BackgroundPoisson population (in file order) in the hemisphere of its targets,
 * on the bus chosen by `pickBus` among the free generators there, and encodes its rate.
 */
export function planBackgroundGenerators(
  ctx: MapContext,
  targetHemispheres: Map<string, Set<number>>,
  pickBus: (candidates: number[], addresses: number) => number,
): PlannedGenerator[] {
  const populations = ctx.experiment.populations.filter((p): p is BackgroundPoissonPopulation => p.type === 'BackgroundPoisson');
  const free = new Set<number>(Array.from({ length: TOPOLOGY.backgroundGenerators }, (_, j) => j));
  const planned: PlannedGenerator[] = [];
  const perHemisphere = TOPOLOGY.backgroundGenerators / TOPOLOGY.hemispheres;

  if (populations.length > TOPOLOGY.backgroundGenerators) {
    const extra = populations[TOPOLOGY.backgroundGenerators];
    ctx.error(
      MapperCode.TooManyBackgroundSources,
      extra.typeRange,
      `population '${extra.name}' is background population number ${TOPOLOGY.backgroundGenerators + 1} of ${populations.length}; the chip has ` +
        `${TOPOLOGY.backgroundGenerators} background generators ([HALCO] background.h)`,
      { limit: TOPOLOGY.backgroundGenerators, found: populations.length },
      populations.filter((p) => p !== extra).map((p) => ({ range: p.typeRange, message: `background population '${p.name}'` })),
    );
  }

  for (const population of populations) {
    const hemispheres = [...(targetHemispheres.get(population.name) ?? new Set<number>())].sort();
    if (hemispheres.length > 1) {
      ctx.error(
        MapperCode.BackgroundTwoHemispheres,
        population.nameRange,
        `background population '${population.name}' drives neurons in both hemispheres, but a background generator reaches the PADI buses of one hemisphere only ([HALCO] routing_crossbar.h, background.h)`,
        { hemispheres },
      );
    }
    const hemisphere = (hemispheres[0] ?? 0) as 0 | 1;
    const candidates = [...free].filter((j) => Math.floor(j / perHemisphere) === hemisphere);
    if (candidates.length === 0) continue; // too many generators (reported above) or all of this hemisphere taken
    const bits = virtualSourceBits(population.size);
    if (population.size > BACKGROUND.maxVirtualSources) {
      ctx.error(
        MapperCode.LabelsPerBusExhausted,
        population.sizeRange,
        `background population '${population.name}' has ${population.size} neurons; one generator randomises at most 8 label bits, ` +
          `so it serves at most ${BACKGROUND.maxVirtualSources} ([HALDLS] background.h mask)`,
        { parameter: 'size', found: population.size, nearest: BACKGROUND.maxVirtualSources, limit: BACKGROUND.maxVirtualSources },
      );
      continue;
    }
    const bus = pickBus(candidates.map((j) => j % TOPOLOGY.padiBusesPerHemisphere), 2 ** bits);
    const index = hemisphere * perHemisphere + bus;
    free.delete(index);

    const rateRange = rangeOf(population.rate, population.nameRange);
    const perNeuronHz = population.rate.value * SPEEDUP;
    const totalHz = perNeuronHz * 2 ** bits;
    const sizeNote = 2 ** bits === population.size ? `${population.size} neurons` : `${population.size} neurons (the label mask serves ${2 ** bits})`;
    let encoded: EncodedRate | undefined;
    if (totalHz > BACKGROUND.maxTotalRateHz) {
      const nearest = BACKGROUND.maxTotalRateHz / 2 ** bits / SPEEDUP;
      ctx.error(
        MapperCode.BackgroundRateTooHigh,
        rateRange,
        `background population '${population.name}': rate ${fmt(population.rate.value)} Hz x ${sizeNote} needs ${fmt(totalHz / 1e6)} MEvent/s on the chip, ` +
          `more than the generator clock of ${fmt(BACKGROUND.maxTotalRateHz / 1e6)} MHz allows ([PYNN] cells.py SpikeSourcePoissonOnChip)`,
        { parameter: 'rate', found: population.rate.value, nearest, unit: 'Hz', limit: BACKGROUND.maxTotalRateHz },
      );
    } else {
      encoded = encodeBackgroundRate(totalHz);
      if (!encoded) {
        const slowest = CLOCKS.backgroundHz / BACKGROUND.rateDenominator / (FIELDS.backgroundPeriod[1] + 1);
        ctx.error(
          MapperCode.BackgroundRateTooLow,
          rateRange,
          `background population '${population.name}': rate ${fmt(population.rate.value)} Hz is below the slowest rate a generator can encode, ` +
            `${fmt(slowest / 2 ** bits / SPEEDUP)} Hz per neuron (period 65535, probability 1/256, [HALDLS] background.h)`,
          { parameter: 'rate', found: population.rate.value, nearest: slowest / 2 ** bits / SPEEDUP, unit: 'Hz' },
        );
      } else {
        const relative = Math.abs(encoded.realisedHz - totalHz) / totalHz;
        const realisedBio = encoded.realisedHz / 2 ** bits / SPEEDUP;
        if (relative > 0.01) {
          ctx.warning(
            MapperCode.BackgroundRateQuantised,
            rateRange,
            `background population '${population.name}': rate ${fmt(population.rate.value)} Hz is realised as ${fmt(realisedBio)} Hz ` +
              `(period ${encoded.period}, rate ${encoded.rate}; 16-bit period and 8-bit probability, [HALDLS] background.h)`,
            { parameter: 'rate', found: population.rate.value, nearest: realisedBio, unit: 'Hz' },
          );
        }
        if (encoded.realisedHz > BACKGROUND.bandwidthEventsPerSecond) {
          ctx.warning(
            MapperCode.BackgroundBandwidth,
            rateRange,
            `background population '${population.name}' emits ${fmt(encoded.realisedHz / 1e6)} MEvent/s, above the ${fmt(BACKGROUND.bandwidthEventsPerSecond / 1e6)} MEvent/s ` +
              `a generator delivers ([LAB] "8 x 125 MEvent/s")`,
            { parameter: 'rate', found: population.rate.value, nearest: BACKGROUND.bandwidthEventsPerSecond / 2 ** bits / SPEEDUP, unit: 'Hz' },
          );
        }
      }
    }
    const seed = population.seed ? Math.trunc(population.seed.value) >>> 0 : deriveSeed(ctx.seed, 'background', population.name);
    planned.push({
      population,
      hemisphere,
      bus,
      config: {
        index,
        population: population.name,
        size: population.size,
        period: encoded?.period ?? 0,
        rate: encoded?.rate ?? 0,
        seed,
        mask: 2 ** bits - 1,
        label: 0, // set when the bus addresses are allocated
      },
    });
  }
  return planned;
}
