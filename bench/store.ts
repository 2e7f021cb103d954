/**
 * The store suite: what the API server's memory costs per write and per read, with pod-shaped objects
 * at Kubernetes' own scale (150,000 pods).
 */
import { Clock } from '../src/sim/clock.js';
import { Rng } from '../src/sim/rng.js';
import { Store } from '../src/store/store.js';
import { perSecond, report, time, type Figure } from './report.js';

const SEED = 1;

function podManifest(i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `api-${i}`,
      labels: { app: `app-${i % 1500}`, 'pod-template-hash': '7d8f9c6b4' },
    },
    spec: {
      nodeName: `node-${(i % 5000) + 1}`,
      containers: [
        {
          name: 'api',
          image: 'myapp:1.4.2',
          ports: [{ containerPort: 8000 }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 8000 }, initialDelaySeconds: 5, periodSeconds: 10 },
        },
      ],
    },
  };
}

function newStore(watchers = 0): { store: Store; delivered: () => number } {
  const store = new Store({ clock: new Clock(), rng: new Rng(SEED).fork('apiserver'), watchCacheSize: 10_000, traceSize: 10_000 });
  let n = 0;
  for (let i = 0; i < watchers; i++) store.watch('Pod', {}, () => n++);
  return { store, delivered: () => n };
}

function runningStatus(i: number) {
  return {
    phase: 'Running',
    podIP: `10.244.${i % 250}.${(i % 200) + 2}`,
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:10Z' }],
    containerStatuses: [{ name: 'api', ready: true, restartCount: 0, image: 'myapp:1.4.2', state: { running: { startedAt: '2024-01-01T00:00:02Z' } } }],
  };
}

/** Live heap after a full collection; undefined when node runs without --expose-gc. */
function usedHeap(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  return process.memoryUsage().heapUsed;
}

export function storeSuite(scale = 1): void {
  const pods = Math.round(150_000 * scale);
  const figures: Figure[] = [];
  const { store } = newStore();

  const heapBefore = usedHeap();
  const create = time(() => {
    for (let i = 0; i < pods; i++) store.create(podManifest(i), { actor: 'bench' });
  });
  figures.push({ name: 'create pods', value: perSecond(pods, create.ms), unit: 'writes/s', note: `${pods} pods` });
  const heapAfter = usedHeap();
  if (heapBefore !== undefined && heapAfter !== undefined) {
    const perPod = (heapAfter - heapBefore) / pods;
    figures.push({ name: 'memory per stored pod', value: Math.round(perPod), unit: 'bytes', note: 'watch cache and trace included' });
  }

  const update = time(() => {
    for (let i = 0; i < pods; i++) {
      store.updateStatus({ kind: 'Pod', name: `api-${i}` }, (p) => {
        p.status = runningStatus(i);
      });
    }
  });
  figures.push({ name: 'pod status updates (immer recipe)', value: perSecond(pods, update.ms), unit: 'writes/s' });

  const small = time(() => {
    for (let i = 0; i < pods; i++) {
      store.updateStatus({ kind: 'Pod', name: `api-${i}` }, (p) => {
        p.status!.containerStatuses![0]!.restartCount = 1;
      });
    }
  });
  figures.push({ name: 'pod status updates (one field)', value: perSecond(pods, small.ms), unit: 'writes/s' });

  const lists = 200;
  const list = time(() => {
    let n = 0;
    for (let i = 0; i < lists; i++) n += store.items('Pod', { labelSelector: `app=app-${i}` }).length;
    return n;
  });
  figures.push({ name: 'list by label among all pods', value: list.ms / lists, unit: 'ms/list', note: `${list.result / lists} pods each` });

  const del = time(() => {
    for (let i = 0; i < pods; i++) store.delete({ kind: 'Pod', name: `api-${i}` }, { gracePeriodSeconds: 0 });
  });
  figures.push({ name: 'delete pods', value: perSecond(pods, del.ms), unit: 'writes/s' });

  const fanPods = Math.round(pods / 5);
  const fan = newStore(10);
  const fanOut = time(() => {
    for (let i = 0; i < fanPods; i++) fan.store.create(podManifest(i));
  });
  figures.push({
    name: 'create with 10 watchers',
    value: perSecond(fanPods, fanOut.ms),
    unit: 'writes/s',
    note: `${perSecond(fan.delivered(), fanOut.ms).toLocaleString('en-US')} deliveries/s`,
  });

  report('store', SEED, figures);
}
