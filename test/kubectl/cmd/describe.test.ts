// `kubectl describe` golden transcripts: a world built by hand (objects, statuses, events), described
// five minutes later. Regenerate with UPDATE_GOLDEN=1 and review the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tabwrite } from '../../../src/kubectl/describe/tabwriter.js';
import { context, deploymentManifest, iso, kubectl, nodeManifest, nodeStatus, podManifest, put, runningStatus, T0, world } from '../helpers.js';

function golden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

function setup() {
  const { store, clock } = world();
  const pod = put(store, podManifest('web', { labels: { app: 'web' }, nodeName: 'node-1' }), runningStatus('10.244.1.5'));
  const event = (name: string, reason: string, message: string, first: number, last: number, count: number, component: string) =>
    put(store, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: pod.metadata.uid },
      reason,
      message,
      type: 'Normal',
      source: { component },
      firstTimestamp: iso(first),
      lastTimestamp: iso(last),
      count,
    });
  event('web.2', 'Pulled', 'Container image "nginx:1.27" already present on machine', T0 + 1000, T0 + 30_000, 3, 'kubelet');
  event('web.1', 'Scheduled', 'Successfully assigned default/web to node-1', T0, T0, 1, 'default-scheduler');
  put(store, deploymentManifest('api', 2), {
    replicas: 2,
    updatedReplicas: 2,
    availableReplicas: 2,
    readyReplicas: 2,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  });
  put(store, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'api' }, clusterIP: '10.96.0.20', ports: [{ port: 80, targetPort: 8080 }] } });
  put(store, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'api' }, subsets: [{ addresses: [{ ip: '10.244.1.9' }, { ip: '10.244.2.9' }], ports: [{ port: 8080 }] }] });
  put(store, nodeManifest('node-1', { 'kubernetes.io/hostname': 'node-1' }), {
    ...nodeStatus('True', '172.18.0.2'),
    capacity: { cpu: '4', memory: '8Gi', pods: '110' },
    allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
  });
  put(store, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:04:50.000000Z' },
  });
  clock.advance('5m');
  return { store, clock, ctx: context(store, clock) };
}

describe('kubectl describe', () => {
  it.each([
    ['pod', 'describe pod web'],
    ['deployment', 'describe deployment api'],
    ['service', 'describe svc/api'],
    ['node', 'describe node node-1'],
  ])('%s', (kind, line) => {
    const { ctx } = setup();
    const res = kubectl(ctx, line);
    expect(res.stderr).toBe('');
    golden(`describe-${kind}.txt`, res.stdout);
  });

  it('a node without a Lease says so, as kubectl does', () => {
    const { store, ctx } = setup();
    store.delete({ kind: 'Lease', namespace: 'kube-node-lease', name: 'node-1' });
    expect(kubectl(ctx, 'describe node node-1').stdout).toContain('\nLease:              Failed to get lease: leases.coordination.k8s.io "node-1" not found\n');
  });

  it('a name prefix describes every match; nothing matching is NotFound', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'describe pod we').stdout).toBe(kubectl(ctx, 'describe pod web').stdout);
    expect(kubectl(ctx, 'describe pod nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(kubectl(ctx, 'describe lease x').stderr).toMatch(/^error: describe is not supported for leases.coordination.k8s.io/);
    expect(kubectl(ctx, 'describe').stderr).toMatch(/^error: You must specify the type of resource to describe\./);
  });
});

describe('kubectl describe configmap / secret / namespace', () => {
  it('shows configmap values, secret sizes only, and the namespace phase', () => {
    const { store, ctx } = setup();
    put(store, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'game' }, data: { lives: '3', 'ui.properties': 'color=blue\n' } });
    put(store, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'czNjcjN0', user: 'YWRtaW4=' } });
    expect(kubectl(ctx, 'describe cm game').stdout).toBe(
      'Name:         game\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nlives:\n----\n3\n\nui.properties:\n----\ncolor=blue\n\n\n\nBinaryData\n====\n\nEvents:  <none>\n',
    );
    expect(kubectl(ctx, 'describe secret db').stdout).toBe(
      'Name:         db\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  6 bytes\nuser:      5 bytes\n',
    );
    expect(kubectl(ctx, 'describe ns default').stdout).toBe(
      'Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
    );
  });
});

describe('Go tabwriter', () => {
  it('aligns a column over a block of consecutive lines only, and never pads the last cell', () => {
    expect(tabwrite('Name:\tweb\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\nConditions:\n  Type\tStatus\n  Ready \tTrue \n  ContainersReady \tTrue \n')).toBe(
      [
        'Name:             web',
        'Service Account:  default',
        'IPs:',
        '  IP:  10.0.0.1',
        'Conditions:',
        '  Type              Status',
        '  Ready             True ',
        '  ContainersReady   True ',
        '',
      ].join('\n'),
    );
  });

  it('a line without the column ends its block, even between lines that have it', () => {
    expect(tabwrite('a\tb\tc\naaaa\tb\nx\tbbbbbb\tc\n')).toBe(['a     b  c', 'aaaa  b', 'x     bbbbbb  c', ''].join('\n'));
  });
});
