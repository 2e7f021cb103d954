/**
 * The pods the ReplicaSet controller may claim, kept from its pod watch as an informer's indexer keeps
 * them: each pod under the uid of its controller, or, with no controller, among its namespace's
 * orphans. Each group also keeps, up to date with every event, what the ReplicaSet's status counts —
 * active pods, ready ones, ones carrying a given set of labels — and which of its pods have not been
 * checked against the selector since they joined or were relabelled. So a reconcile after one pod's
 * change costs that pod, not the ReplicaSet's hundred: no list, no selector parsing, no recount.
 */
import type { Pod } from '../../api/pod.js';
import { controllerOf, isPodActive, isPodReady } from '../../api/podutil.js';
import { isPlainlyRunning } from './rank.js';
import type { WatchEvent } from '../../store/types.js';

/** What a ReplicaSet's status counts among its pods: all of them are active ones. */
export interface PodCounts {
  active: number;
  ready: number;
  /** Active pods carrying every one of the labels asked about (`fullyLabeledReplicas`). */
  labeled: number;
}

interface Group {
  /** The map it is filed in (by controller uid, or orphans by namespace) and its key there. */
  home: Map<string, Group>;
  key: string;
  pods: Map<string, Pod>;
  active: number;
  ready: number;
  /** The labels `labeled` counts for, once someone asked; the same object while the template is unchanged. */
  labels?: Readonly<Record<string, string>>;
  labeled: number;
  /**
   * Active pods per node name ('' for unscheduled), for ranking deletions; nodes at zero are dropped.
   * Counted when a scale-down first asks, then kept up to date: most ReplicaSets never scale down.
   */
  onNode: Map<string, number> | undefined;
  /** Pods not matched against the selector since they joined the group or their labels changed. */
  unchecked: Set<string>;
  /** Active pods filed for ranking deletions, from the first scale-down on (see deletionCandidates). */
  ranking: Ranking | undefined;
}

/** A group's active pods: the plainly running ones (isPlainlyRunning) by node name, and the others. */
interface Ranking {
  running: Map<string, Set<Pod>>;
  others: Set<Pod>;
}

/** Every key of `labels` with its value on the pod. */
export function hasLabels(pod: Pod, labels: Readonly<Record<string, string>>): boolean {
  const own = pod.metadata.labels;
  for (const k in labels) if (own?.[k] !== labels[k]) return false;
  return true;
}

export class PodIndex {
  /**
   * Groups by the uid of their controller, and the orphans' by namespace: keyed by strings the pods
   * already carry, so filing a pod builds none. Empty groups are dropped.
   */
  private readonly controlled = new Map<string, Group>();
  private readonly orphans = new Map<string, Group>();
  /** Pod uid → the group it is filed in. */
  private readonly groupOf = new Map<string, Group>();

  observe(e: WatchEvent<Pod>): void {
    const pod = e.object;
    const uid = pod.metadata.uid!;
    const from = this.groupOf.get(uid);
    let home: Map<string, Group> | undefined;
    let key = '';
    if (e.type !== 'DELETED') {
      const ref = controllerOf(pod);
      home = ref ? this.controlled : this.orphans;
      key = ref ? ref.uid : (pod.metadata.namespace ?? '');
    }
    if (from !== undefined && from.home === home && from.key === key) {
      const group = from;
      const old = group.pods.get(uid)!;
      count(group, old, -1);
      count(group, pod, 1);
      group.pods.set(uid, pod);
      if (old.metadata.labels !== pod.metadata.labels) group.unchecked.add(uid);
      return;
    }
    if (from !== undefined) remove(from, uid);
    if (home === undefined) {
      this.groupOf.delete(uid);
      return;
    }
    let group = home.get(key);
    if (!group) home.set(key, (group = { home, key, pods: new Map(), active: 0, ready: 0, labeled: 0, onNode: undefined, unchecked: new Set(), ranking: undefined }));
    group.pods.set(uid, pod);
    count(group, pod, 1);
    group.unchecked.add(uid);
    this.groupOf.set(uid, group);
  }

  /** The pods whose controller is `uid`, as a new array. */
  controlledBy(uid: string): Pod[] {
    return list(this.controlled.get(uid));
  }

  /** The pods of `namespace` that have no controller, as a new array. */
  orphansIn(namespace: string): Pod[] {
    return list(this.orphans.get(namespace));
  }

  /**
   * The pods of controller `uid` not matched against its selector since they joined it or were
   * relabelled; `checked` forgets them (a ReplicaSet being deleted does not check, and keeps them).
   */
  unchecked(uid: string): Pod[] {
    const group = this.controlled.get(uid);
    return group ? [...group.unchecked].map((u) => group.pods.get(u)!) : [];
  }

  checked(uid: string): void {
    this.controlled.get(uid)?.unchecked.clear();
  }

  /** What controller `uid`'s status counts, `labels` being its template's labels. */
  counts(uid: string, labels: Readonly<Record<string, string>>): PodCounts {
    const group = this.controlled.get(uid);
    if (!group) return { active: 0, ready: 0, labeled: 0 };
    if (group.labels !== labels) {
      // A template seen for the first time (or changed): count once, then keep the count up to date.
      group.labels = labels;
      group.labeled = 0;
      for (const pod of group.pods.values()) if (isPodActive(pod) && hasLabels(pod, labels)) group.labeled++;
    }
    return { active: group.active, ready: group.ready, labeled: group.labeled };
  }

  /**
   * How many active pods the controllers `uids` have on each node, by node name ('' for pods not yet
   * scheduled): what ranking a deletion reads of a Deployment's family, without listing its pods.
   */
  activeOnNodes(uids: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const uid of uids) {
      const group = this.controlled.get(uid);
      if (group) for (const [node, n] of nodeCounts(group)) out.set(node, (out.get(node) ?? 0) + n);
    }
    return out;
  }

  /**
   * The active pods of controller `uid` among which the `diff` first to delete are, whatever `onNode`
   * (the family's active pods per node) says: every pod that is not plainly running, and the plainly
   * running ones of the nodes where the family has the most pods — node after node, most first, until
   * `diff` are in, and the nodes tied with the last one. Kubernetes ranks every pod; the first `diff`
   * are the same, for a fraction of the pods looked at.
   */
  deletionCandidates(uid: string, onNode: ReadonlyMap<string, number>, diff: number): Pod[] {
    const group = this.controlled.get(uid);
    if (!group) return [];
    // All of them go: in the order they are listed, as Kubernetes takes them without ranking.
    if (diff >= group.active) return this.controlledBy(uid).filter(isPodActive);
    const { running, others } = rankingOf(group);
    const out = [...others];
    const nodes = [...running.keys()].map((node) => ({ node, rank: onNode.get(node) ?? 0 })).sort((a, b) => b.rank - a.rank);
    let taken = 0;
    let lastRank = Number.NaN;
    for (const { node, rank } of nodes) {
      if (taken >= diff && rank !== lastRank) break;
      for (const pod of running.get(node)!) out.push(pod);
      taken += running.get(node)!.size;
      lastRank = rank;
    }
    return out;
  }

}

function list(group: Group | undefined): Pod[] {
  return group ? Array.from(group.pods.values()) : [];
}

function remove(group: Group, uid: string): void {
  count(group, group.pods.get(uid)!, -1);
  group.pods.delete(uid);
  group.unchecked.delete(uid);
  if (group.pods.size === 0) group.home.delete(group.key);
}

/** The group's active pods per node, counted now if nobody asked before. */
function nodeCounts(group: Group): Map<string, number> {
  if (!group.onNode) {
    group.onNode = new Map();
    for (const pod of group.pods.values()) if (isPodActive(pod)) countOnNode(group.onNode, pod, 1);
  }
  return group.onNode;
}

function countOnNode(onNode: Map<string, number>, pod: Pod, sign: 1 | -1): void {
  const node = pod.spec.nodeName ?? '';
  const n = (onNode.get(node) ?? 0) + sign;
  if (n === 0) onNode.delete(node);
  else onNode.set(node, n);
}

/** The group's active pods filed for ranking, filed now if nobody asked before. */
function rankingOf(group: Group): Ranking {
  if (!group.ranking) {
    group.ranking = { running: new Map(), others: new Set() };
    for (const pod of group.pods.values()) if (isPodActive(pod)) file(group.ranking, pod, 1);
  }
  return group.ranking;
}

function file(ranking: Ranking, pod: Pod, sign: 1 | -1): void {
  if (!isPlainlyRunning(pod)) {
    if (sign > 0) ranking.others.add(pod);
    else ranking.others.delete(pod);
    return;
  }
  const node = pod.spec.nodeName!;
  let pods = ranking.running.get(node);
  if (sign > 0) {
    if (!pods) ranking.running.set(node, (pods = new Set()));
    pods.add(pod);
  } else if (pods?.delete(pod) && pods.size === 0) ranking.running.delete(node);
}

/** Adds (1) or takes away (-1) what one pod version counts for in its group. */
function count(group: Group, pod: Pod, sign: 1 | -1): void {
  if (!isPodActive(pod)) return;
  group.active += sign;
  if (group.onNode) countOnNode(group.onNode, pod, sign);
  if (group.ranking) file(group.ranking, pod, sign);
  if (isPodReady(pod)) group.ready += sign;
  if (group.labels && hasLabels(pod, group.labels)) group.labeled += sign;
}
