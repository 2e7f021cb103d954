import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../src/index.js';

function createPod(cluster: Cluster, name: string, spec: Record<string, unknown> = {}) {
  cluster.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec } });
}
const pod = (cluster: Cluster, name: string) => cluster.store.get('Pod', 'default', name);
const readyOf = (cluster: Cluster, node: string) => cluster.node(node).status!.conditions!.find((c) => c.type === 'Ready')!;

describe('createCluster nodes', () => {
  it('registers node-1…node-N with their leases', () => {
    const cluster = createCluster({ seed: 1, nodes: 3 });
    expect(cluster.nodeNames()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(cluster.store.items('Node').map((n) => [n.metadata.name, n.spec.podCIDR, n.status!.addresses![0]!.address])).toEqual([
      ['node-1', '10.244.1.0/24', '172.18.0.2'],
      ['node-2', '10.244.2.0/24', '172.18.0.3'],
      ['node-3', '10.244.3.0/24', '172.18.0.4'],
    ]);
    expect(cluster.store.items('Lease', { namespace: 'kube-node-lease' }).map((l) => l.spec.holderIdentity)).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('takes a list of node descriptions', () => {
    const cluster = createCluster({ nodes: [{ name: 'big', cpu: 16, memory: '64Gi', pods: 250, labels: { disk: 'ssd' } }, {}] });
    expect(cluster.nodeNames()).toEqual(['big', 'node-2']);
    expect(cluster.node('big').status!.capacity).toMatchObject({ cpu: '16', memory: '67108864Ki', pods: '250' });
    expect(cluster.node('big').metadata.labels!.disk).toBe('ssd');
  });

  it('keeps a cluster without nodes working', () => {
    const cluster = createCluster();
    expect(cluster.store.items('Node')).toEqual([]);
    cluster.advance('1m');
    expect(cluster.nodeNames()).toEqual([]);
  });

  it('says which argument is wrong', () => {
    expect(() => createCluster({ nodes: -1 })).toThrow('createCluster: nodes: expected a whole number of nodes from 0 to 5000, or a list of nodes, got -1');
    expect(() => createCluster({ nodes: [{ cpu: 'lots' }] })).toThrow('createCluster: nodes[0].cpu: "lots" is not a quantity');
    expect(() => createCluster({ nodes: [{ name: 'a' }, { name: 'a' }] })).toThrow('createCluster: nodes[1].name: node "a" already exists');
    expect(() => createCluster({ nodes: [{ name: 'Node_1' }] })).toThrow('createCluster: nodes[0].name: "Node_1" is not a valid node name');
    expect(() => createCluster({ nodes: [{ gpus: 2 } as never] })).toThrow('createCluster: nodes[0]: unknown field "gpus"');
    const cluster = createCluster({ nodes: 3 });
    expect(() => cluster.crashNode('node-9')).toThrow('crashNode: no node "node-9"; nodes: node-1, node-2, node-3');
    expect(() => cluster.cordon('node-9')).toThrow('cordon: no Node "node-9"; nodes: node-1, node-2, node-3');
    expect(() => cluster.addNode({ name: 'node-1' })).toThrow('addNode: config.name: node "node-1" already exists');
    expect(() => cluster.logs('default', 'nope')).toThrow('pods "nope" not found');
  });

  it('adds and removes nodes; a new node never reuses a removed one\'s addresses', () => {
    const cluster = createCluster({ nodes: 2 });
    cluster.removeNode('node-2');
    expect(cluster.store.get('Node', undefined, 'node-2')).toBeUndefined();
    expect(cluster.addNode()).toBe('node-3');
    expect(cluster.node('node-3').spec.podCIDR).toBe('10.244.3.0/24');
    expect(cluster.nodeNames()).toEqual(['node-1', 'node-3']);
  });

  it('is deterministic: the same seed gives the same nodes and trace', () => {
    const run = () => {
      const c = createCluster({ seed: 5, nodes: 2 });
      createPod(c, 'web');
      c.advance('30s');
      c.crashNode('node-1');
      c.advance('2m');
      return JSON.stringify([c.store.items('Node'), c.store.items('Pod'), c.store.trace.entries()]);
    };
    expect(run()).toBe(run());
  });
});

describe('node failure in a cluster', () => {
  it('a crashed node goes NotReady, is tainted, and its bare pod is deleted 300 s later, stays Terminating, and is never recreated', () => {
    const cluster = createCluster({ seed: 3, nodes: 3 });
    createPod(cluster, 'web');
    expect(cluster.runUntil((c) => pod(c, 'web')?.status?.phase === 'Running', { timeout: '1m' }).ok).toBe(true);
    const node = pod(cluster, 'web')!.spec.nodeName!;
    const crashedAt = cluster.now();
    cluster.crashNode(node);

    expect(cluster.runUntil((c) => readyOf(c, node).status === 'Unknown', { timeout: '2m' }).ok).toBe(true);
    const unknownAt = cluster.now();
    // The last lease renewal was at most 10 s before the crash; the grace period is 50 s, checked every 5 s.
    expect(unknownAt - crashedAt).toBeGreaterThan(40_000);
    expect(unknownAt - crashedAt).toBeLessThanOrEqual(60_000);
    expect(readyOf(cluster, node)).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const noExecute = cluster.node(node).spec.taints!.find((t) => t.effect === 'NoExecute')!;
    expect(noExecute.key).toBe('node.kubernetes.io/unreachable');
    const taintedAt = Date.parse(noExecute.timeAdded!);
    expect(taintedAt).toBe(unknownAt);
    cluster.advance('10ms');
    expect(pod(cluster, 'web')!.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('False');

    expect(cluster.runUntil((c) => pod(c, 'web')!.metadata.deletionTimestamp !== undefined, { timeout: '10m' }).ok).toBe(true);
    expect(cluster.now()).toBe(taintedAt + 300_000);
    expect(cluster.store.items('Event').find((e) => e.reason === 'TaintManagerEviction')!.message).toBe('Marking for deletion Pod default/web');

    cluster.advance('1h');
    expect(pod(cluster, 'web')!.metadata.deletionTimestamp).toBeDefined();
    expect(cluster.store.items('Pod')).toHaveLength(1);

    cluster.recoverNode(node);
    expect(cluster.runUntil((c) => pod(c, 'web') === undefined, { timeout: '2m' }).ok).toBe(true);
    expect(cluster.runUntil((c) => !(c.node(node).spec.taints ?? []).length, { timeout: '10s' }).ok).toBe(true);
    expect(readyOf(cluster, node).status).toBe('True');
  });

  it('removing the Node object lets pod GC remove its terminating pods', () => {
    const cluster = createCluster({ seed: 3, nodes: 3 });
    createPod(cluster, 'web');
    cluster.runUntil((c) => pod(c, 'web')?.status?.phase === 'Running', { timeout: '1m' });
    const node = pod(cluster, 'web')!.spec.nodeName!;
    cluster.crashNode(node);
    cluster.advance('7m');
    expect(pod(cluster, 'web')!.metadata.deletionTimestamp).toBeDefined();
    cluster.removeNode(node);
    expect(cluster.runUntil((c) => pod(c, 'web') === undefined, { timeout: '1m' }).ok).toBe(true);
    expect(cluster.store.trace.of('Pod', 'web', 'default').at(-1)!.actor).toBe('pod-garbage-collector');
  });

  it('a partitioned node keeps its containers running but writes nothing until it heals', () => {
    const cluster = createCluster({ seed: 3, nodes: 3 });
    createPod(cluster, 'web');
    cluster.runUntil((c) => pod(c, 'web')?.status?.phase === 'Running', { timeout: '1m' });
    cluster.advance('10s');
    const node = pod(cluster, 'web')!.spec.nodeName!;
    const containers = () => pod(cluster, 'web')!.status!.containerStatuses?.map((c) => [c.restartCount, c.state]);
    const before = containers();
    cluster.partitionNode(node);
    const rv = Number(cluster.store.resourceVersion);
    cluster.advance('2m');
    expect(cluster.store.trace.since(rv).filter((e) => e.actor === `kubelet/${node}`)).toEqual([]);
    expect(readyOf(cluster, node).status).toBe('Unknown');
    cluster.healNode(node);
    expect(readyOf(cluster, node).status).toBe('True');
    cluster.advance('30s');
    const after = pod(cluster, 'web')!;
    expect(after.metadata.deletionTimestamp).toBeUndefined();
    // The same containers, never restarted: they ran on through the partition.
    expect(containers()).toEqual(before);
  });

  it('cordon makes the scheduler skip the node', () => {
    const cluster = createCluster({ seed: 3, nodes: 3 });
    cluster.cordon('node-1');
    cluster.cordon('node-3');
    expect(cluster.node('node-1').spec.unschedulable).toBe(true);
    for (const name of ['a', 'b', 'c', 'd']) createPod(cluster, name);
    cluster.advance('5s');
    expect(cluster.store.items('Pod').map((p) => p.spec.nodeName)).toEqual(['node-2', 'node-2', 'node-2', 'node-2']);
    cluster.uncordon('node-1');
    expect(cluster.node('node-1').spec.unschedulable).toBeUndefined();
    expect(cluster.store.trace.of('Node', 'node-1').some((e) => e.actor === 'kubectl')).toBe(true);
  });
});
