/**
 * The `kubernetes` Service: how Pods reach the API server. The API server itself keeps it (pkg/controlplane
 * /controller/kubernetesservice and reconcilers/endpointsadapter.go): a selectorless ClusterIP Service in
 * `default` holding the first address of the service CIDR, and an Endpoints and an EndpointSlice, both named
 * `kubernetes`, listing the API server's own address. On kind that is the control-plane container's address
 * on the `kind` docker network, 172.18.0.2, port 6443. Idempotent: objects that exist are left as they are.
 */
import type { Store } from '../store/store.js';

export interface KubernetesServiceOptions {
  /** The API server's advertised address. */
  apiServerAddress?: string;
  /** The port it serves on. */
  apiServerPort?: number;
  /** The first address of the service CIDR. */
  clusterIP?: string;
}

const WRITE = { actor: 'kube-apiserver', reason: 'bootstrap the kubernetes Service' };

export function createKubernetesService(store: Store, opts: KubernetesServiceOptions = {}): void {
  const address = opts.apiServerAddress ?? '172.18.0.2';
  const port = opts.apiServerPort ?? 6443;
  if (!store.get('Service', 'default', 'kubernetes')) {
    store.create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: {
          type: 'ClusterIP',
          clusterIP: opts.clusterIP ?? '10.96.0.1',
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
          sessionAffinity: 'None',
        },
      },
      WRITE,
    );
  }
  if (!store.get('Endpoints', 'default', 'kubernetes')) {
    store.create(
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        // The API server keeps the EndpointSlice itself; the mirroring controller must not copy it.
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets: [{ addresses: [{ ip: address }], ports: [{ name: 'https', port, protocol: 'TCP' }] }],
      },
      WRITE,
    );
  }
  if (!store.get('EndpointSlice', 'default', 'kubernetes')) {
    store.create(
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [address], conditions: { ready: true } }],
        ports: [{ name: 'https', port, protocol: 'TCP' }],
      },
      WRITE,
    );
  }
}
