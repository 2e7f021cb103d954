import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../src/api/errors.js';
import { keyOf, splitKey, WorkQueue } from '../../../src/store/client/queue.js';
import { Clock } from '../../../src/sim/clock.js';

function setup(reconcile: (key: string) => ReturnType<ConstructorParameters<typeof WorkQueue>[0]['reconcile']>, latency?: number) {
  const clock = new Clock();
  const seen: [string, number][] = [];
  const queue = new WorkQueue({
    clock,
    name: 'test',
    ...(latency !== undefined ? { latency } : {}),
    reconcile: (key) => {
      seen.push([key, clock.elapsed()]);
      return reconcile(key);
    },
  });
  return { clock, queue, seen };
}

describe('WorkQueue', () => {
  it('processes a key once however often it was added, after the reaction latency', () => {
    const { clock, queue, seen } = setup(() => undefined);
    queue.add('default/web');
    queue.add('default/web');
    queue.add('default/api');
    expect(queue.length).toBe(2);
    clock.advance('1s');
    expect(seen).toEqual([
      ['default/web', 5],
      ['default/api', 5],
    ]);
    expect(queue.length).toBe(0);
  });

  it('keeps the earlier time when a key is added again with a later one', () => {
    const { clock, queue, seen } = setup(() => undefined);
    queue.addAfter('a', '10s');
    queue.addAfter('a', '30s');
    queue.addAfter('b', '30s');
    queue.addAfter('b', '10s');
    clock.advance('1m');
    expect(seen).toEqual([
      ['a', 10_000],
      ['b', 10_000],
    ]);
  });

  it('requeues after the delay a reconcile asks for', () => {
    let n = 0;
    const { clock, queue, seen } = setup(() => (++n < 3 ? { requeueAfter: '5s' } : undefined), 0);
    queue.add('x');
    clock.advance('1m');
    expect(seen.map(([, t]) => t)).toEqual([0, 5000, 10_000]);
  });

  it('retries an API error with back-off 5 ms, 10 ms, 20 ms …, then forgets the failures', () => {
    let n = 0;
    const { clock, queue, seen } = setup(() => {
      if (++n <= 3) throw new StatusError('Conflict', 'the object has been modified');
      return undefined;
    }, 0);
    queue.add('x');
    clock.advance('1s');
    expect(seen.map(([, t]) => t)).toEqual([0, 5, 15, 35]);
  });

  it('lets a bug (not an API error) propagate to whoever runs the clock', () => {
    const { clock, queue } = setup(() => {
      throw new TypeError('bug');
    });
    queue.add('x');
    expect(() => clock.advance('1s')).toThrow('bug');
  });

  it('processes nothing after stop', () => {
    const { clock, queue, seen } = setup(() => undefined);
    queue.add('x');
    queue.stop();
    queue.add('y');
    clock.advance('1s');
    expect(seen).toEqual([]);
  });
});

describe('keys', () => {
  it('are namespace/name, or name for cluster-scoped objects, and split back', () => {
    expect(keyOf({ metadata: { namespace: 'default', name: 'web' } })).toBe('default/web');
    expect(keyOf({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(splitKey('default/web')).toEqual({ namespace: 'default', name: 'web' });
    expect(splitKey('node-1')).toEqual({ name: 'node-1' });
  });
});
