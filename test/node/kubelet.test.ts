import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/sim/clock.js';
import { Rng } from '../../src/sim/rng.js';
import { Store } from '../../src/store/store.js';
import { Kubelet } from '../../src/node/kubelet.js';
import type { NodeConfig } from '../../src/node/node-status.js';
import { fakeWorkers } from '../controllers/nodelifecycle/fake-workers.js';

function setup(config: Partial<NodeConfig> = {}, index = 0) {
  const clock = new Clock();
  const rng = new Rng(7);
  const store = new Store({ clock, rng: rng.fork('apiserver') });
  const workers = fakeWorkers();
  const kubelet = new Kubelet({
    store,
    clock,
    rng: rng.fork('kubelet'),
    node: { name: `node-${index + 1}`, ...config },
    index,
   
    workers: workers.factory,
  });
  return { clock, store, kubelet, workers };
}

const pod = (name: string, nodeName?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod' as const,
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...(nodeName ? { nodeName } : {}) },
});

describe('Kubelet registration', () => {
  it('registers the Node a kind node of Kubernetes 1.32 would', () => {
    const { store, kubelet } = setup({}, 1);
    kubelet.start();
    const node = store.mustGet('Node', undefined, 'node-2');
    expect(node.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'node-2',
      'kubernetes.io/os': 'linux',
    });
    expect(node.spec.podCIDR).toBe('10.244.2.0/24');
    expect(node.spec.podCIDRs).toEqual(['10.244.2.0/24']);
    expect(node.status!.capacity).toEqual({
      cpu: '4',
      'ephemeral-storage': '104857600Ki',
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: '16777216Ki',
      pods: '110',
    });
    // 100Mi held back for hard eviction, and 10% of the disk.
    expect(node.status!.allocatable).toMatchObject({ cpu: '4', memory: '16674816Ki', 'ephemeral-storage': '96636764160', pods: '110' });
    expect(node.status!.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.3' },
      { type: 'Hostname', address: 'node-2' },
    ]);
    expect(node.status!.nodeInfo).toMatchObject({
      kubeletVersion: expect.stringMatching(/^v1\.32\.\d+$/),
      containerRuntimeVersion: expect.stringMatching(/^containerd:\/\/1\.7\.\d+$/),
      operatingSystem: 'linux',
      architecture: 'amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
    });
    expect(node.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ]);
    expect(store.trace.entries().find((e) => e.kind === 'Node')).toMatchObject({ verb: 'create', actor: 'kubelet/node-2' });
  });

  it('takes the size, labels and taints it is given', () => {
    const { store, kubelet } = setup({ cpu: '8', memory: '32Gi', pods: 20, labels: { disk: 'ssd' }, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] });
    kubelet.start();
    const node = store.mustGet('Node', undefined, 'node-1');
    expect(node.status!.capacity).toMatchObject({ cpu: '8', memory: '33554432Ki', pods: '20' });
    expect(node.metadata.labels).toMatchObject({ disk: 'ssd', 'kubernetes.io/hostname': 'node-1' });
    expect(node.spec.taints).toEqual([{ key: 'gpu', value: 'true', effect: 'NoSchedule' }]);
  });

  it('renews its Lease in kube-node-lease every 10 s, and posts an unchanged status every 5 min', () => {
    const { clock, store, kubelet } = setup();
    kubelet.start();
    const lease = store.mustGet('Lease', 'kube-node-lease', 'node-1');
    const node = store.mustGet('Node', undefined, 'node-1');
    expect(lease.spec).toEqual({ holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z' });
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: node.metadata.uid }]);
    const renewals: string[] = [];
    store.watch('Lease', { namespace: 'kube-node-lease', resourceVersion: store.resourceVersion }, (e) => renewals.push(e.object.spec.renewTime!));
    clock.advance('35s');
    expect(renewals).toEqual(['2024-01-01T00:00:10.000000Z', '2024-01-01T00:00:20.000000Z', '2024-01-01T00:00:30.000000Z']);
    const writes = () => store.trace.entries().filter((e) => e.kind === 'Node' && e.verb === 'update').length;
    clock.advance(5 * 60_000 - 35_000 - 1);
    expect(writes()).toBe(0);
    clock.advance(1);
    expect(writes()).toBe(1);
    expect(store.mustGet('Node', undefined, 'node-1').status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      lastHeartbeatTime: '2024-01-01T00:05:00Z',
      lastTransitionTime: '2024-01-01T00:00:00Z',
    });
  });

  it('records the events a starting kubelet records', () => {
    const { store, kubelet } = setup();
    kubelet.start();
    expect(store.items('Event').map((e) => [e.reason, e.message, e.source?.component])).toEqual(
      expect.arrayContaining([
        ['Starting', 'Starting kubelet.', 'kubelet'],
        ['NodeHasSufficientMemory', 'Node node-1 status is now: NodeHasSufficientMemory', 'kubelet'],
        ['NodeReady', 'Node node-1 status is now: NodeReady', 'kubelet'],
      ]),
    );
  });
});

describe('Kubelet pods', () => {
  it('runs the pods bound to it, with IPs from its pod CIDR, reused after release', () => {
    const { clock, store, kubelet } = setup();
    kubelet.start();
    store.create(pod('a', 'node-1'));
    store.create(pod('b', 'node-1'));
    store.create(pod('elsewhere', 'node-2'));
    expect(store.mustGet('Pod', 'default', 'a').status).toMatchObject({ phase: 'Running', podIP: '10.244.1.2', hostIP: '172.18.0.2' });
    expect(store.mustGet('Pod', 'default', 'b').status!.podIP).toBe('10.244.1.3');
    expect(store.mustGet('Pod', 'default', 'elsewhere').status!.phase).toBe('Pending');
    store.delete({ kind: 'Pod', namespace: 'default', name: 'a' });
    expect(store.get('Pod', 'default', 'a')).toBeUndefined();
    clock.advance('1s');
    store.create(pod('c'));
    store.bind({ name: 'c' }, 'node-1');
    expect(store.mustGet('Pod', 'default', 'c').status!.podIP).toBe('10.244.1.2');
  });
});

describe('Kubelet faults', () => {
  it('writes nothing after a crash, and re-reads its pods when it recovers', () => {
    const { clock, store, kubelet, workers } = setup();
    kubelet.start();
    store.create(pod('a', 'node-1'));
    kubelet.crash();
    const rv = store.resourceVersion;
    expect(workers.made[0]!.halted).toBe(true);
    clock.advance('10m');
    expect(store.trace.entries().filter((e) => e.actor === 'kubelet/node-1' && e.resourceVersion > Number(rv))).toEqual([]);
    // The only timer left is the API server's, for the Events' hour to live.
    expect(store.items('Event').length).toBeGreaterThan(0);
    expect(clock.pending()).toBe(1);
    expect(() => kubelet.logs('default', 'a')).toThrow('logs: node "node-1" is crashed: its kubelet is not running');
    kubelet.recover();
    expect(workers.made).toHaveLength(2);
    expect(workers.made[1]!.running.size).toBe(1);
    expect(store.mustGet('Lease', 'kube-node-lease', 'node-1').spec.renewTime).toBe('2024-01-01T00:10:00.000000Z');
    expect(store.items('Event').some((e) => e.reason === 'Rebooted')).toBe(true);
  });

  it('keeps its containers but writes nothing while partitioned, then posts status and resyncs on heal', () => {
    const { clock, store, kubelet, workers } = setup();
    kubelet.start();
    store.create(pod('a', 'node-1'));
    kubelet.partition();
    const rv = Number(store.resourceVersion);
    clock.advance('2m');
    expect(store.trace.entries().filter((e) => e.resourceVersion > rv)).toEqual([]);
    expect(workers.made[0]!.running.size).toBe(1);
    expect(kubelet.connected()).toBe(false);
    kubelet.heal();
    expect(workers.made[0]!.resyncs).toBe(1);
    expect(store.mustGet('Lease', 'kube-node-lease', 'node-1').spec.renewTime).toBe('2024-01-01T00:02:00.000000Z');
    expect(store.trace.entries().some((e) => e.kind === 'Node' && e.actor === 'kubelet/node-1' && e.resourceVersion > rv)).toBe(true);
  });

  it('says why a fault cannot be injected', () => {
    const { kubelet } = setup();
    expect(() => kubelet.crash()).toThrow('kubelet node-1: crash: the kubelet is new, not running');
    kubelet.start();
    expect(() => kubelet.recover()).toThrow('kubelet node-1: recover: the kubelet is running, not crashed');
  });
});
