import { describe, expect, it } from 'vitest';
import type { EndpointSubset } from '../../../src/api/endpoints.js';
import { EndpointsController } from '../../../src/controllers/endpoints/index.js';
import { truncateSubsets } from '../../../src/controllers/endpoints/subsets.js';
import { addNode, addPod, newCluster, service } from '../../network/harness.js';

function endpointsCluster() {
  const c = newCluster();
  addNode(c.store, 'node-1');
  new EndpointsController({ store: c.store, clock: c.clock, rng: c.rng.fork('ep') }).start();
  return c;
}

describe('Endpoints controller', () => {
  it('lists ready pods under addresses and the others under notReadyAddresses', () => {
    const { store, clock } = endpointsCluster();
    store.create(service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] }));
    addPod(store, 'b', { ip: '10.244.1.20' });
    addPod(store, 'a', { ip: '10.244.1.3' });
    addPod(store, 'c', { ip: '10.244.1.9', ready: false });
    addPod(store, 'pending');
    clock.advance('10ms');
    const ep = store.mustGet('Endpoints', 'default', 'web');
    const uid = (n: string) => store.mustGet('Pod', 'default', n).metadata.uid;
    const addr = (ip: string, n: string) => ({ ip, nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: n, uid: uid(n) } });
    expect(ep.subsets).toEqual([
      {
        addresses: [addr('10.244.1.3', 'a'), addr('10.244.1.20', 'b')],
        notReadyAddresses: [addr('10.244.1.9', 'c')],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('a Service without pods has an Endpoints object without subsets; it goes with the Service', () => {
    const { store, clock } = endpointsCluster();
    store.create(service('web'));
    clock.advance('10ms');
    expect(store.mustGet('Endpoints', 'default', 'web').subsets).toBeUndefined();
    store.delete({ kind: 'Service', name: 'web' });
    clock.advance('10ms');
    expect(store.get('Endpoints', 'default', 'web')).toBeUndefined();
  });

  it('leaves an edited Endpoints object alone until its pods change, and brings a deleted one back', () => {
    const { store, clock } = endpointsCluster();
    store.create(service('web'));
    addPod(store, 'a', { ip: '10.244.1.3' });
    clock.advance('10ms');
    const ips = () => store.mustGet('Endpoints', 'default', 'web').subsets?.flatMap((s) => s.addresses ?? []).map((a) => a.ip);
    store.update({ kind: 'Endpoints', name: 'web' }, (d) => {
      delete d.subsets;
    });
    clock.advance('10ms');
    expect(ips()).toBeUndefined();
    addPod(store, 'b', { ip: '10.244.1.4' });
    clock.advance('10ms');
    expect(ips()).toEqual(['10.244.1.3', '10.244.1.4']);
    store.delete({ kind: 'Endpoints', name: 'web' });
    clock.advance('10ms');
    expect(ips()).toEqual(['10.244.1.3', '10.244.1.4']);
  });

  it('is not woken by pod changes no endpoint shows', () => {
    const { store, clock } = endpointsCluster();
    store.create(service('web'));
    addPod(store, 'a', { ip: '10.244.1.3' });
    clock.advance('10ms');
    store.update({ kind: 'Endpoints', name: 'web' }, (d) => {
      delete d.subsets;
    });
    // A restart count is no part of an endpoint: the edit above stays.
    store.updateStatus({ kind: 'Pod', name: 'a' }, (d) => {
      d.status!.containerStatuses = [{ name: 'app', image: 'nginx:1.27', imageID: '', ready: true, restartCount: 1 }] as NonNullable<typeof d.status>['containerStatuses'];
    });
    clock.advance('10ms');
    expect(store.mustGet('Endpoints', 'default', 'web').subsets).toBeUndefined();
  });

  it('shares the addresses of unchanged pods with the version before, wherever they moved', () => {
    const { store, clock } = endpointsCluster();
    store.create(service('web'));
    addPod(store, 'a', { ip: '10.244.1.20' });
    addPod(store, 'b', { ip: '10.244.1.30' });
    clock.advance('10ms');
    const before = store.mustGet('Endpoints', 'default', 'web').subsets![0]!.addresses!;
    // Sorted by IP, the new pod comes first and moves the others along.
    addPod(store, 'c', { ip: '10.244.1.10' });
    clock.advance('10ms');
    const after = store.mustGet('Endpoints', 'default', 'web').subsets![0]!.addresses!;
    expect(after.map((a) => a.ip)).toEqual(['10.244.1.10', '10.244.1.20', '10.244.1.30']);
    expect(after[1]).toBe(before[0]);
    expect(after[2]).toBe(before[1]);
  });

  it('drops terminating pods, unless the Service publishes not-ready addresses', () => {
    const { store, clock } = endpointsCluster();
    store.create(service('web'));
    store.create(service('all', { selector: { app: 'web' }, publishNotReadyAddresses: true }));
    addPod(store, 'a', { ip: '10.244.1.3' });
    store.delete({ kind: 'Pod', name: 'a' });
    clock.advance('10ms');
    expect(store.mustGet('Endpoints', 'default', 'web').subsets).toBeUndefined();
    expect(store.mustGet('Endpoints', 'default', 'all').subsets![0]!.addresses!.map((a) => a.ip)).toEqual(['10.244.1.3']);
  });

  it('groups addresses by the ports they offer', () => {
    const { store, clock } = endpointsCluster();
    store.create(service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9100, targetPort: 9100 }] }));
    addPod(store, 'a', { ip: '10.244.1.3' });
    addPod(store, 'b', { ip: '10.244.1.4', ports: [] });
    clock.advance('10ms');
    const subsets = store.mustGet('Endpoints', 'default', 'web').subsets!;
    expect(subsets.map((s) => [s.addresses!.map((a) => a.ip), s.ports!.map((p) => p.port)])).toEqual([
      [['10.244.1.3'], [8080]],
      [['10.244.1.3', '10.244.1.4'], [9100]],
    ]);
  });

  it('cuts beyond 1000 addresses and says so in the over-capacity annotation', () => {
    const { store, clock } = endpointsCluster();
    store.create(service('web'));
    for (let i = 0; i < 1005; i++) addPod(store, `web-${i}`, { ip: `10.244.${i >> 8}.${i & 255}` });
    clock.advance('10ms');
    const ep = store.mustGet('Endpoints', 'default', 'web');
    expect(ep.subsets![0]!.addresses).toHaveLength(1000);
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/over-capacity': 'truncated' });
    for (let i = 0; i < 10; i++) store.delete({ kind: 'Pod', name: `web-${i}` }, { gracePeriodSeconds: 0 });
    clock.advance('10ms');
    expect(store.mustGet('Endpoints', 'default', 'web').metadata.annotations).toBeUndefined();
  }, 30_000);
});

describe('truncateSubsets (Kubernetes\' TestTruncateEndpoints shapes)', () => {
  const addrs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ ip: `10.0.${(from + i) >> 8}.${(from + i) & 255}` }));
  const count = (s: EndpointSubset[]) => s.map((x) => [x.addresses?.length ?? 0, x.notReadyAddresses?.length ?? 0]);
  it.each([
    { name: 'under capacity: untouched', subsets: [{ addresses: addrs(500), notReadyAddresses: addrs(400, 500) }], want: [[500, 400]], truncated: false },
    { name: 'ready fits: not-ready cut', subsets: [{ addresses: addrs(900), notReadyAddresses: addrs(300, 900) }], want: [[900, 100]], truncated: true },
    {
      name: 'not-ready cut in proportion, rounded up',
      subsets: [
        { addresses: addrs(450), notReadyAddresses: addrs(150, 450) },
        { addresses: addrs(450, 600), notReadyAddresses: addrs(150, 1050) },
      ],
      want: [[450, 50], [450, 50]],
      truncated: true,
    },
    { name: 'ready over capacity: not-ready all gone', subsets: [{ addresses: addrs(1200), notReadyAddresses: addrs(10, 1200) }], want: [[1000, 0]], truncated: true },
  ])('$name', ({ subsets, want, truncated }) => {
    const out = truncateSubsets(subsets);
    expect(out.truncated).toBe(truncated);
    expect(count(out.subsets)).toEqual(want);
  });
});
