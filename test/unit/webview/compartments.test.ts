/**
 * Multi-compartment neurons in the panels' pure parts: trace labels and identities, the neuron picker's list,
 * overlay pairing by compartment, CSV columns, live chunks that keep the compartment, and the floor plan's
 * placement and outline of logical neurons.
 */
import assert from 'node:assert/strict';
import { validateChipConfiguration } from '../../../common/chip/validate';
import type { Trace } from '../../../common/results';
import { resultsAsChunk } from '../../../client/run/chunks';
import { recordedNeurons, traceKey, traceLabel } from '../../../webview/lib/compartmentTraces';
import { tracesToCsv } from '../../../webview/lib/exportCsv';
import { outlineEdges, placeLogicalNeurons } from '../../../webview/lib/logicalNeurons';
import { overlayResults } from '../../../webview/lib/overlay';
import { RunStore } from '../../../webview/lib/runStore';
import { compartmentConfiguration, compartmentRun } from '../../browser/fixtures';

function trace(population: string, neuron: number, compartment: string | undefined, variable: Trace['variable'] = 'v'): Trace {
  return { population, neuron, ...(compartment === undefined ? {} : { compartment }), variable, unit: variable === 'v' ? 'mV' : 'pA', device: 'cadc', t0_ms: 0, dt_ms: 1, values: [1, 2] };
}

describe('multi-compartment neurons in the panels (pure parts)', () => {
  it('labels a compartment trace by neuron and compartment, others as before', () => {
    assert.equal(traceLabel(trace('pyr', 0, 'apical')), 'pyr[0] apical');
    assert.equal(traceLabel(trace('pyr', 0, 'soma', 'w')), 'pyr[0] soma w');
    assert.equal(traceLabel(trace('exc', 3, undefined)), 'exc[3] v');
    // Names may hold any character: identities never collide through a separator.
    assert.notEqual(traceKey(trace('a/1', 0, undefined)), traceKey(trace('a', 1, undefined)));
    assert.notEqual(traceKey(trace('pyr', 0, 'soma')), traceKey(trace('pyr', 0, undefined)));
  });

  it('lists each recorded neuron once, with its compartments', () => {
    const neurons = recordedNeurons([trace('pyr', 0, 'soma'), trace('pyr', 0, 'apical'), trace('pyr', 0, 'soma', 'w'), trace('pyr', 1, 'soma'), trace('exc', 0, undefined)]);
    assert.deepEqual(
      neurons.map((n) => [n.label, n.compartments]),
      [
        ['pyr[0]', ['soma', 'apical']],
        ['pyr[1]', ['soma']],
        ['exc[0]', []],
      ],
    );
  });

  it('overlay: each trace of the second run follows the trace of the first with the same compartment', () => {
    const a = { ...compartmentRun(), traces: [trace('pyr', 0, 'soma'), trace('pyr', 0, 'apical'), trace('exc', 0, undefined)] };
    const b = { ...compartmentRun(), traces: [trace('pyr', 0, 'apical'), trace('pyr', 0, undefined), trace('pyr', 0, 'soma'), trace('exc', 0, undefined)] };
    const labels = overlayResults(a, b, 'pyNN').traces.map(traceLabel);
    // `pyr[0] v` of the second run (no compartment) is no match for any compartment: it comes last.
    assert.deepEqual(labels, ['pyr[0] soma', 'pyr · pyNN[0] soma', 'pyr[0] apical', 'pyr · pyNN[0] apical', 'exc[0] v', 'exc · pyNN[0] v', 'pyr · pyNN[0] v']);
  });

  it('CSV: a compartment column only when a trace has a compartment', () => {
    const withCompartments = tracesToCsv([trace('pyr', 0, 'soma'), trace('exc', 1, undefined)]).split('\r\n');
    assert.equal(withCompartments[0], 'population,neuron,compartment,variable,unit,time_ms,value');
    assert.equal(withCompartments[1], 'pyr,0,soma,v,mV,0,1');
    assert.equal(withCompartments[3], 'exc,1,,v,mV,0,1');
    assert.equal(tracesToCsv([trace('exc', 1, undefined)]).split('\r\n')[0], 'population,neuron,variable,unit,time_ms,value');
    // A compartment name is user text: no formula injection.
    assert.equal(tracesToCsv([trace('p', 0, '=cmd()')]).split('\r\n')[1], `p,0,"'=cmd()",v,mV,0,1`);
  });

  it('results replayed as chunks keep their compartments, and the panel store keeps them too', () => {
    const results = compartmentRun();
    const chunk = resultsAsChunk(results);
    assert.deepEqual(chunk.traces.map((t) => t.compartment), ['soma', 'apical', 'tuft', 'soma', undefined]);
    assert.ok(!('compartment' in chunk.traces[4]), 'no compartment field for a neuron of one compartment');
    const store = new RunStore();
    store.runStarted({ type: 'runStarted', experiment: 'x', duration_ms: 150, populations: { pyr: 2, exc: 4 } });
    store.addChunk(chunk);
    assert.deepEqual(store.results?.traces.map(traceLabel), results.traces.map(traceLabel));
  });

  it('places each logical neuron on its circuits, compartment by compartment', () => {
    const configuration = compartmentConfiguration();
    assert.deepEqual(validateChipConfiguration(configuration), []);
    const placed = placeLogicalNeurons(configuration);
    assert.equal(placed.neurons.length, 2);
    assert.deepEqual(
      placed.neurons[0].compartments.map((c) => [c.name, c.cells.map((x) => [x.hemisphere, x.column])]),
      [
        ['soma', [[0, 10], [1, 10]]],
        ['apical', [[0, 11], [0, 12]]],
        ['tuft', [[0, 13]]],
      ],
    );
    assert.deepEqual(placed.at.get(1 * 256 + 21), { neuron: 1, compartment: 1 });
    assert.equal(placed.at.get(0 * 256 + 0), undefined, 'neurons of one circuit are not logical neurons');
    assert.equal(placed.at.size, 10);
  });

  it('outlines the union of a group: rows, and the gap where a column is used in both rows', () => {
    const sides = (edges: ReturnType<typeof outlineEdges>) => edges.map((e) => `${e.band}:${e.column}:${e.side}`).sort();
    assert.deepEqual(sides(outlineEdges([{ hemisphere: 0, column: 5 }])), ['0:5:bottom', '0:5:left', '0:5:right', '0:5:top']);
    // Column 10 in both rows and 11..12 in row 0: one shape through the gap of column 10.
    const edges = outlineEdges([
      { hemisphere: 0, column: 10 },
      { hemisphere: 1, column: 10 },
      { hemisphere: 0, column: 11 },
      { hemisphere: 0, column: 12 },
    ]);
    assert.deepEqual(sides(edges), [
      '0:10:left',
      '0:10:top',
      '0:11:bottom',
      '0:11:top',
      '0:12:bottom',
      '0:12:right',
      '0:12:top',
      '1:10:left',
      '1:10:right',
      '2:10:bottom',
      '2:10:left',
      '2:10:right',
    ]);
    // Two rows side by side without a shared column: two islands, each closed.
    assert.equal(outlineEdges([{ hemisphere: 0, column: 1 }, { hemisphere: 1, column: 2 }]).length, 8);
  });
});
