/**
 * The ReplicaSet controller under random scaling, pod deletions, relabelling and orphans: once the
 * actions stop, it converges — exactly spec.replicas active pods, all its own, and a status that says
 * so. fast-check prints the seed and the shrunk steps of a failure; pass them to fc.assert to replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPodActive } from '../../../src/api/podutil.js';
import { ReplicaSetController } from '../../../src/controllers/replicaset/index.js';
import { Rng } from '../../../src/sim/rng.js';
import { newStore, pod } from '../../store/helpers.js';

type Step =
  | { do: 'scale'; replicas: number }
  | { do: 'deletePod'; index: number; bound: boolean }
  | { do: 'relabel'; index: number }
  | { do: 'orphan'; name: string }
  | { do: 'advance'; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ do: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ do: fc.constant('deletePod' as const), index: fc.nat(10), bound: fc.boolean() }),
  fc.record({ do: fc.constant('relabel' as const), index: fc.nat(10) }),
  fc.record({ do: fc.constant('orphan' as const), name: fc.constantFrom('stray-a', 'stray-b') }),
  fc.record({ do: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 2000 }) }),
);

describe('ReplicaSetController converges', () => {
  it('to exactly spec.replicas active pods of its own, whatever happened before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(stepArb, { maxLength: 25 }), (seed, steps) => {
        const { store, clock } = newStore(seed);
        new ReplicaSetController({ store, clock, rng: new Rng(seed).fork('rs') }).start();
        const labels = { app: 'web' };
        const rs = store.create({
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: { name: 'web' },
          spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
        });
        const mine = () => store.ownedBy(rs.metadata.uid!).filter((o) => o.kind === 'Pod');
        for (const s of steps) {
          const pods = store.items('Pod', { labelSelector: 'app=web' });
          const target = pods[s.do === 'deletePod' || s.do === 'relabel' ? s.index % Math.max(1, pods.length) : 0];
          switch (s.do) {
            case 'scale':
              store.update({ kind: 'ReplicaSet', name: 'web' }, (d) => void (d.spec.replicas = s.replicas));
              break;
            case 'deletePod':
              if (!target || target.metadata.deletionTimestamp) break;
              if (s.bound && !target.spec.nodeName) store.bind({ name: target.metadata.name! }, 'node-1');
              store.delete({ kind: 'Pod', name: target.metadata.name! });
              break;
            case 'relabel':
              if (target) store.update({ kind: 'Pod', name: target.metadata.name! }, (p) => void (p.metadata.labels = { app: 'other' }));
              break;
            case 'orphan':
              if (!store.get('Pod', 'default', s.name)) store.create(pod(s.name, { labels }));
              break;
            case 'advance':
              clock.advance(s.ms);
              break;
          }
        }
        clock.advance('10s');
        const want = store.mustGet('ReplicaSet', 'default', 'web');
        const active = mine().filter((p) => isPodActive(p as never));
        expect(active).toHaveLength(want.spec.replicas);
        expect(want.status?.replicas).toBe(want.spec.replicas);
        expect(want.status?.observedGeneration).toBe(want.metadata.generation);
        // Every active pod matching the selector is this ReplicaSet's.
        const matching = store.items('Pod', { labelSelector: 'app=web' }).filter((p) => isPodActive(p));
        expect(matching).toHaveLength(want.spec.replicas);
      }),
      { numRuns: 60 },
    );
  });
});
