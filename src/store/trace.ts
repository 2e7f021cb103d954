/**
 * The store's write history: every committed write with its simulated time, actor and reason, in commit
 * order, bounded (oldest entries fall off). This is what explains to a learner why an object changed, and
 * what a failing property test prints.
 */
import { Ring } from './ring.js';
import type { TraceEntry } from './types.js';

export class Trace {
  private readonly ring: Ring<TraceEntry>;

  constructor(capacity = 10_000) {
    this.ring = new Ring(capacity);
  }

  record(entry: TraceEntry): void {
    this.ring.push(entry);
  }

  /** Every retained entry, oldest first. */
  entries(): TraceEntry[] {
    return this.ring.toArray();
  }

  /** Entries committed after `resourceVersion`. */
  since(resourceVersion: number): TraceEntry[] {
    const from = this.ring.firstIndex((e) => e.resourceVersion > resourceVersion);
    const out: TraceEntry[] = [];
    for (let i = from; i < this.ring.size; i++) out.push(this.ring.at(i)!);
    return out;
  }

  /** The history of one object, oldest first. */
  of(kind: string, name: string, namespace?: string): TraceEntry[] {
    return this.entries().filter((e) => e.kind === kind && e.name === name && e.namespace === namespace);
  }

  get size(): number {
    return this.ring.size;
  }
}
