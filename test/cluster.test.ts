import { describe, expect, it } from 'vitest';
import { createCluster } from '../src/index.js';

describe('createCluster', () => {
  it('starts with the system namespaces at its epoch', () => {
    const cluster = createCluster({ seed: 3, epoch: '2025-03-01T00:00:00Z' });
    expect(cluster.store.items('Namespace').map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(cluster.store.mustGet('Namespace', undefined, 'default').metadata.creationTimestamp).toBe('2025-03-01T00:00:00Z');
  });

  it('gives the same objects for the same seed and different uids for another seed', () => {
    const make = (seed: number) => {
      const c = createCluster({ seed });
      c.advance('1m');
      c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'settings-' }, data: { a: '1' } });
      return JSON.stringify(c.store.items('ConfigMap'));
    };
    expect(make(7)).toBe(make(7));
    expect(make(7)).not.toBe(make(8));
  });

  it('runs until a condition holds, on simulated time', () => {
    const cluster = createCluster();
    cluster.clock.schedule('90s', () => {
      cluster.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ready' } });
    });
    const res = cluster.runUntil((c) => c.store.get('ConfigMap', 'default', 'ready') !== undefined, { timeout: '5m' });
    expect(res).toEqual({ ok: true, elapsed: 90_000 });
    expect(cluster.runUntil(() => false, { timeout: '10s' })).toEqual({ ok: false, elapsed: 10_000 });
  });
});
