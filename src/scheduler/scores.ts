/**
 * The scheduler's scores: pure functions that rank the nodes that passed the filters. Each plugin gives
 * every node 0–100 (after its own normalisation), the total is the weighted sum, as in Kubernetes'
 * default profile: TaintToleration ×3, NodeAffinity ×2, spreading ×2, NodeResourcesFit (LeastAllocated)
 * ×1, NodeResourcesBalancedAllocation ×1. Integer arithmetic rounds down as Go's does, so scores are
 * exactly Kubernetes' for the same inputs. Guarantees: no plugin reads the store; ties between the best
 * nodes are broken only by the Rng passed in, so the same seed picks the same node.
 */
import type { Node, Taint } from '../api/node.js';
import type { NodeSelectorTerm, Pod, Toleration } from '../api/pod.js';
import type { Rng } from '../sim/rng.js';
import { matchesNodeSelectorTerm, toleratesAny } from './filters.js';
import type { NodeInfo } from './node-info.js';
import type { OwnerSpread, Resources } from './resources.js';
import { IntScratch, NodeSnapshot } from './snapshot.js';

export const MAX_NODE_SCORE = 100;

export const WEIGHTS = {
  TaintToleration: 3,
  NodeAffinity: 2,
  Spread: 2,
  LeastAllocated: 1,
  BalancedAllocation: 1,
} as const;

/** The free share of one resource after placing the pod, 0–100 (nothing when it does not fit). */
function freeShare(requested: number, capacity: number): number {
  return capacity === 0 || requested > capacity ? 0 : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated from the cpu and memory the node would have requested with the pod, and what it has. */
function leastAllocated(cpu: number, memory: number, cpuCap: number, memoryCap: number): number {
  return Math.floor((freeShare(cpu, cpuCap) + freeShare(memory, memoryCap)) / 2);
}

/** BalancedAllocation from the same four numbers. */
function balancedAllocation(cpu: number, memory: number, cpuCap: number, memoryCap: number): number {
  const std = cpuCap > 0 && memoryCap > 0 ? Math.abs((Math.min(1, cpu / cpuCap) - Math.min(1, memory / memoryCap)) / 2) : 0;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * LeastAllocated: the free share of each resource after placing the pod, averaged over cpu and memory.
 * Example: 4 cpu allocatable, 1 requested + 1 for the pod ⇒ cpu 50; memory 8Gi, 2Gi + 2Gi ⇒ 50; score 50.
 * It spreads load: an emptier node scores higher.
 */
export function leastAllocatedScore(podNonZero: Resources, info: NodeInfo): number {
  const { allocatable: alloc, usage } = info;
  return leastAllocated(usage.nonZeroCpu + (podNonZero.cpu ?? 0), usage.nonZeroMemory + (podNonZero.memory ?? 0), alloc.cpu ?? 0, alloc.memory ?? 0);
}

/**
 * BalancedAllocation: prefers nodes where cpu and memory are used in the same proportion, so that
 * neither is stranded. Score = (1 − std of the used fractions) × 100; for two resources std = |a − b| / 2.
 */
export function balancedAllocationScore(podNonZero: Resources, info: NodeInfo): number {
  const { allocatable: alloc, usage } = info;
  return balancedAllocation(usage.nonZeroCpu + (podNonZero.cpu ?? 0), usage.nonZeroMemory + (podNonZero.memory ?? 0), alloc.cpu ?? 0, alloc.memory ?? 0);
}

/** The pod's tolerations that can tolerate a PreferNoSchedule taint. */
export function preferNoScheduleTolerations(pod: Pod): Toleration[] {
  return (pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** How many of the node's PreferNoSchedule taints those tolerations do not tolerate (fewer is better). */
export function intolerablePreferNoSchedule(tolerations: readonly Toleration[], taints: readonly Taint[]): number {
  let n = 0;
  for (const t of taints) if (t.effect === 'PreferNoSchedule' && !toleratesAny(tolerations, t)) n++;
  return n;
}

/** The summed weights of the pod's preferred node affinity terms the node matches. */
export function preferredAffinityWeight(terms: readonly { weight: number; preference: NodeSelectorTerm }[], node: Node): number {
  let sum = 0;
  for (const p of terms) if (p.weight !== 0 && matchesNodeSelectorTerm(p.preference, node)) sum += p.weight;
  return sum;
}

/** DefaultNormalizeScore: scale to 0–100 by the highest raw score; `reverse` when fewer is better. */
export function normalize(raw: readonly number[], reverse: boolean): number[] {
  const out = [...raw];
  normalizeInPlace(out, out.length, reverse);
  return out;
}

/** normalize over the first `n` values, in place. */
function normalizeInPlace(values: Scores, n: number, reverse: boolean): void {
  const max = maxOf(values, n);
  for (let i = 0; i < n; i++) {
    const v = max === 0 ? 0 : Math.floor((MAX_NODE_SCORE * values[i]!) / max);
    values[i] = reverse ? MAX_NODE_SCORE - v : v;
  }
}

/**
 * Spreading (SelectorSpread's normalisation): a node with the most pods of the same controller scores 0,
 * a node with none scores 100. Example: counts 2, 1, 0 ⇒ 0, 50, 100. Replicas on different nodes survive
 * the loss of one node; that is why spreading outweighs the resource scores.
 */
export function spreadScores(counts: readonly number[]): number[] {
  const out = [...counts];
  spreadInPlace(out, out.length);
  return out;
}

/** spreadScores over the first `n` counts, in place. */
function spreadInPlace(counts: Scores, n: number): void {
  const max = maxOf(counts, n);
  for (let i = 0; i < n; i++) counts[i] = max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max - counts[i]!)) / max);
}

/** The largest of the first `n` numbers, or 0 (scores are never negative). */
function maxOf(values: Scores, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/** A plugin's scores or raw counts, node by node: a plain array, or one of the scratch columns below. */
type Scores = { [i: number]: number; readonly length: number };

export interface NodeScore {
  name: string;
  total: number;
  /** Each plugin's normalised score, for explaining a decision. */
  plugins: Record<keyof typeof WEIGHTS, number>;
}

/** Each plugin's normalised score for each feasible node, in the order of `feasible` (the first n of each column). */
type PluginScores = Record<keyof typeof WEIGHTS, Scores>;

/**
 * The columns pluginScores fills, one per plugin, reused by every decision: scores are small integers,
 * and a decision reads them before the next one is made. (Five arrays of up to 500 numbers per pod were
 * most of what scheduling allocated.)
 */
const columns = Array.from({ length: 5 }, () => new IntScratch());
/** Where each snapshot row sits among the feasible rows of the decision stamped in `stamps`. */
const positions = new IntScratch();
const stamps = new IntScratch();
const tiedRows = new IntScratch();
let decision = 0;

/**
 * What every plugin gives every feasible node (`rows` of the snapshot). What depends only on the pod
 * (its PreferNoSchedule tolerations, preferred terms, request) is worked out once, and each node's
 * numbers read from the snapshot's columns: kube-scheduler scores up to 500 nodes per pod in a
 * 5,000-node cluster. `spread` is where the pod's controller already runs pods (empty when nowhere
 * yet); a pod without a controller has none, and is not spread: every node scores 0. The columns are
 * reused by the next decision: read them first.
 */
function pluginScores(pod: Pod, podNonZero: Resources, nodes: NodeSnapshot, rows: ArrayLike<number>, spread: OwnerSpread | undefined): PluginScores {
  const tolerations = preferNoScheduleTolerations(pod);
  const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const podCpu = podNonZero.cpu ?? 0;
  const podMemory = podNonZero.memory ?? 0;
  const n = rows.length;
  const [taint, affinity, spreading, least, balanced] = columns.map((c) => c.take(n)) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    // An open node has no taints; only a node with some is read for them.
    taint[i] = nodes.open[row] === 1 ? 0 : intolerablePreferNoSchedule(tolerations, nodes.infos[row]!.taints);
    affinity[i] = preferred.length === 0 ? 0 : preferredAffinityWeight(preferred, nodes.infos[row]!.node);
    spreading[i] = 0;
    const cpu = nodes.nonZeroCpu[row]! + podCpu;
    const memory = nodes.nonZeroMemory[row]! + podMemory;
    const cpuCap = nodes.allocCpu[row]!;
    const memoryCap = nodes.allocMemory[row]!;
    least[i] = leastAllocated(cpu, memory, cpuCap, memoryCap);
    balanced[i] = balancedAllocation(cpu, memory, cpuCap, memoryCap);
  }
  if (spread !== undefined && spread.size > 0) countSpread(spread, nodes, rows, spreading);
  normalizeInPlace(taint, n, true);
  normalizeInPlace(affinity, n, false);
  if (spread !== undefined) spreadInPlace(spreading, n);
  return { TaintToleration: taint, NodeAffinity: affinity, Spread: spreading, LeastAllocated: least, BalancedAllocation: balanced };
}

/**
 * The controller's pod count on each feasible node, into `counts`. Either side may be the smaller: a
 * ReplicaSet of 100 runs on at most 100 nodes, so its entries are placed among the 500 feasible rows;
 * one spread over more nodes than were found feasible is asked node by node instead.
 */
function countSpread(spread: OwnerSpread, nodes: NodeSnapshot, rows: ArrayLike<number>, counts: Int32Array): void {
  const n = rows.length;
  if (spread.size > n) {
    for (let i = 0; i < n; i++) counts[i] = spread.get(nodes.infos[rows[i]!]!.name) ?? 0;
    return;
  }
  const position = positions.take(nodes.size);
  const stamp = stamps.take(nodes.size);
  if (++decision > 0x3fffffff) {
    stamp.fill(0);
    decision = 1;
  }
  for (let i = 0; i < n; i++) {
    position[rows[i]!] = i;
    stamp[rows[i]!] = decision;
  }
  // forEach: iterating a Map's entries would make an array per entry.
  spread.forEach((count, name) => {
    const row = nodes.rowOf(name);
    if (row !== undefined && stamp[row] === decision) counts[position[row]!] = count;
  });
}

function totalOf(scores: PluginScores, i: number): number {
  return (
    scores.TaintToleration[i]! * WEIGHTS.TaintToleration +
    scores.NodeAffinity[i]! * WEIGHTS.NodeAffinity +
    scores.Spread[i]! * WEIGHTS.Spread +
    scores.LeastAllocated[i]! * WEIGHTS.LeastAllocated +
    scores.BalancedAllocation[i]! * WEIGHTS.BalancedAllocation
  );
}

/** Scores every feasible node, with each plugin's part, for explaining a decision; the order of `feasible` is kept. */
export function scoreNodes(pod: Pod, podNonZero: Resources, feasible: readonly NodeInfo[], spread?: OwnerSpread): NodeScore[] {
  const scores = pluginScores(pod, podNonZero, new NodeSnapshot(feasible), allRows(feasible.length), spread);
  return feasible.map((info, i) => ({
    name: info.name,
    total: totalOf(scores, i),
    plugins: {
      TaintToleration: scores.TaintToleration[i]!,
      NodeAffinity: scores.NodeAffinity[i]!,
      Spread: scores.Spread[i]!,
      LeastAllocated: scores.LeastAllocated[i]!,
      BalancedAllocation: scores.BalancedAllocation[i]!,
    },
  }));
}

/** 0, 1, … n − 1: every row of a snapshot. */
export function allRows(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * What `selectHost(scoreNodes(...), rng)` picks among the snapshot's `rows`, without building a
 * NodeScore per node: the node with the highest total, ties drawn from the Rng in the same way.
 */
export function bestNode(pod: Pod, podNonZero: Resources, nodes: NodeSnapshot, rows: ArrayLike<number>, rng: Rng, spread?: OwnerSpread): string | undefined {
  const scores = pluginScores(pod, podNonZero, nodes, rows, spread);
  let best = -Infinity;
  // The rows tied for the best total so far, in the module's scratch column: a new best starts it over.
  const ties = tiedRows.take(rows.length);
  let tied = 0;
  for (let i = 0; i < rows.length; i++) {
    const total = totalOf(scores, i);
    if (total > best) {
      best = total;
      tied = 0;
      ties[tied++] = i;
    } else if (total === best) ties[tied++] = i;
  }
  if (tied === 0) return undefined;
  // The same draw as picking among the tied names (rng.pick): only the number of ties matters to the Rng.
  const i = tied === 1 ? ties[0]! : ties[rng.int(tied)]!;
  return nodes.infos[rows[i]!]!.name;
}

/** selectHost: the highest total wins; among equals the Rng picks (Kubernetes samples uniformly too). */
export function selectHost(scores: readonly NodeScore[], rng: Rng): string | undefined {
  let best = -Infinity;
  let ties: string[] = [];
  for (const s of scores) {
    if (s.total > best) {
      best = s.total;
      ties = [s.name];
    } else if (s.total === best) ties.push(s.name);
  }
  if (ties.length <= 1) return ties[0];
  return rng.pick(ties);
}
