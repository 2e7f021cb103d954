import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit } from '../../src/api/admit.js';
import { endpointSliceDef, type EndpointSlice } from '../../src/api/endpointslice.js';

const problems = (input: unknown, old?: EndpointSlice): string[] => causesOf(() => admit(endpointSliceDef, input, old));

const slice = (fields: Record<string, unknown>) => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'api-service-x7k2p', namespace: 'default', labels: { 'kubernetes.io/service-name': 'api-service' } },
  addressType: 'IPv4',
  ...fields,
});
const endpoint = (...addresses: string[]) => ({ addresses, conditions: { ready: true } });

describe('EndpointSlice', () => {
  it('defaults port name and protocol, and endpoint conditions', () => {
    const got = admit(endpointSliceDef, slice({ endpoints: [{ addresses: ['10.244.1.5'], nodeName: 'node-1' }], ports: [{ port: 8000 }] }));
    expect(got.endpoints).toEqual([{ addresses: ['10.244.1.5'], conditions: {}, nodeName: 'node-1' }]);
    expect(got.ports).toEqual([{ name: '', protocol: 'TCP', port: 8000 }]);
    expect(admit(endpointSliceDef, structuredClone(got))).toEqual(got);
  });

  const many = (n: number) => Array.from({ length: n }, (_, i) => endpoint(`10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`));
  const cases = [
    { name: 'a ready endpoint', fields: { endpoints: [endpoint('10.244.1.5')] }, expected: [] },
    { name: 'addressType is required', fields: { addressType: undefined, endpoints: [] }, expected: ['addressType: Required value'] },
    {
      name: 'addressType values',
      fields: { addressType: 'IP', endpoints: [] },
      expected: ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"'],
    },
    { name: 'an endpoint needs an address', fields: { endpoints: [endpoint()] }, expected: ['endpoints[0].addresses: Required value: must contain at least 1 address'] },
    { name: 'addresses are required', fields: { endpoints: [{ conditions: {} }] }, expected: ['endpoints[0].addresses: Required value'] },
    {
      name: 'at most 100 addresses',
      fields: { endpoints: [endpoint(...many(101).map((e) => e.addresses[0]!))] },
      expected: ['endpoints[0].addresses: Too many: 101: must have at most 100 items'],
    },
    { name: 'at most 1000 endpoints', fields: { endpoints: many(1001) }, expected: ['endpoints: Too many: 1001: must have at most 1000 items'] },
    { name: '1000 endpoints are fine', fields: { endpoints: many(1000) }, expected: [] },
    {
      name: 'IPv4 slices hold IPv4 addresses',
      fields: { endpoints: [endpoint('fd00::1')] },
      expected: ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address'],
    },
    {
      name: 'no loopback backends',
      fields: { addressType: 'IPv6', endpoints: [endpoint('::1')] },
      expected: ['endpoints[0].addresses[0]: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    },
    { name: 'FQDN slices hold domain names', fields: { addressType: 'FQDN', endpoints: [endpoint('db.example.com')] }, expected: [] },
    {
      name: 'an FQDN has two labels',
      fields: { addressType: 'FQDN', endpoints: [endpoint('db')] },
      expected: ['endpoints[0].addresses[0]: Invalid value: "db": should be a domain with at least two segments separated by dots'],
    },
    {
      name: 'at most 100 ports',
      fields: { endpoints: [], ports: Array.from({ length: 101 }, (_, i) => ({ name: `p${i}`, port: 1000 + i })) },
      expected: ['ports: Too many: 101: must have at most 100 items'],
    },
    { name: 'port names are unique', fields: { endpoints: [], ports: [{ port: 80 }, { port: 81 }] }, expected: ['ports[1].name: Duplicate value: ""'] },
    {
      name: 'port protocol values',
      fields: { endpoints: [], ports: [{ name: 'x', protocol: 'ICMP' }] },
      expected: ['ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'],
    },
  ];
  it.each(cases)('$name', ({ fields, expected }) => {
    expect(problems(slice(fields))).toEqual(expected);
  });

  it('keeps its addressType forever', () => {
    const old = admit(endpointSliceDef, slice({ endpoints: [] }));
    expect(problems(slice({ addressType: 'IPv6', endpoints: [] }), old)).toEqual(['addressType: Invalid value: "IPv6": field is immutable']);
    expect(problems(slice({ endpoints: [endpoint('10.244.1.6')] }), old)).toEqual([]);
  });

  it('keeps fields it does not model', () => {
    const got = admit(endpointSliceDef, slice({ endpoints: [{ addresses: ['10.0.0.1'], deprecatedTopology: { a: 'b' } }], future: 1 }));
    expect(got).toMatchObject({ future: 1, endpoints: [{ deprecatedTopology: { a: 'b' } }] });
  });
});
