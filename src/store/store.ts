/**
 * The object store: kubesim's API server memory. Guarantees:
 * - every write is admitted first (decoded, defaulted, validated) and either commits whole or changes
 *   nothing; a failed write leaves objects, resourceVersion and history as they were;
 * - one global resourceVersion, strictly increasing, one per committed change; writes that change nothing
 *   are not committed;
 * - stored objects are deeply frozen values; a change makes a new version (immer recipes keep untouched
 *   subtrees shared);
 * - watchers see committed changes in commit order (see watch.ts); every change is traced with its
 *   simulated time, actor and reason;
 * - each write costs O(size of the object + its changed index entries), never O(store).
 */
import { Immer, type Draft } from 'immer';
import { alreadyExists, badRequest, conflict, notFound, StatusError } from '../api/errors.js';
import { qualifiedResource, type KindDef } from '../api/kind.js';
import { formatTimestamp, type KubeObject, type ObjectMeta } from '../api/meta.js';
import { sharedPodCondition } from '../api/pod-status.js';
import { defaultRegistry, type KindMap, type KindRegistry } from '../api/registry.js';
import type { Clock } from '../sim/clock.js';
import type { Rng } from '../sim/rng.js';
import { compileFilter } from './filter.js';
import { ObjectTable } from './indexes.js';
import { Expiries } from './ttl.js';
import { decodeContinue, encodeContinue, parseResourceVersion } from './paging.js';
import { applyPatch, type PatchType } from './patch/index.js';
import { planDelete, prepareCreate, prepareUpdate, shouldRemoveAfterUpdate } from './prepare.js';
import { Trace } from './trace.js';
import type {
  DeleteOptions,
  ListOptions,
  ListResult,
  ObjectRef,
  Subresource,
  UpdateOptions,
  Verb,
  Watch,
  WatchEvent,
  WatchEventType,
  WatchOptions,
  WriteOptions,
} from './types.js';
import { WatchHub } from './watch.js';
import { deepFreeze } from '../api/freeze.js';
import { copyWithRoom, withFields } from '../api/object-room.js';
import type { RegistryStrategies, RegistryStrategy } from './strategy.js';

// Recipes run without immer's auto-freeze: every committed version is deep-frozen once, in commit(),
// and freezing twice was a third of the cost of a status update. A private instance keeps immer's
// global settings as the embedding program left them.
const immer = new Immer({ autoFreeze: false });

/** The stored type of a kind: typed for kubesim's kinds, a plain KubeObject otherwise. */
export type Obj<K extends string> = K extends keyof KindMap ? KindMap[K] : KubeObject;

/** What a client sends: a kind, and whatever else it wrote; admission decides whether it is an object. */
export interface Manifest<K extends string = string> {
  kind: K;
  apiVersion?: string;
  metadata?: Partial<ObjectMeta>;
  [field: string]: unknown;
}

export interface StoreOptions {
  clock: Clock;
  rng: Rng;
  registry?: KindRegistry;
  /** How many changes a watch can be resumed across (the API server's watch cache). */
  watchCacheSize?: number;
  /** How many writes the trace keeps. */
  traceSize?: number;
  /** Namespaces that exist from the start, as the API server's system namespaces controller makes them. */
  systemNamespaces?: readonly string[];
  /** Per-kind registry strategies (strategy.ts): allocation around writes, as the Service registry does. */
  strategies?: RegistryStrategies;
}

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;

export interface DeleteResult<T extends KubeObject = KubeObject> {
  /** The object as it was removed, or as it now stands while it terminates. */
  object: T;
  /** False while the object stays, terminating (grace period or finalizers). */
  removed: boolean;
}

export class Store {
  readonly trace: Trace;
  readonly registry: KindRegistry;
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly table = new ObjectTable();
  private readonly hub: WatchHub;
  private readonly strategies: RegistryStrategies;
  private rv = 0;
  private readonly expiries: Expiries;

  constructor(opts: StoreOptions) {
    this.clock = opts.clock;
    this.rng = opts.rng;
    this.registry = opts.registry ?? defaultRegistry;
    this.trace = new Trace(opts.traceSize);
    this.hub = new WatchHub(opts.watchCacheSize ?? 100_000);
    this.strategies = opts.strategies ?? {};
    this.expiries = new Expiries(
      this.clock,
      (obj) => this.get(obj.kind, obj.metadata.namespace, obj.metadata.name!),
      (obj) => {
        const { namespace, name } = obj.metadata;
        this.delete({ kind: obj.kind, ...(namespace !== undefined ? { namespace } : {}), name: name! }, { actor: 'apiserver', reason: 'time to live ran out' });
      },
    );
    for (const name of opts.systemNamespaces ?? SYSTEM_NAMESPACES) {
      this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { actor: 'apiserver', reason: 'system namespace' });
    }
  }

  /** The resourceVersion of the latest committed change. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  // ---- reads ------------------------------------------------------------------------------------

  get<K extends string>(kind: K, namespace: string | undefined, name: string): Obj<K> | undefined {
    const def = this.def(kind);
    return this.table.get(kind, this.namespaceOf(def, namespace), name) as Obj<K> | undefined;
  }

  /** Like `get`, but a missing object is a NotFound StatusError (`pods "x" not found`). */
  mustGet<K extends string>(kind: K, namespace: string | undefined, name: string): Obj<K> {
    const obj = this.get(kind, namespace, name);
    if (!obj) throw notFound(qualifiedResource(this.def(kind)), name);
    return obj;
  }

  /** Objects matching the options, in etcd key order, paged with `limit`/`continue`. */
  list<K extends string>(kind: K, opts: ListOptions = {}): ListResult<Obj<K>> {
    const def = this.def(kind);
    const namespace = def.namespaced ? opts.namespace : undefined;
    const filter = compileFilter(kind, { ...opts, namespace });
    const after = opts.continue !== undefined ? decodeContinue(opts.continue) : undefined;
    if (opts.limit !== undefined && (!Number.isInteger(opts.limit) || opts.limit < 0)) {
      throw badRequest(`limit must be a non-negative integer, got ${opts.limit}`);
    }
    const limit = opts.limit || Infinity;
    const candidates = this.candidates(kind, namespace, filter.labelTerms);
    if (after === undefined && limit === Infinity) {
      // Not paged: no continue keys to build.
      const matches = filter.singleLabelTerm ? filter.matchesBesidesLabels : filter.matches;
      return { items: candidates.filter((o) => matches(o)) as Obj<K>[], resourceVersion: this.resourceVersion };
    }
    const items: Obj<K>[] = [];
    let lastKey: string | undefined;
    for (const obj of candidates) {
      const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
      if (after !== undefined && key <= after) continue;
      if (!filter.matches(obj)) continue;
      if (items.length === limit) {
        return { items, resourceVersion: this.resourceVersion, continue: encodeContinue(this.rv, lastKey!) };
      }
      items.push(obj as Obj<K>);
      lastKey = key;
    }
    return { items, resourceVersion: this.resourceVersion };
  }

  /** The objects of a list, without paging: `store.items('Pod', { labelSelector: 'app=api' })`. */
  items<K extends string>(kind: K, opts: Omit<ListOptions, 'limit' | 'continue'> = {}): Obj<K>[] {
    return this.list(kind, opts).items;
  }

  /** Objects whose ownerReferences name `ownerUid` (the garbage collector's graph edge). */
  ownedBy(ownerUid: string): KubeObject[] {
    return this.table.ownedBy(ownerUid);
  }

  /** Pods bound to a node (`spec.nodeName`). */
  podsOnNode(nodeName: string): Obj<'Pod'>[] {
    return this.table.podsOnNode(nodeName) as Obj<'Pod'>[];
  }

  /**
   * The Services in `namespace` whose non-empty `spec.selector` takes a pod with any of `labelSets` (a
   * pod before and after a change), in etcd order — what GetPodServiceMemberships finds by listing
   * every Service, found through an index instead.
   */
  servicesSelecting(namespace: string, labelSets: readonly (Record<string, string> | undefined)[]): readonly Obj<'Service'>[] {
    return this.table.servicesSelecting(namespace, labelSets) as readonly Obj<'Service'>[];
  }

  count(kind: string): number {
    return this.table.count(kind);
  }

  /** What the store has done: committed changes (= the resourceVersion) and watch events delivered. */
  stats(): { writes: number; deliveries: number } {
    return { writes: this.rv, deliveries: this.hub.delivered };
  }

  private candidates(kind: string, namespace: string | undefined, labelTerms: readonly string[]): KubeObject[] {
    if (labelTerms.length === 0) return this.table.list(kind, namespace);
    // The smallest index set among the selector's `key=value` terms; the filter checks the rest.
    let best: Set<string> | undefined;
    for (const term of labelTerms) {
      const uids = this.table.uidsWithLabel(kind, term);
      if (!uids) return [];
      if (!best || uids.size < best.size) best = uids;
    }
    return this.table.resolve(best);
  }

  // ---- watch ------------------------------------------------------------------------------------

  /**
   * Changes to objects of `kind` that pass the options' filters. Without a resourceVersion (or with "0")
   * the watcher first gets an ADDED for every matching object; with one it gets every change after it.
   */
  watch<K extends string>(kind: K, opts: WatchOptions, handler: (event: WatchEvent<Obj<K>>) => void): Watch {
    const def = this.def(kind);
    const namespace = def.namespaced ? opts.namespace : undefined;
    const filter = compileFilter(kind, { ...opts, namespace });
    const fromNow = opts.resourceVersion === undefined || opts.resourceVersion === '' || opts.resourceVersion === '0';
    const initial = fromNow ? this.table.list(kind, namespace).filter((o) => filter.matches(o)) : undefined;
    const fromRv = fromNow ? this.rv : parseResourceVersion(opts.resourceVersion!);
    return this.hub.subscribe(kind, filter, fromRv, initial, handler as (e: WatchEvent) => void);
  }

  // ---- writes -----------------------------------------------------------------------------------

  /** Creates an object from a manifest. Namespaced kinds default to the `default` namespace. */
  create<K extends string>(input: Manifest<K>, opts: WriteOptions = {}): Obj<K> {
    const def = this.kindOf(input);
    const meta = input.metadata ?? {};
    const namespace = this.namespaceOf(def, meta.namespace);
    const name = meta.name || this.generateName(def, namespace, meta.generateName);
    const obj = prepareCreate(def, input as KubeObject, { name, namespace }, '', this.clock.now());
    if (this.table.get(def.kind, namespace, name)) throw alreadyExists(qualifiedResource(def), name);
    if (namespace !== undefined) this.checkNamespaceOpen(def, namespace, name);
    obj.metadata.uid = this.rng.uuid();
    this.strategy(def)?.beforeCreate?.(obj, { dryRun: opts.dryRun === true });
    if (opts.dryRun) return deepFreeze(obj) as Obj<K>;
    return this.commit('create', 'ADDED', def, undefined, obj, opts) as Obj<K>;
  }

  /** Replaces an object (a PUT). A resourceVersion in the object must match the stored one. */
  replace<K extends string>(input: Manifest<K>, opts: UpdateOptions & { subresource?: 'status' } = {}): Obj<K> {
    const def = this.kindOf(input);
    const old = this.mustGet(def.kind, input.metadata?.namespace, input.metadata?.name ?? '');
    return this.writeUpdate('update', def, old, input as KubeObject, opts) as Obj<K>;
  }

  /** Changes an object with an immer recipe applied to the stored version. */
  update<K extends string>(
    ref: ObjectRef & { kind: K },
    recipe: (draft: Draft<Obj<K>>) => void,
    opts: UpdateOptions & { subresource?: 'status' } = {},
  ): Obj<K> {
    const def = this.def(ref.kind);
    const old = this.mustGet(ref.kind, ref.namespace, ref.name);
    const next = immer.produce(old, recipe as (d: Draft<Obj<K>>) => void) as KubeObject;
    if (next === old && opts.resourceVersion === undefined) return old;
    return this.writeUpdate('update', def, old, next, opts) as Obj<K>;
  }

  /** `update` through the status subresource: only `status` changes are kept. */
  updateStatus<K extends string>(ref: ObjectRef & { kind: K }, recipe: (draft: Draft<Obj<K>>) => void, opts: UpdateOptions = {}): Obj<K> {
    return this.update(ref, recipe, { ...opts, subresource: 'status' });
  }

  /**
   * Puts `status` over the stored version through the status subresource: what a writer that works out
   * a whole status sends (a PUT of the latest version with its new status), without the immer recipe an
   * edit inside the status needs. Writes nothing when the status is the stored one.
   */
  putStatus<K extends string>(ref: ObjectRef & { kind: K }, status: unknown, opts: UpdateOptions = {}): Obj<K> {
    const def = this.def(ref.kind);
    const old = this.mustGet(ref.kind, ref.namespace, ref.name);
    return this.writeUpdate('update', def, old, withFields<KubeObject>(old, { status }), { ...opts, subresource: 'status' }) as Obj<K>;
  }

  /** Applies a JSON merge, JSON (RFC 6902) or strategic merge patch, as `kubectl apply`/`set`/`scale` send. */
  patch<K extends string>(
    ref: ObjectRef & { kind: K },
    type: PatchType,
    patch: unknown,
    opts: WriteOptions & { subresource?: 'status' } = {},
  ): Obj<K> {
    const def = this.def(ref.kind);
    const old = this.mustGet(ref.kind, ref.namespace, ref.name);
    const next = applyPatch(def.kind, old, type, patch) as KubeObject;
    return this.writeUpdate('patch', def, old, next, opts) as Obj<K>;
  }

  /**
   * Binds a pod to a node, as the scheduler does through `pods/binding`: sets `spec.nodeName`, which no
   * update may change, and marks the pod `PodScheduled=True`. A pod already bound, or being deleted,
   * is a Conflict.
   */
  bind(ref: { namespace?: string; name: string }, nodeName: string, opts: WriteOptions = {}): Obj<'Pod'> {
    const def = this.def('Pod');
    const pod = this.mustGet('Pod', ref.namespace, ref.name);
    const fail = (why: string) => conflict('pods/binding', ref.name, why);
    if (pod.metadata.deletionTimestamp) throw fail(`pod ${ref.name} is being deleted, cannot be assigned to a host`);
    if (pod.spec.nodeName) throw fail(`pod ${ref.name} is already assigned to node "${pod.spec.nodeName}"`);
    if (!nodeName) throw new StatusError('Invalid', 'Binding "' + ref.name + '" is invalid: target.name: Required value');
    const now = formatTimestamp(this.clock.now());
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.unshift(sharedPodCondition({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }));
    // Copies with room for their fields (object-room.ts): `{ ...pod.spec }` of a stored spec has four.
    // The conditions after the phase, where the API orders them, the rest of the status as it was.
    const { phase, conditions: _, ...others } = pod.status ?? {};
    const status = withFields<Record<string, unknown>>(phase !== undefined ? { phase, conditions } : { conditions }, others);
    const next = withFields(pod, { spec: withFields(pod.spec, { nodeName }), status });
    if (opts.dryRun) return deepFreeze(next) as Obj<'Pod'>;
    return this.commit('update', 'MODIFIED', def, pod, next, { ...opts, subresource: 'binding' }) as Obj<'Pod'>;
  }

  /**
   * Deletes an object. A scheduled pod gets its grace period and stays Terminating until its kubelet
   * deletes it with grace 0; an object with finalizers stays until they are removed.
   */
  delete<K extends string>(ref: ObjectRef & { kind: K }, opts: DeleteOptions = {}): DeleteResult<Obj<K>> {
    const def = this.def(ref.kind);
    const old = this.mustGet(ref.kind, ref.namespace, ref.name);
    const resource = qualifiedResource(def);
    const pre = opts.preconditions;
    if (pre?.uid !== undefined && pre.uid !== old.metadata.uid) {
      throw conflict(resource, ref.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(
        resource,
        ref.name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    const plan = planDelete(def, old, opts, this.clock.now());
    if (plan.action === 'none' || opts.dryRun) return { object: old as Obj<K>, removed: plan.action === 'remove' };
    if (plan.action === 'mark') {
      const object = this.commit('delete', 'MODIFIED', def, old, plan.object, opts);
      return { object: object as Obj<K>, removed: false };
    }
    return { object: this.commit('delete', 'DELETED', def, old, undefined, opts) as Obj<K>, removed: true };
  }

  // ---- internals --------------------------------------------------------------------------------

  private writeUpdate(verb: Verb, def: KindDef, old: KubeObject, input: KubeObject, opts: UpdateOptions & { subresource?: 'status' }): KubeObject {
    const expected = opts.resourceVersion ?? input.metadata?.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== old.metadata.resourceVersion) {
      throw conflict(
        qualifiedResource(def),
        old.metadata.name!,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    if (opts.subresource === 'status' && !def.statusSubresource) {
      throw new StatusError('NotFound', `the server could not find the requested resource (${def.plural}/status)`);
    }
    const strategy = opts.subresource === undefined ? this.strategy(def) : undefined;
    if (strategy?.prepareForUpdate) input = strategy.prepareForUpdate(input, old);
    const next = prepareUpdate(def, old, input, opts.subresource);
    if (next === old) return old;
    strategy?.beforeUpdate?.(next, old, { dryRun: opts.dryRun === true });
    if (opts.dryRun) return deepFreeze(next);
    if (shouldRemoveAfterUpdate(next)) return this.commit(verb, 'DELETED', def, old, next, opts);
    return this.commit(verb, 'MODIFIED', def, old, next, opts);
  }

  /** The one place the store changes: a new resourceVersion, the indexes, the trace, the watchers. */
  private commit(
    verb: Verb,
    type: WatchEventType,
    def: KindDef,
    prev: KubeObject | undefined,
    next: KubeObject | undefined,
    opts: WriteOptions & { subresource?: Subresource },
  ): KubeObject {
    const rv = ++this.rv;
    const base = (next ?? prev)!;
    // Admission hands over a new version whose top and metadata are its own; a stored (frozen) one — the
    // last version of a removed object — is copied first.
    const object = Object.isFrozen(base) || Object.isFrozen(base.metadata) ? withFields(base, { metadata: copyWithRoom(base.metadata) }) : base;
    object.metadata.resourceVersion = String(rv);
    deepFreeze(object);
    this.table.put(prev, type === 'DELETED' ? undefined : object);
    this.trace.record(this.clock.now(), rv, verb, type, def.kind, object.metadata.namespace, object.metadata.name!, opts.actor ?? 'client', opts.reason, opts.subresource);
    if (type === 'DELETED') this.strategy(def)?.afterDelete?.(object);
    if (def.ttlMs !== undefined && type !== 'DELETED') this.expiries.written(object, def.ttlMs);
    this.hub.publish({ rv, type, kind: def.kind, object, prev });
    return object;
  }

  private strategy(def: KindDef): RegistryStrategy | undefined {
    return this.strategies[def.kind];
  }

  private def(kind: string): KindDef {
    const def = this.registry.get(kind);
    if (!def) throw new StatusError('NotFound', `the server doesn't have a resource type "${kind}"`);
    return def;
  }

  private kindOf(input: unknown): KindDef {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw badRequest('the object must be a JSON object');
    const { kind, apiVersion, metadata } = input as Partial<KubeObject>;
    if (typeof kind !== 'string' || kind === '') throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(input)}'`);
    const def = this.registry.get(kind);
    if (!def || (apiVersion !== undefined && apiVersion !== def.apiVersion)) {
      throw badRequest(`no kind "${kind}" is registered for version "${String(apiVersion ?? '')}"`);
    }
    if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) {
      throw badRequest(`${kind}.metadata must be an object`);
    }
    return def;
  }

  private namespaceOf(def: KindDef, namespace: string | undefined): string | undefined {
    if (!def.namespaced) return undefined;
    return namespace || 'default';
  }

  private generateName(def: KindDef, namespace: string | undefined, prefix: string | undefined): string {
    if (!prefix) return '';
    // Kubernetes returns AlreadyExists on a collision and lets the client retry; drawing again is the same.
    for (let i = 0; i < 16; i++) {
      const name = prefix + this.rng.nameSuffix(5);
      if (!this.table.get(def.kind, namespace, name)) return name;
    }
    throw alreadyExists(qualifiedResource(def), `${prefix}*`);
  }

  private checkNamespaceOpen(def: KindDef, namespace: string, name: string): void {
    if (def.kind === 'Namespace') return;
    const ns = this.table.get('Namespace', undefined, namespace);
    if (!ns) throw notFound('namespaces', namespace);
    if (ns.metadata.deletionTimestamp !== undefined) {
      throw new StatusError(
        'Forbidden',
        `${qualifiedResource(def)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        { name, kind: def.plural },
      );
    }
  }
}
