import { describe, expect, it } from 'vitest';
import type { Node } from '../../../src/api/node.js';
import type { Lease } from '../../../src/api/lease.js';
import { nodeHealth, reconcileNodeTaints, zoneState, type ConditionStatus } from '../../../src/controllers/nodelifecycle/health.js';

const T0 = Date.UTC(2024, 0, 1);
const ts = (s: number) => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');

function node(opts: { ready?: string; heartbeat?: number; taints?: Node['spec']['taints']; unschedulable?: boolean } = {}): Node {
  const other = opts.ready === 'Unknown' ? 'Unknown' : 'False';
  const conditions = opts.ready
    ? [
        { type: 'MemoryPressure', status: other, reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: ts(opts.heartbeat ?? 0), lastTransitionTime: ts(0) },
        { type: 'DiskPressure', status: other, reason: 'KubeletHasNoDiskPressure', lastHeartbeatTime: ts(opts.heartbeat ?? 0), lastTransitionTime: ts(0) },
        { type: 'Ready', status: opts.ready, reason: 'KubeletReady', lastHeartbeatTime: ts(opts.heartbeat ?? 0), lastTransitionTime: ts(0) },
      ]
    : [];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1', creationTimestamp: ts(0) },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: { conditions },
  };
}

const lease = (renewSec: number): Lease => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'node-1', namespace: 'kube-node-lease' },
  spec: { renewTime: new Date(T0 + renewSec * 1000).toISOString().replace('Z', '000Z') },
});

describe('nodeHealth', () => {
  const cases: { name: string; node: Node; lease?: Lease; now: number; ready: ConditionStatus; writes: boolean }[] = [
    { name: 'fresh heartbeat: nothing to do', node: node({ ready: 'True', heartbeat: 0 }), lease: lease(40), now: 60, ready: 'True', writes: false },
    { name: 'exactly at the grace period: still fine', node: node({ ready: 'True' }), lease: lease(30), now: 80, ready: 'True', writes: false },
    { name: 'past the grace period: Unknown', node: node({ ready: 'True' }), lease: lease(30), now: 85, ready: 'Unknown', writes: true },
    { name: 'the lease alone keeps a node alive', node: node({ ready: 'True', heartbeat: 0 }), lease: lease(290), now: 300, ready: 'True', writes: false },
    { name: 'the status heartbeat alone keeps it alive', node: node({ ready: 'True', heartbeat: 290 }), now: 300, ready: 'True', writes: false },
    { name: 'already Unknown: only the never-posted PIDPressure is added', node: node({ ready: 'Unknown' }), now: 300, ready: 'Unknown', writes: true },
    { name: 'never posted status: startup grace of 60 s', node: node(), now: 61, ready: 'Unknown', writes: true },
    { name: 'never posted status, within startup grace', node: node(), now: 60, ready: 'Unknown', writes: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const h = nodeHealth(c.node, c.lease, T0 + c.now * 1000);
      expect(h.ready).toBe(c.ready);
      expect(h.conditions !== undefined).toBe(c.writes);
    });
  }

  it('turns every condition Unknown with Kubernetes words, keeping the last heartbeat', () => {
    const h = nodeHealth(node({ ready: 'True', heartbeat: 20 }), lease(30), T0 + 85_000);
    expect(h.observedReady).toBe('True');
    expect(h.conditions).toEqual([
      { type: 'MemoryPressure', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: ts(20), lastTransitionTime: ts(85) },
      { type: 'DiskPressure', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: ts(20), lastTransitionTime: ts(85) },
      { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: ts(20), lastTransitionTime: ts(85) },
      expect.objectContaining({ type: 'PIDPressure', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' }),
    ]);
  });
});

describe('zoneState', () => {
  const cases: { name: string; statuses: ConditionStatus[]; want: string }[] = [
    { name: 'all ready', statuses: ['True', 'True', 'True'], want: 'Normal' },
    { name: 'one of three down', statuses: ['True', 'Unknown', 'True'], want: 'Normal' },
    { name: 'two of three down: not more than two', statuses: ['Unknown', 'Unknown', 'True'], want: 'Normal' },
    { name: 'three of four down', statuses: ['Unknown', 'Unknown', 'False', 'True'], want: 'PartialDisruption' },
    { name: 'three of six down: under 55%', statuses: ['Unknown', 'Unknown', 'Unknown', 'True', 'True', 'True'], want: 'Normal' },
    { name: 'every node down', statuses: ['Unknown'], want: 'FullDisruption' },
  ];
  for (const c of cases) it(c.name, () => expect(zoneState(c.statuses)).toBe(c.want));
});

describe('reconcileNodeTaints', () => {
  const now = T0 + 85_000;
  const go = { addNoExecute: true, clearNoExecute: false };
  it('taints an Unknown node unreachable, NoSchedule and NoExecute with the time added', () => {
    expect(reconcileNodeTaints(node({ ready: 'Unknown' }), 'Unknown', now, go)).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ts(85) },
    ]);
  });
  it('taints a node its kubelet reports Ready=False not-ready', () => {
    expect(reconcileNodeTaints(node({ ready: 'False' }), 'False', now, go)!.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute',
    ]);
  });
  it('keeps the first timeAdded and writes nothing when the taints are right', () => {
    const taints = [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ts(50) },
    ];
    expect(reconcileNodeTaints(node({ ready: 'Unknown', taints }), 'Unknown', now, go)).toBeUndefined();
  });
  it('removes its own taints when the node is Ready again, keeping the others', () => {
    const taints = [
      { key: 'gpu', value: 'true', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ts(50) },
    ];
    expect(reconcileNodeTaints(node({ ready: 'True', taints }), 'True', now, go)).toEqual([{ key: 'gpu', value: 'true', effect: 'NoSchedule' }]);
  });
  it('adds no NoExecute taint while tainting is held back, and clears them when every zone is down', () => {
    expect(reconcileNodeTaints(node({ ready: 'Unknown' }), 'Unknown', now, { addNoExecute: false, clearNoExecute: false })).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    ]);
    const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ts(50) }];
    expect(reconcileNodeTaints(node({ ready: 'Unknown', taints }), 'Unknown', now, { addNoExecute: true, clearNoExecute: true })).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    ]);
  });
  it('follows spec.unschedulable with the unschedulable taint', () => {
    expect(reconcileNodeTaints(node({ ready: 'True', unschedulable: true }), 'True', now, go)).toEqual([
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ]);
  });
});
