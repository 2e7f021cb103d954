/**
 * Properties of the store over random sequences of operations, valid and invalid. fast-check prints the
 * seed and the shrunk sequence of a failure; rerun with `fc.assert(..., { seed, path })` to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../../src/api/errors.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { Store } from '../../src/store/store.js';
import { configMap, newStore, pod, snapshot } from './helpers.js';

const names = ['a', 'b', 'c', 'd'];
const nameArb = fc.constantFrom(...names);

type Op =
  | { op: 'createConfigMap'; name: string; value: string }
  | { op: 'createPod'; name: string; app: string; node: string | null }
  | { op: 'setData'; name: string; value: string }
  | { op: 'relabel'; name: string; app: string }
  | { op: 'patchData'; name: string; value: string | null }
  | { op: 'deleteConfigMap'; name: string }
  | { op: 'deletePod'; name: string; grace: number | null }
  | { op: 'staleReplace'; name: string }
  | { op: 'invalidCreate'; name: string }
  | { op: 'invalidUpdate'; name: string }
  | { op: 'advance'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('createConfigMap' as const), name: nameArb, value: fc.string({ maxLength: 3 }) }),
  fc.record({
    op: fc.constant('createPod' as const),
    name: nameArb,
    app: fc.constantFrom('api', 'web'),
    node: fc.constantFrom(null, 'node-1', 'node-2'),
  }),
  fc.record({ op: fc.constant('setData' as const), name: nameArb, value: fc.string({ maxLength: 3 }) }),
  fc.record({ op: fc.constant('relabel' as const), name: nameArb, app: fc.constantFrom('api', 'web', 'db') }),
  fc.record({ op: fc.constant('patchData' as const), name: nameArb, value: fc.option(fc.string({ maxLength: 3 })) }),
  fc.record({ op: fc.constant('deleteConfigMap' as const), name: nameArb }),
  fc.record({ op: fc.constant('deletePod' as const), name: nameArb, grace: fc.option(fc.constantFrom(0, 5, 30)) }),
  fc.record({ op: fc.constant('staleReplace' as const), name: nameArb }),
  fc.record({ op: fc.constant('invalidCreate' as const), name: fc.constantFrom('Bad_Name', '-x', 'a'.repeat(300)) }),
  fc.record({ op: fc.constant('invalidUpdate' as const), name: nameArb }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 60_000 }) }),
);

function apply(store: Store, advance: (ms: number) => void, o: Op): void {
  const cm = { kind: 'ConfigMap', name: o.op === 'advance' ? '' : o.name };
  const po = { kind: 'Pod' as const, name: cm.name };
  switch (o.op) {
    case 'createConfigMap':
      store.create(configMap(o.name, { k: o.value }), { actor: 'test' });
      return;
    case 'createPod':
      store.create(pod(o.name, { labels: { app: o.app }, ...(o.node ? { nodeName: o.node } : {}) }));
      return;
    case 'setData':
      store.update(cm, (c) => {
        c.data = { k: o.value };
      });
      return;
    case 'relabel':
      store.update(po, (p) => {
        p.metadata.labels = { app: o.app };
      });
      return;
    case 'patchData':
      store.patch(cm, 'application/merge-patch+json', { data: { k: o.value } });
      return;
    case 'deleteConfigMap':
      store.delete(cm);
      return;
    case 'deletePod':
      store.delete(po, o.grace === null ? {} : { gracePeriodSeconds: o.grace });
      return;
    case 'staleReplace': {
      const cur = store.mustGet('ConfigMap', 'default', o.name);
      store.replace({ ...cur, metadata: { ...cur.metadata, resourceVersion: '1' }, data: { k: 'stale' } });
      return;
    }
    case 'invalidCreate':
      store.create(configMap(o.name));
      return;
    case 'invalidUpdate':
      store.update(po, (p) => {
        p.spec.containers = [];
      });
      return;
    case 'advance':
      advance(o.ms);
      return;
  }
}

type Sim = ReturnType<typeof newStore>;

/** One operation; a StatusError is the API's answer (returned as true), anything else is a bug. */
function step(sim: Sim, o: Op): boolean {
  try {
    apply(sim.store, (ms) => sim.clock.advance(ms), o);
    return false;
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    return true;
  }
}

function run(ops: Op[], sim: Sim = newStore(7)): Store {
  for (const o of ops) step(sim, o);
  return sim.store;
}

const opsArb = fc.array(opArb, { maxLength: 40 });
const kinds = ['ConfigMap', 'Pod'] as const;

describe('store properties', () => {
  it('resourceVersions strictly increase, one per committed change', () => {
    fc.assert(
      fc.property(opsArb, (ops) => {
        const store = run(ops);
        const rvs = store.trace.entries().map((e) => e.resourceVersion);
        rvs.forEach((rv, i) => expect(rv).toBe(i + 1));
        expect(store.resourceVersion).toBe(String(rvs.length));
      }),
      { numRuns: 150 },
    );
  });

  it('a failed operation leaves the store byte-for-byte unchanged', () => {
    fc.assert(
      fc.property(opsArb, (ops) => {
        const sim = newStore(7);
        for (const o of ops) {
          const before = snapshot(sim.store);
          if (step(sim, o)) expect(snapshot(sim.store)).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a watcher starting at any resourceVersion and applying its events ends with exactly list()', () => {
    fc.assert(
      fc.property(opsArb, fc.nat(), fc.constantFrom(undefined, 'app=api'), (ops, cut, labelSelector) => {
        const at = cut % (ops.length + 1);
        const sim = newStore(7);
        run(ops.slice(0, at), sim);
        const filter = labelSelector ? { labelSelector } : {};
        const mirrors = kinds.map((kind) => {
          const start = sim.store.list(kind, filter);
          const mirror = new Map<string, KubeObject>(start.items.map((o) => [o.metadata.name!, o]));
          sim.store.watch(kind, { ...filter, resourceVersion: start.resourceVersion }, (e) => {
            if (e.type === 'DELETED') mirror.delete(e.object.metadata.name!);
            else mirror.set(e.object.metadata.name!, e.object);
          });
          return mirror;
        });
        run(ops.slice(at), sim);
        kinds.forEach((kind, i) => {
          const mirrored = [...mirrors[i]!.values()].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
          expect(mirrored).toEqual(sim.store.items(kind, filter));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the same seed and operations give the same objects, byte for byte', () => {
    fc.assert(
      fc.property(opsArb, (ops) => {
        expect(snapshot(run(ops))).toBe(snapshot(run(ops)));
      }),
      { numRuns: 50 },
    );
  });
});
