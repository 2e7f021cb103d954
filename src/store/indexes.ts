/**
 * The store's object table and the indexes that let readers avoid scans: by kind and namespace, by uid,
 * by owner uid, by node name (pods), by label `key=value`, and Services by their selector (so that a pod
 * change finds its Services without reading every Service). Every index is updated in O(changed labels
 * + owners) per write; lists come back in etcd's key order (namespace, then name, byte-wise).
 */
import { flatString } from '../api/freeze.js';
import type { KubeObject } from '../api/meta.js';

/** The key an object is stored under, as in etcd: `Pod/default/web`, `Node//node-1`. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return flatString(`${kind}/${namespace ?? ''}/${name}`);
}

function keyOf(obj: KubeObject): string {
  return objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name!);
}

/**
 * Each index set's keys in etcd order, kept until the set changes: a controller listing the same 100
 * pods on every reconcile sorts them once per change of membership, not once per list.
 */
const sortedMembers = new WeakMap<Set<string>, string[]>();

function addTo(index: Map<string, Set<string>>, term: string, key: string): void {
  let set = index.get(term);
  if (!set) index.set(term, (set = new Set()));
  else if (set.has(key)) return;
  set.add(key);
  sortedMembers.delete(set);
}

function removeFrom(index: Map<string, Set<string>>, term: string, key: string): void {
  const set = index.get(term);
  if (!set || !set.delete(key)) return;
  sortedMembers.delete(set);
  if (set.size === 0) index.delete(term);
}

/** Each namespace's object names in byte order, kept until an object comes or goes. */
const sortedNames = new WeakMap<Map<string, KubeObject>, string[]>();

function membersInOrder(set: Set<string>): string[] {
  let keys = sortedMembers.get(set);
  if (!keys) sortedMembers.set(set, (keys = [...set].sort(byteOrder)));
  return keys;
}

/** A Service's non-empty `spec.selector`, the label set its pods carry; undefined for other kinds. */
function serviceSelectorOf(obj: KubeObject | undefined): Record<string, string> | undefined {
  if (!obj || obj.kind !== 'Service') return undefined;
  const sel = (obj.spec as { selector?: Record<string, string> } | undefined)?.selector;
  return sel && Object.keys(sel).length > 0 ? sel : undefined;
}

/** The one `namespace/key=value` a Service is filed under: its selector's first key. */
function selectorTerm(namespace: string, sel: Record<string, string>): string {
  const key = Object.keys(sel).sort(byteOrder)[0]!;
  return `${namespace}/${key}=${sel[key]}`;
}

function nodeNameOf(obj: KubeObject | undefined): string | undefined {
  if (!obj || obj.kind !== 'Pod') return undefined;
  return (obj.spec as { nodeName?: string } | undefined)?.nodeName || undefined;
}

export class ObjectTable {
  private readonly all = new Map<string, KubeObject>();
  /** kind → namespace ('' for cluster-scoped) → name → object */
  private readonly byKind = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly byUid = new Map<string, string>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly byNode = new Map<string, Set<string>>();
  /** `namespace/key=value` → Services whose selector's first key is that term. */
  private readonly bySelector = new Map<string, Set<string>>();
  /** kind → `key=value` → keys; kind → `key` → keys (for `key` / `!key` selectors) */
  private readonly byLabel = new Map<string, Map<string, Set<string>>>();
  /** kind → keys in etcd order; dropped when an object of the kind is added or removed. */
  private readonly sortedKeys = new Map<string, string[]>();

  get size(): number {
    return this.all.size;
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    // Three lookups by strings that already exist cost less than building the key and hashing it anew.
    return this.byKind.get(kind)?.get(namespace ?? '')?.get(name);
  }

  getByKey(key: string): KubeObject | undefined {
    return this.all.get(key);
  }

  getByUid(uid: string): KubeObject | undefined {
    const key = this.byUid.get(uid);
    return key === undefined ? undefined : this.all.get(key);
  }

  count(kind: string): number {
    let n = 0;
    for (const names of this.byKind.get(kind)?.values() ?? []) n += names.size;
    return n;
  }

  /** Puts `next` in place of `prev` (either may be absent) and moves every index entry that changed. */
  put(prev: KubeObject | undefined, next: KubeObject | undefined): void {
    const obj = (next ?? prev)!;
    // An update or a delete finds the key the object was filed under through its uid: that string's
    // hash is already known, where a key built anew would be hashed again on every lookup below.
    const uid = prev?.metadata.uid;
    const key = (uid !== undefined && (!next || next.metadata.uid === uid) && this.byUid.get(uid)) || keyOf(obj);
    const ns = obj.metadata.namespace ?? '';
    if (next) {
      this.all.set(key, next);
      let nsMap = this.byKind.get(obj.kind);
      if (!nsMap) this.byKind.set(obj.kind, (nsMap = new Map()));
      let names = nsMap.get(ns);
      if (!names) nsMap.set(ns, (names = new Map()));
      if (!names.has(obj.metadata.name!)) sortedNames.delete(names);
      names.set(obj.metadata.name!, next);
      if (next.metadata.uid && next.metadata.uid !== uid) this.byUid.set(next.metadata.uid, key);
    } else {
      this.all.delete(key);
      const nsMap = this.byKind.get(obj.kind);
      const names = nsMap?.get(ns);
      if (names?.delete(obj.metadata.name!)) sortedNames.delete(names);
      if (names && names.size === 0) nsMap!.delete(ns);
      if (prev?.metadata.uid) this.byUid.delete(prev.metadata.uid);
    }
    if (!prev || !next) this.sortedKeys.delete(obj.kind);
    this.reindexOwners(key, prev, next);
    this.reindexNode(key, prev, next);
    this.reindexSelector(key, prev, next);
    this.reindexLabels(obj.kind, key, prev, next);
  }

  private reindexOwners(key: string, prev?: KubeObject, next?: KubeObject): void {
    const before = prev?.metadata.ownerReferences;
    const after = next?.metadata.ownerReferences;
    if (before === after) return;
    for (const ref of before ?? []) removeFrom(this.byOwner, ref.uid, key);
    for (const ref of after ?? []) addTo(this.byOwner, ref.uid, key);
  }

  private reindexNode(key: string, prev?: KubeObject, next?: KubeObject): void {
    const before = nodeNameOf(prev);
    const after = nodeNameOf(next);
    if (before === after) return;
    if (before) removeFrom(this.byNode, before, key);
    if (after) addTo(this.byNode, after, key);
  }

  private reindexSelector(key: string, prev?: KubeObject, next?: KubeObject): void {
    const before = serviceSelectorOf(prev);
    const after = serviceSelectorOf(next);
    if (before === after) return;
    if (before) removeFrom(this.bySelector, selectorTerm(prev!.metadata.namespace ?? '', before), key);
    if (after) addTo(this.bySelector, selectorTerm(next!.metadata.namespace ?? '', after), key);
  }

  /**
   * Services in `namespace` whose non-empty selector takes a pod with any of `labelSets`, in etcd
   * order. O(labels × Services filed under each), never O(Services in the namespace).
   */
  servicesSelecting(namespace: string, labelSets: readonly (Record<string, string> | undefined)[]): KubeObject[] {
    const keys = new Set<string>();
    for (const labels of labelSets) {
      for (const [k, v] of Object.entries(labels ?? {})) {
        for (const key of this.bySelector.get(`${namespace}/${k}=${v}`) ?? []) keys.add(key);
      }
    }
    const out: KubeObject[] = [];
    for (const key of [...keys].sort(byteOrder)) {
      const svc = this.all.get(key)!;
      const sel = serviceSelectorOf(svc)!;
      if (labelSets.some((labels) => labels !== undefined && Object.entries(sel).every(([k, v]) => labels[k] === v))) out.push(svc);
    }
    return out;
  }

  private reindexLabels(kind: string, key: string, prev?: KubeObject, next?: KubeObject): void {
    const before = prev?.metadata.labels;
    const after = next?.metadata.labels;
    if (before === after) return;
    let index = this.byLabel.get(kind);
    if (!index) this.byLabel.set(kind, (index = new Map()));
    for (const [k, v] of Object.entries(before ?? {})) {
      if (after?.[k] === v) continue;
      removeFrom(index, `${k}=${v}`, key);
      if (!after || !(k in after)) removeFrom(index, k, key);
    }
    for (const [k, v] of Object.entries(after ?? {})) {
      if (before?.[k] === v) continue;
      addTo(index, `${k}=${v}`, key);
      addTo(index, k, key);
    }
  }

  /** Objects of a kind, in etcd key order, optionally within one namespace. */
  list(kind: string, namespace?: string): KubeObject[] {
    const nsMap = this.byKind.get(kind);
    if (!nsMap) return [];
    if (namespace !== undefined) {
      const names = nsMap.get(namespace);
      if (!names) return [];
      let sorted = sortedNames.get(names);
      if (!sorted) sortedNames.set(names, (sorted = [...names.keys()].sort(byteOrder)));
      return sorted.map((n) => names.get(n)!);
    }
    let keys = this.sortedKeys.get(kind);
    if (!keys) {
      keys = [];
      for (const [ns, names] of nsMap) for (const n of names.keys()) keys.push(objectKey(kind, ns, n));
      keys.sort(byteOrder);
      this.sortedKeys.set(kind, keys);
    }
    return keys.map((k) => this.all.get(k)!);
  }

  /** Keys of the objects of `kind` whose label `term` (`app=api`, or just `app`) is set; undefined for none. */
  keysWithLabel(kind: string, term: string): Set<string> | undefined {
    return this.byLabel.get(kind)?.get(term);
  }

  /** Objects whose ownerReferences name `ownerUid`. */
  ownedBy(ownerUid: string): KubeObject[] {
    return this.resolve(this.byOwner.get(ownerUid));
  }

  /** Pods bound to `nodeName`. */
  podsOnNode(nodeName: string): KubeObject[] {
    return this.resolve(this.byNode.get(nodeName));
  }

  /** The objects under `keys` (an index set), in etcd key order. */
  resolve(keys: Set<string> | undefined): KubeObject[] {
    if (!keys) return [];
    const out: KubeObject[] = [];
    for (const k of membersInOrder(keys)) {
      const o = this.all.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  /** Every namespace that holds at least one object of any kind. */
  namespacesInUse(): Set<string> {
    const out = new Set<string>();
    for (const nsMap of this.byKind.values()) for (const ns of nsMap.keys()) if (ns) out.add(ns);
    return out;
  }
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
