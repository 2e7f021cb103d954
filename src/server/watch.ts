/**
 * Watch over HTTP, as the API server streams it: `200`, chunked `application/json`, headers flushed at
 * once (a client waits for them before it does anything else), then one JSON event per line —
 * `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}` — written the moment the store
 * commits the change. From a `resourceVersion` it replays every change after it; one older than the
 * store's watch cache gets a single `ERROR` event carrying a 410 Expired Status, which tells client-go
 * to list again. `allowWatchBookmarks` adds a BOOKMARK every few (wall) seconds, which keeps clients with
 * an inactivity timeout connected; `timeoutSeconds` ends the stream cleanly; a client that goes away,
 * or stops reading while more than 16 MiB wait for it, ends its watch. With a Table Accept each event
 * carries a one-row Table, the first with the column definitions, which is what `kubectl get -w` reads.
 */
import { StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import type { Watch, WatchEvent } from '../store/types.js';
import { boolParam, intParam, toStatus } from './http.js';
import { listOptions, type ResourceRequest } from './resources.js';
import { negotiate, parseIncludeObject, toTable, type IncludeObject } from './table.js';

/** The watches a server has open, so that closing the server ends them. */
export class WatchRegistry {
  private readonly open = new Set<() => void>();
  /** Wall-clock ms between BOOKMARK events on watches that allow them. */
  constructor(readonly bookmarkIntervalMs = 5000) {}

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  get size(): number {
    return this.open.size;
  }

  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}

const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** The API server's default for a watch without timeoutSeconds (--min-request-timeout, 1800 s). */
const DEFAULT_TIMEOUT_SECONDS = 1800;

/** What a watch request asks for, read and checked before anything is streamed. */
interface WatchRequest {
  selection: { namespace?: string; labelSelector?: string; fieldSelector?: string };
  resourceVersion?: string;
  bookmarks: boolean;
  sendInitial: boolean;
  timeoutSeconds: number;
  table?: 'v1' | 'v1beta1';
  include: IncludeObject;
}

function watchRequest(r: ResourceRequest): WatchRequest {
  const q = r.query;
  const { limit: _limit, continue: _continue, ...selection } = listOptions(r);
  if (r.path.name !== undefined) {
    const byName = `metadata.name=${r.path.name}`;
    selection.fieldSelector = selection.fieldSelector ? `${selection.fieldSelector},${byName}` : byName;
  }
  const bookmarks = boolParam(q, 'allowWatchBookmarks');
  // sendInitialEvents=true (a "watch list", client-go's streaming replacement for LIST): the current
  // objects as ADDED events whatever resourceVersion is given, then a BOOKMARK marking their end.
  const sendInitial = boolParam(q, 'sendInitialEvents');
  if (sendInitial && !bookmarks) {
    throw new StatusError('Invalid', 'ListOptions.meta.k8s.io "" is invalid: allowWatchBookmarks: Required value: allowWatchBookmarks must be set to true when sendInitialEvents is set');
  }
  const rv = sendInitial ? undefined : (q.get('resourceVersion') ?? undefined);
  const table = negotiate(r.req.headers.accept).table;
  return {
    selection,
    ...(rv !== undefined ? { resourceVersion: rv } : {}),
    bookmarks,
    sendInitial,
    timeoutSeconds: intParam(q, 'timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS,
    ...(table ? { table } : {}),
    include: parseIncludeObject(q.get('includeObject')),
  };
}

export function serveWatch(r: ResourceRequest): void {
  new WatchStream(r, watchRequest(r)).start();
}

/** One open watch: the store subscription, the HTTP stream it writes to, and its timers. */
class WatchStream {
  private watch: Watch | undefined;
  private bookmarkTimer: ReturnType<typeof setInterval> | undefined;
  private timeoutTimer: ReturnType<typeof setTimeout> | undefined;
  private ended = false;
  private unregister = (): void => {};
  /** Events delivered before the headers are out (initial ADDEDs, a replay); undefined after. */
  private pending: [string, unknown][] | undefined = [];
  private failed = false;
  private columnsSent = false;

  constructor(
    private readonly r: ResourceRequest,
    private readonly w: WatchRequest,
  ) {}

  start(): void {
    const { res, req, ctx, def } = this.r;
    // Subscribe before answering: a bad selector or resourceVersion is a plain 400.
    let expired: unknown;
    try {
      const opts = { ...this.w.selection, ...(this.w.resourceVersion !== undefined ? { resourceVersion: this.w.resourceVersion } : {}) };
      this.watch = ctx.target.store.watch(def.kind, opts, (e) => this.deliver(e));
    } catch (e) {
      if (!(e instanceof StatusError) || e.code !== 410) throw e;
      expired = e;
    }
    this.unregister = ctx.watches.add(() => this.end());
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    req.on('close', () => this.end());
    res.on('close', () => this.end());
    if (expired !== undefined) {
      // Too old a resourceVersion: one ERROR event with the 410 Status, then the end; the client lists again.
      this.send('ERROR', toStatus(expired));
      return this.end();
    }
    const queued = this.pending!;
    this.pending = undefined;
    for (const [type, object] of queued) this.send(type, object);
    if (this.w.sendInitial) this.send('BOOKMARK', this.bookmark({ 'k8s.io/initial-events-end': 'true' }));
    if (this.failed) return this.end();
    if (this.w.bookmarks) this.bookmarkTimer = setInterval(() => this.send('BOOKMARK', this.bookmark()), ctx.watches.bookmarkIntervalMs);
    this.timeoutTimer = setTimeout(() => this.end(), this.w.timeoutSeconds * 1000);
  }

  /**
   * A store event, written out (or queued until the headers are). A failure here must never reach the
   * store's writer (watch handlers run inside its commit): the watch ends with an ERROR event instead.
   */
  private deliver(e: WatchEvent): void {
    let type: string = e.type;
    let object: unknown;
    try {
      object = this.present(e.object);
    } catch (err) {
      type = 'ERROR';
      object = toStatus(err);
      this.failed = true;
    }
    if (this.pending) return void this.pending.push([type, object]);
    this.send(type, object);
    if (this.failed) this.end();
  }

  /** The event's object as the client asked for it: the object, or a one-row Table. */
  private present(obj: KubeObject): unknown {
    const { table, include } = this.w;
    if (!table) return obj;
    const now = this.r.ctx.target.clock.now();
    const out = toTable(this.r.def.kind, [obj], { now, include, version: table, resourceVersion: obj.metadata.resourceVersion, omitColumns: this.columnsSent });
    this.columnsSent = true;
    return out;
  }

  /** A BOOKMARK's object: the kind (or an empty Table) carrying only the store's resourceVersion. */
  private bookmark(annotations?: Record<string, string>): unknown {
    const metadata = { resourceVersion: this.r.ctx.target.store.resourceVersion, ...(annotations ? { annotations } : {}) };
    const { table } = this.w;
    const { def } = this.r;
    return table
      ? { kind: 'Table', apiVersion: `meta.k8s.io/${table}`, metadata, columnDefinitions: [], rows: [] }
      : { kind: def.kind, apiVersion: def.apiVersion, metadata };
  }

  private send(type: string, object: unknown): void {
    const { res } = this.r;
    if (res.writableEnded || res.destroyed) return;
    res.write(`${JSON.stringify({ type, object })}\n`);
    if (res.writableLength > MAX_BUFFERED_BYTES) this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.watch?.stop();
    clearInterval(this.bookmarkTimer);
    clearTimeout(this.timeoutTimer);
    this.unregister();
    if (!this.r.res.writableEnded) this.r.res.end();
  }
}
