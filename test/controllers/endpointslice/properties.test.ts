import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPodReady } from '../../../src/api/podutil.js';
import { EndpointSliceController } from '../../../src/controllers/endpointslice/index.js';
import { addPod, service, setPodStatus } from '../../network/harness.js';
import { appearances, sliceCluster, slicesOf } from './harness.js';

type Op =
  | { op: 'add'; count: number; ready: boolean }
  | { op: 'delete'; pick: number; count: number }
  | { op: 'ready'; pick: number; ready: boolean }
  | { op: 'relabel'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), count: fc.integer({ min: 1, max: 120 }), ready: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat(), count: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ op: fc.constant('ready' as const), pick: fc.nat(), ready: fc.boolean() }),
  fc.record({ op: fc.constant('relabel' as const), pick: fc.nat() }),
);

describe('EndpointSlice properties', () => {
  it('after random churn every selected pod with an IP appears exactly once, with its readiness, in slices of at most 100', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) => {
        const { store, clock } = sliceCluster();
        store.create(service('web'));
        let next = 0;
        for (const o of ops) {
          const pods = store.items('Pod', { labelSelector: 'app=web' }).map((p) => p.metadata.name!);
          if (o.op === 'add') {
            for (let i = 0; i < o.count; i++, next++) addPod(store, `web-${next}`, { ip: `10.244.${next >> 8}.${next & 255}`, ready: o.ready });
          } else if (pods.length > 0 && o.op === 'delete') {
            for (let i = 0; i < Math.min(o.count, pods.length); i++) {
              store.delete({ kind: 'Pod', name: pods[(o.pick + i) % pods.length]! }, { gracePeriodSeconds: 0 });
            }
          } else if (pods.length > 0 && o.op === 'ready') {
            const name = pods[o.pick % pods.length]!;
            setPodStatus(store, name, store.mustGet('Pod', 'default', name).status!.podIP!, o.ready);
          } else if (pods.length > 0 && o.op === 'relabel') {
            store.update({ kind: 'Pod', name: pods[o.pick % pods.length]! }, (d) => {
              d.metadata.labels = { app: 'elsewhere' };
            });
          }
          // Sometimes the controller sees several changes at once, sometimes one by one.
          if (o.op !== 'ready') clock.advance('10ms');
        }
        clock.advance('1s');

        const selected = store.items('Pod', { labelSelector: 'app=web' });
        const seen = appearances(store, 'web');
        expect([...seen.keys()].sort()).toEqual(selected.map((p) => p.metadata.name!).sort());
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
        const slices = slicesOf(store, 'web');
        for (const s of slices) {
          expect(s.endpoints.length).toBeLessThanOrEqual(100);
          for (const ep of s.endpoints) expect(ep.conditions.ready).toBe(isPodReady(store.mustGet('Pod', 'default', ep.targetRef!.name!)));
        }
        const n = selected.length;
        if (n === 0) expect(slices.map((s) => s.endpoints.length)).toEqual([0]);
        else {
          // No empty slices; never fewer than ceil(n/100). Kubernetes does not rebalance, so churn may leave more.
          expect(slices.every((s) => s.endpoints.length > 0)).toBe(true);
          expect(slices.length).toBeGreaterThanOrEqual(Math.ceil(n / 100));
          expect(slices.length).toBeLessThanOrEqual(n);
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('a Service synced from scratch has exactly ceil(n/100) slices, and a restarted controller changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 420 }), (n) => {
        const { store, clock, controller, rng } = sliceCluster();
        for (let i = 0; i < n; i++) addPod(store, `web-${i}`, { ip: `10.244.${i >> 8}.${i & 255}` });
        store.create(service('web'));
        clock.advance('10ms');
        const slices = slicesOf(store, 'web');
        expect(slices).toHaveLength(Math.max(1, Math.ceil(n / 100)));
        const rv = store.resourceVersion;
        controller.stop();
        new EndpointSliceController({ store, clock, rng: rng.fork('again') }).start();
        clock.advance('1s');
        expect(store.resourceVersion).toBe(rv);
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});
