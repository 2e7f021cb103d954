import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatableOf } from '../../src/scheduler/node-info.js';
import { usageFromPods } from '../../src/scheduler/resources.js';
import { nodeManifest, podManifest, world } from './helpers.js';

describe('scheduler invariants', () => {
  it('never overcommits a node, and every pod left pending says why', () => {
    const arb = fc.record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      nodes: fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 4 }), pods: fc.integer({ min: 1, max: 6 }), cordoned: fc.boolean() }), { minLength: 0, maxLength: 4 }),
      pods: fc.array(fc.record({ milli: fc.integer({ min: 0, max: 2500 }), owner: fc.constantFrom(undefined, 'rs-a', 'rs-b') }), { maxLength: 16 }),
      deletions: fc.array(fc.nat(), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(arb, ({ seed, nodes, pods, deletions }) => {
        const { store, clock } = world(seed);
        nodes.forEach((n, i) => store.create(nodeManifest(`node-${i}`, { cpu: String(n.cpu), pods: String(n.pods), unschedulable: n.cordoned })));
        pods.forEach((p, i) => store.create(podManifest(`p-${i}`, { ...(p.milli ? { cpu: `${p.milli}m` } : {}), ...(p.owner ? { owner: p.owner } : {}) })));
        clock.advance('2s');
        for (const d of deletions) {
          const all = store.items('Pod');
          if (all.length) store.delete({ kind: 'Pod', namespace: 'default', name: all[d % all.length]!.metadata.name! }, { gracePeriodSeconds: 0 });
          clock.advance('15s');
        }
        for (const node of store.items('Node')) {
          const usage = usageFromPods(store.podsOnNode(node.metadata.name!));
          const alloc = allocatableOf(node);
          expect(usage.requested.cpu ?? 0).toBeLessThanOrEqual(alloc.cpu!);
          expect(usage.pods).toBeLessThanOrEqual(alloc.pods!);
          if (node.spec.unschedulable) expect(usage.pods).toBe(0);
        }
        for (const p of store.items('Pod')) {
          if (p.spec.nodeName) continue;
          expect(p.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('docs/scheduler.md example', () => {
  // The store, clock and scheduler as createCluster wires them (its Rng fork is 'scheduler').
  it('runs as the page says', () => {
    const { store, clock, scheduler } = world(1);
    const cluster = { advance: (d: string) => clock.advance(d) };
    for (const name of ['node-1', 'node-2']) {
      store.create({
        kind: 'Node',
        metadata: { name },
        status: { capacity: { cpu: '1', memory: '2Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
      });
    }
    store.create({ kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '500m' } } }] } });
    store.create({ kind: 'Pod', metadata: { name: 'huge' }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '4' } } }] } });
    cluster.advance('1s');
    expect(store.mustGet('Pod', 'default', 'web').spec.nodeName).toMatch(/^node-[12]$/);
    expect(store.mustGet('Pod', 'default', 'huge').status?.conditions?.[0]?.message).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
    );
    expect(store.items('Event').map((e) => e.reason).sort()).toEqual(['FailedScheduling', 'Scheduled']);
    expect(scheduler.unschedulablePods()).toEqual(['default/huge']);
  });
});
