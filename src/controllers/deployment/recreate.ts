/**
 * rolloutRecreate (recreate.go): every old pod goes before any new one starts. One pass scales the old
 * ReplicaSets to 0 (and stops); while any old pod still exists — terminating ones too, since their
 * containers may still run — it only reports status; then it creates the new ReplicaSet at full size.
 * So a Recreate rollout has downtime by design, and never two versions at once.
 */
import type { Pod } from '../../api/pod.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import { filterActive } from './replicasets.js';
import { applySteps, cleanupDeployment, getAllReplicaSetsAndSyncRevision, syncRolloutStatus, type SyncContext, type Work } from './sync.js';
import { deploymentComplete } from './util/conditions.js';
import { actualReplicaCount } from './util/replicas.js';

/** oldPodsRunning: any pod of an old ReplicaSet not yet finished (Succeeded/Failed), or any counted in status. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podMap: ReadonlyMap<string, readonly Pod[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')) return true;
  }
  return false;
}

export function rolloutRecreate(ctx: SyncContext, w: Work, rsList: readonly ReplicaSet[], podMap: ReadonlyMap<string, readonly Pod[]>): number | undefined {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, w, rsList, false);
  let allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  if (applySteps(ctx, w, filterActive(oldRSs).map((rs) => ({ rs, to: 0 })))) return syncRolloutStatus(ctx, w, allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ctx, w, allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, w, rsList, true));
    allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  }
  if (newRS) applySteps(ctx, w, [{ rs: newRS, to: w.d.spec.replicas }]);
  if (deploymentComplete(w.d, w.d.status ?? {})) cleanupDeployment(ctx, w, oldRSs);
  return syncRolloutStatus(ctx, w, allRSs, newRS);
}
