/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for every Service with a selector, slices
 * of at most 100 endpoints listing the selected pods — what kube-proxy and cluster DNS read. Guarantees:
 * - level-triggered per Service; a pod change that shows in an endpoint (servicesToSync, as Kubernetes'
 *   GetServicesToUpdateOnPodChange) marks that pod dirty in the Services it concerns, and the next
 *   reconcile re-reads only those pods, so one pod's change costs the size of its slice, not the size of
 *   the Service (an index Service → slices → pods makes that possible);
 * - a Service change, a first sight of a Service, or a managed slice changed by anyone else triggers a
 *   full sync from the store, which is the truth; the index is only a cache of it;
 * - slices carry the label `kubernetes.io/service-name`, `endpointslice.kubernetes.io/managed-by:
 *   endpointslice-controller.k8s.io`, the Service's own labels, and an ownerReference to the Service, so
 *   the garbage collector removes them with it;
 * - writes are minimal (reconciler.ts): endpoints stay in their slices, new ones fill existing slices first.
 */
import type { EndpointSlice } from '../../api/endpointslice.js';
import { ListElements } from '../../api/list-elements.js';
import { formatSelector, matchesLabels, selectorFromSet } from '../../api/labels.js';
import { endpointsSelector, podServiceMemberships, servicesToSync } from '../../api/pod-endpoints.js';
import type { Pod } from '../../api/pod.js';
import type { Service } from '../../api/service.js';
import type { Clock } from '../../sim/clock.js';
import type { Duration } from '../../sim/duration.js';
import type { Rng } from '../../sim/rng.js';
import { deepEqual } from '../../store/equal.js';
import type { Store } from '../../store/store.js';
import type { Watch, WatchEvent } from '../../store/types.js';
import { keyOf, splitKey, WorkQueue, type ReconcileResult } from '../../store/client/queue.js';
import { desiredEndpoint, portKeyOf } from './desired.js';
import { planSlices, podOf, type EndpointChange, type Placed, type SliceState } from './reconciler.js';

export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const ACTOR = 'endpointslice-controller';
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';

export interface EndpointSliceControllerOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  latency?: Duration;
  /** Rules to break on purpose, for property tests (src/sim/mutants.ts). */
  mutants?: ReadonlySet<string>;
}

/** What the controller knows of one Service's slices, kept in step with its own writes. */
interface ServiceIndex {
  slices: Map<string, SliceState>;
  /** Pod name → its endpoint and the slice that holds it. */
  podSlice: Map<string, Placed>;
  dirty: Set<string>;
  full: boolean;
}

/** setEndpointSliceLabels: the Service's labels, then the two the controller owns. */
export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata.labels };
  delete labels[LABEL_SERVICE_NAME];
  delete labels[LABEL_MANAGED_BY];
  if (svc.spec.clusterIP === 'None') labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name!;
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return labels;
}

export class EndpointSliceController {
  private readonly store: Store;
  /** The Services that select a pod, asked on every pod change. */
  private readonly selecting: (pod: Pod) => readonly Service[];
  private readonly queue: WorkQueue;
  private readonly index = new Map<string, ServiceIndex>();
  private watches: Watch[] = [];
  /** The Service whose slices are being written now: events for them are our own. */
  private writing: string | undefined;
  private readonly mutants: ReadonlySet<string>;

  constructor(opts: EndpointSliceControllerOptions) {
    this.store = opts.store;
    this.selecting = podServiceMemberships(opts.store);
    this.mutants = opts.mutants ?? new Set();
    this.queue = new WorkQueue({
      clock: opts.clock,
      name: ACTOR,
      reconcile: (key) => this.reconcile(key),
      ...(opts.latency !== undefined ? { latency: opts.latency } : {}),
    });
  }

  start(): void {
    this.watches.push(this.store.watch('Service', {}, (e) => this.resync(keyOf(e.object))));
    this.watches.push(this.store.watch('Pod', {}, (e) => this.onPod(e)));
    this.watches.push(
      this.store.watch('EndpointSlice', { labelSelector: `${LABEL_MANAGED_BY}=${CONTROLLER_NAME}` }, (e) => this.onSlice(e.object)),
    );
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.queue.stop();
  }

  private resync(key: string): void {
    const idx = this.index.get(key);
    if (idx) idx.full = true;
    this.queue.add(key);
  }

  private onSlice(slice: EndpointSlice): void {
    const service = slice.metadata.labels?.[LABEL_SERVICE_NAME];
    if (!service) return;
    const key = `${slice.metadata.namespace}/${service}`;
    if (this.writing !== key) this.resync(key);
  }

  /** The Services a pod change concerns (servicesToSync), found through the store's selector index. */
  private onPod(e: WatchEvent<Pod>): void {
    const name = e.object.metadata.name!;
    const old = e.type === 'MODIFIED' ? e.previous : undefined;
    // By index: most pod changes concern no Service, and an iterator over none is still an object.
    const services = servicesToSync(old, e.object, this.selecting);
    for (let i = 0; i < services.length; i++) {
      const key = keyOf(services[i]!);
      this.index.get(key)?.dirty.add(name);
      this.queue.add(key);
    }
  }

  private reconcile(key: string): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const svc = this.store.get('Service', namespace, name);
    const selector = svc && endpointsSelector(svc);
    if (!svc || !selector) {
      // Slices of a deleted Service go with it through their ownerReference (the garbage collector).
      this.index.delete(key);
      return undefined;
    }
    let idx = this.index.get(key);
    if (!idx || idx.full) {
      idx = this.loadIndex(svc);
      this.index.set(key, idx);
    }
    const pods = idx.full ? this.selectedPods(svc, selector, idx) : [...idx.dirty];
    let missingNode = false;
    const changes: EndpointChange[] = pods.sort().map((pod) => {
      const p = this.store.get('Pod', namespace, pod);
      if (!p || !matchesLabels(selectorFromSet(selector), p.metadata.labels)) return { pod, desired: undefined };
      const node = p.spec.nodeName ? this.store.get('Node', undefined, p.spec.nodeName) : undefined;
      // A pod on a node the API does not know is left out for now and looked at again shortly.
      if (p.spec.nodeName && !node) missingNode = true;
      const desired = p.spec.nodeName && !node ? undefined : desiredEndpoint(svc, p, node);
      if (desired && this.mutants.has('not-ready-endpoints')) desired.endpoint.conditions = { ...desired.endpoint.conditions, ready: p.metadata.deletionTimestamp === undefined };
      if (desired && this.mutants.has('forget-terminating')) desired.endpoint.conditions = { ...desired.endpoint.conditions, ready: desired.endpoint.conditions?.serving === true };
      return { pod, desired };
    });
    const plan = planSlices(idx.slices, (p) => idx.podSlice.get(p), changes);
    const labels = sliceLabels(svc);
    if (idx.full) {
      // A full sync also brings every slice's labels in line with the Service's.
      const planned = new Set([...plan.update.map((s) => s.name), ...plan.delete]);
      for (const [sliceName, s] of idx.slices) {
        const stored = this.store.get('EndpointSlice', namespace, sliceName);
        if (!planned.has(sliceName) && stored && !deepEqual(stored.metadata.labels, labels)) plan.update.push(s);
      }
    }
    idx.dirty.clear();
    idx.full = false;
    this.writing = key;
    try {
      this.apply(svc, idx, labels, plan);
    } catch (e) {
      // A refused write (a terminating namespace, a race) leaves the index unsure: re-read it on retry.
      idx.full = true;
      throw e;
    } finally {
      this.writing = undefined;
    }
    return missingNode ? { requeueAfter: '1s' } : undefined;
  }

  private apply(svc: Service, idx: ServiceIndex, labels: Record<string, string>, plan: ReturnType<typeof planSlices>): void {
    const namespace = svc.metadata.namespace!;
    const write = { actor: ACTOR, reason: `endpoints of service ${svc.metadata.name}` };
    for (const name of plan.delete) {
      for (const ep of idx.slices.get(name)?.endpoints ?? []) idx.podSlice.delete(podOf(ep));
      idx.slices.delete(name);
      if (this.store.get('EndpointSlice', namespace, name)) this.store.delete({ kind: 'EndpointSlice', namespace, name }, write);
    }
    for (const s of plan.update) {
      // The slice is written whole, as Kubernetes' reconciler writes it: a new object beside the stored
      // one, not an immer recipe, which would walk the new endpoints list looking for drafts.
      const current = this.store.mustGet('EndpointSlice', namespace, s.name);
      const { ports: _ports, ...rest } = current;
      // Labels as the store holds them while they say the same: admission keeps them without a look.
      const kept = current.metadata.labels && deepEqual(current.metadata.labels, labels) ? current.metadata.labels : labels;
      const stored = this.store.replace<'EndpointSlice'>(
        { ...rest, kind: 'EndpointSlice', metadata: { ...current.metadata, labels: kept }, endpoints: s.endpoints, ...(s.ports !== undefined ? { ports: s.ports } : {}) },
        write,
      );
      this.remember(idx, { ...s, ports: stored.ports, endpoints: stored.endpoints });
    }
    for (const s of plan.create) {
      const created = this.store.create(
        {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            generateName: `${svc.metadata.name}-`,
            namespace,
            labels,
            ownerReferences: [
              { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true },
            ],
          },
          addressType: 'IPv4',
          endpoints: s.endpoints,
          ...(s.ports !== undefined ? { ports: s.ports } : {}),
        },
        write,
      );
      this.remember(idx, { ...s, name: created.metadata.name!, ports: created.ports, endpoints: created.endpoints });
    }
  }

  /**
   * Records a slice as written. Its endpoints are the stored ones, so the next write of the slice hands
   * the store the very objects it holds for the endpoints that did not change: they are neither decoded
   * nor copied again, and each version of the slice shares them with the one before.
   */
  private remember(idx: ServiceIndex, s: SliceState): void {
    const before = idx.slices.get(s.name)?.endpoints;
    idx.slices.set(s.name, s);
    // Only the pods that joined or left the slice move in the pod index: a slice of a hundred whose one
    // endpoint changed touches one entry, not two hundred.
    // An endpoint the last version held (the very object) is filed under this slice already.
    const was = before?.length ? new ListElements(before) : undefined;
    for (let i = 0; i < s.endpoints.length; i++) {
      const ep = s.endpoints[i]!;
      if (was?.has(ep, i)) continue;
      idx.podSlice.set(podOf(ep), { slice: s.name, endpoint: ep });
    }
    if (!before?.length) return;
    // An endpoint of the last version that is not in this one (the very object) belongs to a pod that
    // left, or whose endpoint changed (and was filed again with its new one just above).
    const kept = new ListElements(s.endpoints);
    for (let i = 0; i < before.length; i++) {
      const ep = before[i]!;
      if (kept.has(ep, i)) continue;
      const pod = podOf(ep);
      const placed = idx.podSlice.get(pod);
      if (placed?.slice === s.name && placed.endpoint === ep) idx.podSlice.delete(pod);
    }
  }

  /** The index rebuilt from the store: this Service's managed slices and the pods they hold. */
  private loadIndex(svc: Service): ServiceIndex {
    const idx: ServiceIndex = { slices: new Map(), podSlice: new Map(), dirty: new Set(), full: true };
    const labelSelector = `${LABEL_SERVICE_NAME}=${svc.metadata.name},${LABEL_MANAGED_BY}=${CONTROLLER_NAME}`;
    for (const slice of this.store.items('EndpointSlice', { namespace: svc.metadata.namespace!, labelSelector })) {
      const state: SliceState = { name: slice.metadata.name!, portKey: portKeyOf(slice.ports), ports: slice.ports, endpoints: slice.endpoints };
      this.remember(idx, state);
    }
    return idx;
  }

  /** Pods the selector takes now, and pods the slices still hold. */
  private selectedPods(svc: Service, selector: Record<string, string>, idx: ServiceIndex): string[] {
    const names = new Set(idx.podSlice.keys());
    const labelSelector = formatSelector(selectorFromSet(selector));
    for (const p of this.store.items('Pod', { namespace: svc.metadata.namespace!, labelSelector })) names.add(p.metadata.name!);
    return [...names];
  }
}
