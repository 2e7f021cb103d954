/**
 * ControllerRefManager.ClaimPods for a ReplicaSet: the pods it controls after adopting orphans that
 * match its selector and releasing pods of its own that no longer match. A ReplicaSet being deleted
 * neither adopts nor releases; terminating orphans are not adopted. Reads the controller's pod index,
 * so the cost is the ReplicaSet's own pods and its namespace's orphans, not the namespace's pods.
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

/** The pods `rs` controls after claiming, in no particular order. */
export function claimPods(store: Store, pods: PodIndex, rs: ReplicaSet, selector: Selector | null, actor: string): Pod[] {
  const namespace = rs.metadata.namespace!;
  const uid = rs.metadata.uid!;
  const deleting = rs.metadata.deletionTimestamp !== undefined;
  const matches = (pod: Pod) => selector !== null && matchesLabels(selector, pod.metadata.labels);
  // Copied first: releasing and adopting move pods between the index's groups.
  const own = pods.controlledBy(uid);
  const orphans = deleting ? [] : pods.orphansIn(namespace);
  const claimed: Pod[] = [];
  for (const pod of own) {
    if (deleting || matches(pod)) {
      claimed.push(pod);
      continue;
    }
    store.update({ kind: 'Pod', namespace, name: pod.metadata.name! }, (p) => {
      p.metadata.ownerReferences = p.metadata.ownerReferences?.filter((r) => r.uid !== uid);
      if (p.metadata.ownerReferences?.length === 0) delete p.metadata.ownerReferences;
    }, { actor, reason: `release from ReplicaSet ${rs.metadata.name}` });
  }
  for (const pod of orphans) {
    if (!matches(pod) || pod.metadata.deletionTimestamp !== undefined) continue;
    claimed.push(
      store.update({ kind: 'Pod', namespace, name: pod.metadata.name! }, (p) => {
        p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), controllerRef(rs)];
      }, { actor, reason: `adopt into ReplicaSet ${rs.metadata.name}` }),
    );
  }
  return claimed;
}
