/**
 * Deployment conditions and the progress checks built on them (pkg/controller/deployment/util): the
 * `Progressing` condition's reasons tell `kubectl rollout status` what is happening, and its
 * lastUpdateTime is the clock progressDeadlineSeconds is measured against.
 */
import type { Deployment, DeploymentCondition, DeploymentStatus } from '../../../api/deployment.js';
import { formatTimestamp, parseTimestamp } from '../../../api/meta.js';
import { maxUnavailable } from './replicas.js';

export const AVAILABLE = 'Available';
export const PROGRESSING = 'Progressing';
export const REPLICA_FAILURE = 'ReplicaFailure';

/** Reasons, word for word as Kubernetes writes them. */
export const Reason = {
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  FailedRSCreate: 'ReplicaSetCreateError',
} as const;

export function newDeploymentCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: number): DeploymentCondition {
  const t = formatTimestamp(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getDeploymentCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: replaces the condition of the same type. A condition that keeps its status
 * and reason changes nothing (so lastUpdateTime does not move); one that keeps its status keeps its
 * lastTransitionTime.
 */
export function setDeploymentCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const current = getDeploymentCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const next = current && current.status === cond.status ? { ...cond, lastTransitionTime: current.lastTransitionTime } : cond;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const kept = (status.conditions ?? []).filter((c) => c.type !== type);
  if (kept.length > 0) status.conditions = kept;
  else delete status.conditions;
}

/** DeploymentComplete: every replica updated and available, and no old pods left. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  return (
    (status.updatedReplicas ?? 0) === d.spec.replicas &&
    (status.replicas ?? 0) === d.spec.replicas &&
    (status.availableReplicas ?? 0) === d.spec.replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available pods than before, or fewer old ones. */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** Whether progressDeadlineSeconds has passed since the Progressing condition last moved. */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  const deadline = d.spec.progressDeadlineSeconds;
  if (deadline === undefined || deadline >= 2 ** 31 - 1) return false;
  const cond = getDeploymentCondition(status, PROGRESSING);
  if (!cond || !cond.lastUpdateTime) return false;
  // A complete rollout, or one that already timed out, does not time out (again).
  if (cond.reason === Reason.NewRSAvailable || cond.reason === Reason.TimedOut) return cond.reason === Reason.TimedOut;
  return parseTimestamp(cond.lastUpdateTime) + deadline * 1000 < now;
}

/** Enough pods available to call the Deployment Available: replicas − maxUnavailable. */
export function minAvailable(d: Deployment): number {
  return d.spec.replicas - maxUnavailable(d);
}
