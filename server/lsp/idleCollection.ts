/**
 * A garbage collection in the idle time after diagnostics are published.
 *
 * Why: one analysis of a large experiment allocates several MB, and the analysis it produces stays alive until
 * the next edit replaces it. Left alone, V8 scavenges in the middle of the next analysis and then has to copy
 * the previous analysis (still live) along with the new one, and later compacts the old generation in the middle
 * of an edit: tens of ms of an edit's latency, and the largest part of the slow edits (docs/performance.md,
 * "Diagnostics after an edit"). Collecting right after publishing, while the user has not typed yet, promotes
 * the kept analysis out of the way and compacts the old generation, so that the next edit starts with an empty
 * young generation. A full collection rather than a young-generation one: it took 10–20 ms of idle time either
 * way for a 2,000-line file, and only the full one also spares the edits the old generation's compaction
 * (bench/lspLatency.ts p95 41–43 ms against 44–48 ms). It needs `--expose-gc` (SERVER_EXEC_ARGV); without it
 * (another editor starting the server plainly) this does nothing.
 */

type CollectGarbage = (options?: { type?: 'minor' | 'major' }) => void;

const collect = (globalThis as { gc?: CollectGarbage }).gc;
let pending: NodeJS.Immediate | undefined;

/** Collects garbage once the current message has been handled; several requests before then make one. */
export function collectWhenIdle(): void {
  if (typeof collect !== 'function' || pending) return;
  pending = setImmediate(() => {
    pending = undefined;
    collect({ type: 'major' });
  });
}
