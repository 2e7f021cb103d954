import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/pod.js';
import { PodIndex } from '../../../src/controllers/replicaset/pod-index.js';
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
