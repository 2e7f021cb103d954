// A served world for the server tests: a Store on a Clock behind startServer on a free loopback port,
// builders for objects whose status a test sets by hand (no controllers run), and fetch helpers.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/api/meta.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/server.js';
import { kubeconfigFor } from '../../src/server/kubeconfig.js';
import type { ServeTarget } from '../../src/server/target.js';
import { Clock } from '../../src/sim/clock.js';
import { Rng } from '../../src/sim/rng.js';
import { Store } from '../../src/store/store.js';

export const T0 = Date.UTC(2024, 0, 1);
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export interface Served {
  store: Store;
  clock: Clock;
  target: ServeTarget;
  server: RunningServer;
  url: string;
  /** A kubeconfig file for this server, in a fresh directory that also serves as kubectl's HOME. */
  kubeconfig: string;
  home: string;
}

export async function serve(opts: ServerOptions & { target?: Partial<ServeTarget>; watchCacheSize?: number } = {}): Promise<Served> {
  const clock = new Clock();
  const store = new Store({ clock, rng: new Rng(7).fork('apiserver'), ...(opts.watchCacheSize ? { watchCacheSize: opts.watchCacheSize } : {}) });
  const target: ServeTarget = { store, clock, advance: (ms) => clock.advance(ms), ...opts.target };
  const server = await startServer(target, { port: 0, ...opts });
  const home = mkdtempSync(join(tmpdir(), 'kubesim-serve-'));
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(server.url, opts.token ? { token: opts.token } : {}));
  return { store, clock, target, server, url: server.url, kubeconfig, home };
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
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

/** fetch against the server, answering status, headers and the parsed JSON body (or text). */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; type?: string; accept?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.accept) headers.accept = opts.accept;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = opts.type ?? 'application/json';
  }
  const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** A watch over HTTP: each `next()` is the next event line, parsed. */
export async function openWatch(base: string, path: string, accept?: string): Promise<{ status: number; next(): Promise<any>; done(): Promise<boolean>; close(): void }> {
  const ac = new AbortController();
  const res = await fetch(base + path, { signal: ac.signal, ...(accept ? { headers: { accept } } : {}) });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  const lines: string[] = [];
  const pull = async (): Promise<boolean> => {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return false;
    }
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
    return true;
  };
  return {
    status: res.status,
    async next() {
      while (lines.length === 0) {
        if (!(await pull())) throw new Error('watch ended before the next event');
      }
      return JSON.parse(lines.shift()!);
    },
    /** Resolves true when the server ends the stream (after reading what is left). */
    async done() {
      while (!ended) await pull();
      return true;
    },
    close() {
      ac.abort();
    },
  };
}

/** Runs the real kubectl against `s`, asynchronously (the server answers from this same process). */
export function runKubectl(s: Served, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', s.kubeconfig, '--request-timeout=5s', ...args],
      { env: { ...process.env, HOME: s.home, KUBECONFIG: s.kubeconfig }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
    );
  });
}

export const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
