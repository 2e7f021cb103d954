import { describe, expect, it } from 'vitest';
import { EventRecorder } from '../../../src/store/client/events.js';
import { newStore, pod } from '../../store/helpers.js';

describe('EventRecorder', () => {
  it('writes an Event about an object in its namespace, with the source and the simulated time', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    clock.advance('3s');
    new EventRecorder(store, clock, { component: 'kubelet', host: 'node-1' }).event(web, 'Normal', 'Pulling', 'Pulling image "nginx:1.27"', 'spec.containers{app}');
    const [ev] = store.items('Event');
    expect(ev).toMatchObject({
      metadata: { namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: web.metadata.uid, fieldPath: 'spec.containers{app}' },
      reason: 'Pulling',
      message: 'Pulling image "nginx:1.27"',
      type: 'Normal',
      count: 1,
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2024-01-01T00:00:03Z',
      lastTimestamp: '2024-01-01T00:00:03Z',
    });
    expect(ev!.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
    expect(store.trace.entries().at(-1)).toMatchObject({ kind: 'Event', actor: 'kubelet/node-1' });
  });

  it('counts a repeated event on the same Event, as kubectl describe shows `x3 over 20s`', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    const rec = new EventRecorder(store, clock, { component: 'kubelet', host: 'node-1' });
    for (let i = 0; i < 3; i++) {
      rec.event(web, 'Warning', 'BackOff', 'Back-off restarting failed container app');
      clock.advance('10s');
    }
    rec.event(web, 'Warning', 'Unhealthy', 'Readiness probe failed');
    const events = store.items('Event');
    expect(events).toHaveLength(2);
    expect(events.find((e) => e.reason === 'BackOff')).toMatchObject({ count: 3, firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:00:20Z' });
  });

  it('puts events about cluster-scoped objects in default, and never fails its caller', () => {
    const { store, clock } = newStore();
    const ns = store.mustGet('Namespace', undefined, 'kube-public');
    const rec = new EventRecorder(store, clock, { component: 'namespace-controller' });
    rec.event(ns, 'Normal', 'Seen', 'seen');
    expect(store.items('Event')[0]?.metadata.namespace).toBe('default');
    store.delete({ kind: 'Namespace', name: 'default' });
    expect(() => rec.event(ns, 'Normal', 'Other', 'refused by a terminating namespace')).not.toThrow();
  });

  it('gives two components reporting at one instant different Event names', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    new EventRecorder(store, clock, { component: 'default-scheduler' }).event(web, 'Normal', 'Scheduled', 'a');
    new EventRecorder(store, clock, { component: 'kubelet', host: 'node-1' }).event(web, 'Normal', 'Pulling', 'b');
    expect(store.items('Event')).toHaveLength(2);
  });
});

describe('EventRecorder names', () => {
  it('gives events recorded in one instant distinct names', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    const rec = new EventRecorder(store, clock, { component: 'replicaset-controller' });
    for (const m of ['a', 'b', 'c']) rec.event(web, 'Normal', 'SuccessfulCreate', `Created pod: ${m}`);
    expect(new Set(store.items('Event').map((e) => e.metadata.name)).size).toBe(3);
  });
});
