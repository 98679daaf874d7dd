/**
 * The end of every exported script: collects what PyNN recorded (NEO blocks) and writes it as a BrainScaleS-2
 * Studio results file (common/results.ts, schema 1) that `bss2 import` and the plot panels read. Spike times
 * in biological ms, sorted by time then neuron; traces with t0/dt in ms and values in mV or pA.
 *
 * The code relies only on the NEO structure PyNN 0.10 and pynn-brainscales produce: `get_data(variable)` gives
 * a block whose first segment holds spike trains (annotated with `source_index`, the index in the population)
 * and analog signals, regular (`analogsignals`) or irregular (`irregularlysampledsignals`, BrainScaleS-2's
 * MADC), one column per recorded neuron (array-annotated with `channel_index`).
 */
export const RESULTS_WRITER = `def collect_results(populations, traces, warnings):
    """The recorded spikes and traces in the BrainScaleS-2 Studio results format (schema 1)."""
    results = {
        'schema': 1,
        'experiment': EXPERIMENT,
        'duration_ms': DURATION_MS,
        'seed': SEED,
        'populations': {},
        'traces': [],
        'weights': [],
        'warnings': list(warnings),
    }
    for name, population in populations.items():
        pairs = []
        trains = population.get_data('spikes').segments[0].spiketrains
        for k, train in enumerate(trains):
            index = int(train.annotations.get('source_index', k))
            pairs.extend((float(t) * TIME_TO_MS, index) for t in train.rescale('ms').magnitude)
        pairs.sort()
        results['populations'][name] = {
            'size': len(population),
            'spikes': {'neuron': [n for _, n in pairs], 'time_ms': [t for t, _ in pairs]},
        }
    for name, start, stop, variable, recorded, scale, offset, unit in traces:
        segment = populations[name][start:stop].get_data(recorded).segments[0]
        signals = list(segment.analogsignals) + list(segment.irregularlysampledsignals)
        for signal in signals:
            if signal.name is not None and signal.name != recorded:
                continue
            times = signal.times.rescale('ms').magnitude * TIME_TO_MS
            if len(times) == 0:
                continue
            if hasattr(signal, 'sampling_period'):
                dt = float(signal.sampling_period.rescale('ms').magnitude) * TIME_TO_MS
            else:
                # Irregular samples (MADC): reported on their median spacing.
                steps = sorted(float(b - a) for a, b in zip(times[:-1], times[1:]))
                dt = steps[len(steps) // 2] if steps else 1.0
            channels = signal.array_annotations.get('channel_index')
            if channels is None or len(channels) != signal.shape[1]:
                channels = range(start, start + signal.shape[1])
            for column, neuron in enumerate(channels):
                values = signal.magnitude[:, column] * scale + offset
                results['traces'].append({
                    'population': name,
                    'neuron': int(neuron),
                    'variable': variable,
                    'unit': unit,
                    'device': 'madc',
                    't0_ms': float(times[0]),
                    'dt_ms': dt,
                    'values': [float(v) for v in values],
                })
    return results


def write_results(path, results):
    with open(path, 'w', encoding='utf-8') as out:
        json.dump(results, out)
        out.write('\\n')
    counts = ', '.join(f"{name} {len(p['spikes']['time_ms'])}" for name, p in results['populations'].items())
    print(f'{path}: spikes {counts}; {len(results["traces"])} traces')
`;
