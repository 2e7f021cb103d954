/**
 * The scheduler's filters: pure functions of (pod, node, what is on the node) that say whether the pod
 * may run there, and if not, why — in the words of Kubernetes' filter plugins (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit), because those words end up in `kubectl describe`.
 * Guarantees: filters run in the default profile's order and the first one that fails decides the
 * node's reasons (the framework stops at the first failing plugin); nothing here reads the store.
 */
import type { Node, Taint } from '../api/node.js';
import type { NodeSelectorTerm, Pod, Toleration } from '../api/pod.js';
import type { NodeInfo } from './node-info.js';
import type { NodeSnapshot } from './snapshot.js';
import type { Resources } from './resources.js';

export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export const ERR_NODE_UNSCHEDULABLE = 'node(s) were unschedulable';
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_TOO_MANY_PODS = 'Too many pods';

/**
 * Unschedulable: waiting (or preemption) could make the node fit, e.g. resources being freed.
 * UnschedulableAndUnresolvable: only a change to the node or the pod can, so preemption does not try.
 */
export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterStatus {
  code: FilterCode;
  plugin: string;
  reasons: string[];
}

const fail = (plugin: string, code: FilterCode, ...reasons: string[]): FilterStatus => ({ plugin, code, reasons });

/** ToleratesTaint (core/v1 helper): effect, key and value must match; `Exists` needs no value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  // An empty key matches every key: with Exists it tolerates every taint (of the effect, if given).
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  return op === 'Equal' && (t.value ?? '') === (taint.value ?? '');
}

export function toleratesAny(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** NodeUnschedulable: a cordoned node takes only pods that tolerate the unschedulable taint. */
export function filterNodeUnschedulable(pod: Pod, node: Node): FilterStatus | undefined {
  if (!node.spec.unschedulable) return undefined;
  if (toleratesAny(pod.spec.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' })) return undefined;
  return fail('NodeUnschedulable', 'UnschedulableAndUnresolvable', ERR_NODE_UNSCHEDULABLE);
}

/** TaintToleration: every NoSchedule and NoExecute taint must be tolerated; the first that is not is named. */
export function filterTaintToleration(pod: Pod, info: NodeInfo): FilterStatus | undefined {
  for (const taint of info.taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (toleratesAny(pod.spec.tolerations, taint)) continue;
    return fail('TaintToleration', 'UnschedulableAndUnresolvable', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  }
  return undefined;
}

/** One NodeSelectorRequirement against a node's labels (NotIn and DoesNotExist match a missing key). */
function matchesRequirement(req: { key: string; operator: string; values?: string[] | undefined }, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const a = Number.parseInt(value!, 10);
      const b = Number.parseInt(values[0]!, 10);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return req.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions and fields do; a term with neither matches nothing. */
export function matchesNodeSelectorTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  // metadata.name is the only field a matchFields requirement may name.
  const fieldSet = { 'metadata.name': node.metadata.name ?? '' };
  return exprs.every((r) => matchesRequirement(r, labels)) && fields.every((r) => matchesRequirement(r, fieldSet));
}

/** NodeAffinity: spec.nodeSelector (all labels) and any one of the required affinity terms. */
export function filterNodeAffinity(pod: Pod, node: Node): FilterStatus | undefined {
  const labels = node.metadata.labels ?? {};
  const selectorOk = Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const affinityOk = !required || required.nodeSelectorTerms.some((t) => matchesNodeSelectorTerm(t, node));
  if (selectorOk && affinityOk) return undefined;
  return fail('NodeAffinity', 'UnschedulableAndUnresolvable', ERR_NODE_AFFINITY);
}

/** The resources a request is checked for, in the order their reasons are listed; once per request. */
const namesByRequest = new WeakMap<Resources, readonly string[]>();
const FIRST_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

function resourceNames(request: Resources): readonly string[] {
  let names = namesByRequest.get(request);
  if (!names) {
    names = [...FIRST_RESOURCES, ...Object.keys(request).filter((n) => !FIRST_RESOURCES.includes(n) && n !== 'pods').sort()];
    namesByRequest.set(request, names);
  }
  return names;
}

/**
 * NodeResourcesFit: one more pod must fit the node's `pods`, and every resource the pod requests must fit
 * in allocatable minus what the node's pods already request. Every shortage is a reason of its own, in
 * Kubernetes' order: pods, cpu, memory, ephemeral-storage, then the rest by name. Example: allocatable
 * 2 cpu, 1500m requested, pod asks 600m ⇒ `Insufficient cpu`.
 */
export function filterNodeResourcesFit(podRequest: Resources, info: NodeInfo): FilterStatus | undefined {
  const { allocatable, usage } = info;
  const reasons: string[] = [];
  if (usage.pods + 1 > (allocatable.pods ?? 0)) reasons.push(ERR_TOO_MANY_PODS);
  for (const name of resourceNames(podRequest)) {
    const want = podRequest[name] ?? 0;
    if (want <= 0) continue;
    if (want > (allocatable[name] ?? 0) - (usage.requested[name] ?? 0)) reasons.push(`Insufficient ${name}`);
  }
  return reasons.length ? fail('NodeResourcesFit', 'Unschedulable', ...reasons) : undefined;
}

/** Runs the filters in the default profile's order; the first failure is the node's status. */
export function runFilters(pod: Pod, podRequest: Resources, info: NodeInfo): FilterStatus | undefined {
  return (
    filterNodeUnschedulable(pod, info.node) ??
    filterTaintToleration(pod, info) ??
    filterNodeAffinity(pod, info.node) ??
    filterNodeResourcesFit(podRequest, info)
  );
}

/**
 * runFilters for one pod over many nodes, by their rows in a snapshot: what depends only on the pod
 * (whether it has a node selector or required affinity, the resources it asks for) is worked out once,
 * and a node that passes every filter is told so by a few comparisons of the snapshot's columns. A node
 * that fails goes through runFilters itself, so its status — plugin, code and reasons — is exactly
 * runFilters' (a test holds the two equal).
 */
export function podFilters(pod: Pod, podRequest: Resources): (nodes: NodeSnapshot, row: number) => FilterStatus | undefined {
  const affinity = Object.keys(pod.spec.nodeSelector ?? {}).length > 0 || pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
  const cpu = podRequest.cpu ?? 0;
  const memory = podRequest.memory ?? 0;
  // The resources besides cpu and memory the pod asks for (ephemeral storage, extended resources).
  const others: [string, number][] = [];
  for (const name of resourceNames(podRequest)) if (name !== 'cpu' && name !== 'memory' && (podRequest[name] ?? 0) > 0) others.push([name, podRequest[name]!]);
  const fits = (nodes: NodeSnapshot, row: number): boolean => {
    if (nodes.open[row] === 0) return false;
    if (nodes.pods[row]! + 1 > nodes.allocPods[row]!) return false;
    if (cpu > 0 && cpu > nodes.allocCpu[row]! - nodes.requestedCpu[row]!) return false;
    if (memory > 0 && memory > nodes.allocMemory[row]! - nodes.requestedMemory[row]!) return false;
    if (!affinity && others.length === 0) return true;
    const info = nodes.infos[row]!;
    if (affinity && filterNodeAffinity(pod, info.node)) return false;
    for (let i = 0; i < others.length; i++) {
      const [name, want] = others[i]!;
      if (want > (info.allocatable[name] ?? 0) - (info.usage.requested[name] ?? 0)) return false;
    }
    return true;
  };
  return (nodes, row) => (fits(nodes, row) ? undefined : runFilters(pod, podRequest, nodes.infos[row]!));
}
