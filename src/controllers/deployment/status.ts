/**
 * A Deployment's status as Kubernetes computes it (sync.go calculateStatus, progress.go
 * syncRolloutStatus and requeueStuckDeployment), pure. Counts come from the ReplicaSets' own status
 * (replicas, ready, available: pods that are there) and spec (unavailable = asked for − available);
 * `Available` compares available with replicas − maxUnavailable; `Progressing` moves its lastUpdateTime
 * only when something progressed, and that time plus progressDeadlineSeconds is the deadline.
 */
import type { Deployment, DeploymentCondition, DeploymentStatus } from '../../api/deployment.js';
import { parseTimestamp } from '../../api/meta.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import {
  AVAILABLE,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  minAvailable,
  newDeploymentCondition,
  PROGRESSING,
  Reason,
  REPLICA_FAILURE,
  removeDeploymentCondition,
  setDeploymentCondition,
} from './util/conditions.js';
import { actualReplicaCount, availableReplicaCount, readyReplicaCount, replicaCount } from './util/replicas.js';

/** Progress deadlines of MaxInt32 mean "never" (HasProgressDeadline). */
export function hasProgressDeadline(d: Deployment): boolean {
  return d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds < 2 ** 31 - 1;
}

type Count = 'observedGeneration' | 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas' | 'collisionCount';

/** Counts are omitted while zero, as the API serves them (omitempty). */
function put(status: DeploymentStatus, field: Count, n: number | undefined): void {
  if (n) status[field] = n;
}

/** calculateStatus: the counts, the conditions carried over, and Available recomputed. */
export function calculateStatus(allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const status: DeploymentStatus = {};
  put(status, 'observedGeneration', d.metadata.generation);
  put(status, 'replicas', actualReplicaCount(allRSs));
  put(status, 'updatedReplicas', newRS ? actualReplicaCount([newRS]) : 0);
  put(status, 'readyReplicas', readyReplicaCount(allRSs));
  put(status, 'availableReplicas', available);
  put(status, 'unavailableReplicas', Math.max(0, replicaCount(allRSs) - available));
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= minAvailable(d)) {
    setDeploymentCondition(status, newDeploymentCondition(AVAILABLE, 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setDeploymentCondition(status, newDeploymentCondition(AVAILABLE, 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition, or else an old one's. */
function replicaFailure(allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  const from = (rs: ReplicaSet | undefined) => rs?.status?.conditions?.find((c) => c.type === REPLICA_FAILURE);
  const c = from(newRS) ?? allRSs.map(from).find((x) => x !== undefined);
  if (!c) return undefined;
  return { type: REPLICA_FAILURE, status: c.status, ...(c.lastTransitionTime ? { lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime } : {}), ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
}

/**
 * syncRolloutStatus's new status: complete ⇒ NewReplicaSetAvailable; progressed since the last status
 * ⇒ ReplicaSetUpdated with a fresh lastUpdateTime; no progress for progressDeadlineSeconds ⇒
 * ProgressDeadlineExceeded. A Deployment already complete, with nothing new, is left alone.
 */
export function rolloutStatus(allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, PROGRESSING);
  const current = getDeploymentCondition(d.status, PROGRESSING);
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === Reason.NewRSAvailable;
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, status)) {
      setDeploymentCondition(status, newDeploymentCondition(PROGRESSING, 'True', Reason.NewRSAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      const cond = newDeploymentCondition(PROGRESSING, 'True', Reason.ReplicaSetUpdated, `${subject} is progressing.`, now);
      // Unlike other conditions, Progressing is rewritten with the same reason, to move lastUpdateTime.
      if (current) {
        if (current.status === 'True' && current.lastTransitionTime) cond.lastTransitionTime = current.lastTransitionTime;
        removeDeploymentCondition(status, PROGRESSING);
      }
      setDeploymentCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      setDeploymentCondition(status, newDeploymentCondition(PROGRESSING, 'False', Reason.TimedOut, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setDeploymentCondition(status, failure);
  else if (status.conditions) removeDeploymentCondition(status, REPLICA_FAILURE);
  return status;
}

/**
 * requeueStuckDeployment: when to look again so a stalled rollout times out on time — one second after
 * lastUpdateTime + progressDeadlineSeconds (the second absorbs rounding); with under a second left,
 * just after the deadline (never at the same instant, which would spin); undefined when there is nothing to watch for (no deadline, complete, or timed out already).
 */
export function stuckRequeueAfter(d: Deployment, status: DeploymentStatus, now: number): number | undefined {
  const current = getDeploymentCondition(d.status, PROGRESSING);
  if (!hasProgressDeadline(d) || !current?.lastUpdateTime) return undefined;
  if (deploymentComplete(d, status) || current.reason === Reason.TimedOut) return undefined;
  const after = parseTimestamp(current.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 - now;
  // Past the deadline with NewReplicaSetAvailable, which never times out: looking again changes nothing
  // (Kubernetes' rate-limited requeue backs off), and a 1 ms requeue would spin until the next change.
  if (after < 0 && current.reason === Reason.NewRSAvailable) return undefined;
  return after < 1000 ? Math.max(after + 1, 1) : after + 1000;
}
