import { describe, expect, it } from 'vitest';
import { podFilters, runFilters, toleratesTaint } from '../../src/scheduler/filters.js';
import { NodeInfo } from '../../src/scheduler/node-info.js';
import { NodeSnapshot } from '../../src/scheduler/snapshot.js';
import { emptyUsage, ownerCounts, podRequests, usageFromPods } from '../../src/scheduler/resources.js';
import { node, pod, type NodeOpts, type PodOpts } from './helpers.js';

describe('runFilters (the default profile, first failing plugin decides)', () => {
  const cases: { name: string; node?: NodeOpts; pod?: PodOpts; onNode?: PodOpts[]; want: string[] | undefined }[] = [
    { name: 'an empty ready node fits a small pod', pod: { cpu: '500m' }, want: undefined },
    { name: 'a cordoned node', node: { unschedulable: true }, want: ['node(s) were unschedulable'] },
    {
      name: 'a cordoned node and a pod that tolerates the cordon',
      node: { unschedulable: true },
      pod: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] },
      want: undefined,
    },
    { name: 'Ready=Unknown is the unreachable taint', node: { ready: 'Unknown' }, want: ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'] },
    { name: 'Ready=False is the not-ready taint', node: { ready: 'False' }, want: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'] },
    { name: 'no Ready condition yet is not-ready', node: { ready: null }, want: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'] },
    {
      name: 'a NoSchedule taint with a value',
      node: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
      want: ['node(s) had untolerated taint {dedicated: gpu}'],
    },
    {
      name: 'a tolerated NoSchedule taint',
      node: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
      pod: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] },
      want: undefined,
    },
    { name: 'a PreferNoSchedule taint does not filter', node: { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }, want: undefined },
    {
      name: 'a NoExecute taint filters too',
      node: { taints: [{ key: 'evict', value: 'now', effect: 'NoExecute' }] },
      want: ['node(s) had untolerated taint {evict: now}'],
    },
    {
      name: 'cordon is checked before taints',
      node: { unschedulable: true, taints: [{ key: 'dedicated', effect: 'NoSchedule' }] },
      want: ['node(s) were unschedulable'],
    },
    { name: 'nodeSelector that matches', node: { labels: { disk: 'ssd' } }, pod: { nodeSelector: { disk: 'ssd' } }, want: undefined },
    { name: 'nodeSelector that does not', node: { labels: { disk: 'hdd' } }, pod: { nodeSelector: { disk: 'ssd' } }, want: ["node(s) didn't match Pod's node affinity/selector"] },
    {
      name: 'required node affinity NotIn',
      node: { labels: { zone: 'a' } },
      pod: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }],
            },
          },
        },
      },
      want: ["node(s) didn't match Pod's node affinity/selector"],
    },
    {
      name: 'required node affinity: any one term is enough',
      node: { labels: { zone: 'b' } },
      pod: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
              ],
            },
          },
        },
      },
      want: undefined,
    },
    { name: 'cpu beyond allocatable', node: { cpu: '2' }, pod: { cpu: '3' }, want: ['Insufficient cpu'] },
    { name: 'cpu exactly filling the node fits', node: { cpu: '2' }, pod: { cpu: '1500m' }, onNode: [{ cpu: '500m' }], want: undefined },
    { name: 'cpu taken by pods already there', node: { cpu: '2' }, pod: { cpu: '600m' }, onNode: [{ cpu: '1500m' }], want: ['Insufficient cpu'] },
    { name: 'cpu and memory both short', node: { cpu: '1', memory: '1Gi' }, pod: { cpu: '2', memory: '2Gi' }, want: ['Insufficient cpu', 'Insufficient memory'] },
    { name: 'the pod limit', node: { pods: '1' }, onNode: [{}], want: ['Too many pods'] },
    { name: 'a pod without requests needs only a pod slot', node: { cpu: '0', memory: '0' }, want: undefined },
    { name: 'init container larger than the app', node: { cpu: '2' }, pod: { cpu: '1', initContainers: [{ cpu: '3' }] }, want: ['Insufficient cpu'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const n = node('n1', c.node);
      const p = pod('web', c.pod);
      const usage = usageFromPods((c.onNode ?? []).map((o, i) => pod(`old-${i}`, { ...o, nodeName: 'n1' })));
      const info = new NodeInfo(n, usage);
      expect(runFilters(p, podRequests(p), info)?.reasons).toEqual(c.want);
      // The per-pod form the scheduler runs over many nodes says exactly the same.
      expect(podFilters(p, podRequests(p))(new NodeSnapshot([info]), 0)).toEqual(runFilters(p, podRequests(p), info));
    });
  }
});

describe('podRequests (PodRequests with init containers and sidecars)', () => {
  const cases: { name: string; pod: PodOpts; cpu: number | undefined }[] = [
    { name: 'one container', pod: { cpu: '250m' }, cpu: 250 },
    { name: 'no requests', pod: {}, cpu: undefined },
    { name: 'init container is the max', pod: { cpu: '1', initContainers: [{ cpu: '2' }] }, cpu: 2000 },
    { name: 'containers are the max', pod: { cpu: '3', initContainers: [{ cpu: '2' }] }, cpu: 3000 },
    { name: 'a sidecar adds to the containers', pod: { cpu: '1', initContainers: [{ cpu: '500m', restartPolicy: 'Always' }] }, cpu: 1500 },
    {
      name: 'an init container after a sidecar runs beside it',
      pod: { cpu: '1', initContainers: [{ cpu: '500m', restartPolicy: 'Always' }, { cpu: '2' }] },
      cpu: 2500,
    },
    { name: 'a sliver of cpu rounds up', pod: { cpu: '0.0001' }, cpu: 1 },
  ];
  for (const c of cases) it(c.name, () => expect(podRequests(pod('p', c.pod)).cpu).toBe(c.cpu));

  it('counts the scoring defaults for containers without requests', () => {
    expect(podRequests(pod('p'), true)).toMatchObject({ cpu: 100, memory: 200 * 1024 * 1024 });
  });
});

describe('usageFromPods and ownerCounts', () => {
  it('skip finished pods; terminating ones hold resources but do not count for spreading', () => {
    const done = { ...pod('a', { cpu: '1', nodeName: 'n1' }), status: { phase: 'Succeeded' } };
    const going = pod('b', { cpu: '1', nodeName: 'n1', owner: 'rs-1' });
    going.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    const usage = usageFromPods([done, going, pod('c', { cpu: '500m', nodeName: 'n1', owner: 'rs-1' })]);
    expect(usage).toMatchObject({ requested: { cpu: 1500 }, pods: 2 });
    expect(ownerCounts([done, going, pod('c', { cpu: '500m', nodeName: 'n1', owner: 'rs-1' })])).toEqual(new Map([['rs-1', 1]]));
    expect(emptyUsage().pods).toBe(0);
  });
});

describe('toleratesTaint (core/v1 ToleratesTaint)', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  const cases = [
    { name: 'Equal with the value', t: { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, want: true },
    { name: 'empty operator means Equal', t: { key: 'k', value: 'v' }, want: true },
    { name: 'Equal with another value', t: { key: 'k', value: 'x' }, want: false },
    { name: 'Exists ignores the value', t: { key: 'k', operator: 'Exists' }, want: true },
    { name: 'empty key with Exists tolerates everything', t: { operator: 'Exists' }, want: true },
    { name: 'another effect', t: { key: 'k', operator: 'Exists', effect: 'NoExecute' }, want: false },
    { name: 'another key', t: { key: 'j', operator: 'Exists' }, want: false },
  ];
  for (const c of cases) it(c.name, () => expect(toleratesTaint(c.t, taint)).toBe(c.want));
});
