/**
 * A ReplicaSet's status from what it counts among its active pods (replica_set_utils.go
 * calculateStatus): replicas, fullyLabeledReplicas (pods carrying every template label),
 * readyReplicas, availableReplicas (ready for minReadySeconds) and the generation observed. The
 * controller keeps the first three counted as pods change (pod-index.ts); `countPods` counts them
 * from scratch, the same way. Pure; the controller writes only a difference.
 */
import { isPodAvailable, isPodReady, podReadySince } from '../../api/podutil.js';
import type { Pod } from '../../api/pod.js';
import type { ReplicaSet, ReplicaSetStatus } from '../../api/replicaset.js';
import { hasLabels } from './pod-index.js';

export interface ReplicaCounts {
  replicas: number;
  fullyLabeled: number;
  ready: number;
  available: number;
}

/** The counts of `active` (the ReplicaSet's active pods) at `now`, one pod at a time. */
export function countPods(rs: ReplicaSet, active: readonly Pod[], now: number): ReplicaCounts {
  const templateLabels = rs.spec.template.metadata?.labels ?? {};
  let fullyLabeled = 0;
  let ready = 0;
  for (const pod of active) {
    if (hasLabels(pod, templateLabels)) fullyLabeled++;
    if (isPodReady(pod)) ready++;
  }
  return { replicas: active.length, fullyLabeled, ready, available: countAvailable(rs, active, now) };
}

/** How many of `active` have been ready for minReadySeconds at `now`. */
export function countAvailable(rs: ReplicaSet, active: readonly Pod[], now: number): number {
  const minReady = rs.spec.minReadySeconds ?? 0;
  let n = 0;
  for (const pod of active) if (isPodAvailable(pod, minReady, now)) n++;
  return n;
}

export function calculateStatus(rs: ReplicaSet, counts: ReplicaCounts): ReplicaSetStatus {
  const status: ReplicaSetStatus = { ...rs.status, replicas: counts.replicas };
  setCount(status, 'fullyLabeledReplicas', counts.fullyLabeled);
  setCount(status, 'readyReplicas', counts.ready);
  setCount(status, 'availableReplicas', counts.available);
  if (rs.metadata.generation !== undefined) status.observedGeneration = rs.metadata.generation;
  return status;
}

/** Counts other than replicas are omitted while zero, as the API serves them. */
function setCount(status: ReplicaSetStatus, field: 'fullyLabeledReplicas' | 'readyReplicas' | 'availableReplicas', n: number): void {
  if (n > 0) status[field] = n;
  else delete status[field];
}

/**
 * How long until the next ready pod becomes available (ms), so the controller can look again exactly
 * then; undefined when no pod is waiting out minReadySeconds.
 */
export function nextAvailableIn(rs: ReplicaSet, active: readonly Pod[], now: number): number | undefined {
  const minReady = (rs.spec.minReadySeconds ?? 0) * 1000;
  if (minReady === 0) return undefined;
  let next: number | undefined;
  for (const pod of active) {
    const since = podReadySince(pod);
    if (since === undefined || isPodAvailable(pod, rs.spec.minReadySeconds ?? 0, now)) continue;
    // Available strictly after since + minReady: look one millisecond later.
    const wait = since + minReady + 1 - now;
    next = next === undefined ? wait : Math.min(next, wait);
  }
  return next;
}
