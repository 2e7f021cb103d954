import { describe, expect, it } from 'vitest';
import { GarbageCollector } from '../../../src/controllers/garbagecollector/index.js';
import { ReplicaSetController } from '../../../src/controllers/replicaset/index.js';
import { Rng } from '../../../src/sim/rng.js';
import { configMap, newStore } from '../../store/helpers.js';

function setup() {
  const { store, clock } = newStore();
  const rng = new Rng(1);
  new GarbageCollector({ store, clock, rng: rng.fork('gc') }).start();
  new ReplicaSetController({ store, clock, rng: rng.fork('rs') }).start();
  store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  });
  clock.advance('1s');
  const pods = () => store.items('Pod', { labelSelector: 'app=web' });
  return { store, clock, pods };
}

describe('GarbageCollector', () => {
  it('deletes what an owner owned once the owner is gone (background, the default)', () => {
    const { store, clock, pods } = setup();
    expect(pods()).toHaveLength(3);
    store.delete({ kind: 'ReplicaSet', name: 'web' });
    clock.advance('1s');
    expect(pods()).toHaveLength(0);
    expect(store.trace.entries().filter((e) => e.kind === 'Pod' && e.verb === 'delete').every((e) => e.actor === 'garbage-collector')).toBe(true);
  });

  it('orphans the dependents with propagationPolicy Orphan: they stay, without the reference', () => {
    const { store, clock, pods } = setup();
    store.delete({ kind: 'ReplicaSet', name: 'web' }, { propagationPolicy: 'Orphan' });
    clock.advance('1s');
    expect(store.get('ReplicaSet', 'default', 'web')).toBeUndefined();
    expect(pods()).toHaveLength(3);
    expect(pods().every((p) => p.metadata.ownerReferences === undefined)).toBe(true);
  });

  it('keeps a foreground-deleted owner until its blocking dependents are gone', () => {
    const { store, clock, pods } = setup();
    for (const p of pods()) store.bind({ name: p.metadata.name! }, 'node-1');
    store.delete({ kind: 'ReplicaSet', name: 'web' }, { propagationPolicy: 'Foreground' });
    clock.advance('1s');
    // Bound pods terminate gracefully; the ReplicaSet waits for them.
    expect(store.get('ReplicaSet', 'default', 'web')?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(pods().every((p) => p.metadata.deletionTimestamp !== undefined)).toBe(true);
    for (const p of pods()) store.delete({ kind: 'Pod', name: p.metadata.name! }, { gracePeriodSeconds: 0 });
    clock.advance('1s');
    expect(store.get('ReplicaSet', 'default', 'web')).toBeUndefined();
  });

  it('deletes an object created with an owner that does not exist', () => {
    const { store, clock } = setup();
    store.create(configMap('stray', {}, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: 'no-such-uid' }] }));
    clock.advance('1s');
    expect(store.get('ConfigMap', 'default', 'stray')).toBeUndefined();
  });

  it('drops only the dangling reference when another owner is still there', () => {
    const { store, clock } = setup();
    const rs = store.mustGet('ReplicaSet', 'default', 'web');
    const live = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid! };
    const gone = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: 'no-such-uid' };
    store.create(configMap('shared', {}, { ownerReferences: [live, gone] }));
    clock.advance('1s');
    expect(store.mustGet('ConfigMap', 'default', 'shared').metadata.ownerReferences).toEqual([live]);
  });

  // The collector finds an owner as Kubernetes' does: by kind, in the dependent's namespace (none for a
  // cluster-scoped kind), by name — and it is that owner only if the uid matches.
  const owners: { name: string; ref: (uids: { settings: string; node: string }) => { kind: string; apiVersion: string; name: string; uid: string }; stays: boolean }[] = [
    { name: 'an unlabelled ConfigMap', ref: (u) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', uid: u.settings }), stays: true },
    { name: 'a cluster-scoped Node', ref: (u) => ({ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: u.node }), stays: true },
    { name: 'the same name with another uid (a new object)', ref: () => ({ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', uid: 'old-uid' }), stays: false },
    { name: 'a uid that only starts like the owner\'s', ref: (u) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', uid: `${u.settings}/x` }), stays: false },
    // References Kubernetes' collector cannot resolve are left alone: the dependent is never garbage.
    { name: 'a kind the API server does not serve (unresolvable)', ref: (u) => ({ apiVersion: 'example.com/v1', kind: 'Widget', name: 'settings', uid: u.settings }), stays: true },
  ];
  it.each(owners)('keeps a dependent only while its owner exists: $name', ({ ref, stays }) => {
    const { store, clock } = setup();
    const settings = store.create(configMap('settings'));
    const node = store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } });
    store.create(configMap('child', {}, { ownerReferences: [ref({ settings: settings.metadata.uid!, node: node.metadata.uid! })] }));
    clock.advance('1s');
    expect(store.get('ConfigMap', 'default', 'child') !== undefined).toBe(stays);
  });

  it('leaves a cluster-scoped object naming a namespaced owner alone, wherever that owner is', () => {
    const { store, clock } = setup();
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    const owner = store.create(configMap('owner', {}, { namespace: 'other' }));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid! };
    store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-9', ownerReferences: [ref] } });
    clock.advance('1s');
    expect(store.get('Node', undefined, 'node-9')?.metadata.ownerReferences).toEqual([ref]);
  });

  it('deletes the dependents of an unlabelled owner when it goes', () => {
    const { store, clock } = setup();
    const settings = store.create(configMap('settings'));
    store.create(configMap('child', {}, { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', uid: settings.metadata.uid! }] }));
    clock.advance('1s');
    expect(store.get('ConfigMap', 'default', 'child')).toBeDefined();
    store.delete({ kind: 'ConfigMap', name: 'settings' });
    clock.advance('1s');
    expect(store.get('ConfigMap', 'default', 'child')).toBeUndefined();
  });
});
