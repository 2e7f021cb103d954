/**
 * The zero-downtime proof: a rolling update under constant traffic, measured, not claimed. The same
 * rollout to an image that needs 5 s to warm up, three ways.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index.js';

function rollout(opts: { readinessProbe: boolean; preStop: boolean }) {
  const cluster = createCluster({ seed: 21, nodes: 3, images: { 'shop:2.0': { readyAfter: '5s' } } });
  cluster.apply(`apiVersion: apps/v1
kind: Deployment
metadata: { name: shop }
spec:
  replicas: 3
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
  selector: { matchLabels: { app: shop } }
  template:
    metadata: { labels: { app: shop } }
    spec:
      containers:
      - name: web
        image: shop:1.0
        ports: [{ containerPort: 8080 }]
${opts.readinessProbe ? '        readinessProbe: { httpGet: { path: /healthz, port: 8080 }, periodSeconds: 2 }\n' : ''}${opts.preStop ? '        lifecycle: { preStop: { sleep: { seconds: 5 } } }\n' : ''}---
apiVersion: v1
kind: Service
metadata: { name: shop }
spec:
  selector: { app: shop }
  ports: [{ port: 80, targetPort: 8080 }]
`);
  cluster.advance('30s');
  const run = cluster.traffic({ url: 'http://shop/', rps: 50, duration: '90s' });
  cluster.advance('5s');
  cluster.kubectl('set image deployment/shop web=shop:2.0');
  cluster.advance('90s');
  const d = cluster.deployment('shop').status!;
  expect([d.updatedReplicas, d.availableReplicas, d.replicas]).toEqual([3, 3, 3]);
  return run.summary();
}

describe('a rolling update under traffic', () => {
  it('without a readiness probe sends requests to pods still warming up: failed requests, counted', () => {
    const s = rollout({ readinessProbe: false, preStop: false });
    expect(s.sent).toBe(4500);
    expect(s.failures['connection refused']).toBeGreaterThan(50);
    expect(s.failed).toBe(s.sent - s.succeeded);
  });

  it('with a readiness probe and maxUnavailable 0 no request meets a cold pod; the few left meet a pod already stopping', () => {
    const noProbe = rollout({ readinessProbe: false, preStop: false });
    const probe = rollout({ readinessProbe: true, preStop: false });
    expect(probe.failed).toBeGreaterThan(0);
    expect(probe.failed).toBeLessThan(noProbe.failed / 3);
  });

  it('with a readiness probe, maxUnavailable 0 and a preStop sleep: zero failed requests', () => {
    const s = rollout({ readinessProbe: true, preStop: true });
    expect(s).toMatchObject({ sent: 4500, succeeded: 4500, failed: 0 });
    expect(Object.keys(s.byPod)).toHaveLength(6);
  });
});
