/**
 * The ReplicaSets kubectl reads for `rollout history` and `rollout undo` (kubectl's
 * polymorphichelpers/history.go and rollback.go, GetAllReplicaSets): those matching the Deployment's
 * selector whose controller reference is this Deployment, and which of them is the current (new) one.
 * An orphan with matching labels is not history. Reads the store's label index only.
 */
import type { Deployment } from '../../api/deployment.js';
import { formatSelector, labelSelectorFromObject } from '../../api/labels.js';
import { controllerOf } from '../../api/podutil.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { Store } from '../../store/store.js';
import { equalIgnoreHash, revisionOf } from '../../controllers/deployment/util/revision.js';

export function deploymentReplicaSets(store: Store, d: Deployment): ReplicaSet[] {
  const selector = labelSelectorFromObject(d.spec.selector);
  if (!selector) return [];
  return store
    .items('ReplicaSet', { namespace: d.metadata.namespace!, labelSelector: formatSelector(selector) })
    .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
}

/** The revision a ReplicaSet's annotation names, undefined when it is not a number (kubectl skips those). */
export function revisionNumber(rs: ReplicaSet): number | undefined {
  return revisionOf(rs);
}

/** The oldest ReplicaSet whose template equals the Deployment's. */
export function currentReplicaSet(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rss]
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name!.localeCompare(b.metadata.name!))
    .find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** `deployment.apps/web`: how kubectl's name printer names a Deployment. */
export function resourceName(d: Deployment): string {
  return `deployment.apps/${d.metadata.name}`;
}

/** `deployments.apps "web"`: how kubectl names one in an error. */
export function resourceQuoted(d: Deployment): string {
  return `deployments.apps "${d.metadata.name}"`;
}
