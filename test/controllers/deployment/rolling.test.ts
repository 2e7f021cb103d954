/** Kubernetes' rolling_test.go cases, against the pure decisions in rolling.ts. */
import { describe, expect, it } from 'vitest';
import { cleanupUnhealthyReplicas, reconcileNewReplicaSet, reconcileOldReplicaSets, scaleDownOldReplicaSetsForRollingUpdate } from '../../../src/controllers/deployment/rolling.js';
import { dep, rs } from './fixtures.js';

describe('reconcileNewReplicaSet (TestDeploymentController_reconcileNewReplicaSet)', () => {
  it.each([
    { name: 'no surge: no room to grow', replicas: 10, surge: 0, old: 10, now: 0, expected: undefined },
    { name: 'surge 2: grows by 2', replicas: 10, surge: 2, old: 10, now: 0, expected: 2 },
    { name: 'old shrank to 5: grows to 7', replicas: 10, surge: 2, old: 5, now: 0, expected: 7 },
    { name: 'already at 12 pods: stays', replicas: 10, surge: 2, old: 10, now: 2, expected: undefined },
    { name: 'bigger than the Deployment: scaled down to it', replicas: 2, surge: 2, old: 2, now: 4, expected: 2 },
  ])('$name', ({ replicas, surge, old, now, expected }) => {
    const d = dep(replicas, { surge, unavailable: 0 });
    const newRS = rs('foo-new', now);
    expect(reconcileNewReplicaSet(d, [rs('foo-old', old, { age: 60 }), newRS], newRS)).toBe(expected);
  });
});

describe('reconcileOldReplicaSets (TestDeploymentController_reconcileOldReplicaSets)', () => {
  it.each([
    { name: 'maxUnavailable 0 and no surge becomes 1: one goes', replicas: 10, unavailable: 0, old: 10, now: 0, oldReady: 10, newReady: 0, expected: 9 },
    { name: 'maxUnavailable 2: two go', replicas: 10, unavailable: 2, old: 10, now: 0, oldReady: 10, newReady: 0, expected: 8 },
    { name: 'unhealthy old replicas are cleaned up first', replicas: 10, unavailable: 2, old: 10, now: 0, oldReady: 8, newReady: 0, expected: 8 },
    { name: 'one unhealthy cleaned up and one ready scaled down', replicas: 10, unavailable: 2, old: 10, now: 0, oldReady: 9, newReady: 0, expected: 8 },
    { name: "the new ReplicaSet's unavailable pods stop further scale-down", replicas: 10, unavailable: 2, old: 8, now: 2, oldReady: 8, newReady: 0, expected: undefined },
  ])('$name', ({ replicas, unavailable, old, now, oldReady, newReady, expected }) => {
    const d = dep(replicas, { surge: 0, unavailable });
    const oldRS = rs('foo-old', old, { age: 60, available: oldReady });
    const newRS = rs('foo-new', now, { available: newReady });
    const steps = reconcileOldReplicaSets(d, [oldRS, newRS], [oldRS], newRS);
    expect(steps.length > 0 ? steps[steps.length - 1]!.to : undefined).toBe(expected);
  });
});

describe('cleanupUnhealthyReplicas (TestDeploymentController_cleanupUnhealthyReplicas)', () => {
  it.each([
    { ready: 8, max: 1, expected: 1 },
    { ready: 8, max: 3, expected: 2 },
    { ready: 8, max: 0, expected: 0 },
    { ready: 10, max: 3, expected: 0 },
  ])('10 old replicas, $ready available, at most $max: cleans up $expected', ({ ready, max, expected }) => {
    const { cleaned, oldRSs } = cleanupUnhealthyReplicas([rs('foo-old', 10, { available: ready })], max);
    expect(cleaned).toBe(expected);
    expect(oldRSs[0]!.spec.replicas).toBe(10 - expected);
  });

  it('takes the oldest ReplicaSet first', () => {
    const { steps } = cleanupUnhealthyReplicas([rs('b', 2, { age: 10 }), rs('a', 2, { age: 20 })], 3);
    expect(steps.map((s) => [s.rs.metadata.name, s.to])).toEqual([['a', 0], ['b', 1]]);
  });
});

describe('scaleDownOldReplicaSetsForRollingUpdate (TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate)', () => {
  it.each([
    { name: 'maxUnavailable 0 becomes 1', unavailable: 0, ready: 10, old: 10, expected: 9 },
    { name: 'maxUnavailable 2', unavailable: 2, ready: 10, old: 10, expected: 8 },
    { name: 'no availability to spare', unavailable: 2, ready: 8, old: 10, expected: undefined },
    { name: 'no old replicas', unavailable: 2, ready: 10, old: 0, expected: undefined },
    { name: 'far below minimum availability', unavailable: 2, ready: 1, old: 10, expected: undefined },
  ])('$name', ({ unavailable, ready, old, expected }) => {
    const d = dep(10, { surge: 0, unavailable });
    const oldRS = rs('foo-old', old, { available: ready });
    const steps = scaleDownOldReplicaSetsForRollingUpdate(d, [oldRS], [oldRS]);
    expect(steps[0]?.to).toBe(expected);
  });
});
