/**
 * Starts the emulator process and talks to it (common/protocol/emulator.ts). Free of the VS Code API so that
 * the command line and the extension share it. Shutdown is polite first (stdin closed, the process exits by
 * itself), then forced, so that no emulator process outlives its client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

/** How long a polite shutdown may take before the process is killed. */
export const SHUTDOWN_GRACE_MS = 2000;

export class EmulatorProcess {
  readonly connection: MessageConnection;
  private readonly exited: Promise<number | null>;
  private stderrTail = '';

  private constructor(private readonly child: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-4000);
    });
    // A write to a process that died must not crash the client: the pending requests are rejected instead.
    child.stdin!.on('error', () => undefined);
    // When the process dies, pending requests are rejected at once instead of waiting forever.
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.connection.dispose();
        resolve(code);
      }),
    );
    // A peer that breaks the message framing (a header without a usable Content-Length) cannot be read any
    // further, the reader stalls there: end it, so that pending requests are rejected at once (on exit, above)
    // instead of waiting for answers that can no longer arrive. An unparsable body is skipped by the reader.
    this.connection.onError(([error]) => {
      if (!/content-length/i.test(error.message)) return;
      this.stderrTail = (this.stderrTail + `\nthe emulator sent an unreadable message: ${error.message}`).slice(-4000);
      this.kill();
    });
    this.connection.listen();
  }

  /** `emulatorScript`: the bundled `dist/emulator.js`; `args`: its command-line arguments. */
  static start(emulatorScript: string, args: readonly string[] = []): EmulatorProcess {
    const child = spawn(process.execPath, [emulatorScript, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    return new EmulatorProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** What the process wrote to stderr lately: the explanation when it dies. */
  get stderr(): string {
    return this.stderrTail;
  }

  /** False once the process has exited (or was killed). */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Ends the process at once (SIGKILL works on a stopped or hung process too); pending requests are rejected as
   * soon as the exit is seen.
   */
  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  onExit(listener: (code: number | null) => void): void {
    void this.exited.then(listener);
  }

  /** Resolves with the exit code once the process has exited. */
  get exit(): Promise<number | null> {
    return this.exited;
  }

  async dispose(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      this.connection.dispose();
      return;
    }
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), SHUTDOWN_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
