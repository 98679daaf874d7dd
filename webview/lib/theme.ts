/**
 * Colours of the plots, read from the CSS variables VS Code sets on a webview (`--vscode-*`) and from the
 * body class it sets (`vscode-light`, `vscode-dark`, `vscode-high-contrast`, `vscode-high-contrast-light`), so
 * the panels follow the user's colour theme. Outside VS Code (the standalone report) the fallbacks apply,
 * chosen by `prefers-color-scheme`.
 */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  kind: ThemeKind;
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  cursor: string;
  font: string;
  /** One colour per population, in order; repeats when there are more populations than colours. */
  palette: string[];
}

/** VS Code's chart colours (`charts.*` theme colours), then extra hues for experiments with many populations. */
const PALETTE_VARIABLES = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple', '--vscode-charts-yellow'];

const FALLBACKS: Record<ThemeKind, { foreground: string; muted: string; background: string; grid: string; palette: string[] }> = {
  light: { foreground: '#3b3b3b', muted: '#6f6f6f', background: '#ffffff', grid: 'rgba(0, 0, 0, 0.12)', palette: ['#1a85ff', '#d18616', '#388a34', '#e51400', '#652d90', '#bf8803'] },
  dark: { foreground: '#cccccc', muted: '#9d9d9d', background: '#1f1f1f', grid: 'rgba(255, 255, 255, 0.14)', palette: ['#3794ff', '#d18616', '#89d185', '#f14c4c', '#b180d7', '#cca700'] },
  'high-contrast': { foreground: '#ffffff', muted: '#ffffff', background: '#000000', grid: 'rgba(255, 255, 255, 0.45)', palette: ['#3794ff', '#f38518', '#89d185', '#f48771', '#b180d7', '#ffd700'] },
  'high-contrast-light': { foreground: '#292929', muted: '#292929', background: '#ffffff', grid: 'rgba(0, 0, 0, 0.45)', palette: ['#0f4a85', '#b5200d', '#007100', '#b5200d', '#652d90', '#895503'] },
};
const EXTRA_HUES = ['#17becf', '#e377c2', '#8c564b', '#7f7f7f', '#bcbd22', '#9467bd'];

export function themeKindOf(body: HTMLElement, prefersDark: boolean): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  if (c.contains('vscode-light')) return 'light';
  return prefersDark ? 'dark' : 'light';
}

export function readTheme(doc: Document = document): Theme {
  const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  const kind = themeKindOf(doc.body, prefersDark);
  const style = getComputedStyle(doc.documentElement);
  const css = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const f = FALLBACKS[kind];
  const palette = PALETTE_VARIABLES.map((v, i) => css(v, f.palette[i])).concat(EXTRA_HUES);
  return {
    kind,
    foreground: css('--vscode-editor-foreground', f.foreground),
    muted: css('--vscode-descriptionForeground', f.muted),
    background: css('--vscode-editor-background', f.background),
    grid: kind.startsWith('high-contrast') ? f.grid : css('--vscode-charts-lines', f.grid),
    cursor: css('--vscode-editorCursor-foreground', f.foreground),
    font: css('--vscode-font-family', 'system-ui, sans-serif'),
    palette,
  };
}

export function colorOf(theme: Theme, index: number): string {
  return theme.palette[index % theme.palette.length];
}

let probe: CanvasRenderingContext2D | null | undefined;

/** RGBA bytes of any CSS colour, as the canvas resolves it (var() is not allowed here: pass a resolved colour). */
export function cssColorToRgba(color: string): [number, number, number, number] {
  probe ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!probe) return [128, 128, 128, 255];
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = '#000';
  probe.fillStyle = color;
  probe.fillRect(0, 0, 1, 1);
  const d = probe.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3]];
}

/** The colour as one 32-bit pixel of an ImageData viewed as Uint32Array (little-endian: ABGR). */
export function packPixel([r, g, b, a]: [number, number, number, number]): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** Calls `onChange` when VS Code switches the colour theme (it rewrites the body class and the variables). */
export function watchTheme(onChange: () => void): void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  if (typeof matchMedia === 'function') matchMedia('(prefers-color-scheme: dark)').addEventListener('change', onChange);
}
