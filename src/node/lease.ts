/**
 * The node lease (pkg/kubelet/nodelease, component-helpers/apimachinery/lease): a small object in
 * `kube-node-lease` that a kubelet renews every 10 s. It exists so that "I am alive" costs one tiny write
 * instead of a whole NodeStatus; the node lifecycle controller reads either as a heartbeat.
 */
import type { Lease } from '../api/lease.js';
import { formatMicroTime } from '../api/lease.js';
import type { Node } from '../api/node.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's `nodeLeaseDurationSeconds`. */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** Renewed every quarter of its duration (nodelease.renewIntervalFraction = 0.25): 10 s. */
export const NODE_LEASE_RENEW_INTERVAL_MS = NODE_LEASE_DURATION_SECONDS * 250;

/** The Lease a kubelet creates for its node, owned by the Node so it goes when the Node goes. */
export function nodeLease(node: Node, now: number): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.metadata.name!,
      namespace: NODE_LEASE_NAMESPACE,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid! }],
    },
    spec: {
      holderIdentity: node.metadata.name!,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      renewTime: formatMicroTime(now),
    },
  };
}
