/**
 * CodeLens: `Run`, `Debug` and `Show plots` above the experiment, each population and each plasticity block, and
 * after a run the spike count and mean rate of each population. The server only offers the commands; the
 * client executes them with the document's URI. Read from the syntax tree, so lenses stay in files with errors;
 * statistics are found by population name, so a renamed population loses its statistics until the next run.
 */
import type { CodeLens, Command } from 'vscode-languageserver';
import type { RunStatisticsParams } from '../../common/protocol/languageServer';
import type { Document, Statement } from '../language/ast';

/** Command IDs the client registers (category "BrainScaleS-2"). */
export const LENS_COMMANDS = {
  run: 'bss2.runExperiment',
  debug: 'bss2.debugExperiment',
  showPlots: 'bss2.showPlots',
  exportPyNN: 'bss2.exportPyNN',
  showRaster: 'bss2.showRaster',
  showWeights: 'bss2.showWeights',
} as const;

/** At most this many statements get lenses: a pathological file must not produce a million of them. */
export const MAX_LENS_STATEMENTS = 2000;

function command(title: string, id: string, uri: string): Command {
  return { title, command: id, arguments: [uri] };
}

function rateText(hz: number): string {
  if (hz >= 100) return hz.toFixed(0);
  if (hz >= 10) return hz.toFixed(1);
  return String(Number(hz.toPrecision(2)));
}

/** `412 spikes · 8.2 Hz mean`. */
export function statisticsTitle(spikes: number, meanRateHz: number): string {
  return `${spikes} ${spikes === 1 ? 'spike' : 'spikes'} · ${rateText(meanRateHz)} Hz mean`;
}

function lensesFor(statement: Statement, uri: string, statistics: RunStatisticsParams | undefined): CodeLens[] {
  const range = statement.keywordRange;
  const lens = (title: string, id: string): CodeLens => ({ range, command: command(title, id, uri) });
  const common = [lens('Run', LENS_COMMANDS.run), lens('Debug', LENS_COMMANDS.debug), lens('Show plots', LENS_COMMANDS.showPlots)];
  switch (statement.kind) {
    case 'experiment':
      return [...common, lens('Export to PyNN…', LENS_COMMANDS.exportPyNN)];
    case 'plasticity':
      return [...common, lens('Show weights', LENS_COMMANDS.showWeights)];
    case 'population': {
      const name = statement.name?.text;
      const stats = name !== undefined && statistics && Object.prototype.hasOwnProperty.call(statistics.populations, name)
        ? statistics.populations[name]
        : undefined;
      return stats ? [...common, lens(statisticsTitle(stats.spikes, stats.mean_rate_hz), LENS_COMMANDS.showRaster)] : common;
    }
    default:
      return [];
  }
}

export function codeLenses(document: Document, uri: string, statistics?: RunStatisticsParams): CodeLens[] {
  const out: CodeLens[] = [];
  let statements = 0;
  for (const statement of document.statements) {
    if (statement.kind !== 'experiment' && statement.kind !== 'population' && statement.kind !== 'plasticity') continue;
    if (++statements > MAX_LENS_STATEMENTS) break;
    out.push(...lensesFor(statement, uri, statistics));
  }
  return out;
}
