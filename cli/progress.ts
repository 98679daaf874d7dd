/**
 * A progress bar on the terminal for runs that take more than a second; silent otherwise and when stderr is
 * not a terminal (logs and pipes get no control characters).
 */
import type { CliIO } from './io';

const SHOW_AFTER_MS = 1000;
const WIDTH = 30;

export class ProgressBar {
  private readonly started = performance.now();
  private shown = false;

  constructor(
    private readonly io: CliIO,
    private readonly terminal: boolean,
  ) {}

  update(time_ms: number, duration_ms: number): void {
    if (!this.terminal || performance.now() - this.started < SHOW_AFTER_MS || duration_ms <= 0) return;
    const fraction = Math.min(1, time_ms / duration_ms);
    const filled = Math.round(fraction * WIDTH);
    this.io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${time_ms.toFixed(0)} / ${duration_ms} ms`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.io.stderr('\r\x1b[K');
    this.shown = false;
  }
}
