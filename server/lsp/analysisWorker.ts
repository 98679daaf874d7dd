/**
 * Analysis of large documents off the main thread. Analysing a 1 MB file takes about a second; on the main
 * thread that would hold every other request (completion in a small file, a cancellation) for as long. The
 * server's own bundle is started again as a worker thread (`runAnalysisWorkerIfWorker`), which analyses one
 * text at a time and answers with the diagnostics only: they are plain data and cheap to copy back.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeDocument } from '../analysis';
import type { Diagnostic } from '../language/diagnostic';

const WORKER_MARK = 'bss2-analysis-worker';

interface Job {
  id: number;
  text: string;
}

type Answer = { id: number; diagnostics: Diagnostic[] } | { id: number; error: string };

/** In the worker thread: serve analysis jobs and return true; on the main thread: return false. */
export function runAnalysisWorkerIfWorker(): boolean {
  if (isMainThread || (workerData as { mark?: string } | undefined)?.mark !== WORKER_MARK || !parentPort) return false;
  const port = parentPort;
  port.on('message', (job: Job) => {
    let answer: Answer;
    try {
      answer = { id: job.id, diagnostics: analyzeDocument(job.text).diagnostics };
    } catch (error) {
      answer = { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(answer);
  });
  return true;
}

/**
 * The main thread's handle on the worker: one job at a time, the worker started on first use and again after it
 * died. A job whose text is outdated before it starts is simply never sent (the publisher asks for the newest).
 */
export class AnalysisWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (d: Diagnostic[]) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
  ) {}

  analyze(text: string): Promise<Diagnostic[]> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, text } satisfies Job);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: { mark: WORKER_MARK }, argv: [] });
    worker.unref();
    worker.on('message', (answer: Answer) => {
      const waiter = this.pending.get(answer.id);
      if (!waiter) return;
      this.pending.delete(answer.id);
      if ('error' in answer) waiter.reject(new Error(answer.error));
      else waiter.resolve(answer.diagnostics);
    });
    const fail = (reason: string) => {
      if (this.worker === worker) this.worker = undefined;
      this.log(`bss2: the analysis worker stopped (${reason}); it is started again for the next analysis`);
      for (const [, waiter] of this.pending) waiter.reject(new Error(reason));
      this.pending.clear();
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(`exit code ${code}`);
    });
    this.worker = worker;
    return worker;
  }
}
