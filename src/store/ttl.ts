/**
 * Objects with a time to live, as the API server gives Events (`--event-ttl`, an hour): each write moves
 * the object's expiry to the TTL after it, a delete drops it, and when it comes the object is removed.
 *
 * Every object of one TTL expires in the order of its last write, so expiries wait in one first-in,
 * first-out queue per TTL with one clock timer for its head, not a timer per object. An entry is the
 * version written and its due time; when it comes due, the object is removed only if the store still
 * holds that very version — a later write made a newer version (with an entry of its own), a delete
 * left none, so the entry is stale and skipped. A cluster holding 800,000 Events keeps one timer for
 * them, and each write costs two appends. (A version stays reachable from its entry until
 * its hour is up, even once replaced; for Events, which are rarely written twice, that is little.)
 */
import type { KubeObject } from '../api/meta.js';
import type { Clock, Timer } from '../sim/clock.js';

/**
 * The expiries of one TTL, oldest first, and the timer for the first: the versions and their due times
 * side by side (an array of numbers holds them unboxed), rather than an object per entry.
 */
interface ExpiryQueue {
  /** Emptied as they are consumed, so an expired version is not kept alive until the next compaction. */
  objects: (KubeObject | undefined)[];
  dues: number[];
  head: number;
  timer: Timer | undefined;
}

export class Expiries {
  private readonly queues = new Map<number, ExpiryQueue>();

  /**
   * `stored` gives the version the store holds now of the object a version belongs to (undefined when
   * it holds none); `remove` removes it.
   */
  constructor(
    private readonly clock: Clock,
    private readonly stored: (object: KubeObject) => KubeObject | undefined,
    private readonly remove: (object: KubeObject) => void,
  ) {}

  /** Called after every committed version (not a removal) of an object whose kind lives `ttlMs`. */
  written(object: KubeObject, ttlMs: number): void {
    let queue = this.queues.get(ttlMs);
    if (!queue) this.queues.set(ttlMs, (queue = { objects: [], dues: [], head: 0, timer: undefined }));
    queue.objects.push(object);
    queue.dues.push(this.clock.now() + ttlMs);
    if (!queue.timer) this.arm(queue);
  }

  private arm(queue: ExpiryQueue): void {
    const next = queue.objects[queue.head];
    queue.timer = next && this.clock.scheduleAt(queue.dues[queue.head]!, () => this.expire(queue), `ttl ${next.kind}`);
  }

  private expire(queue: ExpiryQueue): void {
    const now = this.clock.now();
    while (queue.head < queue.objects.length && queue.dues[queue.head]! <= now) {
      const object = queue.objects[queue.head]!;
      queue.objects[queue.head++] = undefined;
      if (this.stored(object) === object) this.remove(object);
    }
    // Drop what has been consumed once it is half the array, so appends stay amortised O(1).
    if (queue.head > 1024 && queue.head * 2 > queue.objects.length) {
      queue.objects.splice(0, queue.head);
      queue.dues.splice(0, queue.head);
      queue.head = 0;
    }
    this.arm(queue);
  }
}
