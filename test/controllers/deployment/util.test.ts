import { describe, expect, it } from 'vitest';
import type { Deployment, DeploymentStatus } from '../../../src/api/deployment.js';
import type { IntOrString } from '../../../src/api/intstr.js';
import type { ReplicaSet } from '../../../src/api/replicaset.js';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  newDeploymentCondition,
  Reason,
  removeDeploymentCondition,
  setDeploymentCondition,
} from '../../../src/controllers/deployment/util/conditions.js';
import { canonicalJson, computeHash, safeEncodeString } from '../../../src/controllers/deployment/util/hash.js';
import { maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts } from '../../../src/controllers/deployment/util/replicas.js';
import { NAME_ALPHABET } from '../../../src/sim/rng.js';

function deployment(replicas: number, opts: { type?: string; surge?: IntOrString; unavailable?: IntOrString; status?: DeploymentStatus; generation?: number; deadline?: number } = {}): Deployment {
  const type = opts.type ?? 'RollingUpdate';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', generation: opts.generation ?? 1 },
    spec: {
      replicas,
      template: { metadata: {}, spec: { containers: [] } } as never,
      strategy: type === 'RollingUpdate' ? { type, rollingUpdate: { maxSurge: opts.surge ?? '25%', maxUnavailable: opts.unavailable ?? '25%' } } : { type },
      minReadySeconds: 0,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: opts.deadline ?? 600,
    },
    ...(opts.status ? { status: opts.status } : {}),
  };
}

function rs(replicas: number): ReplicaSet {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-x' }, spec: { replicas, minReadySeconds: 0, template: {} as never }, status: { replicas } };
}

describe('resolveFenceposts (Kubernetes TestResolveFenceposts)', () => {
  const cases: [name: string, surge: IntOrString | undefined, unavailable: IntOrString | undefined, desired: number, expected: [number, number]][] = [
    ['0% of 0: unavailability becomes 1 so a rollout can move', '0%', '0%', 0, [0, 1]],
    ['39% of 10: surge rounds up, unavailability rounds down', '39%', '39%', 10, [4, 3]],
    ['no surge given', undefined, '39%', 10, [0, 3]],
    ['no unavailability given', '39%', undefined, 10, [4, 0]],
    ['neither given', undefined, undefined, 10, [0, 1]],
    ['25% of 10, the defaults', '25%', '25%', 10, [3, 2]],
    ['25% of 3', '25%', '25%', 3, [1, 0]],
    ['integers', 2, 1, 10, [2, 1]],
  ];
  it.each(cases)('%s', (_name, surge, unavailable, desired, [s, u]) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual({ surge: s, unavailable: u });
  });

  it('refuses a value that is neither an integer nor a percentage', () => {
    expect(() => resolveFenceposts('oops', '39%', 10)).toThrow();
  });
});

describe('maxUnavailable (Kubernetes TestMaxUnavailable)', () => {
  const cases: [name: string, d: Deployment, expected: number][] = [
    ['less than replicas', deployment(10, { surge: 1, unavailable: 5 }), 5],
    ['equal to replicas', deployment(10, { surge: 1, unavailable: 10 }), 10],
    ['greater than replicas', deployment(5, { surge: 1, unavailable: 10 }), 5],
    ['replicas is 0', deployment(0, { surge: 1, unavailable: 10 }), 0],
    ['Recreate strategy', deployment(10, { type: 'Recreate' }), 0],
    ['percent less than replicas', deployment(10, { surge: 1, unavailable: '50%' }), 5],
    ['percent greater than replicas is capped', deployment(5, { surge: 1, unavailable: '100%' }), 5],
  ];
  it.each(cases)('%s', (_name, d, expected) => {
    expect(maxUnavailable(d)).toBe(expected);
  });

  it('gives no surge to a Recreate Deployment', () => {
    expect(maxSurge(deployment(10, { type: 'Recreate' }))).toBe(0);
    expect(maxSurge(deployment(10))).toBe(3);
  });
});

describe('newRSNewReplicas (Kubernetes TestNewRSNewReplicas)', () => {
  const cases: [name: string, type: string, depReplicas: number, newRSReplicas: number, surge: number, expected: number][] = [
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ];
  it.each(cases)('%s', (_name, type, depReplicas, newRSReplicas, surge, expected) => {
    const d = deployment(depReplicas, { type, surge, unavailable: 1 });
    expect(newRSNewReplicas(d, [rs(5)], rs(newRSReplicas))).toBe(expected);
  });

  it('steps a 10-replica rollout within its surge: 13 pods at most', () => {
    const d = deployment(10);
    const old = rs(10);
    const fresh = rs(0);
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(3);
    expect(newRSNewReplicas(d, [rs(8), rs(3)], rs(3))).toBe(5);
  });
});

const status = (replicas: number, updated: number, ready: number, available: number, observedGeneration = 1): DeploymentStatus => ({
  replicas,
  updatedReplicas: updated,
  readyReplicas: ready,
  availableReplicas: available,
  observedGeneration,
});

describe('deploymentComplete (Kubernetes TestDeploymentComplete)', () => {
  const cases: [name: string, desired: number, s: DeploymentStatus, expected: boolean][] = [
    ['not complete: min but not all pods become available', 5, status(5, 5, 5, 4), false],
    ['not complete: min availability is not honored', 5, status(5, 5, 5, 3), false],
    ['complete', 5, status(5, 5, 5, 5), true],
    ['not complete: all pods are available but not updated', 5, status(5, 4, 5, 5), false],
    ['not complete: still running old pods', 1, status(2, 1, 1, 1), false],
    ['not complete: one replica deployment never comes up', 1, status(1, 1, 0, 0), false],
    ['not complete: the spec change is not observed yet', 5, status(5, 5, 5, 5, 0), false],
  ];
  it.each(cases)('%s', (_name, desired, s, expected) => {
    expect(deploymentComplete(deployment(desired), s)).toBe(expected);
  });
});

describe('deploymentProgressing (Kubernetes TestDeploymentProgressing)', () => {
  const cases: [name: string, before: DeploymentStatus, after: DeploymentStatus, expected: boolean][] = [
    ['progressing: updated pods', status(10, 4, 4, 4), status(10, 6, 4, 4), true],
    ['not progressing', status(10, 4, 4, 4), status(10, 4, 4, 4), false],
    ['progressing: old pods removed', status(10, 4, 6, 6), status(8, 4, 6, 6), true],
    ['not progressing: less new pods', status(10, 7, 3, 3), status(10, 6, 3, 3), false],
    ['progressing: less overall but more new pods', status(10, 4, 7, 7), status(8, 8, 5, 5), true],
    ['progressing: more ready pods', status(10, 10, 9, 8), status(10, 10, 10, 8), true],
    ['progressing: more available pods', status(10, 10, 10, 9), status(10, 10, 10, 10), true],
  ];
  it.each(cases)('%s', (_name, before, after, expected) => {
    expect(deploymentProgressing(deployment(10, { status: before }), after)).toBe(expected);
  });
});

describe('deploymentTimedOut (Kubernetes TestDeploymentTimedOut)', () => {
  const at = (min: number, sec: number) => Date.UTC(2016, 0, 1, 0, min, sec);
  const withProgressing = (reason: string, from: number): DeploymentStatus => ({
    conditions: [newDeploymentCondition('Progressing', 'True', reason, '', from)],
  });
  const cases: [name: string, deadline: number, s: DeploymentStatus, now: number, expected: boolean][] = [
    ['infinite progressDeadlineSeconds - no timeout', 2 ** 31 - 1, withProgressing('', at(1, 9)), at(1, 20), false],
    ['10s, 00:01:20 - 00:01:09 = 11s', 10, withProgressing('', at(1, 9)), at(1, 20), true],
    ['10s, 00:01:20 - 00:01:11 = 9s', 10, withProgressing('', at(1, 11)), at(1, 20), false],
    ['previous status was a complete deployment', 10, withProgressing(Reason.NewRSAvailable, at(0, 0)), at(59, 0), false],
    ['no Progressing condition yet', 10, {}, at(59, 0), false],
  ];
  it.each(cases)('%s', (_name, deadline, s, now, expected) => {
    expect(deploymentTimedOut(deployment(3, { deadline }), s, now)).toBe(expected);
  });
});

describe('conditions (Kubernetes TestSetCondition, TestRemoveCondition)', () => {
  it('sets, overwrites, and keeps lastTransitionTime while the status stays', () => {
    const s: DeploymentStatus = {};
    setDeploymentCondition(s, newDeploymentCondition('Progressing', 'True', Reason.NewReplicaSet, 'a', 1000));
    setDeploymentCondition(s, newDeploymentCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'b', 1000));
    setDeploymentCondition(s, newDeploymentCondition('Progressing', 'True', Reason.ReplicaSetUpdated, 'c', 61_000));
    expect(s.conditions?.map((c) => c.type)).toEqual(['Available', 'Progressing']);
    expect(s.conditions?.[1]).toMatchObject({ reason: 'ReplicaSetUpdated', lastUpdateTime: '1970-01-01T00:01:01Z', lastTransitionTime: '1970-01-01T00:00:01Z' });
    const before = s.conditions;
    setDeploymentCondition(s, newDeploymentCondition('Progressing', 'True', Reason.ReplicaSetUpdated, 'd', 99_000));
    expect(s.conditions).toBe(before);
    removeDeploymentCondition(s, 'Available');
    removeDeploymentCondition(s, 'ReplicaFailure');
    expect(s.conditions?.map((c) => c.type)).toEqual(['Progressing']);
    removeDeploymentCondition(s, 'Progressing');
    expect(s).toEqual({});
  });
});

describe('computeHash (pod-template-hash)', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } };

  it('is the same for the same template, whatever the key order', () => {
    const reordered = { spec: { containers: [{ image: 'nginx:1.25', name: 'web' }] }, metadata: { labels: { app: 'web' } } };
    expect(computeHash(reordered)).toBe(computeHash(template));
  });

  it('changes with the template and with the collision count', () => {
    const changed = { ...template, spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } };
    expect(computeHash(changed)).not.toBe(computeHash(template));
    expect(computeHash(template, 1)).not.toBe(computeHash(template));
    expect(computeHash(template, 1)).not.toBe(computeHash(template, 2));
  });

  it('looks like a Kubernetes hash: 1–10 characters of the name alphabet', () => {
    for (const image of ['a', 'b', 'nginx', 'myapp:1.4.3']) {
      const h = computeHash({ spec: { containers: [{ name: 'c', image }] } });
      expect(h).toMatch(new RegExp(`^[${NAME_ALPHABET}]{1,10}$`));
    }
  });

  it('safe-encodes character by character', () => {
    // Decimal digits land on 4–9 and b, c, d, f: hence hashes like 7d8f9c6b4.
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(canonicalJson({ b: 1, a: [true, null, undefined], c: undefined })).toBe('{"a":[true,null,null],"b":1}');
  });
});
