/** Browser entry of the chip panel (bundled to dist/webview/chip.js and chip.css). */
import '../styles/panel.css';
import { startPanel } from '../lib/panelApp';
import { ChipView } from '../views/chip';

void startPanel('chip', (root, host) => new ChipView(root, host));
