// The resource endpoints over HTTP: every answer a client depends on — codes, Status reasons and
// messages, what is stored afterwards — and that a refused request changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, deploymentManifest, podManifest, put, runningStatus, serve, type Served } from './helpers.js';

let s: Served;
beforeAll(async () => {
  s = await serve();
});
afterAll(() => s.server.close());

const pods = '/api/v1/namespaces/default/pods';
const deployments = '/apis/apps/v1/namespaces/default/deployments';

describe('GET', () => {
  it('answers one object with kind and apiVersion, and a 404 Status in the API server words', async () => {
    put(s.store, podManifest('get-me', { nodeName: 'node-1' }), runningStatus('10.244.1.2'));
    const ok = await call(s.url, 'GET', `${pods}/get-me`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(ok.body).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'get-me', namespace: 'default' }, status: { podIP: '10.244.1.2' } });
    const missing = await call(s.url, 'GET', `${pods}/nothere`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nothere" not found',
      reason: 'NotFound',
      details: { name: 'nothere', kind: 'pods' },
      code: 404,
    });
  });

  it('answers 404 for a resource nobody serves and for a namespaced name without a namespace', async () => {
    for (const path of ['/api/v1/namespaces/default/widgets', '/apis/apps/v1/pods', '/api/v1/pods/x', '/api/v1/namespaces/default/nodes/n', '/nope']) {
      const r = await call(s.url, 'GET', path);
      expect([path, r.status, r.body?.reason]).toEqual([path, 404, 'NotFound']);
    }
  });

  it('lists with the list resourceVersion, label and field selectors, across namespaces', async () => {
    s.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    put(s.store, podManifest('l1', { labels: { app: 'list', tier: 'web' } }));
    put(s.store, podManifest('l2', { labels: { app: 'list', tier: 'db' } }));
    put(s.store, podManifest('l3', { labels: { app: 'list' }, namespace: 'team' }));
    const r = await call(s.url, 'GET', `${pods}?labelSelector=app%3Dlist`);
    expect(r.body.kind).toBe('PodList');
    expect(r.body.metadata.resourceVersion).toBe(s.store.resourceVersion);
    expect(r.body.items.map((p: any) => p.metadata.name)).toEqual(['l1', 'l2']);
    const all = await call(s.url, 'GET', '/api/v1/pods?labelSelector=app%3Dlist,tier!%3Ddb');
    expect(all.body.items.map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['default/l1', 'team/l3']);
    const byName = await call(s.url, 'GET', `${pods}?fieldSelector=metadata.name%3Dl2`);
    expect(byName.body.items.map((p: any) => p.metadata.name)).toEqual(['l2']);
  });

  it('pages with limit and continue', async () => {
    const first = await call(s.url, 'GET', `${pods}?labelSelector=app%3Dlist&limit=1`);
    expect(first.body.items.map((p: any) => p.metadata.name)).toEqual(['l1']);
    expect(first.body.metadata.continue).toEqual(expect.any(String));
    const second = await call(s.url, 'GET', `${pods}?labelSelector=app%3Dlist&limit=1&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect(second.body.items.map((p: any) => p.metadata.name)).toEqual(['l2']);
    expect(second.body.metadata.continue).toBeUndefined();
  });

  it('refuses bad selectors, limits and continue tokens with a 400 naming them', async () => {
    const cases: [string, string][] = [
      [`${pods}?labelSelector=a%20in`, 'BadRequest'],
      [`${pods}?fieldSelector=spec.bogus%3D1`, 'BadRequest'],
      [`${pods}?limit=-1`, 'BadRequest'],
      [`${pods}?continue=garbage`, 'BadRequest'],
    ];
    for (const [path, reason] of cases) {
      const r = await call(s.url, 'GET', path);
      expect([path, r.status, r.body.reason]).toEqual([path, 400, reason]);
    }
    expect((await call(s.url, 'GET', `${pods}?limit=-1`)).body.message).toBe('limit: Invalid value: "-1": must be a non-negative integer');
    expect((await call(s.url, 'GET', `${pods}?fieldSelector=spec.bogus%3D1`)).body.message).toContain('spec.bogus');
  });
});

describe('POST', () => {
  it('creates with 201, fills kind, apiVersion and namespace from the URL, and honours generateName', async () => {
    const r = await call(s.url, 'POST', pods, { body: { metadata: { generateName: 'gen-' }, spec: { containers: [{ name: 'a', image: 'nginx' }] } } });
    expect(r.status).toBe(201);
    expect(r.body.kind).toBe('Pod');
    expect(r.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.store.get('Pod', 'default', r.body.metadata.name)).toBeDefined();
  });

  it('a typed Go client\'s "creationTimestamp": null is no timestamp', async () => {
    const r = await call(s.url, 'POST', pods, { body: { ...podManifest('go-client'), metadata: { name: 'go-client', creationTimestamp: null }, status: {} } });
    expect(r.status).toBe(201);
    expect(r.body.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z');
  });

  it('answers 409 AlreadyExists for a taken name', async () => {
    const body = podManifest('twice');
    expect((await call(s.url, 'POST', pods, { body })).status).toBe(201);
    const again = await call(s.url, 'POST', pods, { body });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ reason: 'AlreadyExists', message: 'pods "twice" already exists', code: 409 });
  });

  it('answers 422 Invalid with causes, and stores nothing', async () => {
    const rv = s.store.resourceVersion;
    const bad = deploymentManifest('bad');
    delete (bad.spec as Record<string, unknown>).selector;
    const r = await call(s.url, 'POST', deployments, { body: bad });
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('Invalid');
    expect(r.body.message).toMatch(/^Deployment\.apps "bad" is invalid: /);
    expect(r.body.details.causes).toContainEqual(expect.objectContaining({ field: 'spec.selector', reason: 'FieldValueRequired' }));
    expect(s.store.resourceVersion).toBe(rv);
  });

  it('refuses a body that does not fit the endpoint with a 400 that says why', async () => {
    const cases: [unknown, string][] = [
      ['{not json', 'the request body is not valid JSON'],
      ['', 'the request body is empty: expected a Pod object as JSON'],
      [[1, 2], 'the request body must be a Pod object'],
      [{ ...podManifest('x'), apiVersion: 'apps/v1' }, 'the API version in the data (apps/v1) does not match the expected API version (v1)'],
      [{ ...podManifest('x'), kind: 'Service' }, 'the object provided is unrecognized (must be of type Pod): kind "Service"'],
      [podManifest('x', { namespace: 'team' }), 'the namespace of the provided object does not match the namespace sent on the request'],
    ];
    for (const [body, message] of cases) {
      const r = await call(s.url, 'POST', pods, { body });
      expect(r.status).toBe(400);
      expect(r.body.message).toContain(message);
    }
    expect(s.store.get('Pod', 'default', 'x')).toBeUndefined();
  });

  it('answers a CBOR body with 415, a malformed protobuf body with 400, and accepts YAML', async () => {
    const cbor = await call(s.url, 'POST', pods, { type: 'application/cbor', body: 'x' });
    expect(cbor.status).toBe(415);
    expect(cbor.body).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
    expect(cbor.body.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got application/cbor)',
    );
    const proto = await call(s.url, 'POST', pods, { type: 'application/vnd.kubernetes.protobuf', body: '{"kind":"Pod"}' });
    expect(proto.status).toBe(400);
    expect(proto.body.message).toContain('the protobuf body could not be decoded');
    const yaml = await call(s.url, 'POST', pods, { type: 'application/yaml', body: 'metadata:\n  name: from-yaml\nspec:\n  containers:\n  - name: a\n    image: nginx\n' });
    expect(yaml.status).toBe(201);
    expect(s.store.get('Pod', 'default', 'from-yaml')!.spec.containers[0]!.image).toBe('nginx');
  });

  it('refuses a body over 3 MiB with 413 before reading more', async () => {
    const r = await call(s.url, 'POST', '/api/v1/namespaces/default/configmaps', { body: 'x'.repeat(3 * 1024 * 1024 + 1) });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ reason: 'RequestEntityTooLarge', code: 413, message: 'the request body is larger than 3145728 bytes' });
  });

  it('with dryRun=All validates and answers, and stores nothing', async () => {
    const rv = s.store.resourceVersion;
    const r = await call(s.url, 'POST', `${pods}?dryRun=All`, { body: podManifest('dry') });
    expect(r.status).toBe(201);
    expect(r.body.metadata.name).toBe('dry');
    expect(s.store.get('Pod', 'default', 'dry')).toBeUndefined();
    expect(s.store.resourceVersion).toBe(rv);
    expect((await call(s.url, 'POST', `${pods}?dryRun=Some`, { body: podManifest('dry') })).body.message).toBe(
      'dryRun: Unsupported value: "Some": supported values: "All"',
    );
  });

  it('fieldValidation: Strict refuses unknown fields, Warn warns, Ignore says nothing', async () => {
    const body = { ...podManifest('fv'), spec: { containers: [{ name: 'a', image: 'nginx', colour: 'red' }] }, extra: 1 };
    const strict = await call(s.url, 'POST', `${pods}?fieldValidation=Strict`, { body });
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe('strict decoding error: unknown field "spec.containers[0].colour", unknown field "extra"');
    expect(s.store.get('Pod', 'default', 'fv')).toBeUndefined();
    const warn = await call(s.url, 'POST', `${pods}?fieldValidation=Warn`, { body });
    expect(warn.status).toBe(201);
    expect(warn.headers.get('warning')).toBe('299 - "unknown field \\"spec.containers[0].colour\\"", 299 - "unknown field \\"extra\\""');
    const ignore = await call(s.url, 'POST', `${pods}?fieldValidation=Ignore&dryRun=All`, { body: { ...body, metadata: { name: 'fv2' } } });
    expect(ignore.status).toBe(201);
    expect(ignore.headers.get('warning')).toBeNull();
    expect((await call(s.url, 'POST', `${pods}?fieldValidation=Loud`, { body })).body.message).toBe(
      'fieldValidation: Unsupported value: "Loud": supported values: "Ignore", "Strict", "Warn"',
    );
  });
});

describe('PUT', () => {
  it('replaces, and answers 409 Conflict for a stale resourceVersion', async () => {
    const created = put(s.store, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } });
    const path = '/api/v1/namespaces/default/configmaps/cfg';
    const ok = await call(s.url, 'PUT', path, { body: { ...created, data: { a: '2' } } });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ a: '2' });
    const stale = await call(s.url, 'PUT', path, { body: { ...created, data: { a: '3' } } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect(s.store.get('ConfigMap', 'default', 'cfg')!.data).toEqual({ a: '2' });
    const renamed = await call(s.url, 'PUT', path, { body: { ...created, metadata: { name: 'other' } } });
    expect(renamed.body.message).toBe('the name of the object (other) does not match the name on the URL (cfg)');
  });
});

describe('PATCH', () => {
  it('applies strategic merge, merge and JSON patches', async () => {
    put(s.store, deploymentManifest('web', 2, 'nginx:1.26'));
    const path = `${deployments}/web`;
    const smp = await call(s.url, 'PATCH', `${path}?fieldManager=kubectl-set`, {
      type: 'application/strategic-merge-patch+json',
      body: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'app' }], containers: [{ name: 'app', image: 'nginx:1.27' }] } } } },
    });
    expect(smp.status).toBe(200);
    expect(smp.body.spec.template.spec.containers).toHaveLength(1);
    expect(smp.body.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(smp.body.metadata.generation).toBe(2);
    const merge = await call(s.url, 'PATCH', path, { type: 'application/merge-patch+json', body: { metadata: { labels: { tier: 'front' } } } });
    expect(merge.body.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    const json = await call(s.url, 'PATCH', path, { type: 'application/json-patch+json', body: [{ op: 'replace', path: '/spec/replicas', value: 4 }] });
    expect(json.body.spec.replicas).toBe(4);
  });

  it('kubectl rollout undo: a JSON patch whose template carries Go\'s "creationTimestamp": null', async () => {
    const template = {
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.26', resources: {} }] },
    };
    const r = await call(s.url, 'PATCH', `${deployments}/web`, {
      type: 'application/json-patch+json',
      body: [{ op: 'replace', path: '/spec/template', value: template }],
    });
    expect(r.status).toBe(200);
    expect(r.body.spec.template.metadata).toEqual({ labels: { app: 'web' } });
    expect(r.body.spec.template.spec.containers[0].image).toBe('nginx:1.26');
  });

  it('answers server-side apply and unknown types with 415, and a failed JSON patch with 422', async () => {
    const path = `${deployments}/web`;
    const apply = await call(s.url, 'PATCH', path, { type: 'application/apply-patch+yaml', body: 'spec: {}' });
    expect(apply.status).toBe(415);
    expect(apply.body.reason).toBe('UnsupportedMediaType');
    expect(apply.body.message).toContain('server-side apply is not supported');
    const text = await call(s.url, 'PATCH', path, { type: 'text/plain', body: '{}' });
    expect(text.status).toBe(415);
    const missing = await call(s.url, 'PATCH', path, { type: 'application/json-patch+json', body: [{ op: 'replace', path: '/spec/nothing/here', value: 1 }] });
    expect(missing.status).toBe(422);
    expect(s.store.get('Deployment', 'default', 'web')!.spec.replicas).toBe(4);
  });
});

describe('DELETE', () => {
  it('removes an unscheduled pod at once and answers it; a scheduled pod terminates for its grace period', async () => {
    put(s.store, podManifest('gone'));
    const r = await call(s.url, 'DELETE', `${pods}/gone`, { body: { propagationPolicy: 'Background' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'Pod', metadata: { name: 'gone' } });
    expect(s.store.get('Pod', 'default', 'gone')).toBeUndefined();
    put(s.store, podManifest('slow', { nodeName: 'node-1' }), runningStatus('10.244.1.9'));
    const slow = await call(s.url, 'DELETE', `${pods}/slow?gracePeriodSeconds=10`);
    expect(slow.body.metadata.deletionTimestamp).toBe('2024-01-01T00:00:10Z');
    expect(s.store.get('Pod', 'default', 'slow')!.metadata.deletionGracePeriodSeconds).toBe(10);
  });

  it('answers a Status for a removed Deployment, and 404 for a missing object', async () => {
    put(s.store, deploymentManifest('bye'));
    const r = await call(s.url, 'DELETE', `${deployments}/bye`);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'bye', group: 'apps', kind: 'deployments' } });
    const again = await call(s.url, 'DELETE', `${deployments}/bye`);
    expect(again.status).toBe(404);
    expect(again.body.message).toBe('deployments.apps "bye" not found');
  });

  it('checks preconditions, policies and dryRun', async () => {
    const cm = put(s.store, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pre' } });
    const path = '/api/v1/namespaces/default/configmaps/pre';
    const wrong = await call(s.url, 'DELETE', path, { body: { preconditions: { uid: 'not-it' } } });
    expect(wrong.status).toBe(409);
    expect(wrong.body.message).toContain('Precondition failed: UID in precondition: not-it');
    const policy = await call(s.url, 'DELETE', `${path}?propagationPolicy=Sometimes`);
    expect(policy.status).toBe(422);
    expect(policy.body.message).toContain('propagationPolicy: Unsupported value: "Sometimes"');
    const dry = await call(s.url, 'DELETE', `${path}?dryRun=All`);
    expect(dry.status).toBe(200);
    expect(s.store.get('ConfigMap', 'default', 'pre')).toBeDefined();
    const ok = await call(s.url, 'DELETE', path, { body: { preconditions: { uid: cm.metadata.uid } } });
    expect(ok.status).toBe(200);
    expect(s.store.get('ConfigMap', 'default', 'pre')).toBeUndefined();
  });

  it('deletes a collection by label selector', async () => {
    put(s.store, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dc1', labels: { batch: 'x' } } });
    put(s.store, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dc2', labels: { batch: 'x' } } });
    put(s.store, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dc3' } });
    const r = await call(s.url, 'DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=batch%3Dx');
    expect(r.body.items.map((o: any) => o.metadata.name)).toEqual(['dc1', 'dc2']);
    expect(s.store.items('ConfigMap', { namespace: 'default' }).map((o) => o.metadata.name)).toContain('dc3');
    expect(s.store.get('ConfigMap', 'default', 'dc1')).toBeUndefined();
  });
});

describe('methods', () => {
  it('answers 405 MethodNotAllowed for a verb a path does not serve', async () => {
    const r = await call(s.url, 'PUT', pods, { body: {} });
    expect(r.status).toBe(405);
    expect(r.body.reason).toBe('MethodNotAllowed');
    expect((await call(s.url, 'POST', '/kubesim/v1/clock')).status).toBe(405);
  });
});
