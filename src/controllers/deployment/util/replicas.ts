/**
 * The rolling-update arithmetic of Kubernetes' deployment controller (pkg/controller/deployment/util),
 * as small pure functions over the objects. Worked example, 10 replicas with maxSurge 25% and
 * maxUnavailable 25%: surge rounds up (2.5 → 3) and unavailability rounds down (2.5 → 2), so the
 * rollout may run 13 pods and must keep 8 available — it can always take a step, and never dips below
 * what was asked for. If both come out 0 (say 1% of 10), unavailability becomes 1 so a rollout can move.
 */
import type { Deployment } from '../../../api/deployment.js';
import { getScaledValueFromIntOrPercent, type IntOrString } from '../../../api/intstr.js';
import type { ReplicaSet } from '../../../api/replicaset.js';

/** ResolveFenceposts: maxSurge rounded up, maxUnavailable rounded down, never both zero. */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function isRollingUpdate(d: Deployment): boolean {
  return d.spec.strategy.type === 'RollingUpdate';
}

/** How many pods may be unavailable during the rollout: never more than the replicas themselves. */
export function maxUnavailable(d: Deployment): number {
  const replicas = d.spec.replicas;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(d.spec.strategy.rollingUpdate?.maxSurge, d.spec.strategy.rollingUpdate?.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

/** How many pods may exist above the desired count during the rollout. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d.spec.strategy.rollingUpdate?.maxSurge, d.spec.strategy.rollingUpdate?.maxUnavailable, d.spec.replicas).surge;
}

const specReplicas = (rs: ReplicaSet) => rs.spec.replicas;

/** Sum of spec.replicas: the pods the ReplicaSets are asked to run. */
export function replicaCount(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + specReplicas(rs), 0);
}

/** Sum of status.replicas: the pods the ReplicaSets actually have. */
export function actualReplicaCount(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
}

export function readyReplicaCount(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0);
}

export function availableReplicaCount(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
}

/**
 * NewRSNewReplicas: the size the new ReplicaSet should be scaled to now. Rolling update: up to
 * replicas + maxSurge pods in total, and never beyond the desired count. Recreate: all at once (the
 * Recreate strategy only gets here once the old pods are gone).
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return d.spec.replicas;
  const surge = maxSurge(d);
  const current = replicaCount(allRSs);
  const maxTotal = d.spec.replicas + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, d.spec.replicas - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** IsSaturated: the new ReplicaSet runs every desired replica and all of them are available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = Number(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']);
  return rs.spec.replicas === d.spec.replicas && desired === d.spec.replicas && (rs.status?.availableReplicas ?? 0) === d.spec.replicas;
}
