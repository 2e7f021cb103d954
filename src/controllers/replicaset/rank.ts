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

interface Ranked {
  pod: Pod;
  /** Active sibling pods on the same node. */
  rank: number;
}

function deletionCost(pod: Pod): number {
  const v = Number(pod.metadata.annotations?.[DELETION_COST] ?? 0);
  return Number.isInteger(v) ? v : 0;
}

/** Negative when t1 is in a younger log2 bucket than t2 (so it goes first). */
function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number) => (now - t > 0 ? Math.floor(Math.log2((now - t) * 1e6)) : -1);
  return rank(t1) - rank(t2);
}

function compareTimes(t1: number | undefined, t2: number | undefined, a: Pod, b: Pod, now: number): number {
  if (t1 === t2) return 0;
  // A missing time counts as "zero": such a pod goes first.
  if (t1 === undefined || t2 === undefined) return t1 === undefined ? -1 : 1;
  const diff = logarithmicRankDiff(t1, t2, now);
  if (diff !== 0) return diff;
  const ua = a.metadata.uid ?? '';
  const ub = b.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function compare(x: Ranked, y: Ranked, now: number): number {
  const a = x.pod;
  const b = y.pod;
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return !na ? -1 : 1;
  const pa = PHASE_ORDER[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDER[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca - cb;
  if (x.rank !== y.rank) return y.rank - x.rank;
  if (ra && rb) {
    const c = compareTimes(podReadySince(a), podReadySince(b), a, b, now);
    if (c !== 0) return c;
  }
  const restarts = maxContainerRestarts(b) - maxContainerRestarts(a);
  if (restarts !== 0) return restarts;
  const created = (p: Pod) => (p.metadata.creationTimestamp ? parseTimestamp(p.metadata.creationTimestamp) : undefined);
  return compareTimes(created(a), created(b), a, b, now);
}

/**
 * getPodsToDelete: the `diff` pods of `pods` to delete first. `related` are the pods of the same
 * owner family (the ReplicaSets of one Deployment), used to see which nodes are doubled up.
 */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], diff: number, now: number): Pod[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec.nodeName ?? '', (onNode.get(p.spec.nodeName ?? '') ?? 0) + 1);
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => compare(x, y, now));
  return ranked.slice(0, diff).map((r) => r.pod);
}
