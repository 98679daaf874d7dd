// temporary accuracy probe (deleted at the end)
import * as fs from 'node:fs';
import { referenceAdEx } from '../test/unit/emulator/reference/adexReference';
import { NAUD, maxAbsDifference, singleNeuron } from '../test/unit/emulator/helpers';
const opts = JSON.parse(process.argv[2] ?? '{}');
const cache = '/tmp/h5/ref.json';
const refs: Record<string, number[]> = fs.existsSync(cache) ? JSON.parse(fs.readFileSync(cache, 'utf8')) : {};
for (const [name, set] of Object.entries(NAUD)) {
  const onset = 10;
  refs[name] ??= referenceAdEx(set.adex, (t) => (t >= onset ? set.current_pA : 0), [onset], 1000).spikes;
  const net = singleNeuron(set.adex, { stepCurrents: [{ neuron: 0, times_ms: [onset], amplitudes_pA: [set.current_pA] }], integrator: opts });
  const t0 = Date.now();
  net.run(1000);
  const got = net.spikes().time_ms;
  console.log(name.padEnd(16), got.length, refs[name].length, maxAbsDifference(got, refs[name]).toExponential(2), `fast ${net.group.fastSteps} adaptive ${net.group.exactSteps} rk ${net.group.rkSteps}`, Date.now() - t0, 'ms');
}
fs.writeFileSync(cache, JSON.stringify(refs));
