/**
 * Watch fan-out. Guarantees: every watcher sees the events of its kind that pass its filter, in commit
 * order, each exactly once, even when a watcher's handler writes to the store while events are being
 * delivered (deliveries are queued and drained in order, never nested). A watch may start from any
 * resourceVersion still in the bounded log; older ones get `410 Gone`, as from the API server's watch
 * cache, and the client lists again.
 */
import { StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import { Fanout, type Listener } from './fanout.js';
import type { ObjectFilter } from './filter.js';
import { Ring } from './ring.js';
import type { Watch, WatchEvent, WatchEventType } from './types.js';

/** A committed change as the log keeps it: the object before and after. */
export interface Change {
  rv: number;
  type: WatchEventType;
  kind: string;
  object: KubeObject;
  prev?: KubeObject;
}

export type WatchHandler = (event: WatchEvent) => void;

/**
 * What a watcher with `filter` sees of `change`: an object moving into the filter is ADDED, one moving
 * out is DELETED, as the API server's cacher reports it.
 */
export function viewThrough(filter: ObjectFilter, change: Change): WatchEvent | undefined {
  const now = filter.matches(change.object);
  if (change.type !== 'MODIFIED') return now ? eventOf(change.type, change) : undefined;
  const before = change.prev ? filter.matches(change.prev) : false;
  if (now && before) return eventOf('MODIFIED', change);
  if (now) return eventOf('ADDED', change);
  if (before) return eventOf('DELETED', change);
  return undefined;
}

/**
 * The event a watcher gets, made without spreads and shared by every watcher that sees the change the
 * same way: a change reaches several watchers one after another (four on average in the envelope), and
 * an event object each was as many allocations. Watchers only read their events. Only the change
 * delivered last is remembered, with its events, until the next one.
 */
function eventOf(type: WatchEventType, change: Change): WatchEvent {
  if (change !== lastChange) {
    lastChange = change;
    lastEvents.fill(undefined);
  }
  const slot = type === 'ADDED' ? 0 : type === 'MODIFIED' ? 1 : 2;
  return (lastEvents[slot] ??= change.prev ? { type, object: change.object, previous: change.prev } : { type, object: change.object });
}

let lastChange: Change | undefined;
const lastEvents: (WatchEvent | undefined)[] = [undefined, undefined, undefined];

export class WatchHub {
  private readonly log: Ring<Change>;
  private readonly fanout = new Fanout<Change>();
  private nextSeq = 0;
  private readonly queue: Change[] = [];
  private draining = false;
  private failure: unknown;
  /** Events handed to watchers since the hub began (the benchmarks' measure of fan-out). */
  delivered = 0;

  constructor(capacity: number) {
    this.log = new Ring(capacity);
  }

  /** Records a committed change and delivers it (after any deliveries already under way). */
  publish(change: Change): void {
    this.log.push(change);
    this.queue.push(change);
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let i = 0; i < this.queue.length; i++) {
        const change = this.queue[i]!;
        const listeners = this.fanout.listeners(change.kind, change);
        for (let j = 0; j < listeners.length; j++) listeners[j]!(change);
      }
    } finally {
      this.queue.length = 0;
      this.draining = false;
    }
    if (this.failure !== undefined) {
      const e = this.failure;
      this.failure = undefined;
      throw e;
    }
  }

  /**
   * Subscribes to changes of `kind` after `fromRv`. With `initial`, the watcher first receives an ADDED
   * for each of those objects (a watch without resourceVersion). Throws Gone when `fromRv` is older
   * than the log remembers.
   */
  subscribe(kind: string, filter: ObjectFilter, fromRv: number, initial: KubeObject[] | undefined, handler: WatchHandler): Watch {
    let last = fromRv;
    let stopped = false;
    const listener = Object.assign(
      (change: Change) => {
        if (stopped || change.rv <= last) return;
        last = change.rv;
        const event = viewThrough(filter, change);
        if (event) this.deliver(handler, event);
      },
      { seq: this.nextSeq++, fieldTerm: filter.fieldTerm },
    ) satisfies Listener<Change>;
    const replay = initial ? [] : this.changesAfter(kind, fromRv);
    for (const obj of initial ?? []) this.deliver(handler, { type: 'ADDED', object: obj });
    for (const change of replay) listener(change);
    this.fanout.add(kind, listener);
    if (this.failure !== undefined && !this.draining) {
      const e = this.failure;
      this.failure = undefined;
      this.fanout.remove(kind, listener);
      throw e;
    }
    // Method shorthand: a function stored under a name of its own costs every watch a property
    // dictionary when tsx keeps names (see docs/performance.md, "No function made per object").
    const fanout = this.fanout;
    return {
      stop() {
        stopped = true;
        fanout.remove(kind, listener);
      },
    };
  }

  /** A throwing handler must not stop delivery to the others; its error reaches the writer afterwards. */
  private deliver(handler: WatchHandler, event: WatchEvent): void {
    this.delivered++;
    try {
      handler(event);
    } catch (e) {
      if (this.failure === undefined) this.failure = e;
    }
  }

  private changesAfter(kind: string, fromRv: number): Change[] {
    const oldest = this.log.oldest();
    if (oldest && fromRv < oldest.rv - 1) {
      throw new StatusError('Expired', `too old resource version: ${fromRv} (${oldest.rv - 1})`);
    }
    const out: Change[] = [];
    for (let i = this.log.firstIndex((c) => c.rv > fromRv); i < this.log.size; i++) {
      const c = this.log.at(i)!;
      if (c.kind === kind) out.push(c);
    }
    return out;
  }

  listenerCount(kind: string): number {
    return this.fanout.count(kind);
  }
}
