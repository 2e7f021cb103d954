/**
 * ControllerRefManager.ClaimPods for a ReplicaSet: adopting orphans that match its selector and
 * releasing pods of its own that no longer match. A ReplicaSet being deleted neither adopts nor
 * releases; terminating orphans are not adopted. Reads the controller's pod index, so the cost is the
 * pods that changed and the namespace's orphans, not the ReplicaSet's pods.
 */
import { matchesLabels, type Selector } from '../../api/labels.js';
import type { OwnerReference } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { Store } from '../../store/store.js';
import type { PodIndex } from './pod-index.js';

export function controllerRef(rs: ReplicaSet): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/**
 * Claims for `rs`: releases the pods it controls that its selector no longer takes — only those that
 * joined it or were relabelled since the last claim can be such, as the selector never changes — and
 * adopts its namespace's orphans that match. Afterwards the index's group for `rs` is exactly the pods
 * it controls.
 */
export function claimPods(store: Store, pods: PodIndex, rs: ReplicaSet, selector: Selector | null, actor: string): void {
  if (rs.metadata.deletionTimestamp !== undefined) return;
  const namespace = rs.metadata.namespace!;
  const uid = rs.metadata.uid!;
  const matches = (pod: Pod) => selector !== null && matchesLabels(selector, pod.metadata.labels);
  for (const pod of pods.unchecked(uid)) {
    if (matches(pod)) continue;
    store.update({ kind: 'Pod', namespace, name: pod.metadata.name! }, (p) => {
      p.metadata.ownerReferences = p.metadata.ownerReferences?.filter((r) => r.uid !== uid);
      if (p.metadata.ownerReferences?.length === 0) delete p.metadata.ownerReferences;
    }, { actor, reason: `release from ReplicaSet ${rs.metadata.name}` });
  }
  pods.checked(uid);
  for (const pod of pods.orphansIn(namespace)) {
    if (!matches(pod) || pod.metadata.deletionTimestamp !== undefined) continue;
    store.update({ kind: 'Pod', namespace, name: pod.metadata.name! }, (p) => {
      p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), controllerRef(rs)];
    }, { actor, reason: `adopt into ReplicaSet ${rs.metadata.name}` });
  }
}
