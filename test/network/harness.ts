/** A Store + Clock with the Service registry installed, and pods whose status tests set directly. */
import { EndpointSliceController } from '../../src/controllers/endpointslice/index.js';
import { ServiceNetwork } from '../../src/network/request.js';
import { ServiceRegistry } from '../../src/network/service-registry.js';
import { Clock } from '../../src/sim/clock.js';
import { Rng } from '../../src/sim/rng.js';
import { Store } from '../../src/store/store.js';

export function newCluster(seed = 1) {
  const clock = new Clock();
  const rng = new Rng(seed);
  const registry = new ServiceRegistry({ rng: rng.fork('service-registry') });
  const store = new Store({ clock, rng: rng.fork('apiserver'), strategies: { Service: registry.strategy } });
  return { clock, rng, store, registry };
}

export type Cluster = ReturnType<typeof newCluster>;

export function service(name: string, spec: Record<string, unknown> = {}, namespace = 'default') {
  return {
    apiVersion: 'v1',
    kind: 'Service' as const,
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
  };
}

export function addNode(store: Store, name: string, zone?: string): void {
  store.create({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(zone ? { labels: { 'topology.kubernetes.io/zone': zone } } : {}) },
  });
}

export interface PodOpts {
  labels?: Record<string, string>;
  node?: string;
  ip?: string;
  ready?: boolean;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  namespace?: string;
  hostname?: string;
  subdomain?: string;
}

/** Creates a pod bound to `node` and, when `ip` is given, Running with that IP and the given readiness. */
export function addPod(store: Store, name: string, o: PodOpts = {}): void {
  const namespace = o.namespace ?? 'default';
  store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: o.labels ?? { app: 'web' } },
    spec: {
      nodeName: o.node ?? 'node-1',
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
      containers: [{ name: 'app', image: 'nginx:1.27', ports: o.ports ?? [{ name: 'http', containerPort: 8080 }] }],
    },
  });
  if (o.ip) setPodStatus(store, name, o.ip, o.ready ?? true, namespace);
}

export function setPodStatus(store: Store, name: string, ip: string, ready: boolean, namespace = 'default'): void {
  store.updateStatus({ kind: 'Pod', namespace, name }, (d) => {
    d.status = {
      ...d.status,
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [
        { type: 'Ready', status: ready ? 'True' : 'False' },
        { type: 'ContainersReady', status: ready ? 'True' : 'False' },
      ],
    } as typeof d.status;
  });
}

/** A PodNetwork where the listed pod IPs answer on their port; every other IP has no host behind it. */
export class FakePodNetwork {
  readonly listening = new Map<string, { port: number; status: number; body: string }>();
  readonly calls: string[] = [];

  serve(ip: string, port = 8080, status = 200, body = `hello from ${ip}`): void {
    this.listening.set(ip, { port, status, body });
  }

  httpGet(ip: string, port: number, path: string) {
    this.calls.push(`${ip}:${port}${path}`);
    const l = this.listening.get(ip);
    if (!l) return { ok: false as const, error: 'no route to host' as const };
    if (l.port !== port) return { ok: false as const, error: 'connection refused' as const };
    return { ok: true as const, status: l.status, body: l.body };
  }

  tcpConnect(ip: string, port: number) {
    const l = this.listening.get(ip);
    if (!l) return { ok: false as const, error: 'no route to host' as const };
    return l.port === port ? { ok: true as const, status: 0, body: '' } : { ok: false as const, error: 'connection refused' as const };
  }
}

/** Pods web-0..n-1 on node-1/node-2 alternately, serving on 8080, behind Service web (80 → 8080). */
export function trafficCluster(pods = 3, seed = 1) {
  const c = newCluster(seed);
  addNode(c.store, 'node-1');
  addNode(c.store, 'node-2');
  for (const [name, ip] of [['node-1', '172.18.0.3'], ['node-2', '172.18.0.4']] as const) {
    c.store.updateStatus({ kind: 'Node', name }, (d) => {
      d.status = { ...d.status, addresses: [{ type: 'InternalIP', address: ip }] };
    });
  }
  new EndpointSliceController({ store: c.store, clock: c.clock, rng: c.rng.fork('eps') }).start();
  const podNetwork = new FakePodNetwork();
  const net = new ServiceNetwork({ store: c.store, clock: c.clock, rng: c.rng.fork('net'), podNetwork });
  net.start();
  for (let i = 0; i < pods; i++) {
    const ip = `10.244.${1 + (i % 2)}.${10 + i}`;
    addPod(c.store, `web-${i}`, { ip, node: `node-${1 + (i % 2)}` });
    podNetwork.serve(ip);
  }
  return { ...c, podNetwork, net };
}

