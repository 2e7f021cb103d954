import type { Node } from '../../src/api/node.js';
import type { Pod } from '../../src/api/pod.js';
import { Clock } from '../../src/sim/clock.js';
import { Rng } from '../../src/sim/rng.js';
import { Store } from '../../src/store/store.js';
import { Scheduler } from '../../src/scheduler/index.js';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  ready?: 'True' | 'False' | 'Unknown' | null;
  unschedulable?: boolean;
  taints?: { key: string; value?: string; effect: string }[];
  labels?: Record<string, string>;
}

/** A Node as a kubelet registers it: capacity (allocatable defaults to it) and Ready=True. */
export function nodeManifest(name: string, o: NodeOpts = {}) {
  const ready = o.ready === undefined ? 'True' : o.ready;
  return {
    apiVersion: 'v1',
    kind: 'Node' as const,
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { ...(o.unschedulable ? { unschedulable: true } : {}), ...(o.taints ? { taints: o.taints } : {}) },
    status: {
      capacity: { cpu: o.cpu ?? '2', memory: o.memory ?? '4Gi', pods: o.pods ?? '110' },
      conditions: ready === null ? [] : [{ type: 'Ready', status: ready, reason: 'KubeletReady' }],
    },
  };
}

export interface PodOpts {
  cpu?: string;
  memory?: string;
  nodeName?: string;
  owner?: string;
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
  affinity?: unknown;
  schedulerName?: string;
  initContainers?: { cpu?: string; memory?: string; restartPolicy?: string }[];
  priority?: { preemptionPolicy: string };
}

export function podManifest(name: string, o: PodOpts = {}) {
  const requests = { ...(o.cpu ? { cpu: o.cpu } : {}), ...(o.memory ? { memory: o.memory } : {}) };
  return {
    apiVersion: 'v1',
    kind: 'Pod' as const,
    metadata: {
      name,
      namespace: 'default',
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: o.owner, controller: true }] } : {}),
    },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests } }],
      ...(o.initContainers
        ? {
            initContainers: o.initContainers.map((c, i) => ({
              name: `init-${i}`,
              image: 'busybox:1.36',
              resources: { requests: { ...(c.cpu ? { cpu: c.cpu } : {}), ...(c.memory ? { memory: c.memory } : {}) } },
              ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
            })),
          }
        : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.schedulerName ? { schedulerName: o.schedulerName } : {}),
      ...(o.priority ? o.priority : {}),
    },
  };
}

/** A plain (not admitted) Node value for pure tests. */
export function node(name: string, o: NodeOpts = {}): Node {
  const m = nodeManifest(name, o);
  return { ...m, status: { ...m.status, allocatable: m.status.capacity } } as unknown as Node;
}

/** A plain Pod value for pure tests, with the default NoExecute tolerations admission adds. */
export function pod(name: string, o: PodOpts = {}): Pod {
  const m = podManifest(name, o);
  const defaults = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
  return { ...m, spec: { ...m.spec, tolerations: [...(o.tolerations ?? []), ...defaults] } } as unknown as Pod;
}

/** A store, a clock and a started scheduler. */
export function world(seed = 1) {
  const clock = new Clock();
  const rng = new Rng(seed);
  const store = new Store({ clock, rng: rng.fork('apiserver') });
  const scheduler = new Scheduler({ store, clock, rng: rng.fork('scheduler') });
  scheduler.start();
  return { clock, store, scheduler };
}
