/**
 * Export of the view as PNG and of the data as CSV. In VS Code the bytes go to the extension, which asks where
 * to save them (a webview can neither write files nor download); in the standalone report the browser downloads.
 */
import type { PanelKind } from '../../common/protocol/webview';
import type { Host } from './messages';

function download(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/** A plain file name made from untrusted parts (experiment and population names). */
export function safeFileName(...parts: string[]): string {
  const name = parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return name.slice(0, 120) || 'bss2';
}

/** Draws the canvases onto one PNG, over the theme background (a transparent PNG is unreadable in a dark viewer). */
export function canvasesToPng(canvases: HTMLCanvasElement[], background: string): string {
  const width = Math.max(1, ...canvases.map((c) => c.width));
  const height = Math.max(1, canvases.reduce((h, c) => h + c.height, 0));
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context for the PNG export');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  let y = 0;
  for (const c of canvases) {
    ctx.drawImage(c, 0, y);
    y += c.height;
  }
  return out.toDataURL('image/png');
}

export function exportPng(host: Host, panel: PanelKind, fileName: string, dataUrl: string): void {
  if (host.inVsCode) host.post({ type: 'exportPng', panel, fileName, dataUrl });
  else download(dataUrl, fileName);
}

export function exportCsv(host: Host, panel: PanelKind, fileName: string, csv: string): void {
  if (host.inVsCode) {
    host.post({ type: 'exportCsv', panel, fileName, csv });
    return;
  }
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  download(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
