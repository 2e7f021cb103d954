import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/pod.js';
import { NodeUsageCache } from '../../src/scheduler/cache.js';
import { NodeInfo } from '../../src/scheduler/node-info.js';
import { NodeSnapshot } from '../../src/scheduler/snapshot.js';
import { ownerCounts, usageFromPods } from '../../src/scheduler/resources.js';
import { nodeManifest, podManifest, world } from './helpers.js';

const condition = (p: Pod | undefined) => p?.status?.conditions?.find((c) => c.type === 'PodScheduled');

describe('Scheduler', () => {
  it('binds a pod and records the Scheduled event', () => {
    const { store, clock } = world();
    for (const n of ['node-1', 'node-2', 'node-3']) store.create(nodeManifest(n));
    store.create(podManifest('web-1', { cpu: '100m' }));
    clock.advance('1s');
    const web = store.mustGet('Pod', 'default', 'web-1');
    expect(web.spec.nodeName).toMatch(/^node-[123]$/);
    expect(condition(web)).toMatchObject({ status: 'True' });
    const ev = store.items('Event').find((e) => e.reason === 'Scheduled');
    expect(ev).toMatchObject({
      type: 'Normal',
      message: `Successfully assigned default/web-1 to ${web.spec.nodeName}`,
      source: { component: 'default-scheduler' },
      involvedObject: { kind: 'Pod', name: 'web-1' },
    });
    expect(store.trace.entries().find((t) => t.subresource === 'binding')).toMatchObject({ actor: 'default-scheduler' });
  });

  it('spreads 4 pods of one ReplicaSet 2/2 over 2 nodes', () => {
    const { store, clock } = world();
    store.create(nodeManifest('node-1'));
    store.create(nodeManifest('node-2'));
    for (let i = 0; i < 4; i++) store.create(podManifest(`web-${i}`, { cpu: '100m', owner: 'rs-uid-1' }));
    clock.advance('1s');
    expect(store.podsOnNode('node-1')).toHaveLength(2);
    expect(store.podsOnNode('node-2')).toHaveLength(2);
  });

  it('spreads ReplicaSet pods even when another node is emptier of other pods', () => {
    const { store, clock } = world();
    store.create(nodeManifest('node-1', { cpu: '8' }));
    store.create(nodeManifest('node-2', { cpu: '8' }));
    store.create(podManifest('other', { cpu: '300m', nodeName: 'node-2' }));
    for (let i = 0; i < 4; i++) store.create(podManifest(`web-${i}`, { cpu: '100m', owner: 'rs-uid-1' }));
    clock.advance('1s');
    const web = (n: string) => store.podsOnNode(n).filter((p) => p.metadata.name!.startsWith('web')).length;
    expect([web('node-1'), web('node-2')]).toEqual([2, 2]);
  });

  it('marks an unschedulable pod with the exact condition and event, then schedules it when a node with room appears', () => {
    const { store, clock } = world();
    for (const n of ['node-1', 'node-2', 'node-3']) store.create(nodeManifest(n, { cpu: '1' }));
    store.create(podManifest('big', { cpu: '2' }));
    clock.advance('1s');
    const message =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..';
    const pending = store.mustGet('Pod', 'default', 'big');
    expect(pending.spec.nodeName).toBeUndefined();
    expect(condition(pending)).toEqual({
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: '2024-01-01T00:00:00Z',
      reason: 'Unschedulable',
      message,
    });
    expect(store.items('Event').find((e) => e.reason === 'FailedScheduling')).toMatchObject({
      type: 'Warning',
      message,
      source: { component: 'default-scheduler' },
    });
    // Waiting costs nothing: no retries in a loop while nothing changes.
    const rv = store.resourceVersion;
    clock.advance('1m');
    expect(store.resourceVersion).toBe(rv);

    store.create(nodeManifest('node-4', { cpu: '4' }));
    clock.advance('100ms');
    const bound = store.mustGet('Pod', 'default', 'big');
    expect(bound.spec.nodeName).toBe('node-4');
    expect(condition(bound)).toMatchObject({ status: 'True' });
  });

  it('retries when a pod is deleted and frees room', () => {
    const { store, clock } = world();
    store.create(nodeManifest('node-1', { cpu: '1' }));
    store.create(podManifest('first', { cpu: '800m' }));
    clock.advance('1s');
    store.create(podManifest('second', { cpu: '800m' }));
    clock.advance('5s');
    expect(store.mustGet('Pod', 'default', 'second').spec.nodeName).toBeUndefined();
    store.delete({ kind: 'Pod', namespace: 'default', name: 'first' }, { gracePeriodSeconds: 0 });
    clock.advance('2s');
    expect(store.mustGet('Pod', 'default', 'second').spec.nodeName).toBe('node-1');
  });

  it('retries an unschedulable pod at least every 5 minutes, counting the event', () => {
    const { store, clock } = world();
    store.create(nodeManifest('node-1', { cpu: '1' }));
    store.create(podManifest('big', { cpu: '2' }));
    clock.advance('1s');
    clock.advance('5m');
    expect(store.items('Event').find((e) => e.reason === 'FailedScheduling')?.count).toBe(2);
  });

  it('schedules once a NotReady node becomes Ready', () => {
    const { store, clock } = world();
    store.create(nodeManifest('node-1', { ready: 'Unknown' }));
    store.create(podManifest('web'));
    clock.advance('1s');
    expect(condition(store.mustGet('Pod', 'default', 'web'))?.message).toBe(
      '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..',
    );
    store.updateStatus({ kind: 'Node', name: 'node-1' }, (n) => {
      n.status!.conditions![0]!.status = 'True';
    });
    clock.advance('2s');
    expect(store.mustGet('Pod', 'default', 'web').spec.nodeName).toBe('node-1');
  });

  it('retries at once when the waiting pod itself changes (a toleration added)', () => {
    const { store, clock } = world();
    store.create(nodeManifest('node-1', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
    store.create(podManifest('web'));
    clock.advance('1s');
    expect(store.mustGet('Pod', 'default', 'web').spec.nodeName).toBeUndefined();
    store.update({ kind: 'Pod', namespace: 'default', name: 'web' }, (p) => {
      p.spec.tolerations!.push({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' });
    });
    clock.advance('2s');
    expect(store.mustGet('Pod', 'default', 'web').spec.nodeName).toBe('node-1');
  });

  it('skips tainted and cordoned nodes', () => {
    const { store, clock } = world();
    store.create(nodeManifest('node-1', { unschedulable: true }));
    store.create(nodeManifest('node-2', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
    store.create(nodeManifest('node-3'));
    for (let i = 0; i < 5; i++) store.create(podManifest(`web-${i}`));
    clock.advance('1s');
    expect(store.podsOnNode('node-3')).toHaveLength(5);
  });

  it('leaves alone a pod that is already bound, and pods for another scheduler', () => {
    const { store, clock } = world();
    store.create(nodeManifest('node-1'));
    store.create(nodeManifest('node-2'));
    store.create(podManifest('pinned', { nodeName: 'node-2' }));
    store.create(podManifest('custom', { schedulerName: 'my-scheduler' }));
    const before = store.trace.entries().length;
    clock.advance('1m');
    expect(store.trace.entries().slice(before).filter((t) => t.actor === 'default-scheduler')).toEqual([]);
    expect(store.mustGet('Pod', 'default', 'pinned').spec.nodeName).toBe('node-2');
    expect(store.mustGet('Pod', 'default', 'custom').spec.nodeName).toBeUndefined();
  });

  it('does not place more than fits: 5 pods of 400m on a 2-cpu node', () => {
    const { store, clock } = world();
    store.create(nodeManifest('node-1', { cpu: '2' }));
    for (let i = 0; i < 6; i++) store.create(podManifest(`p-${i}`, { cpu: '400m' }));
    clock.advance('1s');
    expect(store.podsOnNode('node-1')).toHaveLength(5);
  });

  it('makes the same choices for the same seed', () => {
    const run = (seed: number) => {
      const { store, clock } = world(seed);
      for (const n of ['a', 'b', 'c', 'd']) store.create(nodeManifest(n));
      for (let i = 0; i < 12; i++) store.create(podManifest(`p-${i}`));
      clock.advance('1s');
      return store.items('Pod').map((p) => `${p.metadata.name}@${p.spec.nodeName}`);
    };
    expect(run(3)).toEqual(run(3));
  });

  it('stops: nothing is scheduled after stop()', () => {
    const { store, clock, scheduler } = world();
    store.create(nodeManifest('node-1'));
    scheduler.stop();
    store.create(podManifest('web'));
    clock.advance('1m');
    expect(store.mustGet('Pod', 'default', 'web').spec.nodeName).toBeUndefined();
  });
});

describe('NodeUsageCache', () => {
  it('agrees with a recount from store.podsOnNode after binds, finishes and deletes, usage and spread alike', () => {
    const { store, clock } = world();
    const cache = new NodeUsageCache();
    store.watch('Pod', {}, (e) => cache.apply(e));
    store.create(nodeManifest('node-1', { cpu: '8' }));
    store.create(nodeManifest('node-2', { cpu: '8' }));
    for (let i = 0; i < 8; i++) store.create(podManifest(`p-${i}`, { cpu: `${100 * (i + 1)}m`, owner: i % 2 ? 'rs-a' : 'rs-b' }));
    clock.advance('1s');
    store.updateStatus({ kind: 'Pod', namespace: 'default', name: 'p-1' }, (p) => {
      p.status!.phase = 'Succeeded';
    });
    store.delete({ kind: 'Pod', namespace: 'default', name: 'p-2' });
    store.delete({ kind: 'Pod', namespace: 'default', name: 'p-3' }, { gracePeriodSeconds: 0 });
    for (const n of ['node-1', 'node-2']) {
      expect(cache.usage(n)).toEqual(usageFromPods(store.podsOnNode(n)));
      const counts = ownerCounts(store.podsOnNode(n));
      for (const owner of ['rs-a', 'rs-b']) expect(cache.spread(owner).get(n)).toBe(counts.get(owner));
    }
  });

  it('names every node whose usage changed, so a snapshot refreshed from it equals a fresh one', () => {
    const { store, clock } = world();
    const cache = new NodeUsageCache();
    store.watch('Pod', {}, (e) => cache.apply(e));
    const names = ['node-1', 'node-2', 'node-3'];
    for (const n of names) store.create(nodeManifest(n, { cpu: '8' }));
    const infos = names.map((n) => new NodeInfo(store.mustGet('Node', '', n), cache.live(n)));
    const kept = new NodeSnapshot(infos);
    const columns = (s: NodeSnapshot) => [s.open, s.allocPods, s.allocCpu, s.allocMemory, s.pods, s.requestedCpu, s.requestedMemory, s.nonZeroCpu, s.nonZeroMemory].map((c) => [...c]);
    for (let i = 0; i < 9; i++) store.create(podManifest(`p-${i}`, { cpu: `${100 * (i + 1)}m`, owner: 'rs-a' }));
    clock.advance('1s');
    cache.takeChanged((n) => kept.refreshNode(n));
    expect(columns(kept)).toEqual(columns(new NodeSnapshot(infos)));
    expect(kept.pods.reduce((a, b) => a + b, 0)).toBe(9);
    store.delete({ kind: 'Pod', namespace: 'default', name: 'p-4' }, { gracePeriodSeconds: 0 });
    store.updateStatus({ kind: 'Pod', namespace: 'default', name: 'p-5' }, (p) => {
      p.status!.phase = 'Failed';
    });
    cache.takeChanged((n) => kept.refreshNode(n));
    expect(columns(kept)).toEqual(columns(new NodeSnapshot(infos)));
    expect(kept.pods.reduce((a, b) => a + b, 0)).toBe(7);
  });
});
