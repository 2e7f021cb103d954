/**
 * Events live an hour after their last write, as kube-apiserver's `--event-ttl` makes them: the API
 * server removes them (the trace says so), a new write starts the hour again, and no other kind expires.
 */
import { describe, expect, it } from 'vitest';
import { newStore, pod } from './helpers.js';

const event = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
  reason: 'Pulled',
  message: 'Container image "nginx:1.27" already present on machine',
  type: 'Normal',
  count: 1,
});

describe('time to live', () => {
  it('removes an Event an hour after it was written, as the API server', () => {
    const { store, clock } = newStore();
    store.create(event('web.1'));
    clock.advance('59m59s');
    expect(store.get('Event', 'default', 'web.1')).toBeDefined();
    clock.advance('1s');
    expect(store.get('Event', 'default', 'web.1')).toBeUndefined();
    expect(store.trace.entries().at(-1)).toMatchObject({ verb: 'delete', kind: 'Event', name: 'web.1', actor: 'apiserver' });
  });

  it('starts the hour again on every write', () => {
    const { store, clock } = newStore();
    store.create(event('web.1'));
    clock.advance('50m');
    store.update({ kind: 'Event', namespace: 'default', name: 'web.1' }, (e) => {
      e.count = 2;
    });
    clock.advance('50m');
    expect(store.get('Event', 'default', 'web.1')?.count).toBe(2);
    clock.advance('10m');
    expect(store.get('Event', 'default', 'web.1')).toBeUndefined();
  });

  it('forgets an Event deleted before its hour, and leaves other kinds alone', () => {
    const { store, clock } = newStore();
    store.create(event('web.1'));
    store.create(pod('web'));
    store.delete({ kind: 'Event', namespace: 'default', name: 'web.1' });
    store.create(event('web.1'));
    clock.advance('30m');
    expect(store.get('Event', 'default', 'web.1')).toBeDefined();
    clock.advance('5h');
    expect(store.get('Event', 'default', 'web.1')).toBeUndefined();
    expect(store.get('Pod', 'default', 'web')).toBeDefined();
    expect(clock.pending()).toBe(0);
  });

  it('removes each Event at its own hour, in order, with one timer for all of them', () => {
    const { store, clock } = newStore();
    const before = clock.pending();
    for (let i = 0; i < 100; i++) {
      store.create(event(`web.${i}`));
      clock.advance('1s');
    }
    expect(clock.pending()).toBe(before + 1);
    store.delete({ kind: 'Event', namespace: 'default', name: 'web.0' });
    store.update({ kind: 'Event', namespace: 'default', name: 'web.1' }, (e) => {
      e.count = 2;
    });
    clock.advance('58m22s'); // web.2 was written at 2s, the clock stands at 1h0m2s
    const left = () => store.items('Event', {}).map((e) => e.metadata.name).sort();
    expect(left()).not.toContain('web.2');
    expect(left()).toContain('web.3');
    expect(left()).toContain('web.1');
    clock.advance('97s');
    expect(left()).toEqual(['web.1']);
    clock.advance('1h');
    expect(left()).toEqual([]);
  });

  it('keeps Events written together, and those written after the queue ran dry, to their own hour', () => {
    const { store, clock } = newStore();
    for (let i = 0; i < 3; i++) store.create(event(`burst.${i}`));
    clock.advance('1h');
    expect(store.items('Event', {})).toEqual([]);
    // The queue is empty; a later burst at a new instant must wait its own hour, not the first burst's.
    clock.advance('10m');
    for (let i = 0; i < 3; i++) store.create(event(`late.${i}`));
    clock.advance('1s');
    store.create(event('later'));
    const left = () => store.items('Event', {}).map((e) => e.metadata.name).sort();
    clock.advance('59m58s');
    expect(left()).toEqual(['late.0', 'late.1', 'late.2', 'later']);
    clock.advance('1s');
    expect(left()).toEqual(['later']);
    clock.advance('1s');
    expect(store.items('Event', {}).map((e) => e.metadata.name)).toEqual([]);
  });
});
