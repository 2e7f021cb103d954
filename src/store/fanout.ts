/**
 * Who hears a change: the watchers of each kind, in the order they subscribed. A watcher whose filter
 * has a `field=value` term (a kubelet's `spec.nodeName=node-7`) is filed under that value, so a change
 * reaches only the watchers of the values its object carries, before and after — a pod bound to one of
 * 5,000 nodes is offered to one kubelet, not 5,000. Every other watcher hears every change of its kind
 * and filters it itself.
 *
 * Guarantees: `listeners` returns the same watchers, in the same (subscription) order, as offering the
 * change to every watcher of the kind and dropping those whose filter cannot hold before or after.
 * Lists are copied on write, so a watcher added or removed while a change is being delivered does not
 * disturb that delivery. Cost per change: O(unindexed watchers + matching indexed ones).
 */
import type { KubeObject } from '../api/meta.js';
import type { FieldTerm } from './filter.js';

/** What a change offers the index: the object after it and, for an update or delete, before it. */
export interface Versions {
  object: KubeObject;
  prev?: KubeObject;
}

export interface Listener<C extends Versions = Versions> {
  readonly seq: number;
  readonly fieldTerm: FieldTerm | undefined;
  (change: C): void;
}

interface FieldIndex<C extends Versions> {
  of: (obj: KubeObject) => string;
  byValue: Map<string, readonly Listener<C>[]>;
}

interface KindListeners<C extends Versions> {
  unindexed: readonly Listener<C>[];
  byField: Map<string, FieldIndex<C>>;
  size: number;
}

export class Fanout<C extends Versions> {
  private readonly kinds = new Map<string, KindListeners<C>>();

  add(kind: string, listener: Listener<C>): void {
    const k = this.kindOf(kind);
    k.size++;
    const term = listener.fieldTerm;
    if (!term) {
      k.unindexed = [...k.unindexed, listener];
      return;
    }
    let index = k.byField.get(term.field);
    if (!index) k.byField.set(term.field, (index = { of: term.of, byValue: new Map() }));
    index.byValue.set(term.value, [...(index.byValue.get(term.value) ?? []), listener]);
  }

  remove(kind: string, listener: Listener<C>): void {
    const k = this.kinds.get(kind);
    if (!k) return;
    const term = listener.fieldTerm;
    const before = term ? (k.byField.get(term.field)?.byValue.get(term.value) ?? []) : k.unindexed;
    const after = before.filter((l) => l !== listener);
    if (after.length === before.length) return;
    k.size--;
    if (!term) k.unindexed = after;
    else if (after.length > 0) k.byField.get(term.field)!.byValue.set(term.value, after);
    else k.byField.get(term.field)!.byValue.delete(term.value);
  }

  count(kind: string): number {
    return this.kinds.get(kind)?.size ?? 0;
  }

  /** The watchers that may see `change`, in subscription order. */
  listeners(kind: string, change: C): readonly Listener<C>[] {
    const k = this.kinds.get(kind);
    if (!k) return [];
    if (k.byField.size === 0) return k.unindexed;
    let out = k.unindexed;
    for (const index of k.byField.values()) {
      const now = index.of(change.object);
      out = merge(out, index.byValue.get(now) ?? []);
      if (change.prev) {
        const before = index.of(change.prev);
        if (before !== now) out = merge(out, index.byValue.get(before) ?? []);
      }
    }
    return out;
  }

  private kindOf(kind: string): KindListeners<C> {
    let k = this.kinds.get(kind);
    if (!k) this.kinds.set(kind, (k = { unindexed: [], byField: new Map(), size: 0 }));
    return k;
  }
}

/** Two lists in subscription order, merged; a listener filed under two fields is kept once. */
function merge<L extends { seq: number }>(a: readonly L[], b: readonly L[]): readonly L[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: L[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.seq < y.seq)) {
      out.push(x!);
      i++;
    } else if (x === undefined || y.seq < x.seq) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  return out;
}
