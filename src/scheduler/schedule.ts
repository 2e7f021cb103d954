/**
 * One scheduling decision, as a pure function (Kubernetes' schedulePod: findNodesThatFitPod, then
 * prioritizeNodes, then selectHost), and the messages a failure produces (FitError.Error and the
 * preemption PostFilter's). Guarantees: the result depends only on the pod, the nodes in the order given,
 * where the search starts, their usage and the Rng; a decision looks at no more nodes than it needs to
 * find numFeasibleNodesToFind feasible ones (all of them under 100 nodes); an unschedulable result's message is word for word what kube-scheduler
 * writes, including its reasons histogram sorted as strings and the doubled final period.
 */
import type { Pod } from '../api/pod.js';
import type { Rng } from '../sim/rng.js';
import { podFilters, type FilterStatus } from './filters.js';
import type { NodeInfo } from './node-info.js';
import { podRequests, type OwnerSpread } from './resources.js';
import { bestNode } from './scores.js';
import { IntScratch, NodeSnapshot } from './snapshot.js';

/** ErrNoNodesAvailable: what the scheduler says when the cluster has no nodes at all. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export type ScheduleResult =
  | { outcome: 'bind'; nodeName: string; feasible: number; evaluated: number }
  | { outcome: 'unschedulable'; message: string; statuses: Map<string, FilterStatus>; evaluated: number };

/**
 * FitError.Error(): `0/N nodes are available:` then each reason with the number of nodes that gave it,
 * as `"<count> <reason>"` strings sorted as strings (so `10 …` sorts before `2 …`, as in Go), joined
 * by `, `; then the PostFilter (preemption) message. Each part is written as ` %v.`.
 */
export function fitErrorMessage(numNodes: number, statuses: Iterable<FilterStatus>, postFilterMsg = ''): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const histogram = [...counts].map(([reason, n]) => `${n} ${reason}`).sort(compareGoStrings);
  let msg = `0/${numNodes} nodes are available:`;
  if (histogram.length) msg += ` ${histogram.join(', ')}.`;
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}

/** Go's sort.Strings orders by bytes; JavaScript's default sort by UTF-16 units agrees for these ASCII texts. */
function compareGoStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What DefaultPreemption reports when it finds nothing to do. kubesim does not preempt (see
 * docs/scheduler.md): every pod is treated as having no lower-priority victims, which is exactly what
 * Kubernetes finds when all pods have the default priority 0. Nodes that failed with an unresolvable
 * reason (taint, affinity, cordon) are ones where evicting pods would not help. The message ends in a
 * period and FitError adds another: real clusters print `incoming pod..`.
 */
export function preemptionMessage(pod: Pod, numNodes: number, statuses: Map<string, FilterStatus>): string {
  if (pod.spec.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const perNode: FilterStatus[] = [];
  for (const s of statuses.values()) {
    const reason = s.code === 'Unschedulable' ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling';
    perNode.push({ code: s.code, plugin: 'DefaultPreemption', reasons: [reason] });
  }
  return `preemption: ${fitErrorMessage(numNodes, perNode)}`;
}

/** minFeasibleNodesToFind and minFeasibleNodesPercentageToFind (pkg/scheduler/schedule_one.go). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind with the default percentageOfNodesToScore (0, "adaptive"): a cluster under 100
 * nodes is searched whole; a larger one until 50% − nodes/125 (at least 5%, at least 100 nodes) fit.
 * 500 nodes ⇒ 46% = 230; 5,000 nodes ⇒ 10% = 500. Kubernetes does this so that the cost of one decision
 * stops growing with the cluster, at the price of not always finding the very best node.
 */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  const percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}

export interface SearchOptions {
  /** Where the search starts (the scheduler's nextStartNodeIndex); nodes are taken round from there. */
  start?: number;
  /** Where the pod's controller already runs pods, for spreading; leave it out for a pod without one. */
  spread?: OwnerSpread;
}

/** The rows of the nodes that fit, reused by every decision. */
const feasibleRows = new IntScratch();

/**
 * Filters nodes from `start` round the list until numFeasibleNodesToFind fit (or all were tried),
 * scores the ones that fit, and picks one; or says why none fits. `evaluated` is how many nodes were
 * looked at, which moves the scheduler's next start, as in findNodesThatPassFilters. `nodes` is the
 * scheduler's snapshot, or a list of NodeInfos (read into a snapshot first).
 */
export function schedulePod(pod: Pod, nodes: readonly NodeInfo[] | NodeSnapshot, rng: Rng, opts: SearchOptions = {}): ScheduleResult {
  const snapshot = nodes instanceof NodeSnapshot ? nodes : new NodeSnapshot(nodes);
  const n = snapshot.size;
  if (n === 0) return { outcome: 'unschedulable', message: ERR_NO_NODES_AVAILABLE, statuses: new Map(), evaluated: 0 };
  const request = podRequests(pod);
  const statuses = new Map<string, FilterStatus>();
  const toFind = numFeasibleNodesToFind(n);
  const feasible = feasibleRows.take(toFind);
  let found = 0;
  const start = opts.start ?? 0;
  const filter = podFilters(pod, request);
  for (let i = 0; i < n && found < toFind; i++) {
    const row = (start + i) % n;
    const status = filter(snapshot, row);
    if (status) statuses.set(snapshot.infos[row]!.name, status);
    else feasible[found++] = row;
  }
  const evaluated = found + statuses.size;
  if (found === 0) {
    const message = fitErrorMessage(n, statuses.values(), preemptionMessage(pod, n, statuses));
    return { outcome: 'unschedulable', message, statuses, evaluated };
  }
  const nodeName = bestNode(pod, podRequests(pod, true), snapshot, feasible.subarray(0, found), rng, opts.spread)!;
  return { outcome: 'bind', nodeName, feasible: found, evaluated };
}
