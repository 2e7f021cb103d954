import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit } from '../../src/api/admit.js';
import { formatMicroTime, leaseDef } from '../../src/api/lease.js';

const problems = (input: unknown): string[] => causesOf(() => admit(leaseDef, input));

const lease = (spec: Record<string, unknown>) => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'node-1', namespace: 'kube-node-lease' },
  spec,
});

describe('Lease', () => {
  it('admits a kubelet heartbeat as written', () => {
    const spec = { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:10.000000Z' };
    expect(admit(leaseDef, lease(spec))).toEqual(lease(spec));
  });

  const cases = [
    { name: 'empty spec', spec: {}, expected: [] },
    { name: 'duration must be positive', spec: { leaseDurationSeconds: 0 }, expected: ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0'] },
    { name: 'transitions may be zero', spec: { leaseTransitions: 0 }, expected: [] },
    { name: 'transitions not negative', spec: { leaseTransitions: -1 }, expected: ['spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'wrong type names the field', spec: { leaseDurationSeconds: '40s' }, expected: ['spec.leaseDurationSeconds: Invalid value: "40s": must be of type integer'] },
  ];
  it.each(cases)('$name', ({ spec, expected }) => {
    expect(problems(lease(spec))).toEqual(expected);
  });

  it('keeps fields it does not model', () => {
    expect(admit(leaseDef, lease({ strategy: 'OldestEmulationVersion', preferredHolder: 'b' })).spec).toMatchObject({
      strategy: 'OldestEmulationVersion',
      preferredHolder: 'b',
    });
  });

  it('is namespaced', () => {
    expect(problems({ metadata: { name: 'x' } })).toEqual(['metadata.namespace: Required value']);
  });

  it.each([
    { name: 'whole seconds', ms: Date.UTC(2024, 0, 1), expected: '2024-01-01T00:00:00.000000Z' },
    { name: 'milliseconds', ms: Date.UTC(2024, 0, 1) + 1234, expected: '2024-01-01T00:00:01.234000Z' },
    { name: 'microseconds', ms: Date.UTC(2024, 0, 1) + 0.5, expected: '2024-01-01T00:00:00.000500Z' },
  ])('formats MicroTime: $name', ({ ms, expected }) => {
    expect(formatMicroTime(ms)).toBe(expected);
  });
});
