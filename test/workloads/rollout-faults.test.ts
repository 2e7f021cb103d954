/**
 * Rollouts on a whole cluster — scheduler, kubelets, node lifecycle and the workload controllers
 * together — when a node dies in the middle.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/index.js';

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
      - name: api
        image: myapp:1.0
        ports: [{ containerPort: 8000 }]
        readinessProbe:
          httpGet: { path: /healthz, port: 8000 }
          periodSeconds: 5
`;

function converged(c: Cluster, image: string, replicas: number): boolean {
  const d = c.deployment('api');
  const s = d.status ?? {};
  if (s.observedGeneration !== d.metadata.generation) return false;
  if (s.updatedReplicas !== replicas || s.availableReplicas !== replicas || s.replicas !== replicas) return false;
  const live = c.store.list('Pod', { namespace: 'default', labelSelector: 'app=api' }).items.filter((p) => !p.metadata.deletionTimestamp);
  return live.length === replicas && live.every((p) => p.spec.containers[0]!.image === image);
}

describe('a node crash in the middle of a rollout', () => {
  it('still converges once the lost pods are evicted and replaced on the nodes that are left', () => {
    const cluster = createCluster({ seed: 4, nodes: 3, images: { 'myapp:2.0': { readyAfter: '10s' } } });
    cluster.apply(deployment(6));
    expect(cluster.runUntil((c) => converged(c, 'myapp:1.0', 6), { timeout: '2m' }).ok).toBe(true);

    cluster.kubectl('set image deployment/api api=myapp:2.0');
    cluster.advance('15s');
    const victim = cluster.store.list('Pod', { namespace: 'default', labelSelector: 'app=api' }).items.find((p) => p.spec.nodeName)!.spec.nodeName!;
    cluster.crashNode(victim);

    // Before the node is declared lost and its pods evicted (50 s + 300 s), the rollout cannot finish:
    // the pods on the dead node still count until they are deleted.
    const res = cluster.runUntil((c) => converged(c, 'myapp:2.0', 6), { timeout: '15m' });
    expect(res.ok).toBe(true);
    expect(res.elapsed).toBeGreaterThan(300_000);
    const live = cluster.store.list('Pod', { namespace: 'default', labelSelector: 'app=api' }).items.filter((p) => !p.metadata.deletionTimestamp);
    expect(live.every((p) => p.spec.nodeName !== victim)).toBe(true);
    expect(cluster.kubectl('rollout status deployment/api --timeout=1s').stdout).toBe('deployment "api" successfully rolled out\n');
  });

  it('a bare pod on the crashed node is never recreated, while the Deployment replaces its own', () => {
    const cluster = createCluster({ seed: 8, nodes: 2 });
    cluster.apply(deployment(2));
    cluster.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\nspec:\n  nodeName: node-1\n  containers: [{name: c, image: myapp:1.0}]\n');
    cluster.advance('30s');
    cluster.crashNode('node-1');
    cluster.advance('7m');
    expect(cluster.pod('bare').metadata.deletionTimestamp).toBeDefined();
    cluster.removeNode('node-1');
    cluster.advance('2m');
    expect(cluster.store.get('Pod', 'default', 'bare')).toBeUndefined();
    expect(converged(cluster, 'myapp:1.0', 2)).toBe(true);
  });
});
