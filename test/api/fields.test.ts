import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../src/api/errors.js';
import {
  fieldsOf,
  formatFieldSelector,
  matchesFields,
  parseFieldSelector,
  validateFieldSelector,
} from '../../src/api/fields.js';
import type { KubeObject } from '../../src/api/meta.js';

function badRequest(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isStatusError(e) && e.reason === 'BadRequest' && e.code === 400) return e.message;
    throw e;
  }
  return undefined;
}

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'node-a', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'sa' },
  status: { phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }], nominatedNodeName: '' },
};

describe('parseFieldSelector', () => {
  it.each([
    { name: 'empty selects everything', input: '', parsed: [] },
    { name: 'equality', input: 'status.phase=Running', parsed: [{ field: 'status.phase', operator: '=', value: 'Running' }] },
    { name: 'double equality', input: 'a==b', parsed: [{ field: 'a', operator: '==', value: 'b' }] },
    { name: 'inequality', input: 'a!=b', parsed: [{ field: 'a', operator: '!=', value: 'b' }] },
    { name: 'empty value', input: 'spec.nodeName=', parsed: [{ field: 'spec.nodeName', operator: '=', value: '' }] },
    {
      name: 'terms sorted',
      input: 'z=1,a!=2',
      parsed: [
        { field: 'a', operator: '!=', value: '2' },
        { field: 'z', operator: '=', value: '1' },
      ],
    },
    { name: 'empty terms skipped', input: 'a=1,,', parsed: [{ field: 'a', operator: '=', value: '1' }] },
    { name: 'escaped comma', input: 'a=b\\,c', parsed: [{ field: 'a', operator: '=', value: 'b,c' }] },
    { name: 'escaped equals', input: 'a=b\\=c', parsed: [{ field: 'a', operator: '=', value: 'b=c' }] },
    { name: 'escaped backslash', input: 'a=b\\\\c', parsed: [{ field: 'a', operator: '=', value: 'b\\c' }] },
  ])('$name', ({ input, parsed }) => {
    expect(parseFieldSelector(input)).toEqual(parsed);
  });

  it.each([
    { name: 'no operator', input: 'foo', message: "invalid selector: 'foo'; can't understand 'foo'" },
    { name: 'no operator among terms', input: 'a=1,foo', message: "invalid selector: 'a=1,foo'; can't understand 'foo'" },
    { name: 'unknown escape', input: 'a=b\\x', message: 'invalid field selector: invalid escape sequence: \\x' },
    { name: 'trailing backslash', input: 'a=b\\', message: 'invalid field selector: invalid escape sequence: \\' },
    { name: 'unescaped equals (Go prints the rune as a number)', input: 'a=b=c', message: 'invalid field selector: unescaped character in value: 61' },
  ])('rejects $name', ({ input, message }) => {
    expect(badRequest(() => parseFieldSelector(input))).toBe(message);
  });

  it.each(['a=b', 'a!=b', 'a=b\\,c\\=d\\\\e', 'a=,b!='])('formats back what it parsed: %s', (input) => {
    expect(formatFieldSelector(parseFieldSelector(input))).toBe(input);
  });
});

describe('fieldsOf', () => {
  it('Pod exposes the scheduler and kubelet fields', () => {
    expect(fieldsOf('Pod', pod)).toEqual({
      'metadata.name': 'web-1',
      'metadata.namespace': 'default',
      'spec.nodeName': 'node-a',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'sa',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.7',
      'status.nominatedNodeName': '',
    });
  });

  it.each([
    {
      name: 'Node is cluster-scoped',
      kind: 'Node',
      obj: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable: true } },
      fields: { 'metadata.name': 'n1', 'spec.unschedulable': 'true' },
    },
    {
      name: 'Node schedulable by default',
      kind: 'Node',
      obj: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} },
      fields: { 'metadata.name': 'n1', 'spec.unschedulable': 'false' },
    },
    {
      name: 'Namespace phase',
      kind: 'Namespace',
      obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' }, status: { phase: 'Active' } },
      fields: { 'metadata.name': 'ns', 'status.phase': 'Active' },
    },
    {
      name: 'Secret type',
      kind: 'Secret',
      obj: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'd' }, type: 'Opaque' },
      fields: { 'metadata.name': 's', 'metadata.namespace': 'd', type: 'Opaque' },
    },
    {
      name: 'ReplicaSet replicas default to 0',
      kind: 'ReplicaSet',
      obj: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', namespace: 'd' } },
      fields: { 'metadata.name': 'r', 'metadata.namespace': 'd', 'status.replicas': '0' },
    },
    {
      name: 'Event source falls back to the reporting controller',
      kind: 'Event',
      obj: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'e', namespace: 'd' },
        involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'd', uid: 'u1' },
        reason: 'Scheduled',
        reportingComponent: 'default-scheduler',
        type: 'Normal',
      },
      fields: {
        'metadata.name': 'e',
        'metadata.namespace': 'd',
        'involvedObject.kind': 'Pod',
        'involvedObject.namespace': 'd',
        'involvedObject.name': 'web-1',
        'involvedObject.uid': 'u1',
        'involvedObject.apiVersion': '',
        'involvedObject.resourceVersion': '',
        'involvedObject.fieldPath': '',
        reason: 'Scheduled',
        reportingComponent: 'default-scheduler',
        source: 'default-scheduler',
        type: 'Normal',
      },
    },
    {
      name: 'other kinds expose metadata only',
      kind: 'ConfigMap',
      obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd' }, data: { a: 'b' } },
      fields: { 'metadata.name': 'c', 'metadata.namespace': 'd' },
    },
    {
      name: 'other cluster-scoped kinds expose the name only',
      kind: 'ClusterRole',
      obj: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'admin' } },
      fields: { 'metadata.name': 'admin' },
    },
  ])('$name', ({ kind, obj, fields }) => {
    expect(fieldsOf(kind, obj as KubeObject)).toEqual(fields);
  });
});

describe('validateFieldSelector', () => {
  it.each([
    { name: 'pod phase', kind: 'Pod', selector: 'status.phase=Running,spec.nodeName=' },
    { name: 'legacy spec.host', kind: 'Pod', selector: 'spec.host=node-a' },
    { name: 'event involved object', kind: 'Event', selector: 'involvedObject.name=web-1,type=Warning' },
    { name: 'node unschedulable', kind: 'Node', selector: 'spec.unschedulable=false,metadata.name=n1' },
    { name: 'service type', kind: 'Service', selector: 'spec.type=ClusterIP,spec.clusterIP!=None' },
    { name: 'metadata on any kind', kind: 'ConfigMap', selector: 'metadata.name=a,metadata.namespace=b' },
  ])('accepts $name', ({ kind, selector }) => {
    expect(() => validateFieldSelector(kind, parseFieldSelector(selector))).not.toThrow();
  });

  it.each([
    { name: 'unknown pod field', kind: 'Pod', selector: 'spec.foo=x', message: 'field label not supported: spec.foo' },
    { name: 'namespace on a node', kind: 'Node', selector: 'metadata.namespace=x', message: 'field label not supported: metadata.namespace' },
    {
      name: 'a kind without its own conversion',
      kind: 'ConfigMap',
      selector: 'data.a=b',
      message: '"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"',
    },
    {
      name: 'replicas on an apps/v1 ReplicaSet',
      kind: 'ReplicaSet',
      selector: 'status.replicas=0',
      message: '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    },
    {
      name: 'the first bad term in sorted order',
      kind: 'Pod',
      selector: 'z.bad=1,a.bad=1',
      message: 'field label not supported: a.bad',
    },
  ])('rejects $name', ({ kind, selector, message }) => {
    expect(badRequest(() => validateFieldSelector(kind, parseFieldSelector(selector)))).toBe(message);
  });
});

describe('matchesFields', () => {
  it.each([
    { name: 'everything', selector: '', matches: true },
    { name: 'name', selector: 'metadata.name=web-1', matches: true },
    { name: 'namespace', selector: 'metadata.namespace=kube-system', matches: false },
    { name: 'node', selector: 'spec.nodeName=node-a', matches: true },
    { name: 'legacy spec.host reads the node name', selector: 'spec.host=node-a', matches: true },
    { name: 'unscheduled pods', selector: 'spec.nodeName=', matches: false },
    { name: 'not terminal', selector: 'status.phase!=Succeeded,status.phase!=Failed', matches: true },
    { name: 'double equals', selector: 'status.phase==Running', matches: true },
    { name: 'host network defaults to false', selector: 'spec.hostNetwork=false', matches: true },
    { name: 'first pod IP', selector: 'status.podIP=10.0.0.7', matches: true },
    { name: 'podIPs is accepted but never set', selector: 'status.podIPs=10.0.0.7', matches: false },
    { name: 'all terms must hold', selector: 'metadata.name=web-1,status.phase=Pending', matches: false },
  ])('$name', ({ selector, matches }) => {
    expect(matchesFields(parseFieldSelector(selector), 'Pod', pod)).toBe(matches);
  });

  it('reads a cluster-scoped namespace as empty', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'stray' } } as KubeObject;
    expect(matchesFields(parseFieldSelector('metadata.namespace='), 'Node', node)).toBe(true);
  });

  it('agrees with fieldsOf for every exposed field', () => {
    for (const [field, value] of Object.entries(fieldsOf('Pod', pod))) {
      expect(matchesFields([{ field, operator: '=', value }], 'Pod', pod)).toBe(true);
    }
  });
});
