import { describe, expect, it } from 'vitest';
import { container, world } from './harness.js';

describe('init containers', () => {
  it('run one at a time to completion before the containers start', () => {
    const w = world({ 'migrate:1': { pullTime: '1s', readyAfter: '4s' }, 'wait:1': { pullTime: '1s', readyAfter: '2s' }, 'app:1': { pullTime: '1s' } });
    w.run('app', {
      initContainers: [container('migrate:1', { name: 'migrate' }), container('wait:1', { name: 'wait' })],
      containers: [container('app:1')],
    });
    const pod = () => w.pod('app')!.status!;
    expect(pod().initContainerStatuses!.map((s) => s.state)).toEqual([{ waiting: { reason: 'ContainerCreating' } }, { waiting: { reason: 'ContainerCreating' } }]);
    expect(pod().containerStatuses![0]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(w.condition('app', 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [migrate wait]' });
    // migrate: pulled at 1, runs 4 s to 5; wait: pulled at 6, runs 2 s to 8; app: pulled at 9.
    w.at(5);
    expect(pod().initContainerStatuses![0]).toMatchObject({ ready: true, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: w.time(1), finishedAt: w.time(5) } } });
    w.at(8);
    expect(w.condition('app', 'Initialized')).toMatchObject({ status: 'True', lastTransitionTime: w.time(8) });
    expect(pod().phase).toBe('Pending');
    w.at(9);
    expect(pod().phase).toBe('Running');
    expect(w.status('app').state.running!.startedAt).toBe(w.time(9));
    expect(w.events('app').filter((e) => e.startsWith('Started'))).toEqual(['Started: Started container migrate', 'Started: Started container wait', 'Started: Started container app']);
  });

  it('restarts a failing init container with the back-off, and fails the pod when restartPolicy is Never', () => {
    const w = world({ 'bad-init:1': { pullTime: '1s', crashAfter: '1s', exitCode: 1 }, 'app:1': {} });
    w.run('retry', { initContainers: [container('bad-init:1', { name: 'init' })], containers: [container('app:1')] });
    w.run('once', { restartPolicy: 'Never', initContainers: [container('bad-init:1', { name: 'init' })], containers: [container('app:1')] });
    w.at(4);
    expect(w.pod('retry')!.status!.phase).toBe('Pending');
    expect(w.pod('retry')!.status!.initContainerStatuses![0]).toMatchObject({ restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } });
    expect(w.pod('once')!.status!.phase).toBe('Failed');
    expect(w.pod('once')!.status!.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(w.workers.logs('default', 'once', 'init')).toBe('bad-init:1 starting\n');
    expect(() => w.workers.logs('default', 'once')).toThrow('container "app" in pod "once" is waiting to start: PodInitializing');
  });
});
