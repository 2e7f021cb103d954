/**
 * Placing endpoints into slices (staging/src/k8s.io/endpointslice/reconciler.go, reconcileByPortMapping and
 * finalize), for the endpoints that changed rather than for the whole Service. Guarantees, as Kubernetes'
 * reconciler gives them:
 * - every desired endpoint ends up in exactly one slice whose ports are its ports; no slice holds more than
 *   `maxEndpointsPerSlice`; an endpoint already in the right slice stays there (slices do not churn);
 * - new endpoints first fill slices that are being written anyway (fullest first), then the one untouched
 *   slice they fit in most snugly, and only then new slices — so a change costs as few writes as possible;
 * - a slice left empty is deleted, and its name is reused for a slice that would be created in the same
 *   pass (an update instead of a delete and a create);
 * - a Service with no endpoints keeps exactly one empty "placeholder" slice.
 * Slices are not rebalanced: after churn a Service can have more slices than ceil(endpoints / 100), as in
 * Kubernetes. Pure; cost O(changed endpoints × size of the slices they touch + slices of the Service).
 */
import type { Endpoint, EndpointSlicePort } from '../../api/endpointslice.js';
import { deepEqual } from '../../store/equal.js';
import type { DesiredEndpoint } from './desired.js';

export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceState {
  /** '' for a slice still to be created. */
  name: string;
  portKey: string;
  ports: EndpointSlicePort[] | undefined;
  endpoints: Endpoint[];
}

/** A pod whose endpoint may have changed: `desired` undefined means it should be in no slice. */
export interface EndpointChange {
  pod: string;
  desired: DesiredEndpoint | undefined;
}

export interface SlicePlan {
  create: SliceState[];
  update: SliceState[];
  delete: string[];
}

/** Where a pod's endpoint is: the slice, and the endpoint itself (the very object the slice holds). */
export interface Placed {
  slice: string;
  endpoint: Endpoint;
}

/** The pod an endpoint stands for, by name (the controller's pod index is by name). */
export function podOf(ep: Endpoint): string {
  return ep.targetRef?.name ?? '';
}

/**
 * The writes that bring `slices` (this Service's slices, by name) in line with `changes`. `locate` says
 * which slice holds a pod's endpoint now, and which of its endpoints it is, if any: the endpoint is
 * found in its slice by identity, without reading the slice's other endpoints.
 */
export function planSlices(
  slices: ReadonlyMap<string, SliceState>,
  locate: (pod: string) => Placed | undefined,
  changes: readonly EndpointChange[],
  max = MAX_ENDPOINTS_PER_SLICE,
): SlicePlan {
  const touched = new Map<string, SliceState>();
  const touch = (name: string) => {
    let s = touched.get(name);
    if (!s) {
      const cur = slices.get(name)!;
      s = { ...cur, endpoints: [...cur.endpoints] };
      touched.set(name, s);
    }
    return s;
  };
  const toAdd = new Map<string, { ports: EndpointSlicePort[]; endpoints: Endpoint[] }>();

  // 1. Update endpoints in place, or take them out of slices they no longer belong in.
  for (const { pod, desired } of changes) {
    const placed = locate(pod);
    const at = placed?.slice;
    const current = at !== undefined ? slices.get(at) : undefined;
    if (current) {
      const s = touched.get(at!) ?? current;
      const i = s.endpoints.indexOf(placed!.endpoint);
      if (i >= 0 && desired && desired.portKey === s.portKey) {
        if (!deepEqual(s.endpoints[i], desired.endpoint)) touch(at!).endpoints[i] = desired.endpoint;
        continue;
      }
      if (i >= 0) touch(at!).endpoints.splice(i, 1);
    }
    if (!desired) continue;
    const group = toAdd.get(desired.portKey) ?? { ports: desired.ports, endpoints: [] };
    group.endpoints.push(desired.endpoint);
    toAdd.set(desired.portKey, group);
  }

  // A placeholder gives way as soon as there is something to hold.
  if (toAdd.size > 0) for (const [name, s] of slices) if (s.endpoints.length === 0 && !touched.has(name)) touch(name);

  const create: SliceState[] = [];
  for (const [portKey, group] of toAdd) {
    const pending = group.endpoints;
    // 2. Fill the slices being written anyway, fullest first.
    const writing = [...touched.values()]
      .filter((s) => s.portKey === portKey && s.endpoints.length > 0)
      .sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of writing) while (pending.length > 0 && s.endpoints.length < max) s.endpoints.push(pending.shift()!);
    // 3. Then the untouched slice the rest fits most snugly (getSliceToFill), then new slices.
    while (pending.length > 0) {
      let target: SliceState | undefined;
      if (pending.length < max) {
        const fit = sliceToFill(slices, touched, portKey, pending.length, max);
        if (fit) target = touch(fit);
      }
      if (!target) {
        target = { name: '', portKey, ports: group.ports, endpoints: [] };
        create.push(target);
      }
      while (pending.length > 0 && target.endpoints.length < max) target.endpoints.push(pending.shift()!);
    }
  }

  const update: SliceState[] = [];
  const del: string[] = [];
  for (const s of touched.values()) {
    if (s.endpoints.length === 0) del.push(s.name);
    else update.push(s);
  }
  // finalize: a slice to create takes the name of one to delete.
  while (del.length > 0 && create.length > 0) update.push({ ...create.pop()!, name: del.shift()! });
  // A Service with nothing to hold keeps one placeholder slice.
  if (slices.size - del.length + create.length === 0) {
    const placeholder: SliceState = { name: del.shift() ?? '', portKey: '', ports: undefined, endpoints: [] };
    const existing = slices.get(placeholder.name);
    if (placeholder.name && existing && existing.ports === undefined) {
      // Already a placeholder: nothing to write.
    } else (placeholder.name ? update : create).push(placeholder);
  }
  return { create, update, delete: del };
}

function sliceToFill(
  slices: ReadonlyMap<string, SliceState>,
  touched: ReadonlyMap<string, SliceState>,
  portKey: string,
  count: number,
  max: number,
): string | undefined {
  let best: string | undefined;
  let closest = max;
  for (const [name, s] of slices) {
    if (touched.has(name) || s.portKey !== portKey || s.endpoints.length === 0) continue;
    const diff = max - (count + s.endpoints.length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = name;
      if (diff === 0) break;
    }
  }
  return best;
}
