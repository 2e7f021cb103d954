/**
 * `kubectl rollout undo` (polymorphichelpers/rollback.go DeploymentRollbacker). kubectl, not the
 * controller, does a rollback: it finds the ReplicaSet of the wanted revision (the previous one when
 * none is named), and patches the Deployment with that ReplicaSet's template (pod-template-hash
 * removed) and annotations (the controller's own kept from the Deployment). The controller then finds
 * that old ReplicaSet equal to the template and makes it the new one, with the next revision number.
 * Pure: returns the JSON patch to send and what kubectl prints; the caller applies the patch.
 */
import type { Deployment } from '../../api/deployment.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { JsonPatchOperation } from '../../store/patch/index.js';
import type { Store } from '../../store/store.js';
import { ANNOTATIONS_TO_SKIP, equalIgnoreHash, POD_TEMPLATE_HASH } from '../../controllers/deployment/util/revision.js';
import { deploymentReplicaSets, resourceName, revisionNumber } from './replicasets.js';

export type UndoResult =
  | { ok: true; stdout: string; patch?: { type: 'application/json-patch+json'; body: JsonPatchOperation[] } }
  | { ok: false; error: string };

const notFound = (r: number) => `unable to find specified revision ${r} in history`;

/** deploymentRevision: the ReplicaSet of `toRevision`, or with 0 the second-newest revision. */
export function replicaSetForRevision(d: Deployment, rss: readonly ReplicaSet[], toRevision: number): ReplicaSet | string {
  let latest: { rev: number; rs?: ReplicaSet } = { rev: -1 };
  let previous: { rev: number; rs?: ReplicaSet } = { rev: -1 };
  for (const rs of rss) {
    const v = revisionNumber(rs);
    if (v === undefined) continue;
    if (toRevision > 0) {
      if (v === toRevision) return rs;
      continue;
    }
    if (latest.rev < v) {
      previous = latest;
      latest = { rev: v, rs };
    } else if (previous.rev < v) {
      previous = { rev: v, rs };
    }
  }
  if (toRevision > 0) return notFound(toRevision);
  return previous.rs ?? `no rollout history found for deployment "${d.metadata.name}"`;
}

/** `kubectl rollout undo deployment/web [--to-revision=N]`: the patch and the line kubectl prints, or its error. */
export function rolloutUndo(store: Store, d: Deployment, toRevision = 0): UndoResult {
  if (!Number.isInteger(toRevision) || toRevision < 0) return { ok: false, error: notFound(toRevision) };
  const target = replicaSetForRevision(d, deploymentReplicaSets(store, d), toRevision);
  if (typeof target === 'string') return { ok: false, error: target };
  if (d.spec.paused) {
    return { ok: false, error: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" };
  }
  if (equalIgnoreHash(target.spec.template, d.spec.template)) {
    return { ok: true, stdout: `${resourceName(d)} skipped rollback (current template already matches revision ${toRevision})\n` };
  }
  const labels = { ...(target.spec.template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  const template = { ...target.spec.template, metadata: { ...(target.spec.template.metadata ?? {}), labels } };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const body: JsonPatchOperation[] = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ] as JsonPatchOperation[];
  return { ok: true, stdout: `${resourceName(d)} rolled back\n`, patch: { type: 'application/json-patch+json', body } };
}
