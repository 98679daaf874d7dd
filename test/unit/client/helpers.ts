/** Shared by the client tests: the bundled emulator, example configurations, process liveness. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChipConfiguration } from '../../../common/chip/configuration';
import { RESULTS_SCHEMA_VERSION, type RunResults } from '../../../common/results';
import { analyzeDocument } from '../../../server/analysis';

export const root = join(__dirname, '..', '..', '..');
export const emulatorScript = join(root, 'dist', 'emulator.js');

export function configurationOf(example: string, durationMs?: number): ChipConfiguration {
  const text = readFileSync(join(root, 'examples', example), 'utf8');
  const analysis = analyzeDocument(text, { durationMs });
  assert.ok(analysis.configuration, `${example} should map`);
  return analysis.configuration;
}

/** True while a process with this id exists (a stopped process exists too). */
export function processExists(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - start;
}

/** A small valid RunResults. */
export function sampleResults(experiment = 'synfire'): RunResults {
  return {
    schema: RESULTS_SCHEMA_VERSION,
    experiment,
    duration_ms: 100,
    seed: 3,
    populations: { exc: { size: 4, spikes: { neuron: [0, 3, 1], time_ms: [1, 2, 50] } } },
    traces: [{ population: 'exc', neuron: 0, variable: 'v', unit: 'mV', device: 'madc', t0_ms: 0, dt_ms: 0.5, values: [-65, -64, -60] }],
    weights: [],
    warnings: [],
  };
}
