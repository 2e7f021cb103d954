import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit } from '../../src/api/admit.js';
import { eventDef } from '../../src/api/event.js';
import { isQualifiedName } from '../../src/api/validation/names.js';

const problems = (input: unknown): string[] => causesOf(() => admit(eventDef, input));

const event = (namespace: string, fields: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'api-pod.17a8b2c3d4e5f607', namespace },
  ...fields,
});

/** What the deployment controller writes. */
const scaled = {
  involvedObject: { kind: 'Deployment', namespace: 'default', name: 'api', uid: 'u1', apiVersion: 'apps/v1', resourceVersion: '7' },
  reason: 'ScalingReplicaSet',
  message: 'Scaled up replica set api-7d8f9c6b4 to 3',
  source: { component: 'deployment-controller' },
  firstTimestamp: '2024-01-01T00:00:00Z',
  lastTimestamp: '2024-01-01T00:00:00Z',
  count: 1,
  type: 'Normal',
};

/** A new-style Event, as client-go's events.k8s.io recorder writes it through v1. */
const newStyle = {
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'api-pod' },
  reason: 'Scheduled',
  message: 'Successfully assigned default/api-pod to node-1',
  eventTime: '2024-01-01T00:00:00.000000Z',
  action: 'Binding',
  reportingComponent: 'default-scheduler',
  reportingInstance: 'default-scheduler-node-0',
  type: 'Normal',
};

describe('Event', () => {
  it('admits what a controller records, as written', () => {
    expect(admit(eventDef, event('default', scaled))).toEqual(event('default', scaled));
  });

  const cases = [
    { name: 'a new-style event', ns: 'default', fields: newStyle, expected: [] },
    {
      name: 'an event lives in its object’s namespace',
      ns: 'kube-system',
      fields: scaled,
      expected: ['involvedObject.namespace: Invalid value: "default": does not match event.namespace'],
    },
    { name: 'events about cluster-scoped objects go to default', ns: 'default', fields: { ...scaled, involvedObject: { kind: 'Node', name: 'node-1' } }, expected: [] },
    {
      name: '… not elsewhere',
      ns: 'team-a',
      fields: { ...scaled, involvedObject: { kind: 'Node', name: 'node-1' } },
      expected: ['involvedObject.namespace: Invalid value: "": does not match event.namespace'],
    },
    {
      name: 'a new-style event says who, what and why',
      ns: 'default',
      fields: { involvedObject: newStyle.involvedObject, eventTime: newStyle.eventTime },
      expected: [
        'reportingController: Required value',
        ...isQualifiedName('').map((m) => `reportingController: Invalid value: "": ${m}`),
        'reportingInstance: Required value',
        'action: Required value',
        'reason: Required value',
      ],
    },
    {
      name: 'bounded lengths',
      ns: 'default',
      fields: { ...newStyle, reason: 'R'.repeat(129), message: 'm'.repeat(1025) },
      expected: ['reason: Invalid value: "": can have at most 128 characters', 'message: Invalid value: "": can have at most 1024 characters'],
    },
    { name: 'type is not checked by v1, as in Kubernetes', ns: 'default', fields: { ...scaled, type: 'Info' }, expected: [] },
    { name: 'name may not contain a slash', ns: 'default', fields: { ...scaled, metadata: { name: 'a/b', namespace: 'default' } }, expected: ["metadata.name: Invalid value: \"a/b\": may not contain '/'"] },
    { name: 'wrong type names the field', ns: 'default', fields: { ...scaled, count: 'one' }, expected: ['count: Invalid value: "one": must be of type integer'] },
  ];
  it.each(cases)('$name', ({ ns, fields, expected }) => {
    expect(problems(event(ns, fields))).toEqual(expected);
  });

  it('keeps fields it does not model', () => {
    expect(admit(eventDef, event('default', { ...scaled, note: 'x' }))).toMatchObject({ note: 'x' });
  });
});
