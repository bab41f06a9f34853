import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * How late the test bed's own event loop ran while it watched: a datagram is stamped when the
 * loop reads it, so on a loaded machine it is stamped late. A timing check (RB-02's Timer A)
 * widens its tolerance by this much, so the observer's delay is never blamed on the client.
 */
export class ObserverLag {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });

  start(): void {
    this.histogram.reset();
    this.histogram.enable();
  }

  /** The longest delay seen since start, in whole milliseconds (0 when never started). */
  maxMs(): number {
    return this.histogram.count === 0 ? 0 : Math.round(this.histogram.max / 1e6);
  }

  stop(): void {
    this.histogram.disable();
  }
}
