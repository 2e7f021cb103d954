/**
 * The scheduler's cache of what each node already carries (Kubernetes' scheduler cache / NodeInfo), fed
 * by the Pod watch. Guarantees:
 * - after a watch event is applied, each node's usage equals `usageFromPods(store.podsOnNode(node))`,
 *   and `spread(owner)` gives each node the count `ownerCounts(store.podsOnNode(node))` has for the
 *   owner (a test checks both against the store's index);
 * - each event costs O(size of that pod), never O(pods in the cluster) — the point of keeping it;
 * - finished pods (Succeeded, Failed) hold nothing, terminating pods still hold their resources until
 *   they are gone but no longer count for spreading, as in Kubernetes.
 */
import type { Pod } from '../api/pod.js';
import type { WatchEvent } from '../store/types.js';
import { applyContribution, emptyUsage, isTerminated, podContribution, type NodeUsage, type OwnerSpread, type PodContribution } from './resources.js';

export class NodeUsageCache {
  private readonly byNode = new Map<string, NodeUsage>();
  /** Pod uid → what it holds. */
  private readonly byPod = new Map<string, Entry>();
  /** Controller uid → where its pods run (see OwnerSpread). */
  private readonly byOwner = new Map<string, Map<string, number>>();
  /** Nodes whose usage changed since the scheduler last refreshed its snapshot. */
  private readonly changed = new Set<string>();

  /** The usage of a node; a node nothing is bound to is empty. Do not mutate. */
  usage(nodeName: string): NodeUsage {
    return this.byNode.get(nodeName) ?? EMPTY;
  }

  /**
   * The node's usage as a live object, kept up to date in place from now on (created empty if need
   * be): the scheduler holds it in its NodeInfo instead of looking the node up for every decision.
   */
  live(nodeName: string): NodeUsage {
    let usage = this.byNode.get(nodeName);
    if (!usage) this.byNode.set(nodeName, (usage = emptyUsage()));
    return usage;
  }

  /** Where the controller's pods run, by node name (empty when nowhere). Do not mutate. */
  spread(owner: string): OwnerSpread {
    return this.byOwner.get(owner) ?? NOWHERE;
  }

  /** Hands each node whose usage changed since the last call to `fn`, once. */
  takeChanged(fn: (nodeName: string) => void): void {
    for (const name of this.changed) fn(name);
    this.changed.clear();
  }

  /** Applies one Pod watch event. Returns the node whose pods lost resources, if any (a chance to retry). */
  apply(event: WatchEvent<Pod>): string | undefined {
    const pod = event.object;
    const key = pod.metadata.uid!;
    const node = pod.spec.nodeName;
    const holds = event.type !== 'DELETED' && !!node && !isTerminated(pod);
    const terminating = pod.metadata.deletionTimestamp !== undefined;
    const before = this.byPod.get(key);
    // A kubelet's status update leaves the spec object as it was (immer shares it): nothing to recount.
    if (before && holds && before.spec === pod.spec && before.terminating === terminating) return undefined;
    if (before) this.remove(key, before);
    if (holds) this.add(key, { node: node!, spec: pod.spec, terminating, contribution: podContribution(pod) });
    return before && !holds ? before.node : undefined;
  }

  private add(key: string, entry: Entry): void {
    const usage = this.live(entry.node);
    applyContribution(usage, entry.contribution, 1);
    this.changed.add(entry.node);
    this.count(entry.contribution.spreadOwner, entry.node, 1);
    this.byPod.set(key, entry);
  }

  private remove(key: string, entry: Entry): void {
    const usage = this.byNode.get(entry.node);
    this.byPod.delete(key);
    if (!usage) return;
    // Kept when it empties: whoever holds it live goes on seeing the node's usage.
    applyContribution(usage, entry.contribution, -1);
    this.changed.add(entry.node);
    this.count(entry.contribution.spreadOwner, entry.node, -1);
  }

  private count(owner: string | undefined, node: string, sign: 1 | -1): void {
    if (owner === undefined) return;
    let spread = this.byOwner.get(owner);
    if (!spread) this.byOwner.set(owner, (spread = new Map()));
    const n = (spread.get(node) ?? 0) + sign;
    if (n !== 0) spread.set(node, n);
    else if (spread.delete(node) && spread.size === 0) this.byOwner.delete(owner);
  }
}

interface Entry {
  node: string;
  spec: Pod['spec'];
  terminating: boolean;
  contribution: PodContribution;
}

const EMPTY: NodeUsage = Object.freeze(emptyUsage()) as NodeUsage;
const NOWHERE: OwnerSpread = new Map();
