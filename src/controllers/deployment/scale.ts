/**
 * Scaling a Deployment that is not rolling out, or is mid-rollout (pkg/controller/deployment/sync.go
 * scale, util GetProportion), pure. With one active ReplicaSet it simply takes the new size. With
 * several, the change is shared in proportion to their sizes: each ReplicaSet's
 * `deployment.kubernetes.io/max-replicas` says how big the Deployment (with surge) was when it was last
 * sized, so its share is round(size × newMax / oldMax) − size; leftovers go to the largest.
 *
 * Worked example: 10 replicas with maxSurge 3, mid-rollout at new=5 and old=8 (both annotated
 * max-replicas 13), scaled to 15: there is room for 18, so 5 more. Largest first: old gets
 * round(8 × 18 / 13) − 8 = 3, new gets round(5 × 18 / 13) − 5 = 2; now old=11 and new=7, the same
 * 8:5 split the rollout had, and the rollout carries on from there.
 */
import type { Deployment } from '../../api/deployment.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { ScaleStep } from './rolling.js';
import { bySizeNewer, bySizeOlder, filterActive, findActiveOrLatest } from './replicasets.js';
import { isRollingUpdate, isSaturated, maxSurge, replicaCount } from './util/replicas.js';
import { DESIRED_REPLICAS, MAX_REPLICAS } from './util/revision.js';

/** Go's math.Round: halves away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** getReplicaSetFraction: how many replicas this ReplicaSet should gain (or lose) for the new size. */
export function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (d.spec.replicas === 0) return -rs.spec.replicas;
  const maxNow = d.spec.replicas + maxSurge(d);
  const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS]);
  // Without the annotation (someone edited the ReplicaSet), fall back to the Deployment's current size.
  const before = Number.isInteger(annotated) && annotated !== 0 ? annotated : (d.status?.replicas ?? 0);
  if (before === 0) return 0;
  return roundHalfAway((rs.spec.replicas * maxNow) / before) - rs.spec.replicas;
}

/** GetProportion: a ReplicaSet's share, never past what is left to add (or remove). */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || rs.spec.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** isScalingEvent: an active ReplicaSet was sized for a different replica count than the Deployment's now. */
export function isScalingEvent(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): boolean {
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
    if (desired === undefined || !/^\d+$/.test(desired)) continue;
    if (Number(desired) !== d.spec.replicas) return true;
  }
  return false;
}

/**
 * scale: the steps that bring the ReplicaSets to the Deployment's size. `always` steps are applied even
 * when the size stays, to refresh the replica annotations (proportional scaling does that).
 */
export function planScale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): { steps: ScaleStep[]; refreshAnnotations: boolean; operation?: 'up' | 'down' } {
  const only = findActiveOrLatest(newRS, oldRSs);
  if (only) return { steps: only.spec.replicas === d.spec.replicas ? [] : [{ rs: only, to: d.spec.replicas }], refreshAnnotations: false };
  if (isSaturated(d, newRS)) {
    return { steps: filterActive(oldRSs).map((rs) => ({ rs, to: 0 })), refreshAnnotations: false };
  }
  if (!isRollingUpdate(d)) return { steps: [], refreshAnnotations: false };
  const all = filterActive([...oldRSs, newRS]);
  const allowed = d.spec.replicas > 0 ? d.spec.replicas + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(all);
  const operation = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : undefined;
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return rs.spec.replicas;
    const p = getProportion(rs, d, toAdd, added);
    added += p;
    return rs.spec.replicas + p;
  });
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
  return { steps: all.map((rs, i) => ({ rs, to: sizes[i]! })), refreshAnnotations: true, ...(operation ? { operation } : {}) };
}
