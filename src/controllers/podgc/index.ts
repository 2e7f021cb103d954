/**
 * The pod garbage collector's orphan pass (pkg/controller/podgc, gcOrphaned): pods bound to a node that
 * no longer exists are force-deleted — nothing else ever will, since no kubelet will confirm their
 * deletion. This is what finally removes pods left Terminating on a dead node once its Node object is
 * deleted. Like Kubernetes, it waits a quarantine (40 s) after noticing the node is gone before acting,
 * so a node that is only briefly missing from a cache is not mistaken for a deleted one.
 *
 * Guarantees: work is per missing node (the store's by-node index), never a scan of every pod; each pod
 * gets phase Failed (unless it already finished) and a DisruptionTarget condition
 * (`DeletionByPodGC`, `PodGC: node no longer exists`), then a delete with grace period 0.
 */
import { isStatusError } from '../../api/errors.js';
import { formatTimestamp } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import type { Clock } from '../../sim/clock.js';
import type { Store } from '../../store/store.js';
import type { Watch } from '../../store/types.js';
import { WorkQueue } from '../../store/client/queue.js';

export const POD_GC_ACTOR = 'pod-garbage-collector';
/** podgc's quarantineTime. */
export const POD_GC_QUARANTINE_MS = 40_000;

/** Pods the orphan pass deletes: bound to `nodeName`, when no Node of that name exists. */
export function orphanedPods(pods: readonly Pod[], nodeExists: boolean): Pod[] {
  return nodeExists ? [] : pods.filter((p) => p.spec.nodeName);
}

export class PodGCController {
  private readonly store: Store;
  private readonly queue: WorkQueue;
  private readonly clock: Clock;
  private watches: Watch[] = [];
  private readonly quarantine: number;

  constructor(opts: { store: Store; clock: Clock; quarantine?: number }) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.quarantine = opts.quarantine ?? POD_GC_QUARANTINE_MS;
    this.queue = new WorkQueue({ clock: this.clock, name: POD_GC_ACTOR, reconcile: (node) => this.gcOrphaned(node) });
  }

  start(): void {
    if (this.watches.length > 0) return;
    this.watches.push(
      this.store.watch('Node', {}, (ev) => {
        if (ev.type === 'DELETED') this.queue.addAfter(ev.object.metadata.name!, this.quarantine);
      }),
      this.store.watch('Pod', {}, (ev) => {
        const node = ev.object.spec.nodeName;
        if (ev.type === 'DELETED' || !node || this.queue.has(node)) return;
        if (!this.store.get('Node', undefined, node)) this.queue.addAfter(node, this.quarantine);
      }),
    );
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.queue.stop();
  }

  private gcOrphaned(nodeName: string): void {
    const exists = this.store.get('Node', undefined, nodeName) !== undefined;
    for (const pod of orphanedPods(this.store.podsOnNode(nodeName), exists)) this.forceDelete(pod);
  }

  private forceDelete(pod: Pod): void {
    const ref = { kind: 'Pod' as const, namespace: pod.metadata.namespace!, name: pod.metadata.name! };
    const opts = { actor: POD_GC_ACTOR, reason: 'node no longer exists' };
    const now = formatTimestamp(this.clock.now());
    try {
      this.store.updateStatus(ref, (draft) => {
        const status = (draft.status ??= {});
        if (status.phase !== 'Succeeded' && status.phase !== 'Failed') status.phase = 'Failed';
        const conditions = (status.conditions ??= []);
        if (!conditions.some((c) => c.type === 'DisruptionTarget' && c.status === 'True')) {
          conditions.push({
            type: 'DisruptionTarget',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: now,
            reason: 'DeletionByPodGC',
            message: 'PodGC: node no longer exists',
          });
        }
      }, opts);
      this.store.delete(ref, { ...opts, gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid! } });
    } catch (e) {
      if (!isStatusError(e)) throw e;
    }
  }
}
