/**
 * One scheduling decision, as a pure function (Kubernetes' schedulePod: findNodesThatFitPod, then
 * prioritizeNodes, then selectHost), and the messages a failure produces (FitError.Error and the
 * preemption PostFilter's). Guarantees: the result depends only on the pod, the nodes in the order given,
 * their usage and the Rng; an unschedulable result's message is word for word what kube-scheduler
 * writes, including its reasons histogram sorted as strings and the doubled final period.
 */
import type { Pod } from '../api/pod.js';
import type { Rng } from '../sim/rng.js';
import { runFilters, type FilterStatus, type NodeInfo } from './filters.js';
import { podRequests } from './resources.js';
import { scoreNodes, selectHost, type NodeScore } from './scores.js';

/** ErrNoNodesAvailable: what the scheduler says when the cluster has no nodes at all. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export type ScheduleResult =
  | { outcome: 'bind'; nodeName: string; feasible: number; evaluated: number; scores: NodeScore[] }
  | { outcome: 'unschedulable'; message: string; statuses: Map<string, FilterStatus> };

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

/** Filters every node, scores the ones that fit, and picks one; or says why none fits. */
export function schedulePod(pod: Pod, nodes: readonly NodeInfo[], rng: Rng): ScheduleResult {
  if (nodes.length === 0) return { outcome: 'unschedulable', message: ERR_NO_NODES_AVAILABLE, statuses: new Map() };
  const request = podRequests(pod);
  const feasible: NodeInfo[] = [];
  const statuses = new Map<string, FilterStatus>();
  for (const info of nodes) {
    const status = runFilters(pod, request, info);
    if (status) statuses.set(info.node.metadata.name ?? '', status);
    else feasible.push(info);
  }
  if (feasible.length === 0) {
    const message = fitErrorMessage(nodes.length, statuses.values(), preemptionMessage(pod, nodes.length, statuses));
    return { outcome: 'unschedulable', message, statuses };
  }
  const scores = scoreNodes(pod, podRequests(pod, true), feasible);
  const nodeName = selectHost(scores, rng)!;
  return { outcome: 'bind', nodeName, feasible: feasible.length, evaluated: nodes.length, scores };
}
