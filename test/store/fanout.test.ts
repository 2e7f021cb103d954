/**
 * Watch fan-out by field value: a watcher with `spec.nodeName=<node>` is offered only the changes whose
 * pod names that node before or after. The property compares every delivery, in order across all
 * watchers, with a reference that offers every change to every watcher and lets its filter decide.
 * fast-check prints the seed and the shrunk operations of a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/pod.js';
import { compileFilter } from '../../src/store/filter.js';
import { viewThrough, type Change } from '../../src/store/watch.js';
import { newStore, pod } from './helpers.js';

const nodes = ['node-1', 'node-2', 'node-3'];
const names = ['a', 'b', 'c'];

type Op =
  | { op: 'create'; name: string; node: string | null }
  | { op: 'bind'; name: string; node: string }
  | { op: 'status'; name: string; phase: string }
  | { op: 'delete'; name: string }
  | { op: 'watch'; selector: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), name: fc.constantFrom(...names), node: fc.constantFrom(null, ...nodes) }),
  fc.record({ op: fc.constant('bind' as const), name: fc.constantFrom(...names), node: fc.constantFrom(...nodes) }),
  fc.record({ op: fc.constant('status' as const), name: fc.constantFrom(...names), phase: fc.constantFrom('Pending', 'Running') }),
  fc.record({ op: fc.constant('delete' as const), name: fc.constantFrom(...names) }),
  fc.record({
    op: fc.constant('watch' as const),
    selector: fc.constantFrom('', 'spec.nodeName=', 'spec.nodeName=node-1', 'spec.nodeName=node-2', 'spec.nodeName==node-2,status.phase=Running', 'spec.nodeName!=node-1', 'status.phase=Running'),
  }),
);

describe('watch fan-out indexed by field value', () => {
  it('delivers exactly what offering every change to every watcher delivers, in the same order', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const { store } = newStore();
        const got: string[] = [];
        const watchers: { id: number; filter: ReturnType<typeof compileFilter>; from: number }[] = [];
        const changes: Change[] = [];
        store.watch('Pod', { resourceVersion: store.resourceVersion }, (e) => {
          changes.push({ rv: Number(e.object.metadata.resourceVersion), type: e.type, kind: 'Pod', object: e.object, ...(e.previous ? { prev: e.previous } : {}) });
        });
        for (const o of ops) {
          try {
            if (o.op === 'create') store.create(pod(o.name, o.node ? { nodeName: o.node } : {}));
            else if (o.op === 'bind') store.bind({ name: o.name }, o.node);
            else if (o.op === 'delete') store.delete({ kind: 'Pod', name: o.name }, { gracePeriodSeconds: 0 });
            else if (o.op === 'status') {
              store.updateStatus({ kind: 'Pod', name: o.name }, (p: Pod) => {
                (p.status ??= {}).phase = o.phase;
              });
            } else {
              const id = watchers.length;
              watchers.push({ id, filter: compileFilter('Pod', { fieldSelector: o.selector }), from: changes.length });
              store.watch('Pod', { fieldSelector: o.selector, resourceVersion: store.resourceVersion }, (e) => {
                got.push(`${id} ${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`);
              });
            }
          } catch {
            // NotFound, AlreadyExists, Conflict: a refused write changes nothing and is not delivered
          }
        }
        const want: string[] = [];
        changes.forEach((change, i) => {
          for (const w of watchers) {
            if (i < w.from) continue;
            const e = viewThrough(w.filter, change);
            if (e) want.push(`${w.id} ${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`);
          }
        });
        expect(got).toEqual(want);
      }),
    );
  });

  it('stops delivering to a stopped indexed watcher and keeps the others', () => {
    const { store } = newStore();
    const seen: string[] = [];
    const one = store.watch('Pod', { fieldSelector: 'spec.nodeName=node-1' }, (e) => seen.push(`one ${e.object.metadata.name}`));
    store.watch('Pod', { fieldSelector: 'spec.nodeName=node-1' }, (e) => seen.push(`two ${e.object.metadata.name}`));
    store.create(pod('a', { nodeName: 'node-1' }));
    one.stop();
    store.create(pod('b', { nodeName: 'node-1' }));
    store.create(pod('c', { nodeName: 'node-2' }));
    expect(seen).toEqual(['one a', 'two a', 'two b']);
  });
});
