import { describe, expect, it } from 'vitest';
import { endpointsSelector, podEndpointsChanged, servicesToSync } from '../../src/api/pod-endpoints.js';
import type { Pod } from '../../src/api/pod.js';
import type { Service } from '../../src/api/service.js';

interface PodOpts {
  labels?: Record<string, string>;
  ip?: string;
  ready?: boolean;
  deleting?: boolean;
  node?: string;
  hostname?: string;
  restarts?: number;
}

const pod = (o: PodOpts = {}): Pod =>
  ({
    metadata: {
      name: 'p',
      namespace: 'default',
      uid: 'u-1',
      labels: o.labels ?? { app: 'web' },
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'x' }], ...(o.node ? { nodeName: o.node } : {}), ...(o.hostname ? { hostname: o.hostname } : {}) },
    status: {
      phase: o.ip ? 'Running' : 'Pending',
      ...(o.ip ? { podIP: o.ip, podIPs: [{ ip: o.ip }] } : {}),
      conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }],
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
    },
  }) as unknown as Pod;

const svc = (name: string, selector: Record<string, string> | undefined, type = 'ClusterIP'): Service =>
  ({ metadata: { name, namespace: 'default', uid: `svc-${name}` }, spec: { type, ...(selector ? { selector } : {}) } }) as unknown as Service;

// The cases of Kubernetes' TestPodEndpointsChanged (k8s.io/endpointslice/util), in kubesim's terms.
describe('podEndpointsChanged', () => {
  it.each<{ name: string; old: PodOpts; cur: PodOpts; pod: boolean; labels: boolean }>([
    { name: 'nothing an endpoint shows', old: { ip: '10.0.0.1', ready: true }, cur: { ip: '10.0.0.1', ready: true, restarts: 1 }, pod: false, labels: false },
    { name: 'bound to a node', old: {}, cur: { node: 'node-1' }, pod: false, labels: false },
    { name: 'got an IP', old: { node: 'node-1' }, cur: { node: 'node-1', ip: '10.0.0.1' }, pod: true, labels: false },
    { name: 'IP changed', old: { ip: '10.0.0.1' }, cur: { ip: '10.0.0.2' }, pod: true, labels: false },
    { name: 'became ready', old: { ip: '10.0.0.1' }, cur: { ip: '10.0.0.1', ready: true }, pod: true, labels: false },
    { name: 'started terminating', old: { ip: '10.0.0.1', ready: true }, cur: { ip: '10.0.0.1', ready: true, deleting: true }, pod: true, labels: false },
    { name: 'labels changed', old: { labels: { app: 'a' } }, cur: { labels: { app: 'b' } }, pod: false, labels: true },
    { name: 'label added', old: { labels: { app: 'a' } }, cur: { labels: { app: 'a', tier: 'x' } }, pod: false, labels: true },
    { name: 'hostname changed', old: {}, cur: { hostname: 'h' }, pod: false, labels: true },
    { name: 'labels and readiness changed', old: { labels: { app: 'a' }, ip: '10.0.0.1' }, cur: { labels: { app: 'b' }, ip: '10.0.0.1', ready: true }, pod: true, labels: true },
  ])('$name', ({ old, cur, pod: podChanged, labels }) => {
    expect(podEndpointsChanged(pod(old), pod(cur))).toEqual({ pod: podChanged, labels });
  });
});

describe('endpointsSelector', () => {
  it.each([
    { name: 'a selector', service: svc('a', { app: 'a' }), want: { app: 'a' } },
    { name: 'no selector', service: svc('a', undefined), want: undefined },
    { name: 'an empty selector', service: svc('a', {}), want: undefined },
    { name: 'ExternalName', service: svc('a', { app: 'a' }, 'ExternalName'), want: undefined },
  ])('$name', ({ service, want }) => {
    expect(endpointsSelector(service)).toEqual(want);
  });
});

// determineNeededServiceUpdates: which Services a pod update queues.
describe('servicesToSync', () => {
  const services = [svc('a', { app: 'a' }), svc('b', { app: 'b' }), svc('both', { tier: 'x' }), svc('name', { app: 'a' }, 'ExternalName')];
  const selecting = (p: Pod) => services.filter((s) => Object.entries(s.spec.selector ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v));
  const names = (list: readonly Service[]) => list.map((s) => s.metadata.name).sort();

  it.each<{ name: string; old: PodOpts | undefined; cur: PodOpts; want: string[] }>([
    { name: 'a new pod: every managed Service that selects it', old: undefined, cur: { labels: { app: 'a', tier: 'x' } }, want: ['a', 'both'] },
    { name: 'an update that shows in no endpoint: none', old: { labels: { app: 'a' } }, cur: { labels: { app: 'a' }, node: 'n' }, want: [] },
    { name: 'readiness changed: the Services that select it', old: { labels: { app: 'a', tier: 'x' }, ip: '1.1.1.1' }, cur: { labels: { app: 'a', tier: 'x' }, ip: '1.1.1.1', ready: true }, want: ['a', 'both'] },
    { name: 'labels only: the Services that gained or lost it', old: { labels: { app: 'a', tier: 'x' } }, cur: { labels: { app: 'b', tier: 'x' } }, want: ['a', 'b'] },
    { name: 'labels and endpoint: the Services before and after', old: { labels: { app: 'a', tier: 'x' }, ip: '1.1.1.1' }, cur: { labels: { app: 'b', tier: 'x' }, ip: '1.1.1.1', ready: true }, want: ['a', 'b', 'both'] },
  ])('$name', ({ old, cur, want }) => {
    expect(names(servicesToSync(old && pod(old), pod(cur), selecting))).toEqual(want);
  });
});
