import { describe, expect, it } from 'vitest';
import { addPod, service, setPodStatus } from '../../network/harness.js';
import { appearances, sliceCluster, slicesOf } from './harness.js';

describe('EndpointSlice controller', () => {
  it('lists a Service\'s pods in a slice named <service>-<5 chars>, owned by the Service', () => {
    const { store, clock } = sliceCluster();
    const svc = store.create(service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] }));
    addPod(store, 'web-1', { ip: '10.244.1.5', node: 'node-1' });
    addPod(store, 'web-2', { ip: '10.244.2.7', node: 'node-2', ready: false });
    clock.advance('10ms');
    const [slice, ...more] = slicesOf(store, 'web');
    expect(more).toEqual([]);
    expect(slice!.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice!.metadata.labels).toEqual({
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice!.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(slice!.addressType).toBe('IPv4');
    // The named targetPort is resolved against the container's port named http.
    expect(slice!.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
    const byPod = Object.fromEntries(slice!.endpoints.map((ep) => [ep.targetRef!.name, ep]));
    expect(byPod['web-1']).toEqual({
      addresses: ['10.244.1.5'],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: store.mustGet('Pod', 'default', 'web-1').metadata.uid },
      nodeName: 'node-1',
      zone: 'zone-a',
    });
    expect(byPod['web-2']!.conditions).toEqual({ ready: false, serving: false, terminating: false });
  });

  it('leaves out pods without an IP and finished pods; keeps terminating ones, marked', () => {
    const { store, clock } = sliceCluster();
    store.create(service('web'));
    addPod(store, 'no-ip');
    addPod(store, 'done', { ip: '10.244.1.6' });
    store.updateStatus({ kind: 'Pod', name: 'done' }, (d) => {
      d.status!.phase = 'Succeeded';
    });
    addPod(store, 'going', { ip: '10.244.1.7' });
    store.delete({ kind: 'Pod', name: 'going' });
    clock.advance('10ms');
    const eps = slicesOf(store, 'web').flatMap((s) => s.endpoints);
    expect(eps.map((e) => e.targetRef!.name)).toEqual(['going']);
    expect(eps[0]!.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('publishNotReadyAddresses makes every pod ready', () => {
    const { store, clock } = sliceCluster();
    store.create(service('web', { publishNotReadyAddresses: true }));
    addPod(store, 'web-1', { ip: '10.244.1.5', ready: false });
    clock.advance('10ms');
    expect(slicesOf(store, 'web')[0]!.endpoints[0]!.conditions).toEqual({ ready: true, serving: false, terminating: false });
  });

  it('a Service with no pods keeps one placeholder slice; the first pod takes its name', () => {
    const { store, clock } = sliceCluster();
    store.create(service('web'));
    clock.advance('10ms');
    const [placeholder, ...rest] = slicesOf(store, 'web');
    expect(rest).toEqual([]);
    expect(placeholder!.endpoints).toEqual([]);
    expect(placeholder!.ports).toBeUndefined();
    addPod(store, 'web-1', { ip: '10.244.1.5' });
    clock.advance('10ms');
    const [slice, ...none] = slicesOf(store, 'web');
    expect(none).toEqual([]);
    expect(slice!.metadata.name).toBe(placeholder!.metadata.name);
    expect(slice!.endpoints).toHaveLength(1);
  });

  it('pods whose named port differs land in separate slices', () => {
    const { store, clock } = sliceCluster();
    store.create(service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] }));
    addPod(store, 'old', { ip: '10.244.1.5', ports: [{ name: 'http', containerPort: 8080 }] });
    addPod(store, 'new', { ip: '10.244.1.6', ports: [{ name: 'http', containerPort: 9090 }] });
    addPod(store, 'none', { ip: '10.244.1.7', ports: [] });
    clock.advance('10ms');
    const byPort = slicesOf(store, 'web')
      .map((s) => [s.ports?.[0]?.port ?? null, s.endpoints.map((e) => e.targetRef!.name)])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byPort).toEqual([
      [8080, ['old']],
      [9090, ['new']],
      [null, ['none']],
    ]);
  });

  it('splits at 100 endpoints: 250 pods make 3 slices', () => {
    const { store, clock } = sliceCluster();
    store.create(service('web'));
    for (let i = 0; i < 250; i++) addPod(store, `web-${i}`, { ip: `10.244.${i >> 8}.${i & 255}` });
    clock.advance('10ms');
    const sizes = slicesOf(store, 'web').map((s) => s.endpoints.length).sort((a, b) => b - a);
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('one pod\'s change rewrites only its own slice', () => {
    const { store, clock } = sliceCluster();
    store.create(service('web'));
    for (let i = 0; i < 250; i++) addPod(store, `web-${i}`, { ip: `10.244.${i >> 8}.${i & 255}` });
    clock.advance('10ms');
    const before = new Map(slicesOf(store, 'web').map((s) => [s.metadata.name, s.metadata.resourceVersion]));
    setPodStatus(store, 'web-17', '10.244.0.17', false);
    clock.advance('10ms');
    const changed = slicesOf(store, 'web').filter((s) => before.get(s.metadata.name) !== s.metadata.resourceVersion);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.endpoints.find((e) => e.targetRef!.name === 'web-17')!.conditions.ready).toBe(false);
  });

  it('new pods fill a slice with room before a new slice is made', () => {
    const { store, clock } = sliceCluster();
    store.create(service('web'));
    for (let i = 0; i < 150; i++) addPod(store, `web-${i}`, { ip: `10.244.${i >> 8}.${i & 255}` });
    clock.advance('10ms');
    for (let i = 0; i < 30; i++) store.delete({ kind: 'Pod', name: `web-${i}` }, { gracePeriodSeconds: 0 });
    clock.advance('10ms');
    for (let i = 150; i < 170; i++) addPod(store, `web-${i}`, { ip: `10.244.${i >> 8}.${i & 255}` });
    clock.advance('10ms');
    expect(slicesOf(store, 'web')).toHaveLength(2);
    expect([...appearances(store, 'web').values()].every((n) => n === 1)).toBe(true);
    expect(appearances(store, 'web').size).toBe(140);
  });

  it('follows label changes: a pod that stops matching leaves, the Service\'s labels are copied', () => {
    const { store, clock } = sliceCluster();
    store.create({ ...service('web'), metadata: { name: 'web', labels: { team: 'a' } } });
    addPod(store, 'web-1', { ip: '10.244.1.5' });
    clock.advance('10ms');
    store.update({ kind: 'Pod', name: 'web-1' }, (d) => {
      d.metadata.labels = { app: 'other' };
    });
    store.update({ kind: 'Service', name: 'web' }, (d) => {
      d.metadata.labels = { team: 'b' };
    });
    clock.advance('10ms');
    const [slice] = slicesOf(store, 'web');
    expect(slice!.endpoints).toEqual([]);
    expect(slice!.metadata.labels!['team']).toBe('b');
  });

  it('repairs a managed slice someone else changed', () => {
    const { store, clock } = sliceCluster();
    store.create(service('web'));
    addPod(store, 'web-1', { ip: '10.244.1.5' });
    clock.advance('10ms');
    const [slice] = slicesOf(store, 'web');
    store.update({ kind: 'EndpointSlice', name: slice!.metadata.name! }, (d) => {
      d.endpoints = [];
    });
    clock.advance('10ms');
    expect(slicesOf(store, 'web').flatMap((s) => s.endpoints.map((e) => e.addresses[0]))).toEqual(['10.244.1.5']);
  });

  it('ignores Services without a selector and ExternalName Services', () => {
    const { store, clock } = sliceCluster();
    store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } });
    addPod(store, 'web-1', { ip: '10.244.1.5' });
    clock.advance('10ms');
    expect(slicesOf(store, 'manual')).toEqual([]);
  });
});
