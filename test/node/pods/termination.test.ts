import { describe, expect, it } from 'vitest';
import { container, world } from './harness.js';

describe('graceful termination', () => {
  it('stops the containers after their stop time, reports it, then removes the pod', () => {
    const w = world({ 'web:1': { pullTime: '1s', stopTime: '3s' } });
    const pod = w.run('web', { containers: [container('web:1', { ports: [{ containerPort: 80 }] })] });
    w.at(10);
    w.store.delete({ kind: 'Pod', namespace: 'default', name: 'web' }, { actor: 'test' });
    expect(w.events('web')).toContain('Killing: Stopping container app');
    // SIGTERM closed the app's listener: new connections are refused while it shuts down.
    expect(w.workers.httpGet('10.244.1.2', 80, '/')).toMatchObject({ ok: false, error: 'connection refused' });
    w.at(12.999);
    expect(w.pod('web')!.metadata.deletionTimestamp).toBe(w.time(40));
    w.at(13);
    expect(w.pod('web')).toBeUndefined();
    const kubeletWrites = w.store.trace.of('Pod', 'web', 'default').filter((e) => e.actor === 'kubelet/node-1');
    const last = kubeletWrites[kubeletWrites.length - 1]!;
    expect(last.verb).toBe('delete');
    expect((last.time - w.t0) / 1000).toBe(13);
    const final = kubeletWrites[kubeletWrites.length - 2]!;
    expect(final.verb).toBe('update');
    expect(w.workers.httpGet('10.244.1.2', 80, '/')).toMatchObject({ ok: false, error: 'no route to host' });
    // The address is free again.
    w.run('next', { containers: [container('web:1')] });
    expect(w.pod('next')!.status!.podIP).toBe('10.244.1.2');
    expect(pod.metadata.uid).not.toBe(w.pod('next')!.metadata.uid);
  });

  it('runs the preStop hook first: the app serves until SIGTERM', () => {
    const w = world({ 'web:1': { pullTime: '1s', stopTime: '1s' } });
    const hook = (preStop: Record<string, unknown>) => ({ ports: [{ containerPort: 80 }], lifecycle: { preStop } });
    w.run('sleepy', { containers: [container('web:1', hook({ sleep: { seconds: 5 } }))] });
    w.run('shell', { containers: [container('web:1', hook({ exec: { command: ['/bin/sh', '-c', 'sleep 8'] } }))] });
    w.run('short', { terminationGracePeriodSeconds: 3, containers: [container('web:1', hook({ exec: { command: ['sleep', '5'] } }))] });
    w.at(10);
    for (const name of ['sleepy', 'shell', 'short']) w.store.delete({ kind: 'Pod', namespace: 'default', name }, { actor: 'test' });
    const ip = (name: string) => w.pod(name)!.status!.podIP!;
    const [sleepy, shell] = [ip('sleepy'), ip('shell')];
    w.at(14.999);
    expect(w.workers.httpGet(sleepy, 80, '/')).toMatchObject({ ok: true, status: 200 });
    w.at(15);
    expect(w.workers.httpGet(sleepy, 80, '/')).toMatchObject({ ok: false, error: 'connection refused' });
    expect(w.workers.httpGet(shell, 80, '/')).toMatchObject({ ok: true, status: 200 });
    // The grace period bounds the hook: SIGKILL at 13 s.
    expect(w.pod('short')).toBeUndefined();
    w.at(16);
    expect(w.pod('sleepy')).toBeUndefined();
    w.at(19);
    expect(w.pod('shell')).toBeUndefined();
  });

  it('records the terminated state before the deletion is confirmed', () => {
    const w = world({ 'web:1': { pullTime: '1s', stopTime: '2s' } });
    w.run('web', { containers: [container('web:1')] });
    w.at(5);
    const seen: string[] = [];
    w.store.watch('Pod', { fieldSelector: 'metadata.name=web' }, (e) => {
      const s = e.object.status!.containerStatuses![0]!;
      seen.push(`${e.type} ${e.object.status!.phase} ${s.state.terminated ? `terminated ${s.state.terminated.exitCode} ${s.state.terminated.reason}` : Object.keys(s.state)[0]}`);
    });
    w.store.delete({ kind: 'Pod', namespace: 'default', name: 'web' }, { actor: 'test' });
    w.at(60);
    expect(seen).toEqual([
      'ADDED Running running',
      'MODIFIED Running running',
      'MODIFIED Succeeded terminated 0 Completed',
      'DELETED Succeeded terminated 0 Completed',
    ]);
  });

  it('SIGKILLs after terminationGracePeriodSeconds (exit 137), and a shorter second grace brings it forward', () => {
    const w = world({ 'stubborn:1': { pullTime: '1s', stopTime: '10m' } });
    w.run('a', { terminationGracePeriodSeconds: 30, containers: [container('stubborn:1')] });
    w.run('b', { terminationGracePeriodSeconds: 30, containers: [container('stubborn:1')] });
    w.at(5);
    let exitA: unknown;
    w.store.watch('Pod', { fieldSelector: 'metadata.name=a' }, (e) => {
      exitA = e.object.status!.containerStatuses![0]!.state.terminated ?? exitA;
    });
    w.store.delete({ kind: 'Pod', namespace: 'default', name: 'a' }, { actor: 'test' });
    w.store.delete({ kind: 'Pod', namespace: 'default', name: 'b' }, { actor: 'test' });
    w.at(10);
    w.store.delete({ kind: 'Pod', namespace: 'default', name: 'b' }, { actor: 'test', gracePeriodSeconds: 2 });
    w.at(12);
    expect(w.pod('b')).toBeUndefined();
    w.at(34.999);
    expect(w.pod('a')).toBeDefined();
    w.at(35);
    expect(w.pod('a')).toBeUndefined();
    expect(exitA).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: w.time(35) });
  });

  it('removes at once a pod deleted before its containers started', () => {
    const w = world({ 'big:1': { pullTime: '1m' } });
    w.run('big', { containers: [container('big:1')] });
    w.at(3);
    w.store.delete({ kind: 'Pod', namespace: 'default', name: 'big' }, { actor: 'test' });
    expect(w.pod('big')).toBeUndefined();
    w.at(120);
    expect(w.workers.images.size).toBe(0);
  });
});

describe('a crashed node writes nothing', () => {
  it('halts every timer of every pod at once', () => {
    const w = world({ 'crash:1': { pullTime: '1s', crashAfter: '5s' }, 'web:1': { pullTime: '1s' } });
    w.run('crash', { containers: [container('crash:1')] });
    w.run('web', { containers: [container('web:1', { readinessProbe: { exec: { command: ['true'] } } })] });
    w.at(3);
    w.kubelet.crash();
    const rv = Number(w.store.list('Pod').resourceVersion);
    const workers = w.workers;
    w.at(3600);
    // Nothing but the API server expiring the Events written before the crash, an hour on.
    expect(w.store.trace.since(rv).filter((e) => !(e.actor === 'apiserver' && e.kind === 'Event'))).toEqual([]);
    // The one timer left is the API server's, for the Events' hour to live.
    expect(w.store.items('Event').length).toBeGreaterThan(0);
    expect(w.clock.pending()).toBe(1);
    expect(w.pod('web')!.status!.phase).toBe('Running');
    expect(() => workers.exec('default', 'web', undefined, ['true'])).toThrow('pods "web" not found');
  });

  it('starts the pods again after recovery, counting the lost containers as restarts', () => {
    const w = world({ 'web:1': { pullTime: '1s' } });
    w.run('web', { containers: [container('web:1')] });
    w.at(3);
    w.kubelet.crash();
    w.at(60);
    w.kubelet.recover();
    w.at(62);
    expect(w.status('web')).toMatchObject({ restartCount: 1, ready: true, state: { running: { startedAt: w.time(61) } } });
    expect(w.pod('web')!.status!.startTime).toBe(w.time(0));
  });

  it('keeps running through a partition and reports the truth when it heals', () => {
    const w = world({ 'crash:1': { pullTime: '1s', crashAfter: '5s', exitCode: 1 } });
    w.run('crash', { containers: [container('crash:1')] });
    w.at(2);
    w.kubelet.partition();
    const rv = Number(w.store.list('Pod').resourceVersion);
    w.at(30);
    expect(w.store.trace.since(rv).filter((e) => e.kind === 'Pod' || e.kind === 'Event')).toEqual([]);
    w.kubelet.heal();
    // Crashes at 6 (restarted at once), 11 (restarted at 21 after 10 s) and 26 (waiting 20 s).
    expect(w.status('crash')).toMatchObject({
      restartCount: 2,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { startedAt: w.time(21), finishedAt: w.time(26) } },
    });
  });
});
