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
 * Each of the three remembers its last 4096 keys, as client-go's caches do; what they remember is filed
 * per object, in records that share the object's uid and the message's own string rather than join
 * them into key strings (a kubelet remembers four or five events of each of its pods). Names are
 * `<object>.<hex nanoseconds>`, from the simulated clock. Events are best-effort, as in
 * Kubernetes: one the API server refuses (a namespace being deleted) is dropped, never an error for the
 * component that reported it.
 */
import { isStatusError } from '../../api/errors.js';
import { deepFreeze, flatString } from '../../api/freeze.js';
import { formatTimestamp, type KubeObject } from '../../api/meta.js';
import { ObjectMakers } from '../../api/object-room.js';
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

/** An entry of one of the recorder's caches, linked to its neighbours in order of use. */
interface Cached<T> {
  older: T | undefined;
  newer: T | undefined;
  cached: boolean;
}

/**
 * One cache's order of use, each entry counted as one key: past CACHE_ENTRIES the least recently used
 * is forgotten, as client-go's LRU caches forget it. The entries carry their own links, so the order
 * costs no key strings and no second map.
 */
class Recency<T extends Cached<T>> {
  private oldest: T | undefined;
  private newest: T | undefined;
  private size = 0;

  constructor(private readonly forget: (entry: T) => void) {}

  /** Makes `entry` the most recently used, adding it if it is new. */
  use(entry: T): T {
    if (entry === this.newest) return entry;
    if (entry.cached) this.unlink(entry);
    else {
      entry.cached = true;
      this.size++;
    }
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
    if (this.size > CACHE_ENTRIES) {
      const old = this.oldest!;
      this.unlink(old);
      old.cached = false;
      old.older = old.newer = undefined;
      this.size--;
      this.forget(old);
    }
    return entry;
  }

  private unlink(entry: T): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
  }
}

/** A copy of `o` without its undefined fields, with room for the rest (object-room.ts). */
function definedOnly(o: Record<string, string | undefined>): Record<string, string> {
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  const out = refMakers.make(keys.length) as Record<string, string>;
  for (const k of keys) out[k] = o[k]!;
  return out;
}

const refMakers = new ObjectMakers();

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

/**
 * What the recorder knows of one object: its token bucket (the spam filter's entry: `cached` while the
 * filter remembers it) and, in two short lists, its similar-event records and the Events it made.
 */
class Subject implements Cached<Subject> {
  older: Subject | undefined;
  newer: Subject | undefined;
  cached = false;
  credit = 0;
  at = 0;
  similar: Similar | undefined;
  observed: Observed | undefined;
  /** The reference to the object its last Event carried. */
  involved: Record<string, string> | undefined;

  constructor(readonly key: string) {}
}

/** The aggregator's record (client-go's aggregateRecord) of one object's events of one type and reason. */
interface Similar extends Cached<Similar> {
  subject: Subject;
  next: Similar | undefined;
  type: EventType;
  reason: string;
  messages: Distinct | undefined;
  last: number;
}

/**
 * What the recorder remembers of an Event it made (client-go's eventLog). Its key is the object, the
 * field, type, reason and message; a combined Event's (message undefined) is the object, type and reason.
 */
interface Observed extends Cached<Observed> {
  subject: Subject;
  next: Observed | undefined;
  fieldPath: string | undefined;
  type: EventType;
  reason: string;
  message: string | undefined;
  name: string;
  count: number;
  firstTimestamp: string;
}

/**
 * The caches' own times, in ms from the clock's start, as small integers while they fit in 30 bits (12
 * days): V8 keeps such a number in the record itself, where a time since 1970, or any number it has
 * computed as a double, is a separate 16-byte box for every record.
 */
function smallTime(ms: number): number {
  return ms >= 0 && ms < 0x40000000 ? ms | 0 : ms;
}

/** Removes `entry` from a list linked through `next`; returns the new head. */
function without<T extends { next: T | undefined }>(head: T | undefined, entry: T): T | undefined {
  if (head === entry) return entry.next;
  for (let e = head; e; e = e.next) {
    if (e.next === entry) {
      e.next = entry.next;
      break;
    }
  }
  return head;
}

export class EventRecorder {
  /** Object key → what is remembered of it. */
  private readonly subjects = new Map<string, Subject>();
  private readonly buckets = new Recency<Subject>((s) => this.release(s));
  private readonly aggregates = new Recency<Similar>((a) => {
    a.subject.similar = without(a.subject.similar, a);
    this.release(a.subject);
  });
  private readonly seen = new Recency<Observed>((o) => {
    o.subject.observed = without(o.subject.observed, o);
    this.release(o.subject);
  });
  private lastNanos = 0n;
  private readonly offset: number;
  /** Every Event's `source`: one frozen object, shared by all of them in the store. */
  private readonly sourceRef: EventSource;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly source: EventSource,
  ) {
    // A stable spread of up to 1 ms per component and host, so two recorders never pick the same name.
    let h = 0;
    for (const ch of `${source.component}/${source.host ?? ''}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    this.offset = (h % 1000) * 1000;
    this.sourceRef = deepFreeze({ component: source.component, ...(source.host ? { host: source.host } : {}) });
  }

  /** Records that `reason` happened to `obj`. `fieldPath` points into it (`spec.containers{api}`). */
  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const meta = obj.metadata;
    // Events about cluster-scoped objects (nodes) live in `default`, as client-go puts them.
    const namespace = meta.namespace || 'default';
    const now = formatTimestamp(this.clock.now());
    const nowMs = smallTime(this.clock.elapsed());
    // client-go joins kind, namespace, name, uid and apiVersion; a uid (a UUID, never reused, and each
    // kind served at one apiVersion here) says the same in a fifth of the characters.
    const objectKey = meta.uid ?? [obj.kind, meta.namespace ?? '', meta.name, obj.apiVersion].join('\u0000');
    let subject = this.subjects.get(objectKey);
    if (!subject) this.subjects.set(objectKey, (subject = new Subject(objectKey)));

    // Aggregation (EventAggregate): similar events are folded once there have been enough of them.
    let similar = this.similarOf(subject, type, reason);
    if (similar && nowMs - similar.last > AGGREGATE_INTERVAL_MS) {
      similar.messages = undefined;
    } else if (!similar) {
      similar = { subject, next: subject.similar, type, reason, messages: undefined, last: nowMs, older: undefined, newer: undefined, cached: false };
      subject.similar = similar;
    }
    this.aggregates.use(similar);
    const messages = (similar.messages = withMessage(similar.messages, message));
    similar.last = nowMs;
    let text = message;
    let combined = false;
    if (typeof messages !== 'string' && messages.size >= AGGREGATE_MAX_EVENTS) {
      // Go removes an arbitrary one to keep the set below the threshold; the oldest, here.
      messages.delete(messages.values().next().value!);
      combined = true;
      text = COMBINED_PREFIX + message;
    }

    // Counting (eventObserve): a repeat is the same Event with one more occurrence.
    const field = combined ? undefined : fieldPath;
    const key = combined ? undefined : message;
    let observed = this.observedOf(subject, field, type, reason, key);
    if (observed) observed.count++;
    else {
      const name = flatString(`${meta.name}.${this.uniqueHex()}`);
      observed = { subject, next: subject.observed, fieldPath: field, type, reason, message: key, name, count: 1, firstTimestamp: now, older: undefined, newer: undefined, cached: false };
      subject.observed = observed;
    }
    this.seen.use(observed);

    // Spam filtering (EventSourceObjectSpamFilter): the write waits for a token; the count does not.
    if (!this.takeToken(subject, nowMs)) return;
    this.write(obj, namespace, observed, { type, reason, message: text, now, ...(fieldPath !== undefined ? { fieldPath } : {}) });
  }

  private similarOf(subject: Subject, type: EventType, reason: string): Similar | undefined {
    for (let s = subject.similar; s; s = s.next) if (s.type === type && s.reason === reason) return s;
    return undefined;
  }

  private observedOf(subject: Subject, fieldPath: string | undefined, type: EventType, reason: string, message: string | undefined): Observed | undefined {
    for (let o = subject.observed; o; o = o.next) {
      if (o.message === message && o.reason === reason && o.type === type && o.fieldPath === fieldPath) return o;
    }
    return undefined;
  }

  /** Forgets an object the three caches no longer remember anything of. */
  private release(subject: Subject): void {
    if (!subject.cached && !subject.similar && !subject.observed) this.subjects.delete(subject.key);
  }

  /**
   * The token bucket, kept in milliseconds of credit so the arithmetic is exact: a write costs one
   * refill period, the credit grows by the time that passes, up to the burst.
   */
  private takeToken(subject: Subject, nowMs: number): boolean {
    const full = SPAM_BURST * SPAM_REFILL_MS;
    if (!subject.cached) {
      subject.credit = full;
      subject.at = nowMs;
    }
    this.buckets.use(subject);
    subject.credit = Math.min(full, subject.credit + (nowMs - subject.at));
    subject.at = nowMs;
    if (subject.credit < SPAM_REFILL_MS) return false;
    subject.credit -= SPAM_REFILL_MS;
    return true;
  }

  /** Writes the Event as observed: an update of the one already stored, or a create if there is none. */
  private write(obj: KubeObject, namespace: string, observed: Observed, e: { type: EventType; reason: string; message: string; now: string; fieldPath?: string }): void {
    const meta = obj.metadata;
    const actor = this.actor();
    const write = { actor, reason: `event ${e.reason}` };
    try {
      // A first occurrence has a name just made up: there is nothing stored to look for.
      if (observed.count > 1 && this.store.get('Event', namespace, observed.name)) {
        this.store.update({ kind: 'Event', namespace, name: observed.name }, (ev) => {
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
          metadata: { name: observed.name, namespace },
          involvedObject: this.involved(observed.subject, obj, e.fieldPath),
          reason: e.reason,
          message: e.message,
          source: this.sourceRef,
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

  /**
   * The reference to `obj` an Event carries, frozen: the last one made for the object is handed on again
   * while it still fits (the same version and field), and the store keeps such a frozen part shared —
   * a pod's Pulled, Created and Started point at it with one object.
   */
  private involved(subject: Subject, obj: KubeObject, fieldPath: string | undefined): Record<string, string> {
    const meta = obj.metadata;
    const last = subject.involved;
    if (last && last.resourceVersion === meta.resourceVersion && last.fieldPath === fieldPath) return last;
    const ref = deepFreeze(
      definedOnly({
        kind: obj.kind,
        namespace: meta.namespace,
        name: meta.name,
        uid: meta.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: meta.resourceVersion,
        fieldPath,
      }),
    );
    subject.involved = ref;
    return ref;
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
