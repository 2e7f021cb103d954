// Discovery, version, health and openapi: what kubectl reads before any command, and the path parser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResourcePath } from '../../src/server/path.js';
import { startServer } from '../../src/server/server.js';
import { call, serve, type Served } from './helpers.js';

describe('parseResourcePath', () => {
  const cases: [string, ReturnType<typeof parseResourcePath>][] = [
    ['/api/v1/pods', { group: '', version: 'v1', resource: 'pods', watchPrefix: false }],
    ['/api/v1/namespaces/default/pods/web/log', { group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'web', subresource: 'log', watchPrefix: false }],
    ['/api/v1/namespaces/team', { group: '', version: 'v1', resource: 'namespaces', name: 'team', watchPrefix: false }],
    ['/api/v1/namespaces/team/status', { group: '', version: 'v1', resource: 'namespaces', name: 'team', subresource: 'status', watchPrefix: false }],
    ['/api/v1/namespaces/team/configmaps', { group: '', version: 'v1', namespace: 'team', resource: 'configmaps', watchPrefix: false }],
    ['/apis/apps/v1/namespaces/default/deployments/api/scale', { group: 'apps', version: 'v1', namespace: 'default', resource: 'deployments', name: 'api', subresource: 'scale', watchPrefix: false }],
    ['/apis/apps/v1/watch/namespaces/default/deployments', { group: 'apps', version: 'v1', namespace: 'default', resource: 'deployments', watchPrefix: true }],
    ['/api/v1/nodes/node-1', { group: '', version: 'v1', resource: 'nodes', name: 'node-1', watchPrefix: false }],
    ['/api/v1', undefined],
    ['/apis/apps', undefined],
    ['/api/v1/namespaces/default/pods/web/log/extra', undefined],
    ['/healthz', undefined],
  ];
  it.each(cases)('%s', (path, want) => expect(parseResourcePath(path)).toEqual(want));
});

describe('discovery over HTTP', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve();
  });
  afterAll(() => s.server.close());

  it('/version answers a 1.32 server; health checks answer ok', async () => {
    const v = await call(s.url, 'GET', '/version?timeout=32s');
    expect(v.body).toMatchObject({ major: '1', minor: '32', gitVersion: expect.stringMatching(/^v1\.32\./) });
    for (const p of ['/healthz', '/readyz', '/livez']) expect((await call(s.url, 'GET', p)).text).toBe('ok');
  });

  it('/api and /apis list the core version and the named groups', async () => {
    const api = await call(s.url, 'GET', '/api?timeout=32s', { accept: 'application/json, */*' });
    expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const apis = await call(s.url, 'GET', '/apis');
    expect(apis.body.groups.map((g: any) => g.preferredVersion.groupVersion)).toEqual(['apps/v1', 'discovery.k8s.io/v1', 'coordination.k8s.io/v1']);
  });

  it('/api/v1 has short names, categories ["all"], namespaced flags and the subresources', async () => {
    const r = await call(s.url, 'GET', '/api/v1');
    expect(r.body.kind).toBe('APIResourceList');
    const by = new Map(r.body.resources.map((x: any) => [x.name, x]));
    expect(by.get('pods')).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], verbs: expect.arrayContaining(['watch', 'patch']) });
    expect(by.get('services')).toMatchObject({ shortNames: ['svc'], categories: ['all'] });
    expect(by.get('nodes')).toMatchObject({ namespaced: false, shortNames: ['no'] });
    expect(by.get('configmaps')).not.toHaveProperty('categories');
    expect(by.get('pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    expect(by.get('pods/exec')).toMatchObject({ kind: 'PodExecOptions', verbs: ['create', 'get'] });
    expect(by.get('pods/status')).toMatchObject({ kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    const apps = await call(s.url, 'GET', '/apis/apps/v1');
    const scale = apps.body.resources.find((x: any) => x.name === 'deployments/scale');
    expect(scale).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(apps.body.resources.map((x: any) => x.name)).toEqual([
      'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status',
    ]);
    expect((await call(s.url, 'GET', '/apis/coordination.k8s.io/v1')).body.resources[0]).toMatchObject({ name: 'leases', kind: 'Lease' });
    expect((await call(s.url, 'GET', '/apis/batch/v1')).status).toBe(404);
    expect(by.get('pods/eviction')).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    expect((await call(s.url, 'GET', '/apis/apps')).body).toEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect((await call(s.url, 'GET', '/apis/batch')).status).toBe(404);
  });

  it('aggregated discovery when the Accept header asks for it', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    const core = await call(s.url, 'GET', '/api', { accept });
    expect(core.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(core.body.items).toHaveLength(1);
    const pods = core.body.items[0].versions[0].resources.find((x: any) => x.resource === 'pods');
    expect(pods).toMatchObject({ scope: 'Namespaced', responseKind: { group: '', version: 'v1', kind: 'Pod' }, categories: ['all'] });
    expect(pods.subresources.map((x: any) => x.subresource)).toEqual(['binding', 'eviction', 'exec', 'log', 'status']);
    const groups = await call(s.url, 'GET', '/apis', { accept });
    expect(groups.body.items.map((g: any) => g.metadata.name)).toEqual(['apps', 'discovery.k8s.io', 'coordination.k8s.io']);
    const deploy = groups.body.items[0].versions[0].resources[0];
    expect(deploy.subresources.find((x: any) => x.subresource === 'status').responseKind).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
  });

  it('/openapi/v2 is an empty octet-stream (so kubectl apply skips client-side validation); /openapi/v3 is a 404', async () => {
    const v2 = await call(s.url, 'GET', '/openapi/v2?timeout=32s', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect([v2.status, v2.headers.get('content-type'), v2.text]).toEqual([200, 'application/octet-stream', '']);
    expect((await call(s.url, 'GET', '/openapi/v3')).status).toBe(404);
  });

  it('listens on loopback only, on a valid port', async () => {
    await expect(startServer(s.target, { host: '0.0.0.0' })).rejects.toThrow(
      'startServer: host must be a loopback address (127.0.0.1, ::1 or localhost), got "0.0.0.0"',
    );
    await expect(startServer(s.target, { port: 70000 })).rejects.toThrow('startServer: port must be an integer from 0 to 65535, got 70000');
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('with a token, every request but the health checks needs it', async () => {
    const locked = await serve({ token: 'sesame' });
    try {
      const denied = await call(locked.url, 'GET', '/api/v1/pods');
      expect(denied.status).toBe(401);
      expect(denied.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
      expect((await call(locked.url, 'GET', '/api/v1/pods', { headers: { authorization: 'Bearer sesame' } })).status).toBe(200);
      expect((await call(locked.url, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await locked.server.close();
    }
  });
});
