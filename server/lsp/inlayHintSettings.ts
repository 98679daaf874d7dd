/**
 * The user's inlay-hint settings, `bss2.inlayHints.hardwareValues` and `bss2.inlayHints.resources`, pulled
 * through `workspace/configuration` after initialization and again on each `workspace/didChangeConfiguration`
 * (whose payload is ignored: clients differ in what they push). Both default to true, also when the client
 * cannot answer configuration requests. After a change the client is asked to refresh its inlay hints.
 */
import {
  DidChangeConfigurationNotification, InlayHintRefreshRequest, type ClientCapabilities, type Connection,
} from 'vscode-languageserver/node';
import type { InlayHintOptions } from '../languageService/inlayHints';

export const INLAY_HINT_SECTION = 'bss2.inlayHints';

export class InlayHintSettings {
  private current: InlayHintOptions = { hardwareValues: true, resources: true };

  constructor(
    private readonly connection: Connection,
    private readonly capabilities: () => ClientCapabilities,
  ) {
    connection.onDidChangeConfiguration(() => void this.pull(true));
  }

  get options(): InlayHintOptions {
    return this.current;
  }

  /** Called once the client is initialized: registers for configuration changes and reads the settings. */
  async initialized(): Promise<void> {
    if (this.capabilities().workspace?.didChangeConfiguration?.dynamicRegistration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'bss2' }).catch(() => undefined);
    }
    await this.pull(false);
  }

  private async pull(refresh: boolean): Promise<void> {
    const next: InlayHintOptions = { hardwareValues: true, resources: true };
    if (this.capabilities().workspace?.configuration) {
      try {
        const value: unknown = await this.connection.workspace.getConfiguration(INLAY_HINT_SECTION);
        if (value && typeof value === 'object') {
          const v = value as Record<string, unknown>;
          if (typeof v.hardwareValues === 'boolean') next.hardwareValues = v.hardwareValues;
          if (typeof v.resources === 'boolean') next.resources = v.resources;
        }
      } catch (error) {
        this.connection.console.warn(`bss2: could not read ${INLAY_HINT_SECTION}: ${String(error)}; showing all inlay hints`);
      }
    }
    this.current = next;
    if (refresh && this.capabilities().workspace?.inlayHint?.refreshSupport) {
      await this.connection.sendRequest(InlayHintRefreshRequest.type).catch(() => undefined);
    }
  }
}
