import { describe, expect, it } from 'vitest';
import { ReplicaSetController } from '../../../src/controllers/replicaset/index.js';
import { formatTimestamp } from '../../../src/api/meta.js';
import { Rng } from '../../../src/sim/rng.js';
import { newStore, pod } from '../../store/helpers.js';

function setup(replicas = 3, minReadySeconds = 0) {
  const { store, clock } = newStore();
  const controller = new ReplicaSetController({ store, clock, rng: new Rng(1).fork('replicaset-controller') });
  controller.start();
  store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-7d8f9c6b4' },
    spec: {
      replicas,
      minReadySeconds,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d8f9c6b4' } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': '7d8f9c6b4' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  });
  const rs = () => store.mustGet('ReplicaSet', 'default', 'web-7d8f9c6b4');
  const pods = () => store.items('Pod', { labelSelector: 'app=web' });
  const setReplicas = (n: number) => store.update({ kind: 'ReplicaSet', name: 'web-7d8f9c6b4' }, (d) => void (d.spec.replicas = n));
  const markReady = (name: string) =>
    store.updateStatus({ kind: 'Pod', name }, (p) => {
      p.status!.phase = 'Running';
      p.status!.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: formatTimestamp(clock.now()) }];
    });
  return { store, clock, controller, rs, pods, setReplicas, markReady };
}

describe('ReplicaSetController', () => {
  it('creates the missing pods from the template, named after the ReplicaSet and owned by it', () => {
    const { store, clock, rs, pods } = setup(3);
    clock.advance('1s');
    const all = pods();
    expect(all).toHaveLength(3);
    for (const p of all) {
      expect(p.metadata.name).toMatch(/^web-7d8f9c6b4-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': '7d8f9c6b4' });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d8f9c6b4', uid: rs().metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    expect(rs().status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    const created = store.items('Event').filter((e) => e.reason === 'SuccessfulCreate');
    expect(created.map((e) => e.message).sort()).toEqual(all.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(store.trace.entries().filter((e) => e.kind === 'Pod' && e.verb === 'create').every((e) => e.actor === 'replicaset-controller')).toBe(true);
  });

  it('counts ready pods and deletes not-ready ones first when scaled down', () => {
    const { clock, rs, pods, setReplicas, markReady } = setup(3);
    clock.advance('1s');
    const [a, b] = pods();
    markReady(a!.metadata.name!);
    markReady(b!.metadata.name!);
    clock.advance('1s');
    expect(rs().status).toMatchObject({ replicas: 3, readyReplicas: 2, availableReplicas: 2 });
    setReplicas(2);
    clock.advance('1s');
    expect(pods().map((p) => p.metadata.name).sort()).toEqual([a!.metadata.name, b!.metadata.name].sort());
    expect(rs().status).toMatchObject({ replicas: 2, readyReplicas: 2, observedGeneration: 2 });
  });

  it('replaces a pod that is terminating or gone', () => {
    const { store, clock, pods } = setup(2);
    clock.advance('1s');
    const victim = pods()[0]!;
    store.delete({ kind: 'Pod', name: victim.metadata.name! });
    clock.advance('1s');
    expect(pods()).toHaveLength(2);
    expect(pods().map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
  });

  it('does not count a terminating pod, and creates a replacement while it terminates', () => {
    const { store, clock, pods } = setup(1);
    clock.advance('1s');
    const victim = pods()[0]!;
    store.bind({ name: victim.metadata.name! }, 'node-1');
    store.delete({ kind: 'Pod', name: victim.metadata.name! });
    clock.advance('1s');
    const all = pods();
    expect(all).toHaveLength(2);
    expect(all.filter((p) => p.metadata.deletionTimestamp === undefined)).toHaveLength(1);
  });

  it('adopts an orphan that matches its selector instead of creating one more', () => {
    const { store, clock, rs, pods } = setup(0);
    store.create(pod('stray', { labels: { app: 'web', 'pod-template-hash': '7d8f9c6b4' } }));
    store.update({ kind: 'ReplicaSet', name: 'web-7d8f9c6b4' }, (d) => void (d.spec.replicas = 1));
    clock.advance('1s');
    expect(pods().map((p) => p.metadata.name)).toEqual(['stray']);
    expect(store.mustGet('Pod', 'default', 'stray').metadata.ownerReferences?.[0]?.uid).toBe(rs().metadata.uid);
  });

  it('releases a pod whose labels stop matching, and replaces it', () => {
    const { store, clock, pods } = setup(1);
    clock.advance('1s');
    const name = pods()[0]!.metadata.name!;
    store.update({ kind: 'Pod', name }, (p) => void (p.metadata.labels = { app: 'debug' }));
    clock.advance('1s');
    expect(store.mustGet('Pod', 'default', name).metadata.ownerReferences).toBeUndefined();
    expect(pods()).toHaveLength(1);
    expect(pods()[0]!.metadata.name).not.toBe(name);
  });

  it('counts a pod available only after minReadySeconds, looking again exactly then', () => {
    const { clock, rs, pods, markReady } = setup(1, 10);
    clock.advance('1s');
    markReady(pods()[0]!.metadata.name!);
    clock.advance('5s');
    expect(rs().status).toMatchObject({ readyReplicas: 1 });
    expect(rs().status?.availableReplicas).toBeUndefined();
    clock.advance('6s');
    expect(rs().status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
  });

  it('stops creating at the first failure and says why', () => {
    const { store, clock, pods } = setup(0);
    store.delete({ kind: 'Namespace', name: 'default' });
    store.update({ kind: 'ReplicaSet', name: 'web-7d8f9c6b4' }, (d) => void (d.spec.replicas = 5));
    clock.advance('1s');
    expect(pods()).toHaveLength(0);
  });
});
