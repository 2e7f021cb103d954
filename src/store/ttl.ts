/**
 * Objects with a time to live, as the API server gives Events (`--event-ttl`, an hour): each write moves
 * the object's expiry to the TTL after it, a delete drops it, and when it comes the object is removed.
 *
 * Every object of one TTL expires in the order of its last write, so expiries wait in one first-in,
 * first-out queue per TTL with one clock timer for its head, not a timer per object. An entry is the
 * version written and its due time; when it comes due, the object is removed only if the store still
 * holds that very version — a later write made a newer version (with an entry of its own), a delete
 * left none, so the entry is stale and skipped. A cluster holding 800,000 Events keeps one timer for
 * them, and each write costs an append. (A version stays reachable from its entry until
 * its hour is up, even once replaced; for Events, which are rarely written twice, that is little.)
 */
import type { KubeObject } from '../api/meta.js';
import type { Clock, Timer } from '../sim/clock.js';

/**
 * The expiries of one TTL, oldest first, and the timer for the first. The versions are kept in order, and
 * their due times once per run of versions due at the same instant (a burst of Events writes hundreds
 * in one millisecond), with where each run starts: no object, and no number, per entry.
 */
interface ExpiryQueue {
  /** Emptied as they are consumed, so an expired version is not kept alive until the next compaction. */
  objects: (KubeObject | undefined)[];
  /** The due time of each run, and the index in `objects` where it starts. */
  dues: number[];
  starts: number[];
  /** The first entry not consumed, and the run it is in. */
  head: number;
  run: number;
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
    if (!queue) this.queues.set(ttlMs, (queue = { objects: [], dues: [], starts: [], head: 0, run: 0, timer: undefined }));
    const due = this.clock.now() + ttlMs;
    if (queue.dues.length === 0 || queue.dues[queue.dues.length - 1] !== due) {
      queue.dues.push(due);
      queue.starts.push(queue.objects.length);
    }
    queue.objects.push(object);
    if (!queue.timer) this.arm(queue);
  }

  /** When the first entry not consumed is due (the run it is in may have begun after the last expiry). */
  private headDue(queue: ExpiryQueue): number {
    while (queue.run + 1 < queue.starts.length && queue.starts[queue.run + 1]! <= queue.head) queue.run++;
    return queue.dues[queue.run]!;
  }

  private arm(queue: ExpiryQueue): void {
    const next = queue.objects[queue.head];
    queue.timer = next && this.clock.scheduleAt(this.headDue(queue), () => this.expire(queue), `ttl ${next.kind}`);
  }

  private expire(queue: ExpiryQueue): void {
    const now = this.clock.now();
    while (queue.head < queue.objects.length && this.headDue(queue) <= now) {
      const object = queue.objects[queue.head]!;
      queue.objects[queue.head++] = undefined;
      if (this.stored(object) === object) this.remove(object);
    }
    // Drop what has been consumed once it is half the array, so appends stay amortised O(1).
    if (queue.head > 1024 && queue.head * 2 > queue.objects.length) {
      queue.objects.splice(0, queue.head);
      queue.dues.splice(0, queue.run);
      queue.starts.splice(0, queue.run);
      for (let i = 0; i < queue.starts.length; i++) queue.starts[i] = Math.max(0, queue.starts[i]! - queue.head);
      queue.head = 0;
      queue.run = 0;
    }
    this.arm(queue);
  }
}
