/** Kubernetes' sync_test.go TestScale and TestDeploymentController_cleanupDeployment, against scale.ts and replicasets.ts. */
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../src/api/deployment.js';
import type { ReplicaSet } from '../../../src/api/replicaset.js';
import { replicaSetsToCleanUp } from '../../../src/controllers/deployment/replicasets.js';
import { getProportion, isScalingEvent, planScale } from '../../../src/controllers/deployment/scale.js';
import { maxSurge } from '../../../src/controllers/deployment/util/replicas.js';
import { dep, rs } from './fixtures.js';

/** SetReplicasAnnotations as the test does: sized for the old Deployment (or a given desired count). */
function sizedFor(r: ReplicaSet, old: Deployment, desired = old.spec.replicas): ReplicaSet {
  const annotations = { 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(desired + maxSurge(old)) };
  return { ...r, metadata: { ...r.metadata, annotations } };
}

const NEW = 0;
const OLD = 60;
const OLDER = 120;

const cases: Array<{ name: string; d: Deployment; old: Deployment; newRS?: [string, number]; oldRSs: Array<[string, number, number]>; expectNew?: number; expectOld: number[]; desired?: Record<string, number>; newAvailable?: number }> = [
  { name: 'normal scaling event: 10 -> 12', d: dep(12), old: dep(10), newRS: ['foo-v1', 10], oldRSs: [], expectNew: 12, expectOld: [] },
  { name: 'normal scaling event: 10 -> 5', d: dep(5), old: dep(10), newRS: ['foo-v1', 10], oldRSs: [], expectNew: 5, expectOld: [] },
  { name: 'proportional scaling: 5 -> 10', d: dep(10), old: dep(5), newRS: ['foo-v2', 2], oldRSs: [['foo-v1', 3, OLD]], expectNew: 4, expectOld: [6] },
  { name: 'proportional scaling: 5 -> 3', d: dep(3), old: dep(5), newRS: ['foo-v2', 2], oldRSs: [['foo-v1', 3, OLD]], expectNew: 1, expectOld: [2] },
  { name: 'proportional scaling: 9 -> 4', d: dep(4), old: dep(9), newRS: ['foo-v2', 8], oldRSs: [['foo-v1', 1, OLD]], expectNew: 4, expectOld: [0] },
  { name: 'proportional scaling: 7 -> 10', d: dep(10), old: dep(7), newRS: ['foo-v3', 2], oldRSs: [['foo-v2', 3, OLD], ['foo-v1', 2, OLDER]], expectNew: 3, expectOld: [4, 3] },
  { name: 'proportional scaling: 13 -> 8', d: dep(8), old: dep(13), newRS: ['foo-v3', 2], oldRSs: [['foo-v2', 8, OLD], ['foo-v1', 3, OLDER]], expectNew: 1, expectOld: [5, 2] },
  { name: 'leftover distribution: 3 -> 4', d: dep(4), old: dep(3), newRS: ['foo-v3', 1], oldRSs: [['foo-v2', 1, OLD], ['foo-v1', 1, OLDER]], expectNew: 2, expectOld: [1, 1] },
  { name: 'leftover distribution: 3 -> 2', d: dep(2), old: dep(3), newRS: ['foo-v3', 1], oldRSs: [['foo-v2', 1, OLD], ['foo-v1', 1, OLDER]], expectNew: 1, expectOld: [1, 0] },
  { name: 'proportional scaling (no new rs): 4 -> 5', d: dep(5), old: dep(4), oldRSs: [['foo-v2', 2, OLD], ['foo-v1', 2, OLDER]], expectOld: [3, 2] },
  { name: 'proportional scaling: 6 -> 0', d: dep(0), old: dep(6), newRS: ['foo-v3', 3], oldRSs: [['foo-v2', 2, OLD], ['foo-v1', 1, OLDER]], expectNew: 0, expectOld: [0, 0] },
  { name: 'proportional scaling: 0 -> 6', d: dep(6), old: dep(6), newRS: ['foo-v3', 0], oldRSs: [['foo-v2', 0, OLD], ['foo-v1', 0, OLDER]], expectNew: 6, expectOld: [0, 0] },
  { name: 'failed rs update', d: dep(5), old: dep(5), newRS: ['foo-v3', 2], oldRSs: [['foo-v2', 1, OLD], ['foo-v1', 1, OLDER]], expectNew: 2, expectOld: [2, 1], desired: { 'foo-v2': 3 } },
  { name: 'deployment with surge pods', d: dep(20, { surge: 2 }), old: dep(10, { surge: 2 }), newRS: ['foo-v2', 6], oldRSs: [['foo-v1', 6, OLD]], expectNew: 11, expectOld: [11] },
  { name: 'change both surge and size', d: dep(50, { surge: 6 }), old: dep(10, { surge: 3 }), newRS: ['foo-v2', 5], oldRSs: [['foo-v1', 8, OLD]], expectNew: 22, expectOld: [34] },
  { name: 'saturated but broken new replica set does not affect old pods', d: dep(2, { surge: 1, unavailable: 1 }), old: dep(2, { surge: 1, unavailable: 1 }), newRS: ['foo-v2', 2], oldRSs: [['foo-v1', 1, OLD]], expectNew: 2, expectOld: [1], newAvailable: 0 },
];

describe('scale (TestScale)', () => {
  it.each(cases)('$name', (c) => {
    const size = (r: ReplicaSet) => r.spec.replicas;
    const newRS = c.newRS && sizedFor(rs(c.newRS[0], c.newRS[1], { age: NEW, available: c.newAvailable ?? c.newRS[1] }), c.old, c.desired?.[c.newRS[0]]);
    const oldRSs = c.oldRSs.map(([n, r, age]) => sizedFor(rs(n, r, { age, available: r }), c.old, c.desired?.[n]));
    const plan = planScale(c.d, newRS, oldRSs);
    const to = new Map(plan.steps.map((s) => [s.rs.metadata.name, s.to]));
    if (newRS) expect(to.get(newRS.metadata.name) ?? size(newRS)).toBe(c.expectNew);
    expect(oldRSs.map((r) => to.get(r.metadata.name) ?? size(r))).toEqual(c.expectOld);
  });

  it('"change both size and template": no new ReplicaSet yet, the old ones share 14 as 10 and 4', () => {
    const old = dep(10);
    const plan = planScale(dep(14), undefined, [sizedFor(rs('foo-v2', 7, { age: NEW }), old), sizedFor(rs('foo-v1', 3, { age: OLD }), old)]);
    expect(plan.steps.map((s) => [s.rs.metadata.name, s.to])).toEqual([['foo-v2', 10], ['foo-v1', 4]]);
  });
});

describe('getProportion (TestGetProportion, TestGetReplicaSetFraction)', () => {
  it.each([
    { name: 'nothing to add', to: 20, replicas: 5, toAdd: 0, added: 0, expected: 0 },
    { name: 'everything added already', to: 20, replicas: 5, toAdd: 3, added: 3, expected: 0 },
    { name: 'an empty ReplicaSet gets nothing', to: 20, replicas: 0, toAdd: 3, added: 0, expected: 0 },
    { name: 'share capped by what is left', to: 20, replicas: 10, toAdd: 3, added: 1, expected: 2 },
    { name: 'its fraction when less than what is left', to: 12, replicas: 5, toAdd: 3, added: 0, expected: 1 },
    { name: 'scaling down: the larger of fraction (−5) and what is left (−1)', to: 5, replicas: 10, toAdd: -3, added: -2, expected: -1 },
    { name: 'scaling to zero: the whole ReplicaSet', to: 0, replicas: 4, toAdd: -10, added: 0, expected: -4 },
  ])('$name', ({ to, replicas, toAdd, added, expected }) => {
    const d = dep(to);
    const r = sizedFor(rs('x', replicas), dep(10));
    expect(getProportion(r, d, toAdd, added)).toBe(expected);
  });
});

describe('isScalingEvent', () => {
  it('is true when an active ReplicaSet was sized for another replica count, false when sized for this one', () => {
    expect(isScalingEvent(dep(5), sizedFor(rs('a', 3), dep(3)), [])).toBe(true);
    expect(isScalingEvent(dep(3), sizedFor(rs('a', 3), dep(3)), [])).toBe(false);
    expect(isScalingEvent(dep(5), rs('a', 3), [])).toBe(false);
  });
});

describe('cleanupDeployment (TestDeploymentController_cleanupDeployment)', () => {
  const old = (name: string, spec: number, status: number, age = 0, revision?: number) => rs(name, spec, { statusReplicas: status, age, ...(revision !== undefined ? { revision } : {}) });
  it.each([
    { name: 'three empty, limit 1: two deleted', rss: [old('foo-1', 0, 0), old('foo-2', 0, 0), old('foo-3', 0, 0)], limit: 1, deleted: 2 },
    { name: 'only spec = status = 0 is deleted', rss: [old('foo-1', 0, 0), old('foo-2', 0, 1), old('foo-3', 1, 0), old('foo-4', 1, 1)], limit: 0, deleted: 1 },
    { name: 'two empty, limit 0: both deleted', rss: [old('foo-1', 0, 0), old('foo-2', 0, 0)], limit: 0, deleted: 2 },
    { name: 'none empty: none deleted', rss: [old('foo-1', 1, 1), old('foo-2', 1, 1)], limit: 0, deleted: 0 },
    { name: 'of equal revisions, the older goes', rss: [old('foo-1', 0, 0, 600), old('foo-2', 0, 0, 0)], limit: 1, deleted: 1 },
  ])('$name', ({ rss, limit, deleted }) => {
    expect(replicaSetsToCleanUp(dep(1, { history: limit }), rss)).toHaveLength(deleted);
  });

  it('deletes the lowest revisions first', () => {
    const rss = [old('c', 0, 0, 0, 5), old('a', 0, 0, 0, 2), old('b', 0, 0, 0, 3)];
    expect(replicaSetsToCleanUp(dep(1, { history: 1 }), rss).map((r) => r.metadata.name)).toEqual(['a', 'b']);
  });
});
