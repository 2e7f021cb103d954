/**
 * The decision of the lost-pods controller, apart from any I/O: given the nodes and pods a client sees,
 * which pods must gain or lose the label `kubesim.example/lost=true`. A pod is lost when the node it is
 * bound to is not Ready — its Ready condition is `False` or `Unknown` (what the node lifecycle controller
 * writes after the node's heartbeats stop for the 50 s grace period), missing, or the node is gone.
 *
 * Guarantees: pure and deterministic; answers only pods whose label differs from what it should be (a
 * controller that writes only differences never patches in a loop), sorted by namespace and name.
 * Cost: O(nodes + pods).
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';

export const LOST_LABEL = 'kubesim.example/lost';

export interface LabelChange {
  namespace: string;
  name: string;
  /** true: set `kubesim.example/lost=true`; false: remove the label. */
  lost: boolean;
}

/** Whether pods on `node` should count as lost: the node is gone, or its Ready condition is not True. */
export function nodeIsLost(node: V1Node | undefined): boolean {
  if (!node) return true;
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status !== 'True';
}

/** The label changes that bring every bound pod's `kubesim.example/lost` label in line with its node. */
export function lostPodChanges(nodes: readonly V1Node[], pods: readonly V1Pod[]): LabelChange[] {
  const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
  const changes: LabelChange[] = [];
  for (const pod of pods) {
    const name = pod.metadata?.name;
    if (!name) continue;
    const nodeName = pod.spec?.nodeName;
    // A pod the scheduler has not placed yet is on no node, so it cannot be lost.
    const lost = nodeName ? nodeIsLost(byName.get(nodeName)) : false;
    const labelled = pod.metadata?.labels?.[LOST_LABEL] === 'true';
    if (lost !== labelled) changes.push({ namespace: pod.metadata?.namespace ?? 'default', name, lost });
  }
  return changes.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
