/**
 * The store's index of Services by selector: `servicesSelecting` finds what listing every Service of the
 * namespace and matching its selector finds, in the same order, however Services and their selectors
 * change. fast-check prints the seed and the shrunk operations of a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newStore } from './helpers.js';

const labelSet = fc.dictionary(fc.constantFrom('app', 'tier', 'env'), fc.constantFrom('a', 'b'), { maxKeys: 3 });

type Op =
  | { op: 'put'; name: string; namespace: string; selector: Record<string, string>; externalName: boolean }
  | { op: 'delete'; name: string; namespace: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('put' as const), name: fc.constantFrom('s1', 's2', 's3', 's4'), namespace: fc.constantFrom('default', 'other'), selector: labelSet, externalName: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), name: fc.constantFrom('s1', 's2', 's3', 's4'), namespace: fc.constantFrom('default', 'other') }),
);

function service(name: string, namespace: string, selector: Record<string, string>, externalName: boolean) {
  const spec = externalName ? { type: 'ExternalName', externalName: 'db.example.com', selector } : { selector, ports: [{ port: 80 }] };
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

describe('Services indexed by selector', () => {
  it('finds exactly the Services a scan finds, in etcd order, their current versions, after every change', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), fc.array(fc.option(labelSet, { nil: undefined }), { minLength: 1, maxLength: 2 }), (ops, given) => {
        const { store } = newStore();
        store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
        // Frozen, as a stored pod's labels are, one copy per namespace: the same sets are asked about
        // again after each change.
        const inNamespace = new Map(['default', 'other'].map((ns) => [ns, given.map((labels) => (labels ? Object.freeze({ ...labels }) : undefined))]));
        const check = () => {
          for (const [namespace, pods] of inNamespace) {
            const scan = store.items('Service', { namespace }).filter((svc) => {
              const sel = svc.spec.selector ?? {};
              if (Object.keys(sel).length === 0) return false;
              return pods.some((labels) => labels !== undefined && Object.entries(sel).every(([k, v]) => labels[k] === v));
            });
            const found = store.servicesSelecting(namespace, pods);
            expect(found.map((s) => s.metadata.name)).toEqual(scan.map((s) => s.metadata.name));
            found.forEach((svc, i) => expect(svc).toBe(scan[i]));
          }
        };
        check();
        for (const o of ops) {
          const exists = store.get('Service', o.namespace, o.name);
          if (o.op === 'delete') {
            if (exists) store.delete({ kind: 'Service', namespace: o.namespace, name: o.name });
          } else if (!exists) {
            store.create(service(o.name, o.namespace, o.selector, o.externalName));
          } else {
            store.update({ kind: 'Service', namespace: o.namespace, name: o.name }, (s) => {
              s.spec.selector = o.selector;
              s.metadata.labels = { written: String(Number(s.metadata.labels?.written ?? 0) + 1) };
            });
          }
          check();
        }
      }),
    );
  });

  it('returns Services in etcd order, whatever order they were created in', () => {
    const { store } = newStore();
    for (const name of ['s3', 's1', 's2']) store.create(service(name, 'default', { app: 'a' }, false));
    store.create(service('s0', 'default', { app: 'a', tier: 'b' }, false));
    expect(store.servicesSelecting('default', [{ app: 'a' }]).map((s) => s.metadata.name)).toEqual(['s1', 's2', 's3']);
    expect(store.servicesSelecting('default', [{ app: 'b' }, { app: 'a', tier: 'b' }]).map((s) => s.metadata.name)).toEqual(['s0', 's1', 's2', 's3']);
  });
});
