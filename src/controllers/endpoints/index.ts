/**
 * The Endpoints controller (pkg/controller/endpoint): keeps the legacy `Endpoints` object of every Service
 * with a selector — one object named like the Service, listing ready pods under `addresses` and the others
 * under `notReadyAddresses`, for `kubectl get endpoints` and clients that predate EndpointSlices.
 * Guarantees: level-triggered per Service, woken by the Service, by pod changes that show in an endpoint
 * (servicesToSync) and by the deletion of its Endpoints object; writes only when the subsets, labels or
 * capacity annotation differ; at most 1000 addresses, with `endpoints.kubernetes.io/over-capacity:
 * truncated` when more were cut; the object is deleted with its Service. Terminating pods are left out
 * unless the Service publishes not-ready addresses. What each selected pod offers is kept per Service
 * between reconciles and read again only for the pods a watch event named (and for all of them when the
 * Service changed), and grouped by port in the order the subsets list them, so a reconcile reads and
 * places the pods that changed, not the Service's every pod; it still builds the whole object, as
 * Kubernetes does: O(pods of the Service) to copy and compare.
 */
import type { EndpointAddress, EndpointSubset } from '../../api/endpoints.js';
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
import { computeSubsets, OVER_CAPACITY_ANNOTATION, podOffers, PortGroups, truncateSubsets, type Offer } from './subsets.js';

export const ACTOR = 'endpoint-controller';
const LABEL_HEADLESS = 'service.kubernetes.io/headless';

export interface EndpointsControllerOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  latency?: Duration;
}

/** The Endpoints object the Service should have, as pure data: labels, annotations and subsets. */
export function desiredEndpoints(svc: Service, pods: readonly Pod[]): { subsets: EndpointSubset[]; labels: Record<string, string>; truncated: boolean } {
  return endpointsOf(svc, computeSubsets(svc, pods));
}

function endpointsOf(svc: Service, computed: EndpointSubset[]): { subsets: EndpointSubset[]; labels: Record<string, string>; truncated: boolean } {
  const { subsets, truncated } = truncateSubsets(computed);
  const labels: Record<string, string> = { ...svc.metadata.labels };
  if (svc.spec.clusterIP === 'None') labels[LABEL_HEADLESS] = '';
  return { subsets, labels, truncated };
}

/**
 * What the controller keeps of one Service between reconciles: the offers of each pod its selector
 * takes, computed for `svc` (that version of the Service), the same grouped by port, and the pods a
 * watch event named since.
 */
interface ServicePods {
  svc: Service;
  offers: Map<string, readonly Offer[]>;
  groups: PortGroups;
  dirty: Set<string>;
}

export class EndpointsController {
  private readonly store: Store;
  /** The Services that select a pod, asked on every pod change. */
  private readonly selecting: (pod: Pod) => readonly Service[];
  private readonly pods = new Map<string, ServicePods>();
  private readonly queue: WorkQueue;
  private watches: Watch[] = [];
  constructor(opts: EndpointsControllerOptions) {
    this.store = opts.store;
    this.selecting = podServiceMemberships(opts.store);
    this.queue = new WorkQueue({
      clock: opts.clock,
      name: ACTOR,
      reconcile: (key) => this.reconcile(key),
      ...(opts.latency !== undefined ? { latency: opts.latency } : {}),
    });
  }

  start(): void {
    this.watches.push(this.store.watch('Service', {}, (e) => this.queue.add(keyOf(e.object))));
    this.watches.push(this.store.watch('Pod', {}, (e) => this.onPod(e)));
    // Only a deleted Endpoints object brings its Service back; an edited one is left as it is until
    // its Service or pods change (onEndpointsDelete is the controller's only Endpoints handler).
    this.watches.push(this.store.watch('Endpoints', {}, (e) => e.type === 'DELETED' && this.queue.add(keyOf(e.object))));
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.queue.stop();
    // What was kept is only as fresh as the watches that fed it.
    this.pods.clear();
  }

  private onPod(e: WatchEvent<Pod>): void {
    const old = e.type === 'MODIFIED' ? e.previous : undefined;
    // By index: most pod changes concern no Service, and an iterator over none is still an object.
    const services = servicesToSync(old, e.object, this.selecting);
    for (let i = 0; i < services.length; i++) {
      const key = keyOf(services[i]!);
      this.pods.get(key)?.dirty.add(e.object.metadata.name!);
      this.queue.add(key);
    }
  }

  private reconcile(key: string): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const svc = this.store.get('Service', namespace, name);
    const current = this.store.get('Endpoints', namespace, name);
    const write = { actor: ACTOR, reason: `endpoints of service ${name}` };
    if (!svc) {
      this.pods.delete(key);
      // Only the Endpoints of a Service that is gone; a selectorless Service's Endpoints belong to its user.
      if (current && current.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror'] !== 'true') {
        this.store.delete({ kind: 'Endpoints', namespace, name }, write);
      }
      return undefined;
    }
    const selector = endpointsSelector(svc);
    if (!selector) {
      this.pods.delete(key);
      return undefined;
    }
    const want = endpointsOf(svc, this.offersOf(key, svc, selector).subsets());
    const annotations = { ...current?.metadata.annotations };
    if (want.truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const subsets = want.subsets.length ? want.subsets : undefined;
    if (!current) {
      this.store.create(
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: { name, namespace, labels: want.labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
          ...(subsets ? { subsets } : {}),
        },
        write,
      );
      return undefined;
    }
    const sameLabels = deepEqual(current.metadata.labels ?? {}, want.labels);
    const sameAnnotations = deepEqual(current.metadata.annotations ?? {}, annotations);
    if (sameLabels && sameAnnotations && deepEqual(current.subsets, subsets)) return undefined;
    // Written whole, as Kubernetes writes it: a new object beside the stored one, not an immer recipe,
    // which would walk the new subsets looking for drafts. What did not change is handed back as the
    // store holds it, which admission then keeps without a look.
    const { subsets: _subsets, ...rest } = current;
    const { annotations: _annotations, ...meta } = current.metadata;
    const labels = sameLabels && current.metadata.labels ? current.metadata.labels : want.labels;
    const kept = sameAnnotations && current.metadata.annotations ? current.metadata.annotations : annotations;
    this.store.replace<'Endpoints'>(
      {
        ...rest,
        kind: 'Endpoints',
        metadata: { ...meta, labels, ...(Object.keys(kept).length ? { annotations: kept } : {}) },
        ...(subsets ? { subsets } : {}),
      },
      write,
    );
    return undefined;
  }

  /** The offers of the Service's pods, brought up to date: all of them read again when the Service changed. */
  private offersOf(key: string, svc: Service, selector: Record<string, string>): PortGroups {
    const namespace = svc.metadata.namespace!;
    let kept = this.pods.get(key);
    if (!kept || kept.svc !== svc) {
      const offers = new Map<string, readonly Offer[]>();
      const groups = new PortGroups();
      for (const pod of this.store.items('Pod', { namespace, labelSelector: formatSelector(selectorFromSet(selector)) })) {
        const o = podOffers(svc, pod);
        offers.set(pod.metadata.name!, o);
        groups.add(o);
      }
      this.pods.set(key, (kept = { svc, offers, groups, dirty: new Set() }));
      return groups;
    }
    const labels = selectorFromSet(selector);
    for (const name of kept.dirty) {
      const before = kept.offers.get(name);
      if (before) kept.groups.remove(before);
      const pod = this.store.get('Pod', namespace, name);
      if (pod && matchesLabels(labels, pod.metadata.labels)) {
        const o = podOffers(svc, pod);
        kept.offers.set(name, o);
        kept.groups.add(o);
      } else kept.offers.delete(name);
    }
    kept.dirty.clear();
    return kept.groups;
  }
}
