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
 * them into key strings (a kubelet remembers four or five events of each of its pods), and the
 * aggregator's entry for an event shares the event log's record while both remember it. Names are
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

/** Which of an entry's two pairs of links a cache uses: an entry may be in two caches at once. */
type Slot = 0 | 1;

/** An entry of the recorder's caches, linked to its neighbours in order of use. */
interface Linked<T> {
  older0: T | undefined;
  newer0: T | undefined;
  older1?: T | undefined;
  newer1?: T | undefined;
}

/**
 * One cache's order of use, each entry counted as one key: past CACHE_ENTRIES the least recently used
 * is forgotten, as client-go's LRU caches forget it. The entries carry their own links (`slot` says
 * which pair), so the order costs no key strings and no second map; an entry is in the cache while it
 * is linked, or is the only one.
 */
class Recency<T extends Linked<T>> {
  private oldest: T | undefined;
  private newest: T | undefined;
  private size = 0;

  constructor(
    private readonly slot: Slot,
    private readonly forget: (entry: T) => void,
  ) {}

  holds(entry: T): boolean {
    return this.older(entry) !== undefined || this.newer(entry) !== undefined || this.newest === entry;
  }

  /** Makes `entry` the most recently used, adding it if it is new. */
  use(entry: T): T {
    if (entry === this.newest) return entry;
    if (this.holds(entry)) this.unlink(entry);
    else this.size++;
    this.link(entry, this.newest, undefined);
    if (this.newest) this.setNewer(this.newest, entry);
    else this.oldest = entry;
    this.newest = entry;
    if (this.size > CACHE_ENTRIES) {
      const old = this.oldest!;
      this.unlink(old);
      this.link(old, undefined, undefined);
      this.size--;
      this.forget(old);
    }
    return entry;
  }

  private unlink(entry: T): void {
    const older = this.older(entry);
    const newer = this.newer(entry);
    if (older) this.setNewer(older, newer);
    else this.oldest = newer;
    if (newer) this.setOlder(newer, older);
    else this.newest = older;
  }

  private older(e: T): T | undefined {
    return this.slot === 0 ? e.older0 : e.older1;
  }

  private newer(e: T): T | undefined {
    return this.slot === 0 ? e.newer0 : e.newer1;
  }

  private setOlder(e: T, to: T | undefined): void {
    if (this.slot === 0) e.older0 = to;
    else e.older1 = to;
  }

  private setNewer(e: T, to: T | undefined): void {
    if (this.slot === 0) e.newer0 = to;
    else e.newer1 = to;
  }

  private link(e: T, older: T | undefined, newer: T | undefined): void {
    this.setOlder(e, older);
    this.setNewer(e, newer);
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
 * What the recorder knows of one object: its token bucket (the spam filter's entry, while the filter
 * holds it) and, in a short list, its notes.
 */
class Subject implements Linked<Subject> {
  older0: Subject | undefined;
  newer0: Subject | undefined;
  credit = 0;
  at = 0;
  notes: Note | undefined;
  /** The reference to the object its last Event carried. */
  involved: Record<string, string> | undefined;

  constructor(readonly key: string) {}
}

/**
 * The recorder's memory of one Event of an object: the event log's entry (client-go's eventLog, slot 0),
 * keyed by the field, type, reason and message — a combined Event's message is undefined — and, for the
 * first note of its type and reason, the aggregator's (client-go's aggregateRecord, slot 1), keyed by type
 * and reason. One record serves both while both remember it, as they do for nearly every event (most
 * objects have one message per reason); each cache forgets it on its own, and it goes when both have.
 */
class Note implements Linked<Note> {
  older0: Note | undefined = undefined;
  newer0: Note | undefined = undefined;
  older1: Note | undefined = undefined;
  newer1: Note | undefined = undefined;
  next: Note | undefined;
  /** The event log's: the Event made, and its occurrences. */
  name = '';
  count = 0;
  firstTimestamp = '';
  /** The aggregator's: the distinct messages of similar events, and when the last came. */
  messages: Distinct | undefined = undefined;
  last = 0;

  constructor(
    readonly subject: Subject,
    readonly fieldPath: string | undefined,
    readonly type: EventType,
    readonly reason: string,
    readonly message: string | undefined,
  ) {
    this.next = subject.notes;
    subject.notes = this;
  }
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
  private readonly buckets = new Recency<Subject>(0, (s) => this.release(s));
  private readonly seen = new Recency<Note>(0, (n) => this.settle(n));
  private readonly aggregates = new Recency<Note>(1, (n) => {
    n.messages = undefined;
    this.settle(n);
  });
  private lastNanos = 0n;
  private readonly offset: number;
  /** Every Event's `source`: one frozen object, shared by all of them in the store. */
  private readonly sourceRef: EventSource;
  /** Who writes, as the store's trace names it: `kubelet/node-1`. */
  private readonly actor: string;

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
    this.actor = flatString(source.host ? `${source.component}/${source.host}` : source.component);
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
    if (similar && nowMs - similar.last > AGGREGATE_INTERVAL_MS) similar.messages = undefined;
    // The first of its type and reason: the aggregator's entry goes with this event's own note.
    similar ??= this.noteOf(subject, fieldPath, type, reason, message);
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
    const observed = combined ? this.noteOf(subject, undefined, type, reason, undefined) : this.noteOf(subject, fieldPath, type, reason, message);
    if (this.seen.holds(observed)) observed.count++;
    else {
      observed.name = flatString(`${meta.name}.${this.uniqueHex()}`);
      observed.count = 1;
      observed.firstTimestamp = now;
    }
    this.seen.use(observed);

    // Spam filtering (EventSourceObjectSpamFilter): the write waits for a token; the count does not.
    if (!this.takeToken(subject, nowMs)) return;
    this.write(obj, namespace, observed, { type, reason, message: text, now, ...(fieldPath !== undefined ? { fieldPath } : {}) });
  }

  /** The note holding the aggregator's entry for `type` and `reason`, if it remembers one. */
  private similarOf(subject: Subject, type: EventType, reason: string): Note | undefined {
    for (let n = subject.notes; n; n = n.next) if (n.type === type && n.reason === reason && this.aggregates.holds(n)) return n;
    return undefined;
  }

  /** The note of an event log key, made if there is none (a new note is in neither cache yet). */
  private noteOf(subject: Subject, fieldPath: string | undefined, type: EventType, reason: string, message: string | undefined): Note {
    for (let n = subject.notes; n; n = n.next) {
      if (n.message === message && n.reason === reason && n.type === type && n.fieldPath === fieldPath) return n;
    }
    return new Note(subject, fieldPath, type, reason, message);
  }

  /** Drops a note neither cache remembers, and then its object if nothing of it is remembered. */
  private settle(note: Note): void {
    if (this.seen.holds(note) || this.aggregates.holds(note)) return;
    note.subject.notes = without(note.subject.notes, note);
    this.release(note.subject);
  }

  /** Forgets an object the three caches no longer remember anything of. */
  private release(subject: Subject): void {
    if (!subject.notes && !this.buckets.holds(subject)) this.subjects.delete(subject.key);
  }

  /**
   * The token bucket, kept in milliseconds of credit so the arithmetic is exact: a write costs one
   * refill period, the credit grows by the time that passes, up to the burst.
   */
  private takeToken(subject: Subject, nowMs: number): boolean {
    const full = SPAM_BURST * SPAM_REFILL_MS;
    if (!this.buckets.holds(subject)) {
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
  private write(obj: KubeObject, namespace: string, observed: Note, e: { type: EventType; reason: string; message: string; now: string; fieldPath?: string }): void {
    const meta = obj.metadata;
    const write = { actor: this.actor, reason: writeReason(e.reason) };
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

/** The trace's reason for an Event write, `event Pulled`: made once per reason, not per write. */
function writeReason(reason: string): string {
  let text = writeReasons.get(reason);
  if (text === undefined) {
    if (writeReasons.size >= 1024) writeReasons.clear();
    writeReasons.set(reason, (text = flatString(`event ${reason}`)));
  }
  return text;
}

const writeReasons = new Map<string, string>();
