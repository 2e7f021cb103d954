/**
 * kube-proxy, as a model of what its iptables rules do to a new connection. Guarantees:
 * - it routes from a snapshot of Services and EndpointSlices that lags the store: a change is applied
 *   `syncDelay` after the first change not yet applied (default 1 s, kube-proxy's iptables
 *   `--iptables-min-sync-period`), and changes in between are applied together. Until then, connections
 *   still go where the old rules send them — to a pod that may already be gone;
 * - a connection goes to a random ready endpoint (iptables' `statistic --mode random` rules are a uniform
 *   choice), drawn from the Rng; when none is ready, to a serving-terminating one (KEP-1669); when there
 *   are none at all, it is refused, as kube-proxy's REJECT rule for Services without endpoints does;
 * - `sessionAffinity: ClientIP` sends a client back to the endpoint it used, while that endpoint is still a
 *   candidate and the client came back within `timeoutSeconds` (iptables' `recent` match);
 * - NodePorts answer on every node's address, LoadBalancer ingress addresses and `externalIPs` from
 *   outside; with `externalTrafficPolicy: Local` a node port only reaches endpoints on that node (and
 *   drops otherwise), and `internalTrafficPolicy: Local` does the same for a Pod's connections to the
 *   cluster IP.
 * One proxy stands for every node's (they differ only in timing in a real cluster). Cost: a sync costs the
 * slices of the Services that changed; a connection costs O(endpoints of the Service port).
 */
import type { EndpointSlice } from '../api/endpointslice.js';
import type { Service, ServicePort } from '../api/service.js';
import type { Clock, Timer } from '../sim/clock.js';
import { parseDuration, type Duration } from '../sim/duration.js';
import type { Rng } from '../sim/rng.js';
import type { Store } from '../store/store.js';
import type { Watch } from '../store/types.js';
import { clusterIPOf } from './service-types.js';

export interface ProxyEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** `namespace/name` of the pod behind it, when the slice names one. */
  readonly pod?: string;
  nodeName?: string;
}

/**
 * An endpoint as the proxy programs it, read from a slice. Its pod's `namespace/name` is spelled out only
 * when asked (a connection routed to it): kept, it would be a string per pod for as long as the slice.
 */
class SliceEndpoint implements ProxyEndpoint {
  constructor(
    readonly ip: string,
    readonly port: number,
    readonly ready: boolean,
    readonly serving: boolean,
    readonly terminating: boolean,
    private readonly namespace: string | undefined,
    private readonly podName: string | undefined,
    readonly nodeName: string | undefined,
  ) {}

  get pod(): string | undefined {
    return this.podName ? `${this.namespace}/${this.podName}` : undefined;
  }
}

interface ProxyService {
  svc: Service;
  /** Service port name → its endpoints (EndpointSlice ports are matched by name). */
  endpoints: Map<string, ProxyEndpoint[]>;
}

/** Where a connection was sent: the Service and port it matched, and the endpoint, if any. */
export type Route =
  | { kind: 'endpoint'; service: string; endpoint: ProxyEndpoint }
  | { kind: 'refused'; service: string; detail: string }
  | { kind: 'dropped'; service: string; detail: string }
  | { kind: 'none' };

export interface KubeProxyOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  /** Delay between an EndpointSlice or Service change and the rules that reflect it. Default 1 s. */
  syncDelay?: Duration;
}

export interface Client {
  ip: string;
  /** The node the client Pod runs on, for `internalTrafficPolicy: Local`. */
  node?: string;
}

export class KubeProxy {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly syncDelay: number;
  private readonly services = new Map<string, ProxyService>();
  private readonly byClusterIP = new Map<string, string>();
  private readonly byLoadBalancerIP = new Map<string, string>();
  private readonly byNodePort = new Map<number, string>();
  private readonly affinity = new Map<string, { endpoint: string; lastUsed: number }>();
  private readonly dirty = new Set<string>();
  private timer: Timer | undefined;
  private watches: Watch[] = [];
  /** Simulated time of the last sync, for tests and docs. */
  lastSync: number | undefined;

  constructor(opts: KubeProxyOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.rng = opts.rng;
    this.syncDelay = parseDuration(opts.syncDelay ?? '1s');
  }

  start(): void {
    this.watches.push(this.store.watch('Service', {}, (e) => this.changed(`${e.object.metadata.namespace}/${e.object.metadata.name}`)));
    this.watches.push(
      this.store.watch('EndpointSlice', {}, (e) => {
        const service = e.object.metadata.labels?.['kubernetes.io/service-name'];
        if (service) this.changed(`${e.object.metadata.namespace}/${service}`);
      }),
    );
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.timer?.cancel();
    this.timer = undefined;
  }

  private changed(key: string): void {
    this.dirty.add(key);
    this.timer ??= this.clock.schedule(this.syncDelay, () => this.sync(), 'kube-proxy sync');
  }

  /** syncProxyRules: the snapshot of every changed Service is rebuilt from the store. */
  sync(): void {
    this.timer?.cancel();
    this.timer = undefined;
    for (const key of this.dirty) this.rebuild(key);
    this.dirty.clear();
    this.lastSync = this.clock.now();
  }

  private rebuild(key: string): void {
    const old = this.services.get(key);
    if (old) this.unindex(key, old.svc);
    const [namespace, name] = key.split('/') as [string, string];
    const svc = this.store.get('Service', namespace, name);
    if (!svc || svc.spec.type === 'ExternalName') {
      this.services.delete(key);
      return;
    }
    const slices = this.store.items('EndpointSlice', { namespace, labelSelector: `kubernetes.io/service-name=${name}` });
    this.services.set(key, { svc, endpoints: endpointsByPort(svc, slices) });
    const ip = clusterIPOf(svc);
    if (ip) this.byClusterIP.set(ip, key);
    for (const ip of externalAddresses(svc)) this.byLoadBalancerIP.set(ip, key);
    for (const p of svc.spec.ports ?? []) if (p.nodePort) this.byNodePort.set(p.nodePort, key);
  }

  private unindex(key: string, svc: Service): void {
    const drop = <K>(m: Map<K, string>, k: K | undefined) => k !== undefined && m.get(k) === key && m.delete(k);
    drop(this.byClusterIP, clusterIPOf(svc));
    for (const ip of externalAddresses(svc)) drop(this.byLoadBalancerIP, ip);
    for (const p of svc.spec.ports ?? []) drop(this.byNodePort, p.nodePort);
  }

  /** The Service (and its port) a destination belongs to in the current rules, if any. */
  lookup(ip: string, port: number, nodeName?: string): { key: string; port: ServicePort; via: 'clusterIP' | 'nodePort' | 'loadBalancer' } | undefined {
    const viaCluster = this.byClusterIP.get(ip);
    const viaLB = this.byLoadBalancerIP.get(ip);
    const key = viaCluster ?? viaLB ?? (nodeName !== undefined ? this.byNodePort.get(port) : undefined);
    if (!key) return undefined;
    const svc = this.services.get(key)!.svc;
    const via = viaCluster ? 'clusterIP' : viaLB ? 'loadBalancer' : 'nodePort';
    const sp = (svc.spec.ports ?? []).find((p) => (via === 'nodePort' ? p.nodePort === port : p.port === port) && p.protocol === 'TCP');
    return sp ? { key, port: sp, via } : undefined;
  }

  /**
   * Where a new TCP connection from `client` to `ip:port` goes. `nodeName` is set when `ip` is a node's
   * address (node ports).
   */
  route(ip: string, port: number, client: Client, nodeName?: string): Route {
    const hit = this.lookup(ip, port, nodeName);
    if (!hit) return { kind: 'none' };
    const { svc, endpoints } = this.services.get(hit.key)!;
    const all = endpoints.get(hit.port.name ?? '') ?? [];
    const local =
      (hit.via === 'nodePort' && svc.spec.externalTrafficPolicy === 'Local') ||
      (hit.via === 'clusterIP' && svc.spec.internalTrafficPolicy === 'Local');
    const node = hit.via === 'nodePort' ? nodeName : client.node;
    const reachable = local ? all.filter((e) => e.nodeName === node) : all;
    let candidates = reachable.filter((e) => e.ready);
    if (candidates.length === 0) candidates = reachable.filter((e) => e.serving && e.terminating);
    if (candidates.length === 0) {
      if (local && all.length > 0) return { kind: 'dropped', service: hit.key, detail: `no local endpoints on ${node ?? 'this node'}` };
      return { kind: 'refused', service: hit.key, detail: `service ${hit.key} has no endpoints` };
    }
    return { kind: 'endpoint', service: hit.key, endpoint: this.pick(svc, hit.key, hit.port, candidates, client) };
  }

  private pick(svc: Service, key: string, port: ServicePort, candidates: ProxyEndpoint[], client: Client): ProxyEndpoint {
    if (svc.spec.sessionAffinity !== 'ClientIP') return candidates[this.rng.int(candidates.length)]!;
    const timeout = (svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) * 1000;
    const akey = `${key}/${port.name ?? ''}/${client.ip}`;
    const now = this.clock.now();
    const seen = this.affinity.get(akey);
    const sticky = seen && now - seen.lastUsed < timeout ? candidates.find((e) => `${e.ip}:${e.port}` === seen.endpoint) : undefined;
    const chosen = sticky ?? candidates[this.rng.int(candidates.length)]!;
    this.affinity.set(akey, { endpoint: `${chosen.ip}:${chosen.port}`, lastUsed: now });
    return chosen;
  }
}

/** Addresses that reach the Service from outside on its own ports: load balancer ingress and externalIPs. */
function externalAddresses(svc: Service): string[] {
  const lb = (svc.status.loadBalancer.ingress ?? []).flatMap((ing) => (ing.ip ? [ing.ip] : []));
  return [...lb, ...(svc.spec.externalIPs ?? [])];
}

/** Endpoints per Service port name, from the Service's IPv4 slices. */
function endpointsByPort(svc: Service, slices: readonly EndpointSlice[]): Map<string, ProxyEndpoint[]> {
  const out = new Map<string, ProxyEndpoint[]>();
  for (const sp of svc.spec.ports ?? []) out.set(sp.name ?? '', []);
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    for (const p of slice.ports ?? []) {
      const list = out.get(p.name);
      if (!list || p.port === undefined || p.protocol !== 'TCP') continue;
      for (const ep of slice.endpoints) {
        const c = ep.conditions;
        const ref = ep.targetRef;
        list.push(
          new SliceEndpoint(
            ep.addresses[0]!,
            p.port,
            // Unset conditions mean ready and serving, as the API documents.
            c.ready !== false,
            c.serving ?? c.ready !== false,
            c.terminating === true,
            ref?.namespace ?? slice.metadata.namespace,
            ref?.name || undefined,
            ep.nodeName || undefined,
          ),
        );
      }
    }
  }
  return out;
}
