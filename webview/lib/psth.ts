/**
 * Peri-stimulus time histogram: the population rate in bins of equal width, in Hz per neuron
 * (spikes in the bin / neurons / bin width). Drawn under the raster on the same time axis.
 */

export interface Psth {
  /** Left edges of the bins, ms; the last bin ends at `end_ms`. */
  binStart_ms: number[];
  binWidth_ms: number;
  end_ms: number;
  /** Rate per neuron, Hz, one value per bin. */
  rate_hz: number[];
}

const MS_PER_S = 1000;

/** A round bin width (1, 2 or 5 times a power of ten) giving about `targetBins` bins over `duration_ms`. */
export function niceBinWidth(duration_ms: number, targetBins = 100): number {
  if (!(duration_ms > 0)) return 1;
  const raw = duration_ms / targetBins;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (raw <= step * power) return step * power;
  return 10 * power;
}

/** Histogram of `times_ms` (any order) over [start_ms, end_ms) for a population of `neurons` neurons. */
export function computePsth(times_ms: ArrayLike<number>, neurons: number, start_ms: number, end_ms: number, binWidth_ms: number): Psth {
  const bins = Math.max(1, Math.ceil((end_ms - start_ms) / binWidth_ms));
  const counts = new Float64Array(bins);
  for (let i = 0; i < times_ms.length; i++) {
    const b = Math.floor((times_ms[i] - start_ms) / binWidth_ms);
    if (b >= 0 && b < bins) counts[b]++;
    else if (times_ms[i] === end_ms && bins > 0) counts[bins - 1]++;
  }
  const scale = MS_PER_S / (Math.max(1, neurons) * binWidth_ms);
  return {
    binStart_ms: Array.from({ length: bins }, (_, b) => start_ms + b * binWidth_ms),
    binWidth_ms,
    end_ms,
    rate_hz: Array.from(counts, (c) => c * scale),
  };
}
