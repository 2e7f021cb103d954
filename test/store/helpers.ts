import { Clock } from '../../src/sim/clock.js';
import { Rng } from '../../src/sim/rng.js';
import { Store, type StoreOptions } from '../../src/store/store.js';

export function newStore(seed = 1, opts: Partial<StoreOptions> = {}): { store: Store; clock: Clock } {
  const clock = new Clock();
  const store = new Store({ clock, rng: new Rng(seed).fork('apiserver'), ...opts });
  return { store, clock };
}

export function configMap(name: string, data: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'ConfigMap' as const, metadata: { name, ...extra }, data };
}

export function pod(name: string, opts: { labels?: Record<string, string>; nodeName?: string; image?: string } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod' as const,
    metadata: { name, ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: {
      containers: [{ name: 'app', image: opts.image ?? 'nginx:1.27' }],
      ...(opts.nodeName ? { nodeName: opts.nodeName } : {}),
    },
  };
}

export function deployment(name: string, replicas = 3, image = 'myapp:1.4.2') {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment' as const,
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'api', image }] },
      },
    },
  };
}

/** Everything a user could observe in the store, as one string. */
export function snapshot(store: Store): string {
  const kinds = store.registry.kinds.map((d) => d.kind);
  return JSON.stringify({ rv: store.resourceVersion, objects: kinds.map((k) => store.items(k)), trace: store.trace.size });
}
