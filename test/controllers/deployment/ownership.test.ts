/** Which ReplicaSets a Deployment owns: adoption, release, hash collisions, and a Deployment being deleted. */
import { describe, expect, it } from 'vitest';
import { computeHash } from '../../../src/controllers/deployment/util/hash.js';
import { deploymentManifest, world } from './harness.js';

describe('ReplicaSet ownership', () => {
  it('adopts an orphan ReplicaSet its selector matches, and releases one of its own that stops matching', () => {
    const w = world({ readyAfter: 1000 });
    const labels = { app: 'web', 'pod-template-hash': 'manual' };
    w.store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-manual', labels },
      spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app:0' }] } } },
    });
    w.store.create(deploymentManifest('web', 2, 'app:1'));
    w.clock.advance('30s');
    const adopted = w.store.mustGet('ReplicaSet', 'default', 'web-manual');
    expect(adopted.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    // The adopted ReplicaSet is an old one: scaled away as the Deployment rolls out its own template.
    expect(adopted.spec.replicas).toBe(0);
    const own = w.newRS()!;
    w.store.update({ kind: 'ReplicaSet', name: own.metadata.name! }, (r) => void (r.metadata.labels = { app: 'other' }));
    w.clock.advance('1s');
    expect(w.store.mustGet('ReplicaSet', 'default', own.metadata.name!).metadata.ownerReferences).toBeUndefined();
  });

  it('a pod-template-hash collision bumps status.collisionCount and names the new ReplicaSet with the next hash', () => {
    const w = world({ readyAfter: 1000 });
    w.store.create(deploymentManifest('web', 1, 'app:1', { paused: true }));
    const template = w.get().spec.template;
    const hash = computeHash(template);
    const other = { app: 'squatter' };
    w.store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `web-${hash}`, labels: other },
      spec: { replicas: 0, selector: { matchLabels: other }, template: { metadata: { labels: other }, spec: { containers: [{ name: 'app', image: 'app:0' }] } } },
    });
    w.setPaused(false);
    w.clock.advance('10s');
    expect(w.get().status?.collisionCount).toBe(1);
    expect(w.newRS()!.metadata.name).toBe(`web-${computeHash(template, 1)}`);
    expect(w.readyPods()).toHaveLength(1);
  });

  it('a Deployment being deleted only reports status', () => {
    const w = world({ readyAfter: 1000 });
    w.store.create({ ...deploymentManifest('web', 2, 'app:1'), metadata: { name: 'web', finalizers: ['example.com/hold'] } });
    w.clock.advance('10s');
    w.store.delete({ kind: 'Deployment', name: 'web' });
    w.setImage('app:2');
    w.clock.advance('10s');
    expect(w.replicaSets()).toHaveLength(1);
    expect(w.get().status).toMatchObject({ replicas: 2, availableReplicas: 2 });
  });
});
