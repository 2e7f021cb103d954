import { describe, expect, it } from 'vitest';
import { container, world } from './harness.js';

const probe = (extra: Record<string, unknown> = {}) => ({
  httpGet: { path: '/healthz', port: 8080 },
  initialDelaySeconds: 5,
  periodSeconds: 10,
  ...extra,
});

describe('a pod from bind to Ready', () => {
  it('walks Pending/ContainerCreating → Running → Ready at the first readiness probe at or after 5 s', () => {
    const w = world({ 'web:1': { pullTime: '2s', readyAfter: '3s' } });
    w.run('web', { containers: [container('web:1', { ports: [{ containerPort: 8080 }], readinessProbe: probe() })] });

    let pod = w.pod('web')!;
    expect(pod.status!.phase).toBe('Pending');
    // The fields in the order the API server prints them: the QoS class, set at creation, comes last.
    expect(Object.keys(pod.status!)).toEqual(['phase', 'conditions', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime', 'containerStatuses', 'qosClass']);
    expect(w.status('web').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(pod.status!.podIP).toBe('10.244.1.2');
    expect(pod.status!.hostIP).toBe(w.kubelet.nodeIP);
    expect(pod.status!.startTime).toBe(w.time(0));
    expect(pod.status!.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=False',
      'ContainersReady=False',
      'PodScheduled=True',
    ]);
    expect(w.condition('web', 'Ready')).toMatchObject({ reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });

    w.at(2);
    pod = w.pod('web')!;
    expect(pod.status!.phase).toBe('Running');
    expect(w.status('web')).toMatchObject({
      state: { running: { startedAt: w.time(2) } },
      ready: false,
      started: true,
      restartCount: 0,
      image: 'docker.io/library/web:1',
    });
    expect(w.status('web').imageID).toMatch(/^docker\.io\/library\/web@sha256:[0-9a-f]{64}$/);
    expect(w.status('web').containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);

    w.at(6.999);
    expect(w.condition('web', 'Ready')!.status).toBe('False');
    w.at(7);
    expect(w.condition('web', 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: w.time(7) });
    expect(w.condition('web', 'ContainersReady')).toMatchObject({ status: 'True', lastTransitionTime: w.time(7) });
    expect(w.status('web').ready).toBe(true);
    // Later probes that pass change nothing, not even the transition time.
    w.at(60);
    expect(w.condition('web', 'Ready')!.lastTransitionTime).toBe(w.time(7));

    const events = w.events('web');
    expect(events).toHaveLength(4);
    expect(events[0]).toBe('Pulling: Pulling image "web:1"');
    expect(events.slice(2)).toEqual(['Created: Created container: app', 'Started: Started container app']);
    expect(w.events('web')[1]).toMatch(/^Pulled: Successfully pulled image "web:1" in 2s \(2s including waiting\)\. Image size: \d+ bytes\.$/);
  });

  it('fails the probes while the app warms up, then is Ready at the next period (15 s)', () => {
    const w = world({ 'slow:1': { pullTime: '1s', readyAfter: '8s' } });
    w.run('slow', { containers: [container('slow:1', { ports: [{ containerPort: 8080 }], readinessProbe: probe() })] });
    w.at(6);
    expect(w.condition('slow', 'Ready')!.status).toBe('False');
    expect(w.events('slow')).toContain(
      'Unhealthy: Readiness probe failed: Get "http://10.244.1.2:8080/healthz": dial tcp 10.244.1.2:8080: connect: connection refused',
    );
    w.at(15.999);
    expect(w.condition('slow', 'Ready')!.status).toBe('False');
    w.at(16);
    expect(w.condition('slow', 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: w.time(16) });
  });

  it('is ready as soon as it runs when it has no readiness probe', () => {
    const w = world({ 'plain:1': { pullTime: '1500ms' } });
    w.run('plain', { containers: [container('plain:1')] });
    w.at(1.5);
    expect(w.condition('plain', 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: w.time(1.5) });
  });

  it('needs successThreshold passes in a row, and failureThreshold failures to be unready again', () => {
    const w = world({ 'flaky:1': { pullTime: '1s', unhealthyAfter: '40s' } });
    w.run('flaky', {
      containers: [container('flaky:1', { ports: [{ containerPort: 80 }], readinessProbe: probe({ httpGet: { path: '/', port: 80 }, initialDelaySeconds: 0, successThreshold: 2, failureThreshold: 2 }) })],
    });
    w.at(1);
    expect(w.condition('flaky', 'Ready')!.status).toBe('False');
    w.at(11);
    expect(w.condition('flaky', 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: w.time(11) });
    // Unhealthy from 41 s: failures at 41 and 51.
    w.at(50);
    expect(w.condition('flaky', 'Ready')!.status).toBe('True');
    w.at(51);
    expect(w.condition('flaky', 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: w.time(51) });
    expect(w.pod('flaky')!.status!.phase).toBe('Running');
  });

  it('holds readiness until the startup probe passes', () => {
    const w = world({ 'boot:1': { pullTime: '1s', readyAfter: '25s' } });
    w.run('boot', {
      containers: [
        container('boot:1', {
          ports: [{ containerPort: 80 }],
          startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 10, failureThreshold: 5 },
          readinessProbe: probe({ httpGet: { path: '/', port: 80 }, initialDelaySeconds: 0, periodSeconds: 7 }),
        }),
      ],
    });
    w.at(30);
    expect(w.status('boot').started).toBe(false);
    expect(w.events('boot')).toContain('Unhealthy: Startup probe failed: dial tcp 10.244.1.2:80: connect: connection refused (x3)');
    expect(w.events('boot').some((e) => e.startsWith('Unhealthy: Readiness'))).toBe(false);
    // The startup probe passes at 31 s; readiness, which skipped its runs until then, next runs at 1 + 7k = 36 s.
    w.at(31);
    expect(w.status('boot').started).toBe(true);
    expect(w.condition('boot', 'Ready')!.status).toBe('False');
    w.at(36);
    expect(w.condition('boot', 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: w.time(36) });
  });

  it('is Ready only when every container is, naming the ones that are not', () => {
    const w = world({ 'web:1': { pullTime: '1s' }, 'cache:1': { pullTime: '1s', readyAfter: '12s' } });
    w.run('two', {
      containers: [
        container('web:1', { name: 'web' }),
        container('cache:1', { name: 'cache', ports: [{ containerPort: 6379 }], readinessProbe: { tcpSocket: { port: 6379 }, periodSeconds: 5 } }),
      ],
    });
    w.at(1);
    expect(w.condition('two', 'Ready')).toMatchObject({ status: 'False', message: 'containers with unready status: [cache]' });
    // The cache listens at 13 s; its probes run at 1, 6, 11, 16 s.
    w.at(15.999);
    expect(w.condition('two', 'ContainersReady')!.status).toBe('False');
    w.at(16);
    expect(w.condition('two', 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: w.time(16) });
  });

  it('writes the status only when it changes: passing probes for an hour cost nothing', () => {
    const w = world({ 'web:1': { pullTime: '1s' } });
    w.run('quiet', {
      containers: [container('web:1', { ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } })],
    });
    w.at(3600);
    const writes = w.store.trace.of('Pod', 'quiet', 'default').filter((e) => e.actor === 'kubelet/node-1');
    // ContainerCreating at 0 s, Running at 1 s, Ready at 1 s (the first probe runs at the start).
    expect(writes.map((e) => (e.time - w.t0) / 1000)).toEqual([0, 1, 1]);
  });
});
