import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit } from '../../src/api/admit.js';
import { endpointsDef } from '../../src/api/endpoints.js';
import { deepFreeze } from '../../src/api/freeze.js';

const problems = (input: unknown): string[] => causesOf(() => admit(endpointsDef, input));

const ep = (subsets: unknown[]) => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'api-service', namespace: 'default' }, subsets });
const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

describe('Endpoints', () => {
  it('defaults port protocols to TCP and keeps the rest', () => {
    const got = admit(endpointsDef, ep([{ addresses: [{ ip: '10.244.1.5', nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'api-1' } }], ports: [{ port: 8000 }] }]));
    expect(got.subsets).toEqual([
      { addresses: [{ ip: '10.244.1.5', nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'api-1' } }], ports: [{ port: 8000, protocol: 'TCP' }] },
    ]);
    expect(admit(endpointsDef, structuredClone(got))).toEqual(got);
  });

  it('defaults a new port on update, and keeps the stored subsets as they are', () => {
    const stored = deepFreeze(admit(endpointsDef, ep([{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 8000 }] }])));
    const next = { ...stored, subsets: [stored.subsets![0], { addresses: [{ ip: '10.244.1.6' }], ports: [{ name: 'a', port: 9000 }, { name: 'b', port: 9001, protocol: 'UDP' }] }] };
    const got = admit(endpointsDef, next, stored);
    expect(got.subsets![0]).toBe(stored.subsets![0]);
    expect(got.subsets![1]!.ports).toEqual([
      { name: 'a', port: 9000, protocol: 'TCP' },
      { name: 'b', port: 9001, protocol: 'UDP' },
    ]);
  });

  it('keeps fields it does not model', () => {
    const got = admit(endpointsDef, { ...ep([{ addresses: [{ ip: '10.0.0.1', zone: 'a' }] }]), future: true });
    expect(got).toMatchObject({ future: true, subsets: [{ addresses: [{ zone: 'a' }] }] });
  });

  const cases = [
    { name: 'no subsets at all', subsets: [], expected: [] },
    { name: 'a subset needs addresses', subsets: [{ ports: [{ port: 80 }] }], expected: ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'] },
    { name: 'not-ready addresses count', subsets: [{ notReadyAddresses: [{ ip: '10.244.1.5' }] }], expected: [] },
    {
      name: 'an unparsable IP is reported by both checks',
      subsets: [{ addresses: [{ ip: 'pod-1' }] }],
      expected: [`subsets[0].addresses[0].ip: Invalid value: "pod-1": ${IP_MSG}`, 'subsets[0].addresses[0].ip: Invalid value: "pod-1": must be a valid IP address'],
    },
    {
      name: 'no link-local addresses',
      subsets: [{ addresses: [{ ip: '169.254.169.254' }] }],
      expected: ['subsets[0].addresses[0].ip: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
    },
    {
      name: 'ports need names when there are several',
      subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }, { name: 'https', port: 443, protocol: 'QUIC' }] }],
      expected: ['subsets[0].ports[0].name: Required value', 'subsets[0].ports[1].protocol: Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"'],
    },
    {
      name: 'port range',
      subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 0 }] }],
      expected: ['subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    },
    { name: 'wrong type names the field', subsets: [{ addresses: [{ ip: 10 }] }], expected: ['subsets[0].addresses[0].ip: Invalid value: 10: must be of type string'] },
  ];
  it.each(cases)('$name', ({ subsets, expected }) => {
    expect(problems(ep(subsets))).toEqual(expected);
  });

  it('on an update, still checks a new address among the stored ones, wherever it lands', () => {
    const addr = (i: number) => ({ ip: `10.244.0.${i}`, targetRef: { kind: 'Pod', namespace: 'default', name: `p${i}` } });
    const stored = deepFreeze(admit(endpointsDef, ep([{ addresses: [1, 2, 3, 4].map(addr), notReadyAddresses: [addr(9)] }])));
    const [a1, a2, a3, a4] = stored.subsets![0]!.addresses!;
    const update = (addresses: unknown[], notReadyAddresses: unknown[]) =>
      causesOf(() => admit(endpointsDef, { ...stored, subsets: [{ addresses, notReadyAddresses }] }, stored));
    expect(update([a1, a2, { ip: '169.254.0.1' }, a3, a4], [])).toEqual([
      'subsets[0].addresses[2].ip: Invalid value: "169.254.0.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ]);
    expect(update([a4, a3, a2, a1], [{ ip: 'pod-9' }])).toEqual([
      `subsets[0].notReadyAddresses[0].ip: Invalid value: "pod-9": ${IP_MSG}`,
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "pod-9": must be a valid IP address',
    ]);
  });
});
