/**
 * A ReplicaSet's status from its active pods (replica_set_utils.go calculateStatus): replicas,
 * fullyLabeledReplicas (pods carrying every template label), readyReplicas, availableReplicas (ready
 * for minReadySeconds) and the generation observed. Pure; the controller writes only a difference.
 */
import { isPodAvailable, isPodReady, podReadySince } from '../../api/podutil.js';
import type { Pod } from '../../api/pod.js';
import type { ReplicaSet, ReplicaSetStatus } from '../../api/replicaset.js';

function hasLabels(pod: Pod, labels: readonly [string, string][]): boolean {
  const own = pod.metadata.labels;
  for (let i = 0; i < labels.length; i++) if (own?.[labels[i]![0]] !== labels[i]![1]) return false;
  return true;
}

export function calculateStatus(rs: ReplicaSet, active: readonly Pod[], now: number): ReplicaSetStatus {
  const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
  const minReady = rs.spec.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of active) {
    if (hasLabels(pod, templateLabels)) fullyLabeled++;
    if (isPodAvailable(pod, minReady, now)) {
      ready++;
      available++;
    } else if (isPodReady(pod)) ready++;
  }
  const status: ReplicaSetStatus = { ...rs.status, replicas: active.length };
  setCount(status, 'fullyLabeledReplicas', fullyLabeled);
  setCount(status, 'readyReplicas', ready);
  setCount(status, 'availableReplicas', available);
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
