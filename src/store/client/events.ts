/**
 * Events, the way client-go's recorder writes them (tools/record, the EventCorrelator), in its order:
 * - aggregation: events of one object from one source with the same type and reason but different
 *   messages are folded, from the tenth distinct message within ten minutes, into one Event whose message
 *   is `(combined from similar events): <latest message>` — a 100-pod ReplicaSet shows nine
 *   `Created pod` events and one combined one;
 * - counting: a repeat of an event bumps `count` and `lastTimestamp` on the Event it made instead of
 *   adding another, which is why `kubectl describe` shows `x4 over 2m`;
 * - spam filtering: each source may write 25 events about one object at once, then one every five
 *   minutes (a token bucket); a write it holds back is not lost from the count, which the next write
 *   carries — so a pod that fails its probe for an hour shows the true count, updated every five minutes.
 * Each of the three remembers its last 4096 keys, as client-go's caches do. Names are
 * `<object>.<hex nanoseconds>`, from the simulated clock. Events are best-effort, as in
 * Kubernetes: one the API server refuses (a namespace being deleted) is dropped, never an error for the
 * component that reported it.
 */
import { isStatusError } from '../../api/errors.js';
import { formatTimestamp, type KubeObject } from '../../api/meta.js';
import type { Clock } from '../../sim/clock.js';
import type { Store } from '../../store/store.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  /** `kubelet`, `deployment-controller`, `default-scheduler`. */
  component: string;
  /** The node, for a kubelet's events. */
  host?: string;
}

/** defaultAggregateMaxEvents and defaultAggregateIntervalInSeconds. */
export const AGGREGATE_MAX_EVENTS = 10;
export const AGGREGATE_INTERVAL_MS = 600_000;
/** defaultSpamBurst and defaultSpamQPS: 25 at once, then one per 300 s. */
export const SPAM_BURST = 25;
export const SPAM_REFILL_MS = 300_000;
export const COMBINED_PREFIX = '(combined from similar events): ';

/** maxLruCacheEntries: client-go keeps each of the recorder's caches to the keys last used. */
export const CACHE_ENTRIES = 4096;

/** A Map used as a least-recently-used cache: reading or writing a key makes it the newest. */
function recall<V>(cache: Map<string, V>, key: string): V | undefined {
  const v = cache.get(key);
  if (v !== undefined) {
    cache.delete(key);
    cache.set(key, v);
  }
  return v;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}

function definedOnly(o: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * The distinct messages of similar events: the first kept as it is, a Set only from a second one on —
 * most objects never get a second, and a Set per object and reason is most of what the cache would hold.
 */
type Distinct = string | Set<string>;

function withMessage(seen: Distinct | undefined, message: string): Distinct {
  if (seen === undefined || seen === message) return message;
  if (typeof seen === 'string') return new Set([seen, message]);
  return seen.add(message);
}

/** What the recorder remembers of an Event it made (client-go's eventLog). */
interface Observed {
  namespace: string;
  name: string;
  count: number;
  firstTimestamp: string;
}

export class EventRecorder {
  /** Event key (or aggregate key) → the Event it made. */
  private readonly seen = new Map<string, Observed>();
  /** Aggregate key → the distinct messages seen within the interval, and when the last came. */
  private readonly aggregates = new Map<string, { messages: Distinct | undefined; last: number }>();
  /** Object → its token bucket. */
  private readonly buckets = new Map<string, { credit: number; at: number }>();
  private lastNanos = 0n;
  private readonly offset: number;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly source: EventSource,
  ) {
    // A stable spread of up to 1 ms per component and host, so two recorders never pick the same name.
    let h = 0;
    for (const ch of `${source.component}/${source.host ?? ''}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    this.offset = (h % 1000) * 1000;
  }

  /** Records that `reason` happened to `obj`. `fieldPath` points into it (`spec.containers{api}`). */
  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const meta = obj.metadata;
    // Events about cluster-scoped objects (nodes) live in `default`, as client-go puts them.
    const namespace = meta.namespace || 'default';
    const nowMs = this.clock.now();
    const now = formatTimestamp(nowMs);
    // client-go joins kind, namespace, name, uid and apiVersion; a uid (a UUID, never reused, and each
    // kind served at one apiVersion here) says the same in a fifth of the characters.
    const objectKey = meta.uid ?? [obj.kind, meta.namespace ?? '', meta.name, obj.apiVersion].join('\u0000');

    // Aggregation (EventAggregate): similar events are folded once there have been enough of them.
    const aggregateKey = [objectKey, type, reason].join('\u0000');
    let similar = recall(this.aggregates, aggregateKey);
    if (!similar || nowMs - similar.last > AGGREGATE_INTERVAL_MS) similar = remember(this.aggregates, aggregateKey, { messages: undefined, last: nowMs });
    const messages = (similar.messages = withMessage(similar.messages, message));
    similar.last = nowMs;
    let key = [objectKey, fieldPath ?? '', type, reason, message].join('\u0000');
    let text = message;
    if (typeof messages !== 'string' && messages.size >= AGGREGATE_MAX_EVENTS) {
      // Go removes an arbitrary one to keep the set below the threshold; the oldest, here.
      messages.delete(messages.values().next().value!);
      key = aggregateKey;
      text = COMBINED_PREFIX + message;
    }

    // Counting (eventObserve): a repeat is the same Event with one more occurrence.
    let observed = recall(this.seen, key);
    if (observed) observed.count++;
    else observed = remember(this.seen, key, { namespace, name: `${meta.name}.${this.uniqueHex()}`, count: 1, firstTimestamp: now });

    // Spam filtering (EventSourceObjectSpamFilter): the write waits for a token; the count does not.
    if (!this.takeToken(objectKey, nowMs)) return;
    this.write(obj, observed, { type, reason, message: text, now, ...(fieldPath !== undefined ? { fieldPath } : {}) });
  }

  /**
   * The token bucket, kept in milliseconds of credit so the arithmetic is exact: a write costs one
   * refill period, the credit grows by the time that passes, up to the burst.
   */
  private takeToken(objectKey: string, nowMs: number): boolean {
    const full = SPAM_BURST * SPAM_REFILL_MS;
    const bucket = recall(this.buckets, objectKey) ?? remember(this.buckets, objectKey, { credit: full, at: nowMs });
    bucket.credit = Math.min(full, bucket.credit + (nowMs - bucket.at));
    bucket.at = nowMs;
    if (bucket.credit < SPAM_REFILL_MS) return false;
    bucket.credit -= SPAM_REFILL_MS;
    return true;
  }

  /** Writes the Event as observed: an update of the one already stored, or a create if there is none. */
  private write(obj: KubeObject, observed: Observed, e: { type: EventType; reason: string; message: string; now: string; fieldPath?: string }): void {
    const meta = obj.metadata;
    const actor = this.actor();
    const write = { actor, reason: `event ${e.reason}` };
    try {
      // A first occurrence has a name just made up: there is nothing stored to look for.
      if (observed.count > 1 && this.store.get('Event', observed.namespace, observed.name)) {
        this.store.update({ kind: 'Event', namespace: observed.namespace, name: observed.name }, (ev) => {
          ev.count = observed.count;
          ev.lastTimestamp = e.now;
          ev.message = e.message;
        }, write);
        return;
      }
      // Never written (held back, or removed since): created with everything counted so far.
      this.store.create(
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: observed.name, namespace: observed.namespace },
          involvedObject: definedOnly({
            kind: obj.kind,
            namespace: meta.namespace,
            name: meta.name,
            uid: meta.uid,
            apiVersion: obj.apiVersion,
            resourceVersion: meta.resourceVersion,
            fieldPath: e.fieldPath,
          }),
          reason: e.reason,
          message: e.message,
          source: { component: this.source.component, ...(this.source.host ? { host: this.source.host } : {}) },
          firstTimestamp: observed.firstTimestamp,
          lastTimestamp: e.now,
          count: observed.count,
          type: e.type,
          reportingComponent: this.source.component,
          reportingInstance: this.source.host ?? '',
        },
        write,
      );
    } catch (err) {
      if (!isStatusError(err)) throw err;
    }
  }

  private actor(): string {
    return this.source.host ? `${this.source.component}/${this.source.host}` : this.source.component;
  }

  /**
   * The clock in nanoseconds as hex, made unique when two events share an instant. Recorders of
   * different components keep apart by the component's own offset within the millisecond.
   */
  private uniqueHex(): string {
    // Nanoseconds since 1970 exceed 2^53: BigInt keeps every one of them distinct.
    const at = BigInt(this.clock.now()) * 1_000_000n + BigInt(this.offset);
    const nanos = at > this.lastNanos ? at : this.lastNanos + 1n;
    this.lastNanos = nanos;
    return nanos.toString(16);
  }
}
