/**
 * Resource arithmetic of the scheduler, as pure functions (Kubernetes' component-helpers/resource
 * PodRequests and the scheduler's NodeInfo). Guarantees:
 * - amounts are integers: cpu in millicores, every other resource in whole units (bytes for memory),
 *   each rounded up as Quantity.MilliValue()/Value() round, so a sliver of a resource still counts;
 * - a pod's request is what Kubernetes reserves for it: the sum of its containers (and sidecars), or the
 *   largest init container if that is more, plus the pod overhead;
 * - a quantity that does not parse counts as zero (validation has already refused such pods).
 */
import type { Container, Pod, ResourceList } from '../api/pod.js';
import { parseQuantity } from '../api/quantity.js';

/** Resource name → amount (cpu in millicores, the rest in units). */
export type Resources = Record<string, number>;

/**
 * What the scheduler assumes of a container without a request when it *scores* (never when it
 * filters): 100m cpu and 200Mi memory (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest), so that
 * a node full of BestEffort pods does not look empty.
 */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function amountOf(name: string, raw: string | number): number {
  try {
    const q = parseQuantity(raw);
    return name === 'cpu' ? q.milliValue() : q.value();
  } catch {
    return 0;
  }
}

export function toResources(list: ResourceList | Record<string, string> | undefined): Resources {
  const out: Resources = {};
  for (const [name, raw] of Object.entries(list ?? {})) out[name] = amountOf(name, raw);
  return out;
}

function addInto(into: Resources, r: Resources): void {
  for (const [k, v] of Object.entries(r)) into[k] = (into[k] ?? 0) + v;
}

function maxInto(into: Resources, r: Resources): void {
  for (const [k, v] of Object.entries(r)) if (v > (into[k] ?? 0)) into[k] = v;
}

function nonZero(r: Resources): Resources {
  return { ...r, cpu: r.cpu ?? DEFAULT_MILLI_CPU_REQUEST, memory: r.memory ?? DEFAULT_MEMORY_REQUEST };
}

/**
 * PodRequests. Regular containers and sidecars (init containers with restartPolicy Always) run together,
 * so they add up; ordinary init containers run one at a time, each beside the sidecars started before
 * it, so the pod needs the largest of those moments. Example: init 2 cpu, containers 1 + 0.5 cpu ⇒ 2 cpu.
 * With `nonZeroDefaults`, a container missing a cpu or memory request counts the scoring defaults.
 */
function requestsOf(c: Container, nonZeroDefaults: boolean): Resources {
  const r = toResources(c.resources?.requests);
  return nonZeroDefaults ? nonZero(r) : r;
}

export function podRequests(pod: Pod, nonZeroDefaults = false): Readonly<Resources> {
  const shared = sharedOf(pod);
  if (!shared) return requestsOfPod(pod, nonZeroDefaults);
  if (nonZeroDefaults) return (shared.nonZero ??= Object.freeze(requestsOfPod(pod, true)));
  return (shared.plain ??= Object.freeze(requestsOfPod(pod, false)));
}

/** What the pods of one template have alike: their requests and, per owner, their contribution. */
interface Shared {
  initContainers: Pod['spec']['initContainers'];
  overhead: Pod['spec']['overhead'];
  plain: Resources | undefined;
  nonZero: Resources | undefined;
  byOwner: Map<string | undefined, PodContribution>;
}

/**
 * A controller's pods share their template's containers (stored parts are frozen and shared): what the
 * scheduler works out of them is made once, not once per pod or per decision. None for a pod whose
 * containers are its own.
 */
function sharedOf(pod: Pod): Shared | undefined {
  const { containers, initContainers, overhead } = pod.spec;
  if (!Object.isFrozen(containers)) return undefined;
  let known = sharedByContainers.get(containers);
  if (!known || known.initContainers !== initContainers || known.overhead !== overhead) {
    sharedByContainers.set(containers, (known = { initContainers, overhead, plain: undefined, nonZero: undefined, byOwner: new Map() }));
  }
  return known;
}

const sharedByContainers = new WeakMap<readonly Container[], Shared>();

function requestsOfPod(pod: Pod, nonZeroDefaults: boolean): Resources {
  const total: Resources = {};
  for (const c of pod.spec.containers) addInto(total, requestsOf(c, nonZeroDefaults));
  const sidecars: Resources = {};
  const initPeak: Resources = {};
  for (const c of pod.spec.initContainers ?? []) {
    const r = requestsOf(c, nonZeroDefaults);
    if (c.restartPolicy === 'Always') {
      addInto(total, r);
      addInto(sidecars, r);
      maxInto(initPeak, sidecars);
    } else {
      const moment = { ...sidecars };
      addInto(moment, r);
      maxInto(initPeak, moment);
    }
  }
  maxInto(total, initPeak);
  if (pod.spec.overhead) addInto(total, toResources(pod.spec.overhead));
  return total;
}

/** A pod's share of a node: what the scheduler's NodeInfo adds up for every pod on it. */
export interface PodContribution {
  requests: Resources;
  /** cpu and memory with the scoring defaults. */
  nonZeroCpu: number;
  nonZeroMemory: number;
  /** The controller owner's uid when the pod counts for spreading (not terminating). */
  spreadOwner?: string;
}

/** The uid of the pod's controller (a ReplicaSet, a StatefulSet, a Job), if it has one. */
export function controllerUid(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

/** Pods that have finished hold nothing: the scheduler does not even watch them. */
export function isTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function podContribution(pod: Pod): PodContribution {
  const owner = pod.metadata.deletionTimestamp ? undefined : controllerUid(pod);
  const shared = sharedOf(pod);
  if (!shared) return contributionOf(pod, owner);
  let out = shared.byOwner.get(owner);
  if (!out) shared.byOwner.set(owner, (out = Object.freeze(contributionOf(pod, owner))));
  return out;
}

function contributionOf(pod: Pod, owner: string | undefined): PodContribution {
  const nz = podRequests(pod, true);
  return {
    requests: Object.freeze(podRequests(pod)),
    nonZeroCpu: nz.cpu ?? 0,
    nonZeroMemory: nz.memory ?? 0,
    ...(owner !== undefined ? { spreadOwner: owner } : {}),
  };
}


/** The scheduler's view of what is already on a node. */
export interface NodeUsage {
  /** Sum of the requests of the node's non-terminated pods. */
  requested: Resources;
  /** `requested`'s cpu and memory, kept beside it as fields for the scheduler's fast path. */
  requestedCpu: number;
  requestedMemory: number;
  nonZeroCpu: number;
  nonZeroMemory: number;
  pods: number;
}

export function emptyUsage(): NodeUsage {
  return { requested: {}, requestedCpu: 0, requestedMemory: 0, nonZeroCpu: 0, nonZeroMemory: 0, pods: 0 };
}

/**
 * Where one controller's pods run: node name → how many of the controller's non-terminating pods are
 * on it. Kept per controller rather than per node, because spreading asks it for one controller at a
 * time, about hundreds of nodes.
 */
export type OwnerSpread = ReadonlyMap<string, number>;

/** Adds (sign 1) or removes (sign -1) a pod's contribution to its node's usage, in place. */
export function applyContribution(usage: NodeUsage, c: PodContribution, sign: 1 | -1): void {
  // for…in reads the frozen requests' keys in place: Object.entries makes an array of pairs per call.
  for (const k in c.requests) {
    const next = (usage.requested[k] ?? 0) + sign * c.requests[k]!;
    if (next === 0) delete usage.requested[k];
    else usage.requested[k] = next;
  }
  usage.requestedCpu = usage.requested.cpu ?? 0;
  usage.requestedMemory = usage.requested.memory ?? 0;
  usage.nonZeroCpu += sign * c.nonZeroCpu;
  usage.nonZeroMemory += sign * c.nonZeroMemory;
  usage.pods += sign;
}

/** The usage of a node computed from scratch from the pods bound to it (store.podsOnNode). */
export function usageFromPods(pods: readonly Pod[]): NodeUsage {
  const usage = emptyUsage();
  for (const p of pods) if (!isTerminated(p)) applyContribution(usage, podContribution(p), 1);
  return usage;
}

/** Controller uid → how many of its pods among `pods` count for spreading (running, not terminating). */
export function ownerCounts(pods: readonly Pod[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of pods) {
    const owner = isTerminated(p) ? undefined : podContribution(p).spreadOwner;
    if (owner !== undefined) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return counts;
}
