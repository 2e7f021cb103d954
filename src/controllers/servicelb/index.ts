/**
 * A simulated cloud load balancer (the cloud controller manager's service controller, with an address pool
 * like MetalLB's on kind): every `type: LoadBalancer` Service gets `status.loadBalancer.ingress: [{ip}]`
 * from the pool after `provisionDelay` — `kubectl get svc` shows EXTERNAL-IP `<pending>` until then — and
 * gives the address back when the Service is deleted or changes type. Guarantees: an address belongs to one
 * Service at a time; the lowest free address is taken, or the Service's `spec.loadBalancerIP` when it is in
 * the pool and free; a Service the pool cannot serve stays pending, with a Warning event, and is retried
 * when an address frees up. Services with a `loadBalancerClass` belong to another implementation and are
 * left alone. Events: EnsuringLoadBalancer, EnsuredLoadBalancer, DeletedLoadBalancer, as the service
 * controller records them. Cost: O(pool) per provisioning.
 */
import type { Service } from '../../api/service.js';
import type { Clock } from '../../sim/clock.js';
import { parseDuration, type Duration } from '../../sim/duration.js';
import type { Rng } from '../../sim/rng.js';
import type { Store } from '../../store/store.js';
import type { Watch } from '../../store/types.js';
import { EventRecorder } from '../../store/client/events.js';
import { keyOf, splitKey, WorkQueue, type ReconcileResult } from '../../store/client/queue.js';

export const ACTOR = 'service-controller';

/** The pool MetalLB's kind guide uses: the top of the `kind` docker network. */
export const DEFAULT_LB_POOL: readonly [string, string] = ['172.18.255.200', '172.18.255.250'];

export interface ServiceLBControllerOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  /** The first and last address of the pool, both included. */
  pool?: readonly [string, string];
  /** How long the "cloud" takes to provision a load balancer. Default 2 s. */
  provisionDelay?: Duration;
  latency?: Duration;
}

const toInt = (ip: string) => ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
const toIP = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export class ServiceLBController {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly queue: WorkQueue;
  private readonly events: EventRecorder;
  private readonly first: number;
  private readonly last: number;
  private readonly delay: number;
  /** Service key → its address, and address → Service key. */
  private readonly byService = new Map<string, string>();
  private readonly byIP = new Map<string, string>();
  /** When provisioning of a Service started: the address is published `delay` after it. */
  private readonly provisioning = new Map<string, number>();
  private watches: Watch[] = [];

  constructor(opts: ServiceLBControllerOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    const [first, last] = opts.pool ?? DEFAULT_LB_POOL;
    this.first = toInt(first);
    this.last = toInt(last);
    if (!(this.last >= this.first)) throw new Error(`servicelb: pool ${first}-${last} is empty: the last address must not be below the first`);
    this.delay = parseDuration(opts.provisionDelay ?? '2s');
    this.events = new EventRecorder(opts.store, opts.clock, { component: ACTOR });
    this.queue = new WorkQueue({
      clock: opts.clock,
      name: ACTOR,
      reconcile: (key) => this.reconcile(key),
      ...(opts.latency !== undefined ? { latency: opts.latency } : {}),
    });
  }

  start(): void {
    this.watches.push(this.store.watch('Service', {}, (e) => this.queue.add(keyOf(e.object))));
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.queue.stop();
  }

  /** The address a Service holds in the pool, if any. */
  addressOf(namespace: string, name: string): string | undefined {
    return this.byService.get(`${namespace}/${name}`);
  }

  private reconcile(key: string): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const svc = this.store.get('Service', namespace, name);
    if (!svc || svc.spec.type !== 'LoadBalancer' || (svc.spec as { loadBalancerClass?: string }).loadBalancerClass) {
      this.release(key, svc);
      return undefined;
    }
    const published = svc.status.loadBalancer.ingress?.[0]?.ip;
    const mine = this.byService.get(key);
    if (published && published === mine) return undefined;
    const started = this.provisioning.get(key);
    if (started === undefined) {
      this.provisioning.set(key, this.clock.now());
      this.events.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
      return { requeueAfter: this.delay };
    }
    const wait = started + this.delay - this.clock.now();
    if (wait > 0) return { requeueAfter: wait };
    const ip = mine ?? this.take(key, svc);
    if (!ip) {
      this.events.event(svc, 'Warning', 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to ensure load balancer: no available IPs in pool ${toIP(this.first)}-${toIP(this.last)}`);
      return { requeueAfter: '30s' };
    }
    this.store.updateStatus({ kind: 'Service', namespace: namespace!, name }, (d) => {
      d.status.loadBalancer = { ingress: [{ ip, ipMode: 'VIP' }] };
    }, { actor: ACTOR, reason: 'load balancer provisioned' });
    this.provisioning.delete(key);
    this.events.event(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
    return undefined;
  }

  private take(key: string, svc: Service): string | undefined {
    const wanted = svc.spec.loadBalancerIP;
    let ip: string | undefined;
    if (wanted && toInt(wanted) >= this.first && toInt(wanted) <= this.last && !this.byIP.has(wanted)) ip = wanted;
    for (let n = this.first; !ip && n <= this.last; n++) if (!this.byIP.has(toIP(n))) ip = toIP(n);
    if (!ip) return undefined;
    this.byService.set(key, ip);
    this.byIP.set(ip, key);
    return ip;
  }

  private release(key: string, svc: Service | undefined): void {
    this.provisioning.delete(key);
    const ip = this.byService.get(key);
    if (!ip) return;
    this.byService.delete(key);
    this.byIP.delete(ip);
    if (svc) this.events.event(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
    // Services left pending for want of an address get another chance.
    for (const other of this.store.items('Service', {})) {
      if (other.spec.type === 'LoadBalancer' && !other.status.loadBalancer.ingress?.length) this.queue.add(keyOf(other));
    }
  }
}
