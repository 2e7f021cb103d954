/**
 * A Deployment's family as the invariants read it from the store: its ReplicaSets and their pods (by
 * the store's owner index, so O(family), never a scan), which Deployment a pod belongs to, and the
 * bounds its spec sets. Read-only.
 */
import type { Deployment } from '../../api/deployment.js';
import type { Pod } from '../../api/pod.js';
import { controllerOf, isPodActive } from '../../api/podutil.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import { maxSurge, maxUnavailable } from '../../controllers/deployment/util/replicas.js';
import type { Store } from '../../store/store.js';

export function replicaSetsOf(store: Store, d: Deployment): ReplicaSet[] {
  return store.ownedBy(d.metadata.uid!).filter((o): o is ReplicaSet => o.kind === 'ReplicaSet');
}

export function podsOf(store: Store, d: Deployment): Pod[] {
  const out: Pod[] = [];
  for (const rs of replicaSetsOf(store, d)) for (const p of store.ownedBy(rs.metadata.uid!)) if (p.kind === 'Pod') out.push(p as Pod);
  return out;
}

/** The Deployment that controls the pod (through its ReplicaSet), if any. */
export function deploymentOfPod(store: Store, pod: Pod): Deployment | undefined {
  const rsRef = controllerOf(pod);
  if (rsRef?.kind !== 'ReplicaSet') return undefined;
  const rs = store.get('ReplicaSet', pod.metadata.namespace, rsRef.name);
  if (!rs || rs.metadata.uid !== rsRef.uid) return undefined;
  return deploymentOfReplicaSet(store, rs);
}

export function deploymentOfReplicaSet(store: Store, rs: ReplicaSet): Deployment | undefined {
  const dRef = controllerOf(rs);
  if (dRef?.kind !== 'Deployment') return undefined;
  const d = store.get('Deployment', rs.metadata.namespace, dRef.name);
  return d && d.metadata.uid === dRef.uid ? d : undefined;
}

/** Pods that count toward the surge bound: neither terminating nor finished (IsPodActive). */
export const activePods = (pods: readonly Pod[]): Pod[] => pods.filter(isPodActive);

/** Most pods the spec allows during a rollout: replicas + maxSurge (Recreate: replicas). */
export const surgeLimit = (d: Deployment): number => d.spec.replicas + maxSurge(d);

/** Fewest available pods the spec allows during a rollout: replicas − maxUnavailable. */
export const availabilityFloor = (d: Deployment): number => d.spec.replicas - maxUnavailable(d);

/** The rollout is finished and seen: every replica updated and available, this generation observed. */
export function settled(d: Deployment): boolean {
  const s = d.status;
  if (!s || s.observedGeneration !== d.metadata.generation) return false;
  const n = d.spec.replicas;
  return (s.replicas ?? 0) === n && (s.updatedReplicas ?? 0) === n && (s.availableReplicas ?? 0) === n;
}
