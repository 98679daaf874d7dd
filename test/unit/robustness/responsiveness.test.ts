/**
 * The language server stays responsive under load (functional checks; the figures are measured by
 * bench/lspLatency.ts and bench/lspHeap.ts): a 1 MB document is validated off the main thread, so a request on
 * another document is answered before its diagnostics arrive; a cancelled request is answered as cancelled
 * without doing the work; outline, folding, semantic tokens and diagnostics are capped for pathological files;
 * a closed document gets an empty list.
 */
import assert from 'node:assert/strict';
import {
  CancellationTokenSource, DidCloseTextDocumentNotification, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, LSPErrorCodes,
  PublishDiagnosticsNotification, SemanticTokensRequest, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { experimentOfLines } from '../../../bench/lspLatency';
import { serverForSuite, type LspClient } from '../server/lspClient';

describe('robustness: responsiveness and caps of the language server', function () {
  this.timeout(120000);
  const published: Array<PublishDiagnosticsParams & { at: number }> = [];
  const client = serverForSuite([], {}, (c: LspClient) => {
    c.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.push({ ...p, at: Date.now() });
    });
  });

  async function until<T>(find: () => T | undefined, what: string, timeoutMs = 90000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('answers requests on another document while it validates a 1 MB document, and cancels a queued request', async () => {
    const small = 'file:///work/small.bss2';
    await client().open(small, experimentOfLines(40));
    await until(() => published.find((p) => p.uri === small), 'diagnostics of the small file');
    const large = 'file:///work/large.bss2';
    const text = experimentOfLines(42_000);
    assert.ok(text.length > 1e6, `${text.length} characters`);
    await client().open(large, text);
    const answered = await client().connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: small } });
    const answeredAt = Date.now();
    assert.ok(Array.isArray(answered));

    const source = new CancellationTokenSource();
    const hover = client().connection.sendRequest(HoverRequest.type, { textDocument: { uri: large }, position: { line: 5, character: 5 } }, source.token);
    source.cancel();
    await assert.rejects(hover, (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled);

    const diagnostics = await until(() => published.find((p) => p.uri === large), 'diagnostics of the 1 MB file');
    assert.equal(diagnostics.version, 1);
    assert.ok(answeredAt <= diagnostics.at, 'the request on the small file was answered while the large one was validated');
  });

  it('caps outline, folding, semantic tokens and diagnostics of a pathological file, and clears a closed file', async () => {
    const uri = 'file:///work/pathological.bss2';
    const text = 'population p : AdEx[1] {\n  tau_m = 20 ms\n  oops\n}\n'.repeat(15_000);
    await client().open(uri, text);
    const symbols = (await client().connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as Array<{ children?: unknown[] }>;
    assert.ok(symbols.length <= 5000, `${symbols.length} symbols`);
    assert.ok(symbols.reduce((n, s) => n + 1 + (s.children?.length ?? 0), 0) <= 5000);
    const folding = (await client().connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }))!;
    assert.ok(folding.length > 0 && folding.length <= 5000, `${folding.length} folding ranges`);
    const tokens = (await client().connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }))!;
    assert.ok(tokens.data.length > 0 && tokens.data.length <= 500_000 && tokens.data.length % 5 === 0, `${tokens.data.length} token numbers`);
    const diagnostics = await until(() => published.find((p) => p.uri === uri), 'diagnostics of the pathological file');
    assert.ok(diagnostics.diagnostics.length > 0 && diagnostics.diagnostics.length <= 1000, `${diagnostics.diagnostics.length} diagnostics`);

    await client().connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    const cleared = await until(() => published.find((p) => p.uri === uri && p.diagnostics.length === 0), 'an empty list after closing');
    assert.equal(cleared.version, undefined);
  });
});
