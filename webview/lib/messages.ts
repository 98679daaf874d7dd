/**
 * The panel's end of the extension <-> webview channel. Inside VS Code messages go through
 * `acquireVsCodeApi().postMessage`; in the standalone report there is no extension, so messages that need one
 * (reveal in editor) are dropped and exports become downloads. Every arriving message is validated; a malformed
 * one is logged and ignored.
 */
import { type FromPanelMessage, type PanelKind, type ToPanelMessage, validateToPanel } from '../../common/protocol/webview';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

export interface Host {
  /** False in the standalone report. */
  readonly inVsCode: boolean;
  post(message: FromPanelMessage): void;
  log(level: 'info' | 'warning' | 'error', message: string): void;
}

let api: VsCodeApi | undefined | null;

function vscodeApi(): VsCodeApi | undefined {
  // acquireVsCodeApi may be called once per page: keep what it returned.
  if (api === undefined) api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  return api ?? undefined;
}

export function connectHost(): Host {
  const vscode = vscodeApi();
  const host: Host = {
    inVsCode: vscode !== undefined,
    post: (message) => {
      if (vscode) vscode.postMessage(message);
    },
    log: (level, message) => {
      if (vscode) vscode.postMessage({ type: 'log', level, message } satisfies FromPanelMessage);
      else (level === 'error' ? console.error : level === 'warning' ? console.warn : console.info)(`bss2: ${message}`);
    },
  };
  return host;
}

/** Listens for messages from the extension, passes valid ones to `handle`, then tells the extension we are ready. */
export function listen(host: Host, panel: PanelKind, handle: (message: ToPanelMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const checked = validateToPanel(event.data);
    if (!checked.ok) {
      host.log('warning', `${panel} panel ignored a malformed message: ${checked.problems.slice(0, 3).join('; ')}`);
      return;
    }
    try {
      handle(checked.message);
    } catch (error) {
      host.log('error', `${panel} panel failed to show a ${checked.message.type} message: ${String(error)}`);
    }
  });
  host.post({ type: 'ready', panel });
}
