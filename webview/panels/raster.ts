/** Browser entry of the raster panel (bundled to dist/webview/raster.js and raster.css). */
import '../styles/panel.css';
import { startPanel } from '../lib/panelApp';
import { RasterView } from '../views/raster';

void startPanel('raster', (root, host) => new RasterView(root, host));
