/**
 * The benchmark workload: a cluster of fake nodes, Deployments with a Service each, and a tracker that
 * knows, in O(1) per watch event, how many pods are Ready and how many Services have every ready pod in
 * their EndpointSlices. Shared by the envelope, curve and rollout suites.
 */
import { createCluster, type Cluster } from '../src/cluster.js';
import type { Pod } from '../src/api/pod.js';
import type { EndpointSlice } from '../src/api/endpointslice.js';

export const SEED = 1;

export interface Shape {
  nodes: number;
  deployments: number;
  replicas: number;
}

/** Kubernetes' documented limits: 5,000 nodes and 150,000 pods, as 1,500 Deployments of 100. */
export function envelopeShape(scale: number): Shape {
  return {
    nodes: Math.max(1, Math.round(5000 * scale)),
    deployments: Math.max(1, Math.round(1500 * scale)),
    replicas: 100,
  };
}

export function deploymentManifest(name: string, replicas: number, image = 'app:1.0', maxSurge = '25%') {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image,
              ports: [{ containerPort: 8080 }],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
    },
  };
}

export function serviceManifest(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

// The tracker runs on every pod and slice event of the run: loops by index, which make no iterator
// objects, keep its own cost out of the figures.
function isReady(pod: Pod): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const conditions = pod.status?.conditions;
  if (conditions) for (let i = 0; i < conditions.length; i++) if (conditions[i]!.type === 'Ready') return conditions[i]!.status === 'True';
  return false;
}

function readyEndpoints(slice: EndpointSlice): number {
  const endpoints = slice.endpoints;
  let n = 0;
  if (endpoints) for (let i = 0; i < endpoints.length; i++) if (endpoints[i]!.conditions?.ready !== false) n++;
  return n;
}

/**
 * Follows the cluster through watches: Ready pods (of a given image, when asked) and ready endpoints per
 * Service. `done()` is O(1).
 */
export class Tracker {
  private readonly ready = new Set<string>();
  private readonly sliceReady = new Map<string, number>();
  private readonly serviceReady = new Map<string, number>();
  private servicesComplete = 0;

  constructor(
    cluster: Cluster,
    private readonly shape: Shape,
    private readonly image?: string,
  ) {
    cluster.store.watch('Pod', {}, (e) => this.onPod(e.type, e.object as Pod));
    cluster.store.watch('EndpointSlice', {}, (e) => this.onSlice(e.type, e.object as EndpointSlice));
  }

  private onPod(type: string, pod: Pod): void {
    const uid = pod.metadata.uid!;
    const counts = type !== 'DELETED' && isReady(pod) && (!this.image || pod.spec.containers[0]!.image === this.image);
    if (counts) this.ready.add(uid);
    else this.ready.delete(uid);
  }

  private onSlice(type: string, slice: EndpointSlice): void {
    const service = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!service || service === 'kubernetes') return;
    const before = this.sliceReady.get(slice.metadata.uid!) ?? 0;
    const after = type === 'DELETED' ? 0 : readyEndpoints(slice);
    if (type === 'DELETED') this.sliceReady.delete(slice.metadata.uid!);
    else this.sliceReady.set(slice.metadata.uid!, after);
    const old = this.serviceReady.get(service) ?? 0;
    const now = old - before + after;
    this.serviceReady.set(service, now);
    const want = this.shape.replicas;
    if (old === want && now !== want) this.servicesComplete--;
    if (old !== want && now === want) this.servicesComplete++;
  }

  readyPods(): number {
    return this.ready.size;
  }

  done(): boolean {
    return this.ready.size === this.shape.deployments * this.shape.replicas && this.servicesComplete === this.shape.deployments;
  }
}

/** A cluster of `shape.nodes` nodes with generous capacity (110 pods each, as Kubernetes' default). */
export function newCluster(shape: Shape): Cluster {
  return createCluster({ seed: SEED, nodes: shape.nodes });
}

/** Creates every Deployment and its Service, as `kubectl apply` would send them to the API server. */
export function applyWorkload(cluster: Cluster, shape: Shape): void {
  for (let i = 0; i < shape.deployments; i++) {
    const name = `app-${i}`;
    cluster.store.create(deploymentManifest(name, shape.replicas), { actor: 'kubectl', reason: 'kubectl apply' });
    cluster.store.create(serviceManifest(name), { actor: 'kubectl', reason: 'kubectl apply' });
  }
}
