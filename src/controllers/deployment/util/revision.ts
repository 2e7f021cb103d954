/**
 * Revisions and the annotations that carry them (pkg/controller/deployment/util/deployment_util.go).
 * A Deployment's history is its ReplicaSets: each holds one pod template and the revision number it
 * last served under. Going back to an old template re-uses its ReplicaSet and gives it the next number,
 * remembering the numbers it held before in `revision-history` — so revisions only ever grow. Pure.
 */
import type { Deployment } from '../../../api/deployment.js';
import type { PodTemplateSpec } from '../../../api/pod.js';
import type { ReplicaSet } from '../../../api/replicaset.js';
import { canonicalJson } from './hash.js';
import { maxSurge } from './replicas.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
/** Kubernetes stops appending to revision-history past this many characters. */
export const MAX_REV_HISTORY_CHARS = 2000;

/** Annotations that belong to the controller, never copied from a Deployment to its ReplicaSets (or back by kubectl). */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO]);

/** Revision(obj): the revision annotation as a number; 0 when absent, undefined when not a number. */
export function revisionOf(obj: { metadata: { annotations?: Record<string, string> } }): number | undefined {
  const v = obj.metadata.annotations?.[REVISION];
  if (v === undefined || v === '') return 0;
  return /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/** MaxRevision: the highest revision among the ReplicaSets (ones without a readable number count as 0). */
export function maxRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) max = Math.max(max, revisionOf(rs) ?? 0);
  return max;
}

/**
 * Drops what Kubernetes' semantic equality ignores — null and undefined fields, and empty maps and lists
 * (a nil map equals an empty one) — so that a template sent back by `kubectl rollout undo`, with its
 * `creationTimestamp: null` and `resources: {}`, equals the template it came from.
 */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.length === 0 ? undefined : value.map((v) => normalise(v) ?? null);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalise(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/** Removes the pod-template-hash label from a template's labels (for comparing and for kubectl undo). */
export function withoutHash(template: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  return { ...template, metadata: { ...(template.metadata ?? {}), labels } };
}

/** Each frozen (stored) template's comparable form, computed once: a Deployment syncs many times. */
const comparable = new WeakMap<PodTemplateSpec, string>();

function comparableForm(t: PodTemplateSpec): string {
  let form = comparable.get(t);
  if (form === undefined) {
    form = canonicalJson(normalise(withoutHash(t)) ?? {});
    if (Object.isFrozen(t)) comparable.set(t, form);
  }
  return form;
}

/** EqualIgnoreHash: two pod templates are the same apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return comparableForm(a) === comparableForm(b);
}

/** SetReplicasAnnotations: records the Deployment's size (and size with surge) the ReplicaSet was scaled for. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/**
 * SetNewReplicaSetAnnotations: the annotations the new ReplicaSet should carry. The Deployment's own
 * annotations are copied (change-cause among them) except the controller's; the revision only moves
 * up; a ReplicaSet that had a revision and gets a higher one (a rollback to it) keeps its old numbers
 * in revision-history, oldest dropped past 2000 characters. `exists` false adds the replica annotations.
 * Returns the annotations and whether anything changed.
 */
export function newReplicaSetAnnotations(
  d: Deployment,
  current: Readonly<Record<string, string>> | undefined,
  newRevision: number,
  exists: boolean,
): { annotations: Record<string, string>; changed: boolean } {
  const out: Record<string, string> = { ...(current ?? {}) };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || out[k] === v) continue;
    out[k] = v;
    changed = true;
  }
  const oldText = out[REVISION];
  const had = oldText !== undefined;
  if (had && !/^-?\d+$/.test(oldText)) return { annotations: { ...(current ?? {}) }, changed: false };
  const oldRevision = had ? Number(oldText) : 0;
  if (oldRevision < newRevision) {
    out[REVISION] = String(newRevision);
    changed = true;
    if (had) out[REVISION_HISTORY] = appendHistory(out[REVISION_HISTORY], oldText);
  }
  if (!exists) {
    const desired = String(d.spec.replicas);
    const max = String(d.spec.replicas + maxSurge(d));
    if (out[DESIRED_REPLICAS] !== desired || out[MAX_REPLICAS] !== max) changed = true;
    out[DESIRED_REPLICAS] = desired;
    out[MAX_REPLICAS] = max;
  }
  return { annotations: out, changed };
}

function appendHistory(history: string | undefined, old: string): string {
  if (!history) return old;
  const parts = history.split(',');
  let total = history.length + old.length + 1;
  let start = 0;
  while (total > MAX_REV_HISTORY_CHARS && start < parts.length) {
    total -= parts[start]!.length + 1;
    start++;
  }
  if (total > MAX_REV_HISTORY_CHARS) return history;
  return [...parts.slice(start), old].join(',');
}
