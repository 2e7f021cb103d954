import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/pod.js';
import { podsToDelete } from '../../../src/controllers/replicaset/rank.js';

const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; readySince?: number; restarts?: number; created?: number; cost?: number } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      creationTimestamp: iso(o.created ?? T0),
      ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) } } : {}),
    },
    spec: { containers: [], ...(o.node !== undefined ? { nodeName: o.node } : { nodeName: 'node-1' }) } as never,
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: iso(o.readySince ?? T0) }],
      containerStatuses: [{ name: 'c', ready: true, restartCount: o.restarts ?? 0, image: 'x', imageID: '', state: {} }],
    } as never,
  };
}

const NOW = T0 + 3_600_000;

describe('podsToDelete (ActivePodsWithRanks)', () => {
  const cases: [name: string, pods: Pod[], first: string][] = [
    ['unscheduled before scheduled', [pod('a'), pod('b', { node: '' })], 'b'],
    ['Pending before Running', [pod('a'), pod('b', { phase: 'Pending' })], 'b'],
    ['Unknown before Running', [pod('a'), pod('b', { phase: 'Unknown' })], 'b'],
    ['not ready before ready', [pod('a'), pod('b', { ready: false })], 'b'],
    ['lower deletion cost first', [pod('a', { cost: 10 }), pod('b', { cost: -5 })], 'b'],
    ['ready for less time first', [pod('a', { readySince: T0 }), pod('b', { readySince: T0 + 3_000_000 })], 'b'],
    ['more restarts first', [pod('a', { restarts: 1 }), pod('b', { restarts: 4 })], 'b'],
    ['newer before older', [pod('a', { created: T0 }), pod('b', { created: T0 + 3_000_000 })], 'b'],
  ];
  it.each(cases)('%s', (_name, pods, first) => {
    expect(podsToDelete(pods, pods, 1, NOW)[0]?.metadata.name).toBe(first);
  });

  it('takes doubled-up pods first: those sharing a node with more siblings', () => {
    const pods = [pod('alone', { node: 'node-1' }), pod('twin-1', { node: 'node-2' }), pod('twin-2', { node: 'node-2' })];
    expect(podsToDelete(pods, pods, 1, NOW)[0]?.metadata.name).toMatch(/^twin-/);
  });

  it('treats ages in the same log2 bucket alike and breaks the tie by uid', () => {
    const pods = [pod('b', { created: T0 + 1000 }), pod('a', { created: T0 })];
    expect(podsToDelete(pods, pods, 1, NOW)[0]?.metadata.name).toBe('a');
  });

  it('returns every pod when asked for as many or more', () => {
    const pods = [pod('a'), pod('b')];
    expect(podsToDelete(pods, pods, 5, NOW)).toHaveLength(2);
  });
});
