/**
 * Per-population spike statistics of a run: what the server's CodeLens shows above each population
 * (`bss2/runStatistics`) and what the hover's caption says.
 */
import type { PopulationRunStatistics, RunStatisticsParams } from '../../common/protocol/languageServer';
import type { RunResults } from '../../common/results';

/** Mean rate per neuron over the run, Hz: spikes / size / duration. */
export function meanRateHz(spikes: number, size: number, durationMs: number): number {
  return size > 0 && durationMs > 0 ? spikes / size / (durationMs / 1000) : 0;
}

export function populationStatistics(results: RunResults): Record<string, PopulationRunStatistics> {
  const out: Record<string, PopulationRunStatistics> = {};
  for (const [name, p] of Object.entries(results.populations)) {
    const spikes = p.spikes.time_ms.length;
    out[name] = { size: p.size, spikes, mean_rate_hz: meanRateHz(spikes, p.size, results.duration_ms) };
  }
  return out;
}

export function runStatistics(uri: string, results: RunResults): RunStatisticsParams {
  return { uri, experiment: results.experiment, duration_ms: results.duration_ms, populations: populationStatistics(results) };
}

/** `412 spikes · 8.2 Hz mean` (one decimal below 100 Hz, whole numbers above). */
export function formatStatistics(s: PopulationRunStatistics): string {
  const rate = s.mean_rate_hz >= 100 ? Math.round(s.mean_rate_hz).toString() : s.mean_rate_hz.toFixed(1);
  return `${s.spikes.toLocaleString('en-US')} spike${s.spikes === 1 ? '' : 's'} · ${rate} Hz mean`;
}
