/**
 * The node lifecycle controller's decisions, as pure functions of a Node, its Lease and the time
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go: tryUpdateNodeHealth, ComputeZoneState,
 * doNoScheduleTaintingPass, doNoExecuteTaintingPass). Nothing here writes; the controller applies what
 * these return. Every function returns `undefined` for "nothing to change", so the controller writes
 * only differences.
 */
import type { Lease } from '../../api/lease.js';
import { formatTimestamp, parseTimestamp } from '../../api/meta.js';
import type { Node, NodeCondition, Taint } from '../../api/node.js';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from '../../api/pod.js';

/** `--node-monitor-grace-period`: 50 s since Kubernetes 1.32 (40 s before), a little over the lease's 40 s. */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** `--node-startup-grace-period`: how long a registered node may take to post its first status. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/** `--node-monitor-period`: how often the controller looks at every node. */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** `--unhealthy-zone-threshold` and `--large-cluster-size-threshold`. */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;

export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** The conditions the controller turns Unknown when a kubelet goes quiet, in the kubelet's order. */
const MONITORED_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'] as const;

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface NodeHealth {
  /** The Ready status after this pass: what `kubectl get nodes` shows as Ready / NotReady. */
  ready: ConditionStatus;
  /** The status as the kubelet last left it, before this pass. */
  observedReady: ConditionStatus;
  /** New conditions to write, when the node's heartbeat is overdue and they are not all Unknown yet. */
  conditions?: NodeCondition[];
}

function readyOf(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

function asStatus(s: string | undefined): ConditionStatus {
  return s === 'True' || s === 'False' ? s : 'Unknown';
}

/**
 * The last sign of life: the later of the lease's renewTime and the Ready condition's heartbeat. A node
 * that never posted a Ready condition is measured from its creation, with the startup grace period.
 */
export function lastHeartbeat(node: Node, lease: Lease | undefined): number | undefined {
  const times: number[] = [];
  const hb = readyOf(node)?.lastHeartbeatTime;
  if (hb) times.push(parseTimestamp(hb));
  if (lease?.spec.renewTime) times.push(parseTimestamp(lease.spec.renewTime));
  return times.length > 0 ? Math.max(...times) : undefined;
}

/**
 * tryUpdateNodeHealth: after the grace period without a heartbeat, every monitored condition becomes
 * Unknown (`Kubelet stopped posting node status.`), keeping its last heartbeat and moving its
 * transition time to now. A condition the kubelet never posted is added as `NodeStatusNeverUpdated`.
 */
export function nodeHealth(node: Node, lease: Lease | undefined, now: number, grace = NODE_MONITOR_GRACE_PERIOD_MS): NodeHealth {
  const ready = readyOf(node);
  const observedReady = asStatus(ready?.status);
  const created = parseTimestamp(node.metadata.creationTimestamp ?? formatTimestamp(now));
  const probe = lastHeartbeat(node, lease) ?? created;
  const allowed = ready ? grace : NODE_STARTUP_GRACE_PERIOD_MS;
  if (!(now > probe + allowed)) return { ready: observedReady, observedReady };

  const ts = formatTimestamp(now);
  const existing = node.status?.conditions ?? [];
  let changed = false;
  const conditions: NodeCondition[] = existing.map((c) => {
    if (!(MONITORED_CONDITIONS as readonly string[]).includes(c.type) || c.status === 'Unknown') return c;
    changed = true;
    return { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ts };
  });
  for (const type of MONITORED_CONDITIONS) {
    if (existing.some((c) => c.type === type)) continue;
    changed = true;
    conditions.push({
      type,
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
      lastHeartbeatTime: formatTimestamp(created),
      lastTransitionTime: ts,
    });
  }
  return changed ? { ready: 'Unknown', observedReady, conditions } : { ready: 'Unknown', observedReady };
}

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/**
 * ComputeZoneState: a zone with no ready node is fully disrupted; one with more than two not-ready nodes
 * making up at least 55% of it is partially disrupted. Kubernetes reads "every node is down" as the
 * control plane being cut off rather than the nodes dying, and stops evicting.
 */
export function zoneState(readyStatuses: readonly ConditionStatus[]): ZoneState {
  const ready = readyStatuses.filter((s) => s === 'True').length;
  const notReady = readyStatuses.length - ready;
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / readyStatuses.length >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/** The zone a node is in for disruption accounting: region and zone labels (GetZoneKey), '' for none. */
export function zoneOf(node: Node): string {
  const labels = node.metadata.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? '';
  return region || zone ? `${region}:\u0000:${zone}` : '';
}

/**
 * Whether new NoExecute taints may be added in a zone. Normal and fully disrupted zones taint at the
 * normal rate; a partially disrupted zone of a small cluster (≤ 50 nodes) not at all (ReducedQPSFunc).
 * When every zone is fully disrupted nothing is tainted and existing NoExecute taints come off.
 */
export function noExecuteTaintingAllowed(state: ZoneState, clusterSize: number): boolean {
  return state !== 'PartialDisruption' || clusterSize > LARGE_CLUSTER_SIZE_THRESHOLD;
}

export interface TaintOptions {
  /** May a new NoExecute taint be added now (the zone's rate limiter)? */
  addNoExecute: boolean;
  /** Every zone is down: take the NoExecute taints off (markNodeAsReachable). */
  clearNoExecute: boolean;
}

/**
 * The node's taints after the NoSchedule pass (from conditions and spec.unschedulable) and the NoExecute
 * pass (unreachable when Ready is Unknown, not-ready when it is False), or undefined when they are right
 * already. Other taints are kept as they are; a taint that stays keeps its timeAdded.
 */
export function reconcileNodeTaints(node: Node, ready: ConditionStatus, now: number, opts: TaintOptions): Taint[] | undefined {
  const current = node.spec.taints ?? [];
  const ours = new Set([TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]);
  const isOurs = (t: Taint) => (ours.has(t.key) && (t.effect === 'NoSchedule' || t.effect === 'NoExecute')) || (t.key === TAINT_NODE_UNSCHEDULABLE && t.effect === 'NoSchedule');
  const want: Taint[] = [];
  const key = ready === 'False' ? TAINT_NODE_NOT_READY : ready === 'Unknown' ? TAINT_NODE_UNREACHABLE : undefined;
  if (key) want.push({ key, effect: 'NoSchedule' });
  if (node.spec.unschedulable) want.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  if (key && !opts.clearNoExecute) {
    const had = current.find((t) => t.key === key && t.effect === 'NoExecute');
    if (had) want.push(had);
    else if (opts.addNoExecute) want.push({ key, effect: 'NoExecute', timeAdded: formatTimestamp(now) });
  }
  const kept = current.filter((t) => !isOurs(t));
  const next = [...kept, ...want.map((w) => current.find((t) => t.key === w.key && t.effect === w.effect) ?? w)];
  const same = next.length === current.length && next.every((t) => current.includes(t));
  return same ? undefined : next;
}
