/**
 * The Deployment controller (pkg/controller/deployment): keeps a Deployment's ReplicaSets in step with
 * its template, replicas and strategy. Level-triggered: a change to a Deployment, to a ReplicaSet it
 * owns (or could adopt), or the deletion of a pod of a Recreate Deployment queues the Deployment, and a
 * reconcile reads it fresh and takes one step, branching in Kubernetes' order: being deleted (status
 * only) → paused (scaling only) → a scaling event (proportional scaling) → the strategy's step
 * (RollingUpdate or Recreate). Cost per pass: the Deployment's own ReplicaSets (and, for Recreate, pods).
 */
import type { Deployment } from '../../api/deployment.js';
import { isEverything, labelSelectorFromObject, matchesLabels } from '../../api/labels.js';
import type { Pod } from '../../api/pod.js';
import { controllerOf } from '../../api/podutil.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { Clock } from '../../sim/clock.js';
import type { Duration } from '../../sim/duration.js';
import type { Rng } from '../../sim/rng.js';
import type { Store } from '../../store/store.js';
import type { Watch, WatchEvent } from '../../store/types.js';
import { EventRecorder } from '../../store/client/events.js';
import { keyOf, splitKey, WorkQueue, type ReconcileResult } from '../../store/client/queue.js';
import { rolloutRecreate } from './recreate.js';
import { claimReplicaSets } from './replicasets.js';
import { rolloutRolling } from './rolling-sync.js';
import { isScalingEvent } from './scale.js';
import {
  checkPausedConditions,
  cleanupDeployment,
  getAllReplicaSetsAndSyncRevision,
  newWork,
  scale,
  syncDeploymentStatus,
  type SyncContext,
  type Work,
} from './sync.js';

export const ACTOR = 'deployment-controller';

export interface DeploymentControllerOptions {
  store: Store;
  clock: Clock;
  /** Accepted for the common controller shape; the Deployment controller draws no randomness. */
  rng: Rng;
  latency?: Duration;
  /** Rules to break on purpose, for property tests (src/sim/mutants.ts). */
  mutants?: ReadonlySet<string>;
}

export class DeploymentController {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly queue: WorkQueue;
  private readonly events: EventRecorder;
  private watches: Watch[] = [];
  private readonly mutants: ReadonlySet<string>;

  constructor(opts: DeploymentControllerOptions) {
    this.store = opts.store;
    this.mutants = opts.mutants ?? new Set();
    this.clock = opts.clock;
    this.events = new EventRecorder(opts.store, opts.clock, { component: ACTOR });
    this.queue = new WorkQueue({ clock: opts.clock, name: ACTOR, reconcile: (key) => this.reconcile(key), ...(opts.latency !== undefined ? { latency: opts.latency } : {}) });
  }

  start(): void {
    this.watches.push(this.store.watch('Deployment', {}, (e) => this.queue.add(keyOf(e.object))));
    this.watches.push(this.store.watch('ReplicaSet', {}, (e) => this.onReplicaSet(e)));
    this.watches.push(this.store.watch('Pod', {}, (e) => this.onPod(e)));
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.queue.stop();
  }

  /** A ReplicaSet matters to its controlling Deployment (before and after), or as an orphan to every Deployment that could adopt it. */
  private onReplicaSet(e: WatchEvent<ReplicaSet>): void {
    for (const rs of e.previous ? [e.previous, e.object] : [e.object]) {
      const owner = controllerOf(rs);
      if (owner) {
        if (owner.kind === 'Deployment') this.queue.add(`${rs.metadata.namespace}/${owner.name}`);
        continue;
      }
      if (e.type === 'DELETED') continue;
      for (const d of this.store.items('Deployment', { namespace: rs.metadata.namespace! })) {
        const sel = labelSelectorFromObject(d.spec.selector);
        if (sel && !isEverything(sel) && matchesLabels(sel, rs.metadata.labels)) this.queue.add(keyOf(d));
      }
    }
  }

  /** A Recreate Deployment waits for its old pods to be gone, so their deletion queues it. */
  private onPod(e: WatchEvent<Pod>): void {
    if (e.type !== 'DELETED') return;
    const rsRef = controllerOf(e.object);
    if (rsRef?.kind !== 'ReplicaSet') return;
    const rs = this.store.get('ReplicaSet', e.object.metadata.namespace, rsRef.name);
    const dRef = rs && controllerOf(rs);
    if (dRef?.kind !== 'Deployment') return;
    const d = this.store.get('Deployment', e.object.metadata.namespace, dRef.name);
    if (d?.spec.strategy.type === 'Recreate') this.queue.add(keyOf(d));
  }

  private reconcile(key: string): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const stored = this.store.get('Deployment', namespace, name);
    if (!stored) return undefined;
    const ctx: SyncContext = { store: this.store, events: this.events, now: this.clock.now(), actor: ACTOR, mutants: this.mutants };
    const w = newWork(stored);
    const selector = labelSelectorFromObject(stored.spec.selector);
    if (!selector || isEverything(selector)) {
      this.events.event(stored, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((stored.status?.observedGeneration ?? 0) < (stored.metadata.generation ?? 0)) {
        this.store.updateStatus({ kind: 'Deployment', namespace: namespace!, name }, (x) => {
          x.status = { ...(x.status ?? {}), observedGeneration: stored.metadata.generation! };
        }, { actor: ACTOR, reason: 'selector selects all pods' });
      }
      return undefined;
    }
    const rsList = claimReplicaSets(this.store, stored, selector, ACTOR);
    if (stored.metadata.deletionTimestamp !== undefined) {
      const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, w, rsList, false);
      syncDeploymentStatus(ctx, w, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
      return undefined;
    }
    checkPausedConditions(ctx, w);
    if (stored.spec.paused) return this.sync(ctx, w, rsList);
    {
      const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, newWork(stored), rsList, false);
      if (isScalingEvent(stored, newRS, oldRSs)) return this.sync(ctx, w, rsList);
    }
    const after = stored.spec.strategy.type === 'Recreate' ? rolloutRecreate(ctx, w, rsList, this.podsByReplicaSet(stored, rsList)) : rolloutRolling(ctx, w, rsList);
    return after !== undefined ? { requeueAfter: after } : undefined;
  }

  /** sync: scaling and status only, for paused Deployments and scaling events. */
  private sync(ctx: SyncContext, w: Work, rsList: readonly ReplicaSet[]): ReconcileResult {
    const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, w, rsList, false);
    scale(ctx, w, newRS, oldRSs);
    if (w.d.spec.paused) cleanupDeployment(ctx, w, oldRSs);
    // Status from the ReplicaSets as read, as Kubernetes does; their own status changes bring us back.
    syncDeploymentStatus(ctx, w, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
    return undefined;
  }

  /** getPodMapForDeployment: the pods of each of the Deployment's ReplicaSets, terminating ones included. */
  private podsByReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): Map<string, Pod[]> {
    const map = new Map<string, Pod[]>();
    for (const rs of rsList) map.set(rs.metadata.uid!, []);
    for (const rs of rsList) {
      for (const o of this.store.ownedBy(rs.metadata.uid!)) {
        if (o.kind === 'Pod' && o.metadata.namespace === d.metadata.namespace) map.get(rs.metadata.uid!)!.push(o as Pod);
      }
    }
    return map;
  }
}
