import { describe, expect, it } from 'vitest';
import { ServiceLBController } from '../../../src/controllers/servicelb/index.js';
import { newCluster, service } from '../../network/harness.js';

function lbCluster(pool: [string, string] = ['172.18.255.200', '172.18.255.201']) {
  const c = newCluster();
  const lb = new ServiceLBController({ store: c.store, clock: c.clock, rng: c.rng.fork('lb'), pool, provisionDelay: '2s' });
  lb.start();
  const ingress = (name: string) => c.store.mustGet('Service', 'default', name).status.loadBalancer.ingress;
  return { ...c, lb, ingress };
}

describe('simulated cloud load balancer', () => {
  it('is pending for the provisioning delay, then gets the lowest free pool address', () => {
    const { store, clock, ingress } = lbCluster();
    store.create(service('web', { type: 'LoadBalancer' }));
    clock.advance('2004ms');
    expect(ingress('web')).toBeUndefined();
    clock.advance('2ms');
    expect(ingress('web')).toEqual([{ ip: '172.18.255.200', ipMode: 'VIP' }]);
    const reasons = store.items('Event', {}).map((e) => e.reason);
    expect(reasons).toEqual(['EnsuringLoadBalancer', 'EnsuredLoadBalancer']);
  });

  it('honours spec.loadBalancerIP in the pool, and leaves ClusterIP Services alone', () => {
    const { store, clock, ingress } = lbCluster();
    store.create(service('web', { type: 'LoadBalancer', loadBalancerIP: '172.18.255.201' }));
    store.create(service('internal'));
    clock.advance('3s');
    expect(ingress('web')).toEqual([{ ip: '172.18.255.201', ipMode: 'VIP' }]);
    expect(ingress('internal')).toBeUndefined();
  });

  it('an exhausted pool leaves the Service pending with a warning until an address is released', () => {
    const { store, clock, ingress, lb } = lbCluster(['172.18.255.200', '172.18.255.200']);
    store.create(service('a', { type: 'LoadBalancer' }));
    store.create(service('b', { type: 'LoadBalancer' }));
    clock.advance('3s');
    expect(ingress('a')).toEqual([{ ip: '172.18.255.200', ipMode: 'VIP' }]);
    expect(ingress('b')).toBeUndefined();
    expect(store.items('Event', {}).find((e) => e.type === 'Warning')!.message).toBe(
      'Error syncing load balancer: failed to ensure load balancer: no available IPs in pool 172.18.255.200-172.18.255.200',
    );
    // Changing the type gives the address back; b gets it.
    store.patch({ kind: 'Service', name: 'a' }, 'merge', { spec: { type: 'ClusterIP' } });
    clock.advance('10ms');
    expect(lb.addressOf('default', 'a')).toBeUndefined();
    expect(ingress('a')).toBeUndefined();
    expect(ingress('b')).toEqual([{ ip: '172.18.255.200', ipMode: 'VIP' }]);
  });

  it('releases the address when the Service is deleted', () => {
    const { store, clock, lb } = lbCluster();
    store.create(service('web', { type: 'LoadBalancer' }));
    clock.advance('3s');
    store.delete({ kind: 'Service', name: 'web' });
    clock.advance('10ms');
    expect(lb.addressOf('default', 'web')).toBeUndefined();
  });

  it('refuses an empty pool', () => {
    const { store, clock, rng } = newCluster();
    expect(() => new ServiceLBController({ store, clock, rng, pool: ['172.18.255.9', '172.18.255.1'] })).toThrow(
      'servicelb: pool 172.18.255.9-172.18.255.1 is empty: the last address must not be below the first',
    );
  });
});
