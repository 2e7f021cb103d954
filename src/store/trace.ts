/**
 * The store's write history: every committed write with its simulated time, actor and reason, in commit
 * order, bounded (oldest entries fall off). This is what explains to a learner why an object changed, and
 * what a failing property test prints.
 *
 * Kept by column — one array per field, the numbers in typed arrays — and made into entries only when
 * read: a write adds no object of its own, which would otherwise outlive the young generation of V8's
 * heap (the trace keeps the last 10,000 writes) and be garbage of the old one. The columns grow as
 * writes arrive, up to the capacity, so a store made with a large trace does not allocate it up front.
 */
import type { TraceEntry } from './types.js';

type Verb = TraceEntry['verb'];
type Type = TraceEntry['type'];
type Subresource = TraceEntry['subresource'];

export class Trace {
  private size_ = 0;
  /** Where the oldest entry is, once the columns are full and wrap round. */
  private start = 0;
  private room = 0;
  private times = new Float64Array(0);
  private rvs = new Float64Array(0);
  private verbs: Verb[] = [];
  private types: Type[] = [];
  private kinds: string[] = [];
  private namespaces: (string | undefined)[] = [];
  private names: string[] = [];
  private actors: string[] = [];
  private reasons: (string | undefined)[] = [];
  private subresources: Subresource[] = [];

  constructor(readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`trace capacity must be a positive integer, got ${capacity}`);
  }

  record(
    time: number,
    resourceVersion: number,
    verb: Verb,
    type: Type,
    kind: string,
    namespace: string | undefined,
    name: string,
    actor: string,
    reason: string | undefined,
    subresource: Subresource,
  ): void {
    let at: number;
    if (this.size_ < this.capacity) {
      if (this.size_ === this.room) this.grow();
      at = this.size_++;
    } else {
      at = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    this.times[at] = time;
    this.rvs[at] = resourceVersion;
    this.verbs[at] = verb;
    this.types[at] = type;
    this.kinds[at] = kind;
    this.namespaces[at] = namespace;
    this.names[at] = name;
    this.actors[at] = actor;
    this.reasons[at] = reason;
    this.subresources[at] = subresource;
  }

  /** Every retained entry, oldest first. */
  entries(): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let i = 0; i < this.size_; i++) out.push(this.entry(i));
    return out;
  }

  /** Entries committed after `resourceVersion`. */
  since(resourceVersion: number): TraceEntry[] {
    let lo = 0;
    let hi = this.size_;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rvs[this.slot(mid)]! > resourceVersion) hi = mid;
      else lo = mid + 1;
    }
    const out: TraceEntry[] = [];
    for (let i = lo; i < this.size_; i++) out.push(this.entry(i));
    return out;
  }

  /** The history of one object, oldest first. */
  of(kind: string, name: string, namespace?: string): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let i = 0; i < this.size_; i++) {
      const s = this.slot(i);
      if (this.kinds[s] === kind && this.names[s] === name && this.namespaces[s] === namespace) out.push(this.entry(i));
    }
    return out;
  }

  get size(): number {
    return this.size_;
  }

  /** The i-th oldest entry's place in the columns. */
  private slot(i: number): number {
    return (this.start + i) % this.capacity;
  }

  /** The i-th oldest entry, with the fields it has (absent ones left out, as JSON would). */
  private entry(i: number): TraceEntry {
    const s = this.slot(i);
    const e: TraceEntry = { time: this.times[s]!, resourceVersion: this.rvs[s]!, verb: this.verbs[s]!, type: this.types[s]!, kind: this.kinds[s]! } as TraceEntry;
    if (this.namespaces[s] !== undefined) e.namespace = this.namespaces[s];
    e.name = this.names[s]!;
    e.actor = this.actors[s]!;
    if (this.reasons[s] !== undefined) e.reason = this.reasons[s];
    if (this.subresources[s] !== undefined) e.subresource = this.subresources[s];
    return e;
  }

  /** Doubles the columns' room (up to the capacity); only before they first wrap round. */
  private grow(): void {
    this.room = Math.min(this.capacity, Math.max(1024, this.room * 2));
    const times = new Float64Array(this.room);
    times.set(this.times);
    this.times = times;
    const rvs = new Float64Array(this.room);
    rvs.set(this.rvs);
    this.rvs = rvs;
  }
}
