#!/usr/bin/env python3
"""Brian2 peer of the emulator benchmarks: builds the identical network from the JSON description that
bench/lib/peerNetwork.ts exports (mapped connectivity, neuron parameters in SI, the emulator's own input spike
times) and runs it with one Brian2 code-generation target.

Usage: python3 network.py NETWORK.json --target cpp_standalone|cython|numpy [--method euler] [--dt-ms 0.1]
                          [--workdir DIR]
Prints one line 'RESULT {json}' on standard output: target, method, dt, versions, simulation-only seconds,
spike count, and how many input spikes had to move to the next time step (Brian2 plays at most one spike per
source and step).

Model (the emulator's, emulator/models/adex.ts and synapticInput.ts): AdEx with current-based exponential
synapses (NEST aeif_psc_exp); the right-hand sides see V clipped at V_spike (NEST's min(V, V_spike)), which keeps
RK stages that overshoot on the upswing finite and away from w; V is held at V_reset during the refractory period while w and the synaptic
currents evolve. Input spikes arrive without delay, neuron spikes after the emulator's exchange step.
"""
import argparse
import json
import os
import sys
import time

T_START = time.perf_counter()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('network')
    parser.add_argument('--target', default='cpp_standalone', choices=['cpp_standalone', 'cython', 'numpy'])
    parser.add_argument('--method', default='euler')
    parser.add_argument('--dt-ms', type=float, default=0.1)
    parser.add_argument('--workdir', default=None)
    args = parser.parse_args()

    import numpy as np
    import brian2 as b2
    from brian2 import ms, second, volt, amp, farad, siemens
    t_imported = time.perf_counter()

    with open(args.network) as f:
        net = json.load(f)
    if net.get('schema') != 1:
        raise SystemExit(f"{args.network}: unknown schema {net.get('schema')!r} (expected 1)")
    if net['step_currents']:
        raise SystemExit(f"{args.network}: step currents are not supported by this peer script")

    workdir = args.workdir or os.path.join(os.environ.get('HOME', '/tmp'), 'brian2-standalone')
    if args.target == 'cpp_standalone':
        b2.set_device('cpp_standalone', directory=workdir, build_on_run=True)
    else:
        b2.prefs.codegen.target = args.target
    dt = args.dt_ms * ms
    b2.defaultclock.dt = dt

    sets = net['parameter_sets']
    of = np.asarray(net['neuron_set'], dtype=int)
    n = len(of)

    def per_neuron(key):
        return np.asarray([sets[k][key] for k in of], dtype=float)

    for k, p in enumerate(sets):
        if not p['delta_t_V'] > 0:
            raise SystemExit(f"parameter set {k}: delta_T = 0 is not supported by this peer script")

    eqs = '''
    dv/dt = (g_l*(e_l - v_c) + g_l*delta_t*exp((v_c - v_t)/delta_t) - w + I_E - I_I + i_offset)/c_m : volt (unless refractory)
    dw/dt = (a*(v_c - e_l) - w)/tau_w : amp
    v_c = clip(v, -1*volt, v_spike) : volt
    dI_E/dt = -I_E/tau_syn_E : amp
    dI_I/dt = -I_I/tau_syn_I : amp
    c_m : farad (constant)
    g_l : siemens (constant)
    e_l : volt (constant)
    v_t : volt (constant)
    delta_t : volt (constant)
    a : siemens (constant)
    b : amp (constant)
    tau_w : second (constant)
    v_reset : volt (constant)
    v_spike : volt (constant)
    t_ref : second (constant)
    i_offset : amp (constant)
    tau_syn_E : second (constant)
    tau_syn_I : second (constant)
    '''
    group = b2.NeuronGroup(n, eqs, threshold='v > v_spike', reset='v = v_reset; w += b', refractory='t_ref',
                           method=args.method, name='neurons')
    for name, key, unit in [('c_m', 'c_m_F', farad), ('g_l', 'g_l_S', siemens), ('e_l', 'e_l_V', volt),
                            ('v_t', 'v_t_V', volt), ('delta_t', 'delta_t_V', volt), ('a', 'a_S', siemens),
                            ('b', 'b_A', amp), ('tau_w', 'tau_w_s', second), ('v_reset', 'v_reset_V', volt),
                            ('v_spike', 'v_spike_V', volt), ('t_ref', 't_ref_s', second),
                            ('i_offset', 'i_offset_A', amp), ('tau_syn_E', 'tau_syn_E_s', second),
                            ('tau_syn_I', 'tau_syn_I_s', second), ('v', 'v_init_V', volt)]:
        setattr(group, name, per_neuron(key) * unit)

    # Input: the emulator's own spike times, on Brian2's grid (one spike per source and step at most).
    indices, steps = [], []
    moved = 0
    for i, times in enumerate(net['source_times_s']):
        last = -1
        for t in times:
            s = int(np.round(t / float(dt)))
            if s <= last:
                s = last + 1
                moved += 1
            indices.append(i)
            steps.append(s)
            last = s
    objects = [group]
    monitor = b2.SpikeMonitor(group, name='spikes')
    objects.append(monitor)
    sources = len(net['source_times_s'])
    if sources > 0:
        gen = b2.SpikeGeneratorGroup(sources, np.asarray(indices, dtype=int), np.asarray(steps) * dt, name='drive')
        objects.append(gen)

    def connect(pre_group, table, receptor, delay, name):
        sel = [k for k, r in enumerate(table['receptor']) if r == receptor]
        if not sel:
            return None
        target = 'I_E_post' if receptor == 0 else 'I_I_post'
        syn = b2.Synapses(pre_group, group, 'A : amp (constant)', on_pre=f'{target} += A', delay=delay, name=name)
        syn.connect(i=np.asarray([table['pre'][k] for k in sel], dtype=int),
                    j=np.asarray([table['post'][k] for k in sel], dtype=int))
        syn.A = np.asarray([table['amplitude_A'][k] for k in sel]) * amp
        return syn

    if sources > 0:
        objects += [s for s in (connect(gen, net['input'], 0, None, 'input_E'), connect(gen, net['input'], 1, None, 'input_I')) if s]
    delay = net['recurrent_delay_s'] * second
    objects += [s for s in (connect(group, net['recurrent'], 0, delay, 'recurrent_E'),
                            connect(group, net['recurrent'], 1, delay, 'recurrent_I')) if s]
    network = b2.Network(*objects)
    duration = net['duration_s'] * second
    t_built = time.perf_counter()

    if args.target == 'cpp_standalone':
        network.run(duration)
        sim_s = float(b2.device._last_run_time)
    else:
        # The first step compiles the code objects (cython) or prepares them (numpy); the rest is simulation.
        network.run(dt)
        t0 = time.perf_counter()
        network.run(duration - dt)
        sim_s = time.perf_counter() - t0
    spikes = int(monitor.num_spikes)
    t_done = time.perf_counter()
    result = {
        'target': args.target, 'method': args.method, 'dt_ms': args.dt_ms,
        'brian2': b2.__version__, 'python': sys.version.split()[0], 'numpy': np.__version__,
        'neurons': n, 'synapses': len(net['input']['pre']) + len(net['recurrent']['pre']),
        'duration_s': net['duration_s'], 'spikes': spikes,
        'mean_rate_hz': spikes / n / net['duration_s'] if n else 0.0,
        'input_spikes_moved': moved,
        'import_s': t_imported - T_START, 'build_s': t_built - t_imported,
        'simulation_s': sim_s, 'in_process_s': t_done - T_START,
    }
    print('RESULT ' + json.dumps(result), flush=True)


if __name__ == '__main__':
    main()
