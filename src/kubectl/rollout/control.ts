/**
 * `kubectl rollout pause`, `resume` and `restart` for a Deployment (polymorphichelpers objectpauser.go,
 * objectresumer.go, objectrestarter.go): each is a strategic merge patch of one field. Pausing stops
 * rollouts (scaling still works); resuming lets the controller roll out whatever the template now says;
 * restarting changes the template — an annotation with the time — so every pod is replaced by a
 * rolling update. Pure: returns the patch and what kubectl prints, or its error (printed after `error: `).
 */
import type { Deployment } from '../../api/deployment.js';
import { formatTimestamp } from '../../api/meta.js';
import { resourceName, resourceQuoted } from './replicasets.js';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

export type ControlResult =
  | { ok: true; stdout: string; patch: { type: 'application/strategic-merge-patch+json'; body: Record<string, unknown> } }
  | { ok: false; error: string };

export function rolloutPause(d: Deployment): ControlResult {
  if (d.spec.paused) return { ok: false, error: `${resourceQuoted(d)} is already paused` };
  return { ok: true, stdout: `${resourceName(d)} paused\n`, patch: { type: 'application/strategic-merge-patch+json', body: { spec: { paused: true } } } };
}

export function rolloutResume(d: Deployment): ControlResult {
  if (!d.spec.paused) return { ok: false, error: `${resourceQuoted(d)} is not paused` };
  // paused is omitempty: false is sent as its removal.
  return { ok: true, stdout: `${resourceName(d)} resumed\n`, patch: { type: 'application/strategic-merge-patch+json', body: { spec: { paused: null } } } };
}

/** `now` is the simulated time, written as RFC 3339 the way kubectl writes time.Now(). */
export function rolloutRestart(d: Deployment, now: number): ControlResult {
  if (d.spec.paused) return { ok: false, error: `${resourceQuoted(d)} can't restart paused deployment (run rollout resume first)` };
  const body = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: formatTimestamp(now) } } } } };
  return { ok: true, stdout: `${resourceName(d)} restarted\n`, patch: { type: 'application/strategic-merge-patch+json', body } };
}
