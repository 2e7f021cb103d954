// A small world for kubectl tests: a Store on a Clock, and builders for objects with the statuses a test
// sets by hand (no controllers run).
import type { KubeObject } from '../../src/api/meta.js';
import type { KubectlContext } from '../../src/kubectl/context.js';
import { runKubectl } from '../../src/kubectl/run.js';
import { Clock } from '../../src/sim/clock.js';
import { Rng } from '../../src/sim/rng.js';
import { Store } from '../../src/store/store.js';

export const T0 = Date.UTC(2024, 0, 1);
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function world(seed = 7): { store: Store; clock: Clock } {
  const clock = new Clock();
  const store = new Store({ clock, rng: new Rng(seed).fork('apiserver') });
  return { store, clock };
}

/** Creates `manifest`, then writes `status` through the status subresource when given. */
export function put<T extends KubeObject = KubeObject>(store: Store, manifest: Record<string, unknown>, status?: Record<string, unknown>): T {
  const created = store.create(manifest as { kind: string }) as KubeObject;
  if (!status) return created as T;
  const ref = { kind: created.kind, namespace: created.metadata.namespace, name: created.metadata.name! };
  return store.updateStatus(ref, (d) => {
    const draft = d as { status?: unknown };
    draft.status = { ...(draft.status as object), ...status };
  }) as unknown as T;
}

export function podManifest(name: string, opts: { labels?: Record<string, string>; nodeName?: string; containers?: string[]; namespace?: string } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(opts.namespace ? { namespace: opts.namespace } : {}), ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: {
      containers: (opts.containers ?? ['app']).map((c) => ({ name: c, image: 'nginx:1.27' })),
      ...(opts.nodeName ? { nodeName: opts.nodeName } : {}),
    },
  };
}

export function runningStatus(ip: string, ready = true, restarts = 0): Record<string, unknown> {
  return {
    phase: 'Running',
    podIP: ip,
    podIPs: [{ ip }],
    hostIP: '172.18.0.2',
    startTime: iso(T0),
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    containerStatuses: [
      { name: 'app', image: 'nginx:1.27', imageID: '', ready, restartCount: restarts, started: true, state: { running: { startedAt: iso(T0) } } },
    ],
  };
}

export function deploymentManifest(name: string, replicas = 3, image = 'myapp:1.4.2') {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'api', image }] } },
    },
  };
}

export function nodeManifest(name: string, labels: Record<string, string> = {}) {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } };
}

export function nodeStatus(ready: 'True' | 'False' | 'Unknown', ip: string): Record<string, unknown> {
  return {
    conditions: [{ type: 'Ready', status: ready, reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: 'host' }],
    nodeInfo: {
      kubeletVersion: 'v1.32.0',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      kernelVersion: '6.1.0',
      containerRuntimeVersion: 'containerd://1.7.0',
      machineID: '',
      systemUUID: '',
      bootID: '',
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}


/** A KubectlContext over a bare store: time only moves when a command waits; files live in `files`. */
export function context(store: Store, clock: Clock, files: Record<string, string> = {}, extra: Partial<KubectlContext> = {}): KubectlContext {
  return {
    store,
    clock,
    advance: (ms) => clock.advance(ms),
    readFile: (path) => {
      const text = files[path.replace(/^\.\//, '')];
      if (text === undefined) throw new Error(`no such file ${path}`);
      return text;
    },
    readDir: (path) => {
      const prefix = `${path.replace(/\/$/, '')}/`;
      const entries = Object.keys(files).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
      return entries.length > 0 ? entries.sort() : undefined;
    },
    ...extra,
  };
}

/** Runs one command line; the result as kubectl would leave it. */
export function kubectl(ctx: KubectlContext, line: string, stdin?: string) {
  return runKubectl(ctx, line, stdin === undefined ? {} : { stdin });
}
