/**
 * rolloutRolling (rolling.go): one pass of a rolling update. Create the new ReplicaSet if needed; grow
 * it if there is room under maxSurge (and stop there); else shrink old ReplicaSets as far as
 * maxUnavailable allows (and stop there); else, once complete, trim history. Every pass ends by writing
 * the rollout status. Returns when to look again for the progress deadline, if at all.
 */
import type { ReplicaSet } from '../../api/replicaset.js';
import { filterActive } from './replicasets.js';
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from './rolling.js';
import { applySteps, cleanupDeployment, getAllReplicaSetsAndSyncRevision, syncRolloutStatus, type SyncContext, type Work } from './sync.js';
import { deploymentComplete } from './util/conditions.js';

export function rolloutRolling(ctx: SyncContext, w: Work, rsList: readonly ReplicaSet[]): number | undefined {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, w, rsList, true);
  if (!newRS) return undefined;
  const allRSs = [...oldRSs, newRS];
  let next = reconcileNewReplicaSet(w.d, allRSs, newRS);
  if (ctx.mutants?.has('ignore-max-surge') && newRS.spec.replicas < w.d.spec.replicas) next = w.d.spec.replicas;
  if (next !== undefined && applySteps(ctx, w, [{ rs: newRS, to: next }])) return syncRolloutStatus(ctx, w, allRSs, newRS);
  if (applySteps(ctx, w, reconcileOldReplicaSets(w.d, allRSs, filterActive(oldRSs), newRS))) return syncRolloutStatus(ctx, w, allRSs, newRS);
  if (deploymentComplete(w.d, w.d.status ?? {})) cleanupDeployment(ctx, w, oldRSs);
  return syncRolloutStatus(ctx, w, allRSs, newRS);
}
