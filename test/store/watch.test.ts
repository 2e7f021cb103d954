import { describe, expect, it } from 'vitest';
import { StatusError } from '../../src/api/errors.js';
import type { WatchEvent } from '../../src/store/types.js';
import { configMap, newStore, pod } from './helpers.js';

const brief = (e: WatchEvent) => `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`;

describe('watch', () => {
  it('without a resourceVersion starts with an ADDED for every existing object, then follows changes', () => {
    const { store } = newStore();
    store.create(configMap('a'));
    const seen: string[] = [];
    store.watch('ConfigMap', {}, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    store.create(configMap('b'));
    store.update({ kind: 'ConfigMap', name: 'a' }, (c) => {
      c.data = { x: '1' };
    });
    store.delete({ kind: 'ConfigMap', name: 'b' });
    expect(seen).toEqual(['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b']);
  });

  it('from a resourceVersion replays exactly the changes after it', () => {
    const { store } = newStore();
    store.create(configMap('a'));
    const rv = store.resourceVersion;
    store.create(configMap('b'));
    store.create(pod('p'));
    store.delete({ kind: 'ConfigMap', name: 'a' });
    const seen: string[] = [];
    store.watch('ConfigMap', { resourceVersion: rv }, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    expect(seen).toEqual(['ADDED b', 'DELETED a']);
  });

  it('reports objects moving in and out of a label selector as ADDED and DELETED', () => {
    const { store } = newStore();
    store.create(pod('p', { labels: { app: 'api' } }));
    const seen: string[] = [];
    store.watch('Pod', { labelSelector: 'app=api', resourceVersion: store.resourceVersion }, (e) => seen.push(e.type));
    store.update({ kind: 'Pod', name: 'p' }, (p) => {
      p.metadata.labels = { app: 'web' };
    });
    store.update({ kind: 'Pod', name: 'p' }, (p) => {
      p.metadata.labels = { app: 'api', v: '2' };
    });
    store.update({ kind: 'Pod', name: 'p' }, (p) => {
      p.metadata.labels = { app: 'api', v: '3' };
    });
    expect(seen).toEqual(['DELETED', 'ADDED', 'MODIFIED']);
  });

  it('delivers in commit order to every watcher even when a handler writes', () => {
    const { store } = newStore();
    const first: string[] = [];
    const second: string[] = [];
    store.watch('ConfigMap', { resourceVersion: store.resourceVersion }, (e) => {
      first.push(brief(e));
      if (e.object.metadata.name === 'a' && e.type === 'ADDED') store.create(configMap('reaction'));
    });
    store.watch('ConfigMap', { resourceVersion: store.resourceVersion }, (e) => second.push(brief(e)));
    store.create(configMap('a'));
    store.create(configMap('b'));
    expect(first).toEqual(second);
    expect(first.map((s) => s.split('@')[0])).toEqual(['ADDED a', 'ADDED reaction', 'ADDED b']);
    const rvs = first.map((s) => Number(s.split('@')[1]));
    expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
  });

  it('answers 410 Expired for a resourceVersion older than its window', () => {
    const { store } = newStore(1, { watchCacheSize: 3 });
    for (let i = 0; i < 6; i++) store.create(configMap(`c${i}`));
    try {
      store.watch('ConfigMap', { resourceVersion: '1' }, () => {});
      expect.fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(StatusError);
      expect((e as StatusError).code).toBe(410);
      expect((e as StatusError).message).toMatch(/^too old resource version: 1 \(\d+\)$/);
    }
  });

  it('stops delivering after stop()', () => {
    const { store } = newStore();
    const seen: string[] = [];
    const w = store.watch('ConfigMap', {}, (e) => seen.push(e.type));
    store.create(configMap('a'));
    w.stop();
    store.create(configMap('b'));
    expect(seen).toEqual(['ADDED']);
  });

  it('gives DELETED the final state with the resourceVersion of the deletion', () => {
    const { store } = newStore();
    store.create(configMap('a'));
    let deleted: WatchEvent | undefined;
    store.watch('ConfigMap', {}, (e) => {
      if (e.type === 'DELETED') deleted = e;
    });
    store.delete({ kind: 'ConfigMap', name: 'a' });
    expect(deleted?.object.metadata.resourceVersion).toBe(store.resourceVersion);
  });
});
