/**
 * A bounded first-in-first-out buffer: pushing past capacity drops the oldest entry. O(1) push, O(n) read.
 * The store's history (trace, watch log) lives in these so memory stays flat however long a simulation runs.
 * The buffer grows as entries arrive, up to capacity: a store made for a ten-pod test does not allocate
 * the 100,000 slots of a full watch cache up front.
 */
export class Ring<T> {
  private readonly buf: (T | undefined)[] = [];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count < this.capacity) {
      // Until the ring is first full, start is 0 and the entries fill buf in order.
      this.buf.push(item);
      this.count++;
    } else {
      this.buf[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The i-th oldest retained entry. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.buf[(this.start + i) % this.capacity];
  }

  oldest(): T | undefined {
    return this.at(0);
  }

  /** Entries from oldest to newest. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.buf[(this.start + i) % this.capacity] as T);
    return out;
  }

  /**
   * Index of the first entry for which `after(entry)` holds, by binary search: the entries must be
   * ordered so that `after` is false for a prefix and true for the rest.
   */
  firstIndex(after: (entry: T) => boolean): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (after(this.at(mid) as T)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
