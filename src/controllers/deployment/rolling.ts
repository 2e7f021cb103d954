/**
 * The rolling update's decisions (pkg/controller/deployment/rolling.go), pure: given the ReplicaSets as
 * they are, which to scale to what. Each function returns the steps one pass would take, in order; the
 * controller applies them and looks again on the next pass, so a rollout moves one step per reconcile.
 *
 * Worked example, 3 replicas, maxSurge 25% (→ 1) and maxUnavailable 25% (→ 0): the new ReplicaSet may
 * grow to 1 (4 pods in all); nothing old may go until that pod is available (3 must stay available);
 * then one old goes, the new grows to 2, and so on: (new, old) = (0,3) (1,3) (1,2) (2,2) (2,1) (3,1) (3,0).
 */
import type { Deployment } from '../../api/deployment.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import { byCreation } from './replicasets.js';
import { availableReplicaCount, maxUnavailable, newRSNewReplicas, replicaCount } from './util/replicas.js';

/** One scaling of one ReplicaSet. */
export interface ScaleStep {
  rs: ReplicaSet;
  to: number;
}

/** reconcileNewReplicaSet: the new ReplicaSet's next size, or undefined when it is right as it is. */
export function reconcileNewReplicaSet(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number | undefined {
  if (newRS.spec.replicas === d.spec.replicas) return undefined;
  if (newRS.spec.replicas > d.spec.replicas) return d.spec.replicas;
  const next = newRSNewReplicas(d, allRSs, newRS);
  return next === newRS.spec.replicas ? undefined : next;
}

const withReplicas = (rs: ReplicaSet, n: number): ReplicaSet => ({ ...rs, spec: { ...rs.spec, replicas: n } });

/**
 * cleanupUnhealthyReplicas: old pods that are not available cost nothing to remove, so they go first,
 * oldest ReplicaSet first, up to maxCleanup — otherwise a broken old version could block the rollout
 * (kubernetes#16737). Returns the steps and the old ReplicaSets as they will be afterwards.
 */
export function cleanupUnhealthyReplicas(oldRSs: readonly ReplicaSet[], maxCleanup: number): { steps: ScaleStep[]; oldRSs: ReplicaSet[]; cleaned: number } {
  const sorted = [...oldRSs].sort(byCreation);
  const steps: ScaleStep[] = [];
  let cleaned = 0;
  const after = sorted.map((rs) => {
    if (cleaned >= maxCleanup || rs.spec.replicas === 0) return rs;
    const unhealthy = rs.spec.replicas - (rs.status?.availableReplicas ?? 0);
    if (unhealthy <= 0) return rs;
    const n = Math.min(maxCleanup - cleaned, unhealthy);
    cleaned += n;
    steps.push({ rs, to: rs.spec.replicas - n });
    return withReplicas(rs, rs.spec.replicas - n);
  });
  return { steps, oldRSs: after, cleaned };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: old ReplicaSets shrink, oldest first, by what is available
 * beyond minAvailable (replicas − maxUnavailable), so availability never dips below it.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(d: Deployment, allRSs: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[]): ScaleStep[] {
  const minAvailable = d.spec.replicas - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return [];
  const budget = available - minAvailable;
  let scaled = 0;
  const steps: ScaleStep[] = [];
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (scaled >= budget) break;
    if (rs.spec.replicas === 0) continue;
    const n = Math.min(rs.spec.replicas, budget - scaled);
    steps.push({ rs, to: rs.spec.replicas - n });
    scaled += n;
  }
  return steps;
}

/**
 * reconcileOldReplicaSets: how far the old ReplicaSets may shrink this pass. With every pod counted,
 * maxScaledDown = all − minAvailable − (new ReplicaSet's pods not yet available); nothing moves while
 * that is ≤ 0. `oldRSs` are the active old ones. A ReplicaSet stepped twice keeps its last size.
 */
export function reconcileOldReplicaSets(d: Deployment, allRSs: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[], newRS: ReplicaSet): ScaleStep[] {
  if (replicaCount(oldRSs) === 0) return [];
  const minAvailable = d.spec.replicas - maxUnavailable(d);
  const newUnavailable = newRS.spec.replicas - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const cleanup = cleanupUnhealthyReplicas(oldRSs, maxScaledDown);
  const down = scaleDownOldReplicaSetsForRollingUpdate(d, [...cleanup.oldRSs, newRS], cleanup.oldRSs);
  const original = new Map(oldRSs.map((rs) => [rs.metadata.uid, rs]));
  return [...cleanup.steps, ...down.map((s) => ({ rs: original.get(s.rs.metadata.uid) ?? s.rs, to: s.to }))];
}
