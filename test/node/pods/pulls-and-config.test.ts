import { describe, expect, it } from 'vitest';
import { container, world } from './harness.js';

const NOT_FOUND =
  'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/ghost:1": failed to resolve reference "docker.io/library/ghost:1": docker.io/library/ghost:1: not found';

describe('image pulls', () => {
  it('reports ErrImagePull, then ImagePullBackOff, pulling again as the back-off (10, 20, 40 s) allows', () => {
    const w = world({ 'ghost:1': { exists: false, pullTime: '1s' } });
    w.run('ghost', { containers: [container('ghost:1')] });
    const reason = () => w.status('ghost').state.waiting!.reason;
    w.at(0.5);
    expect(reason()).toBe('ContainerCreating');
    w.at(1);
    expect(w.status('ghost').state.waiting).toEqual({ reason: 'ErrImagePull', message: NOT_FOUND });
    expect(w.pod('ghost')!.status!.phase).toBe('Pending');
    // Retried every 10 s: at 11 s the 10 s back-off is over, so it pulls again (and fails at 12 s, now 20 s).
    w.at(21.9);
    expect(reason()).toBe('ErrImagePull');
    w.at(22);
    expect(w.status('ghost').state.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghost:1"' });
    w.at(32);
    expect(reason()).toBe('ImagePullBackOff');
    w.at(33);
    expect(reason()).toBe('ErrImagePull');
    w.at(43);
    expect(reason()).toBe('ImagePullBackOff');
    expect(w.events('ghost')).toEqual([
      'Pulling: Pulling image "ghost:1" (x3)',
      `Failed: Failed to pull image "ghost:1": ${NOT_FOUND} (x3)`,
      'Failed: Error: ErrImagePull (x3)',
      'BackOff: Back-off pulling image "ghost:1" (x2)',
      'Failed: Error: ImagePullBackOff (x2)',
    ]);
    expect(() => w.workers.logs('default', 'ghost')).toThrow('container "app" in pod "ghost" is waiting to start: trying and failing to pull image');
  });

  it('pulls once per node: a second pod finds the image present; Always still checks the registry', () => {
    const w = world({ 'web:1': { pullTime: '2s' } });
    w.run('a', { containers: [container('web:1')] });
    w.at(2);
    w.run('b', { containers: [container('web:1')] });
    expect(w.events('b')[0]).toBe('Pulled: Container image "web:1" already present on machine');
    expect(w.status('b').state.running!.startedAt).toBe(w.time(2));
    w.run('c', { containers: [container('web:1', { imagePullPolicy: 'Always' })] });
    expect(w.events('c')[0]).toBe('Pulling: Pulling image "web:1"');
  });

  it('refuses an image name that does not parse', () => {
    const w = world();
    w.run('bad', { containers: [container('My App:1')] });
    expect(w.status('bad').state.waiting).toEqual({
      reason: 'InvalidImageName',
      message: 'Failed to apply default image tag "My App:1": couldn\'t parse image name "My App:1": invalid reference format',
    });
    expect(w.events('bad')).toContain('Failed: Error: InvalidImageName');
  });

  it('refuses to pull with imagePullPolicy Never', () => {
    const w = world();
    w.run('never', { containers: [container('local:1', { imagePullPolicy: 'Never' })] });
    expect(w.status('never').state.waiting).toEqual({ reason: 'ErrImageNeverPull', message: 'Container image "local:1" is not present with pull policy of Never' });
  });

  it('starts an image nobody declared after a 1–2 s pull, listening on its declared ports', () => {
    const w = world();
    w.run('nginx', { containers: [container('nginx:1.27', { ports: [{ containerPort: 80 }] })] });
    w.at(2);
    const s = w.status('nginx');
    const started = (Date.parse(s.state.running!.startedAt!) - w.t0) / 1000;
    expect(started).toBeGreaterThanOrEqual(1);
    expect(started).toBeLessThanOrEqual(2);
    expect(w.workers.httpGet('10.244.1.2', 80, '/anything')).toEqual({ ok: true, status: 200, body: 'nginx\n' });
    expect(w.workers.tcpConnect('10.244.1.2', 81)).toMatchObject({ ok: false, error: 'connection refused' });
    expect(w.workers.httpGet('10.244.1.99', 80, '/')).toMatchObject({ ok: false, error: 'no route to host' });
  });

  it('gives a container that declares no environment the base one: PATH, HOSTNAME and the API server', () => {
    const w = world();
    w.run('plain', { hostname: 'web-host', containers: [container('nginx:1.27')] });
    w.at(3);
    expect(w.workers.exec('default', 'plain', undefined, ['env']).stdout).toBe(
      [
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'HOSTNAME=web-host',
        'KUBERNETES_SERVICE_HOST=10.96.0.1',
        'KUBERNETES_SERVICE_PORT=443',
        'KUBERNETES_SERVICE_PORT_HTTPS=443',
        'KUBERNETES_PORT=tcp://10.96.0.1:443',
        '',
      ].join('\n'),
    );
  });
});

describe('environment from Secrets and ConfigMaps', () => {
  const envSpec = {
    containers: [
      container('app:1', {
        env: [
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-secret', key: 'password' } } },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode', optional: true } } },
          { name: 'URL', value: 'postgres://app:$(DB_PASSWORD)@db' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        ],
      }),
    ],
  };

  it('waits in CreateContainerConfigError until the Secret exists, retrying every 10 s', () => {
    const w = world({ 'app:1': { pullTime: '1s' } });
    w.run('api', envSpec);
    w.at(1);
    expect(w.status('api').state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "db-secret" not found' });
    expect(w.pod('api')!.status!.phase).toBe('Pending');
    w.at(15);
    w.store.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-secret', namespace: 'default' }, stringData: { password: 's3cret' } }, { actor: 'test' });
    w.at(20.999);
    expect(w.status('api').state.waiting!.reason).toBe('CreateContainerConfigError');
    w.at(21);
    expect(w.status('api').state.running!.startedAt).toBe(w.time(21));
    expect(w.events('api')).toContain('Failed: Error: secret "db-secret" not found (x2)');
    expect(w.events('api')).toContain('Pulled: Container image "app:1" already present on machine (x2)');
    const printenv = w.workers.exec('default', 'api', undefined, ['printenv', 'DB_PASSWORD', 'URL', 'POD']);
    expect(printenv).toEqual({ stdout: 's3cret\npostgres://app:s3cret@db\napi\n', stderr: '', exitCode: 0 });
    expect(w.workers.exec('default', 'api', 'app', ['printenv', 'MODE']).exitCode).toBe(1);
  });

  it('names a missing key', () => {
    const w = world({ 'app:1': { pullTime: '1s' } });
    w.store.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-secret', namespace: 'default' }, stringData: { user: 'app' } }, { actor: 'test' });
    w.run('api', envSpec);
    w.at(1);
    expect(w.status('api').state.waiting!.message).toBe("couldn't find key password in Secret default/db-secret");
  });
});
