/**
 * The garbage collector (pkg/controller/garbagecollector): ownerReferences make a graph, and deleting
 * an owner deletes what it owns.
 * - Background (the default): the owner goes at once; then every dependent whose owners are all gone
 *   is deleted, and so on down (Deployment → ReplicaSets → Pods).
 * - Foreground: the owner stays, with the `foregroundDeletion` finalizer, while its dependents are
 *   deleted; it goes when no dependent with `blockOwnerDeletion` is left.
 * - Orphan: the `orphan` finalizer; dependents lose their reference to the owner and stay.
 * An object whose owners are only partly gone just loses the dangling references. The collector names
 * objects as its graph does (an objectReference and a namespace): an owner is looked up by kind,
 * namespace and name, and exists only if it has the reference's uid — so a new object reusing a name is
 * never mistaken for the old one.
 */
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import type { Clock } from '../../sim/clock.js';
import type { Duration } from '../../sim/duration.js';
import type { Rng } from '../../sim/rng.js';
import type { Store } from '../../store/store.js';
import type { Watch, WatchEvent } from '../../store/types.js';
import { WorkQueue, type ReconcileResult } from '../../store/client/queue.js';

export const ACTOR = 'garbage-collector';
const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

export interface GarbageCollectorOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  latency?: Duration;
}

/**
 * An object as the collector's queue names it: `<kind>/<namespace>/<name>/<uid>` (none of the four
 * holds a slash), the graph node's identity in Kubernetes' collector.
 */
type Identity = string;

function identity(kind: string, namespace: string, name: string, uid: string): Identity {
  return `${kind}/${namespace}/${name}/${uid}`;
}

export function identityOf(obj: KubeObject): Identity {
  return identity(obj.kind, obj.metadata.namespace ?? '', obj.metadata.name!, obj.metadata.uid!);
}

/** The object `id` names, if it is still there (the same name with another uid is another object). */
export function lookupIdentity(store: Store, id: Identity): KubeObject | undefined {
  // Kind, namespace and name hold no slash; the uid is the rest, whatever it holds.
  const a = id.indexOf('/');
  const b = id.indexOf('/', a + 1);
  const c = id.indexOf('/', b + 1);
  const obj = store.get(id.slice(0, a), id.slice(a + 1, b) || undefined, id.slice(b + 1, c));
  return obj?.metadata.uid === id.slice(c + 1) ? obj : undefined;
}

/**
 * An owner's identity: in its dependent's namespace, or none for a cluster-scoped kind. Undefined for
 * a reference the collector cannot resolve, as Kubernetes' cannot: a kind the API server does not
 * serve, or a namespaced owner of a cluster-scoped dependent. Such a reference is left alone, and
 * never makes its dependent garbage.
 */
export function ownerIdentity(store: Store, ref: OwnerReference, dependentNamespace: string | undefined): Identity | undefined {
  const def = store.registry.get(ref.kind);
  if (!def || (def.namespaced && !dependentNamespace)) return undefined;
  return identity(ref.kind, def.namespaced ? dependentNamespace! : '', ref.name, ref.uid);
}

export class GarbageCollector {
  private readonly store: Store;
  private readonly queue: WorkQueue;
  private watches: Watch[] = [];

  constructor(opts: GarbageCollectorOptions) {
    this.store = opts.store;
    this.queue = new WorkQueue({ clock: opts.clock, name: ACTOR, reconcile: (id) => this.reconcile(id), ...(opts.latency !== undefined ? { latency: opts.latency } : {}) });
  }

  start(): void {
    for (const def of this.store.registry.kinds) this.watches.push(this.store.watch(def.kind, {}, (e) => this.observe(e)));
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.queue.stop();
  }

  private observe(e: WatchEvent): void {
    const { metadata } = e.object;
    const uid = metadata.uid;
    if (!uid) return;
    if (e.type === 'DELETED') {
      for (const dep of this.store.ownedBy(uid)) this.queue.add(identityOf(dep));
      // An owner deleting in the foreground waits for this one.
      for (const ref of metadata.ownerReferences ?? []) {
        const owner = this.ownerIdentity(ref, metadata.namespace);
        if (owner) this.queue.add(owner);
      }
      return;
    }
    const finalizers = metadata.finalizers ?? [];
    const deleting = metadata.deletionTimestamp !== undefined && (finalizers.includes(ORPHAN) || finalizers.includes(FOREGROUND));
    // New owner references (or a deletion to act on) are checked; other updates are not the collector's business.
    const refsChanged = e.type === 'ADDED' || e.previous?.metadata.ownerReferences !== metadata.ownerReferences;
    if (deleting || (refsChanged && (metadata.ownerReferences?.length ?? 0) > 0)) this.queue.add(identityOf(e.object));
  }

  private lookup(id: Identity): KubeObject | undefined {
    return lookupIdentity(this.store, id);
  }

  private ownerIdentity(ref: OwnerReference, dependentNamespace: string | undefined): Identity | undefined {
    return ownerIdentity(this.store, ref, dependentNamespace);
  }

  private reconcile(id: Identity): ReconcileResult {
    const obj = this.lookup(id);
    if (!obj) return undefined;
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp !== undefined && finalizers.includes(ORPHAN)) return this.orphanDependents(obj);
    if (obj.metadata.deletionTimestamp !== undefined && finalizers.includes(FOREGROUND)) return this.deleteDependentsFirst(obj);
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return undefined;
    const owners = refs.map((r) => this.ownerIdentity(r, obj.metadata.namespace));
    // What stays: the owners that exist, and the references that cannot be resolved.
    const kept = refs.filter((_, i) => owners[i] === undefined || this.lookup(owners[i]!) !== undefined);
    if (kept.length === 0) {
      if (obj.metadata.deletionTimestamp === undefined) this.store.delete(refOf(obj), { actor: ACTOR, reason: 'owner is gone', propagationPolicy: 'Background' });
      return undefined;
    }
    if (kept.length < refs.length) {
      this.store.update(refOf(obj), (d) => void (d.metadata.ownerReferences = kept), { actor: ACTOR, reason: 'remove references to deleted owners' });
    }
    // A dependent that blocks an owner deleting in the foreground is deleted now, in the foreground too.
    const waitingOwner = kept.find((r) => {
      const owner = r.blockOwnerDeletion ? this.ownerIdentity(r, obj.metadata.namespace) : undefined;
      return owner !== undefined && this.isDeletingInForeground(owner);
    });
    if (waitingOwner && obj.metadata.deletionTimestamp === undefined) {
      this.store.delete(refOf(obj), { actor: ACTOR, reason: `owner ${waitingOwner.kind}/${waitingOwner.name} is deleting in the foreground`, propagationPolicy: 'Foreground' });
    }
    return undefined;
  }

  private orphanDependents(owner: KubeObject): ReconcileResult {
    const uid = owner.metadata.uid!;
    for (const dep of this.store.ownedBy(uid)) {
      this.store.update(refOf(dep), (d) => {
        const kept = d.metadata.ownerReferences?.filter((r) => r.uid !== uid) ?? [];
        if (kept.length > 0) d.metadata.ownerReferences = kept;
        else delete d.metadata.ownerReferences;
      }, { actor: ACTOR, reason: `orphan from ${owner.kind}/${owner.metadata.name}` });
    }
    this.removeFinalizer(owner, ORPHAN);
    return undefined;
  }

  private deleteDependentsFirst(owner: KubeObject): ReconcileResult {
    const uid = owner.metadata.uid!;
    let blocking = 0;
    for (const dep of this.store.ownedBy(uid)) {
      const ref = dep.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (dep.metadata.deletionTimestamp === undefined) {
        this.store.delete(refOf(dep), { actor: ACTOR, reason: `owner ${owner.kind}/${owner.metadata.name} is deleting in the foreground`, propagationPolicy: 'Foreground' });
      }
      if (ref?.blockOwnerDeletion && this.lookup(identityOf(dep))) blocking++;
    }
    if (blocking === 0) this.removeFinalizer(owner, FOREGROUND);
    return undefined;
  }

  private removeFinalizer(obj: KubeObject, finalizer: string): void {
    if (!this.lookup(identityOf(obj))) return;
    this.store.update(refOf(obj), (d) => {
      d.metadata.finalizers = d.metadata.finalizers?.filter((f) => f !== finalizer);
      if (d.metadata.finalizers?.length === 0) delete d.metadata.finalizers;
    }, { actor: ACTOR, reason: `dependents handled (${finalizer})` });
  }

  private isDeletingInForeground(id: Identity): boolean {
    const owner = this.lookup(id);
    return owner?.metadata.deletionTimestamp !== undefined && (owner.metadata.finalizers ?? []).includes(FOREGROUND);
  }
}

function refOf(obj: KubeObject): { kind: string; namespace?: string; name: string } {
  return { kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name! };
}
