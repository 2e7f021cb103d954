/**
 * A pod's quality-of-service class (ComputePodQOS in pkg/apis/core/helper/qos), from its containers'
 * cpu and memory requests and limits. Pure. Quantities that do not parse count as absent: validation
 * reports them, and the class is only ever computed for a pod that passed it.
 */
import { parseQuantity, type Quantity } from './quantity.js';
import type { PodSpec } from './pod-spec.js';
import type { ResourceList } from './pod-container.js';

export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** Only these two resources decide the class: they are what the kubelet's cgroups enforce. */
const QOS_RESOURCES = ['cpu', 'memory'] as const;

/** The positive cpu/memory amounts of a resource list. */
function positive(list: ResourceList | undefined): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const name of QOS_RESOURCES) {
    const raw = list?.[name];
    if (raw === undefined) continue;
    let q: Quantity;
    try {
      q = parseQuantity(raw);
    } catch {
      continue;
    }
    if (q.sign > 0) out.set(name, q);
  }
  return out;
}

function addInto(sum: Map<string, Quantity>, part: Map<string, Quantity>): void {
  for (const [name, q] of part) sum.set(name, sum.get(name)?.add(q) ?? q);
}

/**
 * BestEffort: no container asks for or is limited in cpu or memory. Guaranteed: every container has
 * both limits, and the pod's summed requests equal its summed limits. Anything else is Burstable.
 * Example: one container with `limits: {cpu: 500m, memory: 128Mi}` and requests defaulted from them
 * is Guaranteed; drop the memory limit and it is Burstable.
 */
export function computePodQOS(spec: Pick<PodSpec, 'containers' | 'initContainers'>): PodQOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    addInto(requests, positive(c.resources.requests));
    const lim = positive(c.resources.limits);
    addInto(limits, lim);
    if (!QOS_RESOURCES.every((r) => lim.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name)?.cmp(req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
