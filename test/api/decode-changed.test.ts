import fc from 'fast-check';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeChanged, type Issue } from '../../src/api/decode-changed.js';
import { EndpointSubsetSchema } from '../../src/api/endpoints.js';
import { deepFreeze } from '../../src/api/freeze.js';
import { PodSchema, PodStatusSchema, type PodStatus } from '../../src/api/pod.js';

const stored = PodStatusSchema.parse({
  phase: 'Running',
  podIP: '10.244.1.5',
  conditions: [
    { type: 'Ready', status: 'True' },
    { type: 'PodScheduled', status: 'True' },
  ],
  containerStatuses: [
    { name: 'api', ready: true, restartCount: 0, image: 'api:1', imageID: '', state: { running: { startedAt: '2024-01-01T00:00:02Z' } } },
    { name: 'sidecar', ready: true, restartCount: 2, image: 'envoy', imageID: '', state: { running: {} }, custom: { kept: true } },
  ],
  future: 'kept',
});

type Cond = NonNullable<PodStatus['conditions']>[number];

function decode(next: unknown) {
  const issues: Issue[] = [];
  const data = decodeChanged(PodStatusSchema, next, stored, ['status'], issues);
  return { data, issues: issues.map((i) => `${i.path.join('.')}: ${i.code}`) };
}

/** Anything at all where a field belongs: valid values, wrong types, null, nothing. */
const anyLeaf = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 3 }));

/**
 * Walks `input` with no stored version and holds the result to zod's full decode: the same data, keys in
 * the same order, or problems at the same paths. Returns whether the input decoded.
 */
function expectWalkToMatchZod(schema: typeof PodSchema | typeof PodStatusSchema, input: unknown): boolean {
  const full = schema.safeParse(input);
  const issues: Issue[] = [];
  const data = decodeChanged(schema, input, undefined, [], issues);
  expect(issues.length === 0).toBe(full.success);
  if (full.success) expect(JSON.stringify(data)).toBe(JSON.stringify(full.data));
  else expect(issues.map((i) => i.path.join('.')).sort()).toEqual(full.error.issues.map((i) => i.path.join('.')).sort());
  return full.success;
}

describe('decodeChanged', () => {
  it('keeps untouched subtrees by reference and decodes the changed one', () => {
    const next = produce(stored, (s) => {
      s.containerStatuses![1]!.ready = false;
    });
    const { data, issues } = decode(next);
    const out = data as PodStatus;
    expect(issues).toEqual([]);
    expect(out.conditions).toBe(stored.conditions);
    expect(out.containerStatuses![0]).toBe(stored.containerStatuses![0]);
    expect(out.containerStatuses![1]).toMatchObject({ ready: false, custom: { kept: true } });
    expect(out).toEqual(PodStatusSchema.parse(next));
  });

  it.each([
    { change: 'an insertion at the front', conditions: (c: Cond[]) => [{ type: 'Initialized', status: 'True' }, ...c], kept: [1, 2] },
    { change: 'a removal at the front', conditions: (c: Cond[]) => c.slice(1), kept: [0] },
    { change: 'a new order', conditions: (c: Cond[]) => [c[1]!, c[0]!], kept: [0, 1] },
    { change: 'an insertion between', conditions: (c: Cond[]) => [c[0]!, { type: 'Initialized', status: 'True' }, c[1]!], kept: [0, 2] },
  ])('keeps the stored elements of an array after $change, and decodes the new ones', ({ conditions, kept }) => {
    const next = { ...stored, conditions: conditions(stored.conditions!) };
    const { data, issues } = decode(next);
    const out = (data as PodStatus).conditions!;
    expect(issues).toEqual([]);
    for (const i of kept) expect(stored.conditions).toContain(out[i]);
    expect(out).toEqual(PodStatusSchema.parse(next).conditions);
  });

  it('still refuses a bad element inserted before stored ones', () => {
    const next = { ...stored, conditions: [{ type: 'Initialized', status: 7 }, ...stored.conditions!] };
    expect(decode(next).issues).toEqual(['status.conditions.0.status: invalid_type']);
  });

  it('reports a wrong type deep in a changed subtree with its full path', () => {
    const next = produce(stored, (s) => {
      (s.containerStatuses![0] as { restartCount: unknown }).restartCount = 'one';
    });
    expect(decode(next).issues).toEqual(['status.containerStatuses.0.restartCount: invalid_type']);
  });

  it('gives a removed field its default or its Required error, as a full decode does', () => {
    const next = produce(stored, (s) => {
      delete (s.containerStatuses![0] as { name?: string }).name;
    });
    expect(decode(next).issues).toEqual(['status.containerStatuses.0.name: invalid_type']);
  });

  it('equals a full decode for any change to any field', () => {
    const leaf = fc.oneof(fc.constant(undefined), fc.boolean(), fc.integer(), fc.string({ maxLength: 3 }), fc.constant({}));
    const pathArb = fc.constantFrom(
      ['phase'],
      ['podIP'],
      ['conditions', 0, 'status'],
      ['conditions', 1],
      ['containerStatuses', 0, 'ready'],
      ['containerStatuses', 1, 'state'],
      ['containerStatuses', 1, 'custom', 'kept'],
      ['containerStatuses', 2],
      ['future'],
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(pathArb, leaf), { maxLength: 4 }), (edits) => {
        const next = produce(stored, (draft) => {
          for (const [path, value] of edits) {
            let at = draft as unknown as Record<PropertyKey, unknown>;
            for (const k of path.slice(0, -1)) {
              const child = at[k as string];
              if (typeof child !== 'object' || child === null) return;
              at = child as Record<PropertyKey, unknown>;
            }
            at[path[path.length - 1] as string] = value;
          }
        });
        const full = PodStatusSchema.safeParse(next);
        const { data, issues } = decode(next);
        expect(issues.length === 0).toBe(full.success);
        if (full.success) expect(JSON.stringify(data)).toBe(JSON.stringify(full.data));
      }),
    );
  });

  it('equals a full decode for a status with no stored version, field by field, valid or not', () => {
    const condition = fc.record({ type: fc.oneof(fc.constantFrom('Ready', 'PodScheduled'), anyLeaf), status: fc.oneof(fc.constantFrom('True', 'False'), anyLeaf), lastTransitionTime: anyLeaf });
    const container = fc.record({
      name: fc.oneof(fc.constant('api'), anyLeaf),
      ready: anyLeaf,
      restartCount: fc.oneof(fc.nat(5), anyLeaf),
      image: fc.oneof(fc.constant('api:1'), anyLeaf),
      imageID: anyLeaf,
      state: fc.oneof(anyLeaf, fc.record({ running: fc.oneof(anyLeaf, fc.record({ startedAt: anyLeaf })) })),
    });
    const status = fc.record(
      { phase: anyLeaf, podIP: anyLeaf, conditions: fc.oneof(anyLeaf, fc.array(condition, { maxLength: 2 })), containerStatuses: fc.oneof(anyLeaf, fc.array(container, { maxLength: 2 })), future: anyLeaf },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(status, (next) => void expectWalkToMatchZod(PodStatusSchema, next)));
  });

  it('equals a full decode for frozen statuses handed on, the second time as the first', () => {
    const condition = fc.record({ type: fc.oneof(fc.constantFrom('Ready', 'PodScheduled'), anyLeaf), status: fc.oneof(fc.constantFrom('True', 'False'), anyLeaf), lastProbeTime: anyLeaf, reason: anyLeaf });
    const container = fc.record({ name: fc.oneof(fc.constant('api'), anyLeaf), restartCount: fc.oneof(fc.nat(5), anyLeaf), state: fc.oneof(anyLeaf, fc.record({ running: fc.oneof(anyLeaf, fc.record({ startedAt: anyLeaf })) })) });
    const status = fc.record(
      { phase: anyLeaf, conditions: fc.oneof(anyLeaf, fc.array(condition, { maxLength: 2 })), containerStatuses: fc.oneof(anyLeaf, fc.array(container, { maxLength: 2 })), future: anyLeaf },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(status, (next) => {
        const frozen = deepFreeze(next);
        expectWalkToMatchZod(PodStatusSchema, frozen);
        expectWalkToMatchZod(PodStatusSchema, frozen);
      }),
    );
    // Over a stored version, which shares some of their parts or holds equal ones: still what zod decodes.
    const valid = status.filter((s) => PodStatusSchema.safeParse(s).success);
    fc.assert(
      fc.property(valid, valid, fc.boolean(), (next, other, share) => {
        const previous = deepFreeze(PodStatusSchema.parse(other));
        const input = deepFreeze(share ? { ...next, conditions: previous.conditions, containerStatuses: previous.containerStatuses } : next);
        const issues: Issue[] = [];
        const data = decodeChanged(PodStatusSchema, input, previous, [], issues);
        expect(issues).toEqual([]);
        expect(JSON.stringify(data)).toBe(JSON.stringify(PodStatusSchema.parse(input)));
      }),
    );
  });

  it('hands back a frozen part as it is, the stored one when it holds the same values, and a copy when out of order', () => {
    const walk = (value: unknown, previous?: unknown) => {
      const issues: Issue[] = [];
      const out = decodeChanged(PodStatusSchema, value, previous, [], issues);
      expect(issues).toEqual([]);
      return out as PodStatus;
    };
    const ready = deepFreeze({ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:05Z' });
    const first = walk({ conditions: [ready] });
    expect(walk({ conditions: [ready] }).conditions![0]).toBe(ready);
    expect(first.conditions![0]).toEqual(ready);

    const storedReady = deepFreeze({ ...ready });
    const prev = deepFreeze({ conditions: [deepFreeze({ type: 'PodScheduled', status: 'True' }), storedReady] });
    expect(walk({ conditions: [ready] }, prev).conditions![0]).toBe(ready);
    const shifted = walk(deepFreeze({ conditions: [storedReady, ready] }), prev);
    expect(shifted.conditions![0]).toBe(storedReady);
    // Where the stored array holds the same values, the stored element is kept: it is what a walk gives.
    expect(shifted.conditions![1]).toBe(storedReady);
    const again = walk(deepFreeze({ phase: 'Running' }), deepFreeze({ phase: 'Running' }));
    expect(again).toEqual({ phase: 'Running' });

    // A part within a part, frozen too: the container's state is taken as it is, and so is the container.
    const container = deepFreeze({ name: 'api', state: { running: { startedAt: '2024-01-01T00:00:02Z' } }, ready: true, restartCount: 0, image: 'api:1', imageID: '' });
    expect(walk({ containerStatuses: [container] }).containerStatuses![0]).toBe(container);

    const backwards = deepFreeze({ status: 'True', type: 'Ready' });
    const copied = walk({ conditions: [backwards] }).conditions![0]!;
    expect(copied).not.toBe(backwards);
    expect(Object.keys(copied)).toEqual(['type', 'status']);
  });

  it('walks a whole new Pod to what zod decodes, keys in the same order', () => {
    // Mostly what the field takes, now and then anything at all.
    const or = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: anyLeaf });
    const opt = { requiredKeys: [] as never[] };
    const container = fc.record(
      {
        image: or(fc.constant('nginx')),
        name: or(fc.constantFrom('app', 'side')),
        ports: or(fc.array(fc.record({ protocol: or(fc.constantFrom('TCP', 'UDP')), containerPort: or(fc.integer({ min: 1, max: 65535 })), name: or(fc.constant('http')) }, opt), { maxLength: 2 })),
        resources: or(fc.record({ requests: or(fc.dictionary(fc.constantFrom('cpu', 'memory'), or(fc.constantFrom('10m', '1Gi')))) }, opt)),
        env: or(fc.array(fc.record({ value: or(fc.constant('v')), name: fc.constantFrom('A', 'B') }, opt), { maxLength: 2 })),
        extra: or(fc.string({ maxLength: 2 })),
      },
      { requiredKeys: ['name', 'image'] },
    );
    const pod = fc.record(
      {
        spec: or(fc.record({ restartPolicy: or(fc.constantFrom('Always', 'Never')), containers: or(fc.array(container, { minLength: 1, maxLength: 2 })), nodeName: or(fc.constant('node-1')) }, { requiredKeys: ['containers'] })),
        metadata: or(fc.record({ labels: or(fc.dictionary(fc.string({ maxLength: 2 }), fc.string({ maxLength: 2 }))), name: or(fc.constant('p')), generateName: or(fc.constant('p-')) }, opt)),
        kind: fc.constant('Pod'),
        apiVersion: fc.constant('v1'),
      },
      { requiredKeys: ['kind', 'apiVersion', 'spec'] },
    );
    let decoded = 0;
    fc.assert(
      fc.property(pod, (input) => {
        if (expectWalkToMatchZod(PodSchema, input)) decoded++;
        // The same input as parts of a stored object (frozen): still exactly what zod gives.
        expectWalkToMatchZod(PodSchema, deepFreeze(structuredClone(input)));
      }),
      { numRuns: 300 },
    );
    // The comparison above ran on valid pods, not only on refusals.
    expect(decoded).toBeGreaterThan(50);
  });

  it('keeps a frozen part that decodes to itself, and copies one that needs a default or is refused', () => {
    const spec = deepFreeze(PodSchema.parse({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '10m' } } }] } }).spec);
    const issues: Issue[] = [];
    const out = decodeChanged(PodSchema, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q' }, spec }, undefined, [], issues) as { spec: unknown };
    expect(issues).toEqual([]);
    expect(out.spec).toBe(spec);

    const partial = deepFreeze({ containers: [{ name: 'app', image: 'nginx' }] });
    const filled = decodeChanged(PodSchema.shape.spec, partial, undefined, [], issues) as typeof spec;
    expect(filled).not.toBe(partial);
    expect(filled.containers[0]).toMatchObject({ terminationMessagePath: '/dev/termination-log' });

    const bad = deepFreeze({ containers: [{ name: 'app', image: 7 }] });
    decodeChanged(PodSchema.shape.spec, bad, undefined, ['spec'], issues);
    expect(issues.map((i) => i.path.join('.'))).toEqual(['spec.containers.0.image']);
  });

  it('refuses a bad frozen part every time it is handed on, not only the first', () => {
    // A field left out is the one problem that leaves the rest of the object as it was.
    const bad = deepFreeze({ addresses: [{ nodeName: 'node-1' }] });
    for (let i = 0; i < 3; i++) {
      const issues: Issue[] = [];
      decodeChanged(EndpointSubsetSchema, bad, undefined, ['subsets', 0], issues);
      expect(issues.map((x) => x.path.join('.'))).toEqual(['subsets.0.addresses.0.ip']);
    }
  });

  it('judges a checked leaf by its own field: a value one field allows, another still refuses', () => {
    const int = z.number().int();
    const schema = z.looseObject({ maybe: int.nullable(), must: int });
    const walked = (value: unknown) => {
      const issues: Issue[] = [];
      decodeChanged(schema, value, undefined, [], issues);
      return issues.map((i) => i.path.join('.'));
    };
    expect(walked({ maybe: null, must: 1 })).toEqual([]);
    expect(walked({ maybe: null, must: 1 })).toEqual([]);
    expect(walked({ maybe: 1, must: null })).toEqual(['must']);
    expect(walked({ maybe: 2.5, must: 1 })).toEqual(['maybe']);
  });
});
