/** Status-bar text, settings, run statistics, text lookups and the panel replay: the extension's pure parts. */
import assert from 'node:assert/strict';
import { emptyResourceReport } from '../../../server/mapper/resources';
import { chipUsageStatus } from '../../../client/statusText';
import { isDefaultVoltageMapping, isHardwareValueHint, readSettings, SETTINGS } from '../../../client/config';
import { formatStatistics, meanRateHz, runStatistics } from '../../../client/run/statistics';
import { exampleSummary, findPopulationDeclaration, freeFileName, identifierAt } from '../../../client/sourceText';
import { PanelFeed } from '../../../client/panels/panelFeed';
import { analyzeDocument } from '../../../server/analysis';
import { exampleText } from '../server/lspClient';
import { sampleResults } from './helpers';

describe('client: status bar text', () => {
  it('shows neuron circuits used of 512, the rest in the tooltip, and warns when something does not fit', () => {
    const resources = analyzeDocument(exampleText('ei_network.bss2')).resources!;
    const status = chipUsageStatus(resources, 0);
    assert.equal(status.text, `BSS-2 ${resources.neuronCircuits.total.used}/512 neurons`);
    assert.match(status.tooltip, /Synapse rows: \d+ \/ 512/);
    assert.equal(status.overLimit, false);
    const over = emptyResourceReport();
    over.neuronCircuits.total.used = 600;
    const warned = chipUsageStatus(over, 1);
    assert.equal(warned.text, '$(warning) BSS-2 600/512 neurons');
    assert.match(warned.tooltip, /Neuron circuits: 600 \/ 512 \(117 %\) — does not fit/);
    assert.match(warned.tooltip, /1 error in the file/);
    assert.equal(chipUsageStatus(undefined, 2).text, 'BSS-2');
    assert.match(chipUsageStatus(undefined, 2).tooltip, /2 errors/);
  });
});

describe('client: settings', () => {
  it('reads defaults, keeps valid values and replaces invalid ones', () => {
    const defaults = readSettings(() => undefined);
    assert.deepEqual(defaults, {
      seed: undefined,
      liveUpdateRate: 30,
      inlayHardwareValues: true,
      inlayResources: true,
      fixedPatternNoise: false,
      voltageMapping: { mvAtReference: -65, cadcReference: 80, cadcPerMv: 3 },
      resultsFolder: 'results',
    });
    assert.ok(isDefaultVoltageMapping(defaults.voltageMapping));
    const values: Record<string, unknown> = {
      [SETTINGS.seed]: 42,
      [SETTINGS.liveUpdateRate]: 100,
      [SETTINGS.fixedPatternNoise]: true,
      [SETTINGS.cadcPerMv]: -1,
      [SETTINGS.mvAtReference]: -70,
      [SETTINGS.resultsFolder]: ' out ',
    };
    const s = readSettings((k) => values[k]);
    assert.equal(s.seed, 42);
    assert.equal(s.liveUpdateRate, 30, 'clamped to the panels’ maximum');
    assert.equal(s.fixedPatternNoise, true);
    assert.equal(s.voltageMapping.cadcPerMv, 3, 'a non-positive scale falls back');
    assert.equal(s.voltageMapping.mvAtReference, -70);
    assert.equal(isDefaultVoltageMapping(s.voltageMapping), false);
    assert.equal(s.resultsFolder, 'out');
    assert.equal(readSettings((k) => (k === SETTINGS.seed ? 1.5 : k === SETTINGS.liveUpdateRate ? 0 : undefined)).seed, undefined);
    assert.equal(readSettings((k) => (k === SETTINGS.liveUpdateRate ? 0 : undefined)).liveUpdateRate, 1);
  });

  it('tells hardware-value inlay hints from resource hints', () => {
    assert.ok(isHardwareValueHint('20 us on chip'));
    assert.ok(isHardwareValueHint('20000 Hz on chip'));
    assert.ok(isHardwareValueHint('CADC 65'));
    assert.ok(!isHardwareValueHint('hemisphere 0, columns 0..99 (100)'));
    assert.ok(!isHardwareValueHint('12 rows, 6 drivers'));
  });
});

describe('client: run statistics', () => {
  it('counts spikes and mean rates per population, as the CodeLens shows them', () => {
    const stats = runStatistics('file:///x.bss2', sampleResults());
    assert.deepEqual(stats, { uri: 'file:///x.bss2', experiment: 'synfire', duration_ms: 100, populations: { exc: { size: 4, spikes: 3, mean_rate_hz: 7.5 } } });
    assert.equal(formatStatistics(stats.populations.exc), '3 spikes · 7.5 Hz mean');
    assert.equal(formatStatistics({ size: 1, spikes: 1, mean_rate_hz: 123.4 }), '1 spike · 123 Hz mean');
    assert.equal(formatStatistics({ size: 400, spikes: 12345, mean_rate_hz: 8.2 }), '12,345 spikes · 8.2 Hz mean');
    assert.equal(meanRateHz(5, 0, 100), 0);
  });
});

describe('client: source text lookups', () => {
  const text = exampleText('adaptation.bss2');
  it('finds a population declaration and the identifier under the cursor', () => {
    assert.deepEqual(findPopulationDeclaration(text, 'drive'), { line: 23, start: 11, end: 16 });
    assert.equal(findPopulationDeclaration(text, 'nobody'), undefined);
    assert.equal(findPopulationDeclaration(text, 'a.*'), undefined, 'not a name: no regular expression injection');
    assert.deepEqual(identifierAt('record cell  : spikes, v, w', 8), { name: 'cell', start: 7, end: 11 });
    assert.equal(identifierAt('   ', 1), undefined);
  });
  it('summarises an example by its first comment line and finds a free file name', () => {
    assert.equal(exampleSummary(text), 'Spike-frequency adaptation in one AdEx neuron, driven by a current step.');
    assert.equal(exampleSummary('experiment x {}\n# late'), '');
    // Every bundled example, the multi-compartment ones included, has a one-sentence summary for the quick pick.
    for (const name of ['passive_cable.bss2', 'dendritic_coincidence.bss2', 'adaptation.bss2']) {
      assert.match(exampleSummary(exampleText(name)), /^[A-Z].*\.$/, name);
    }
    assert.equal(exampleSummary(exampleText('dendritic_coincidence.bss2')), 'Dendritic coincidence detection in a two-compartment neuron: a soma and an active dendrite.');
    const taken = new Set(['stdp.bss2', 'stdp-2.bss2']);
    assert.equal(freeFileName('stdp.bss2', (n) => taken.has(n)), 'stdp-3.bss2');
    assert.equal(freeFileName('new.bss2', (n) => taken.has(n)), 'new.bss2');
  });
});

describe('client: panel replay', () => {
  it('gives a panel that loads late the settings, the chip and the run so far', () => {
    const feed = new PanelFeed();
    feed.setSettings(12);
    const configuration = analyzeDocument(text()).configuration!;
    feed.setChip(configuration);
    feed.runStarted({ type: 'runStarted', experiment: 'adaptation', duration_ms: 500, populations: { cell: 1 } });
    feed.chunk({ time_ms: 10, duration_ms: 500, spikes: { cell: { neuron: [0], time_ms: [5] } }, traces: [] });
    feed.chunk({ time_ms: 20, duration_ms: 500, spikes: { cell: { neuron: [0], time_ms: [15] } }, traces: [] });
    const live = feed.replay('raster');
    assert.deepEqual(live.map((m) => m.type), ['settings', 'runStarted', 'chunk']);
    assert.deepEqual(live[2].type === 'chunk' && live[2].chunk.spikes.cell.time_ms, [5, 15]);
    assert.deepEqual(feed.replay('chip').map((m) => m.type), ['settings', 'chip']);
    feed.runFinished({ type: 'runFinished', state: 'finished' });
    feed.showResults(sampleResults());
    assert.deepEqual(feed.replay('traces').map((m) => m.type), ['settings', 'results']);
    assert.equal(feed.lastResults?.experiment, 'synfire');
  });
  function text(): string {
    return exampleText('adaptation.bss2');
  }
});
