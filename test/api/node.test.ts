import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit, admitStatus } from '../../src/api/admit.js';
import { nodeDef, type Node } from '../../src/api/node.js';
import { isDNS1123Subdomain, isQualifiedName } from '../../src/api/validation/names.js';

const problems = causesOf;

const node = (fields: Record<string, unknown> = {}, name = 'node-1') => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, ...fields });

/** What a kubelet registers: kind's defaults for a 4-CPU, 8 GiB worker. */
const registered = node({
  spec: { podCIDR: '10.244.1.0/24', providerID: 'kubesim://node-1' },
  status: {
    capacity: { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' },
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'node-1' }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: { kubeletVersion: 'v1.33.0', operatingSystem: 'linux', architecture: 'amd64' },
  },
});

describe('Node defaults', () => {
  it('fills podCIDRs from podCIDR and allocatable from capacity', () => {
    const got = admit(nodeDef, registered);
    expect(got.spec.podCIDRs).toEqual(['10.244.1.0/24']);
    expect(got.status?.allocatable).toEqual({ cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' });
    expect(admit(nodeDef, structuredClone(got))).toEqual(got);
  });

  it('fills podCIDR from podCIDRs', () => {
    expect(admit(nodeDef, node({ spec: { podCIDRs: ['10.244.2.0/24'] } })).spec.podCIDR).toBe('10.244.2.0/24');
  });

  it('keeps an allocatable that differs from capacity', () => {
    const got = admit(nodeDef, node({ status: { capacity: { cpu: '4' }, allocatable: { cpu: '3800m' } } }));
    expect(got.status?.allocatable).toEqual({ cpu: '3800m' });
  });

  it('defaults allocatable on status-subresource writes too', () => {
    const old = admit(nodeDef, node());
    expect(admitStatus(nodeDef, old, { capacity: { cpu: 2 } }).status?.allocatable).toEqual({ cpu: '2' });
  });

  it('keeps fields it does not model', () => {
    expect(admit(nodeDef, node({ spec: { configSource: { x: 1 } } })).spec).toMatchObject({ configSource: { x: 1 } });
  });
});

describe('Node validation', () => {
  const taint = (key: string, effect: string, value?: string) => ({ key, effect, ...(value === undefined ? {} : { value }) });
  const cases = [
    { name: 'what a kubelet registers', input: registered, expected: [] },
    { name: 'a DNS subdomain name', input: node({}, 'node-1.zone-a.example'), expected: [] },
    { name: 'not an underscore', input: node({}, 'node_1'), expected: isDNS1123Subdomain('node_1').map((m) => `metadata.name: Invalid value: "node_1": ${m}`) },
    { name: 'the three taint effects', input: node({ spec: { taints: [taint('a', 'NoSchedule'), taint('b', 'PreferNoSchedule'), taint('c', 'NoExecute')] } }), expected: [] },
    {
      name: 'an unknown effect, reported under metadata.taints as Kubernetes does',
      input: node({ spec: { taints: [taint('dedicated', 'NoAdmit')] } }),
      expected: ['metadata.taints[0].effect: Unsupported value: "NoAdmit": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    },
    { name: 'an effect is required', input: node({ spec: { taints: [taint('a', '')] } }), expected: ['metadata.taints[0].effect: Required value'] },
    {
      name: 'the key is a qualified name',
      input: node({ spec: { taints: [taint('node.kubernetes.io/', 'NoSchedule')] } }),
      expected: isQualifiedName('node.kubernetes.io/').map((m) => `metadata.taints[0].key: Invalid value: "node.kubernetes.io/": ${m}`),
    },
    {
      name: 'one taint per key and effect',
      input: node({ spec: { taints: [taint('a', 'NoSchedule', 'x'), taint('a', 'NoExecute'), taint('a', 'NoSchedule', 'y')] } }),
      expected: ['metadata.taints[2]: Duplicate value: {"key":"a","value":"y","effect":"NoSchedule"}'],
    },
    {
      name: 'capacity must parse',
      input: node({ status: { capacity: { cpu: 'four' }, allocatable: { cpu: '4' } } }),
      expected: [expect.stringMatching(/^status\.capacity\.cpu: Invalid value: "four": /) as unknown as string],
    },
    {
      name: 'capacity is not negative',
      input: node({ status: { capacity: { memory: '-1Gi' } } }),
      expected: ['status.capacity.memory: Invalid value: "-1Gi": must be greater than or equal to 0', 'status.allocatable.memory: Invalid value: "-1Gi": must be greater than or equal to 0'],
    },
    {
      name: 'pods are counted in whole units',
      input: node({ status: { capacity: { pods: '110' }, allocatable: { pods: '1500m' } } }),
      expected: ['status.allocatable.pods: Invalid value: "1500m": must be an integer'],
    },
    {
      name: 'pod CIDRs are CIDRs, one per family',
      input: node({ spec: { podCIDRs: ['10.244.1.0/24', '10.244.2.0/24'] } }),
      expected: ['spec.podCIDRs: Invalid value: ["10.244.1.0/24","10.244.2.0/24"]: may specify no more than one CIDR for each IP family'],
    },
    {
      name: 'a malformed pod CIDR',
      input: node({ spec: { podCIDR: '10.244.1.0' } }),
      expected: ['spec.podCIDRs[0]: Invalid value: "10.244.1.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
    },
    { name: 'wrong type names the field', input: node({ spec: { unschedulable: 'yes' } }), expected: ['spec.unschedulable: Invalid value: "yes": must be of type boolean'] },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(problems(() => admit(nodeDef, input))).toEqual(expected);
  });
});

describe('Node updates', () => {
  const old: Node = admit(nodeDef, registered);
  const changed = (f: (n: Node) => void) => {
    const n = structuredClone(old);
    f(n);
    return n;
  };
  const cases = [
    { name: 'cordoning', input: changed((n) => (n.spec.unschedulable = true)), expected: [] },
    {
      name: 'podCIDR is set once',
      input: changed((n) => {
        n.spec.podCIDR = '10.244.9.0/24';
        n.spec.podCIDRs = ['10.244.9.0/24'];
      }),
      expected: ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid'],
    },
    {
      name: 'providerID is set once',
      input: changed((n) => (n.spec.providerID = 'kubesim://other')),
      expected: ['spec.providerID: Forbidden: node updates may not change providerID except from "" to valid'],
    },
    {
      name: 'no repeated address',
      input: changed((n) => n.status?.addresses?.push({ type: 'InternalIP', address: '172.18.0.2' })),
      expected: ['status.addresses[2]: Duplicate value: {"type":"InternalIP","address":"172.18.0.2"}'],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(problems(() => admit(nodeDef, input, old))).toEqual(expected);
  });

  it('checks status-subresource writes the same way', () => {
    const status = { ...old.status, addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'Hostname', address: 'node-1' }] };
    expect(problems(() => admitStatus(nodeDef, old, status))).toEqual(['status.addresses[1]: Duplicate value: {"type":"Hostname","address":"node-1"}']);
  });
});
