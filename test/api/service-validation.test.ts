import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit, admitStatus } from '../../src/api/admit.js';
import { isStatusError } from '../../src/api/errors.js';
import { serviceDef, type Service } from '../../src/api/service.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../src/api/validation/names.js';

const problems = (input: unknown, old?: Service): string[] => causesOf(() => admit(serviceDef, input, old));

function svc(spec: Record<string, unknown>, name = 'web'): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

const port80 = [{ port: 80 }];
const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

describe('Service validation', () => {
  it('rejects a name that is not a DNS-1035 label, in the API server words', () => {
    expect(() => admit(serviceDef, svc({ ports: port80 }, 'Bad_Name'))).toThrow(
      'Service "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a DNS-1035 label must consist of ' +
        "lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric " +
        "character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  });

  const cases: { name: string; spec: Record<string, unknown>; expected: string[] }[] = [
    { name: 'valid ClusterIP', spec: { ports: port80 }, expected: [] },
    { name: 'ports are required', spec: { selector: { app: 'a' } }, expected: ['spec.ports: Required value'] },
    { name: 'headless needs no ports', spec: { clusterIP: 'None' }, expected: [] },
    { name: 'ExternalName needs no ports', spec: { type: 'ExternalName', externalName: 'db.example.com.' }, expected: [] },
    {
      name: 'unknown type',
      spec: { type: 'Ingress', ports: port80 },
      expected: ['spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    },
    {
      name: 'port out of range',
      spec: { ports: [{ port: 0 }, { name: 'b', port: 65536 }] },
      expected: [
        'spec.ports[0].name: Required value',
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        // targetPort was defaulted from port, so it is wrong too — Kubernetes says so as well.
        'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[1].port: Invalid value: 65536: must be between 1 and 65535, inclusive',
        'spec.ports[1].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive',
      ],
    },
    {
      name: 'names are required when there is more than one port',
      spec: { ports: [{ name: 'http', port: 80 }, { port: 443 }] },
      expected: ['spec.ports[1].name: Required value'],
    },
    {
      name: 'port names are unique DNS labels',
      spec: { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }, { name: 'Web', port: 82 }] },
      expected: ['spec.ports[1].name: Duplicate value: "http"', ...isDNS1123Label('Web').map((m) => `spec.ports[2].name: Invalid value: "Web": ${m}`)],
    },
    {
      name: 'protocol values',
      spec: { ports: [{ port: 80, protocol: 'HTTP' }] },
      expected: ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    },
    {
      name: 'targetPort number out of range',
      spec: { ports: [{ port: 80, targetPort: 70000 }] },
      expected: ['spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    },
    {
      name: 'targetPort name must be an IANA service name',
      spec: { ports: [{ port: 80, targetPort: 'web-http-server-1' }] },
      expected: ['spec.ports[0].targetPort: Invalid value: "web-http-server-1": must be no more than 15 characters'],
    },
    {
      name: 'nodePort on a ClusterIP Service',
      spec: { ports: [{ port: 80, nodePort: 30080 }] },
      expected: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    },
    { name: 'nodePort range is the allocator’s business', spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }, expected: [] },
    {
      name: 'duplicate node ports and ports',
      spec: { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30001 }, { name: 'b', port: 80, nodePort: 30001 }] },
      expected: ['spec.ports[1].nodePort: Duplicate value: 30001', 'spec.ports[1]: Duplicate value: {"protocol":"TCP","port":80}'],
    },
    { name: 'same port, other protocol', spec: { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] }, expected: [] },
    { name: 'ExternalName requires externalName', spec: { type: 'ExternalName' }, expected: ['spec.externalName: Required value'] },
    {
      name: 'externalName is a DNS subdomain',
      spec: { type: 'ExternalName', externalName: 'Not_A_Host' },
      expected: isDNS1123Subdomain('Not_A_Host').map((m) => `spec.externalName: Invalid value: "Not_A_Host": ${m}`),
    },
    {
      name: 'ExternalName has no cluster IP',
      spec: { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.9' },
      expected: ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
    },
    { name: 'clusterIP must be an IP', spec: { clusterIP: '10.96.0.300', ports: port80 }, expected: [`spec.clusterIPs[0]: Invalid value: "10.96.0.300": ${IP_MSG}`] },
    { name: 'clusterIP may be an IP', spec: { clusterIP: '10.96.0.10', ports: port80 }, expected: [] },
    {
      name: 'clusterIPs must follow clusterIP',
      spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.11'], ports: port80 },
      expected: ['spec.clusterIPs: Invalid value: ["10.96.0.11"]: first value must match `clusterIP`'],
    },
    {
      name: 'an IPv6 cluster IP on this IPv4 cluster',
      spec: { clusterIP: 'fd00::10', ports: port80 },
      expected: ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster'],
    },
    {
      name: 'NodePort cannot be headless',
      spec: { type: 'NodePort', clusterIP: 'None', ports: port80 },
      expected: ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services'],
    },
    {
      name: 'session affinity values',
      spec: { sessionAffinity: 'Cookie', ports: port80 },
      expected: ['spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"'],
    },
    {
      name: 'ClientIP timeout at most a day',
      spec: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } }, ports: port80 },
      expected: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400'],
    },
    {
      name: 'externalIPs are real addresses',
      spec: { externalIPs: ['example.com', '127.0.0.1'], ports: port80 },
      expected: [
        `spec.externalIPs[0]: Invalid value: "example.com": ${IP_MSG}`,
        'spec.externalIPs[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    },
    {
      name: 'selector keys and values are label-shaped',
      spec: { selector: { app: 'bad value' }, ports: port80 },
      expected: [expect.stringMatching(/^spec\.selector\[app\]: Invalid value: "bad value": a valid label must be/) as unknown as string],
    },
    {
      name: 'externalTrafficPolicy only for externally-accessible Services',
      spec: { externalTrafficPolicy: 'Local', ports: port80 },
      expected: ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
    },
    {
      name: 'traffic policy values',
      spec: { type: 'NodePort', externalTrafficPolicy: 'Nearest', internalTrafficPolicy: 'Node', ports: port80 },
      expected: [
        'spec.externalTrafficPolicy: Unsupported value: "Nearest": supported values: "Cluster", "Local"',
        'spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"',
      ],
    },
    {
      name: 'allocateLoadBalancerNodePorts only for LoadBalancer',
      spec: { allocateLoadBalancerNodePorts: false, ports: port80 },
      expected: ["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"],
    },
  ];
  it.each(cases)('$name', ({ spec, expected }) => {
    expect(problems(svc(spec))).toEqual(expected);
  });
});

describe('Service updates', () => {
  const allocated = admit(serviceDef, svc({ clusterIP: '10.96.0.10', ports: port80 }));
  const cases: { name: string; spec: Record<string, unknown>; expected: string[] }[] = [
    { name: 'same IP', spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: port80 }, expected: [] },
    {
      name: 'a cluster IP may not change once set',
      spec: { clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'], ports: port80 },
      expected: ['spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set'],
    },
    {
      name: 'nor be removed',
      spec: { ports: port80 },
      expected: ['spec.clusterIPs[0]: Invalid value: []: primary clusterIP can not be unset'],
    },
    { name: 'going ExternalName releases it', spec: { type: 'ExternalName', externalName: 'db.example.com' }, expected: [] },
  ];
  it.each(cases)('$name', ({ spec, expected }) => {
    expect(problems(svc(spec), allocated)).toEqual(expected);
  });

  it('lets the allocator fill in an IP later', () => {
    const created = admit(serviceDef, svc({ ports: port80 }));
    expect(problems(svc({ clusterIP: '10.96.0.12', clusterIPs: ['10.96.0.12'], ports: port80 }), created)).toEqual([]);
  });
});

describe('Service status', () => {
  const lb = admit(serviceDef, svc({ type: 'LoadBalancer', ports: port80 }));
  const clusterIP = admit(serviceDef, svc({ ports: port80 }));
  const statusProblems = (old: Service, status: unknown): string[] => {
    try {
      admitStatus(serviceDef, old, status);
    } catch (e) {
      if (isStatusError(e)) return (e.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
      throw e;
    }
    return [];
  };
  const cases: { name: string; old: Service; status: unknown; expected: string[] }[] = [
    { name: 'an ingress IP on a LoadBalancer', old: lb, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } }, expected: [] },
    {
      name: 'ingress only on LoadBalancer Services',
      old: clusterIP,
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } },
      expected: ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"],
    },
    {
      name: 'hostname is a DNS name, not an IP',
      old: lb,
      status: { loadBalancer: { ingress: [{ hostname: '203.0.113.7' }] } },
      expected: ['status.loadBalancer.ingress[0].hostname: Invalid value: "203.0.113.7": must be a DNS name, not an IP address'],
    },
    {
      name: 'ipMode needs an ip',
      old: lb,
      status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com', ipMode: 'Proxy' }] } },
      expected: ['status.loadBalancer.ingress[0].ipMode: Forbidden: may not be specified when `ip` is not set'],
    },
  ];
  it.each(cases)('$name', ({ old, status, expected }) => {
    expect(statusProblems(old, status)).toEqual(expected);
  });
});
