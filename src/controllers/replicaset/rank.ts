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
import { isPodReady, maxContainerRestarts, podReadySince } from '../../api/podutil.js';
import { byteOrder } from '../../store/indexes.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * What the ranking reads of one pod, worked out once per pod version rather than once per comparison
 * or per scale-down step: a rollout of a 10,000-pod ReplicaSet scales it down hundreds of times. Stored
 * pods are immutable, so this is kept beside the pod object; `rank` and the buckets are filled in for
 * the step at hand.
 */
interface Ranked {
  pod: Pod;
  name: string;
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
  /** The time the buckets were worked out for. */
  bucketsAt: number;
  uid: string;
}

const rankedByPod = new WeakMap<Pod, Ranked>();

function deletionCost(pod: Pod): number {
  const v = Number(pod.metadata.annotations?.[DELETION_COST] ?? 0);
  return Number.isInteger(v) ? v : 0;
}

/** The log2 bucket of a time's age: pods whose ages are in the same bucket are treated alike. */
function logBucket(t: number | undefined, now: number): number {
  return t !== undefined && now - t > 0 ? Math.floor(Math.log2((now - t) * 1e6)) : -1;
}

function ranked(pod: Pod, rank: number, now: number): Ranked {
  let r = rankedByPod.get(pod);
  if (!r) {
    const readySince = podReadySince(pod);
    const created = pod.metadata.creationTimestamp ? parseTimestamp(pod.metadata.creationTimestamp) : undefined;
    r = {
      pod,
      name: pod.metadata.name ?? '',
      unscheduled: !pod.spec.nodeName,
      nodeName: pod.spec.nodeName ?? '',
      phase: PHASE_ORDER[pod.status?.phase ?? ''] ?? 0,
      ready: isPodReady(pod),
      cost: deletionCost(pod),
      rank,
      readySince,
      readyBucket: 0,
      restarts: maxContainerRestarts(pod),
      created,
      createdBucket: 0,
      bucketsAt: Number.NaN,
      uid: pod.metadata.uid ?? '',
    };
    rankedByPod.set(pod, r);
  }
  r.rank = rank;
  if (r.bucketsAt !== now) {
    r.readyBucket = logBucket(r.readySince, now);
    r.createdBucket = logBucket(r.created, now);
    r.bucketsAt = now;
  }
  return r;
}

/** Two times on the log2 scale (LogarithmicScaleDown); equal buckets are broken by uid. */
function compareTimes(t1: number | undefined, b1: number, t2: number | undefined, b2: number, x: Ranked, y: Ranked): number {
  if (t1 === t2) return 0;
  // A missing time counts as "zero": such a pod goes first.
  if (t1 === undefined || t2 === undefined) return t1 === undefined ? -1 : 1;
  if (b1 !== b2) return b1 - b2;
  return x.uid < y.uid ? -1 : x.uid > y.uid ? 1 : 0;
}

/**
 * The ranking, with the pods' names last: Kubernetes sorts the pods as a list returns them (by name)
 * with a stable sort, so pods that rank alike go in name order.
 */
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
  const c = compareTimes(x.created, x.createdBucket, y.created, y.createdBucket, x, y);
  if (c !== 0) return c;
  return byteOrder(x.name, y.name);
}

/**
 * Whether a pod is plainly running: scheduled, Running, ready, no deletion cost. Such pods rank only
 * after every other pod but those with a positive cost, and among themselves first by how many of the
 * family share their node — which lets a scale-down look at only the most doubled-up nodes' running
 * pods, and the others (PodIndex.deletionCandidates).
 */
export function isPlainlyRunning(pod: Pod): boolean {
  return !!pod.spec.nodeName && pod.status?.phase === 'Running' && isPodReady(pod) && deletionCost(pod) === 0;
}

/**
 * getPodsToDelete: the `diff` pods of `pods` to delete first, in that order. `onNode` counts the active
 * pods of the same owner family (the ReplicaSets of one Deployment) on each node, by node name ('' for
 * unscheduled), to see which nodes are doubled up.
 * A scale-down step usually takes a few pods of thousands, so the first `diff` are picked with a
 * bounded heap (n log diff) rather than by sorting them all; the result is the same. `pods` may be the
 * candidates among `of` active pods (PodIndex.deletionCandidates): only when `diff` takes all `of` do
 * they go unranked, in the order given, as Kubernetes deletes every pod without sorting them.
 */
export function podsToDelete(pods: readonly Pod[], onNode: ReadonlyMap<string, number>, diff: number, now: number, of = pods.length): Pod[] {
  if (diff >= of) return [...pods];
  const first = new Heap(diff);
  for (const pod of pods) first.offer(ranked(pod, onNode.get(pod.spec.nodeName ?? '') ?? 0, now));
  return first.sorted().map((r) => r.pod);
}

/** The `size` least items seen, as a max-heap: the root is the one to give up when a lesser one comes. */
class Heap {
  private readonly items: Ranked[] = [];
  constructor(private readonly size: number) {}

  offer(r: Ranked): void {
    const a = this.items;
    if (a.length < this.size) {
      a.push(r);
      this.up(a.length - 1);
    } else if (this.size > 0 && compare(r, a[0]!) < 0) {
      a[0] = r;
      this.down(0);
    }
  }

  sorted(): Ranked[] {
    return this.items.sort(compare);
  }

  private up(i: number): void {
    const a = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(a[i]!, a[parent]!) <= 0) return;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const a = this.items;
    for (;;) {
      let largest = i;
      const l = 2 * i + 1;
      const r = l + 1;
      if (l < a.length && compare(a[l]!, a[largest]!) > 0) largest = l;
      if (r < a.length && compare(a[r]!, a[largest]!) > 0) largest = r;
      if (largest === i) return;
      [a[i], a[largest]] = [a[largest]!, a[i]!];
      i = largest;
    }
  }
}
