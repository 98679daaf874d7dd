/**
 * Mapping speed of a full chip: 512 AdEx neurons, each with its full fan-in of 256 synapse rows (256 external
 * Poisson sources, all-to-all: 131 072 synapses), and of the E/I example network. Run: npx tsx bench/mapFullChip.ts
 */
import { mapExperiment } from '../server/mapper';
import { eiNetwork, experiment, neurons, poisson, project } from '../test/unit/mapper/builders';

function fullChip() {
  const cells = neurons('cells', 512);
  const drive = poisson('drive', 256, 10);
  return experiment({ populations: [cells, drive], projections: [project(drive, cells, { weight: 5 })], durationMs: 1000 });
}

function bench(name: string, build: () => ReturnType<typeof fullChip>, runs = 20): void {
  const exp = build();
  for (let i = 0; i < 3; i++) mapExperiment(exp); // warm-up
  const times: number[] = [];
  let synapses = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = mapExperiment(exp);
    times.push(performance.now() - t0);
    synapses = result.resources.synapses.used;
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: ${synapses} synapses, median ${times[runs >> 1].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[runs - 1].toFixed(1)} ms`);
}

bench('full chip (512 neurons x 256 rows)', fullChip);
bench('E/I network (400 neurons)', () => eiNetwork());
