import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../src/api/errors.js';
import { container, world } from './harness.js';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (!isStatusError(e)) throw e;
    return `${e.reason}: ${e.message}`;
  }
  return 'no error';
}

describe('kubectl logs', () => {
  it('serves the running container, --previous the one before, and kubectl errors otherwise', () => {
    const w = world({ 'api:2': { pullTime: '1s', readyAfter: '2s', crashAfter: '10s', crashOnAttempts: [1] } });
    w.run('api', { containers: [container('api:2', { name: 'api', ports: [{ containerPort: 8080 }] })] });
    expect(errorOf(() => w.workers.logs('default', 'api'))).toBe('BadRequest: container "api" in pod "api" is waiting to start: ContainerCreating');
    w.at(2);
    expect(w.workers.logs('default', 'api')).toBe('api:2 starting\n');
    w.at(3);
    expect(w.workers.logs('default', 'api', 'api')).toBe('api:2 starting\nlistening on :8080\n');
    expect(errorOf(() => w.workers.logs('default', 'api', 'api', { previous: true }))).toBe(
      'BadRequest: previous terminated container "api" in pod "api" not found',
    );
    w.at(11);
    expect(w.workers.logs('default', 'api', undefined, { previous: true })).toBe('api:2 starting\nlistening on :8080\n');
    expect(errorOf(() => w.workers.logs('default', 'api', 'db'))).toBe('BadRequest: container db is not valid for pod api');
    expect(errorOf(() => w.workers.logs('default', 'nope'))).toBe('NotFound: pods "nope" not found');
  });

  it('asks for a container name when the pod has several', () => {
    const w = world();
    w.run('two', { initContainers: [container('busybox', { name: 'setup' })], containers: [container('a:1', { name: 'a' }), container('b:1', { name: 'b' })] });
    expect(errorOf(() => w.workers.logs('default', 'two'))).toBe(
      'BadRequest: a container name must be specified for pod two, choose one of: [a b] or one of the init containers: [setup]',
    );
  });

  it('keeps the last words of a crashed run for --previous', () => {
    const w = world({ 'api:3': { pullTime: '1s', crashAfter: '4s', crashLogs: ['Error: connect ECONNREFUSED 10.96.0.20:5432'], logs: ['starting'] } });
    w.run('api', { containers: [container('api:3')] });
    w.at(4.999);
    expect(w.workers.logs('default', 'api')).toBe('starting\n');
    w.at(5);
    expect(w.workers.logs('default', 'api', undefined, { previous: true })).toBe('starting\nError: connect ECONNREFUSED 10.96.0.20:5432\n');
  });

  it('shows the lines the image declares', () => {
    const w = world({ 'worker:1': { pullTime: '1s', logs: ['connecting to queue', 'ready'] } });
    w.run('worker', { containers: [container('worker:1')] });
    w.at(1);
    expect(w.workers.logs('default', 'worker')).toBe('connecting to queue\nready\n');
  });
});

describe('kubectl exec', () => {
  it('runs in the container with its files, environment and hostname', () => {
    const w = world({ 'api:2': { pullTime: '1s', files: { '/etc/api/config.yaml': 'replicas: 3\n' } } });
    w.run('api', { containers: [container('api:2', { env: [{ name: 'MODE', value: 'prod' }] })] });
    expect(errorOf(() => w.workers.exec('default', 'api', undefined, ['true']))).toBe('BadRequest: unable to upgrade connection: container not found ("app")');
    w.at(1);
    expect(w.workers.exec('default', 'api', 'app', ['cat', '/etc/api/config.yaml'])).toEqual({ stdout: 'replicas: 3\n', stderr: '', exitCode: 0 });
    expect(w.workers.exec('default', 'api', undefined, ['sh', '-c', 'hostname && echo $MODE'])).toEqual({ stdout: 'api\nprod\n', stderr: '', exitCode: 0 });
    expect(w.workers.exec('default', 'api', undefined, ['sh', '-c', 'exit 7']).exitCode).toBe(7);
  });

  it('refuses a completed pod', () => {
    const w = world({ 'job:1': { pullTime: '1s', crashAfter: '1s', exitCode: 0 } });
    w.run('job', { restartPolicy: 'Never', containers: [container('job:1')] });
    w.at(5);
    expect(errorOf(() => w.workers.exec('default', 'job', undefined, ['true']))).toBe(
      'BadRequest: cannot exec into a container in a completed pod; current phase is Succeeded',
    );
  });
});

describe('the data plane', () => {
  it('answers per the image model: warm-up, paths, never ready, unhealthy', () => {
    const w = world({
      'web:1': { pullTime: '1s', readyAfter: '4s', paths: ['/', '/healthz'], body: 'hello\n' },
      'stuck:1': { pullTime: '1s', neverReady: true },
      'sick:1': { pullTime: '1s', unhealthyAfter: '10s' },
      'hung:1': { pullTime: '1s', unhealthyAfter: '10s', unhealthyResponse: 'timeout' },
      'leaky:1': { pullTime: '1s', unhealthyAfter: '10s', unhealthyPaths: ['/healthz'], unhealthyResponse: 503 },
    });
    const ports = { ports: [{ containerPort: 80 }] };
    w.run('web', { containers: [container('web:1', ports)] });
    w.run('stuck', { containers: [container('stuck:1', ports)] });
    w.run('sick', { containers: [container('sick:1', ports)] });
    w.run('hung', { containers: [container('hung:1', ports)] });
    w.run('leaky', { containers: [container('leaky:1', ports)] });
    const ip = (name: string) => w.pod(name)!.status!.podIP!;
    w.at(4.999);
    expect(w.workers.httpGet(ip('web'), 80, '/')).toMatchObject({ ok: false, error: 'connection refused' });
    w.at(5);
    expect(w.workers.httpGet(ip('web'), 80, '/')).toEqual({ ok: true, status: 200, body: 'hello\n' });
    expect(w.workers.httpGet(ip('web'), 80, '/healthz?full=1')).toMatchObject({ status: 200 });
    expect(w.workers.httpGet(ip('web'), 80, '/admin')).toEqual({ ok: true, status: 404, body: '404 page not found\n' });
    expect(w.workers.tcpConnect(ip('web'), 80)).toEqual({ ok: true, status: 0, body: '' });
    expect(w.workers.httpGet(ip('stuck'), 80, '/')).toMatchObject({ ok: true, status: 503 });
    expect(w.workers.httpGet(ip('sick'), 80, '/')).toMatchObject({ ok: true, status: 200 });
    w.at(11);
    expect(w.workers.httpGet(ip('sick'), 80, '/')).toMatchObject({ ok: true, status: 500 });
    expect(w.workers.httpGet(ip('hung'), 80, '/')).toMatchObject({ ok: false, error: 'timeout' });
    expect(w.workers.tcpConnect(ip('hung'), 80)).toMatchObject({ ok: true });
    expect(w.workers.httpGet(ip('leaky'), 80, '/healthz')).toMatchObject({ ok: true, status: 503 });
    expect(w.workers.httpGet(ip('leaky'), 80, '/orders')).toMatchObject({ ok: true, status: 200 });
  });
});
