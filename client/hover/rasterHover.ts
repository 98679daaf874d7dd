/**
 * Hovering a population name shows a small raster of its spikes in the document's last run (an SVG image in
 * the hover, next to the language server's own hover). Nothing is shown before a run.
 */
import * as vscode from 'vscode';
import { formatStatistics, populationStatistics } from '../run/statistics';
import { identifierAt } from '../sourceText';
import type { Studio } from '../studio';
import { rasterSvg, svgDataUri } from './rasterSvg';

export function registerRasterHover(studio: Studio): vscode.Disposable {
  return vscode.languages.registerHoverProvider(
    { language: 'bss2' },
    {
      provideHover(document, position) {
        const results = studio.lastResults.get(document.uri.toString());
        if (!results) return undefined;
        const word = identifierAt(document.lineAt(position.line).text, position.character);
        const population = word ? results.populations[word.name] : undefined;
        if (!word || !population) return undefined;
        const stats = populationStatistics(results)[word.name];
        const svg = rasterSvg(population.spikes, population.size, results.duration_ms, {
          caption: `${word.name}: ${formatStatistics(stats)}, ${results.duration_ms} ms`,
        });
        const markdown = new vscode.MarkdownString(`![Raster of ${word.name} in the last run](${svgDataUri(svg)})\n\nLast run of \`${results.experiment}\` (seed ${results.seed})`);
        markdown.supportHtml = false;
        markdown.isTrusted = false;
        return new vscode.Hover(markdown, new vscode.Range(position.line, word.start, position.line, word.end));
      },
    },
  );
}
