/**
 * DOM helpers for the panels. Text always goes in through `textContent`, so names from user files are shown,
 * never parsed as HTML; the controls are `@vscode-elements/elements` components, which follow the theme.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A `vscode-button`; `secondary` for the less important actions of a toolbar. */
export function button(label: string, onClick: () => void, secondary = true): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  if (secondary) b.setAttribute('secondary', '');
  b.addEventListener('click', onClick);
  return b;
}

/** A swatch + label button for a legend: focusable, activates `onActivate` by click, Enter or Space. */
export function legendItem(color: string, label: string, title: string, onActivate: () => void): HTMLButtonElement {
  const item = el('button', 'legend-item');
  item.type = 'button';
  item.title = title;
  const swatch = el('span', 'swatch');
  swatch.style.backgroundColor = color; // CSSOM property, allowed by the CSP (no style attribute markup)
  item.append(swatch, el('span', 'legend-label', label));
  item.addEventListener('click', onActivate);
  return item;
}

/** The toolbar of a zoomable chart view: reset its zoom, export it as PNG, export its data as CSV. */
export function chartToolbar(view: { resetZoom(): void; exportPng(): void; exportCsv(): void }): HTMLElement {
  const toolbar = el('div', 'toolbar');
  toolbar.setAttribute('role', 'toolbar');
  toolbar.append(
    button('Reset zoom', () => view.resetZoom()),
    button('Export PNG', () => view.exportPng()),
    button('Export CSV', () => view.exportCsv()),
  );
  return toolbar;
}
