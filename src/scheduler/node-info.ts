/**
 * A node as one scheduling decision reads it (kube-scheduler's framework.NodeInfo): the latest Node,
 * what its pods already take, and what the filters and scores derive from the Node — its effective
 * taints and its allocatable resources, parsed — worked out once when a new version of the Node
 * arrives, not once per pod per node. At 5,000 nodes a decision reads up to 500 of them; reading these
 * as fields of one object, instead of looking each up by Node or following a pointer to another
 * object, is what keeps the per-node cost small when the heap is large: every object a decision
 * touches per node is a likely miss in the processor's cache.
 */
import type { Node, Taint } from '../api/node.js';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from '../api/pod.js';
import { toResources, type NodeUsage, type Resources } from './resources.js';

export class NodeInfo {
  node!: Node;
  /** The Node's name, which never changes. */
  name!: string;
  /** The taints the scheduler honours: the Node's own and the not-ready/unreachable one its Ready condition implies. */
  taints!: readonly Taint[];
  /** What the node can give pods (do not mutate). `pods` is how many pods it may run (absent means none). */
  allocatable!: Resources;
  /** Its cpu (millicores), memory and pods, as fields: a decision reads them for hundreds of nodes. */
  allocCpu!: number;
  allocMemory!: number;
  allocPods!: number;
  /** Neither cordoned nor tainted: only resources and affinity can keep a pod off it. */
  open!: boolean;

  /** `usage` is kept up to date by its owner (the scheduler's cache); the NodeInfo only reads it. */
  constructor(
    node: Node,
    readonly usage: NodeUsage,
  ) {
    this.setNode(node);
  }

  /** A new version of the Node: what is derived from it is worked out again. */
  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name ?? '';
    this.taints = effectiveTaints(node);
    this.allocatable = allocatableOf(node);
    this.allocCpu = this.allocatable.cpu ?? 0;
    this.allocMemory = this.allocatable.memory ?? 0;
    this.allocPods = this.allocatable.pods ?? 0;
    this.open = !node.spec.unschedulable && this.taints.length === 0;
  }
}

/** A node's allocatable resources, parsed: cpu in millicores, the rest in units. */
export function allocatableOf(node: Node): Resources {
  return toResources(node.status?.allocatable);
}

/**
 * The node's taints as the scheduler sees them. The node lifecycle controller taints a node whose Ready
 * condition is False (`not-ready`) or Unknown (`unreachable`) with NoSchedule (TaintNodesByCondition);
 * kubesim adds that taint here when the Node does not carry it yet, so a node is never chosen in the
 * window between its kubelet going quiet and the controller noticing. No Ready condition at all is a
 * node whose kubelet has not reported: Kubernetes registers such a node with the not-ready taint.
 */
export function effectiveTaints(node: Node): readonly Taint[] {
  const taints = [...(node.spec.taints ?? [])];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  if (ready === 'True') return taints;
  const key = ready === 'Unknown' ? TAINT_NODE_UNREACHABLE : TAINT_NODE_NOT_READY;
  if (!taints.some((t) => t.key === key && t.effect === 'NoSchedule')) taints.push({ key, effect: 'NoSchedule' });
  return taints;
}
