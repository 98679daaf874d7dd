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
  const cpu: number[] = [];
  let synapses = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const result = mapExperiment(exp);
    const c1 = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    // CPU time of this process (user + system): less disturbed than wall time when other jobs share the cores.
    cpu.push((c1.user + c1.system) / 1000);
    synapses = result.resources.synapses.used;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  console.log(
    `${name}: ${synapses} synapses, wall median ${times[runs >> 1].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[runs - 1].toFixed(1)}), ` +
      `CPU median ${cpu[runs >> 1].toFixed(1)} ms (min ${cpu[0].toFixed(1)})`,
  );
}

bench('full chip (512 neurons x 256 rows)', fullChip);
bench('E/I network (400 neurons)', () => eiNetwork());
