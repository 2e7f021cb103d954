// Properties of the served API under random sequences of writes over HTTP, valid and invalid:
// a refused request changes nothing, and a watcher that applies its events ends with exactly the list.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openWatch, serve, type Served } from './helpers.js';

type Op =
  | { op: 'create'; name: string; value: string }
  | { op: 'label'; name: string; value: string }
  | { op: 'delete'; name: string }
  | { op: 'invalid'; name: string };

const name = fc.constantFrom('a', 'b', 'c', 'd');
const value = fc.constantFrom('x', 'y', 'z');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), name, value }),
  fc.record({ op: fc.constant('label' as const), name, value }),
  fc.record({ op: fc.constant('delete' as const), name }),
  fc.record({ op: fc.constant('invalid' as const), name }),
);

const base = '/api/v1/namespaces/default/configmaps';

async function apply(s: Served, o: Op, ns: string): Promise<number> {
  const path = base.replace('default', ns);
  switch (o.op) {
    case 'create':
      return (await call(s.url, 'POST', path, { body: { metadata: { name: o.name, labels: { v: o.value } }, data: { v: o.value } } })).status;
    case 'label':
      return (await call(s.url, 'PATCH', `${path}/${o.name}`, { type: 'application/merge-patch+json', body: { metadata: { labels: { v: o.value } } } })).status;
    case 'delete':
      return (await call(s.url, 'DELETE', `${path}/${o.name}`)).status;
    case 'invalid':
      // A label value with a space is refused by validation (422).
      return (await call(s.url, 'POST', path, { body: { metadata: { name: o.name, labels: { v: 'not valid' } } } })).status;
  }
}

describe('served API properties', { timeout: 60_000 }, () => {
  let s: Served;
  let run = 0;
  beforeAll(async () => {
    s = await serve();
  });
  afterAll(() => s.server.close());

  it('a watcher applying its events ends with the list; refused requests change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), fc.constantFrom('', 'v=x'), async (ops, selector) => {
        const ns = `p${run++}`;
        s.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
        const path = base.replace('default', ns);
        const start = await call(s.url, 'GET', path);
        const q = `?watch=true&resourceVersion=${start.body.metadata.resourceVersion}${selector ? `&labelSelector=${encodeURIComponent(selector)}` : ''}`;
        const w = await openWatch(s.url, path + q);
        for (const o of ops) {
          const before = s.store.resourceVersion;
          const status = await apply(s, o, ns);
          if (status >= 400) expect(s.store.resourceVersion).toBe(before);
        }
        // A last write every watcher sees, to know the stream has caught up.
        await call(s.url, 'POST', path, { body: { metadata: { name: 'zz-end', labels: { v: 'x' } } } });
        const seen = new Map<string, string>();
        for (;;) {
          const e = await w.next();
          if (e.object.metadata.name === 'zz-end') break;
          if (e.type === 'DELETED') seen.delete(e.object.metadata.name);
          else seen.set(e.object.metadata.name, e.object.metadata.resourceVersion);
        }
        w.close();
        const list = await call(s.url, 'GET', `${path}${selector ? `?labelSelector=${encodeURIComponent(selector)}` : ''}`);
        const listed = new Map<string, string>(
          list.body.items.filter((o: any) => o.metadata.name !== 'zz-end').map((o: any) => [o.metadata.name, o.metadata.resourceVersion]),
        );
        expect(seen).toEqual(listed);
      }),
      { numRuns: 30 },
    );
  });
});
