/** A Store + Clock with the Service registry installed, and pods whose status tests set directly. */
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
