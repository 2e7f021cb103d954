import { describe, expect, it } from 'vitest';
import { StatusError } from '../../src/api/errors.js';
import { configMap, newStore, pod } from './helpers.js';

describe('list', () => {
  it('returns objects in etcd key order: namespace, then name', () => {
    const { store } = newStore();
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
    for (const [ns, name] of [['default', 'b'], ['apps', 'z'], ['default', 'a'], ['apps', 'c']] as const) {
      store.create(configMap(name, {}, { namespace: ns }));
    }
    expect(store.items('ConfigMap').map((c) => `${c.metadata.namespace}/${c.metadata.name}`)).toEqual([
      'apps/c',
      'apps/z',
      'default/a',
      'default/b',
    ]);
    expect(store.items('ConfigMap', { namespace: 'default' }).map((c) => c.metadata.name)).toEqual(['a', 'b']);
  });

  it('orders by the whole key: namespace `a-b` comes before `a`, as `a-b/` sorts before `a/`', () => {
    const { store } = newStore();
    for (const ns of ['a', 'a-b', 'ab']) store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const ns of ['ab', 'a', 'a-b']) store.create(configMap('x', {}, { namespace: ns }));
    expect(store.items('ConfigMap').map((c) => c.metadata.namespace)).toEqual(['a-b', 'a', 'ab']);
  });

  const selectors: { name: string; selector: string; want: string[] }[] = [
    { name: 'equality', selector: 'app=api', want: ['a1', 'a2'] },
    { name: 'two terms', selector: 'app=api,tier=web', want: ['a1'] },
    { name: 'inequality', selector: 'app!=api', want: ['d1', 'n1'] },
    { name: 'set', selector: 'app in (api,db)', want: ['a1', 'a2', 'd1'] },
    { name: 'exists', selector: 'tier', want: ['a1', 'd1'] },
    { name: 'does not exist', selector: '!tier', want: ['a2', 'n1'] },
    { name: 'nothing matches', selector: 'app=nope', want: [] },
  ];
  it.each(selectors)('filters by label selector: $name', ({ selector, want }) => {
    const { store } = newStore();
    store.create(pod('a1', { labels: { app: 'api', tier: 'web' } }));
    store.create(pod('a2', { labels: { app: 'api' } }));
    store.create(pod('d1', { labels: { app: 'db', tier: 'data' } }));
    store.create(pod('n1'));
    expect(store.items('Pod', { labelSelector: selector }).map((p) => p.metadata.name)).toEqual(want);
  });

  it('follows label changes in its index', () => {
    const { store } = newStore();
    store.create(pod('a', { labels: { app: 'api' } }));
    store.update({ kind: 'Pod', name: 'a' }, (p) => {
      p.metadata.labels = { app: 'web' };
    });
    expect(store.items('Pod', { labelSelector: 'app=api' })).toEqual([]);
    expect(store.items('Pod', { labelSelector: 'app=web' }).map((p) => p.metadata.name)).toEqual(['a']);
  });

  it('filters by field selector', () => {
    const { store } = newStore();
    store.create(pod('p1', { nodeName: 'node-1' }));
    store.create(pod('p2', { nodeName: 'node-2' }));
    store.create(pod('p3'));
    expect(store.items('Pod', { fieldSelector: 'spec.nodeName=node-1' }).map((p) => p.metadata.name)).toEqual(['p1']);
    expect(store.items('Pod', { fieldSelector: 'spec.nodeName=' }).map((p) => p.metadata.name)).toEqual(['p3']);
    expect(store.items('Pod', { fieldSelector: 'metadata.name!=p1,status.phase=Pending' }).map((p) => p.metadata.name)).toEqual([
      'p2',
      'p3',
    ]);
  });

  it('refuses a bad selector with a BadRequest', () => {
    const { store } = newStore();
    expect(() => store.items('Pod', { labelSelector: 'app in (' })).toThrow(StatusError);
    try {
      store.items('ConfigMap', { fieldSelector: 'spec.nodeName=x' });
      expect.fail('expected an error');
    } catch (e) {
      expect((e as StatusError).reason).toBe('BadRequest');
      expect((e as StatusError).message).toContain('spec.nodeName');
    }
  });

  it('pages with limit and continue, each object exactly once', () => {
    const { store } = newStore();
    for (let i = 0; i < 7; i++) store.create(configMap(`c${i}`));
    const seen: string[] = [];
    let page = store.list('ConfigMap', { limit: 3 });
    seen.push(...page.items.map((c) => c.metadata.name!));
    while (page.continue) {
      page = store.list('ConfigMap', { limit: 3, continue: page.continue });
      seen.push(...page.items.map((c) => c.metadata.name!));
    }
    expect(seen).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
  });

  it('refuses a continue token it did not make', () => {
    const { store } = newStore();
    expect(() => store.list('ConfigMap', { continue: 'bm90IGEgdG9rZW4=' })).toThrow(/continue key is not valid/);
  });
});
