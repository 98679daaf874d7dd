/**
 * Requests the language server answers beyond the LSP, declared once and imported by the server and by every
 * client (the extension, tests). A client asks for the chip configuration of an open document instead of
 * parsing and mapping the file itself, so what it runs is exactly what the editor checked.
 */
import { RequestType } from 'vscode-jsonrpc';
import type { ChipConfiguration } from '../chip/configuration';
import type { Diagnostic } from '../../server/language/diagnostic';

export interface ChipConfigurationParams {
  /** URI of a document the client has opened on the server. */
  uri: string;
}

export interface ChipConfigurationResult {
  /** The mapped configuration, present only when the document has no error. */
  configuration?: ChipConfiguration;
  /** Empty with a configuration; otherwise the errors that prevent one (warnings do not). */
  diagnostics: Diagnostic[];
}

/** JSON-RPC error codes of the language server's own requests. */
export const LanguageServerErrorCodes = {
  /** The URI names no document open on the server. */
  UnknownDocument: -32602,
} as const;

export namespace ChipConfigurationRequest {
  export const method = 'bss2/chipConfiguration';
  export const type = new RequestType<ChipConfigurationParams, ChipConfigurationResult, void>(method);
}
