/**
 * A Deployment's ReplicaSets: which it owns (claimReplicaSets, adopting orphans its selector matches and
 * releasing its own that stopped matching), which one is new (the oldest whose template equals the
 * Deployment's, pod-template-hash aside) and which are old, in the orders Kubernetes sorts them
 * (pkg/controller/controller_utils.go, deployment/util). Reads go through the label and owner indexes,
 * so the cost is the Deployment's own ReplicaSets. Everything but claimReplicaSets is pure.
 */
import type { Deployment } from '../../api/deployment.js';
import { formatSelector, matchesLabels, type Selector } from '../../api/labels.js';
import { parseTimestamp, type OwnerReference } from '../../api/meta.js';
import { controllerOf } from '../../api/podutil.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { Store } from '../../store/store.js';
import { equalIgnoreHash, revisionOf } from './util/revision.js';

export function deploymentControllerRef(d: Deployment): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

const created = (rs: ReplicaSet) => parseTimestamp(rs.metadata.creationTimestamp ?? '1970-01-01T00:00:00Z');

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return created(a) - created(b) || (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);
}

/** ReplicaSetsBySizeNewer: largest first; of equal size, newer first (who gets surplus when scaling up). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return b.spec.replicas - a.spec.replicas || byCreation(b, a);
}

/** ReplicaSetsBySizeOlder: largest first; of equal size, older first (who gives up replicas when scaling down). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return b.spec.replicas - a.spec.replicas || byCreation(a, b);
}

/** ReplicaSetsByRevision: lowest revision first, then oldest. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  return (revisionOf(a) ?? 0) - (revisionOf(b) ?? 0) || byCreation(a, b);
}

/** FilterActiveReplicaSets: the ones asked to run at least one pod. */
export function filterActive(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => rs !== undefined && rs.spec.replicas > 0);
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** FindOldReplicaSets: every other ReplicaSet (allOld), and those of them still asked for pods (required). */
export function findOldReplicaSets(d: Deployment, rss: readonly ReplicaSet[]): { required: ReplicaSet[]; allOld: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, rss);
  const allOld = rss.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
  return { required: allOld.filter((rs) => rs.spec.replicas !== 0), allOld };
}

/**
 * FindActiveOrLatest: when at most one ReplicaSet is active, the one that should carry the whole
 * Deployment — that one, or with none active the new one, or else the newest old one. Undefined while
 * several are active (a rollout is under way).
 */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 1) return active[0];
  if (active.length === 0) return newRS ?? newestFirst[0];
  return undefined;
}

/**
 * cleanupDeployment's choice: beyond revisionHistoryLimit, the old ReplicaSets to delete, lowest
 * revision first — only those scaled to 0, with no pods left, whose spec their controller has seen,
 * and not already being deleted.
 */
export function replicaSetsToCleanUp(d: Deployment, oldRSs: readonly ReplicaSet[]): ReplicaSet[] {
  const alive = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined);
  const diff = alive.length - d.spec.revisionHistoryLimit;
  if (diff <= 0) return [];
  return [...alive]
    .sort(byRevision)
    .slice(0, diff)
    .filter((rs) => (rs.status?.replicas ?? 0) === 0 && rs.spec.replicas === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}

/**
 * ClaimReplicaSets: the ReplicaSets this Deployment controls after adopting orphans that match its
 * selector and releasing its own that no longer match. A Deployment being deleted neither adopts nor
 * releases; ReplicaSets being deleted are not adopted.
 */
export function claimReplicaSets(store: Store, d: Deployment, selector: Selector, actor: string): ReplicaSet[] {
  const namespace = d.metadata.namespace!;
  const uid = d.metadata.uid!;
  const candidates = new Map<string, ReplicaSet>();
  for (const rs of store.items('ReplicaSet', { namespace, labelSelector: formatSelector(selector) })) candidates.set(rs.metadata.uid!, rs);
  for (const o of store.ownedBy(uid)) if (o.kind === 'ReplicaSet') candidates.set(o.metadata.uid!, o as ReplicaSet);
  const deleting = d.metadata.deletionTimestamp !== undefined;
  const claimed: ReplicaSet[] = [];
  for (const rs of candidates.values()) {
    const ref = controllerOf(rs);
    const matches = matchesLabels(selector, rs.metadata.labels);
    const target = { kind: 'ReplicaSet' as const, namespace, name: rs.metadata.name! };
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches || deleting) {
        claimed.push(rs);
        continue;
      }
      store.update(target, (r) => {
        r.metadata.ownerReferences = r.metadata.ownerReferences?.filter((o) => o.uid !== uid);
        if (r.metadata.ownerReferences?.length === 0) delete r.metadata.ownerReferences;
      }, { actor, reason: `release from Deployment ${d.metadata.name}` });
      continue;
    }
    if (!matches || deleting || rs.metadata.deletionTimestamp !== undefined) continue;
    claimed.push(
      store.update(target, (r) => {
        r.metadata.ownerReferences = [...(r.metadata.ownerReferences ?? []), deploymentControllerRef(d)];
      }, { actor, reason: `adopt into Deployment ${d.metadata.name}` }),
    );
  }
  return claimed;
}
