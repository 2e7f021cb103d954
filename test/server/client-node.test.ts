// @kubernetes/client-node 1.4.0 against kubesim serve, the way a user's program talks to a cluster:
// CoreV1Api and AppsV1Api for list, create, patch and delete, Watch for events, and a small controller
// (examples/lost-pods) that reacts to a node crashed through /kubesim/v1/crash. The clock runs at speed 0
// and moves only by POST /kubesim/v1/advance, so every simulated time below is exact.
import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/cluster.js';
import { kubeconfigFor } from '../../src/server/kubeconfig.js';
import { RealTimeDriver } from '../../src/server/realtime.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { targetFor } from '../../src/server/target.js';
import { LOST_LABEL, lostPodChanges, nodeIsLost } from '../../examples/lost-pods/decide.js';
import { LostPodLabeler } from '../../examples/lost-pods/controller.js';

const EPOCH = Date.UTC(2025, 0, 1);

interface World {
  cluster: Cluster;
  server: RunningServer;
  driver: RealTimeDriver;
  kc: k8s.KubeConfig;
  /** POST /kubesim/v1/<action>?<query>, answering the JSON body; a non-200 fails the test. */
  control(action: string, query: string): Promise<{ now: string }>;
}

async function world(opts: { watchCacheSize?: number; bookmarkIntervalMs?: number } = {}): Promise<World> {
  const cluster = createCluster({ seed: 1, nodes: 3, epoch: EPOCH, ...(opts.watchCacheSize ? { watchCacheSize: opts.watchCacheSize } : {}) });
  const target = targetFor(cluster);
  const driver = new RealTimeDriver(target, { speed: 0 });
  const server = await startServer(target, { port: 0, driver, ...(opts.bookmarkIntervalMs ? { bookmarkIntervalMs: opts.bookmarkIntervalMs } : {}) });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfigFor(server.url));
  const control = async (action: string, query: string) => {
    const res = await fetch(`${server.url}/kubesim/v1/${action}?${query}`, { method: 'POST' });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${action}?${query}: ${res.status} ${body}`);
    return JSON.parse(body) as { now: string };
  };
  return { cluster, server, driver, kc, control };
}

/** Waits (a bounded number of event-loop turns) until `check` holds: the client reads what the server wrote. */
async function eventually(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

function deployment(name: string, replicas: number, image: string): k8s.V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

/** The Status a failed call carried: client-node throws an ApiException whose body is the Status JSON. */
async function statusOf(call: Promise<unknown>): Promise<{ code: number; reason: string; message: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: number; body?: string };
    const status = JSON.parse(e.body ?? '{}') as { code: number; reason: string; message: string };
    expect(e.code).toBe(status.code);
    return { code: status.code, reason: status.reason, message: status.message };
  }
  throw new Error('the call succeeded; a failure was expected');
}

describe('client-node: list, create, patch, watch, delete', { timeout: 20_000 }, () => {
  let w: World;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;
  beforeAll(async () => {
    w = await world();
    core = w.kc.makeApiClient(k8s.CoreV1Api);
    apps = w.kc.makeApiClient(k8s.AppsV1Api);
  });
  afterAll(async () => {
    w.driver.stop();
    await w.server.close();
  });

  it('lists the three nodes, Ready, and no pods yet', async () => {
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => [n.metadata?.name, n.status?.conditions?.find((c) => c.type === 'Ready')?.status])).toEqual([
      ['node-1', 'True'],
      ['node-2', 'True'],
      ['node-3', 'True'],
    ]);
    // Date-time fields come back as Dates, on the simulated clock.
    expect(nodes.items[0]!.metadata?.creationTimestamp).toEqual(new Date(EPOCH));
    expect((await core.listNamespacedPod({ namespace: 'default' })).items).toEqual([]);
  });

  it('creates a Deployment (201), whose pods run after the clock moves 1m', async () => {
    const res = await apps.createNamespacedDeploymentWithHttpInfo({ namespace: 'default', body: deployment('web', 3, 'nginx:1.27') });
    expect(res.httpStatusCode).toBe(201);
    const created = res.data;
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.spec?.strategy?.type).toBe('RollingUpdate'); // defaulted by the server
    expect(await w.control('advance', 'by=1m')).toMatchObject({ now: '2025-01-01T00:01:00Z' });
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(3);
    expect(pods.items.map((p) => p.status?.phase)).toEqual(['Running', 'Running', 'Running']);
    expect(pods.items.every((p) => p.metadata?.name?.startsWith('web-') && p.spec?.nodeName?.startsWith('node-'))).toBe(true);
    const web = await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' });
    expect(web.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
  });

  it('refuses a second create (409 AlreadyExists) and an invalid one (422 Invalid), storing nothing', async () => {
    expect(await statusOf(apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web', 1, 'nginx:1.27') }))).toEqual({
      code: 409,
      reason: 'AlreadyExists',
      message: 'deployments.apps "web" already exists',
    });
    const bad = await statusOf(apps.createNamespacedDeployment({ namespace: 'default', body: deployment('bad', -1, 'nginx:1.27') }));
    expect([bad.code, bad.reason]).toEqual([422, 'Invalid']);
    expect(bad.message).toContain('spec.replicas');
    expect(await statusOf(apps.readNamespacedDeployment({ namespace: 'default', name: 'bad' }))).toMatchObject({ code: 404, reason: 'NotFound' });
  });

  it('a strategic merge patch sets the image; a Watch sees the rollout as ADDED, MODIFIED and DELETED pods', async () => {
    const list = await core.listNamespacedPod({ namespace: 'default' });
    const oldPods = list.items.map((p) => p.metadata!.name!).sort();
    const events: { type: string; name: string; image: string }[] = [];
    let ended: unknown = 'open';
    const watch = await new k8s.Watch(w.kc).watch(
      '/api/v1/namespaces/default/pods',
      { resourceVersion: list.metadata!.resourceVersion! },
      (type, obj: k8s.V1Pod) => events.push({ type, name: obj.metadata!.name!, image: obj.spec!.containers[0]!.image! }),
      (err) => (ended = err),
    );
    const patched = await apps.patchNamespacedDeployment(
      { namespace: 'default', name: 'web', body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    expect(patched.spec?.template.spec?.containers.map((c) => c.image)).toEqual(['nginx:1.28']);
    expect(patched.metadata?.generation).toBe(2);
    await w.control('advance', 'by=3m');
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
    const newPods = pods.items.map((p) => p.metadata!.name!).sort();
    expect(pods.items.map((p) => [p.spec?.containers[0]?.image, p.status?.phase])).toEqual(Array(3).fill(['nginx:1.28', 'Running']));
    expect(newPods.filter((n) => oldPods.includes(n))).toEqual([]);
    await eventually('the watch delivers every old pod DELETED', () => oldPods.every((n) => events.some((e) => e.type === 'DELETED' && e.name === n)));
    expect(newPods.every((n) => events.some((e) => e.type === 'ADDED' && e.name === n && e.image === 'nginx:1.28'))).toBe(true);
    expect(newPods.every((n) => events.some((e) => e.type === 'MODIFIED' && e.name === n))).toBe(true);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['ADDED', 'MODIFIED', 'DELETED']));
    watch.abort();
    await eventually('the watch reports its end', () => ended !== 'open');
    expect((ended as Error).name).toBe('AbortError');
  });

  it('a JSON patch (client-node\'s default) scales; a merge-style body sent as JSON patch is a 400', async () => {
    const scaled = await apps.patchNamespacedDeployment({ namespace: 'default', name: 'web', body: [{ op: 'replace', path: '/spec/replicas', value: 2 }] });
    expect(scaled.spec?.replicas).toBe(2);
    const wrong = await statusOf(apps.patchNamespacedDeployment({ namespace: 'default', name: 'web', body: { spec: { replicas: 5 } } }));
    expect([wrong.code, wrong.reason]).toEqual([400, 'BadRequest']);
    expect((await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' })).spec?.replicas).toBe(2);
    await w.control('advance', 'by=1m');
    expect((await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items).toHaveLength(2);
  });

  it('what is not served fails with a Status: server-side apply is 415, a custom resource 404', async () => {
    const apply = await statusOf(
      apps.patchNamespacedDeployment(
        { namespace: 'default', name: 'web', fieldManager: 'test', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 4 } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
      ),
    );
    expect([apply.code, apply.reason]).toEqual([415, 'UnsupportedMediaType']);
    expect((await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' })).spec?.replicas).toBe(2);
    const custom = w.kc.makeApiClient(k8s.CustomObjectsApi);
    const crd = await statusOf(custom.listNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'default', plural: 'widgets' }));
    expect([crd.code, crd.reason]).toEqual([404, 'NotFound']);
  });

  it('reads a container log (readNamespacedPodLog) as the cluster has it', async () => {
    const pod = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items[0]!;
    const log = await core.readNamespacedPodLog({ namespace: 'default', name: pod.metadata!.name! });
    expect(log).toBe(w.cluster.logs('default', pod.metadata!.name!));
    expect(log.length).toBeGreaterThan(0);
    expect(await statusOf(core.readNamespacedPodLog({ namespace: 'default', name: 'nope' }))).toEqual({ code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
  });

  it('runs commands with client-node\'s Exec (WebSocket, v5.channel.k8s.io): output, and a non-zero exit as a Failure Status', async () => {
    const pod = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items[0]!;
    const run = (command: string[]) =>
      new Promise<{ stdout: string; status: k8s.V1Status }>((resolve, reject) => {
        let stdout = '';
        const sink = new Writable({ write: (chunk, _enc, next) => ((stdout += String(chunk)), next()) });
        new k8s.Exec(w.kc)
          .exec('default', pod.metadata!.name!, 'app', command, sink, null, null, false, (status) => resolve({ stdout, status }))
          .catch(reject);
      });
    const hostname = await run(['hostname']);
    expect(hostname).toEqual({ stdout: `${pod.metadata!.name}\n`, status: expect.objectContaining({ status: 'Success' }) });
    const failed = await run(['sh', '-c', 'exit 3']);
    expect(failed.status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } });
  });

  it('deletes the Deployment; its ReplicaSets and pods are collected once the clock moves', async () => {
    const status = await apps.deleteNamespacedDeployment({ namespace: 'default', name: 'web' });
    expect(status).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(await statusOf(apps.readNamespacedDeployment({ namespace: 'default', name: 'web' }))).toEqual({
      code: 404,
      reason: 'NotFound',
      message: 'deployments.apps "web" not found',
    });
    await w.control('advance', 'by=2m');
    expect((await apps.listNamespacedReplicaSet({ namespace: 'default' })).items).toEqual([]);
    expect((await core.listNamespacedPod({ namespace: 'default' })).items).toEqual([]);
  });
});

describe('client-node Watch: bookmarks, the end of a stream, and 410 Gone', { timeout: 20_000 }, () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ watchCacheSize: 8, bookmarkIntervalMs: 50 });
  });
  afterAll(async () => {
    w.driver.stop();
    await w.server.close();
  });

  /** Runs a client-node watch until the server ends it, answering its events and what `done` got. */
  const watchToEnd = async (query: Record<string, string | number | boolean>) => {
    const events: { type: string; obj: any }[] = [];
    let ended: unknown = 'open';
    await new k8s.Watch(w.kc).watch('/api/v1/namespaces/default/pods', query, (type, obj) => events.push({ type, obj }), (err) => (ended = err));
    await eventually('the server ends the watch', () => ended !== 'open');
    return { events, ended };
  };

  it('with allowWatchBookmarks, BOOKMARKs carry the current resourceVersion; timeoutSeconds ends it with done(null)', async () => {
    const rv = (await w.kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'default' })).metadata!.resourceVersion!;
    const { events, ended } = await watchToEnd({ resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 1 });
    expect(ended).toBeNull();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === 'BOOKMARK' && e.obj.kind === 'Pod' && e.obj.metadata.resourceVersion === rv)).toBe(true);
  });

  it('from a resourceVersion the watch cache no longer holds: one ERROR event, 410 Expired, then the end', async () => {
    const apps = w.kc.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('churn', 4, 'nginx:1.27') });
    await w.control('advance', 'by=1m'); // far more than 8 changes: ReplicaSet, pods, their status, leases
    const { events, ended } = await watchToEnd({ resourceVersion: '1' });
    expect(events.map((e) => [e.type, e.obj.code, e.obj.reason])).toEqual([['ERROR', 410, 'Expired']]);
    expect(ended).toBeNull();
  });
});

describe('examples/lost-pods: which pods to label', () => {
  const node = (name: string, ready?: 'True' | 'False' | 'Unknown'): k8s.V1Node => ({
    metadata: { name },
    status: { conditions: ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] : [] },
  });
  const pod = (name: string, nodeName?: string, lost?: string, namespace = 'default'): k8s.V1Pod => ({
    metadata: { name, namespace, labels: { app: 'web', ...(lost ? { [LOST_LABEL]: lost } : {}) } },
    spec: { containers: [{ name: 'app' }], ...(nodeName ? { nodeName } : {}) },
  });
  const cases: { name: string; nodes: k8s.V1Node[]; pods: k8s.V1Pod[]; want: [string, boolean][] }[] = [
    { name: 'a pod on a Ready node keeps no label', nodes: [node('n1', 'True')], pods: [pod('a', 'n1')], want: [] },
    { name: 'Ready Unknown (heartbeats stopped) makes its pods lost', nodes: [node('n1', 'Unknown')], pods: [pod('a', 'n1')], want: [['default/a', true]] },
    { name: 'Ready False makes its pods lost', nodes: [node('n1', 'False')], pods: [pod('a', 'n1')], want: [['default/a', true]] },
    { name: 'a node with no Ready condition is not Ready', nodes: [node('n1')], pods: [pod('a', 'n1')], want: [['default/a', true]] },
    { name: 'a pod bound to a node that is gone is lost', nodes: [], pods: [pod('a', 'n9')], want: [['default/a', true]] },
    { name: 'a labelled pod on a lost node needs no write', nodes: [node('n1', 'Unknown')], pods: [pod('a', 'n1', 'true')], want: [] },
    { name: 'a labelled pod whose node is Ready again loses the label', nodes: [node('n1', 'True')], pods: [pod('a', 'n1', 'true')], want: [['default/a', false]] },
    { name: 'an unscheduled pod is never lost', nodes: [node('n1', 'Unknown')], pods: [pod('a'), pod('b', undefined, 'true')], want: [['default/b', false]] },
    {
      name: 'only the pods of the lost node change, sorted by namespace then name',
      nodes: [node('n1', 'True'), node('n2', 'Unknown')],
      pods: [pod('c', 'n2'), pod('b', 'n1'), pod('a', 'n2', undefined, 'shop'), pod('a', 'n2')],
      want: [['default/a', true], ['default/c', true], ['shop/a', true]],
    },
  ];
  it.each(cases)('$name', ({ nodes, pods, want }) => {
    expect(lostPodChanges(nodes, pods).map((c) => [`${c.namespace}/${c.name}`, c.lost])).toEqual(want);
  });
  it('nodeIsLost: only a Ready=True node is not lost', () => {
    expect([nodeIsLost(node('n', 'True')), nodeIsLost(node('n', 'False')), nodeIsLost(node('n', 'Unknown')), nodeIsLost(node('n')), nodeIsLost(undefined)]).toEqual([false, true, true, true, true]);
  });
});

describe('examples/lost-pods against a node crashed through /kubesim/v1/crash', { timeout: 20_000 }, () => {
  let w: World;
  let core: k8s.CoreV1Api;
  let controller: LostPodLabeler;
  const errors: unknown[] = [];
  beforeAll(async () => {
    w = await world();
    core = w.kc.makeApiClient(k8s.CoreV1Api);
    await w.kc.makeApiClient(k8s.AppsV1Api).createNamespacedDeployment({ namespace: 'default', body: deployment('shop', 5, 'nginx:1.27') });
    await w.control('advance', 'by=1m');
    controller = new LostPodLabeler(w.kc, { onError: (err) => errors.push(err) });
    await controller.start();
  });
  afterAll(async () => {
    await controller.stop();
    w.driver.stop();
    await w.server.close();
  });

  /** The pods the controller has labelled, as the API serves them: `namespace/name`, sorted. */
  const labelled = async () =>
    (await core.listPodForAllNamespaces({ labelSelector: `${LOST_LABEL}=true` })).items.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`).sort();
  /** Waits until the controller's caches hold what the store holds now, and its reconcile is done. */
  const caughtUp = async () => {
    const rv = (kind: 'Node' | 'Pod') => w.cluster.store.list(kind).items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(',');
    await eventually('the informers catch up with the store', () =>
      controller.nodes.list().map((o) => `${o.metadata!.name}@${o.metadata!.resourceVersion}`).sort().join(',') === rv('Node') &&
      controller.pods.list().map((o) => `${o.metadata!.name}@${o.metadata!.resourceVersion}`).sort().join(',') === rv('Pod'),
    );
    await controller.idle();
  };

  let victim: string;
  let onVictim: string[];
  it('labels nothing while every node is Ready', async () => {
    const pods = (await core.listNamespacedPod({ namespace: 'default' })).items;
    expect(pods.map((p) => p.status?.phase)).toEqual(Array(5).fill('Running'));
    victim = pods.map((p) => p.spec!.nodeName!).sort()[0]!;
    onVictim = pods.filter((p) => p.spec!.nodeName === victim).map((p) => `default/${p.metadata!.name}`).sort();
    expect(onVictim.length).toBeGreaterThan(0);
    expect(onVictim.length).toBeLessThan(5);
    await caughtUp();
    expect(await labelled()).toEqual([]);
    expect(controller.applied).toEqual([]);
  });

  it('40 s after the crash the node is still Ready (grace period 50 s): no label yet', async () => {
    await w.control('crash', `node=${victim}`);
    expect(await w.control('advance', 'by=40s')).toMatchObject({ now: '2025-01-01T00:01:40Z' });
    await caughtUp();
    expect(nodeIsLost((await core.readNode({ name: victim })) as k8s.V1Node)).toBe(false);
    expect(await labelled()).toEqual([]);
  });

  it('60 s after the crash the node is NotReady and exactly its pods carry kubesim.example/lost=true', async () => {
    await w.control('advance', 'by=20s');
    const ready = (await core.readNode({ name: victim })).status?.conditions?.find((c) => c.type === 'Ready');
    expect([ready?.status, ready?.reason]).toEqual(['Unknown', 'NodeStatusUnknown']);
    await eventually('the controller labels the pods of the crashed node', async () => (await labelled()).length === onVictim.length);
    await caughtUp();
    expect(await labelled()).toEqual(onVictim);
    // The patch touched only the label: the pods keep their own.
    const pod = await core.readNamespacedPod({ namespace: 'default', name: onVictim[0]!.split('/')[1]! });
    expect(pod.metadata?.labels).toMatchObject({ app: 'shop', [LOST_LABEL]: 'true' });
  });

  it('after the node recovers and reports Ready, the labels come off again', async () => {
    await w.control('recover', `node=${victim}`);
    await w.control('advance', 'by=30s');
    expect(nodeIsLost((await core.readNode({ name: victim })) as k8s.V1Node)).toBe(false);
    await eventually('the controller removes the labels', async () => (await labelled()).length === 0);
    await caughtUp();
    expect(await labelled()).toEqual([]);
    const names = onVictim.map((n) => n.split('/')[1]!);
    expect(controller.applied).toEqual([...names.map((name) => ({ namespace: 'default', name, lost: true })), ...names.map((name) => ({ namespace: 'default', name, lost: false }))]);
    expect(errors).toEqual([]);
  });

  it('keeps working across an API server restart: its informers list and watch again', async () => {
    const port = w.server.port;
    await w.server.close();
    // The watches end; the informers list again and find no server: each reports the error and retries.
    await eventually('an informer reports the lost connection', () => errors.length > 0);
    w.server = await startServer(targetFor(w.cluster), { port, driver: w.driver });
    const other = (await core.listNamespacedPod({ namespace: 'default' })).items.find((p) => p.spec!.nodeName !== victim)!.spec!.nodeName!;
    const onOther = (await core.listNamespacedPod({ namespace: 'default' })).items.filter((p) => p.spec!.nodeName === other).map((p) => `default/${p.metadata!.name}`);
    await w.control('crash', `node=${other}`);
    await w.control('advance', 'by=1m');
    await eventually('the restarted controller labels the pods of the second crashed node', async () => (await labelled()).length === onOther.length);
    expect(await labelled()).toEqual(onOther.sort());
    expect(errors.every((e) => /ECONNREFUSED|socket hang up|ECONNRESET/.test(String((e as Error).message ?? e)))).toBe(true);
  });
});
