// Watch over HTTP: initial events, resume from a resourceVersion, 410 for one too old, bookmarks,
// timeoutSeconds, Table events for `kubectl get -w`, and clean ends.
import { afterEach, describe, expect, it } from 'vitest';
import { openWatch, podManifest, put, serve, type Served } from './helpers.js';

let s: Served | undefined;
afterEach(async () => {
  await s?.server.close();
  s = undefined;
});

const pods = '/api/v1/namespaces/default/pods';
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('watch', { timeout: 15_000 }, () => {
  it('without a resourceVersion: ADDED for what exists, then every change as it commits', async () => {
    s = await serve();
    put(s.store, podManifest('a', { labels: { app: 'w' } }));
    put(s.store, podManifest('other'));
    const w = await openWatch(s.url, `${pods}?watch=true&labelSelector=app%3Dw`);
    expect(w.status).toBe(200);
    const first = await w.next();
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a' } } });
    s.store.update({ kind: 'Pod', namespace: 'default', name: 'a' }, (p) => {
      p.metadata.annotations = { touched: 'yes' };
    });
    const modified = await w.next();
    expect(modified.type).toBe('MODIFIED');
    expect(modified.object.metadata.annotations).toEqual({ touched: 'yes' });
    s.store.delete({ kind: 'Pod', namespace: 'default', name: 'a' });
    expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'a' } } });
    w.close();
    await until(() => s!.server.openWatches() === 0);
  });

  it('from a list resourceVersion: only what changed after it, the /watch/ prefix too', async () => {
    s = await serve();
    put(s.store, podManifest('before'));
    const rv = s.store.resourceVersion;
    put(s.store, podManifest('after'));
    const w = await openWatch(s.url, `/api/v1/watch/namespaces/default/pods?resourceVersion=${rv}`);
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'after' } } });
    w.close();
  });

  it('a resourceVersion older than the watch cache gets one ERROR event with 410 Expired, then the end', async () => {
    s = await serve({ watchCacheSize: 3 });
    for (let i = 0; i < 6; i++) put(s.store, podManifest(`p${i}`));
    const w = await openWatch(s.url, `${pods}?watch=1&resourceVersion=2`);
    expect(w.status).toBe(200);
    const e = await w.next();
    expect(e.type).toBe('ERROR');
    expect(e.object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
    expect(e.object.message).toMatch(/^too old resource version: 2 \(\d+\)$/);
    expect(await w.done()).toBe(true);
  });

  it('a bad selector or resourceVersion is a plain 400, not a stream', async () => {
    s = await serve();
    const res = await fetch(`${s.url}${pods}?watch=true&resourceVersion=abc`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('resourceVersion: Invalid value: "abc": must be a non-negative integer');
    expect((await fetch(`${s.url}${pods}?watch=true&fieldSelector=spec.nope%3D1`)).status).toBe(400);
  });

  it('sends BOOKMARKs carrying the store resourceVersion when allowed', async () => {
    s = await serve({ bookmarkIntervalMs: 30 });
    put(s.store, podManifest('b'));
    const w = await openWatch(s.url, `${pods}?watch=true&allowWatchBookmarks=true&resourceVersion=${s.store.resourceVersion}`);
    const e = await w.next();
    expect(e).toEqual({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: s.store.resourceVersion } } });
    w.close();
  });

  it('sendInitialEvents: the current objects, then a BOOKMARK marking the end of them, then changes', async () => {
    s = await serve();
    put(s.store, podManifest('i1'));
    put(s.store, podManifest('i2'));
    const rv = s.store.resourceVersion;
    const w = await openWatch(s.url, `${pods}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&resourceVersion=${rv}`);
    expect((await w.next()).object.metadata.name).toBe('i1');
    expect((await w.next()).object.metadata.name).toBe('i2');
    expect(await w.next()).toEqual({
      type: 'BOOKMARK',
      object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: rv, annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    put(s.store, podManifest('i3'));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'i3' } } });
    w.close();
    const refused = await fetch(`${s.url}${pods}?watch=true&sendInitialEvents=true`);
    expect(refused.status).toBe(422);
  });

  it('ends the stream cleanly when timeoutSeconds runs out', async () => {
    s = await serve();
    const w = await openWatch(s.url, `${pods}?watch=true&timeoutSeconds=1&resourceVersion=${s.store.resourceVersion}`);
    const started = Date.now();
    expect(await w.done()).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await until(() => s!.server.openWatches() === 0);
  });

  it('with a Table Accept, each event is a one-row Table; only the first carries the columns', async () => {
    s = await serve();
    put(s.store, podManifest('t1'));
    const w = await openWatch(s.url, `${pods}?watch=true`, 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
    const first = await w.next();
    expect(first.type).toBe('ADDED');
    expect(first.object.kind).toBe('Table');
    expect(first.object.columnDefinitions.length).toBeGreaterThan(0);
    expect(first.object.rows[0].cells[0]).toBe('t1');
    put(s.store, podManifest('t2'));
    const second = await w.next();
    expect(second.object.columnDefinitions).toEqual([]);
    expect(second.object.rows[0].cells[0]).toBe('t2');
    w.close();
  });

  it('a watch that cannot present an event ends with an ERROR event; the writer is not troubled', async () => {
    let broken = false;
    s = await serve();
    const clock = s.clock;
    // The Table cells read the target's clock: make it fail to stand for a printer that throws.
    s.target.clock = { now: () => (broken ? (() => { throw new Error('printer failed'); })() : clock.now()) } as typeof clock;
    const w = await openWatch(s.url, `${pods}?watch=true&resourceVersion=${s.store.resourceVersion}`, 'application/json;as=Table;v=v1;g=meta.k8s.io');
    broken = true;
    expect(() => put(s!.store, podManifest('fine'))).not.toThrow();
    const e = await w.next();
    expect(e).toMatchObject({ type: 'ERROR', object: { kind: 'Status', reason: 'InternalError', code: 500, message: 'Internal error occurred: printer failed' } });
    expect(await w.done()).toBe(true);
    expect(s.store.get('Pod', 'default', 'fine')).toBeDefined();
  });

  it('closing the server ends open watches', async () => {
    s = await serve();
    const w = await openWatch(s.url, `${pods}?watch=true`);
    expect(s.server.openWatches()).toBe(1);
    await s.server.close();
    s = undefined;
    expect(await w.done()).toBe(true);
  });
});
