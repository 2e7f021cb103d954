import { describe, expect, it } from 'vitest';
import { StatusError } from '../../src/api/errors.js';
import { configMap, deployment, newStore, pod, snapshot } from './helpers.js';

function statusOf(fn: () => unknown): { reason: string; code: number; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return { reason: e.reason, code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('create', () => {
  it('gives an object its identity: uid, creation time from the clock, resourceVersion, namespace', () => {
    const { store, clock } = newStore();
    clock.advance('90s');
    const cm = store.create(configMap('settings', { a: '1' }));
    expect(cm.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cm.metadata.creationTimestamp).toBe('2024-01-01T00:01:30Z');
    expect(cm.metadata.namespace).toBe('default');
    expect(cm.metadata.resourceVersion).toBe(store.resourceVersion);
    expect(Object.isFrozen(cm) && Object.isFrozen(cm.metadata) && Object.isFrozen(cm.data)).toBe(true);
  });

  it('ignores system fields a client sends', () => {
    const { store } = newStore();
    const cm = store.create(configMap('x', {}, { uid: 'mine', resourceVersion: '999', creationTimestamp: '2000-01-01T00:00:00Z' }));
    expect(cm.metadata.uid).not.toBe('mine');
    expect(cm.metadata.resourceVersion).not.toBe('999');
    expect(cm.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z');
  });

  it('starts generation at 1 for kinds with a spec, and resets status that belongs to controllers', () => {
    const { store } = newStore();
    const d = store.create({ ...deployment('api'), status: { replicas: 7 } });
    expect(d.metadata.generation).toBe(1);
    expect(d.status).toBeUndefined();
    const p = store.create(pod('web'));
    expect(p.status?.phase).toBe('Pending');
  });

  it('draws generateName suffixes from the Kubernetes alphabet', () => {
    const { store } = newStore();
    const cm = store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } });
    expect(cm.metadata.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  const failures: { name: string; input: unknown; reason: string; message: RegExp | string }[] = [
    {
      name: 'an existing name',
      input: configMap('dup'),
      reason: 'AlreadyExists',
      message: 'configmaps "dup" already exists',
    },
    {
      name: 'a missing namespace',
      input: configMap('x', {}, { namespace: 'nowhere' }),
      reason: 'NotFound',
      message: 'namespaces "nowhere" not found',
    },
    {
      name: 'an invalid name',
      input: configMap('Bad_Name'),
      reason: 'Invalid',
      message: /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    },
    {
      name: 'no kind',
      input: { apiVersion: 'v1', metadata: { name: 'x' } },
      reason: 'BadRequest',
      message: /^Object 'Kind' is missing in/,
    },
    {
      name: 'an unknown kind',
      input: { apiVersion: 'v1', kind: 'Widget', metadata: { name: 'x' } },
      reason: 'BadRequest',
      message: 'no kind "Widget" is registered for version "v1"',
    },
    {
      name: 'a wrong type',
      input: { ...deployment('api'), spec: { ...deployment('api').spec, replicas: 'three' } },
      reason: 'Invalid',
      message: 'Deployment.apps "api" is invalid: spec.replicas: Invalid value: "three": must be of type integer',
    },
    {
      name: 'a name too long',
      input: configMap('a'.repeat(254)),
      reason: 'Invalid',
      message: /metadata.name: Invalid value: "a{254}": must be no more than 253 characters/,
    },
  ];
  it.each(failures)('refuses $name and writes nothing', ({ input, reason, message }) => {
    const { store } = newStore();
    store.create(configMap('dup'));
    const before = snapshot(store);
    const err = statusOf(() => store.create(input as never));
    expect(err.reason).toBe(reason);
    if (typeof message === 'string') expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
    expect(snapshot(store)).toBe(before);
  });

  it('refuses new content in a terminating namespace', () => {
    const { store } = newStore();
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    store.delete({ kind: 'Namespace', name: 'team' });
    expect(store.get('Namespace', undefined, 'team')?.status?.phase).toBe('Terminating');
    const err = statusOf(() => store.create(configMap('x', {}, { namespace: 'team' })));
    expect(err).toMatchObject({
      reason: 'Forbidden',
      code: 403,
      message: 'configmaps "x" is forbidden: unable to create new content in namespace team because it is being terminated',
    });
  });

  it('with dryRun validates and answers, but stores nothing', () => {
    const { store } = newStore();
    const before = snapshot(store);
    const cm = store.create(configMap('x'), { dryRun: true });
    expect(cm.metadata.name).toBe('x');
    expect(snapshot(store)).toBe(before);
  });
});

describe('update', () => {
  it('applies an immer recipe, bumping resourceVersion, and generation only when spec changes', () => {
    const { store } = newStore();
    const d0 = store.create(deployment('api'));
    const d1 = store.update({ kind: 'Deployment', name: 'api' }, (d) => {
      d.metadata.labels = { team: 'a' };
    });
    expect(Number(d1.metadata.resourceVersion)).toBeGreaterThan(Number(d0.metadata.resourceVersion));
    expect(d1.metadata.generation).toBe(1);
    const d2 = store.update({ kind: 'Deployment', name: 'api' }, (d) => {
      d.spec.replicas = 5;
    });
    expect(d2.metadata.generation).toBe(2);
  });

  it('writes nothing when a recipe changes nothing', () => {
    const { store } = newStore();
    store.create(configMap('x', { a: '1' }));
    const rv = store.resourceVersion;
    store.update({ kind: 'ConfigMap', name: 'x' }, (c) => {
      c.data = { a: '1' };
    });
    expect(store.resourceVersion).toBe(rv);
  });

  it('keeps status out of main-resource updates and spec out of status updates', () => {
    const { store } = newStore();
    store.create(deployment('api'));
    store.update({ kind: 'Deployment', name: 'api' }, (d) => {
      d.status = { replicas: 3 };
    });
    expect(store.get('Deployment', 'default', 'api')?.status).toBeUndefined();
    const d = store.updateStatus({ kind: 'Deployment', name: 'api' }, (d) => {
      d.status = { replicas: 3, observedGeneration: 1 };
      d.spec.replicas = 10;
    });
    expect(d.status?.replicas).toBe(3);
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.generation).toBe(1);
  });

  it('checks a status update field by field: a wrong type in a changed field is refused, shared fields are kept', () => {
    const { store } = newStore();
    store.create(pod('web', { nodeName: 'node-1' }));
    const running = store.updateStatus({ kind: 'Pod', name: 'web' }, (p) => {
      p.status!.phase = 'Running';
      p.status!.containerStatuses = [{ name: 'app', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { running: {} } }];
    });
    const before = snapshot(store);
    const err = statusOf(() =>
      store.updateStatus({ kind: 'Pod', name: 'web' }, (p) => {
        (p.status!.containerStatuses![0] as { restartCount: unknown }).restartCount = 'one';
      }),
    );
    expect(err.message).toBe('Pod "web" is invalid: status.containerStatuses[0].restartCount: Invalid value: "one": must be of type integer');
    expect(snapshot(store)).toBe(before);
    const ready = store.updateStatus({ kind: 'Pod', name: 'web' }, (p) => {
      p.status!.podIP = '10.244.1.5';
    });
    expect(ready.status!.containerStatuses).toBe(running.status!.containerStatuses);
    expect(ready.status!.qosClass).toBe('BestEffort');
  });

  it('refuses a stale resourceVersion with the API server Conflict message', () => {
    const { store } = newStore();
    const old = store.create(deployment('api'));
    store.update({ kind: 'Deployment', name: 'api' }, (d) => {
      d.spec.replicas = 4;
    });
    const before = snapshot(store);
    const err = statusOf(() => store.replace({ ...old, spec: { ...old.spec, replicas: 9 } }));
    expect(err).toEqual({
      reason: 'Conflict',
      code: 409,
      message:
        'Operation cannot be fulfilled on deployments.apps "api": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect(snapshot(store)).toBe(before);
  });

  it('refuses an invalid change and keeps the old version', () => {
    const { store } = newStore();
    store.create(deployment('api'));
    const before = snapshot(store);
    const err = statusOf(() =>
      store.update({ kind: 'Deployment', name: 'api' }, (d) => {
        d.spec.replicas = -1;
      }),
    );
    expect(err.reason).toBe('Invalid');
    expect(err.message).toContain('spec.replicas');
    expect(snapshot(store)).toBe(before);
  });

  it('hands out values a reader cannot change', () => {
    const { store } = newStore();
    const cm = store.create(configMap('x', { a: '1' }));
    expect(() => {
      (cm.data as Record<string, string>).a = '2';
    }).toThrow(TypeError);
    expect(store.get('ConfigMap', 'default', 'x')?.data).toEqual({ a: '1' });
  });
});

describe('patch', () => {
  it('applies what `kubectl set image` sends and moves the generation', () => {
    const { store } = newStore();
    store.create(deployment('api'));
    const d = store.patch({ kind: 'Deployment', name: 'api' }, 'application/strategic-merge-patch+json', {
      spec: { template: { spec: { containers: [{ name: 'api', image: 'myapp:1.4.3' }] } } },
    });
    expect(d.spec.template.spec.containers[0]?.image).toBe('myapp:1.4.3');
    expect(d.spec.template.spec.containers[0]?.imagePullPolicy).toBe('IfNotPresent');
    expect(d.metadata.generation).toBe(2);
  });

  it('applies a merge patch to the scale and a JSON patch', () => {
    const { store } = newStore();
    store.create(deployment('api'));
    store.patch({ kind: 'Deployment', name: 'api' }, 'application/merge-patch+json', { spec: { replicas: 5 } });
    const d = store.patch({ kind: 'Deployment', name: 'api' }, 'application/json-patch+json', [
      { op: 'replace', path: '/spec/replicas', value: 6 },
    ]);
    expect(d.spec.replicas).toBe(6);
  });
});

describe('delete', () => {
  it('removes an object at once when nothing holds it', () => {
    const { store } = newStore();
    store.create(configMap('x'));
    const res = store.delete({ kind: 'ConfigMap', name: 'x' });
    expect(res.removed).toBe(true);
    expect(store.get('ConfigMap', 'default', 'x')).toBeUndefined();
    expect(statusOf(() => store.delete({ kind: 'ConfigMap', name: 'x' }))).toMatchObject({
      reason: 'NotFound',
      message: 'configmaps "x" not found',
    });
  });

  it('removes an unscheduled pod at once, and gives a scheduled one its grace period', () => {
    const { store, clock } = newStore();
    store.create(pod('pending'));
    expect(store.delete({ kind: 'Pod', name: 'pending' }).removed).toBe(true);
    store.create(pod('running', { nodeName: 'node-1' }));
    clock.advance('10s');
    const res = store.delete({ kind: 'Pod', name: 'running' });
    expect(res.removed).toBe(false);
    expect(res.object.metadata.deletionTimestamp).toBe('2024-01-01T00:00:40Z');
    expect(res.object.metadata.deletionGracePeriodSeconds).toBe(30);
    // Deleting again may only shorten the grace period; the kubelet's final delete uses 0.
    expect(store.delete({ kind: 'Pod', name: 'running' }, { gracePeriodSeconds: 60 }).object.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(store.delete({ kind: 'Pod', name: 'running' }, { gracePeriodSeconds: 0 }).removed).toBe(true);
  });

  it('keeps an object with finalizers until they are removed', () => {
    const { store } = newStore();
    store.create(configMap('x', {}, { finalizers: ['example.com/hold'] }));
    const res = store.delete({ kind: 'ConfigMap', name: 'x' });
    expect(res.removed).toBe(false);
    expect(res.object.metadata.deletionTimestamp).toBeDefined();
    const events: string[] = [];
    store.watch('ConfigMap', { resourceVersion: store.resourceVersion }, (e) => events.push(e.type));
    store.update({ kind: 'ConfigMap', name: 'x' }, (c) => {
      c.metadata.finalizers = [];
    });
    expect(store.get('ConfigMap', 'default', 'x')).toBeUndefined();
    expect(events).toEqual(['DELETED']);
  });

  it('records the propagation policy as a finalizer for the garbage collector', () => {
    const { store } = newStore();
    store.create(deployment('api'));
    const orphan = store.delete({ kind: 'Deployment', name: 'api' }, { propagationPolicy: 'Orphan' });
    expect(orphan.object.metadata.finalizers).toEqual(['orphan']);
    store.create(deployment('web'));
    const fg = store.delete({ kind: 'Deployment', name: 'web' }, { propagationPolicy: 'Foreground' });
    expect(fg.object.metadata.finalizers).toEqual(['foregroundDeletion']);
  });

  it('checks preconditions', () => {
    const { store } = newStore();
    store.create(configMap('x'));
    const err = statusOf(() => store.delete({ kind: 'ConfigMap', name: 'x' }, { preconditions: { uid: 'other' } }));
    expect(err.reason).toBe('Conflict');
    expect(err.message).toMatch(/Precondition failed: UID in precondition: other, UID in object meta: /);
  });
});

describe('indexes', () => {
  it('finds pods by node and objects by owner as they change', () => {
    const { store } = newStore();
    const d = store.create(deployment('api'));
    const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: d.metadata.uid!, controller: true };
    store.create({ ...configMap('a'), metadata: { name: 'a', ownerReferences: [owner] } });
    store.create(pod('p1', { nodeName: 'node-1' }));
    store.create(pod('p2'));
    expect(store.ownedBy(d.metadata.uid!).map((o) => o.metadata.name)).toEqual(['a']);
    expect(store.podsOnNode('node-1').map((p) => p.metadata.name)).toEqual(['p1']);
    store.delete({ kind: 'Pod', name: 'p1' }, { gracePeriodSeconds: 0 });
    expect(store.podsOnNode('node-1')).toEqual([]);
    store.delete({ kind: 'Deployment', name: 'api' }, { propagationPolicy: 'Orphan' });
    expect(store.ownedBy(d.metadata.uid!).map((o) => o.metadata.name)).toEqual(['a']);
  });
});

describe('trace', () => {
  it('records who changed what, when and why', () => {
    const { store, clock } = newStore();
    clock.advance('5s');
    store.create(configMap('x'), { actor: 'kubectl', reason: 'apply' });
    const last = store.trace.entries().at(-1);
    expect(last).toMatchObject({ verb: 'create', type: 'ADDED', kind: 'ConfigMap', namespace: 'default', name: 'x', actor: 'kubectl', reason: 'apply' });
    expect(last?.time).toBe(clock.now());
  });
});

describe('putStatus', () => {
  it('puts a whole status over the stored version, and writes nothing when it is the stored one', () => {
    const { store } = newStore();
    store.create(pod('web'));
    const running = { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], qosClass: 'BestEffort' };
    const put = store.putStatus({ kind: 'Pod', name: 'web' }, running, { actor: 'kubelet/node-1', reason: 'pod status' });
    expect(put.status).toEqual(running);
    expect(store.trace.entries().at(-1)).toMatchObject({ verb: 'update', subresource: 'status', actor: 'kubelet/node-1', reason: 'pod status' });
    const before = snapshot(store);
    expect(store.putStatus({ kind: 'Pod', name: 'web' }, { ...running })).toBe(put);
    expect(snapshot(store)).toBe(before);
  });

  it('refuses a status that does not validate, and a kind without a status subresource, changing nothing', () => {
    const { store } = newStore();
    store.create(pod('web'));
    store.create(configMap('settings'));
    const before = snapshot(store);
    expect(statusOf(() => store.putStatus({ kind: 'Pod', name: 'web' }, { podIPs: [{ ip: 'not-an-ip' }] })).reason).toBe('Invalid');
    expect(statusOf(() => store.putStatus({ kind: 'ConfigMap', name: 'settings' }, {})).reason).toBe('NotFound');
    expect(snapshot(store)).toBe(before);
  });
});

describe('bind', () => {
  it('sets spec.nodeName and PodScheduled=True, as pods/binding does', () => {
    const { store, clock } = newStore();
    store.create(pod('web'));
    clock.advance('2s');
    const bound = store.bind({ name: 'web' }, 'node-2', { actor: 'default-scheduler' });
    expect(bound.spec.nodeName).toBe('node-2');
    expect(bound.status?.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:02Z' }]);
    // In the order the API server prints a status: the conditions after the phase, the QoS class last.
    expect(Object.keys(bound.status!)).toEqual(['phase', 'conditions', 'qosClass']);
    expect(Object.keys(bound.metadata).slice(0, 2)).toEqual(['name', 'namespace']);
    expect(store.podsOnNode('node-2').map((p) => p.metadata.name)).toEqual(['web']);
    expect(store.trace.entries().at(-1)).toMatchObject({ verb: 'update', subresource: 'binding', actor: 'default-scheduler' });
  });

  it('refuses to bind a pod twice, or one being deleted, and changes nothing', () => {
    const { store } = newStore();
    store.create(pod('web', { nodeName: 'node-1' }));
    const before = snapshot(store);
    expect(statusOf(() => store.bind({ name: 'web' }, 'node-2'))).toEqual({
      reason: 'Conflict',
      code: 409,
      message: 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"',
    });
    expect(snapshot(store)).toBe(before);
    store.create(pod('api', { nodeName: 'node-1' }));
    store.delete({ kind: 'Pod', name: 'api' });
    expect(statusOf(() => store.bind({ name: 'api' }, 'node-2')).message).toContain('is being deleted');
  });
});
