import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/pod.js';
import { isPodActive } from '../../../src/api/podutil.js';
import type { ReplicaSet } from '../../../src/api/replicaset.js';
import { PodIndex } from '../../../src/controllers/replicaset/pod-index.js';
import { countPods } from '../../../src/controllers/replicaset/status.js';
import type { WatchEvent } from '../../../src/store/types.js';

const pod = (name: string, controller?: string, namespace = 'default'): Pod =>
  ({
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      ...(controller ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: controller, uid: controller, controller: true }] } : {}),
    },
    spec: { containers: [] },
  }) as unknown as Pod;

const event = (type: WatchEvent['type'], object: Pod): WatchEvent<Pod> => ({ type, object });
const names = (pods: Iterable<Pod>) => [...pods].map((p) => p.metadata.name).sort();

describe('the ReplicaSet controller pod index', () => {
  it.each<{ name: string; events: WatchEvent<Pod>[]; rs1: string[]; orphans: string[]; elsewhere: string[] }>([
    { name: 'files pods under their controller, orphans under their namespace', events: [event('ADDED', pod('a', 'rs1')), event('ADDED', pod('b')), event('ADDED', pod('c', undefined, 'other'))], rs1: ['a'], orphans: ['b'], elsewhere: ['c'] },
    { name: 'an adopted orphan moves to its controller', events: [event('ADDED', pod('a')), event('MODIFIED', pod('a', 'rs1'))], rs1: ['a'], orphans: [], elsewhere: [] },
    { name: 'a released pod becomes an orphan', events: [event('ADDED', pod('a', 'rs1')), event('MODIFIED', pod('a'))], rs1: [], orphans: ['a'], elsewhere: [] },
    { name: 'a pod taken over by another controller leaves the first', events: [event('ADDED', pod('a', 'rs1')), event('MODIFIED', pod('a', 'rs2'))], rs1: [], orphans: [], elsewhere: [] },
    { name: 'a deleted pod is gone', events: [event('ADDED', pod('a', 'rs1')), event('ADDED', pod('b')), event('DELETED', pod('a', 'rs1')), event('DELETED', pod('b'))], rs1: [], orphans: [], elsewhere: [] },
  ])('$name', ({ events, rs1, orphans, elsewhere }) => {
    const index = new PodIndex();
    for (const e of events) index.observe(e);
    expect(names(index.controlledBy('rs1'))).toEqual(rs1);
    expect(names(index.orphansIn('default'))).toEqual(orphans);
    expect(names(index.orphansIn('other'))).toEqual(elsewhere);
  });

  it('holds the latest version of each pod', () => {
    const index = new PodIndex();
    const v1 = pod('a', 'rs1');
    const v2 = { ...v1, status: { phase: 'Running' } } as Pod;
    index.observe(event('ADDED', v1));
    index.observe(event('MODIFIED', v2));
    expect([...index.controlledBy('rs1')]).toEqual([v2]);
  });
});

describe('the pod index counts', () => {
  const template = Object.freeze({ app: 'web', tier: 'front' });
  const version = fc.record({
    name: fc.constantFrom('a', 'b', 'c', 'd'),
    controller: fc.constantFrom('rs1', 'rs2', undefined),
    labels: fc.constantFrom({ app: 'web', tier: 'front' }, { app: 'web' }, { app: 'web', tier: 'front', extra: 'x' }),
    phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed'),
    ready: fc.boolean(),
    deleting: fc.boolean(),
    node: fc.constantFrom(undefined, 'node-1', 'node-2'),
  });
  const step = fc.oneof(
    { weight: 5, arbitrary: version.map((v) => ({ kind: 'write' as const, v })) },
    { weight: 1, arbitrary: fc.constantFrom('a', 'b', 'c', 'd').map((name) => ({ kind: 'delete' as const, name })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'ask' as const }) },
  );

  it('after any sequence of pod events, equal what counting the pods one by one gives, per node too', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const index = new PodIndex();
        const live = new Map<string, Pod>();
        for (const s of steps) {
          if (s.kind === 'ask') {
            // Asking starts the counts kept from then on (labels, nodes): the end checks they were kept right.
            index.counts('rs1', template);
            index.activeOnNodes(['rs1']);
            continue;
          }
          if (s.kind === 'delete') {
            const last = live.get(s.name);
            if (last) index.observe({ type: 'DELETED', object: last });
            live.delete(s.name);
            continue;
          }
          const { name, controller, labels, phase, ready, deleting, node } = s.v;
          const p = {
            ...pod(name, controller),
            spec: { containers: [], ...(node ? { nodeName: node } : {}) },
            metadata: { ...pod(name, controller).metadata, labels, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
            status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
          } as unknown as Pod;
          index.observe({ type: live.has(name) ? 'MODIFIED' : 'ADDED', object: p });
          live.set(name, p);
        }
        const active = [...live.values()].filter((p) => p.metadata.ownerReferences?.[0]?.uid === 'rs1' && isPodActive(p));
        const rs = { metadata: {}, spec: { template: { metadata: { labels: template } } } } as unknown as ReplicaSet;
        const want = countPods(rs, active, 0);
        expect(index.counts('rs1', template)).toEqual({ active: want.replicas, ready: want.ready, labeled: want.fullyLabeled });
        const family = [...live.values()].filter((p) => p.metadata.ownerReferences?.[0] && isPodActive(p));
        const onNode = new Map<string, number>();
        for (const p of family) onNode.set(p.spec.nodeName ?? '', (onNode.get(p.spec.nodeName ?? '') ?? 0) + 1);
        expect(index.activeOnNodes(['rs1', 'rs2'])).toEqual(onNode);
      }),
    );
  });

  it('hands a pod to the claim once when it joins or is relabelled, not on every change', () => {
    const index = new PodIndex();
    const v1 = pod('a', 'rs1');
    index.observe(event('ADDED', v1));
    expect(names(index.unchecked('rs1'))).toEqual(['a']);
    index.checked('rs1');
    index.observe(event('MODIFIED', { ...v1, status: { phase: 'Running' } } as Pod));
    expect(index.unchecked('rs1')).toEqual([]);
    index.observe(event('MODIFIED', { ...v1, metadata: { ...v1.metadata, labels: { app: 'other' } } } as Pod));
    expect(names(index.unchecked('rs1'))).toEqual(['a']);
  });
});
