/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps `spec.replicas` pods running for each
 * ReplicaSet. Level-triggered: any change to a ReplicaSet or to a pod it owns (or could own) queues
 * the ReplicaSet, and a reconcile reads the world fresh — claims its pods (adopting orphans that match
 * its selector, releasing pods that stopped matching), creates or deletes the difference, and writes
 * the status it observed. What it reads of the pods comes from its own index, fed by the pod watch
 * (pod-index.ts), which keeps the status counts as pods change, so a reconcile costs the pods that
 * changed. Terminating and finished pods do not count, so a pod evicted from a dead node is replaced
 * at once, elsewhere.
 */
import { flatString } from '../../api/freeze.js';
import type { OwnerReference } from '../../api/meta.js';
import { labelSelectorFromObject, matchesLabels, type Selector } from '../../api/labels.js';
import type { Pod } from '../../api/pod.js';
import { controllerOf, isPodActive } from '../../api/podutil.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { Clock } from '../../sim/clock.js';
import type { Duration } from '../../sim/duration.js';
import type { Rng } from '../../sim/rng.js';
import type { Store } from '../../store/store.js';
import type { Watch, WatchEvent } from '../../store/types.js';
import { EventRecorder } from '../../store/client/events.js';
import { keyOf, splitKey, WorkQueue, type ReconcileResult } from '../../store/client/queue.js';
import { claimPods } from './claim.js';
import { PodIndex } from './pod-index.js';
import { manageReplicas } from './manage.js';
import { calculateStatus, countAvailable, nextAvailableIn } from './status.js';

export const ACTOR = 'replicaset-controller';
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

export interface ReplicaSetControllerOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  latency?: Duration;
  /** Rules to break on purpose, for property tests (src/sim/mutants.ts). */
  mutants?: ReadonlySet<string>;
}

export class ReplicaSetController {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly queue: WorkQueue;
  private readonly events: EventRecorder;
  private readonly pods = new PodIndex();
  private watches: Watch[] = [];
  private readonly mutants: ReadonlySet<string>;

  constructor(opts: ReplicaSetControllerOptions) {
    this.store = opts.store;
    this.mutants = opts.mutants ?? new Set();
    this.clock = opts.clock;
    this.events = new EventRecorder(opts.store, opts.clock, { component: ACTOR });
    this.queue = new WorkQueue({ clock: opts.clock, name: ACTOR, reconcile: (key) => this.reconcile(key), ...(opts.latency !== undefined ? { latency: opts.latency } : {}) });
  }

  start(): void {
    this.watches.push(this.store.watch('ReplicaSet', {}, (e) => this.queue.add(keyOf(e.object))));
    this.watches.push(this.store.watch('Pod', {}, (e) => this.onPod(e)));
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.queue.stop();
  }

  /** Queues the ReplicaSets a pod change matters to: its controller (before and after), or, for an orphan, every ReplicaSet that could adopt it. */
  private onPod(e: WatchEvent<Pod>): void {
    this.pods.observe(e);
    const ref = controllerOf(e.object);
    // The version before first, as Kubernetes syncs the old controller before the new one; skipped when
    // it names the very same controller reference, whose key the queue already holds.
    if (e.previous) {
      const was = controllerOf(e.previous);
      if (was !== ref || was === undefined) this.enqueueFor(e.previous, was, e.type);
    }
    this.enqueueFor(e.object, ref, e.type);
  }

  /** Queues the ReplicaSet a pod version belongs to (`ref`, its controller), or those that could adopt it. */
  private enqueueFor(pod: Pod, ref: OwnerReference | undefined, type: WatchEvent['type']): void {
    if (ref) {
      if (ref.kind === 'ReplicaSet') this.queue.add(keyOfOwner(pod.metadata.namespace!, ref));
      return;
    }
    if (type === 'DELETED') return;
    for (const rs of this.store.items('ReplicaSet', { namespace: pod.metadata.namespace! })) {
      const sel = labelSelectorFromObject(rs.spec.selector);
      if (sel && matchesLabels(sel, pod.metadata.labels)) this.queue.add(keyOf(rs));
    }
  }

  private reconcile(key: string): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const rs = this.store.get('ReplicaSet', namespace, name);
    if (!rs) return undefined;
    const now = this.clock.now();
    let selector: Selector | null;
    try {
      selector = labelSelectorFromObject(rs.spec.selector);
    } catch {
      return undefined; // validation keeps bad selectors out; nothing sensible to do with one
    }
    claimPods(this.store, this.pods, rs, selector, ACTOR);
    // What the status counts, as it stands before any pod is created or deleted (as Kubernetes counts
    // the pods it listed); the pods themselves are listed only when something needs them one by one.
    const uid = rs.metadata.uid!;
    const counts = this.pods.counts(uid, rs.spec.template.metadata?.labels ?? NO_LABELS);
    let listed: Pod[] | undefined;
    const active = () => (listed ??= this.pods.controlledBy(uid).filter(isPodActive));
    const minReady = rs.spec.minReadySeconds ?? 0;
    if (minReady > 0) active();
    if (rs.metadata.deletionTimestamp === undefined) {
      const candidates = (onNode: ReadonlyMap<string, number>, diff: number) => this.pods.deletionCandidates(uid, onNode, diff);
      manageReplicas({ store: this.store, events: this.events, now, actor: ACTOR }, rs, { count: counts.active, candidates }, () => this.familyOnNodes(rs));
    }
    const fresh = this.store.get('ReplicaSet', namespace, name);
    if (!fresh) return undefined;
    const available = minReady > 0 ? countAvailable(fresh, active(), now) : counts.ready;
    const status = calculateStatus(fresh, { replicas: counts.active, fullyLabeled: counts.labeled, ready: counts.ready, available });
    if (this.mutants.has('unready-available') && counts.active > 0) status.readyReplicas = status.availableReplicas = counts.active;
    this.store.putStatus({ kind: 'ReplicaSet', namespace: namespace!, name }, status, { actor: ACTOR, reason: 'observed pods' });
    const wait = minReady > 0 ? nextAvailableIn(fresh, active(), now) : undefined;
    return wait !== undefined ? { requeueAfter: wait } : undefined;
  }

  /**
   * How many active pods every ReplicaSet with the same controlling owner (a Deployment's family) has
   * on each node, for ranking deletions (getIndirectlyRelatedPods), from the counts this controller's
   * index keeps: no list of thousands of pods on every scale-down step.
   */
  private familyOnNodes(rs: ReplicaSet): Map<string, number> {
    const owner = controllerOf(rs);
    if (!owner) return this.pods.activeOnNodes([rs.metadata.uid!]);
    const uids: string[] = [];
    for (const sibling of this.store.ownedBy(owner.uid)) if (sibling.kind === 'ReplicaSet' && sibling.metadata.uid) uids.push(sibling.metadata.uid);
    return this.pods.activeOnNodes(uids);
  }
}

/**
 * `namespace/name` of a pod's controlling ReplicaSet. A ReplicaSet's pods share one frozen reference
 * to it, so the key is made once per reference rather than on every pod event.
 */
function keyOfOwner(namespace: string, ref: OwnerReference): string {
  let key = ownerKeys.get(ref);
  if (key === undefined || !key.startsWith(namespace) || key.length !== namespace.length + 1 + ref.name.length) {
    key = flatString(`${namespace}/${ref.name}`);
    if (Object.isFrozen(ref)) ownerKeys.set(ref, key);
  }
  return key;
}

const ownerKeys = new WeakMap<OwnerReference, string>();
