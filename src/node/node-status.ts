/**
 * What a kubelet says about its node, as pure functions of the node's configuration, its identity and
 * the time: the Node it registers (pkg/kubelet/kubelet_node_status.go, initialNode) and the status it
 * posts (the setters in pkg/kubelet/nodestatus). Guarantees: the same inputs give the same object; a
 * condition's lastTransitionTime moves only when its status changes; `nodeStatusChanged` ignores
 * heartbeat times, so a kubelet writes only when something besides the heartbeat changed.
 */
import type { Node, NodeCondition, Taint } from '../api/node.js';
import { formatTimestamp } from '../api/meta.js';
import { parseQuantity } from '../api/quantity.js';
import { deepEqual } from '../store/equal.js';

/** Versions a kind cluster of Kubernetes 1.32 reports. */
export const KUBELET_VERSION = 'v1.32.2';
export const CONTAINER_RUNTIME_VERSION = 'containerd://1.7.24';
export const OS_IMAGE = 'Debian GNU/Linux 12 (bookworm)';
export const KERNEL_VERSION = '6.8.0-1017-generic';
/** The port the kubelet serves on (`kubectl logs` and `exec` go through it). */
export const KUBELET_PORT = 10250;

/** One simulated machine, as a cluster's `nodes` option describes it. */
export interface NodeConfig {
  name: string;
  /** Cores (`4`, `"3500m"`). Default 4. */
  cpu?: number | string;
  /** Bytes or a quantity (`"16Gi"`). Default 16Gi. */
  memory?: number | string;
  /** Pod capacity. Default 110, the kubelet's `maxPods`. */
  pods?: number;
  /** Root disk (`"100Gi"`). Default 100Gi. */
  ephemeralStorage?: number | string;
  /** Labels besides the ones the kubelet sets itself. */
  labels?: Record<string, string>;
  /** Taints the node registers with (`--register-with-taints`). */
  taints?: Taint[];
}

/** What makes one machine's boot distinguishable from another's: drawn from the kubelet's Rng. */
export interface NodeIdentity {
  machineID: string;
  systemUUID: string;
  bootID: string;
}

export const DEFAULT_NODE = { cpu: '4', memory: '16Gi', pods: 110, ephemeralStorage: '100Gi' } as const;

/** The kubelet's default hard eviction thresholds, which allocatable holds back (memory.available<100Mi, nodefs.available<10%). */
const EVICTION_HARD_MEMORY_BYTES = 100n * 1024n * 1024n;
const EVICTION_HARD_NODEFS_PERCENT = 10n;

/**
 * The node's address on kind's docker network 172.18.0.0/16, handed out in order from .2 (.1 is its
 * gateway): `172.18.0.2`…`172.18.0.255`, then `172.18.1.0` and on, so 5,000 nodes fit.
 */
export function nodeInternalIP(index: number): string {
  const offset = index + 2;
  return `172.18.${offset >> 8}.${offset & 255}`;
}

/** How many nodes the default cluster CIDR 10.244.0.0/16 holds: 10.244.1.0/24 … 10.244.255.0/24. */
const SMALL_CLUSTER_NODES = 255;

/**
 * The n-th node's pod CIDR (1-based): `10.244.<n>.0/24` while the cluster fits the default 10.244.0.0/16.
 * A larger cluster is one whose controller manager was given a wider `--cluster-cidr`, 10.128.0.0/9
 * (32,768 /24s, enough for Kubernetes' 5,000-node limit): node 256 onward take 10.128.0.0/24,
 * 10.128.1.0/24, …, skipping 10.244.x.0/24, which the first 255 nodes hold.
 */
export function nodePodCIDR(index: number): string {
  if (index < SMALL_CLUSTER_NODES) return `10.244.${index + 1}.0/24`;
  const j = index - SMALL_CLUSTER_NODES;
  let second = 128 + (j >> 8);
  if (second >= 244) second++;
  if (second > 255) throw new Error(`node ${index + 1}: the cluster CIDR 10.128.0.0/9 has no /24 left`);
  return `10.${second}.${j & 255}.0/24`;
}

function bytesOf(q: number | string, what: string): bigint {
  try {
    return BigInt(parseQuantity(q).value());
  } catch (e) {
    throw new Error(`node ${what}: ${JSON.stringify(q)} is not a quantity: ${(e as Error).message}`);
  }
}

/** Memory and disk as a kubelet reports them: in Ki when they divide evenly, else in bytes. */
function kibi(bytes: bigint): string {
  return bytes % 1024n === 0n ? `${bytes / 1024n}Ki` : String(bytes);
}

/** Capacity and allocatable, the way a kubelet with default reservations computes them. */
export function nodeResources(config: NodeConfig): { capacity: Record<string, string>; allocatable: Record<string, string> } {
  const cpu = parseQuantity(config.cpu ?? DEFAULT_NODE.cpu).toString();
  const memory = bytesOf(config.memory ?? DEFAULT_NODE.memory, 'memory');
  const disk = bytesOf(config.ephemeralStorage ?? DEFAULT_NODE.ephemeralStorage, 'ephemeralStorage');
  const pods = String(config.pods ?? DEFAULT_NODE.pods);
  const capacity = {
    cpu,
    'ephemeral-storage': kibi(disk),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: kibi(memory),
    pods,
  };
  // Allocatable = capacity − reserved − hard eviction threshold; kind reserves nothing else.
  const allocMemory = memory > EVICTION_HARD_MEMORY_BYTES ? memory - EVICTION_HARD_MEMORY_BYTES : 0n;
  const allocDisk = disk - (disk * EVICTION_HARD_NODEFS_PERCENT) / 100n;
  const allocatable = { ...capacity, 'ephemeral-storage': String(allocDisk), memory: kibi(allocMemory) };
  return { capacity, allocatable };
}

/** The labels a kubelet registers its node with (kubelet_node_status.go, initialNode), then the user's. */
export function nodeLabels(config: NodeConfig): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': config.name,
    'kubernetes.io/os': 'linux',
    ...config.labels,
  };
}

/** The four conditions a healthy kubelet reports, in the kubelet's order, with its reasons and messages. */
const HEALTHY_CONDITIONS: readonly { type: string; status: string; reason: string; message: string }[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/**
 * The conditions as the kubelet's setters write them: heartbeat now; the transition time kept from the
 * stored condition when its status is unchanged (a node the controller had marked Unknown transitions
 * back now).
 */
export function kubeletConditions(stored: readonly NodeCondition[] | undefined, now: number): NodeCondition[] {
  const ts = formatTimestamp(now);
  return HEALTHY_CONDITIONS.map((c) => {
    const old = stored?.find((o) => o.type === c.type);
    const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : ts;
    return { ...c, lastHeartbeatTime: ts, lastTransitionTime };
  });
}

/** The status a kubelet posts: resources, conditions, addresses, its endpoint and the machine's facts. */
export function kubeletNodeStatus(
  config: NodeConfig,
  index: number,
  identity: NodeIdentity,
  stored: Node['status'] | undefined,
  now: number,
): NonNullable<Node['status']> {
  return {
    ...nodeResources(config),
    conditions: kubeletConditions(stored?.conditions, now),
    addresses: [
      { type: 'InternalIP', address: nodeInternalIP(index) },
      { type: 'Hostname', address: config.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      machineID: identity.machineID,
      systemUUID: identity.systemUUID,
      bootID: identity.bootID,
      kernelVersion: KERNEL_VERSION,
      osImage: OS_IMAGE,
      containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
      kubeletVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** The Node a kubelet registers: labels, its pod CIDR and registration taints, and a first status. */
export function registrationNode(config: NodeConfig, index: number, identity: NodeIdentity, now: number): Node {
  const cidr = nodePodCIDR(index);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: config.name,
      labels: nodeLabels(config),
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      podCIDR: cidr,
      podCIDRs: [cidr],
      providerID: `kind://docker/kind/${config.name}`,
      ...(config.taints?.length ? { taints: config.taints.map((t) => ({ ...t })) } : {}),
    },
    status: kubeletNodeStatus(config, index, identity, undefined, now),
  };
}

function withoutHeartbeats(status: Node['status'] | undefined): unknown {
  if (!status) return status;
  return { ...status, conditions: status.conditions?.map(({ lastHeartbeatTime: _h, ...rest }) => rest) };
}

/** Whether posting `next` would change anything but heartbeat times (the kubelet's `nodeStatusHasChanged`). */
export function nodeStatusChanged(stored: Node['status'] | undefined, next: Node['status']): boolean {
  return !deepEqual(withoutHeartbeats(stored), withoutHeartbeats(next));
}
