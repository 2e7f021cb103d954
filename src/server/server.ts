/**
 * `startServer`: a Kubernetes API over a ServeTarget, on node's http module, listening on loopback only.
 * It answers what kubectl and client libraries ask for (see kubectl-wire.md): `/version`, the health
 * checks, discovery (plain and aggregated), `/openapi/v2` in the one form that lets `kubectl apply`
 * proceed without a schema, the resource endpoints (resources.ts, subresources.ts, watch.ts) and
 * kubesim's own `/kubesim/v1/` control endpoints. Every failure is a `Status`. Requests are handled one
 * at a time by the event loop, so each sees the store between two whole writes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { StatusError } from '../api/errors.js';
import { defaultRegistry, type KindRegistry } from '../api/registry.js';
import { handleControl } from './control.js';
import { aggregatedDiscovery, AGGREGATED_DISCOVERY_TYPE, apiGroup, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery.js';
import { handleExecUpgrade } from './exec.js';
import { httpStatusError, sendError, sendJson, sendText, toStatus } from './http.js';
import { parseResourcePath } from './path.js';
import type { RealTimeDriver } from './realtime.js';
import { handleResource, type ApiContext } from './resources.js';
import type { ServeTarget } from './target.js';
import { WatchRegistry } from './watch.js';

/** The Kubernetes version kubesim answers as: the one its behaviour follows. */
export const SERVED_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0+kubesim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T00:00:00Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Loopback only: `127.0.0.1` (default), `::1` or `localhost`. */
  host?: string;
  /** Require `Authorization: Bearer <token>` on every request (health checks excepted). */
  token?: string;
  /** The driver that moves the clock in real time, for `/kubesim/v1/clock` and `speed`. */
  driver?: RealTimeDriver;
  registry?: KindRegistry;
  /** Wall-clock ms between BOOKMARK events on watches that allow them (default 5000). */
  bookmarkIntervalMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** How many watches and log follows are open now (each ends when its client goes away). */
  openWatches(): number;
  /** Stops listening, ends open watches and streams; resolves when every connection is closed. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startServer(target: ServeTarget, opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`startServer: host must be a loopback address (127.0.0.1, ::1 or localhost), got ${JSON.stringify(host)}`);
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`startServer: port must be an integer from 0 to 65535, got ${String(opts.port)}`);
  const ctx: ApiContext = { target, registry: opts.registry ?? defaultRegistry, watches: new WatchRegistry(opts.bookmarkIntervalMs) };
  let address = `${host}:${port}`;

  const server = createServer((req, res) => {
    handle(ctx, opts, address, req, res).catch((e: unknown) => sendError(res, e));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      authorize(opts, req);
      handleExecUpgrade(ctx, req, socket, head);
    } catch (e) {
      rejectUpgrade(socket, e);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as { port: number }).port;
  address = `${host.includes(':') ? `[${host}]` : host}:${actual}`;
  return {
    url: `http://${address}`,
    port: actual,
    openWatches: () => ctx.watches.size,
    close: () =>
      new Promise<void>((resolve) => {
        ctx.watches.closeAll();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** A failed upgrade (exec over a protocol we do not speak): a plain HTTP answer with the Status. */
function rejectUpgrade(socket: Duplex, e: unknown): void {
  const status = toStatus(e);
  const body = JSON.stringify(status);
  socket.end(
    `HTTP/1.1 ${status.code} ${status.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function authorize(opts: ServerOptions, req: IncomingMessage): void {
  if (!opts.token) return;
  if (req.headers.authorization === `Bearer ${opts.token}`) return;
  throw httpStatusError('Unauthorized', 'Unauthorized');
}

async function handle(ctx: ApiContext, opts: ServerOptions, address: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://kubesim');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  if (path === '/healthz' || path === '/readyz' || path === '/livez') return sendText(res, 200, 'ok');
  authorize(opts, req);
  if (path === '/version') return sendJson(res, 200, SERVED_VERSION);
  if (path === '/openapi/v2') {
    // An empty protobuf document: kubectl finds no schema and skips client-side validation, while the
    // server still validates every object (kubectl-wire.md §9.2). JSON here would break `kubectl apply`.
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 0 });
    return void res.end();
  }
  if (path === '/api' || path === '/apis') {
    if (wantsAggregated(req.headers.accept)) {
      return sendJson(res, 200, aggregatedDiscovery(ctx.registry, path === '/api'), { 'Content-Type': AGGREGATED_DISCOVERY_TYPE });
    }
    return sendJson(res, 200, path === '/api' ? apiVersions(address) : apiGroupList(ctx.registry));
  }
  const gv = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (gv) {
    const list = gv[1] ? apiResourceList(ctx.registry, '', 'v1') : apiResourceList(ctx.registry, gv[2]!, gv[3]!);
    if (list) return sendJson(res, 200, list);
  }
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (group) {
    const doc = apiGroup(ctx.registry, group[1]!);
    if (doc) return sendJson(res, 200, doc);
  }
  const control = /^\/kubesim\/v1\/([a-z]+)$/.exec(path);
  if (control) return handleControl(ctx.target, opts.driver, method, control[1]!, url.searchParams, res);
  const resource = parseResourcePath(path);
  if (resource) return handleResource(ctx, req, res, url.searchParams, resource);
  throw new StatusError('NotFound', 'the server could not find the requested resource');
}
