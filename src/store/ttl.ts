/**
 * Objects with a time to live, as the API server gives Events (`--event-ttl`, an hour): each write moves
 * the object's expiry to the TTL after it, a delete drops it, and when it comes the object is removed.
 *
 * Every object of one TTL expires in the order of its last write, so expiries wait in one first-in,
 * first-out queue per TTL with one clock timer for its head, not a timer per object: a write records its
 * due time and appends to the queue; when the head comes due it is removed only if that is still the
 * object's due time (a later write, or a delete, left the entry stale). A cluster holding 800,000 Events
 * keeps one timer for them, and each write costs an append.
 */
import type { KubeObject } from '../api/meta.js';
import type { Clock, Timer } from '../sim/clock.js';
import { objectKey } from './indexes.js';
import type { ObjectRef } from './types.js';

interface Expiry {
  key: string;
  due: number;
  ref: ObjectRef & { kind: string };
}

/** The expiries of one TTL, oldest first, and the timer for the first. */
interface ExpiryQueue {
  entries: Expiry[];
  head: number;
  timer: Timer | undefined;
}

export class Expiries {
  /** Object key → when it expires; absent once deleted or removed. */
  private readonly due = new Map<string, number>();
  private readonly queues = new Map<number, ExpiryQueue>();

  constructor(
    private readonly clock: Clock,
    private readonly remove: (ref: ObjectRef & { kind: string }) => void,
  ) {}

  /** Called after every committed change of an object whose kind lives `ttlMs`. */
  written(kind: string, object: KubeObject, ttlMs: number, removed: boolean): void {
    const { namespace, name } = object.metadata;
    const key = objectKey(kind, namespace, name!);
    if (removed) {
      this.due.delete(key);
      return;
    }
    const due = this.clock.now() + ttlMs;
    this.due.set(key, due);
    let queue = this.queues.get(ttlMs);
    if (!queue) this.queues.set(ttlMs, (queue = { entries: [], head: 0, timer: undefined }));
    queue.entries.push({ key, due, ref: { kind, ...(namespace !== undefined ? { namespace } : {}), name: name! } });
    if (!queue.timer) this.arm(queue);
  }

  private arm(queue: ExpiryQueue): void {
    const next = queue.entries[queue.head];
    queue.timer = next && this.clock.scheduleAt(next.due, () => this.expire(queue), `ttl ${next.ref.kind}`);
  }

  private expire(queue: ExpiryQueue): void {
    const now = this.clock.now();
    while (queue.head < queue.entries.length && queue.entries[queue.head]!.due <= now) {
      const e = queue.entries[queue.head++]!;
      if (this.due.get(e.key) !== e.due) continue;
      this.due.delete(e.key);
      this.remove(e.ref);
    }
    // Drop what has been consumed once it is half the array, so appends stay amortised O(1).
    if (queue.head > 1024 && queue.head * 2 > queue.entries.length) {
      queue.entries.splice(0, queue.head);
      queue.head = 0;
    }
    this.arm(queue);
  }
}
