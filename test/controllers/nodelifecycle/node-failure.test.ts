/**
 * Node failure end to end, on the simulated clock, with kubelets whose pod workers are fakes: the node
 * lifecycle controller, the taint eviction controller and pod GC against real kubelet heartbeats.
 */
import { describe, expect, it } from 'vitest';
import { Clock } from '../../../src/sim/clock.js';
import { Rng } from '../../../src/sim/rng.js';
import { Store } from '../../../src/store/store.js';
import { Kubelet } from '../../../src/node/kubelet.js';
import { NodeLifecycleController } from '../../../src/controllers/nodelifecycle/controller.js';
import { TaintEvictionController } from '../../../src/controllers/nodelifecycle/taint-eviction.js';
import { PodGCController } from '../../../src/controllers/podgc/index.js';
import { fakeWorkers } from './fake-workers.js';

const T0 = Date.UTC(2024, 0, 1);
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');

function world(nodes = 3) {
  const clock = new Clock();
  const rng = new Rng(11);
  const store = new Store({ clock, rng: rng.fork('apiserver') });
  const workers = fakeWorkers();
  const kubelets = Array.from({ length: nodes }, (_, index) =>
    new Kubelet({ store, clock, rng: rng.fork(`kubelet/node-${index + 1}`), node: { name: `node-${index + 1}` }, index, workers: workers.factory }),
  );
  const lifecycle = new NodeLifecycleController({ store, clock });
  const eviction = new TaintEvictionController({ store, clock });
  const gc = new PodGCController({ store, clock });
  lifecycle.start();
  eviction.start();
  gc.start();
  for (const k of kubelets) k.start();
  const bindPod = (name: string, node: string, spec: Record<string, unknown> = {}) => {
    store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec } });
    store.bind({ name }, node, { actor: 'default-scheduler' });
  };
  const pod = (name: string) => store.get('Pod', 'default', name);
  const ready = (node: string) => store.mustGet('Node', undefined, node).status!.conditions!.find((c) => c.type === 'Ready')!;
  return { clock, store, kubelets, workers, eviction, bindPod, pod, ready };
}

describe('a crashed node', () => {
  it('goes Unknown after the grace period, is tainted, and its pods are deleted 300 s later and stay Terminating', () => {
    const w = world();
    w.bindPod('web', 'node-2');
    expect(w.pod('web')!.status!.phase).toBe('Running');
    w.clock.advance('35s');
    w.kubelets[1]!.crash(); // the last lease renewal was at 30 s

    w.clock.advance(84_999 - 35_000);
    expect(w.ready('node-2').status).toBe('True');
    w.clock.advance(1); // 85 s: the first check more than 50 s after the last heartbeat
    expect(w.ready('node-2')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(w.store.mustGet('Node', undefined, 'node-2').status!.conditions!.every((c) => c.status === 'Unknown')).toBe(true);
    expect(w.store.mustGet('Node', undefined, 'node-2').spec.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: at(85) },
    ]);
    expect(w.pod('web')!.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: at(85) });
    expect(w.ready('node-1').status).toBe('True');

    w.clock.advance(385_000 - 85_000 - 1);
    expect(w.eviction.evictionTime('default', 'web')).toBe(T0 + 385_000);
    expect(w.pod('web')!.metadata.deletionTimestamp).toBeUndefined();
    w.clock.advance(1);
    const deleted = w.pod('web')!;
    // The delete happens at taint time + 300 s; the timestamp adds the pod's 30 s grace period.
    expect(w.store.trace.of('Pod', 'web', 'default').at(-1)).toMatchObject({ verb: 'delete', time: T0 + 385_000, actor: 'taint-eviction-controller' });
    expect(deleted.metadata.deletionTimestamp).toBe(at(415));
    expect(deleted.status!.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', reason: 'DeletionByTaintManager' }));
    const event = w.store.items('Event').find((e) => e.reason === 'TaintManagerEviction');
    expect(event).toMatchObject({ message: 'Marking for deletion Pod default/web', type: 'Normal' });

    w.clock.advance('1h');
    expect(w.pod('web')!.metadata.deletionTimestamp).toBe(at(415));
    // A bare pod has no controller: nothing recreates it anywhere.
    expect(w.store.items('Pod').map((p) => p.metadata.name)).toEqual(['web']);
  });

  it('comes back: the taints go, and the kubelet finishes deleting the terminating pods', () => {
    const w = world();
    w.bindPod('web', 'node-2');
    w.kubelets[1]!.crash();
    w.clock.advance('10m');
    expect(w.pod('web')!.metadata.deletionTimestamp).toBeDefined();
    w.kubelets[1]!.recover();
    expect(w.pod('web')).toBeUndefined();
    expect(w.ready('node-2')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    w.clock.advance('5s');
    expect(w.store.mustGet('Node', undefined, 'node-2').spec.taints).toBeUndefined();
  });

  it('cancels the pending eviction when the node returns in time', () => {
    const w = world();
    w.bindPod('web', 'node-2');
    w.kubelets[1]!.crash();
    w.clock.advance('2m');
    expect(w.eviction.evictionTime('default', 'web')).toBeDefined();
    w.kubelets[1]!.recover();
    w.clock.advance('10m');
    expect(w.pod('web')!.metadata.deletionTimestamp).toBeUndefined();
    expect(w.store.items('Event').find((e) => e.reason === 'TaintManagerEviction')?.message).toBe('Cancelling deletion of Pod default/web');
  });

  it('evicts a pod that does not tolerate the taint at once', () => {
    const w = world();
    // An explicit toleration for not-ready only: admission still adds the default unreachable one, so
    // drop it by tolerating unreachable for 0 s.
    w.bindPod('strict', 'node-2', {
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }],
    });
    w.bindPod('patient', 'node-2', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] });
    w.kubelets[1]!.crash(); // last heartbeat at 0 s: tainted at 55 s
    w.clock.advance('54s');
    expect(w.pod('strict')!.metadata.deletionTimestamp).toBeUndefined();
    w.clock.advance('2s');
    // At once: as soon as the controller sees the taint (its queue's 5 ms reaction time).
    expect(w.store.trace.of('Pod', 'strict', 'default').at(-1)).toMatchObject({ verb: 'delete', time: T0 + 55_005 });
    w.clock.advance('1h');
    expect(w.pod('patient')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('has its pods force-deleted by pod GC once its Node object is deleted', () => {
    const w = world();
    w.bindPod('web', 'node-2');
    w.kubelets[1]!.crash();
    w.clock.advance('10m');
    expect(w.pod('web')!.metadata.deletionTimestamp).toBeDefined();
    w.store.delete({ kind: 'Node', name: 'node-2' }, { actor: 'kubectl' });
    w.clock.advance('39s');
    expect(w.pod('web')).toBeDefined();
    w.clock.advance('1s');
    expect(w.pod('web')).toBeUndefined();
    expect(w.store.trace.of('Pod', 'web', 'default').at(-1)).toMatchObject({ verb: 'delete', type: 'DELETED', actor: 'pod-garbage-collector' });
  });

  it('is not evicted from when every node is down: Kubernetes blames the control plane', () => {
    const w = world(1);
    w.bindPod('web', 'node-1');
    w.kubelets[0]!.crash();
    w.clock.advance('10m');
    expect(w.ready('node-1').status).toBe('Unknown');
    expect(w.store.mustGet('Node', undefined, 'node-1').spec.taints).toEqual([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]);
    expect(w.pod('web')!.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe('a partitioned node', () => {
  it('keeps its containers running and writes nothing; it is marked Unknown, then Ready again on heal', () => {
    const w = world();
    w.bindPod('web', 'node-2');
    w.kubelets[1]!.partition();
    const rv = Number(w.store.resourceVersion);
    w.clock.advance('2m');
    expect(w.store.trace.since(rv).filter((e) => e.actor === 'kubelet/node-2')).toEqual([]);
    expect(w.workers.made[1]!.running.size).toBe(1);
    expect(w.ready('node-2').status).toBe('Unknown');
    w.kubelets[1]!.heal();
    expect(w.ready('node-2').status).toBe('True');
    w.clock.advance('5s');
    expect(w.store.mustGet('Node', undefined, 'node-2').spec.taints).toBeUndefined();
    expect(w.pod('web')!.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe('cordon', () => {
  it('adds the unschedulable taint right after spec.unschedulable is set, and removes it after', () => {
    const w = world();
    w.store.update({ kind: 'Node', name: 'node-1' }, (n) => void (n.spec.unschedulable = true), { actor: 'kubectl' });
    w.clock.advance('10ms');
    expect(w.store.mustGet('Node', undefined, 'node-1').spec.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    w.store.update({ kind: 'Node', name: 'node-1' }, (n) => void delete n.spec.unschedulable, { actor: 'kubectl' });
    w.clock.advance('10ms');
    expect(w.store.mustGet('Node', undefined, 'node-1').spec.taints).toBeUndefined();
  });
});
