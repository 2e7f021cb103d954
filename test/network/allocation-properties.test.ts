import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../src/api/errors.js';
import { newCluster, service } from './harness.js';

type Step =
  | { op: 'create'; name: number; type: string; ip?: number; port?: number }
  | { op: 'retype'; name: number; type: string }
  | { op: 'delete'; name: number };

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Headless'];
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    name: fc.integer({ min: 0, max: 5 }),
    type: fc.constantFrom(...TYPES),
    ip: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    port: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  }),
  fc.record({ op: fc.constant('retype' as const), name: fc.integer({ min: 0, max: 5 }), type: fc.constantFrom(...TYPES) }),
  fc.record({ op: fc.constant('delete' as const), name: fc.integer({ min: 0, max: 5 }) }),
);

function spec(type: string, ip?: number, port?: number): Record<string, unknown> {
  if (type === 'ExternalName') return { type, externalName: 'example.com', selector: undefined, ports: undefined };
  if (type === 'Headless') return { type: 'ClusterIP', clusterIP: 'None' };
  return {
    type,
    ...(ip !== undefined ? { clusterIP: `10.96.0.${100 + ip}` } : {}),
    ...(port !== undefined && type !== 'ClusterIP' ? { ports: [{ port: 80, nodePort: 30010 + port }] } : {}),
  };
}

describe('allocation properties', () => {
  it('after any sequence of creates, type changes and deletes, the allocators hold exactly what the Services hold', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const { store, registry } = newCluster();
        for (const s of steps) {
          const name = `svc-${s.name}`;
          try {
            if (s.op === 'create') store.create(service(name, spec(s.type, s.ip, s.port)));
            else if (s.op === 'delete') store.delete({ kind: 'Service', name });
            else {
              const patch = spec(s.type);
              store.patch({ kind: 'Service', name }, 'merge', {
                spec: { ...patch, ...(s.type !== 'ExternalName' ? { externalName: null } : {}) },
              });
            }
          } catch (e) {
            // Refusals (taken values, invalid type changes, missing objects) are fine; anything else is not.
            if (!isStatusError(e)) throw e;
          }
          const services = store.items('Service', {});
          const ips = services.flatMap((svc) => (svc.spec.clusterIPs ?? []).filter((ip) => ip !== 'None'));
          const ports = services.flatMap((svc) => [
            ...(svc.spec.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : [])),
            ...(svc.spec.healthCheckNodePort ? [svc.spec.healthCheckNodePort] : []),
          ]);
          expect(new Set(ips).size).toBe(ips.length);
          expect(registry.allocatedIPs).toBe(ips.length);
          for (const ip of ips) expect(registry.isIPAllocated(ip)).toBe(true);
          expect(registry.allocatedNodePorts).toBe(new Set(ports).size);
          for (const p of ports) expect(registry.isNodePortAllocated(p)).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  }, 30_000);
});
