/** Kubernetes' progress_test.go (TestRequeueStuckDeployment, TestSyncRolloutStatus) and calculateStatus, against status.ts. */
import { describe, expect, it } from 'vitest';
import type { DeploymentCondition } from '../../../src/api/deployment.js';
import { formatTimestamp } from '../../../src/api/meta.js';
import { calculateStatus, rolloutStatus, stuckRequeueAfter } from '../../../src/controllers/deployment/status.js';
import { dep, progressing, rs, T0 } from './fixtures.js';

/** currentDeployment(pds, replicas, statusReplicas, updated, available, conditions): Recreate, observed, as Kubernetes' test builds it. */
function current(deadline: number | undefined, replicas: number, statusReplicas: number, updated: number, available: number, conditions?: DeploymentCondition[]) {
  const d = dep(replicas, { type: 'Recreate', ...(deadline !== undefined ? { deadline } : {}), status: { observedGeneration: 1, replicas: statusReplicas, updatedReplicas: updated, availableReplicas: available, ...(conditions ? { conditions } : {}) } });
  if (deadline === undefined) delete (d.spec as { progressDeadlineSeconds?: number }).progressDeadlineSeconds;
  return d;
}

/** newRSWithAvailable(name, specReplicas, statusReplicas, availableReplicas). */
const rsWith = (name: string, spec: number, status: number, available: number) => rs(name, spec, { statusReplicas: status, available });

const stuck = [{ type: 'Progressing', status: 'True', lastUpdateTime: formatTimestamp(T0) }];
const failed = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }];

describe('requeueStuckDeployment (TestRequeueStuckDeployment): when to look again, in ms (Kubernetes returns `after` and enqueues after + 1 s)', () => {
  it.each([
    { name: 'nil progressDeadlineSeconds specified', d: current(undefined, 4, 3, 3, 2), now: T0, expected: undefined },
    { name: 'infinite progressDeadlineSeconds specified', d: current(2 ** 31 - 1, 4, 3, 3, 2), now: T0, expected: undefined },
    { name: 'no progressing condition found', d: current(60, 4, 3, 3, 2), now: T0, expected: undefined },
    { name: 'complete deployment does not need to be requeued', d: current(60, 3, 3, 3, 3), now: T0, expected: undefined },
    { name: 'already failed deployment does not need to be requeued', d: current(60, 3, 3, 3, 0, failed), now: T0, expected: undefined },
    { name: 'stuck deployment - 30s', d: current(60, 3, 3, 3, 1, stuck), now: T0 + 30_000, expected: 31_000 },
    { name: 'stuck deployment - 1s', d: current(60, 3, 3, 3, 1, stuck), now: T0 + 59_000, expected: 2_000 },
    // Kubernetes re-queues these at once through its rate limiter; the simulated clock looks 1 ms after the deadline.
    { name: 'failed deployment - less than a second => now', d: current(60, 3, 3, 3, 1, stuck), now: T0 + 59_001, expected: 1000 },
    { name: 'failed deployment - now', d: current(60, 3, 3, 3, 1, stuck), now: T0 + 60_000, expected: 1 },
    { name: 'failed deployment - 1s after deadline', d: current(60, 3, 3, 3, 1, stuck), now: T0 + 61_000, expected: 1 },
    { name: 'failed deployment - 60s after deadline', d: current(60, 3, 3, 3, 1, stuck), now: T0 + 120_000, expected: 1 },
  ])('$name', ({ d, now, expected }) => {
    expect(stuckRequeueAfter(d, d.status!, now)).toBe(expected);
  });
});

const NOW = T0 + 3_600_000;
const at = (ms: number) => formatTimestamp(ms);

describe('syncRolloutStatus (TestSyncRolloutStatus, every case)', () => {
  const replicaSetUpdated = progressing('ReplicaSetUpdated', 'True', T0);
  const newRSAvailable = progressing('NewReplicaSetAvailable', 'True', T0);
  const failedTimedOut = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' };
  const progress = (cs: DeploymentCondition[] | undefined) => cs?.find((c) => c.type === 'Progressing');
  it.each([
    { name: 'General: remove Progressing condition and do not estimate progress if deployment has no Progress Deadline', d: current(undefined, 3, 2, 2, 2, [replicaSetUpdated]), all: [rsWith('bar', 0, 1, 1)], newRS: rsWith('foo', 3, 2, 2), expected: undefined },
    { name: 'General: do not estimate progress of deployment with only one active ReplicaSet', d: current(60, 3, 3, 3, 3, [newRSAvailable]), all: [rsWith('bar', 3, 3, 3)], newRS: undefined, expected: { status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: at(T0), lastTransitionTime: at(T0) } },
    { name: 'DeploymentProgressing: dont update lastTransitionTime if deployment already has Progressing=True', d: current(60, 3, 2, 2, 2, [replicaSetUpdated]), all: [rsWith('bar', 0, 1, 1)], newRS: rsWith('foo', 3, 2, 2), expected: { status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "foo" is progressing.', lastUpdateTime: at(NOW), lastTransitionTime: at(T0) } },
    { name: 'DeploymentProgressing: update everything if deployment has Progressing=False', d: current(60, 3, 2, 2, 2, [failedTimedOut]), all: [rsWith('bar', 0, 1, 1)], newRS: rsWith('foo', 3, 2, 2), expected: { status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: at(NOW), lastTransitionTime: at(NOW) } },
    { name: 'DeploymentProgressing: create Progressing condition if it does not exist', d: current(60, 3, 2, 2, 2, []), all: [rsWith('bar', 0, 1, 1)], newRS: rsWith('foo', 3, 2, 2), expected: { status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: at(NOW), lastTransitionTime: at(NOW) } },
    { name: 'DeploymentComplete: dont update lastTransitionTime if deployment already has Progressing=True', d: current(60, 3, 3, 3, 3, [replicaSetUpdated]), all: [], newRS: rsWith('foo', 3, 3, 3), expected: { status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "foo" has successfully progressed.', lastUpdateTime: at(NOW), lastTransitionTime: at(T0) } },
    { name: 'DeploymentComplete: update everything if deployment has Progressing=False', d: current(60, 3, 3, 3, 3, [failedTimedOut]), all: [], newRS: rsWith('foo', 3, 3, 3), expected: { status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: at(NOW) } },
    { name: 'DeploymentComplete: create Progressing condition if it does not exist', d: current(60, 3, 3, 3, 3, []), all: [], newRS: rsWith('foo', 3, 3, 3), expected: { status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: at(NOW) } },
    { name: 'DeploymentComplete: defend against NPE when newRS=nil', d: current(60, 0, 3, 3, 3, [replicaSetUpdated]), all: [rsWith('foo', 0, 0, 0)], newRS: undefined, expected: { status: 'True', reason: 'NewReplicaSetAvailable', message: 'Deployment "foo" has successfully progressed.' } },
    { name: 'DeploymentTimedOut: update status if rollout exceeds Progress Deadline', d: current(60, 3, 2, 2, 2, [replicaSetUpdated]), all: [], newRS: rsWith('foo', 3, 2, 2), expected: { status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "foo" has timed out progressing.', lastUpdateTime: at(NOW), lastTransitionTime: at(NOW) } },
    { name: 'DeploymentTimedOut: do not update status if deployment has existing timedOut condition', d: current(60, 3, 2, 2, 2, [progressing('ProgressDeadlineExceeded', 'False', T0)]), all: [], newRS: rsWith('foo', 3, 2, 2), expected: { status: 'False', reason: 'ProgressDeadlineExceeded', lastUpdateTime: at(T0), lastTransitionTime: at(T0) } },
  ])('$name', ({ d, all, newRS, expected }) => {
    const status = rolloutStatus([...all, ...(newRS ? [newRS] : [])], newRS, d, NOW);
    if (expected === undefined) expect(progress(status.conditions)).toBeUndefined();
    else expect(progress(status.conditions)).toMatchObject(expected);
  });
});

describe('calculateStatus', () => {
  it('counts pods from ReplicaSet status, unavailable from their spec, omits zeros, and sets Available', () => {
    const d = dep(3, { surge: 1, unavailable: 0, generation: 4 });
    const status = calculateStatus([rs('old', 2, { statusReplicas: 3, available: 3 }), rs('new', 2, { statusReplicas: 1, available: 0 })], rs('new', 2, { statusReplicas: 1, available: 0 }), d, T0);
    expect(status).toEqual({
      observedGeneration: 4,
      replicas: 4,
      updatedReplicas: 1,
      availableReplicas: 3,
      unavailableReplicas: 1,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: at(T0), lastTransitionTime: at(T0) }],
    });
  });

  it('is not Available below replicas − maxUnavailable', () => {
    const d = dep(4, { surge: 1, unavailable: 1 });
    const status = calculateStatus([rs('new', 4, { available: 2 })], undefined, d, T0);
    expect(status.conditions?.[0]).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  });
});
