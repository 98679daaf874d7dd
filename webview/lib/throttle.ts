/**
 * Coalesces redraw requests: however many chunks arrive, the panel draws at most `maxPerSecond` times a second,
 * and always draws the latest state once the burst is over. The clock and timer are injected so the rate can be
 * tested without a browser.
 */

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
}

export class RedrawThrottle {
  private lastDraw = -Infinity;
  private pending = false;
  private minInterval: number;

  constructor(
    private readonly draw: () => void,
    maxPerSecond: number,
    private readonly clock: Clock = { now: () => performance.now(), setTimeout: (cb, ms) => setTimeout(cb, ms) },
  ) {
    this.minInterval = 1000 / maxPerSecond;
  }

  setRate(maxPerSecond: number): void {
    this.minInterval = 1000 / maxPerSecond;
  }

  /** Asks for a redraw; it happens now if the last one is old enough, otherwise once the interval has passed. */
  request(): void {
    if (this.pending) return;
    const wait = this.lastDraw + this.minInterval - this.clock.now();
    if (wait <= 0) {
      this.run();
      return;
    }
    this.pending = true;
    this.clock.setTimeout(() => {
      this.pending = false;
      this.run();
    }, wait);
  }

  private run(): void {
    this.lastDraw = this.clock.now();
    this.draw();
  }
}
