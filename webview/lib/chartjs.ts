/**
 * Chart.js, loaded once. Chart.js ships as an ECMAScript module while this tree is type-checked as CommonJS
 * (node16): a static import would not type-check, so the module is imported dynamically (esbuild inlines it
 * into the panel bundle, nothing is fetched) and its types are imported with `resolution-mode: import`.
 */
import type * as ChartModule from 'chart.js' with { 'resolution-mode': 'import' };

export type { ChartModule };

/** The plugin object: the package's types describe its CommonJS face, the bundle loads its ES module. */
function zoomPluginOf(module: unknown): ChartModule.Plugin {
  const m = module as { default?: ChartModule.Plugin & { default?: ChartModule.Plugin } };
  const plugin = m.default?.id ? m.default : m.default?.default;
  if (!plugin) throw new Error('chartjs-plugin-zoom did not load');
  return plugin;
}

let loaded: typeof ChartModule | undefined;

export async function loadChartJs(): Promise<typeof ChartModule> {
  if (!loaded) {
    const [chartjs, zoom] = await Promise.all([import('chart.js'), import('chartjs-plugin-zoom')]);
    const { Chart, BarController, BarElement, CategoryScale, LineController, LineElement, LinearScale, PointElement, ScatterController, Tooltip } = chartjs;
    Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, ScatterController, BarController, BarElement, Tooltip, zoomPluginOf(zoom));
    loaded = chartjs;
  }
  return loaded;
}

/** The loaded module; panels call `loadChartJs` before creating their views. */
export function chartJs(): typeof ChartModule {
  if (!loaded) throw new Error('Chart.js is used before loadChartJs() finished');
  return loaded;
}
