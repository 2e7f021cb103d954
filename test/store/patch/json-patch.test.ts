import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../src/api/errors.js';
import { applyJsonPatch, JSON_PATCH_REJECTED } from '../../../src/store/patch/json-patch.js';
import type { JsonValue } from '../../../src/store/patch/merge-patch.js';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

function failure(fn: () => unknown): { reason: string; code: number; message: string; cause: string | undefined } {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) {
      return { reason: e.reason, code: e.code, message: e.message, cause: e.status.details?.causes?.[0]?.message };
    }
    throw e;
  }
  throw new Error('expected a StatusError');
}

// RFC 6902 Appendix A. A.13 (duplicate "op" members) cannot be expressed once JSON is parsed.
const appendixA: { name: string; doc: JsonValue; patch: JsonValue[]; result: JsonValue }[] = [
  {
    name: 'A.1 adding an object member',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux' }],
    result: { baz: 'qux', foo: 'bar' },
  },
  {
    name: 'A.2 adding an array element',
    doc: { foo: ['bar', 'baz'] },
    patch: [{ op: 'add', path: '/foo/1', value: 'qux' }],
    result: { foo: ['bar', 'qux', 'baz'] },
  },
  {
    name: 'A.3 removing an object member',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'remove', path: '/baz' }],
    result: { foo: 'bar' },
  },
  {
    name: 'A.4 removing an array element',
    doc: { foo: ['bar', 'qux', 'baz'] },
    patch: [{ op: 'remove', path: '/foo/1' }],
    result: { foo: ['bar', 'baz'] },
  },
  {
    name: 'A.5 replacing a value',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'replace', path: '/baz', value: 'boo' }],
    result: { baz: 'boo', foo: 'bar' },
  },
  {
    name: 'A.6 moving a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    patch: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    result: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  {
    name: 'A.7 moving an array element',
    doc: { foo: ['all', 'grass', 'cows', 'eat'] },
    patch: [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    result: { foo: ['all', 'cows', 'eat', 'grass'] },
  },
  {
    name: 'A.8 testing a value: success',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    patch: [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    result: { baz: 'qux', foo: ['a', 2, 'c'] },
  },
  {
    name: 'A.10 adding a nested member object',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    result: { foo: 'bar', child: { grandchild: {} } },
  },
  {
    name: 'A.11 ignoring unrecognized elements',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
    result: { foo: 'bar', baz: 'qux' },
  },
  {
    name: 'A.14 ~ escape ordering',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: 10 }],
    result: { '/': 9, '~1': 10 },
  },
  {
    name: 'A.16 adding an array value',
    doc: { foo: ['bar'] },
    patch: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    result: { foo: ['bar', ['abc', 'def']] },
  },
  {
    name: 'copy duplicates a value',
    doc: { a: { b: 1 } },
    patch: [{ op: 'copy', from: '/a', path: '/c' }],
    result: { a: { b: 1 }, c: { b: 1 } },
  },
  {
    name: '"" as path replaces the whole document',
    doc: { a: 1 },
    patch: [{ op: 'replace', path: '', value: { b: 2 } }],
    result: { b: 2 },
  },
  {
    name: 'test compares objects regardless of member order',
    doc: { a: { x: 1, y: [1, 2] } },
    patch: [{ op: 'test', path: '/a', value: { y: [1, 2], x: 1 } }],
    result: { a: { x: 1, y: [1, 2] } },
  },
];

describe('applyJsonPatch (RFC 6902 Appendix A)', () => {
  it.each(appendixA)('$name', ({ doc, patch, result }) => {
    expect(applyJsonPatch(deepFreeze(doc), deepFreeze(patch))).toEqual(result);
  });
});

// An operation that cannot be applied: the API server's 422 from NewGenericServerResponse.
const unapplicable: { name: string; doc: JsonValue; patch: JsonValue[]; cause: string }[] = [
  {
    name: 'A.9 testing a value: error',
    doc: { baz: 'qux' },
    patch: [{ op: 'test', path: '/baz', value: 'bar' }],
    cause: 'testing value /baz failed: test failed',
  },
  {
    name: 'A.12 adding to a nonexistent target',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz/bat', value: 'qux' }],
    cause: 'add operation does not apply: doc is missing path: "/baz/bat": missing value',
  },
  {
    name: 'A.15 comparing strings and numbers',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: '10' }],
    cause: 'testing value /~01 failed: test failed',
  },
  {
    name: 'replace needs the path to exist (rollout undo without annotations)',
    doc: { metadata: { name: 'api' } },
    patch: [{ op: 'replace', path: '/metadata/annotations', value: {} }],
    cause: 'replace operation does not apply: doc is missing key: /metadata/annotations: missing value',
  },
  {
    name: 'remove needs the member to exist',
    doc: { spec: {} },
    patch: [{ op: 'remove', path: '/spec/foo' }],
    cause: "error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: missing value",
  },
  {
    name: 'an index past the end',
    doc: { a: [1] },
    patch: [{ op: 'add', path: '/a/2', value: 3 }],
    cause: "error in add for path: '/a/2': Unable to access invalid index: 2: invalid index referenced",
  },
  {
    name: 'an index with a leading zero',
    doc: { a: [1, 2] },
    patch: [{ op: 'replace', path: '/a/01', value: 3 }],
    cause: 'replace operation does not apply: doc is missing key: /a/01: missing value',
  },
  {
    name: '"-" only appends',
    doc: { a: [1] },
    patch: [{ op: 'remove', path: '/a/-' }],
    cause: "error in remove for path: '/a/-': Unable to access invalid index: -: invalid index referenced",
  },
  {
    name: 'moving a location into its own child',
    doc: { a: { b: {} } },
    patch: [{ op: 'move', from: '/a', path: '/a/b/c' }],
    cause: 'move operation does not apply: from path /a is a prefix of path /a/b/c',
  },
  {
    name: 'copy from a missing location',
    doc: {},
    patch: [{ op: 'copy', from: '/x', path: '/y' }],
    cause: 'copy operation does not apply: doc is missing from path: /x: missing value',
  },
  { name: 'an unknown op', doc: {}, patch: [{ op: 'merge', path: '/a' }], cause: 'Unexpected kind: merge' },
  { name: 'an op without a path', doc: {}, patch: [{ op: 'remove' }], cause: 'remove operation failed to decode path: missing value' },
  { name: 'an add without a value', doc: {}, patch: [{ op: 'add', path: '/a' }], cause: 'add operation has no value: missing value' },
  {
    name: 'a path that is not a JSON pointer',
    doc: {},
    patch: [{ op: 'add', path: 'a', value: 1 }],
    cause: 'invalid JSON pointer "a": it must be empty or start with "/"',
  },
];

describe('applyJsonPatch errors', () => {
  it.each(unapplicable)('$name is 422 Invalid', ({ doc, patch, cause }) => {
    expect(failure(() => applyJsonPatch(deepFreeze(doc), deepFreeze(patch)))).toEqual({
      reason: 'Invalid',
      code: 422,
      message: JSON_PATCH_REJECTED,
      cause,
    });
  });

  it.each([
    { name: 'an object', patch: { op: 'add', path: '/a', value: 1 }, got: 'object' },
    { name: 'null', patch: null, got: 'null' },
    { name: 'a list of strings', patch: ['add'], got: 'string' },
  ])('a document that is $name is 400 BadRequest', ({ patch, got }) => {
    const f = failure(() => applyJsonPatch({}, patch));
    expect([f.reason, f.code]).toEqual(['BadRequest', 400]);
    expect(f.message).toMatch(new RegExp(`^json: cannot unmarshal ${got} into Go value of type jsonpatch\\.(Patch|Operation)$`));
  });

  it('applies all or nothing: a failing op leaves no partial result', () => {
    const doc = deepFreeze({ a: 1 });
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'replace', path: '/a', value: 2 },
        { op: 'test', path: '/a', value: 1 },
      ]),
    ).toThrow(StatusError);
    expect(doc).toEqual({ a: 1 });
  });
});

describe('applyJsonPatch as kubectl rollout undo sends it', () => {
  it('replaces the template and the annotations, sharing the rest', () => {
    const deployment = deepFreeze({
      metadata: { name: 'api', annotations: { 'deployment.kubernetes.io/revision': '3' }, labels: { app: 'api' } },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'api', image: 'myapp:1.4.3' }] } } },
    });
    const template = { metadata: { creationTimestamp: null, labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'myapp:1.4.2' }] } };
    const patch = deepFreeze([
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '2' } },
    ]);
    const out = applyJsonPatch(deployment, patch) as typeof deployment;
    expect(out.spec.template).toEqual(template);
    expect(out.spec.template).not.toBe(template);
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2' });
    expect(out.metadata.labels).toBe(deployment.metadata.labels);
    expect(out.spec.replicas).toBe(3);
  });
});
