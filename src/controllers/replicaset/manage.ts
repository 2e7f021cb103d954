/**
 * manageReplicas: create or delete the difference between the pods a ReplicaSet has and the pods it
 * wants. Creations go in slow-start batches (1, 2, 4, …) and stop at the first failure, so a ReplicaSet
 * that cannot create pods (a namespace being deleted, a quota) makes one failed call, not a thousand;
 * at most 500 pods change per pass (burstReplicas). Deletions take the pods ranked first by rank.ts.
 */
import { isStatusError } from '../../api/errors.js';
import { deepFreeze } from '../../api/freeze.js';
import type { OwnerReference } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { Store } from '../../store/store.js';
import type { EventRecorder } from '../../store/client/events.js';
import { controllerRef } from './claim.js';
import { podsToDelete } from './rank.js';

const BURST_REPLICAS = 500;

export interface ManageContext {
  store: Store;
  events: EventRecorder;
  now: number;
  actor: string;
}

/** GetPodFromTemplate: the pod a ReplicaSet creates — its template, its name prefix, its controller ref. */
export function podFromTemplate(rs: ReplicaSet) {
  const tmpl = rs.spec.template;
  const own = ownedParts(rs);
  return {
    apiVersion: 'v1',
    kind: 'Pod' as const,
    metadata: {
      generateName: own.generateName,
      namespace: rs.metadata.namespace!,
      // The template's own (frozen) values: the store keeps them shared, not copied per pod.
      ...(tmpl.metadata?.labels ? { labels: tmpl.metadata.labels } : {}),
      ...(tmpl.metadata?.annotations ? { annotations: tmpl.metadata.annotations } : {}),
      ...(tmpl.metadata?.finalizers ? { finalizers: tmpl.metadata.finalizers } : {}),
      ownerReferences: own.ownerReferences,
    },
    spec: tmpl.spec,
  };
}

/**
 * A ReplicaSet's name prefix and controller reference, made once per ReplicaSet (they follow from its
 * name and uid, which never change) and frozen, so that its pods share them. Remembered beside the
 * template, which every version of the ReplicaSet shares; the uid is checked, as another ReplicaSet may
 * one day be given the same template object.
 */
function ownedParts(rs: ReplicaSet): { uid: string; generateName: string; ownerReferences: OwnerReference[] } {
  const known = ownedPartsByTemplate.get(rs.spec.template);
  if (known && known.uid === rs.metadata.uid) return known;
  const parts = { uid: rs.metadata.uid!, generateName: `${rs.metadata.name}-`, ownerReferences: deepFreeze([controllerRef(rs)]) };
  ownedPartsByTemplate.set(rs.spec.template, parts);
  return parts;
}

const ownedPartsByTemplate = new WeakMap<object, { uid: string; generateName: string; ownerReferences: OwnerReference[] }>();

/**
 * `active` counts the ReplicaSet's active pods. `onNode` — how many active pods its whole owner family
 * has on each node — and the pods among which the first to delete are (`candidates`: all the active
 * ones would do) are asked for only when some are to be deleted.
 */
export function manageReplicas(
  ctx: ManageContext,
  rs: ReplicaSet,
  active: { count: number; candidates: (onNode: ReadonlyMap<string, number>, diff: number) => readonly Pod[] },
  onNode: () => ReadonlyMap<string, number>,
): void {
  const diff = active.count - rs.spec.replicas;
  if (diff < 0) createPods(ctx, rs, Math.min(-diff, BURST_REPLICAS));
  else if (diff > 0) {
    const n = Math.min(diff, BURST_REPLICAS);
    const family = onNode();
    deletePods(ctx, rs, podsToDelete(active.candidates(family, n), family, n, ctx.now, active.count));
  }
}

function createPods(ctx: ManageContext, rs: ReplicaSet, count: number): void {
  let batch = 1;
  let created = 0;
  while (created < count) {
    const size = Math.min(batch, count - created);
    for (let i = 0; i < size; i++) {
      try {
        const pod = ctx.store.create(podFromTemplate(rs), { actor: ctx.actor, reason: `ReplicaSet ${rs.metadata.name} wants ${rs.spec.replicas}` });
        ctx.events.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      } catch (e) {
        if (!isStatusError(e)) throw e;
        ctx.events.event(rs, 'Warning', 'FailedCreate', `Error creating: ${e.message}`);
        return;
      }
    }
    created += size;
    batch *= 2;
  }
}

function deletePods(ctx: ManageContext, rs: ReplicaSet, pods: readonly Pod[]): void {
  for (const pod of pods) {
    try {
      ctx.store.delete({ kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name! }, { actor: ctx.actor, reason: `ReplicaSet ${rs.metadata.name} wants ${rs.spec.replicas}` });
      ctx.events.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (e) {
      if (!isStatusError(e)) throw e;
      if (e.reason !== 'NotFound') ctx.events.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`);
    }
  }
}
