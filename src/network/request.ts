/**
 * One HTTP request through the simulated network, the way a client's request travels in a cluster: the
 * host name through cluster DNS (dns.ts), the Service's virtual IP, node port or load balancer address
 * through kube-proxy's rules (proxy.ts), and finally the chosen pod's answer through the PodNetwork
 * (reply.ts), which the kubelets implement. Guarantees: deterministic for a seed (every random choice is
 * the Rng's); the result says which pod answered, or why nothing did, in a client's words. A malformed URL
 * or an unknown client is an Error naming what was expected. Cost: one DNS lookup and one route.
 */
import type { Store } from '../store/store.js';
import type { Clock } from '../sim/clock.js';
import type { Duration } from '../sim/duration.js';
import type { Rng } from '../sim/rng.js';
import { DnsError, resolve, type DnsAnswer } from './dns.js';
import { KubeProxy, type Client } from './proxy.js';
import { parseCidr, parseIPv4, type Cidr } from './allocator.js';
import type { ConnectError, PodNetwork } from '../sim/reply.js';
import { DEFAULT_SERVICE_CIDR } from './service-registry.js';

/** Why a request failed: a connection error, or a name that does not resolve. */
export type RequestError = ConnectError | 'could not resolve host';

export interface RequestFrom {
  /** The client Pod (its address, node and namespace are used). */
  pod?: string;
  /** The client's namespace, for short names. Default `default`, or the Pod's. */
  namespace?: string;
  /** The client's address, for session affinity. Default the Pod's, else 10.244.0.254. */
  ip?: string;
  /** A client outside the cluster: no cluster DNS, no cluster IPs; node ports and load balancers only. */
  outside?: boolean;
}

interface Where {
  /** The Service that routed the request, `namespace/name`. */
  service?: string;
  /** The pod that answered (or should have), `namespace/name`. */
  pod?: string;
  /** The `ip:port` the connection went to. */
  endpoint?: string;
  /** Simulated time of the request. */
  time: number;
}

export type RequestResult =
  | ({ ok: true; status: number; body: string } & Where)
  | ({ ok: false; error: RequestError; detail: string } & Where);

export interface ServiceNetworkOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  podNetwork: PodNetwork;
  /** kube-proxy's sync delay (proxy.ts). Default 1 s. */
  proxySyncDelay?: Duration;
  /** The service CIDR: an address in it without a proxy rule leads nowhere (a timeout). */
  serviceCIDR?: string;
}

const DEFAULT_CLIENT_IP = '10.244.0.254';
const URL_PATTERN = /^http:\/\/([a-zA-Z0-9.-]+)(?::(\d+))?(\/[^\s]*)?$/;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** An `http://host[:port][/path]` URL; anything else is an Error naming `who` and the expected shape. */
export function parseRequestUrl(url: unknown, who: string): { host: string; port: number; path: string } {
  const m = typeof url === 'string' ? URL_PATTERN.exec(url) : null;
  if (!m) throw new Error(`${who}: url must look like http://host[:port][/path], got ${JSON.stringify(url)}`);
  const [, host, portText, path] = m as unknown as [string, string, string | undefined, string | undefined];
  const port = portText === undefined ? 80 : Number(portText);
  if (!(port >= 1 && port <= 65535)) throw new Error(`${who}: port must be between 1 and 65535, got ${portText} in ${url as string}`);
  return { host, port, path: path ?? '/' };
}

function inCidr(cidr: Cidr, ip: string): boolean {
  const n = parseIPv4(ip);
  const size = 2 ** (32 - cidr.prefix);
  return n !== undefined && n >= cidr.network && n < cidr.network + size;
}

/** The data plane: cluster DNS, kube-proxy and the pods' network, behind `request`. */
export class ServiceNetwork {
  readonly proxy: KubeProxy;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly pods: PodNetwork;
  private readonly serviceCIDR: Cidr;

  constructor(opts: ServiceNetworkOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.rng = opts.rng.fork('client');
    this.pods = opts.podNetwork;
    this.serviceCIDR = parseCidr(opts.serviceCIDR ?? DEFAULT_SERVICE_CIDR);
    this.proxy = new KubeProxy({
      store: opts.store,
      clock: opts.clock,
      rng: opts.rng.fork('kube-proxy'),
      ...(opts.proxySyncDelay !== undefined ? { syncDelay: opts.proxySyncDelay } : {}),
    });
  }

  start(): void {
    this.proxy.start();
  }

  stop(): void {
    this.proxy.stop();
  }

  /** Cluster DNS as a Pod in `namespace` sees it. */
  resolve(name: string, namespace = 'default'): DnsAnswer {
    return resolve(this.store, name, namespace);
  }

  /** An HTTP GET of `url` (`http://web`, `http://web.shop:8080/healthz`, `http://172.18.0.3:30080/`). */
  request(url: string, opts: { from?: RequestFrom } = {}): RequestResult {
    const { host, port, path } = parseRequestUrl(url, 'request');
    const client = this.client(opts.from ?? {});
    const time = this.clock.now();
    const fail = (error: RequestError, detail: string, where: Partial<Where> = {}): RequestResult => ({ ok: false, error, detail, time, ...where });

    let ip = host;
    if (!IPV4.test(host)) {
      if (client.outside) return fail('could not resolve host', `Could not resolve host: ${host} (cluster DNS answers only inside the cluster)`);
      let answer: DnsAnswer;
      try {
        answer = resolve(this.store, host, client.namespace);
      } catch (e) {
        if (e instanceof DnsError) return fail('could not resolve host', `Could not resolve host: ${host}`);
        throw e;
      }
      if (answer.type === 'CNAME') {
        return fail('could not resolve host', `Could not resolve host: ${answer.target} (${host} is an alias for a name outside the simulated cluster)`);
      }
      // CoreDNS shuffles a headless Service's records; the client takes the first.
      ip = answer.addresses.length === 1 ? answer.addresses[0]! : answer.addresses[this.rng.int(answer.addresses.length)]!;
    }
    return this.connect(ip, port, path, client, fail);
  }

  private connect(
    ip: string,
    port: number,
    path: string,
    client: Client & { outside: boolean },
    fail: (error: RequestError, detail: string, where?: Partial<Where>) => RequestResult,
  ): RequestResult {
    const time = this.clock.now();
    const nodeName = this.nodeWithAddress(ip);
    const viaProxy = client.outside ? this.proxy.lookup(ip, port, nodeName)?.via !== 'clusterIP' : true;
    const route = viaProxy ? this.proxy.route(ip, port, client, nodeName) : ({ kind: 'none' } as const);
    if (route.kind === 'refused') return fail('connection refused', route.detail, { service: route.service });
    if (route.kind === 'dropped') return fail('timeout', route.detail, { service: route.service });
    if (route.kind === 'endpoint') {
      const ep = route.endpoint;
      const where = { service: route.service, endpoint: `${ep.ip}:${ep.port}`, ...(ep.pod ? { pod: ep.pod } : {}) };
      const reply = this.pods.httpGet(ep.ip, ep.port, path);
      if (reply.ok) return { ok: true, status: reply.status, body: reply.body, time, ...where };
      return fail(reply.error, reply.detail ?? `${reply.error} from ${where.endpoint}`, where);
    }
    if (nodeName) return fail('connection refused', `nothing listens on port ${port} of node ${nodeName}`);
    if (client.outside) return fail('no route to host', `${ip} is not reachable from outside the cluster`);
    if (inCidr(this.serviceCIDR, ip)) {
      // A virtual IP with no rule (yet): the packets leave for the default route and are never answered.
      return fail('timeout', `no kube-proxy rule for ${ip}:${port}`);
    }
    const reply = this.pods.httpGet(ip, port, path);
    if (reply.ok) return { ok: true, status: reply.status, body: reply.body, time, endpoint: `${ip}:${port}` };
    return fail(reply.error, reply.detail ?? `${reply.error} from ${ip}:${port}`, { endpoint: `${ip}:${port}` });
  }

  private client(from: RequestFrom): Client & { namespace: string; outside: boolean } {
    if (from.pod !== undefined) {
      const namespace = from.namespace ?? 'default';
      const pod = this.store.get('Pod', namespace, from.pod);
      if (!pod) throw new Error(`request: from.pod "${from.pod}" not found in namespace "${namespace}"`);
      const ip = from.ip ?? pod.status?.podIP;
      if (!ip) throw new Error(`request: from.pod "${from.pod}" has no IP yet; wait until it is running`);
      return { ip, namespace, outside: false, ...(pod.spec.nodeName ? { node: pod.spec.nodeName } : {}) };
    }
    return { ip: from.ip ?? (from.outside ? '172.18.0.1' : DEFAULT_CLIENT_IP), namespace: from.namespace ?? 'default', outside: from.outside === true };
  }

  private nodeWithAddress(ip: string): string | undefined {
    for (const node of this.store.items('Node', {})) {
      if (node.status?.addresses?.some((a) => a.address === ip)) return node.metadata.name;
    }
    return undefined;
  }
}
