import { NAUD, singleNeuron } from '../test/unit/emulator/helpers';
const set = NAUD.tonic;
const net = singleNeuron(set.adex, { stepCurrents: [{ neuron: 0, times_ms: [10], amplitudes_pA: [set.current_pA] }], integrator: { linearMargin: -3 } });
net.run(1000);
console.log(JSON.stringify(net.spikes().time_ms.map((t) => +t.toFixed(7))));
