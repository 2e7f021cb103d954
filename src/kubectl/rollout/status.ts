/**
 * `kubectl rollout status` for a Deployment (polymorphichelpers/rollout_status.go
 * DeploymentStatusViewer): one look at the Deployment, in kubectl's order — the spec change not yet
 * observed, the progress deadline exceeded (an error), new replicas still to create, old ones still to
 * go, updated ones not yet available — else done. kubectl watches and prints a line each time it
 * changes; the caller does that, calling this on each version. Pure.
 */
import type { Deployment } from '../../api/deployment.js';
import { getDeploymentCondition, PROGRESSING, Reason } from '../../controllers/deployment/util/conditions.js';
import { revisionOf } from '../../controllers/deployment/util/revision.js';

export interface RolloutStatus {
  done: boolean;
  /** The line kubectl prints (with its newline); empty when `error` is set. */
  message: string;
  /** kubectl's error, printed after `error: ` with exit code 1. */
  error?: string;
}

export function rolloutStatus(d: Deployment, revision = 0): RolloutStatus {
  const name = d.metadata.name;
  if (revision > 0) {
    const running = revisionOf(d) ?? 0;
    if (running !== revision) return { done: false, message: '', error: `desired revision (${revision}) is different from the running revision (${running})` };
  }
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { done: false, message: 'Waiting for deployment spec update to be observed...\n' };
  if (getDeploymentCondition(s, PROGRESSING)?.reason === Reason.TimedOut) {
    return { done: false, message: '', error: `deployment "${name}" exceeded its progress deadline` };
  }
  const replicas = d.spec.replicas;
  const updated = s.updatedReplicas ?? 0;
  const wait = (what: string) => ({ done: false, message: `Waiting for deployment "${name}" rollout to finish: ${what}...\n` });
  if (updated < replicas) return wait(`${updated} out of ${replicas} new replicas have been updated`);
  if ((s.replicas ?? 0) > updated) return wait(`${(s.replicas ?? 0) - updated} old replicas are pending termination`);
  if ((s.availableReplicas ?? 0) < updated) return wait(`${s.availableReplicas ?? 0} of ${updated} updated replicas are available`);
  return { done: true, message: `deployment "${name}" successfully rolled out\n` };
}
