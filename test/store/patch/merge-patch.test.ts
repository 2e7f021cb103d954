import { describe, expect, it } from 'vitest';
import { applyPatch, parsePatchType, type PatchType } from '../../../src/store/patch/index.js';
import { applyMergePatch, type JsonValue } from '../../../src/store/patch/merge-patch.js';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

// RFC 7386 Appendix A, row by row.
const rfc7386: { name: string; original: JsonValue; patch: JsonValue; result: JsonValue }[] = [
  { name: 'replaces a member', original: { a: 'b' }, patch: { a: 'c' }, result: { a: 'c' } },
  { name: 'adds a member', original: { a: 'b' }, patch: { b: 'c' }, result: { a: 'b', b: 'c' } },
  { name: 'null removes a member', original: { a: 'b' }, patch: { a: null }, result: {} },
  { name: 'null removes only that member', original: { a: 'b', b: 'c' }, patch: { a: null }, result: { b: 'c' } },
  { name: 'a scalar replaces an array', original: { a: ['b'] }, patch: { a: 'c' }, result: { a: 'c' } },
  { name: 'an array replaces a scalar', original: { a: 'c' }, patch: { a: ['b'] }, result: { a: ['b'] } },
  {
    name: 'objects merge recursively',
    original: { a: { b: 'c' } },
    patch: { a: { b: 'd', c: null } },
    result: { a: { b: 'd' } },
  },
  { name: 'arrays replace, never merge', original: { a: [{ b: 'c' }] }, patch: { a: [1] }, result: { a: [1] } },
  { name: 'an array patch replaces an array', original: ['a', 'b'], patch: ['c', 'd'], result: ['c', 'd'] },
  { name: 'an array patch replaces an object', original: { a: 'b' }, patch: ['c'], result: ['c'] },
  { name: 'a null patch replaces everything', original: { a: 'foo' }, patch: null, result: null },
  { name: 'a scalar patch replaces everything', original: { a: 'foo' }, patch: 'bar', result: 'bar' },
  { name: 'nulls already in the target stay', original: { e: null }, patch: { a: 1 }, result: { e: null, a: 1 } },
  { name: 'an object patch on an array starts from {}', original: [1, 2], patch: { a: 'b', c: null }, result: { a: 'b' } },
  { name: 'nulls inside new members are dropped', original: {}, patch: { a: { bb: { ccc: null } } }, result: { a: { bb: {} } } },
];

describe('applyMergePatch (RFC 7386 Appendix A)', () => {
  it.each(rfc7386)('$name', ({ original, patch, result }) => {
    expect(applyMergePatch(deepFreeze(original), deepFreeze(patch))).toEqual(result);
  });
});

describe('applyMergePatch as kubectl uses it', () => {
  it('kubectl scale: {"spec":{"replicas":5}} changes only replicas', () => {
    const scale = deepFreeze({ spec: { replicas: 3 }, status: { replicas: 3, selector: 'app=api' } });
    expect(applyMergePatch(scale, { spec: { replicas: 5 } })).toEqual({
      spec: { replicas: 5 },
      status: { replicas: 3, selector: 'app=api' },
    });
  });

  it('shares untouched subtrees with the target and copies what comes from the patch', () => {
    const target = deepFreeze({ metadata: { labels: { app: 'api' } }, spec: { replicas: 1 } });
    const patch = { spec: { template: { containers: [{ name: 'api' }] } } };
    const out = applyMergePatch(target, patch) as { metadata: unknown; spec: { template: { containers: unknown[] } } };
    expect(out.metadata).toBe(target.metadata);
    expect(out.spec.template.containers).not.toBe(patch.spec.template.containers);
    expect(out.spec.template.containers[0]).not.toBe(patch.spec.template.containers[0]);
  });

  it('keeps a "__proto__" member as data instead of changing the prototype', () => {
    const out = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// The dispatcher in src/store/patch/index.ts (kept here: it is small and its merge branch is this module).
describe('applyPatch', () => {
  const deployment = deepFreeze({ kind: 'Deployment', metadata: { name: 'api', annotations: { a: '1' } }, spec: { replicas: 3 } });

  it.each<{ type: PatchType; patch: unknown }>([
    { type: 'application/merge-patch+json', patch: { spec: { replicas: 5 } } },
    { type: 'merge', patch: { spec: { replicas: 5 } } },
    { type: 'application/strategic-merge-patch+json', patch: { spec: { replicas: 5 } } },
    { type: 'strategic', patch: { spec: { replicas: 5 } } },
    { type: 'application/json-patch+json', patch: [{ op: 'replace', path: '/spec/replicas', value: 5 }] },
    { type: 'json', patch: [{ op: 'replace', path: '/spec/replicas', value: 5 }] },
  ])('$type sets replicas to 5', ({ type, patch }) => {
    expect(applyPatch('Deployment', deployment, type, patch)).toEqual({ ...deployment, spec: { replicas: 5 } });
  });

  it('reads a Content-Type with parameters as the API server does', () => {
    expect(parsePatchType('application/strategic-merge-patch+json; charset=utf-8')).toBe('application/strategic-merge-patch+json');
  });

  it.each<{ name: string; type: PatchType; patch: unknown; message: string }>([
    { name: 'a merge patch that is an array', type: 'merge', patch: [1], message: 'a application/merge-patch+json patch must be a JSON object, got an array' },
    { name: 'a strategic merge patch that is null', type: 'strategic', patch: null, message: 'a application/strategic-merge-patch+json patch must be a JSON object, got null' },
    { name: 'a JSON patch that is an object', type: 'json', patch: { op: 'add' }, message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' },
    {
      name: 'an unsupported patch type',
      type: 'application/apply-patch+yaml' as PatchType,
      patch: {},
      message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
    },
  ])('$name is a BadRequest', ({ type, patch, message }) => {
    expect(() => applyPatch('Deployment', deployment, type, patch)).toThrow(expect.objectContaining({ reason: 'BadRequest', code: 400, message }));
  });

  it('a JSON patch that leaves something other than an object is 422', () => {
    expect(() => applyPatch('Deployment', deployment, 'json', [{ op: 'replace', path: '', value: [] }])).toThrow(
      expect.objectContaining({ reason: 'Invalid', code: 422 }),
    );
  });
});
