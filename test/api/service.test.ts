import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit } from '../../src/api/admit.js';
import { serviceDef, type Service } from '../../src/api/service.js';

const problems = (input: unknown, old?: Service): string[] => causesOf(() => admit(serviceDef, input, old));

function svc(spec: Record<string, unknown>, name = 'web'): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

/** The article's Service, as written in /work/shared/seed/000_*.txt. */
const apiService = svc(
  { selector: { app: 'api' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 8000 }], type: 'ClusterIP' },
  'api-service',
);

describe('Service defaults', () => {
  it("gives the article's api-service exactly Kubernetes' defaults (no IP: that is the allocator's)", () => {
    expect(admit(serviceDef, apiService)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api-service', namespace: 'default' },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'api' },
        ports: [{ protocol: 'TCP', port: 80, targetPort: 8000 }],
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        ipFamilyPolicy: 'SingleStack',
        ipFamilies: ['IPv4'],
      },
      status: { loadBalancer: {} },
    });
  });

  const cases: { name: string; spec: Record<string, unknown>; expected: Record<string, unknown> }[] = [
    {
      name: 'a bare port gets TCP and targetPort = port',
      spec: { ports: [{ port: 8080 }] },
      expected: { type: 'ClusterIP', ports: [{ protocol: 'TCP', port: 8080, targetPort: 8080 }] },
    },
    {
      name: 'targetPort 0 and "" mean "same as port"',
      spec: { ports: [{ name: 'a', port: 80, targetPort: 0 }, { name: 'b', port: 81, targetPort: '' }] },
      expected: { ports: [{ name: 'a', protocol: 'TCP', port: 80, targetPort: 80 }, { name: 'b', protocol: 'TCP', port: 81, targetPort: 81 }] },
    },
    {
      name: 'a named targetPort is kept',
      spec: { ports: [{ port: 80, targetPort: 'http' }] },
      expected: { ports: [{ protocol: 'TCP', port: 80, targetPort: 'http' }] },
    },
    {
      name: 'NodePort: externalTrafficPolicy Cluster, no node port allocated',
      spec: { type: 'NodePort', ports: [{ port: 80 }] },
      expected: { externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] },
    },
    {
      name: 'LoadBalancer: allocateLoadBalancerNodePorts true and externalTrafficPolicy Cluster',
      spec: { type: 'LoadBalancer', ports: [{ port: 443 }] },
      expected: { allocateLoadBalancerNodePorts: true, externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' },
    },
    {
      name: 'ClusterIP with externalIPs is externally accessible',
      spec: { externalIPs: ['192.0.2.10'], ports: [{ port: 80 }] },
      expected: { externalTrafficPolicy: 'Cluster' },
    },
    {
      name: 'ClientIP affinity gets the three-hour timeout',
      spec: { sessionAffinity: 'ClientIP', ports: [{ port: 80 }] },
      expected: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } },
    },
    {
      name: 'affinity None drops a sessionAffinityConfig',
      spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ port: 80 }] },
      expected: { sessionAffinity: 'None' },
    },
    {
      name: 'empty strings count as unset',
      spec: { type: '', sessionAffinity: '', ports: [{ port: 80, protocol: '' }] },
      expected: { type: 'ClusterIP', sessionAffinity: 'None', ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] },
    },
    {
      name: 'ExternalName gets no IP families and no internal traffic policy',
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
      expected: { type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' },
    },
    {
      name: 'clusterIP alone fills clusterIPs (an old client)',
      spec: { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] },
      expected: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'] },
    },
    {
      name: 'headless with a selector is single-stack',
      spec: { clusterIP: 'None', selector: { app: 'db' } },
      expected: { clusterIPs: ['None'], ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] },
    },
    {
      name: 'headless without a selector asks for both families',
      spec: { clusterIP: 'None' },
      expected: { clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] },
    },
  ];
  it.each(cases)('$name', ({ spec, expected }) => {
    const s = admit(serviceDef, svc(spec));
    expect(s.spec).toMatchObject(expected);
    if (spec.sessionAffinityConfig) expect(s.spec.sessionAffinityConfig).toBeUndefined();
    if (spec.type === 'ExternalName') {
      expect(s.spec).not.toHaveProperty('ipFamilies');
      expect(s.spec).not.toHaveProperty('internalTrafficPolicy');
    }
    if (spec.type === 'NodePort') expect(s.spec.ports?.[0]).not.toHaveProperty('nodePort');
    if (!spec.clusterIP) expect(s.spec).not.toHaveProperty('clusterIP');
  });

  it.each(cases.map((c) => ({ name: c.name, spec: c.spec })))('is idempotent: $name', ({ spec }) => {
    const once = admit(serviceDef, svc(spec));
    expect(admit(serviceDef, structuredClone(once))).toEqual(once);
  });

  it('keeps fields it does not model', () => {
    const s = admit(serviceDef, svc({ ports: [{ port: 80, future: 1 }], loadBalancerClass: 'x', trafficDistribution: 'PreferClose' }));
    expect(s.spec).toMatchObject({ loadBalancerClass: 'x', trafficDistribution: 'PreferClose' });
    expect(s.spec.ports?.[0]).toMatchObject({ future: 1 });
  });

  it('names the field of a wrong type', () => {
    expect(problems(svc({ ports: [{ port: '80' }] }))).toEqual(['spec.ports[0].port: Invalid value: "80": must be of type integer']);
    expect(problems(svc({ ports: [{ port: 80, targetPort: true }] }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: true: must be an integer or a string',
    ]);
    expect(problems(svc({ selector: 'app=api' }))).toEqual(['spec.selector: Invalid value: "app=api": must be of type object']);
  });

  it('defaults ipMode of a load balancer ingress IP to VIP', () => {
    const s = admit(serviceDef, { ...svc({ type: 'LoadBalancer', ports: [{ port: 80 }] }), status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } });
    expect(s.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.7', ipMode: 'VIP' }]);
  });
});
