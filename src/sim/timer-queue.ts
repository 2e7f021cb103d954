/**
 * The Clock's queue of timers: first by time, then in the order they were added. A simulated cluster
 * sets many timers for few instants — every probe, sync and lease of a thousand nodes falls on the same
 * whole seconds — so the timers wait in one first-in, first-out list per instant, and only the instants
 * are kept in a heap. Adding and taking a timer costs O(log instants), not O(log timers): a 15,000-pod
 * run waits on about 16,000 timers at a time but on a few dozen instants.
 */
import { Heap } from './heap.js';

interface Instant<T> {
  timers: (T | undefined)[];
  /** The next timer of the instant to take. */
  head: number;
}

export class TimerQueue<T extends { readonly at: number }> {
  private readonly instants = new Map<number, Instant<T>>();
  private readonly times = new Heap<number>((a, b) => a < b);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(timer: T): void {
    let instant = this.instants.get(timer.at);
    if (!instant) {
      this.instants.set(timer.at, (instant = { timers: [], head: 0 }));
      this.times.push(timer.at);
    }
    instant.timers.push(timer);
    this.count++;
  }

  /** The earliest timer, the first added among those of its instant. */
  peek(): T | undefined {
    const at = this.times.peek();
    if (at === undefined) return undefined;
    const instant = this.instants.get(at)!;
    return instant.timers[instant.head];
  }

  pop(): T | undefined {
    const at = this.times.peek();
    if (at === undefined) return undefined;
    const instant = this.instants.get(at)!;
    const timer = instant.timers[instant.head];
    // Let go of a taken timer at once: its callback may hold much.
    instant.timers[instant.head++] = undefined;
    if (instant.head === instant.timers.length) {
      this.instants.delete(at);
      this.times.pop();
    }
    this.count--;
    return timer;
  }

  /** Keeps only the timers `keep` says to, in their order; instants left empty go. O(timers). */
  sweep(keep: (timer: T) => boolean): void {
    this.times.clear();
    this.count = 0;
    for (const [at, instant] of this.instants) {
      const kept: T[] = [];
      for (let i = instant.head; i < instant.timers.length; i++) {
        const timer = instant.timers[i]!;
        if (keep(timer)) kept.push(timer);
      }
      if (kept.length === 0) {
        this.instants.delete(at);
        continue;
      }
      instant.timers = kept;
      instant.head = 0;
      this.times.push(at);
      this.count += kept.length;
    }
  }
}
