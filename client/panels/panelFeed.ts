/**
 * What each panel must be shown, kept so that a panel that (re)loads gets the whole picture when it says `ready`:
 * the settings, the chip configuration, and either the last complete results or the run in progress (its start,
 * the chunks so far merged into one, its end). Free of the VS Code API.
 */
import type { ChipConfiguration } from '../../common/chip/configuration';
import type { ResultsChunk } from '../../common/protocol/emulator';
import type { ComparisonRun, PanelKind, ResultsMessage, RunFinishedMessage, RunStartedMessage, ToPanelMessage } from '../../common/protocol/webview';
import type { RunResults } from '../../common/results';
import { MAX_MESSAGE_BYTES, mergeChunks, resultsMessages, splitChunk } from '../run/chunks';

export class PanelFeed {
  private settings: ToPanelMessage | undefined;
  private chip: ChipConfiguration | undefined;
  private results: RunResults | undefined;
  /** The overlay on screen (results of the panels plus a second run), if any. */
  private overlay: ResultsMessage | undefined;
  private live: { started: RunStartedMessage; chunk?: ResultsChunk; finished?: RunFinishedMessage } | undefined;

  constructor(private readonly maxBytes = MAX_MESSAGE_BYTES) {}

  setSettings(liveRedrawsPerSecond: number): ToPanelMessage {
    this.settings = { type: 'settings', liveRedrawsPerSecond };
    return this.settings;
  }

  setChip(configuration: ChipConfiguration): ToPanelMessage {
    this.chip = configuration;
    return { type: 'chip', configuration };
  }

  runStarted(message: RunStartedMessage): ToPanelMessage {
    this.live = { started: message };
    this.overlay = undefined;
    return message;
  }

  /** Records a chunk of the run in progress and returns the messages that carry it (each at most maxBytes). */
  chunk(chunk: ResultsChunk): ToPanelMessage[] {
    if (this.live) this.live.chunk = this.live.chunk ? mergeChunks(this.live.chunk, chunk) : chunk;
    return splitChunk(chunk, this.maxBytes).map((c) => ({ type: 'chunk', chunk: c }));
  }

  runFinished(message: RunFinishedMessage): ToPanelMessage {
    if (this.live) this.live.finished = message;
    return message;
  }

  /** Complete results (a finished run, or a file opened from disk) replace whatever was shown. */
  showResults(results: RunResults): ToPanelMessage[] {
    this.results = results;
    this.overlay = undefined;
    this.live = undefined;
    return resultsMessages(results, this.maxBytes);
  }

  /**
   * Two runs in one picture (an imported results file over the run on screen): the raster and traces panels
   * draw `comparison` beside and over `results`. One message: a comparison cannot travel as chunks.
   */
  showComparison(results: RunResults, label: string, comparison: ComparisonRun): ToPanelMessage[] {
    this.results = results;
    this.overlay = { type: 'results', results, label, comparison };
    this.live = undefined;
    return [this.overlay];
  }

  get lastResults(): RunResults | undefined {
    return this.results;
  }

  get configuration(): ChipConfiguration | undefined {
    return this.chip;
  }

  /** Whether `kind` shows run data (the chip panel shows the configuration only). */
  static showsRuns(kind: PanelKind): boolean {
    return kind !== 'chip';
  }

  /** Everything a freshly loaded panel of `kind` needs, in order. */
  replay(kind: PanelKind): ToPanelMessage[] {
    const out: ToPanelMessage[] = [];
    if (this.settings) out.push(this.settings);
    if (kind === 'chip') {
      if (this.chip) out.push({ type: 'chip', configuration: this.chip });
      return out;
    }
    if (this.overlay) out.push(this.overlay);
    else if (this.results) out.push(...resultsMessages(this.results, this.maxBytes));
    if (this.live) {
      out.push(this.live.started);
      if (this.live.chunk) out.push(...splitChunk(this.live.chunk, this.maxBytes).map((c): ToPanelMessage => ({ type: 'chunk', chunk: c })));
      if (this.live.finished) out.push(this.live.finished);
    }
    return out;
  }
}
