import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../src/api/endpointslice.js';
import { planSlices, type SliceState } from '../../../src/controllers/endpointslice/reconciler.js';

const ep = (pod: string, ready = true): Endpoint => ({
  addresses: ['10.0.0.1'],
  conditions: { ready, serving: ready, terminating: false },
  targetRef: { kind: 'Pod', name: pod },
});
const ports = [{ name: '', protocol: 'TCP', port: 80 }];
const slice = (name: string, pods: string[], portKey = 'k'): SliceState => ({ name, portKey, ports, endpoints: pods.map((p) => ep(p)) });
const pods = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const add = (pod: string, portKey = 'k') => ({ pod, desired: { endpoint: ep(pod), ports, portKey } });

function plan(slices: SliceState[], changes: ReturnType<typeof add>[] | { pod: string; desired: undefined }[], max = 10) {
  const byName = new Map(slices.map((s) => [s.name, s]));
  const where = new Map(slices.flatMap((s) => s.endpoints.map((e) => [e.targetRef!.name!, { slice: s.name, endpoint: e }] as const)));
  const p = planSlices(byName, (pod) => where.get(pod), changes, max);
  return {
    create: p.create.map((s) => s.endpoints.length),
    update: p.update.map((s) => [s.name, s.endpoints.length]),
    delete: p.delete,
  };
}

describe('planSlices (reconcileByPortMapping)', () => {
  it.each([
    {
      name: 'a new Service: endpoints in full slices, the rest in one',
      slices: [],
      changes: pods('p', 25).map((p) => add(p)),
      want: { create: [10, 10, 5], update: [], delete: [] },
    },
    {
      name: 'an unchanged endpoint costs nothing',
      slices: [slice('a', ['p0'])],
      changes: [add('p0')],
      want: { create: [], update: [], delete: [] },
    },
    {
      name: 'new endpoints go to the untouched slice they fit most snugly',
      slices: [slice('a', pods('a', 3)), slice('b', pods('b', 7)), slice('c', pods('c', 9))],
      changes: [add('n0'), add('n1'), add('n2')],
      want: { create: [], update: [['b', 10]], delete: [] },
    },
    {
      name: 'a slice being written is filled first, fullest first',
      slices: [slice('a', pods('a', 5)), slice('b', pods('b', 8))],
      changes: [{ pod: 'a0', desired: undefined }, { pod: 'b0', desired: undefined }, add('n0'), add('n1'), add('n2')],
      want: { create: [], update: [['a', 4], ['b', 10]], delete: [] },
    },
    {
      name: 'an emptied slice lends its name to the slice that would be created',
      slices: [slice('a', ['p0']), slice('b', pods('b', 10))],
      changes: [{ pod: 'p0', desired: undefined }, ...pods('n', 10).map((p) => add(p, 'other'))],
      want: { create: [], update: [['a', 10]], delete: [] },
    },
    {
      name: 'the last endpoint leaves: the slice becomes the placeholder',
      slices: [slice('a', ['p0'])],
      changes: [{ pod: 'p0', desired: undefined }],
      want: { create: [], update: [['a', 0]], delete: [] },
    },
  ])('$name', ({ slices, changes, want }) => {
    expect(plan(slices, changes as ReturnType<typeof add>[])).toEqual(want);
  });
});
