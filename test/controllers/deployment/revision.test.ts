/** deployment_util.go's revision helpers: TestEqualIgnoreHash, TestMaxRevision, SetNewReplicaSetAnnotations. */
import { describe, expect, it } from 'vitest';
import type { PodTemplateSpec } from '../../../src/api/pod.js';
import { equalIgnoreHash, MAX_REV_HISTORY_CHARS, maxRevision, newReplicaSetAnnotations, revisionOf } from '../../../src/controllers/deployment/util/revision.js';
import { dep, rs } from './fixtures.js';

const tmpl = (labels: Record<string, string>, extra: Record<string, unknown> = {}): PodTemplateSpec =>
  ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i' }] }, ...extra }) as PodTemplateSpec;

describe('equalIgnoreHash (TestEqualIgnoreHash)', () => {
  it.each([
    { name: 'same labels, same spec', a: tmpl({ foo: 'bar' }), b: tmpl({ foo: 'bar' }), equal: true },
    { name: 'same spec, same labels except the hash', a: tmpl({ foo: 'bar', 'pod-template-hash': 'x' }), b: tmpl({ foo: 'bar', 'pod-template-hash': 'y' }), equal: true },
    { name: 'hash on one side only', a: tmpl({ foo: 'bar', 'pod-template-hash': 'x' }), b: tmpl({ foo: 'bar' }), equal: true },
    { name: 'different labels', a: tmpl({ foo: 'bar' }), b: tmpl({ foo: 'baz' }), equal: false },
    { name: 'different spec', a: tmpl({ foo: 'bar' }), b: { ...tmpl({ foo: 'bar' }), spec: { containers: [{ name: 'c', image: 'j' }] } } as PodTemplateSpec, equal: false },
    { name: 'nulls and empty maps are nothing (what kubectl undo sends back)', a: tmpl({ foo: 'bar' }), b: { metadata: { labels: { foo: 'bar' }, creationTimestamp: null, annotations: {} }, spec: { containers: [{ name: 'c', image: 'i', resources: {} }] } } as unknown as PodTemplateSpec, equal: true },
  ])('$name', ({ a, b, equal }) => {
    expect(equalIgnoreHash(a, b)).toBe(equal);
    expect(equalIgnoreHash(b, a)).toBe(equal);
  });
});

describe('revisions', () => {
  it('maxRevision is the highest readable revision; an unreadable one counts as 0', () => {
    expect(maxRevision([rs('a', 0, { revision: 3 }), rs('b', 0, { revision: 11 }), rs('c', 0, { annotations: { 'deployment.kubernetes.io/revision': 'x' } })])).toBe(11);
    expect(maxRevision([])).toBe(0);
    expect(revisionOf(rs('c', 0, { annotations: { 'deployment.kubernetes.io/revision': 'x' } }))).toBeUndefined();
  });
});

describe('newReplicaSetAnnotations (SetNewReplicaSetAnnotations)', () => {
  it('a new ReplicaSet gets the revision, the replica annotations and the Deployment\'s own annotations', () => {
    const d = dep(3, { surge: 1 });
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'why', 'deployment.kubernetes.io/revision': '9', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    expect(newReplicaSetAnnotations(d, undefined, 4, false)).toEqual({
      annotations: { 'kubernetes.io/change-cause': 'why', 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
      changed: true,
    });
  });

  it('an old ReplicaSet made new again moves to the next revision and remembers the one it had', () => {
    const out = newReplicaSetAnnotations(dep(3), { 'deployment.kubernetes.io/revision': '1' }, 4, true);
    expect(out.annotations).toEqual({ 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/revision-history': '1' });
    const again = newReplicaSetAnnotations(dep(3), out.annotations, 6, true);
    expect(again.annotations['deployment.kubernetes.io/revision-history']).toBe('1,4');
  });

  it('never lowers a revision, and reports no change when there is none', () => {
    expect(newReplicaSetAnnotations(dep(3), { 'deployment.kubernetes.io/revision': '5' }, 4, true)).toEqual({ annotations: { 'deployment.kubernetes.io/revision': '5' }, changed: false });
  });

  it('drops the oldest remembered revisions past 2000 characters', () => {
    const history = Array.from({ length: 400 }, (_, i) => String(1000 + i)).join(',');
    const out = newReplicaSetAnnotations(dep(3), { 'deployment.kubernetes.io/revision': '5000', 'deployment.kubernetes.io/revision-history': history }, 5001, true);
    const kept = out.annotations['deployment.kubernetes.io/revision-history']!;
    expect(kept.length).toBeLessThanOrEqual(MAX_REV_HISTORY_CHARS);
    // 1999 characters + ",5000" is 2004: the oldest, 1000, makes room.
    expect(kept).toBe(`${history.slice('1000,'.length)},5000`);
  });
});
