import { describe, expect, it } from 'vitest';
import { container, world } from './harness.js';

/** Every start of container 0 of `name`, as seconds since the world began, read from the store's watch. */
function watchStarts(w: ReturnType<typeof world>, name: string): number[] {
  const starts: number[] = [];
  w.store.watch('Pod', { fieldSelector: `metadata.name=${name}` }, (e) => {
    const at = e.object.status?.containerStatuses?.[0]?.state.running?.startedAt;
    if (!at) return;
    const s = (Date.parse(at) - w.t0) / 1000;
    if (starts[starts.length - 1] !== s) starts.push(s);
  });
  return starts;
}

describe('restarts with the crash-loop back-off', () => {
  it('restarts at once, then waits 10, 20, 40, 80, 160, 300, 300 s between crashes', () => {
    const w = world({ 'crash:1': { pullTime: '1s', crashAfter: '5s', exitCode: 2 } });
    const starts = watchStarts(w, 'crash');
    w.run('crash', { containers: [container('crash:1')] });
    w.at(1000);
    const waits = starts.slice(1).map((s, i) => s - (starts[i]! + 5));
    expect(waits).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    expect(starts).toEqual([1, 6, 21, 46, 91, 176, 341, 646, 951]);
  });

  it('shows CrashLoopBackOff with the last termination while it waits', () => {
    const w = world({ 'crash:1': { pullTime: '1s', crashAfter: '5s', exitCode: 2 } });
    const pod = w.run('crash', { containers: [container('crash:1')] });
    w.at(11);
    const s = w.status('crash');
    expect(s.state.waiting).toEqual({
      reason: 'CrashLoopBackOff',
      message: `back-off 10s restarting failed container=app pod=crash_default(${pod.metadata.uid})`,
    });
    expect(s.lastState!.terminated).toMatchObject({ exitCode: 2, reason: 'Error', startedAt: w.time(6), finishedAt: w.time(11) });
    expect(s.restartCount).toBe(1);
    expect(s.ready).toBe(false);
    expect(w.pod('crash')!.status!.phase).toBe('Running');
    expect(w.condition('crash', 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    w.at(21);
    expect(w.status('crash')).toMatchObject({ state: { running: { startedAt: w.time(21) } }, restartCount: 2 });
    w.at(46);
    // The waits of 20 s were announced at the crash and again at the 10 s retry.
    expect(w.events('crash')).toContain(`BackOff: Back-off restarting failed container app in pod crash_default(${pod.metadata.uid}) (x3)`);
    expect(w.events('crash')).toContain('Pulled: Container image "crash:1" already present on machine (x3)');
  });

  it('forgets the back-off after a container ran 10 minutes', () => {
    const w = world({ 'long:1': { pullTime: '1s', crashAfter: '11m' } });
    const starts = watchStarts(w, 'long');
    w.run('long', { containers: [container('long:1')] });
    w.at(1400);
    // Crashes at 661 s and 1321 s, each more than 10 min after the last: both restart at once.
    expect(starts).toEqual([1, 661, 1321]);
  });

  it('counts the time between two exits, the wait included: crashing 9 min after each start, it starts over after the 80 s wait', () => {
    const w = world({ 'nine:1': { pullTime: '1s', crashAfter: '9m' } });
    const starts = watchStarts(w, 'nine');
    w.run('nine', { containers: [container('nine:1')] });
    w.at(4500);
    const waits = starts.slice(1).map((s, i) => s - (starts[i]! + 540));
    expect(waits).toEqual([0, 10, 20, 40, 80, 0, 10]);
  });

  it('follows restartPolicy: OnFailure stops after a clean exit, Never after any', () => {
    const w = world({ 'job:1': { pullTime: '1s', crashAfter: '3s', exitCode: 0 }, 'bad:1': { pullTime: '1s', crashAfter: '3s', exitCode: 3 } });
    w.run('job', { restartPolicy: 'OnFailure', containers: [container('job:1')] });
    w.run('bad', { restartPolicy: 'Never', containers: [container('bad:1')] });
    w.at(100);
    expect(w.pod('job')!.status!.phase).toBe('Succeeded');
    expect(w.status('job').state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(w.pod('bad')!.status!.phase).toBe('Failed');
    expect(w.status('bad')).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 3, reason: 'Error' } } });
    expect(w.condition('bad', 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    // A finished pod gives its address back.
    w.run('next', { containers: [container('job:1', { name: 'x' })] });
    expect(w.pod('next')!.status!.podIP).toBe('10.244.1.2');
  });

  it('restarts OnFailure pods after a failure, with the same back-off', () => {
    const w = world({ 'oom:1': { pullTime: '1s', crashAfter: '2s', oomKilled: true, crashOnAttempts: [1, 2] } });
    w.run('oom', { restartPolicy: 'OnFailure', containers: [container('oom:1')] });
    w.at(5);
    expect(w.status('oom').state.waiting!.reason).toBe('CrashLoopBackOff');
    expect(w.status('oom').lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    // The third start (at 15 s) does not crash.
    w.at(100);
    expect(w.status('oom')).toMatchObject({ restartCount: 2, state: { running: { startedAt: w.time(15) } }, ready: true });
  });
});

describe('liveness', () => {
  it('kills and restarts a container whose liveness probe fails failureThreshold times', () => {
    const w = world({ 'sick:1': { pullTime: '1s', unhealthyAfter: '30s', stopTime: '2s' } });
    w.run('sick', {
      containers: [container('sick:1', { ports: [{ containerPort: 8080 }], livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 } })],
    });
    // Probes at 1, 11, 21 pass; 31, 41, 51 fail (unhealthy from 31 s).
    w.at(50.999);
    expect(w.status('sick').restartCount).toBe(0);
    w.at(51);
    expect(w.events('sick')).toContain('Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500 (x3)');
    expect(w.events('sick')).toContain('Killing: Container app failed liveness probe, will be restarted');
    expect(w.status('sick')).toMatchObject({ ready: false, state: { running: { startedAt: w.time(1) } } });
    w.at(53);
    expect(w.status('sick')).toMatchObject({
      restartCount: 1,
      ready: true,
      state: { running: { startedAt: w.time(53) } },
      lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: w.time(1), finishedAt: w.time(53) } },
    });
    expect(w.workers.logs('default', 'sick', 'app', { previous: true })).toBe('sick:1 starting\nlistening on :8080\nreceived SIGTERM, shutting down\n');
  });

  it('SIGKILLs an app that does not stop within the probe grace period (exit 137)', () => {
    const w = world({ 'stuck:1': { pullTime: '1s', unhealthyAfter: '0s', unhealthyResponse: 'timeout', stopTime: '1h' } });
    w.run('stuck', {
      terminationGracePeriodSeconds: 30,
      containers: [container('stuck:1', { ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5, failureThreshold: 1 } })],
    });
    // The probe at 1 s gets no answer: it fails when its 1 s timeout runs out, at 2 s.
    w.at(1.999);
    expect(w.events('stuck').some((e) => e.startsWith('Unhealthy'))).toBe(false);
    w.at(2);
    expect(w.events('stuck')).toContain(
      'Unhealthy: Liveness probe failed: Get "http://10.244.1.2:80/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    );
    w.at(32);
    expect(w.status('stuck').lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: w.time(32) });
  });

  it('waits out a long probe timeout before the next run, as Go\'s ticker does', () => {
    const w = world({ 'hung:1': { pullTime: '1s', unhealthyAfter: '0s', unhealthyResponse: 'timeout', stopTime: '0s' } });
    w.run('hung', {
      containers: [container('hung:1', { ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5, timeoutSeconds: 8, failureThreshold: 2 } })],
    });
    // Runs at 1 s (fails at 9 s) and 9 s (fails at 17 s): the second failure kills it.
    w.at(16.999);
    expect(w.events('hung').filter((e) => e.startsWith('Killing'))).toEqual([]);
    w.at(17);
    expect(w.events('hung')).toContain('Killing: Container app failed liveness probe, will be restarted');
    expect(w.status('hung').lastState!.terminated).toMatchObject({ finishedAt: w.time(17) });
  });

  it('decides an exec probe by the image files', () => {
    const w = world({ 'files:1': { pullTime: '1s', files: { '/tmp/healthy': 'ok' } } });
    w.run('files', {
      containers: [
        container('files:1', {
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 5 },
          readinessProbe: { exec: { command: ['sh', '-c', 'test -f /tmp/healthy && cat /tmp/ready'] }, periodSeconds: 5 },
        }),
      ],
    });
    w.at(30);
    expect(w.status('files')).toMatchObject({ restartCount: 0, ready: false });
    // Runs at 1, 6, …, 26 s: six failures, one Event counted six times.
    expect(w.events('files')).toContain("Unhealthy: Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory (x6)");
    expect(w.events('files').some((e) => e.includes('Liveness'))).toBe(false);
  });
});

describe('a changed image', () => {
  it('restarts a running container with the new image', () => {
    const w = world({ 'web:1': { pullTime: '1s', stopTime: '2s' }, 'web:2': { pullTime: '3s' } });
    w.run('web', { restartPolicy: 'Never', containers: [container('web:1')] });
    w.at(10);
    w.store.update({ kind: 'Pod', namespace: 'default', name: 'web' }, (p) => {
      p.spec.containers[0]!.image = 'web:2';
    }, { actor: 'kubectl' });
    expect(w.events('web')).toContain('Killing: Container app definition changed, will be restarted');
    // Stops at 12 s, pulls web:2 for 3 s, runs from 15 s — even with restartPolicy Never.
    w.at(15);
    expect(w.status('web')).toMatchObject({ restartCount: 1, image: 'docker.io/library/web:2', state: { running: { startedAt: w.time(15) } } });
  });

  it('pulls at once when a bad tag is fixed', () => {
    const w = world({ 'web:1': { pullTime: '1s' }, 'web:1.0': { exists: false, pullTime: '1s' } });
    w.run('web', { containers: [container('web:1.0')] });
    w.at(30);
    expect(w.status('web').state.waiting!.reason).toBe('ImagePullBackOff');
    w.store.update({ kind: 'Pod', namespace: 'default', name: 'web' }, (p) => {
      p.spec.containers[0]!.image = 'web:1';
    }, { actor: 'kubectl' });
    w.at(31);
    expect(w.status('web')).toMatchObject({ restartCount: 0, ready: true, state: { running: { startedAt: w.time(31) } } });
  });
});
