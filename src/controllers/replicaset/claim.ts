/**
 * ControllerRefManager.ClaimPods for a ReplicaSet: the pods it controls after adopting orphans that
 * match its selector and releasing pods of its own that no longer match. A ReplicaSet being deleted
 * neither adopts nor releases; terminating orphans are not adopted. Reads through the label index and
 * the owner index, so the cost is the ReplicaSet's own pods, not the namespace's.
 */
import { formatSelector, matchesLabels, type Selector } from '../../api/labels.js';
import type { OwnerReference } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import { controllerOf } from '../../api/podutil.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { Store } from '../../store/store.js';

export function controllerRef(rs: ReplicaSet): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function claimPods(store: Store, rs: ReplicaSet, selector: Selector | null, actor: string): Pod[] {
  const namespace = rs.metadata.namespace!;
  const uid = rs.metadata.uid!;
  const candidates = new Map<string, Pod>();
  if (selector) for (const p of store.items('Pod', { namespace, labelSelector: formatSelector(selector) })) candidates.set(p.metadata.uid!, p);
  for (const o of store.ownedBy(uid)) if (o.kind === 'Pod') candidates.set(o.metadata.uid!, o as Pod);

  const deleting = rs.metadata.deletionTimestamp !== undefined;
  const claimed: Pod[] = [];
  for (const pod of candidates.values()) {
    const ref = controllerOf(pod);
    const matches = selector !== null && matchesLabels(selector, pod.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches || deleting) {
        claimed.push(pod);
        continue;
      }
      store.update({ kind: 'Pod', namespace, name: pod.metadata.name! }, (p) => {
        p.metadata.ownerReferences = p.metadata.ownerReferences?.filter((r) => r.uid !== uid);
        if (p.metadata.ownerReferences?.length === 0) delete p.metadata.ownerReferences;
      }, { actor, reason: `release from ReplicaSet ${rs.metadata.name}` });
      continue;
    }
    if (!matches || deleting || pod.metadata.deletionTimestamp !== undefined) continue;
    claimed.push(
      store.update({ kind: 'Pod', namespace, name: pod.metadata.name! }, (p) => {
        p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), controllerRef(rs)];
      }, { actor, reason: `adopt into ReplicaSet ${rs.metadata.name}` }),
    );
  }
  return claimed;
}
