import { describe, expect, it } from 'vitest';
import { service, setPodStatus, trafficCluster } from './harness.js';

const podsHit = (results: Array<{ pod?: string }>) => new Set(results.map((r) => r.pod));

describe('request through a Service', () => {
  it('reaches a ready pod by name through the cluster IP, once the proxy has synced', () => {
    const { store, clock, net } = trafficCluster();
    store.create(service('web', { selector: { app: 'web' } }));
    clock.advance('20ms');
    // The EndpointSlice exists, but kube-proxy has not written its rules yet: the cluster IP has none.
    expect(net.request('http://web/')).toMatchObject({ ok: false, error: 'timeout' });
    clock.advance('1s');
    const r = net.request('http://web/healthz');
    expect(r).toMatchObject({ ok: true, status: 200, service: 'default/web' });
    expect(r.pod).toMatch(/^default\/web-[012]$/);
  });

  it('spreads connections over every ready pod and never sends to an unready one', () => {
    const { store, clock, net } = trafficCluster(4);
    store.create(service('web', { selector: { app: 'web' } }));
    setPodStatus(store, 'web-3', '10.244.2.13', false);
    clock.advance('2s');
    const results = Array.from({ length: 200 }, () => net.request('http://web'));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(podsHit(results)).toEqual(new Set(['default/web-0', 'default/web-1', 'default/web-2']));
  });

  it('a Service whose pods are all unready refuses connections', () => {
    const { store, clock, net } = trafficCluster(1);
    store.create(service('web', { selector: { app: 'web' } }));
    setPodStatus(store, 'web-0', '10.244.1.10', false);
    clock.advance('2s');
    expect(net.request('http://web')).toMatchObject({ ok: false, error: 'connection refused', detail: 'service default/web has no endpoints' });
  });

  it('falls back to serving-terminating pods only when none is ready', () => {
    const { store, clock, net } = trafficCluster(2);
    store.create(service('web', { selector: { app: 'web' } }));
    clock.advance('2s');
    store.delete({ kind: 'Pod', name: 'web-0' });
    clock.advance('2s');
    expect(podsHit(Array.from({ length: 50 }, () => net.request('http://web')))).toEqual(new Set(['default/web-1']));
    store.delete({ kind: 'Pod', name: 'web-1' });
    clock.advance('2s');
    expect(podsHit(Array.from({ length: 50 }, () => net.request('http://web')))).toEqual(new Set(['default/web-0', 'default/web-1']));
  });

  it('a pod deleted before kube-proxy syncs still gets connections, which fail, until the sync', () => {
    const { store, clock, net, podNetwork } = trafficCluster(1);
    store.create(service('web', { selector: { app: 'web' } }));
    clock.advance('2s');
    expect(net.request('http://web').ok).toBe(true);
    // The pod goes at once (grace 0) and its IP stops answering; the rules still point at it.
    store.delete({ kind: 'Pod', name: 'web-0' }, { gracePeriodSeconds: 0 });
    podNetwork.listening.delete('10.244.1.10');
    clock.advance('500ms');
    expect(net.request('http://web')).toMatchObject({ ok: false, error: 'no route to host', pod: 'default/web-0' });
    clock.advance('600ms');
    expect(net.request('http://web')).toMatchObject({ ok: false, error: 'connection refused', detail: 'service default/web has no endpoints' });
  });

  it('sessionAffinity ClientIP keeps a client on one pod until its timeout passes', () => {
    const { store, clock, net } = trafficCluster(3);
    store.create(service('web', { selector: { app: 'web' }, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }));
    clock.advance('2s');
    const a = Array.from({ length: 30 }, () => net.request('http://web', { from: { ip: '10.244.9.1' } }));
    expect(podsHit(a).size).toBe(1);
    const others = new Set(Array.from({ length: 30 }, (_, i) => net.request('http://web', { from: { ip: `10.244.9.${i + 2}` } }).pod));
    expect(others.size).toBeGreaterThan(1);
    // After 61 s of silence the client may land anywhere; over many clients some move.
    const before = Array.from({ length: 20 }, (_, i) => net.request('http://web', { from: { ip: `10.244.8.${i}` } }).pod);
    clock.advance('61s');
    const after = Array.from({ length: 20 }, (_, i) => net.request('http://web', { from: { ip: `10.244.8.${i}` } }).pod);
    expect(after.some((p, i) => p !== before[i])).toBe(true);
  });

  it('a NodePort answers on every node; externalTrafficPolicy Local only reaches that node\'s pods', () => {
    const { store, clock, net } = trafficCluster(2);
    const svc = store.create(service('web', { selector: { app: 'web' }, type: 'NodePort', externalTrafficPolicy: 'Local' }));
    const port = svc.spec.ports![0]!.nodePort!;
    clock.advance('2s');
    const viaNode1 = Array.from({ length: 20 }, () => net.request(`http://172.18.0.3:${port}/`, { from: { outside: true } }));
    expect(podsHit(viaNode1)).toEqual(new Set(['default/web-0']));
    store.delete({ kind: 'Pod', name: 'web-1' }, { gracePeriodSeconds: 0 });
    clock.advance('2s');
    expect(net.request(`http://172.18.0.4:${port}/`, { from: { outside: true } })).toMatchObject({ ok: false, error: 'timeout' });
  });

  it('a LoadBalancer address routes from outside; cluster IPs and names do not', () => {
    const { store, clock, net } = trafficCluster(1);
    const svc = store.create(service('web', { selector: { app: 'web' }, type: 'LoadBalancer' }));
    store.updateStatus({ kind: 'Service', name: 'web' }, (d) => {
      d.status.loadBalancer.ingress = [{ ip: '172.18.255.200' }];
    });
    clock.advance('2s');
    expect(net.request('http://172.18.255.200/', { from: { outside: true } })).toMatchObject({ ok: true, pod: 'default/web-0' });
    expect(net.request(`http://${svc.spec.clusterIP}/`, { from: { outside: true } })).toMatchObject({ ok: false, error: 'no route to host' });
    expect(net.request('http://web/', { from: { outside: true } })).toMatchObject({ ok: false, error: 'could not resolve host' });
  });

  it('externalIPs route like a load balancer address', () => {
    const { store, clock, net } = trafficCluster(1);
    store.create(service('web', { selector: { app: 'web' }, externalIPs: ['203.0.113.7'] }));
    clock.advance('2s');
    expect(net.request('http://203.0.113.7/', { from: { outside: true } })).toMatchObject({ ok: true, pod: 'default/web-0' });
  });

  it('names that do not resolve, ExternalName targets, and bad input', () => {
    const { store, net } = trafficCluster(0);
    store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'mail' }, spec: { type: 'ExternalName', externalName: 'smtp.example.com' } });
    expect(net.request('http://nope/')).toMatchObject({ ok: false, error: 'could not resolve host', detail: 'Could not resolve host: nope' });
    expect(net.request('http://mail/')).toMatchObject({ ok: false, error: 'could not resolve host' });
    expect(() => net.request('web')).toThrow('request: url must look like http://host[:port][/path], got "web"');
    expect(() => net.request('http://web:99999/')).toThrow('request: port must be between 1 and 65535, got 99999 in http://web:99999/');
    expect(() => net.request('http://web/', { from: { pod: 'ghost' } })).toThrow('request: from.pod "ghost" not found in namespace "default"');
  });

  it('is deterministic: the same seed sends the same requests to the same pods', () => {
    const run = (seed: number) => {
      const { store, clock, net } = trafficCluster(3, seed);
      store.create(service('web', { selector: { app: 'web' } }));
      clock.advance('2s');
      return Array.from({ length: 20 }, () => net.request('http://web').pod);
    };
    expect(run(5)).toEqual(run(5));
  });
});
