import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit, admitStatus } from '../../src/api/admit.js';
import { namespaceDef, type Namespace } from '../../src/api/namespace.js';
import { isDNS1123Label } from '../../src/api/validation/names.js';

const problems = causesOf;

const ns = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, ...extra });

describe('Namespace defaults', () => {
  it('adds the kubernetes finalizer, the Active phase and the metadata.name label', () => {
    expect(admit(namespaceDef, ns('team-a'))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  const cases = [
    { name: 'keeps the other labels', input: ns('a', { metadata: { name: 'a', labels: { team: 'x' } } }), labels: { team: 'x', 'kubernetes.io/metadata.name': 'a' } },
    {
      name: 'overwrites a wrong metadata.name label',
      input: ns('a', { metadata: { name: 'a', labels: { 'kubernetes.io/metadata.name': 'b' } } }),
      labels: { 'kubernetes.io/metadata.name': 'a' },
    },
    { name: 'no label before a generated name exists', input: { metadata: { generateName: 'tmp-' } }, labels: undefined },
  ];
  it.each(cases)('$name', ({ input, labels }) => {
    expect(admit(namespaceDef, input).metadata.labels).toEqual(labels);
  });

  it('keeps finalizers a client wrote, even none', () => {
    expect(admit(namespaceDef, ns('a', { spec: { finalizers: [] } })).spec.finalizers).toEqual([]);
  });

  it('is idempotent and keeps unknown fields', () => {
    const once = admit(namespaceDef, ns('a', { spec: { future: true } }));
    expect(once.spec).toMatchObject({ future: true });
    expect(admit(namespaceDef, structuredClone(once))).toEqual(once);
  });
});

describe('Namespace validation', () => {
  const cases = [
    { name: 'a DNS label', input: ns('kube-system'), expected: [] },
    { name: 'not a subdomain', input: ns('team.a'), expected: isDNS1123Label('team.a').map((m) => `metadata.name: Invalid value: "team.a": ${m}`) },
    { name: 'cluster-scoped', input: { metadata: { name: 'a', namespace: 'default' } }, expected: ['metadata.namespace: Forbidden: not allowed on this type'] },
    {
      name: 'finalizers are standard or qualified',
      input: ns('a', { spec: { finalizers: ['kubernetes', 'example.com/cleanup', 'cleanup'] } }),
      expected: ['spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'],
    },
    { name: 'wrong type names the field', input: ns('a', { spec: { finalizers: 'kubernetes' } }), expected: ['spec.finalizers: Invalid value: "kubernetes": must be of type array'] },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(problems(() => admit(namespaceDef, input))).toEqual(expected);
  });
});

describe('Namespace status', () => {
  const live = admit(namespaceDef, ns('a'));
  const deleting: Namespace = { ...live, metadata: { ...live.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
  const cases = [
    { name: 'Active while alive', old: live, phase: 'Active', expected: [] },
    { name: 'not Terminating while alive', old: live, phase: 'Terminating', expected: ['status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty'] },
    { name: 'Terminating once deleted', old: deleting, phase: 'Terminating', expected: [] },
    { name: 'not Active once deleted', old: deleting, phase: 'Active', expected: ['status.Phase: Invalid value: "Active": may only be \'Terminating\' if `deletionTimestamp` is not empty'] },
  ];
  it.each(cases)('$name', ({ old, phase, expected }) => {
    expect(problems(() => admitStatus(namespaceDef, old, { phase }))).toEqual(expected);
  });
});
