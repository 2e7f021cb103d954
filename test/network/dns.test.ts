import { describe, expect, it } from 'vitest';
import { EndpointSliceController } from '../../src/controllers/endpointslice/index.js';
import { DnsError, resolve, searchList } from '../../src/network/dns.js';
import { addNode, addPod, newCluster, service } from './harness.js';

function dnsCluster() {
  const c = newCluster();
  addNode(c.store, 'node-1');
  new EndpointSliceController({ store: c.store, clock: c.clock, rng: c.rng.fork('eps') }).start();
  c.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  return c;
}

describe('cluster DNS', () => {
  it('the search list follows a Pod\'s resolv.conf (ndots:5)', () => {
    expect(searchList('web', 'shop')).toEqual([
      'web.shop.svc.cluster.local',
      'web.svc.cluster.local',
      'web.cluster.local',
      'web',
    ]);
    expect(searchList('a.b.c.d.e.f', 'shop')[0]).toBe('a.b.c.d.e.f');
    expect(searchList('web.shop.svc.cluster.local.', 'x')).toEqual(['web.shop.svc.cluster.local']);
  });

  it.each([
    ['web', 'shop'],
    ['web.shop', 'default'],
    ['web.shop.svc', 'default'],
    ['web.shop.svc.cluster.local', 'default'],
    ['WEB.shop.svc.cluster.local.', 'default'],
  ])('%s from %s is the cluster IP of web in shop', (name, from) => {
    const { store } = dnsCluster();
    const ip = store.create(service('web', {}, 'shop')).spec.clusterIP!;
    expect(resolve(store, name, from)).toEqual({ type: 'A', name: 'web.shop.svc.cluster.local', addresses: [ip] });
  });

  it('a short name only finds Services in the client\'s own namespace', () => {
    const { store } = dnsCluster();
    store.create(service('web', {}, 'shop'));
    expect(() => resolve(store, 'web', 'default')).toThrow(DnsError);
    expect(() => resolve(store, 'web', 'default')).toThrow("** server can't find web: NXDOMAIN");
  });

  it('a headless Service answers with its ready pods\' addresses, and pods with hostname/subdomain by name', () => {
    const { store, clock } = dnsCluster();
    store.create(service('db', { clusterIP: 'None', selector: { app: 'db' } }));
    addPod(store, 'db-0', { labels: { app: 'db' }, ip: '10.244.1.10', hostname: 'db-0', subdomain: 'db' });
    addPod(store, 'db-1', { labels: { app: 'db' }, ip: '10.244.1.9' });
    addPod(store, 'db-2', { labels: { app: 'db' }, ip: '10.244.1.11', ready: false });
    clock.advance('10ms');
    expect(resolve(store, 'db')).toEqual({ type: 'A', name: 'db.default.svc.cluster.local', addresses: ['10.244.1.9', '10.244.1.10'] });
    expect(resolve(store, 'db-0.db')).toEqual({ type: 'A', name: 'db-0.db.default.svc.cluster.local', addresses: ['10.244.1.10'] });
  });

  it('a headless Service with no ready pods does not resolve', () => {
    const { store, clock } = dnsCluster();
    store.create(service('db', { clusterIP: 'None', selector: { app: 'db' } }));
    clock.advance('10ms');
    expect(() => resolve(store, 'db')).toThrow(DnsError);
  });

  it('an ExternalName Service is a CNAME', () => {
    const { store } = dnsCluster();
    store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'mail' }, spec: { type: 'ExternalName', externalName: 'smtp.example.com.' } });
    expect(resolve(store, 'mail')).toEqual({ type: 'CNAME', name: 'mail.default.svc.cluster.local', target: 'smtp.example.com' });
  });

  it('a-b-c-d.<ns>.pod.cluster.local answers with a.b.c.d (pods insecure)', () => {
    const { store } = dnsCluster();
    expect(resolve(store, '10-244-1-5.shop.pod')).toEqual({ type: 'A', name: '10-244-1-5.shop.pod.cluster.local', addresses: ['10.244.1.5'] });
    expect(() => resolve(store, '10-244-1-500.shop.pod')).toThrow(DnsError);
  });

  it('an empty name is an error that says what a name looks like', () => {
    const { store } = dnsCluster();
    expect(() => resolve(store, '')).toThrow('resolve: name must be a non-empty host name, e.g. "web" or "web.shop.svc.cluster.local"');
  });
});
