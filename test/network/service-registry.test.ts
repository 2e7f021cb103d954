import { describe, expect, it } from 'vitest';
import { StatusError } from '../../src/api/errors.js';
import { createKubernetesService } from '../../src/network/bootstrap.js';
import { newCluster, service } from './harness.js';

function refused(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the write to be refused');
}

const inCidr = (ip: string) => {
  const [a, b] = ip.split('.').map(Number);
  return a === 10 && b! >= 96 && b! <= 111;
};

describe('cluster IP allocation', () => {
  it('gives a ClusterIP Service one address from the upper band of 10.96.0.0/12', () => {
    const { store } = newCluster();
    const svc = store.create(service('web'));
    expect(svc.spec.clusterIPs).toEqual([svc.spec.clusterIP]);
    expect(inCidr(svc.spec.clusterIP!)).toBe(true);
    // The static band (10.96.0.1–10.96.1.0) is kept for requested addresses.
    expect(svc.spec.clusterIP!.startsWith('10.96.0.')).toBe(false);
  });

  it('hands out the same addresses for the same seed, different ones for another', () => {
    const ips = (seed: number) => {
      const { store } = newCluster(seed);
      return ['a', 'b', 'c'].map((n) => store.create(service(n)).spec.clusterIP);
    };
    expect(ips(7)).toEqual(ips(7));
    expect(ips(7)).not.toEqual(ips(8));
  });

  it('honours a requested address and refuses it to a second Service with Kubernetes\' message', () => {
    const { store, registry } = newCluster();
    store.create(service('a', { clusterIP: '10.96.0.50' }));
    expect(registry.isIPAllocated('10.96.0.50')).toBe(true);
    const e = refused(() => store.create(service('b', { clusterIP: '10.96.0.50' })));
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe(
      'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.50"}: failed to allocate IP 10.96.0.50: provided IP is already allocated',
    );
  });

  it.each([
    ['outside the CIDR', '1.1.1.1'],
    ['the network address', '10.96.0.0'],
    ['the broadcast address', '10.111.255.255'],
  ])('refuses an address %s', (_, ip) => {
    const { store } = newCluster();
    expect(refused(() => store.create(service('b', { clusterIP: ip }))).message).toBe(
      `Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`,
    );
  });

  it('gives headless and ExternalName Services no address', () => {
    const { store, registry } = newCluster();
    expect(store.create(service('h', { clusterIP: 'None' })).spec.clusterIPs).toEqual(['None']);
    const ext = store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
    expect(ext.spec.clusterIP).toBeUndefined();
    expect(registry.allocatedIPs).toBe(0);
  });

  it('releases the address on delete, so it can be asked for again', () => {
    const { store, registry } = newCluster();
    store.create(service('a', { clusterIP: '10.96.0.50' }));
    store.delete({ kind: 'Service', name: 'a' });
    expect(registry.isIPAllocated('10.96.0.50')).toBe(false);
    expect(store.create(service('b', { clusterIP: '10.96.0.50' })).spec.clusterIP).toBe('10.96.0.50');
  });

  it('a dry run checks without reserving', () => {
    const { store, registry } = newCluster();
    store.create(service('a', { clusterIP: '10.96.0.50' }), { dryRun: true });
    expect(registry.isIPAllocated('10.96.0.50')).toBe(false);
    expect(store.get('Service', 'default', 'a')).toBeUndefined();
  });

  it('keeps the address when a client re-sends the Service without it (kubectl replace)', () => {
    const { store } = newCluster();
    const svc = store.create(service('web'));
    const replaced = store.replace({ ...service('web', { ports: [{ port: 81, targetPort: 8080 }] }) });
    expect(replaced.spec.clusterIP).toBe(svc.spec.clusterIP);
    expect(replaced.spec.ports![0]!.port).toBe(81);
  });
});

describe('node port allocation', () => {
  it('gives every port of a NodePort Service a node port from 30000–32767', () => {
    const { store, registry } = newCluster();
    const svc = store.create(service('web', { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }));
    const ports = svc.spec.ports!.map((p) => p.nodePort!);
    expect(new Set(ports).size).toBe(2);
    for (const p of ports) {
      // Dynamic ports come from the upper band; 30000–30085 stays for requested ones.
      expect(p).toBeGreaterThanOrEqual(30086);
      expect(p).toBeLessThanOrEqual(32767);
      expect(registry.isNodePortAllocated(p)).toBe(true);
    }
  });

  it('gives TCP and UDP on the same port number one node port', () => {
    const { store } = newCluster();
    const svc = store.create(
      service('dns', { type: 'NodePort', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] }),
    );
    expect(svc.spec.ports![0]!.nodePort).toBe(svc.spec.ports![1]!.nodePort);
  });

  it('refuses a taken port and one out of range, in Kubernetes\' words', () => {
    const { store } = newCluster();
    store.create(service('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(refused(() => store.create(service('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).message).toBe(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(refused(() => store.create(service('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }))).message).toBe(
      'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('a refused create changes nothing: no IP, no port, no object', () => {
    const { store, registry } = newCluster();
    store.create(service('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    const rv = store.resourceVersion;
    const [ips, ports] = [registry.allocatedIPs, registry.allocatedNodePorts];
    // The cluster IP and the first port are free; the second port is taken: nothing may be kept.
    refused(() =>
      store.create(service('b', { type: 'NodePort', clusterIP: '10.96.0.77', ports: [{ name: 'a', port: 81, nodePort: 30081 }, { name: 'b', port: 82, nodePort: 30080 }] })),
    );
    expect([registry.allocatedIPs, registry.allocatedNodePorts]).toEqual([ips, ports]);
    expect(registry.isIPAllocated('10.96.0.77')).toBe(false);
    expect(registry.isNodePortAllocated(30081)).toBe(false);
    expect(store.resourceVersion).toBe(rv);
    expect(store.get('Service', 'default', 'b')).toBeUndefined();
  });

  it('a LoadBalancer with externalTrafficPolicy Local also gets a health check port', () => {
    const { store } = newCluster();
    const svc = store.create(service('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
    expect(svc.spec.ports![0]!.nodePort).toBeGreaterThan(0);
    expect(svc.spec.healthCheckNodePort).toBeGreaterThan(0);
    expect(svc.spec.healthCheckNodePort).not.toBe(svc.spec.ports![0]!.nodePort);
  });

  it('allocateLoadBalancerNodePorts: false gives a LoadBalancer no node ports', () => {
    const { store, registry } = newCluster();
    store.create(service('lb', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }));
    expect(registry.allocatedNodePorts).toBe(0);
  });
});

describe('type changes on update', () => {
  const patch = (store: ReturnType<typeof newCluster>['store'], name: string, spec: unknown) =>
    store.patch({ kind: 'Service', name }, 'merge', { spec });

  it('ClusterIP → NodePort allocates node ports; NodePort → ClusterIP releases them', () => {
    const { store, registry } = newCluster();
    const ip = store.create(service('web')).spec.clusterIP;
    const np = patch(store, 'web', { type: 'NodePort' });
    const port = np.spec.ports![0]!.nodePort!;
    expect(registry.isNodePortAllocated(port)).toBe(true);
    expect(np.spec.clusterIP).toBe(ip);
    const back = patch(store, 'web', { type: 'ClusterIP' });
    expect(back.spec.ports![0]!.nodePort).toBeUndefined();
    expect(back.spec.externalTrafficPolicy).toBeUndefined();
    expect(registry.isNodePortAllocated(port)).toBe(false);
  });

  it('keeps node ports across updates that do not name them', () => {
    const { store } = newCluster();
    const svc = store.create(service('web', { type: 'NodePort' }));
    const again = store.replace(service('web', { type: 'NodePort', ports: [{ port: 80, targetPort: 9090 }] }));
    expect(again.spec.ports![0]!.nodePort).toBe(svc.spec.ports![0]!.nodePort);
  });

  it('ClusterIP → ExternalName releases the address; back to ClusterIP allocates a new one', () => {
    const { store, registry } = newCluster();
    const ip = store.create(service('web', { clusterIP: '10.96.0.60' })).spec.clusterIP!;
    const ext = patch(store, 'web', { type: 'ExternalName', externalName: 'example.com' });
    expect(ext.spec.clusterIP).toBeUndefined();
    expect(registry.isIPAllocated(ip)).toBe(false);
    const back = patch(store, 'web', { type: 'ClusterIP', externalName: null });
    expect(registry.isIPAllocated(back.spec.clusterIP!)).toBe(true);
  });

  it('LoadBalancer → ClusterIP drops the load balancer status', () => {
    const { store } = newCluster();
    store.create(service('lb', { type: 'LoadBalancer' }));
    store.updateStatus({ kind: 'Service', name: 'lb' }, (d) => {
      d.status.loadBalancer.ingress = [{ ip: '172.18.255.200' }];
    });
    const svc = patch(store, 'lb', { type: 'ClusterIP' });
    expect(svc.status.loadBalancer).toEqual({});
    expect(svc.spec.allocateLoadBalancerNodePorts).toBeUndefined();
  });

  it('an update asking for a taken port is refused and keeps the old ports', () => {
    const { store, registry } = newCluster();
    store.create(service('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    const b = store.create(service('b', { type: 'NodePort' }));
    const mine = b.spec.ports![0]!.nodePort!;
    const e = refused(() => store.replace(service('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })));
    expect(e.message).toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect(registry.isNodePortAllocated(mine)).toBe(true);
    expect(store.get('Service', 'default', 'b')!.spec.ports![0]!.nodePort).toBe(mine);
  });
});

describe('the kubernetes Service', () => {
  it('holds 10.96.0.1, port 443 to the API server on 6443, with its Endpoints and EndpointSlice', () => {
    const { store, registry } = newCluster();
    createKubernetesService(store);
    createKubernetesService(store);
    const svc = store.mustGet('Service', 'default', 'kubernetes');
    expect(svc.spec.clusterIP).toBe('10.96.0.1');
    expect(svc.spec.ports).toEqual([{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);
    expect(registry.isIPAllocated('10.96.0.1')).toBe(true);
    expect(store.mustGet('Endpoints', 'default', 'kubernetes').subsets).toEqual([
      { addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
    ]);
    const slice = store.mustGet('EndpointSlice', 'default', 'kubernetes');
    expect(slice.endpoints[0]!.addresses).toEqual(['172.18.0.2']);
    expect(refused(() => store.create(service('x', { clusterIP: '10.96.0.1' }))).message).toContain('provided IP is already allocated');
  });
});
