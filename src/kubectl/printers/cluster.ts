/** `kubectl get nodes`, `get namespaces` and `get leases` columns (printNode, printNamespace, printLease). */
import type { Lease } from '../../api/lease.js';
import type { Namespace } from '../../api/namespace.js';
import type { Node } from '../../api/node.js';
import { ageColumn, column, nameColumn, type Column } from './columns.js';

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_ROLE_LABEL = 'kubernetes.io/role';

/**
 * STATUS of a node: its Ready condition as `Ready` or `NotReady` (Unknown — a node that stopped
 * heartbeating — also reads NotReady), `Unknown` when it has no Ready condition at all, and
 * `,SchedulingDisabled` when cordoned.
 */
export function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = ready === undefined ? ['Unknown'] : [ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** ROLES: from `node-role.kubernetes.io/<role>` label keys and the `kubernetes.io/role` value, sorted; `<none>`. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(NODE_ROLE_PREFIX)) {
      const role = key.slice(NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (key === NODE_ROLE_LABEL && value) {
      roles.add(value);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

const ADDRESSES =
  'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).';

export const nodeColumns: Column<Node>[] = [
  nameColumn(),
  column('Status', 'string', 'The status of the node', nodeStatus),
  column('Roles', 'string', 'The roles of the node', nodeRoles),
  ageColumn(),
  column('Version', 'string', 'Kubelet Version reported by the node.', (n) => n.status?.nodeInfo?.kubeletVersion ?? ''),
  column('Internal-IP', 'string', ADDRESSES, (n) => nodeAddress(n, 'InternalIP'), { priority: 1 }),
  column('External-IP', 'string', ADDRESSES, (n) => nodeAddress(n, 'ExternalIP'), { priority: 1 }),
  column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', (n) => n.status?.nodeInfo?.osImage || '<unknown>', { priority: 1 }),
  column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", (n) => n.status?.nodeInfo?.kernelVersion || '<unknown>', { priority: 1 }),
  column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', (n) => n.status?.nodeInfo?.containerRuntimeVersion || '<unknown>', { priority: 1 }),
];

export const namespaceColumns: Column<Namespace>[] = [
  nameColumn(),
  column('Status', 'string', 'The status of the namespace', (ns) => ns.status?.phase ?? ''),
  ageColumn(),
];

export const leaseColumns: Column<Lease>[] = [
  nameColumn(),
  column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.', (l) => l.spec.holderIdentity ?? ''),
  ageColumn(),
];
