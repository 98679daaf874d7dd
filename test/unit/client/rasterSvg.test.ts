/** The hover raster: bounded size whatever the spike count, ticks where the spikes are, escaped text. */
import assert from 'node:assert/strict';
import { rasterSvg, svgDataUri } from '../../../client/hover/rasterSvg';

describe('client: hover raster SVG', () => {
  it('draws one tick per occupied pixel cell, at the spike time and neuron row', () => {
    const svg = rasterSvg({ neuron: [0, 9, 9], time_ms: [0, 50, 50.01] }, 10, 100, { width: 100, height: 40 });
    const ticks = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
    assert.deepEqual(ticks.match(/M[^M]+/g), ['M0.5 0v3.2', 'M50.5 36v3.2'], 'two spikes in one cell draw once');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="100" height="54"/);
    assert.match(svg, /3 spikes, 10 neurons, 0–100 ms/);
  });

  it('stays small for a million spikes and skips spikes outside the run or the population', () => {
    const n = 1_000_000;
    const neuron = Array.from({ length: n }, (_, i) => i % 500);
    const time_ms = Array.from({ length: n }, (_, i) => (i / n) * 1000);
    neuron.push(9999);
    time_ms.push(10);
    neuron.push(0);
    time_ms.push(Number.NaN);
    const svg = rasterSvg({ neuron, time_ms }, 500, 1000);
    assert.ok(svg.length < 300 * 80 * 16, `${svg.length} characters`);
    assert.ok(!svg.includes('NaN'));
  });

  it('escapes the caption and refuses colours that are not hex', () => {
    const svg = rasterSvg({ neuron: [], time_ms: [] }, 1, 10, { caption: '<script>&"', colour: 'red" onload="x' });
    assert.ok(svg.includes('&lt;script&gt;&amp;&quot;'));
    assert.ok(!svg.includes('onload'));
    assert.ok(!svg.includes('<path'), 'no spikes, no ticks');
    assert.match(svgDataUri(svg), /^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/);
    assert.equal(Buffer.from(svgDataUri(svg).split(',')[1], 'base64').toString('utf8'), svg);
  });
});
