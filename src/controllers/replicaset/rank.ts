/**
 * Which pods a ReplicaSet deletes first when it scales down (controller.ActivePodsWithRanks): the
 * ones whose loss hurts least. In order: unscheduled before scheduled; Pending before Unknown before
 * Running; not ready before ready; lower `controller.kubernetes.io/pod-deletion-cost` first; pods
 * doubled up on a node with more of their siblings first; ready for a shorter time first; more
 * restarts first; newer before older. Times compare on a log2 scale (LogarithmicScaleDown), so pods
 * of similar age are treated alike and broken by uid — which spreads deletions instead of always
 * hitting the very newest pod.
 */
import { parseTimestamp } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import { isPodActive, isPodReady, maxContainerRestarts, podReadySince } from '../../api/podutil.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * What the ranking reads of one pod, worked out once per pod rather than once per comparison: a
 * scale-down of a 10,000-pod ReplicaSet compares pods some 130,000 times.
 */
interface Ranked {
  pod: Pod;
  unscheduled: boolean;
  nodeName: string;
  phase: number;
  ready: boolean;
  cost: number;
  /** Active sibling pods on the same node. */
  rank: number;
  /** When it became ready (ms) and that time's log2 bucket; undefined when not ready. */
  readySince: number | undefined;
  readyBucket: number;
  restarts: number;
  created: number | undefined;
  createdBucket: number;
  uid: string;
}

function deletionCost(pod: Pod): number {
  const v = Number(pod.metadata.annotations?.[DELETION_COST] ?? 0);
  return Number.isInteger(v) ? v : 0;
}

/** The log2 bucket of a time's age: pods whose ages are in the same bucket are treated alike. */
function logBucket(t: number | undefined, now: number): number {
  return t !== undefined && now - t > 0 ? Math.floor(Math.log2((now - t) * 1e6)) : -1;
}

function ranked(pod: Pod, rank: number, now: number): Ranked {
  const readySince = podReadySince(pod);
  const created = pod.metadata.creationTimestamp ? parseTimestamp(pod.metadata.creationTimestamp) : undefined;
  return {
    pod,
    unscheduled: !pod.spec.nodeName,
    nodeName: pod.spec.nodeName ?? '',
    phase: PHASE_ORDER[pod.status?.phase ?? ''] ?? 0,
    ready: isPodReady(pod),
    cost: deletionCost(pod),
    rank,
    readySince,
    readyBucket: logBucket(readySince, now),
    restarts: maxContainerRestarts(pod),
    created,
    createdBucket: logBucket(created, now),
    uid: pod.metadata.uid ?? '',
  };
}

/** Two times on the log2 scale (LogarithmicScaleDown); equal buckets are broken by uid. */
function compareTimes(t1: number | undefined, b1: number, t2: number | undefined, b2: number, x: Ranked, y: Ranked): number {
  if (t1 === t2) return 0;
  // A missing time counts as "zero": such a pod goes first.
  if (t1 === undefined || t2 === undefined) return t1 === undefined ? -1 : 1;
  if (b1 !== b2) return b1 - b2;
  return x.uid < y.uid ? -1 : x.uid > y.uid ? 1 : 0;
}

function compare(x: Ranked, y: Ranked): number {
  if (x.nodeName !== y.nodeName && (x.unscheduled || y.unscheduled)) return x.unscheduled ? -1 : 1;
  if (x.phase !== y.phase) return x.phase - y.phase;
  if (x.ready !== y.ready) return x.ready ? 1 : -1;
  if (x.cost !== y.cost) return x.cost - y.cost;
  if (x.rank !== y.rank) return y.rank - x.rank;
  if (x.ready && y.ready) {
    const c = compareTimes(x.readySince, x.readyBucket, y.readySince, y.readyBucket, x, y);
    if (c !== 0) return c;
  }
  const restarts = y.restarts - x.restarts;
  if (restarts !== 0) return restarts;
  return compareTimes(x.created, x.createdBucket, y.created, y.createdBucket, x, y);
}

/**
 * getPodsToDelete: the `diff` pods of `pods` to delete first. `related` are the pods of the same
 * owner family (the ReplicaSets of one Deployment), used to see which nodes are doubled up.
 */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], diff: number, now: number): Pod[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec.nodeName ?? '', (onNode.get(p.spec.nodeName ?? '') ?? 0) + 1);
  const all = pods.map((pod) => ranked(pod, onNode.get(pod.spec.nodeName ?? '') ?? 0, now));
  all.sort(compare);
  return all.slice(0, diff).map((r) => r.pod);
}
