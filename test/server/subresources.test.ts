// The scale, status, binding, log and exec subresources over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, deploymentManifest, podManifest, put, runningStatus, serve, type Served } from './helpers.js';

let s: Served;
const logs: string[] = ['line 1\nline 2\nline 3\n'];
beforeAll(async () => {
  s = await serve({
    target: {
      logs: (ns, pod, container, opts) => {
        if (opts.previous) throw new Error(`previous terminated container "${container}" in pod "${pod}" not found`);
        return `${ns}/${pod}/${container}: ${logs[0]}`;
      },
    },
  });
});
afterAll(() => s.server.close());

const deployments = '/apis/apps/v1/namespaces/default/deployments';

describe('scale', () => {
  it('reads a Deployment as an autoscaling/v1 Scale', async () => {
    put(s.store, deploymentManifest('api', 3), { replicas: 3 });
    const r = await call(s.url, 'GET', `${deployments}/api/scale`);
    expect(r.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'api', namespace: 'default' },
      spec: { replicas: 3 },
      status: { replicas: 3, selector: 'app=api' },
    });
  });

  it('kubectl scale: a merge patch on /scale changes spec.replicas and nothing else', async () => {
    const before = s.store.get('Deployment', 'default', 'api')!;
    const r = await call(s.url, 'PATCH', `${deployments}/api/scale`, { type: 'application/merge-patch+json', body: { spec: { replicas: 5 } } });
    expect(r.status).toBe(200);
    expect(r.body.spec.replicas).toBe(5);
    const after = s.store.get('Deployment', 'default', 'api')!;
    expect(after.spec.replicas).toBe(5);
    expect(after.spec.template).toEqual(before.spec.template);
  });

  it('PUT with a stale resourceVersion is a Conflict; negative replicas are Invalid', async () => {
    const stale = await call(s.url, 'PUT', `${deployments}/api/scale`, { body: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'api', resourceVersion: '1' }, spec: { replicas: 1 } } });
    expect(stale.status).toBe(409);
    const negative = await call(s.url, 'PATCH', `${deployments}/api/scale`, { type: 'application/merge-patch+json', body: { spec: { replicas: -1 } } });
    expect(negative.status).toBe(422);
    expect(negative.body.message).toBe('Scale.autoscaling "api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(s.store.get('Deployment', 'default', 'api')!.spec.replicas).toBe(5);
  });

  it('is not served for kinds without it', async () => {
    put(s.store, podManifest('noscale'));
    expect((await call(s.url, 'GET', '/api/v1/namespaces/default/pods/noscale/scale')).status).toBe(404);
  });
});

describe('status', () => {
  it('a status patch changes status only', async () => {
    const r = await call(s.url, 'PATCH', `${deployments}/api/status`, {
      type: 'application/merge-patch+json',
      body: { spec: { replicas: 9 }, status: { readyReplicas: 2 } },
    });
    expect(r.status).toBe(200);
    const d = s.store.get('Deployment', 'default', 'api')!;
    expect(d.status?.readyReplicas).toBe(2);
    expect(d.spec.replicas).toBe(5);
  });

  it('a plain update ignores status', async () => {
    const d = s.store.get('Deployment', 'default', 'api')!;
    const r = await call(s.url, 'PUT', `${deployments}/api`, { body: { ...d, status: { ...d.status, readyReplicas: 7 } } });
    expect(r.status).toBe(200);
    expect(s.store.get('Deployment', 'default', 'api')!.status?.readyReplicas).toBe(2);
  });
});

describe('pods/binding', () => {
  it('binds a pod to a node once; a second binding is a Conflict', async () => {
    put(s.store, podManifest('tobind'));
    const path = '/api/v1/namespaces/default/pods/tobind/binding';
    const r = await call(s.url, 'POST', path, { body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'tobind' }, target: { kind: 'Node', name: 'node-2' } } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(s.store.get('Pod', 'default', 'tobind')!.spec.nodeName).toBe('node-2');
    const again = await call(s.url, 'POST', path, { body: { target: { name: 'node-3' } } });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Operation cannot be fulfilled on pods/binding "tobind": pod tobind is already assigned to node "node-2"');
    const empty = await call(s.url, 'POST', '/api/v1/namespaces/default/pods/noscale/binding', { body: { target: {} } });
    expect(empty.status).toBe(422);
    expect(empty.body.message).toBe('Binding "noscale" is invalid: target.name: Required value');
  });
});

describe('pods/eviction', () => {
  it('evicts a pod as a delete with the eviction\'s options would; a name mismatch is a 400', async () => {
    put(s.store, podManifest('evictee', { nodeName: 'node-1' }), runningStatus('10.244.1.8'));
    const path = '/api/v1/namespaces/default/pods/evictee/eviction';
    const wrong = await call(s.url, 'POST', path, { body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'other' } } });
    expect([wrong.status, wrong.body.message]).toEqual([400, 'name in URL does not match name in Eviction object: evictee != other']);
    const r = await call(s.url, 'POST', path, {
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'evictee', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: 5 } },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(s.store.get('Pod', 'default', 'evictee')!.metadata.deletionGracePeriodSeconds).toBe(5);
    expect((await call(s.url, 'POST', '/api/v1/namespaces/default/pods/ghost/eviction', { body: {} })).status).toBe(404);
  });
});

describe('pods/log', () => {
  it('answers the container log as text, cut by tailLines and limitBytes', async () => {
    put(s.store, podManifest('talker', { nodeName: 'node-1' }), runningStatus('10.244.1.3'));
    const path = '/api/v1/namespaces/default/pods/talker/log';
    const all = await call(s.url, 'GET', path);
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(all.text).toBe('default/talker/app: line 1\nline 2\nline 3\n');
    expect((await call(s.url, 'GET', `${path}?tailLines=2`)).text).toBe('line 2\nline 3\n');
    expect((await call(s.url, 'GET', `${path}?limitBytes=7`)).text).toBe('default');
  });

  it('needs a container name for a pod with several, and names the choices', async () => {
    put(s.store, podManifest('two', { containers: ['api', 'sidecar'] }));
    const r = await call(s.url, 'GET', '/api/v1/namespaces/default/pods/two/log');
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('a container name must be specified for pod two, choose one of: [api sidecar]');
    expect((await call(s.url, 'GET', '/api/v1/namespaces/default/pods/two/log?container=sidecar')).text).toContain('two/sidecar');
    expect((await call(s.url, 'GET', '/api/v1/namespaces/default/pods/two/log?container=nope')).body.message).toBe('container nope is not valid for pod two');
    expect((await call(s.url, 'GET', '/api/v1/namespaces/default/pods/talker/log?previous=true')).body.message).toContain('previous terminated container');
  });

  it('follow streams what is written later, and ends when the pod is gone', async () => {
    const res = await fetch(`${s.url}/api/v1/namespaces/default/pods/talker/log?follow=true`);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let got = dec.decode((await reader.read()).value);
    expect(got).toBe('default/talker/app: line 1\nline 2\nline 3\n');
    logs[0] += 'line 4\n';
    got = dec.decode((await reader.read()).value);
    expect(got).toBe('line 4\n');
    s.store.delete({ kind: 'Pod', namespace: 'default', name: 'talker' }, { gracePeriodSeconds: 0 });
    expect((await reader.read()).done).toBe(true);
  });
});

describe('pods/exec', () => {
  it('refuses a plain request with a clean 400, after checking the pod', async () => {
    const r = await call(s.url, 'POST', '/api/v1/namespaces/default/pods/two/exec?command=ls');
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe('BadRequest');
    expect((await call(s.url, 'POST', '/api/v1/namespaces/default/pods/ghost/exec?command=ls')).status).toBe(404);
  });
});
