import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { desiredEndpoints, EndpointsController } from '../../../src/controllers/endpoints/index.js';
import { addNode, addPod, newCluster, service, setPodStatus } from '../../network/harness.js';

type Op =
  | { op: 'add'; count: number; ready: boolean; ports: 0 | 1 | 2 }
  | { op: 'delete'; pick: number; grace: boolean }
  | { op: 'ready'; pick: number; ready: boolean }
  | { op: 'relabel'; pick: number; app: 'web' | 'api' }
  | { op: 'service'; app: 'web' | 'api'; publishNotReady: boolean }
  | { op: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), count: fc.integer({ min: 1, max: 8 }), ready: fc.boolean(), ports: fc.constantFrom(0 as const, 1 as const, 2 as const) }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat(), grace: fc.boolean() }),
  fc.record({ op: fc.constant('ready' as const), pick: fc.nat(), ready: fc.boolean() }),
  fc.record({ op: fc.constant('relabel' as const), pick: fc.nat(), app: fc.constantFrom('web' as const, 'api' as const) }),
  fc.record({ op: fc.constant('service' as const), app: fc.constantFrom('web' as const, 'api' as const), publishNotReady: fc.boolean() }),
  fc.constant({ op: 'restart' as const }),
);

/** Pods offering the Service's named port `http`, another port, or both: subsets group by what they offer. */
const PORTS = [[{ name: 'http', containerPort: 8080 }], [{ name: 'metrics', containerPort: 9090 }], [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }]];

describe('Endpoints controller properties', () => {
  it('what it keeps of each pod between reconciles gives the Endpoints that all the pods give, read afresh', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 15 }), (ops) => {
        const { store, clock, rng } = newCluster();
        addNode(store, 'node-1');
        const start = () => {
          const c = new EndpointsController({ store, clock, rng: rng.fork('ep') });
          c.start();
          return c;
        };
        let controller = start();
        const ports = [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }];
        store.create(service('web', { ports }));
        let next = 0;
        for (const o of ops) {
          const pods = store.items('Pod', {}).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name!);
          const pick = (n: number) => pods[n % pods.length]!;
          if (o.op === 'add') {
            for (let i = 0; i < o.count; i++, next++) {
              addPod(store, `p-${next}`, { ip: `10.244.1.${next % 250}`, ready: o.ready, ports: PORTS[o.ports] });
            }
          } else if (o.op === 'service') {
            store.update({ kind: 'Service', name: 'web' }, (s) => {
              s.spec.selector = { app: o.app };
              s.spec.publishNotReadyAddresses = o.publishNotReady;
            });
          } else if (o.op === 'restart') {
            controller.stop();
            controller = start();
          } else if (pods.length > 0 && o.op === 'delete') {
            store.delete({ kind: 'Pod', name: pick(o.pick) }, { gracePeriodSeconds: o.grace ? 30 : 0 });
          } else if (pods.length > 0 && o.op === 'ready') {
            const name = pick(o.pick);
            setPodStatus(store, name, store.mustGet('Pod', 'default', name).status!.podIP!, o.ready);
          } else if (pods.length > 0 && o.op === 'relabel') {
            store.update({ kind: 'Pod', name: pick(o.pick) }, (d) => {
              d.metadata.labels = { app: o.app };
            });
          }
          // Sometimes the controller sees several changes at once, sometimes one by one.
          if (o.op !== 'ready') clock.advance('10ms');
        }
        clock.advance('1s');

        const svc = store.mustGet('Service', 'default', 'web');
        const selected = store.items('Pod', { labelSelector: `app=${svc.spec.selector!.app}` });
        const fresh = desiredEndpoints(svc, selected);
        expect(store.mustGet('Endpoints', 'default', 'web').subsets ?? []).toEqual(fresh.subsets);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
