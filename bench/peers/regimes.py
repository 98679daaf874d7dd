#!/usr/bin/env python3
"""Brian2 peer of the single-neuron accuracy benchmark: the AdEx firing-pattern regimes (Naud et al. 2008)
that bench/networks/regimes.ts defines, one neuron per regime, each under its constant step current from t = 0.

Usage: python3 regimes.py REGIMES.json --method rk4 --dt-ms 0.01 [--target numpy]
REGIMES.json: {"duration_ms": 600, "regimes": [{"name", "adex": {c_m pF, g_l nS, e_l mV, v_t, delta_t, a nS,
b pA, tau_w ms, v_reset mV, v_spike mV, t_ref ms}, "current_pA"}]}
Prints 'RESULT {json}': per regime the spike times (ms) as Brian2 stamps them (the start of the step in which V
crossed V_spike), with the method, dt and versions.

The right-hand sides see V clipped at V_spike (NEST evaluates the exponential at min(V, V_spike)): an RK4 stage
that overshoots far beyond V_spike on the upswing would otherwise return NaN, or pump the adaptation current w
through a(V - E_L) at a voltage the model never reaches (the spike is at the crossing).
"""
import argparse
import json
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('regimes')
    parser.add_argument('--method', default='rk4')
    parser.add_argument('--dt-ms', type=float, default=0.01)
    parser.add_argument('--target', default='numpy', choices=['numpy', 'cython'])
    args = parser.parse_args()

    import numpy as np
    import brian2 as b2
    from brian2 import ms, mV, pF, nS, pA

    with open(args.regimes) as f:
        spec = json.load(f)
    regimes = spec['regimes']
    b2.prefs.codegen.target = args.target
    b2.defaultclock.dt = args.dt_ms * ms

    eqs = '''
    dv/dt = (g_l*(e_l - v_c) + g_l*delta_t*exp((v_c - v_t)/delta_t) - w + I_stim)/c_m : volt (unless refractory)
    dw/dt = (a*(v_c - e_l) - w)/tau_w : amp
    v_c = clip(v, -1*volt, v_spike) : volt
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
    I_stim : amp (constant)
    '''
    n = len(regimes)
    g = b2.NeuronGroup(n, eqs, threshold='v > v_spike', reset='v = v_reset; w += b', refractory='t_ref',
                       method=args.method)

    def col(key, unit):
        return np.asarray([r['adex'][key] for r in regimes], dtype=float) * unit

    g.c_m = col('c_m', pF)
    g.g_l = col('g_l', nS)
    g.e_l = col('e_l', mV)
    g.v_t = col('v_t', mV)
    g.delta_t = col('delta_t', mV)
    g.a = col('a', nS)
    g.b = col('b', pA)
    g.tau_w = col('tau_w', ms)
    g.v_reset = col('v_reset', mV)
    g.v_spike = col('v_spike', mV)
    g.t_ref = col('t_ref', ms)
    g.I_stim = np.asarray([r['current_pA'] for r in regimes], dtype=float) * pA
    g.v = g.e_l
    g.w = 0 * pA
    mon = b2.SpikeMonitor(g)
    t0 = time.perf_counter()
    b2.run(spec['duration_ms'] * ms)
    wall = time.perf_counter() - t0
    trains = mon.spike_trains()
    out = {
        'method': args.method, 'dt_ms': args.dt_ms, 'target': args.target, 'brian2': b2.__version__,
        'python': sys.version.split()[0], 'wall_s': wall,
        'spikes_ms': {r['name']: [float(t / ms) for t in trains[k]] for k, r in enumerate(regimes)},
    }
    print('RESULT ' + json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
