/** Browser entry of the traces panel (bundled to dist/webview/traces.js and traces.css). */
import '../styles/panel.css';
import { startPanel } from '../lib/panelApp';
import { TracesView } from '../views/traces';

void startPanel('traces', (root, host) => new TracesView(root, host));
