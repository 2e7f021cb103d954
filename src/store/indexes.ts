/**
 * The store's object table and the indexes that let readers avoid scans: by kind and namespace, by uid,
 * by owner uid, by node name (pods), by label `key=value`, and Services by their selector (so that a pod
 * change finds its Services without reading every Service). Every index is updated in O(changed labels
 * + owners) per write; lists come back in etcd's key order (`<kind>/<namespace>/<name>`, byte-wise).
 *
 * The index sets hold uids, which every stored object has (and keeps) and which are strings the
 * objects already carry: a key string per object, and a map from keys to objects, would cost as much
 * again as a stored Event's own fields. Keys are spelled out only to sort a set, once per change of
 * its members. Only the objects some set names are filed by uid, to find a set's members: an Event
 * (no labels, no owner) is filed once, by name — the API server has no uid index at all, and its
 * garbage collector finds an owner by kind, namespace and name, then checks the uid.
 */
import type { KubeObject } from '../api/meta.js';

/** The key an object is stored under, as in etcd: `Pod/default/web`, `Node//node-1`. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function keyOf(obj: KubeObject): string {
  return objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name!);
}

/**
 * Each index set's members in etcd order, kept until the set changes: a controller listing the same
 * 100 pods on every reconcile sorts them once per change of membership, not once per list.
 */
const sortedMembers = new WeakMap<Set<string>, string[]>();

function addTo(index: Map<string, Set<string>>, term: string, uid: string): void {
  let set = index.get(term);
  if (!set) index.set(term, (set = new Set()));
  else if (set.has(uid)) return;
  set.add(uid);
  sortedMembers.delete(set);
}

function removeFrom(index: Map<string, Set<string>>, term: string, uid: string): void {
  const set = index.get(term);
  if (!set || !set.delete(uid)) return;
  sortedMembers.delete(set);
  if (set.size === 0) index.delete(term);
}

/** Each namespace's object names in byte order, kept until an object comes or goes. */
const sortedNames = new WeakMap<Map<string, KubeObject>, string[]>();

/** `objects` in etcd key order. */
function inKeyOrder(objects: Iterable<KubeObject>): KubeObject[] {
  const keyed: { key: string; obj: KubeObject }[] = [];
  for (const obj of objects) keyed.push({ key: keyOf(obj), obj });
  keyed.sort((a, b) => byteOrder(a.key, b.key));
  return keyed.map((k) => k.obj);
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

function hasEntries(o: object | undefined): boolean {
  for (const _ in o) return true;
  return false;
}

/** Whether any index set names `obj`: it has a label, an owner, a node, or a Service's selector. */
function inSomeIndex(obj: KubeObject): boolean {
  const meta = obj.metadata;
  return hasEntries(meta.labels) || (meta.ownerReferences?.length ?? 0) > 0 || nodeNameOf(obj) !== undefined || serviceSelectorOf(obj) !== undefined;
}

export class ObjectTable {
  /** kind → namespace ('' for cluster-scoped) → name → object */
  private readonly byKind = new Map<string, Map<string, Map<string, KubeObject>>>();
  /** uid → the stored version, for the objects some index set names (inSomeIndex). */
  private readonly byUid = new Map<string, KubeObject>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly byNode = new Map<string, Set<string>>();
  /** `namespace/key=value` → Services whose selector's first key is that term. */
  private readonly bySelector = new Map<string, Set<string>>();
  /**
   * kind → `key=value` → uids: what a selector's equality terms look up. (Existence terms, `key` and
   * `!key`, are checked on the candidates the other terms give, or on the kind's list, as the API
   * server checks every selector: a set of every pod carrying `app` would be a set of all of them.)
   */
  private readonly byLabel = new Map<string, Map<string, Set<string>>>();
  /** Bumped by every write of a Service: the answers below hold the versions of the last one. */
  private servicesVersion = 0;
  /**
   * servicesSelecting's answers for one stored label set — a ReplicaSet's pods share their template's,
   * and both endpoint controllers ask for each pod change — until a Service is written.
   */
  private readonly selecting = new WeakMap<Record<string, string>, { version: number; namespace: string; services: readonly KubeObject[] }>();

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    // Three lookups by strings that already exist cost less than building the key and hashing it anew.
    return this.byKind.get(kind)?.get(namespace ?? '')?.get(name);
  }

  count(kind: string): number {
    let n = 0;
    for (const names of this.byKind.get(kind)?.values() ?? []) n += names.size;
    return n;
  }

  /**
   * Puts `next` in place of `prev` (either may be absent; both are versions of one object, with one
   * uid) and moves every index entry that changed.
   */
  put(prev: KubeObject | undefined, next: KubeObject | undefined): void {
    const obj = (next ?? prev)!;
    const uid = obj.metadata.uid;
    if (uid === undefined) throw new Error(`object table: ${keyOf(obj)} has no uid`);
    const ns = obj.metadata.namespace ?? '';
    if (next) {
      let nsMap = this.byKind.get(obj.kind);
      if (!nsMap) this.byKind.set(obj.kind, (nsMap = new Map()));
      let names = nsMap.get(ns);
      if (!names) nsMap.set(ns, (names = new Map()));
      // A new name makes the sorted names stale; the size says so without a second look-up.
      const size = names.size;
      names.set(obj.metadata.name!, next);
      if (names.size !== size) sortedNames.delete(names);
    } else {
      const nsMap = this.byKind.get(obj.kind);
      const names = nsMap?.get(ns);
      if (names?.delete(obj.metadata.name!)) sortedNames.delete(names);
      if (names && names.size === 0) nsMap!.delete(ns);
    }
    if (next && inSomeIndex(next)) this.byUid.set(uid, next);
    else if (prev) this.byUid.delete(uid);
    if (obj.kind === 'Service') this.servicesVersion++;
    this.reindexOwners(uid, prev, next);
    this.reindexNode(uid, prev, next);
    this.reindexSelector(uid, prev, next);
    this.reindexLabels(obj.kind, uid, prev, next);
  }

  private reindexOwners(uid: string, prev?: KubeObject, next?: KubeObject): void {
    const before = prev?.metadata.ownerReferences;
    const after = next?.metadata.ownerReferences;
    if (before === after) return;
    for (const ref of before ?? []) removeFrom(this.byOwner, ref.uid, uid);
    for (const ref of after ?? []) addTo(this.byOwner, ref.uid, uid);
  }

  private reindexNode(uid: string, prev?: KubeObject, next?: KubeObject): void {
    const before = nodeNameOf(prev);
    const after = nodeNameOf(next);
    if (before === after) return;
    if (before) removeFrom(this.byNode, before, uid);
    if (after) addTo(this.byNode, after, uid);
  }

  private reindexSelector(uid: string, prev?: KubeObject, next?: KubeObject): void {
    const before = serviceSelectorOf(prev);
    const after = serviceSelectorOf(next);
    if (before === after) return;
    if (before) removeFrom(this.bySelector, selectorTerm(prev!.metadata.namespace ?? '', before), uid);
    if (after) addTo(this.bySelector, selectorTerm(next!.metadata.namespace ?? '', after), uid);
  }

  /**
   * Services in `namespace` whose non-empty selector takes a pod with any of `labelSets`, in etcd
   * order. O(labels × Services filed under each), never O(Services in the namespace).
   */
  servicesSelecting(namespace: string, labelSets: readonly (Record<string, string> | undefined)[]): readonly KubeObject[] {
    // A frozen label set (a stored object's) cannot change under the answer kept for it.
    const only = labelSets.length === 1 && Object.isFrozen(labelSets[0]) ? labelSets[0] : undefined;
    const kept = only && this.selecting.get(only);
    if (kept && kept.version === this.servicesVersion && kept.namespace === namespace) return kept.services;
    const uids = new Set<string>();
    for (const labels of labelSets) {
      for (const [k, v] of Object.entries(labels ?? {})) {
        for (const uid of this.bySelector.get(`${namespace}/${k}=${v}`) ?? []) uids.add(uid);
      }
    }
    const out: KubeObject[] = [];
    const services = uids.size === 1 ? [this.byUid.get(uids.values().next().value!)!] : inKeyOrder([...uids].map((uid) => this.byUid.get(uid)!));
    for (const svc of services) {
      const sel = serviceSelectorOf(svc)!;
      if (labelSets.some((labels) => labels !== undefined && Object.entries(sel).every(([k, v]) => labels[k] === v))) out.push(svc);
    }
    if (only) this.selecting.set(only, { version: this.servicesVersion, namespace, services: Object.freeze(out) });
    return out;
  }

  private reindexLabels(kind: string, uid: string, prev?: KubeObject, next?: KubeObject): void {
    const before = prev?.metadata.labels;
    const after = next?.metadata.labels;
    if (before === after) return;
    let index = this.byLabel.get(kind);
    if (!index) this.byLabel.set(kind, (index = new Map()));
    // for…in reads each label set's own list of keys, where Object.entries would copy it.
    if (before) for (const k in before) if (after?.[k] !== before[k]) removeFrom(index, `${k}=${before[k]}`, uid);
    if (after) for (const k in after) if (before?.[k] !== after[k]) addTo(index, `${k}=${after[k]}`, uid);
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
    // Keys are `<kind>/<namespace>/<name>`: namespaces in the order of `<namespace>/`, each one's names in order.
    const namespaces = [...nsMap.keys()].sort((a, b) => byteOrder(`${a}/`, `${b}/`));
    if (namespaces.length === 1) return this.list(kind, namespaces[0]);
    return namespaces.flatMap((ns) => this.list(kind, ns));
  }

  /** The uids of the objects of `kind` whose label `term` (`app=api`) is set; undefined for none. */
  uidsWithLabel(kind: string, term: string): Set<string> | undefined {
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

  /** The objects under `uids` (an index set), in etcd key order. */
  resolve(uids: Set<string> | undefined): KubeObject[] {
    if (!uids) return [];
    let order = sortedMembers.get(uids);
    if (!order) sortedMembers.set(uids, (order = inKeyOrder([...uids].map((uid) => this.byUid.get(uid)!)).map((o) => o.metadata.uid!)));
    const out: KubeObject[] = [];
    for (const uid of order) {
      const o = this.byUid.get(uid);
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

