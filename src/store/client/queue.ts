/**
 * The work queue every actor is built on, client-go's workqueue on the simulated clock. Guarantees:
 * - a key waiting to be processed is held once, however often it is added (level-triggered: the
 *   reconciler re-reads the world, so it needs to know *which* object, not how many times it changed);
 * - a key is processed `latency` after it was first added — the reaction time of a real controller, so
 *   that what happens in one instant is ordered as it would be in a cluster — and never twice at once;
 * - `requeueAfter` from a reconcile, or `addAfter`, processes the key again later; a StatusError (a
 *   Conflict, a NotFound race) retries with back-off, 5 ms doubling up to 1000 s, as client-go's
 *   default rate limiter does; any other error is a bug and propagates to whoever advanced the clock.
 */
import { isStatusError } from '../../api/errors.js';
import type { Clock, Timer } from '../../sim/clock.js';
import { parseDuration, type Duration } from '../../sim/duration.js';

export type ReconcileResult = { requeueAfter?: Duration } | undefined | void;

export interface WorkQueueOptions {
  clock: Clock;
  /** Names the queue's timers: `deployment-controller`. */
  name: string;
  /** What to do for one key. */
  reconcile: (key: string) => ReconcileResult;
  /** Simulated reaction time between a key being added and being processed. Default 5 ms. */
  latency?: Duration;
}

const BASE_RETRY_MS = 5;
const MAX_RETRY_MS = 1_000_000;

export class WorkQueue {
  private readonly clock: Clock;
  private readonly name: string;
  private readonly reconcile: (key: string) => ReconcileResult;
  private readonly latency: number;
  /** Keys with a timer pending, and when it fires. */
  private readonly waiting = new Map<string, Timer>();
  private readonly failures = new Map<string, number>();
  private stopped = false;

  constructor(opts: WorkQueueOptions) {
    this.clock = opts.clock;
    this.name = opts.name;
    this.reconcile = opts.reconcile;
    this.latency = parseDuration(opts.latency ?? 5);
  }

  /** Processes `key` after the queue's latency, unless it is already waiting to be processed sooner. */
  add(key: string): void {
    this.addAfter(key, this.latency);
  }

  /** Processes `key` after `delay`; a key already due earlier keeps its earlier time. */
  addAfter(key: string, delay: Duration): void {
    if (this.stopped) return;
    const at = this.clock.now() + Math.max(0, parseDuration(delay));
    const pending = this.waiting.get(key);
    if (pending && pending.at <= at) return;
    pending?.cancel();
    this.waiting.set(key, this.clock.scheduleAt(at, () => this.process(key), `${this.name} ${key}`));
  }

  /** Keys waiting to be processed. */
  get length(): number {
    return this.waiting.size;
  }

  has(key: string): boolean {
    return this.waiting.has(key);
  }

  /** Drops every pending key; nothing is processed after this. */
  stop(): void {
    this.stopped = true;
    for (const t of this.waiting.values()) t.cancel();
    this.waiting.clear();
  }

  private process(key: string): void {
    this.waiting.delete(key);
    let result: ReconcileResult;
    try {
      result = this.reconcile(key);
    } catch (e) {
      if (!isStatusError(e)) throw e;
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      this.addAfter(key, Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** (n - 1)));
      return;
    }
    this.failures.delete(key);
    if (result?.requeueAfter !== undefined) this.addAfter(key, result.requeueAfter);
  }
}

/** `namespace/name`, or `name` for cluster-scoped objects: the key client-go's cache uses. */
export function keyOf(obj: { metadata: { namespace?: string; name?: string } }): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

/** The namespace and name in a key made by keyOf. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
