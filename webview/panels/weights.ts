/** Browser entry of the weights panel (bundled to dist/webview/weights.js and weights.css). */
import '../styles/panel.css';
import { startPanel } from '../lib/panelApp';
import { WeightsView } from '../views/weights';

void startPanel('weights', (root, host) => new WeightsView(root, host));
