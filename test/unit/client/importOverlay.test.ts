/** Import Results over a run on screen: one `results` message with the comparison, replayed to panels that (re)load. */
import assert from 'node:assert/strict';
import { PanelFeed } from '../../../client/panels/panelFeed';
import { validateToPanel, type ResultsMessage } from '../../../common/protocol/webview';
import { sampleResults } from './helpers';

describe('client: imported results as an overlay', () => {
  it('posts the run on screen labelled "emulator" with the imported run as comparison, and replays it', () => {
    const feed = new PanelFeed();
    const emulator = sampleResults('synfire');
    const imported = sampleResults('synfire_neuron');
    feed.showResults(emulator);
    const [message, ...rest] = feed.showComparison(emulator, 'emulator', { label: 'synfire.neo.json', results: imported });
    assert.equal(rest.length, 0);
    assert.ok(validateToPanel(message).ok);
    const m = message as ResultsMessage;
    assert.equal(m.label, 'emulator');
    assert.equal(m.results, emulator);
    assert.equal(m.comparison?.label, 'synfire.neo.json');
    assert.equal(m.comparison?.results, imported);
    assert.equal(feed.lastResults, emulator);
    for (const kind of ['raster', 'traces'] as const) {
      const replay = feed.replay(kind).filter((x) => x.type === 'results') as ResultsMessage[];
      assert.equal(replay.length, 1);
      assert.equal(replay[0].comparison?.results, imported);
    }
    assert.equal(feed.replay('chip').some((x) => x.type === 'results'), false);
  });

  it('drops the overlay when other results or a new run replace it', () => {
    const feed = new PanelFeed();
    feed.showComparison(sampleResults('a'), 'emulator', { label: 'b.json', results: sampleResults('b') });
    feed.showResults(sampleResults('c'));
    assert.ok(feed.replay('raster').every((x) => x.type !== 'results' || !x.comparison));
    feed.showComparison(sampleResults('a'), 'emulator', { label: 'b.json', results: sampleResults('b') });
    feed.runStarted({ type: 'runStarted', experiment: 'a', duration_ms: 10, populations: { p: 1 } });
    assert.ok(feed.replay('raster').every((x) => x.type !== 'results' || !x.comparison));
  });
});
