import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/pod.js';
import { isPodActive } from '../../../src/api/podutil.js';
import { PodIndex } from '../../../src/controllers/replicaset/pod-index.js';
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

/** The family's active pods per node, as the controller's index counts them. */
function onNodes(pods: Pod[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of pods) if (isPodActive(p)) m.set(p.spec.nodeName ?? '', (m.get(p.spec.nodeName ?? '') ?? 0) + 1);
  return m;
}

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
    expect(podsToDelete(pods, onNodes(pods), 1, NOW)[0]?.metadata.name).toBe(first);
  });

  it('takes doubled-up pods first: those sharing a node with more siblings', () => {
    const pods = [pod('alone', { node: 'node-1' }), pod('twin-1', { node: 'node-2' }), pod('twin-2', { node: 'node-2' })];
    expect(podsToDelete(pods, onNodes(pods), 1, NOW)[0]?.metadata.name).toMatch(/^twin-/);
  });

  it('treats ages in the same log2 bucket alike and breaks the tie by uid', () => {
    const pods = [pod('b', { created: T0 + 1000 }), pod('a', { created: T0 })];
    expect(podsToDelete(pods, onNodes(pods), 1, NOW)[0]?.metadata.name).toBe('a');
  });

  it('returns every pod when asked for as many or more', () => {
    const pods = [pod('a'), pod('b')];
    expect(podsToDelete(pods, onNodes(pods), 5, NOW)).toHaveLength(2);
  });

  it('picks the same first pods, in the same order, whatever the order of the list and however many are asked for', () => {
    // Pods alike in a few ways and different in others, so that ties (broken by name) are common. The
    // times are an hour apart, in different log2 buckets: two different times in one bucket are broken
    // by uid before restarts and creation are looked at, and Kubernetes' ranking is then not a total
    // order (a before b by restarts, b before c and c before a by uid) that any two ways of picking agree on.
    const arbPod = fc.record({
      node: fc.constantFrom('', 'node-1', 'node-2', 'node-3'),
      phase: fc.constantFrom('Pending', 'Running'),
      ready: fc.boolean(),
      readySince: fc.constantFrom(T0, T0 + 3_000_000),
      restarts: fc.integer({ min: 0, max: 2 }),
      created: fc.constantFrom(T0, T0 + 3_000_000),
    });
    fc.assert(
      fc.property(fc.array(arbPod, { minLength: 2, maxLength: 40 }), fc.nat(), fc.nat(), (specs, k, shift) => {
        const pods = specs.map((o, i) => pod(`p-${String(i).padStart(2, '0')}`, o));
        const order = podsToDelete(pods, onNodes(pods), pods.length - 1, NOW).map((p) => p.metadata.name);
        const diff = 1 + (k % (pods.length - 1));
        const at = shift % pods.length;
        const rotated = [...pods.slice(at), ...pods.slice(0, at)].reverse();
        expect(podsToDelete(rotated, onNodes(pods), diff, NOW).map((p) => p.metadata.name)).toEqual(order.slice(0, diff));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same first pods among the index\'s deletion candidates as among all the active pods', () => {
    // Plainly running pods on nodes where the family has more or fewer pods, and pods that are not
    // (unscheduled, Pending, not ready, with a deletion cost either way, terminating): the candidates are
    // the latter and the running pods of the most doubled-up nodes, which must hold the first `diff`.
    const arbPod = fc.record({
      node: fc.constantFrom('', 'node-1', 'node-2', 'node-3', 'node-4', 'node-5'),
      phase: fc.constantFrom('Pending', 'Running', 'Running', 'Running', 'Succeeded'),
      ready: fc.boolean(),
      readySince: fc.constantFrom(T0, T0 + 3_000_000),
      restarts: fc.integer({ min: 0, max: 2 }),
      created: fc.constantFrom(T0, T0 + 3_000_000),
      cost: fc.constantFrom(undefined, undefined, undefined, -1, 2),
      changedTo: fc.option(fc.constantFrom('Failed', 'Running'), { nil: undefined }),
    });
    const arbFamily = fc.dictionary(fc.constantFrom('node-1', 'node-2', 'node-3', 'node-4', 'node-5'), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(fc.array(arbPod, { minLength: 1, maxLength: 40 }), arbFamily, fc.nat(), (specs, siblings, k) => {
        const index = new PodIndex();
        const owned = (p: Pod): Pod => ({ ...p, metadata: { ...p.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', uid: 'rs1', controller: true }] } });
        const pods = specs.map((o, i) => owned(pod(`p-${String(i).padStart(2, '0')}`, o)));
        pods.forEach((p) => index.observe({ type: 'ADDED', object: p }));
        // Asked once, so the index files its pods for ranking; then some pods change, which it must follow.
        index.deletionCandidates('rs1', new Map(), 1);
        const now = pods.map((p, i) => {
          const to = specs[i]!.changedTo;
          if (!to) return p;
          const next = { ...p, status: { ...p.status, phase: to } } as Pod;
          index.observe({ type: 'MODIFIED', object: next, previous: p });
          return next;
        });
        const active = now.filter(isPodActive);
        if (active.length === 0) return;
        const onNode = onNodes(active);
        for (const [node, n] of Object.entries(siblings)) onNode.set(node, (onNode.get(node) ?? 0) + n);
        const diff = 1 + (k % active.length);
        const names = (list: readonly Pod[]) => list.map((p) => p.metadata.name);
        expect(names(podsToDelete(index.deletionCandidates('rs1', onNode, diff), onNode, diff, NOW, active.length))).toEqual(names(podsToDelete(active, onNode, diff, NOW)));
      }),
      {
        numRuns: 500,
        // Two of three pods to go, both among the candidates: they are still ranked, as among all three.
        examples: [
          [
            [
              { node: 'node-2', phase: 'Pending', ready: true, readySince: T0, restarts: 0, created: T0, cost: undefined, changedTo: 'Running' },
              { node: 'node-5', phase: 'Pending', ready: true, readySince: T0, restarts: 1, created: T0, cost: undefined, changedTo: 'Running' },
              { node: 'node-1', phase: 'Pending', ready: true, readySince: T0, restarts: 0, created: T0, cost: undefined, changedTo: 'Running' },
            ],
            { 'node-5': 6, 'node-2': 6 },
            1328894578,
          ],
        ],
      },
    );
  });
});
