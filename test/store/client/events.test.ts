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

  it('points each Event at the version and field of the object it was recorded for', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    const rec = new EventRecorder(store, clock, { component: 'kubelet', host: 'node-1' });
    rec.event(web, 'Normal', 'Pulled', 'pulled', 'spec.containers{app}');
    rec.event(web, 'Normal', 'Created', 'created', 'spec.containers{app}');
    rec.event(web, 'Normal', 'Killing', 'killing');
    const next = store.update({ kind: 'Pod', name: 'web' }, (p) => {
      p.metadata.labels = { v: '2' };
    });
    rec.event(next, 'Normal', 'Started', 'started', 'spec.containers{app}');
    const refs = Object.fromEntries(store.items('Event').map((e) => [e.reason, e.involvedObject]));
    expect(refs.Pulled).toEqual({ kind: 'Pod', namespace: 'default', name: 'web', uid: web.metadata.uid, apiVersion: 'v1', resourceVersion: web.metadata.resourceVersion, fieldPath: 'spec.containers{app}' });
    expect(refs.Created).toEqual(refs.Pulled);
    expect(refs.Killing).not.toHaveProperty('fieldPath');
    expect(refs.Started).toMatchObject({ resourceVersion: next.metadata.resourceVersion, fieldPath: 'spec.containers{app}' });
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

describe('EventRecorder, as client-go correlates events', () => {
  it('folds similar events of one object from the tenth distinct message on, keeping the latest message', () => {
    const { store, clock } = newStore();
    const rs = store.create(pod('web'));
    const rec = new EventRecorder(store, clock, { component: 'replicaset-controller' });
    for (let i = 1; i <= 12; i++) {
      rec.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-${i}`);
      clock.advance('1s');
    }
    const events = store.items('Event');
    expect(events.filter((e) => !e.message!.startsWith('(combined'))).toHaveLength(9);
    expect(events.find((e) => e.message!.startsWith('(combined'))).toMatchObject({
      message: '(combined from similar events): Created pod: web-12',
      count: 3,
      firstTimestamp: '2024-01-01T00:00:09Z',
      lastTimestamp: '2024-01-01T00:00:11Z',
    });
  });

  it('starts afresh ten minutes after the last similar event', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    const rec = new EventRecorder(store, clock, { component: 'replicaset-controller' });
    for (let i = 1; i <= 9; i++) rec.event(web, 'Normal', 'SuccessfulCreate', `Created pod: a-${i}`);
    clock.advance('10m1s');
    rec.event(web, 'Normal', 'SuccessfulCreate', 'Created pod: b-1');
    expect(store.items('Event').every((e) => !e.message!.startsWith('(combined'))).toBe(true);
  });

  it('lets a source write 25 events about an object, then one every five minutes, carrying the true count', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    const rec = new EventRecorder(store, clock, { component: 'kubelet', host: 'node-1' });
    const stored = () => store.items('Event').find((e) => e.reason === 'Unhealthy')!;
    for (let i = 1; i <= 30; i++) {
      rec.event(web, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503');
      clock.advance('10s');
    }
    // 25 writes at 0–240 s; by 290 s the bucket has earned back 0.97 of a write.
    expect(stored()).toMatchObject({ count: 25, lastTimestamp: '2024-01-01T00:04:00Z' });
    rec.event(web, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503');
    expect(stored()).toMatchObject({ count: 31, firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:05:00Z' });
  });

  it('creates an event first seen while held back when the next one gets through, with everything counted', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    const rec = new EventRecorder(store, clock, { component: 'kubelet', host: 'node-1' });
    for (let i = 0; i < 25; i++) rec.event(web, 'Normal', `Step${i}`, 'done');
    rec.event(web, 'Warning', 'BackOff', 'Back-off restarting failed container app');
    expect(store.items('Event').some((e) => e.reason === 'BackOff')).toBe(false);
    clock.advance('5m');
    rec.event(web, 'Warning', 'BackOff', 'Back-off restarting failed container app');
    expect(store.items('Event').find((e) => e.reason === 'BackOff')).toMatchObject({ count: 2, firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:05:00Z' });
  });

  it('keeps each source and object to its own budget', () => {
    const { store, clock } = newStore();
    const a = store.create(pod('a'));
    const b = store.create(pod('b'));
    const rec = new EventRecorder(store, clock, { component: 'kubelet', host: 'node-1' });
    for (let i = 0; i < 30; i++) rec.event(a, 'Normal', `Step${i}`, 'done');
    rec.event(b, 'Normal', 'Step0', 'done');
    new EventRecorder(store, clock, { component: 'default-scheduler' }).event(a, 'Normal', 'Scheduled', 'Successfully assigned default/a to node-1');
    const events = store.items('Event');
    expect(events.filter((e) => e.involvedObject.name === 'a' && e.reason!.startsWith('Step'))).toHaveLength(25);
    expect(events.some((e) => e.involvedObject.name === 'b')).toBe(true);
    expect(events.some((e) => e.reason === 'Scheduled')).toBe(true);
  });
});

describe('EventRecorder caches', () => {
  it('forgets the least recently used of more than 4096 events, as client-go does: a forgotten one starts a new Event', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    const rec = new EventRecorder(store, clock, { component: 'kubelet', host: 'node-1' });
    rec.event(web, 'Normal', 'First', 'first');
    // Other objects' events push it out of every cache (one object each, so no budget runs out).
    for (let i = 0; i < 4096; i++) rec.event({ ...web, metadata: { ...web.metadata, name: `other-${i}`, uid: `u-${i}` } }, 'Normal', 'Other', 'other');
    clock.advance('1s');
    rec.event(web, 'Normal', 'First', 'first');
    expect(store.items('Event').filter((e) => e.reason === 'First').map((e) => e.count)).toEqual([1, 1]);
  });

  it('keeps the aggregator and the event log apart: the log can forget an Event whose similar messages are still counted', () => {
    const { store, clock } = newStore();
    const web = store.create(pod('web'));
    const rec = new EventRecorder(store, clock, { component: 'kubelet', host: 'node-1' });
    rec.event(web, 'Normal', 'Pulled', 'm1');
    // 2,100 objects with two messages each: 4,200 newer log entries (m1's is forgotten), 2,100 newer aggregates (web's is kept).
    for (let i = 0; i < 2100; i++) {
      const other = { ...web, metadata: { ...web.metadata, name: `other-${i}`, uid: `u-${i}` } };
      rec.event(other, 'Normal', 'Pulled', 'a');
      rec.event(other, 'Normal', 'Pulled', 'b');
    }
    clock.advance('1s');
    // The tenth distinct message, counting the remembered m1, is combined; m1 (dropped from the set to
    // make room) is then new to the set again: combined too, on the same combined Event.
    for (let m = 2; m <= 10; m++) rec.event(web, 'Normal', 'Pulled', `m${m}`);
    rec.event(web, 'Normal', 'Pulled', 'm1');
    const messages = store.items('Event').filter((e) => e.involvedObject.name === 'web').map((e) => `${e.message} x${e.count}`);
    expect(messages.sort()).toEqual(['(combined from similar events): m1 x2', 'm1 x1', 'm2 x1', 'm3 x1', 'm4 x1', 'm5 x1', 'm6 x1', 'm7 x1', 'm8 x1', 'm9 x1']);
  });
});
