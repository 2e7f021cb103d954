/**
 * Objects with a time to live, as the API server gives Events (`--event-ttl`, an hour): each write moves
 * the object's expiry to the TTL after it, a delete drops it, and when it comes the object is removed.
 * One timer per object: a write only moves the due time, and a timer that fires early waits again.
 */
import type { KubeObject } from '../api/meta.js';
import type { Clock, Timer } from '../sim/clock.js';
import { objectKey } from './indexes.js';
import type { ObjectRef } from './types.js';

export class Expiries {
  private readonly pending = new Map<string, { due: number; timer: Timer }>();

  constructor(
    private readonly clock: Clock,
    private readonly remove: (ref: ObjectRef & { kind: string }) => void,
  ) {}

  /** Called after every committed change of an object whose kind lives `ttlMs`. */
  written(kind: string, object: KubeObject, ttlMs: number, removed: boolean): void {
    const { namespace, name } = object.metadata;
    const key = objectKey(kind, namespace, name!);
    const pending = this.pending.get(key);
    if (removed) {
      pending?.timer.cancel();
      this.pending.delete(key);
      return;
    }
    const due = this.clock.now() + ttlMs;
    if (pending) {
      pending.due = due;
      return;
    }
    const expiry = { due, timer: undefined as unknown as Timer };
    const fire = () => {
      if (this.clock.now() < expiry.due) {
        expiry.timer = this.clock.scheduleAt(expiry.due, fire, `ttl ${key}`);
        return;
      }
      this.pending.delete(key);
      this.remove({ kind, ...(namespace !== undefined ? { namespace } : {}), name: name! });
    };
    expiry.timer = this.clock.scheduleAt(due, fire, `ttl ${key}`);
    this.pending.set(key, expiry);
  }
}
